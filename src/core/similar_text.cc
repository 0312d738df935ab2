#include "core/similar_text.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include "core/text.h"

namespace minsheng {
namespace {

constexpr size_t kOpeningChars = 200;

// splitmix64's finaliser: a fixed 64-bit bijection.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Appends the two-character words of content characters (IsContentChar) among the first
// `max_chars` characters of `s`.
void AddBigrams(std::string_view s, size_t max_chars, Shingles* out) {
  uint32_t prev = 0;
  bool have_prev = false;
  size_t chars = 0;
  for (size_t i = 0; i < s.size() && chars < max_chars; ++chars) {
    const unsigned char c = s[i];
    const size_t w = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (i + w > s.size()) break;
    uint32_t cp = w == 1 ? c : c & (0x7F >> w);
    for (size_t k = 1; k < w; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += w;
    if (!IsContentChar(cp)) continue;
    if (have_prev) out->push_back(Mix((static_cast<uint64_t>(prev) << 32) | cp));
    prev = cp;
    have_prev = true;
  }
}

}  // namespace

Shingles ProblemShingles(std::string_view title, std::string_view content) {
  Shingles out;
  out.reserve(64);
  AddBigrams(title, std::string_view::npos, &out);
  AddBigrams(content, kOpeningChars, &out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double ShingleJaccard(const Shingles& a, const Shingles& b) {
  if (a.empty() || b.empty()) return 0;
  size_t both = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++both, ++i, ++j;
    }
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

Shingles TitleShingles(std::string_view title) { return ProblemShingles(title, {}); }

std::vector<int64_t> AppealTextKeys(const Shingles& whole, const Shingles& title) {
  std::vector<int64_t> keys = ProblemTextKeys(whole, 0);
  const std::vector<int64_t> title_keys = ProblemTextKeys(title, 1);
  keys.insert(keys.end(), title_keys.begin(), title_keys.end());
  return keys;
}

std::vector<int64_t> ProblemTextKeys(const Shingles& shingles, int family) {
  if (shingles.empty()) return {};
  constexpr int kHashes = kTextKeyBands * kTextKeyRows;
  uint64_t seeds[kHashes], mins[kHashes];
  for (int k = 0; k < kHashes; ++k) seeds[k] = Mix(static_cast<uint64_t>(k) + 1);
  std::fill(mins, mins + kHashes, std::numeric_limits<uint64_t>::max());
  for (Shingle s : shingles)
    for (int k = 0; k < kHashes; ++k) mins[k] = std::min(mins[k], Mix(s ^ seeds[k]));
  std::vector<int64_t> keys;
  keys.reserve(kTextKeyBands);
  for (int b = 0; b < kTextKeyBands; ++b) {
    uint64_t h = Mix(static_cast<uint64_t>(b) + 0x51 + 0x100 * static_cast<uint64_t>(family));
    for (int r = 0; r < kTextKeyRows; ++r) h = Mix(h ^ mins[b * kTextKeyRows + r]);
    keys.push_back(static_cast<int64_t>(h));
  }
  return keys;
}

bool PlacesMayBeOne(std::string_view a, std::string_view b) {
  if (a == b) return true;
  constexpr std::string_view kEstate = "estate:";
  const bool ea = a.starts_with(kEstate), eb = b.starts_with(kEstate);
  if (ea != eb) return false;
  if (!ea) return a.starts_with(b) || b.starts_with(a);
  a.remove_prefix(kEstate.size());
  b.remove_prefix(kEstate.size());
  if (a.find(b) != std::string_view::npos || b.find(a) != std::string_view::npos) return true;
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  while (common > 0 && common < a.size() && (static_cast<unsigned char>(a[common]) & 0xC0) == 0x80)
    --common;  // whole characters only
  return Utf8Length(a.substr(0, common)) >= 2;
}

bool PlacesDiffer(std::string_view a, std::string_view b) {
  if (PlacesMayBeOne(a, b)) return false;
  constexpr std::string_view kCommunity = "社区";
  return !a.ends_with(kCommunity) && !b.ends_with(kCommunity);
}

uint32_t TextKeyIndex::Key32(int64_t key) {
  const auto k = static_cast<uint64_t>(key);
  return static_cast<uint32_t>(k ^ (k >> 32));
}

size_t TextKeyIndex::Home(uint32_t key32) const {
  // The keys are MinHash values (uniform already); mixing keeps clusters short if they are not.
  return static_cast<size_t>(Mix(key32)) & (table_.size() - 1);
}

bool TextKeyIndex::Live(uint32_t seq) const {
  if (seq < first_seq_) return false;
  const Order& o = orders_[seq - first_seq_];
  return o.live && o.created_at >= from_;
}

void TextKeyIndex::Insert(uint32_t key32, uint32_t seq) {
  const size_t mask = table_.size() - 1;
  for (size_t i = Home(key32);; i = (i + 1) & mask) {
    if (table_[i].seq_plus_one == 0) {
      table_[i] = {key32, seq + 1};
      ++used_;
      return;
    }
  }
}

// A table for at least `min_entries` live entries at a load of at most 0.35, holding the live
// entries only; the orders before the first live one are dropped and the sequence numbers
// restart at 0 when they would run out.
void TextKeyIndex::Rebuild(size_t min_entries) {
  const size_t first = expired_;
  expired_ = 0;
  std::vector<Slot> old = std::move(table_);
  const uint32_t old_first = first_seq_;
  const uint32_t renumber = next_seq_ > (1u << 31) ? old_first + static_cast<uint32_t>(first) : 0;
  orders_.erase(orders_.begin(), orders_.begin() + static_cast<std::ptrdiff_t>(first));
  first_seq_ = old_first + static_cast<uint32_t>(first) - renumber;
  next_seq_ -= renumber;
  size_t size = 1024;
  while (static_cast<double>(size) * 0.35 < static_cast<double>(min_entries)) size *= 2;
  table_.assign(size, Slot{});
  used_ = 0;
  for (const Slot& s : old) {
    if (s.seq_plus_one == 0) continue;
    const uint32_t seq = s.seq_plus_one - 1;
    if (seq < old_first + first || !orders_[seq - old_first - first].live) continue;
    Insert(s.key, seq - renumber);
  }
}

void TextKeyIndex::Add(int64_t id, int64_t created_at, const std::vector<int64_t>& keys) {
  if (id <= last_id_) return;
  last_id_ = id;
  // Grow (or drop the dead entries) before the load passes 0.7.
  if (table_.empty() || static_cast<double>(used_ + keys.size()) > 0.7 * table_.size())
    Rebuild(live_entries_ + keys.size());
  const uint32_t seq = next_seq_++;
  orders_.push_back({id, created_at, static_cast<uint32_t>(keys.size()), created_at >= from_});
  if (!orders_.back().live) return;  // already before the window
  ++live_;
  live_entries_ += keys.size();
  for (int64_t k : keys) Insert(Key32(k), seq);
}

void TextKeyIndex::ExpireBefore(int64_t from) {
  from_ = std::max(from_, from);
  // Orders come in id order, their times nearly so: from the front while they are older; one
  // registered out of time order further on is left to the window check of Live.
  while (expired_ < orders_.size() && orders_[expired_].created_at < from_) {
    Order& o = orders_[expired_++];
    if (!o.live) continue;
    o.live = false;
    --live_;
    live_entries_ -= o.keys;
  }
  if (expired_ > 1024 && expired_ > orders_.size() / 2) Rebuild(live_entries_);
}

std::vector<int64_t> TextKeyIndex::Candidates(const std::vector<int64_t>& keys,
                                              size_t limit) const {
  std::vector<uint32_t> hits;
  if (table_.empty()) return {};
  const size_t mask = table_.size() - 1;
  for (int64_t k : keys) {
    const uint32_t key32 = Key32(k);
    for (size_t i = Home(key32); table_[i].seq_plus_one != 0; i = (i + 1) & mask) {
      if (table_[i].key == key32 && Live(table_[i].seq_plus_one - 1))
        hits.push_back(table_[i].seq_plus_one - 1);
    }
  }
  std::sort(hits.begin(), hits.end());
  // (keys shared, seq) for each order: the most shared first, then the newest.
  std::vector<std::pair<uint32_t, uint32_t>> ranked;
  for (size_t i = 0; i < hits.size();) {
    size_t j = i;
    while (j < hits.size() && hits[j] == hits[i]) ++j;
    ranked.emplace_back(static_cast<uint32_t>(j - i), hits[i]);
    i = j;
  }
  const size_t n = std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(),
                    [](const auto& a, const auto& b) { return a > b; });
  std::vector<int64_t> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(orders_[ranked[i].second - first_seq_].id);
  return out;
}

}  // namespace minsheng
