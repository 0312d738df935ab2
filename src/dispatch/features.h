// Feature extraction for the category classifier: character n-grams (1–3) of the title and of
// title+body, ICU word unigrams/bigrams, sublinear TF-IDF with per-block L2 normalisation.
//
// Features are identified by 64-bit keys (hashes of the n-gram or word and its block); the
// block is kept in the top two bits. A Vocabulary maps the keys seen in training to indices.
//
// Thread-safety: FeatureExtractor and Vocabulary are immutable after construction and may be
// shared between threads (ICU break iterators are per thread).
#ifndef MINSHENG_DISPATCH_FEATURES_H_
#define MINSHENG_DISPATCH_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minsheng {

enum FeatureBlock : uint32_t {
  kTitleChars = 0,
  kDocChars = 1,
  kDocWords = 2,
  kTitleWords = 3,
  kNumBlocks = 4
};

struct FeatureConfig {
  int char_min_n = 1;
  int char_max_n = 2;       // title+body block: 1–2-grams (3-grams cost a quarter of the time, no
                            // accuracy: docs/dispatch.md)
  int title_max_n = 3;      // n-gram length of the title block, 0 = char_max_n
  bool title_block = true;  // separate n-grams of the title (weights the title up)
  bool words = true;        // word unigrams + bigrams
  bool title_words = false;  // a separate block of the title's lexicon words
  bool lexicon = true;       // words by maximum matching on a lexicon learned with ICU (fast);
                             // false = ICU's word break iterator at prediction time (slow)
  double title_weight = 1.0;
  double doc_weight = 1.0;
  double word_weight = 1.0;
  bool sublinear_tf = true;
  int min_df = 2;
  int max_body_chars = 800;  // body characters used, 0 = all (bounds the cost of long messages)
  int word_max_chars = 0;    // characters of title+body given to ICU, 0 = all

  // The ranges a model may hold (n-grams 1–5, block weights 0–100, min_df ≥ 1, character
  // limits ≥ 0): the trainer refuses others, and so does the model reader.
  bool Valid() const;

  double BlockWeight(uint32_t block) const {
    switch (block) {
      case kTitleChars:
      case kTitleWords:
        return title_weight;
      case kDocChars:
        return doc_weight;
      default:
        return word_weight;
    }
  }
};

inline uint32_t KeyBlock(uint64_t key) { return static_cast<uint32_t>(key >> 62); }

// Normalised title and body as code points (see TextNormalizer).
struct PreparedText {
  std::u32string title;
  std::u32string body;
};

// Normalises raw title/body into PreparedText; the body is cut after `max_body_chars`
// normalised characters (0 = all; the features never look further).
PreparedText PrepareText(std::string_view title, std::string_view body, size_t max_body_chars = 0);

// A set of words (learned from ICU segmentation of the training texts) used for fast forward
// maximum-matching segmentation at prediction time; ICU's dictionary break iterator is too
// slow for the per-message budget.
class WordLexicon {
 public:
  static constexpr int kMaxWordChars = 6;
  WordLexicon() = default;
  // `hashes`: the words. `prefixes`: hashes of every proper prefix (≥ 2 characters) of the
  // words, which lets maximum matching stop as soon as no longer word can follow; without
  // them (models of older builds) every length is probed.
  explicit WordLexicon(std::vector<uint64_t> hashes, std::vector<uint64_t> prefixes = {},
                       bool has_prefixes = false);
  // Proper prefixes (2 .. n-1 characters) of the word `p[0..n)` as hashes, appended to `out`.
  static void AppendPrefixHashes(const char32_t* p, size_t n, std::vector<uint64_t>* out);
  // Hash of a word given as code points (the same hash the set stores).
  static uint64_t HashWord(const char32_t* p, size_t n);
  static constexpr uint64_t kHashSeed = 0x51ED270B27A2C1F5ULL;
  static uint64_t HashStep(uint64_t h, char32_t c, size_t i);
  // 0 = unknown, 1 = only a prefix of longer words, 2 = a word. A slot holds the upper 32 bits
  // of the hash with bit 0 set and bit 1 as the word flag (a false hit ≈ 2^-30 per probe; the
  // 4-byte slots keep the table in the cache).
  int Lookup(uint64_t hash) const {
    if (mask_ == 0) return 0;
    const uint32_t fp = SlotValue(hash);
    uint64_t pos = (hash * 0x9E3779B97F4A7C15ULL) >> shift_;
    while (true) {
      const uint32_t v = slots_[pos];
      if (v == 0) return 0;
      if ((v | 2) == fp) return (v & 2) ? 2 : 1;
      pos = (pos + 1) & mask_;
    }
  }
  bool Contains(uint64_t hash) const { return Lookup(hash) == 2; }
  const std::vector<uint64_t>& hashes() const { return hashes_; }
  const std::vector<uint64_t>& prefixes() const { return prefixes_; }
  bool has_prefixes() const { return has_prefixes_; }
  bool empty() const { return hashes_.empty(); }

