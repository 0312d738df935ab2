// "The same problem again" (重复件) by wording: the two-character words of an appeal's title and
// the opening of its content, their overlap (Jaccard), and MinHash locality-sensitive keys with
// an in-memory index over them, so the orders worded alike are found without comparing the new
// appeal with every order. Nothing here is stored: the index is rebuilt from the orders.
#ifndef MINSHENG_CORE_SIMILAR_TEXT_H_
#define MINSHENG_CORE_SIMILAR_TEXT_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace minsheng {

// A shingle: one two-character word, as a 64-bit value (a bijective mix of the two code
// points, so distinct words never collide).
using Shingle = uint64_t;
using Shingles = std::vector<Shingle>;  // sorted, unique

// The two-character words (punctuation and spaces dropped) of the title and of the first 200
// characters of the content: the opening carries the problem, a long body would dilute it.
Shingles ProblemShingles(std::string_view title, std::string_view content);

// |a ∩ b| / |a ∪ b|; 0 when either is empty.
double ShingleJaccard(const Shingles& a, const Shingles& b);

// MinHash banding: kTextKeyBands bands of kTextKeyRows minimum hashes each. Two appeals share a
// key with probability 1 − (1 − J^rows)^bands for Jaccard J: 0.83 at 0.4, 0.94 at 0.5, 0.99 at
// 0.6, 0.10 at 0.1. Empty when there are no shingles.
// `family` separates key sets of different shingle sets (the whole appeal, the title alone).
inline constexpr int kTextKeyBands = 10;
inline constexpr int kTextKeyRows = 2;
std::vector<int64_t> ProblemTextKeys(const Shingles& shingles, int family = 0);

// The two-character words of the title alone: reposts often keep the title and retell the rest.
Shingles TitleShingles(std::string_view title);

// The keys an order is indexed by: those of the whole appeal (family 0) and of its title
// (family 1).
std::vector<int64_t> AppealTextKeys(const Shingles& whole, const Shingles& title);
inline std::vector<int64_t> AppealTextKeys(std::string_view title, std::string_view content) {
  return AppealTextKeys(ProblemShingles(title, content), TitleShingles(title));
}

// Whether two recognised places (WorkOrder::place_key) may be one: the same key; a gazetteer
// key and one below it; or two estates ("estate:…") of which one is named inside the other or
// that begin with the same two characters — "丽发" and "丽发新城", "魅力之城" and "万科魅力之城"
// (people shorten estate names).
bool PlacesMayBeOne(std::string_view a, std::string_view b);

// Whether two places that may not be one (!PlacesMayBeOne) tell two different places: not when
// one is a community (社区), which holds estates — "辉煌国际城" lies in "西垅社区".
bool PlacesDiffer(std::string_view a, std::string_view b);

// The orders of a window by their ProblemTextKeys (OrderService keeps one for repeat
// detection, fed from the repository in id order). Not thread-safe: the owner serialises access.
//
// Flat layout (a city's window holds ~100,000 orders, a province's ~800,000): the orders in the
// order added, and one open-addressing table of (32 bits of the key, the order's sequence
// number) pairs — 8 bytes an entry, ~16 a key at the table's mean load, where a node-based map of
// posting vectors took ~85. A 32-bit key may collide (2^-32 a probe): candidates are only
// candidates, the exact Jaccards decide. Entries of expired orders stay until a rebuild
// (amortised O(1) per entry).
class TextKeyIndex {
 public:
  // Orders must come with increasing ids (the repository's order); an id not greater than the
  // last one added is ignored.
  void Add(int64_t id, int64_t created_at, const std::vector<int64_t>& keys);
  // Forgets the orders registered before `from`.
  void ExpireBefore(int64_t from);
  // Orders sharing at least one of `keys`, the most keys shared first (for MinHash, the
  // likeliest to be worded alike), then the newest; at most `limit`.
  std::vector<int64_t> Candidates(const std::vector<int64_t>& keys, size_t limit) const;
  size_t size() const { return live_; }

 private:
  struct Order {
    int64_t id = 0;
    int64_t created_at = 0;
    uint32_t keys = 0;
    bool live = true;
  };
  struct Slot {
    uint32_t key = 0;
    uint32_t seq_plus_one = 0;  // 0: empty
  };
  static uint32_t Key32(int64_t key);
  size_t Home(uint32_t key32) const;
  void Insert(uint32_t key32, uint32_t seq);
  void Rebuild(size_t min_entries);
  bool Live(uint32_t seq) const;

  std::vector<Order> orders_;  // from seq first_seq_ on, in the order added
  size_t expired_ = 0;         // orders_[0, expired_) are before the window
  uint32_t first_seq_ = 0;     // the sequence number of orders_[0]
  uint32_t next_seq_ = 0;
  int64_t last_id_ = 0;
  int64_t from_ = INT64_MIN;  // the window's start (ExpireBefore)
  size_t live_ = 0;           // orders in the window
  size_t live_entries_ = 0;   // keys of those orders
  std::vector<Slot> table_;   // size a power of two
  size_t used_ = 0;           // slots holding an entry, live or not
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_SIMILAR_TEXT_H_