 private:
  std::vector<uint64_t> hashes_;
  std::vector<uint64_t> prefixes_;
  bool has_prefixes_ = false;
  static uint32_t SlotValue(uint64_t hash) { return static_cast<uint32_t>(hash >> 32) | 3u; }
  std::vector<uint32_t> slots_;
  uint64_t mask_ = 0;
  int shift_ = 64;
};

// ICU word segmentation of `text` (title and body) as code-point strings of the words.
void IcuWords(const PreparedText& text, const FeatureConfig& config,
              std::vector<std::u32string>* words);

// Appends every feature key (with repetitions) of `text` to `keys`. Words come from the
// lexicon (forward maximum matching) when it is non-null and non-empty, else from ICU.
void ExtractFeatureKeys(const PreparedText& text, const FeatureConfig& config,
                        std::vector<uint64_t>* keys, const WordLexicon* lexicon = nullptr);

// The surface terms behind the features of `text`, for explanations: every character n-gram of
// two or more characters (title and title+body blocks) and every word, each with the key
// ExtractFeatureKeys gives it (word bigrams and single characters are left out: they explain
// little to a reader). A term appears once per occurrence.
struct ExplainTerm {
  std::u32string text;
  uint64_t key = 0;
  bool word = false;  // a word (else a character n-gram)
};
void ExplainTerms(const PreparedText& text, const FeatureConfig& config, const WordLexicon* lexicon,
                  std::vector<ExplainTerm>* out);

// An open-addressing map from feature key to index, with one idf per index.
class Vocabulary {
 public:
  Vocabulary() = default;
  // `keys[i]` gets index i.
  Vocabulary(std::vector<uint64_t> keys, std::vector<float> idf);

  // Index of `key`, or -1.
  int64_t Find(uint64_t key) const {
    if (mask_ == 0) return -1;
    uint64_t pos = (key * 0x9E3779B97F4A7C15ULL) >> shift_;
    const uint32_t fp = Fingerprint(key);
    while (true) {
      const Slot& slot = slots_[pos];
      if (slot.index == kEmpty) return -1;
      // A 32-bit fingerprint plus the probe position identify the key: a false hit needs an
      // unknown key to agree on both (≈ 2^-32 per probe), so the full key is not re-read.
      if (slot.fingerprint == fp) return slot.index;
      pos = (pos + 1) & mask_;
    }
  }
  // Hints the cache about a coming Find(key).
  void Prefetch(uint64_t key) const {
    if (mask_ != 0) __builtin_prefetch(&slots_[(key * 0x9E3779B97F4A7C15ULL) >> shift_]);
  }
  size_t size() const { return keys_.size(); }
  const std::vector<uint64_t>& keys() const { return keys_; }
  const std::vector<float>& idf() const { return idf_; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  std::vector<uint64_t> keys_;
  std::vector<float> idf_;
  // 8-byte slots keep the table small enough for the cache.
  struct Slot {
    uint32_t fingerprint;
    uint32_t index;
  };
  static uint32_t Fingerprint(uint64_t key) { return static_cast<uint32_t>(key >> 30); }
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  int shift_ = 64;
};

using SparseVector = std::vector<std::pair<uint32_t, float>>;

// Sublinear TF-IDF vector over `vocab` from raw keys (consumed: sorted in place); each block is
// L2-normalised and scaled by its block weight. Sorted by index.
void Vectorize(std::vector<uint64_t>* keys, const Vocabulary& vocab, const FeatureConfig& config,
               SparseVector* out);

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_FEATURES_H_
