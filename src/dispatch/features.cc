#include "dispatch/features.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

// `mixed_salt` is Mix64(salt), precomputed by callers in hot loops.
inline uint64_t MakeKeyMixed(uint64_t payload, uint64_t mixed_salt, uint32_t block) {
  uint64_t h = Mix64(payload ^ mixed_salt);
  return (h & ((uint64_t{1} << 62) - 1)) | (uint64_t{block} << 62);
}

inline uint64_t MakeKey(uint64_t payload, uint64_t salt, uint32_t block) {
  return MakeKeyMixed(payload, Mix64(salt), block);
}

constexpr uint64_t kNgramSalt[5] = {Mix64(0x100), Mix64(0x101), Mix64(0x102), Mix64(0x103),
                                    Mix64(0x104)};

constexpr char32_t kBoundary = 1;

inline bool IsBoundary(char32_t cp) {
  if (cp >= 0x3400 && cp < 0xA000) return false;  // CJK ideographs: most of the text
  if (cp <= 0x20) return true;
  if (cp < 0x80) {
    return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  }
  return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF65) || cp == 0xB7 ||
         cp == 0xFFFD;
}

// Collapses punctuation and spaces into single boundary markers.
void AppendTokens(const std::u32string& s, std::u32string* out) {
  for (char32_t cp : s) {
    if (IsBoundary(cp)) {
      if (!out->empty() && out->back() != kBoundary) out->push_back(kBoundary);
    } else {
      out->push_back(cp);
    }
  }
}

void CharNgrams(const std::u32string& seq, int min_n, int max_n, uint32_t block,
                std::vector<uint64_t>* keys) {
  const size_t len = seq.size();
  if (min_n >= 1 && max_n >= 1 && max_n <= 3) {
    // The default n ≤ 3: straight-line code writing into space made once, keys in the same
    // order as the general loop below (per position: 1-, 2-, 3-gram).
    const size_t base = keys->size();
    keys->resize(base + len * static_cast<size_t>(max_n));
    uint64_t* out = keys->data() + base;
    for (size_t i = 0; i < len; ++i) {
      const uint64_t c0 = seq[i] & 0x1FFFFF;
      if (min_n == 1 && seq[i] != kBoundary) *out++ = MakeKeyMixed(c0, kNgramSalt[1], block);
      if (max_n < 2 || i + 1 >= len) continue;
      const uint64_t p2 = c0 | static_cast<uint64_t>(seq[i + 1] & 0x1FFFFF) << 21;
      if (min_n <= 2) *out++ = MakeKeyMixed(p2, kNgramSalt[2], block);
      if (max_n < 3 || i + 2 >= len) continue;
      *out++ = MakeKeyMixed(p2 | static_cast<uint64_t>(seq[i + 2] & 0x1FFFFF) << 42, kNgramSalt[3],
                            block);
    }
    keys->resize(static_cast<size_t>(out - keys->data()));
    return;
  }
  for (size_t i = 0; i < len; ++i) {
    uint64_t packed = 0;
    for (int n = 1; n <= max_n && i + n <= len; ++n) {
      char32_t cp = seq[i + n - 1];
      // Up to 3 code points fit in 63 bits; longer n-grams chain a hash.
      if (n <= 3) {
        packed |= static_cast<uint64_t>(cp & 0x1FFFFF) << (21 * (n - 1));
      } else {
        packed = Mix64(packed) ^ cp;
      }
      if (n < min_n) continue;
      if (n == 1 && cp == kBoundary) continue;
      keys->push_back(n <= 4 ? MakeKeyMixed(packed, kNgramSalt[n], block)
                             : MakeKey(packed, 0x100 + n, block));
    }
  }
}

icu::BreakIterator* ThreadWordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> iter = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    if (U_FAILURE(status)) it.reset();
    return it;
  }();
  return iter.get();
}

std::u32string JoinForWords(const PreparedText& text, const FeatureConfig& config) {
  std::u32string joined = text.title;
  joined.push_back(U'。');
  joined += text.body;
  size_t limit = joined.size();
  if (config.max_body_chars > 0) {
    limit = std::min(limit, text.title.size() + 1 + static_cast<size_t>(config.max_body_chars));
  }
  if (config.word_max_chars > 0)
    limit = std::min(limit, static_cast<size_t>(config.word_max_chars));
  joined.resize(limit);
  return joined;
}

inline bool IsWordChar(char32_t cp) { return !IsBoundary(cp); }
bool IsAsciiAlnum(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

void EmitWord(uint64_t h, uint64_t* prev, std::vector<uint64_t>* keys, uint32_t block = kDocWords) {
  keys->push_back(MakeKey(h, 0x201, block));
  if (*prev != 0) keys->push_back(MakeKey(Mix64(*prev) ^ h, 0x202, block));
  *prev = h;
}

// Forward maximum matching over the lexicon; ASCII letter/digit runs are single words,
// punctuation breaks bigram chains.
// `spans` (optional) receives (start, length) of every word.
void LexiconWordFeatures(const std::u32string& s, const WordLexicon& lex,
                         std::vector<uint64_t>* keys, uint32_t block = kDocWords,
                         std::vector<std::pair<size_t, size_t>>* spans = nullptr) {
  uint64_t prev = 0;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    char32_t cp = s[i];
    if (cp == ' ') {
      ++i;
      continue;
    }
    if (!IsWordChar(cp)) {
      prev = 0;
      ++i;
      continue;
    }
    if (IsAsciiAlnum(cp)) {
      size_t j = i;
      while (j < n && IsAsciiAlnum(s[j])) ++j;
      EmitWord(WordLexicon::HashWord(s.data() + i, j - i), &prev, keys, block);
      if (spans != nullptr) spans->emplace_back(i, j - i);
      i = j;
      continue;
    }
    // A word is at most kMaxWordChars word characters other than ASCII letters and digits.
    auto in_run = [&](size_t len) {
      return len <= static_cast<size_t>(WordLexicon::kMaxWordChars) && i + len <= n &&
             IsWordChar(s[i + len - 1]) && !IsAsciiAlnum(s[i + len - 1]);
    };
    size_t best = 1;
    uint64_t best_hash = 0;
    if (lex.has_prefixes()) {
      // Extend while the text so far is a word or the prefix of one; keep the longest word.
      uint64_t h = WordLexicon::kHashSeed;
      h = WordLexicon::HashStep(h, s[i], 0);
      best_hash = h | 1;
      for (size_t len = 2; in_run(len); ++len) {
        h = WordLexicon::HashStep(h, s[i + len - 1], len - 1);
        const int found = lex.Lookup(h | 1);
        if (found == 0) break;
        if (found == 2) {
          best = len;
          best_hash = h | 1;
        }
      }
    } else {
      size_t run = i;
      while (in_run(run - i + 1)) ++run;
      // Prefix hashes of the run, computed incrementally (same as HashWord).
      uint64_t prefix[WordLexicon::kMaxWordChars + 1] = {};
      uint64_t h = WordLexicon::kHashSeed;
      for (size_t len = 1; len <= run - i; ++len) {
        h = WordLexicon::HashStep(h, s[i + len - 1], len - 1);
        prefix[len] = h | 1;
      }
      for (size_t len = run - i; len >= 2; --len) {
        if (lex.Contains(prefix[len])) {
          best = len;
          break;
        }
      }
      best_hash = prefix[best];
    }
    EmitWord(best_hash, &prev, keys, block);
    if (spans != nullptr) spans->emplace_back(i, best);
    i += best;
  }
}

}  // namespace

uint64_t WordLexicon::HashStep(uint64_t h, char32_t c, size_t i) { return Mix64(h ^ c) + i; }

uint64_t WordLexicon::HashWord(const char32_t* p, size_t n) {
  uint64_t h = kHashSeed;
  for (size_t i = 0; i < n; ++i) h = HashStep(h, p[i], i);
  return h | 1;  // never 0 (the empty slot)
}

void WordLexicon::AppendPrefixHashes(const char32_t* p, size_t n, std::vector<uint64_t>* out) {
  uint64_t h = kHashSeed;
  for (size_t i = 0; i + 1 < n; ++i) {
    h = HashStep(h, p[i], i);
    if (i >= 1) out->push_back(h | 1);
  }
}

WordLexicon::WordLexicon(std::vector<uint64_t> hashes, std::vector<uint64_t> prefixes,
                         bool has_prefixes)
    : hashes_(std::move(hashes)), prefixes_(std::move(prefixes)), has_prefixes_(has_prefixes) {
  size_t cap = 16;
  while (cap < (hashes_.size() + prefixes_.size()) * 2) cap <<= 1;
  int bits = 0;
  while ((size_t{1} << bits) < cap) ++bits;
  shift_ = 64 - bits;
  mask_ = cap - 1;
  slots_.assign(cap, 0);
  auto insert = [&](uint64_t h, bool word) {
    const uint32_t fp = SlotValue(h);
    uint64_t pos = (h * 0x9E3779B97F4A7C15ULL) >> shift_;
    while (slots_[pos] != 0 && (slots_[pos] | 2) != fp) pos = (pos + 1) & mask_;
    if (slots_[pos] == 0) slots_[pos] = fp & ~2u;
    if (word) slots_[pos] |= 2;
  };
  for (uint64_t h : hashes_) insert(h, true);
  for (uint64_t h : prefixes_) insert(h, false);
}

void IcuWords(const PreparedText& text, const FeatureConfig& config,
              std::vector<std::u32string>* words) {
  icu::BreakIterator* it = ThreadWordBreaker();
  if (it == nullptr) return;
  std::u32string joined = JoinForWords(text, config);
  icu::UnicodeString us = icu::UnicodeString::fromUTF32(
      reinterpret_cast<const UChar32*>(joined.data()), static_cast<int32_t>(joined.size()));
  it->setText(us);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() == UBRK_WORD_NONE) continue;
    icu::UnicodeString w = us.tempSubStringBetween(start, end);
    std::u32string out(static_cast<size_t>(w.countChar32()), U'\0');
    UErrorCode status = U_ZERO_ERROR;
    w.toUTF32(reinterpret_cast<UChar32*>(out.data()), static_cast<int32_t>(out.size()), status);
    words->push_back(std::move(out));
  }
}

namespace {

void IcuWordFeatures(const PreparedText& text, const FeatureConfig& config,
                     std::vector<uint64_t>* keys) {
  icu::BreakIterator* it = ThreadWordBreaker();
  if (it == nullptr) return;
  std::u32string joined = JoinForWords(text, config);
  icu::UnicodeString us = icu::UnicodeString::fromUTF32(
      reinterpret_cast<const UChar32*>(joined.data()), static_cast<int32_t>(joined.size()));
  it->setText(us);
  uint64_t prev = 0;
  int32_t start = it->first();
  std::u32string w;
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() == UBRK_WORD_NONE) {
      bool all_space = true;
      for (int32_t k = start; k < end; ++k) {
        if (us.charAt(k) != u' ') all_space = false;
      }
      if (!all_space) prev = 0;
      continue;
    }
    w.clear();
    for (int32_t k = start; k < end;) {
      UChar32 c = us.char32At(k);
      w.push_back(static_cast<char32_t>(c));
      k += U16_LENGTH(c);
    }
    EmitWord(WordLexicon::HashWord(w.data(), w.size()), &prev, keys);
  }
}

}  // namespace

PreparedText PrepareText(std::string_view title, std::string_view body, size_t max_body_chars) {
  const TextNormalizer& norm = TextNormalizer::Default();
  PreparedText p;
  norm.NormalizeTo(title, 0, &p.title);
  norm.NormalizeTo(body, max_body_chars, &p.body);
  return p;
}

namespace {

// Calls f(sequence, min_n, max_n, block) for the title block (when configured) and the
// title+body block: token sequences with punctuation and spaces collapsed into boundaries, the
// body cut at max_body_chars.
template <typename F>
void ForEachNgramBlock(const PreparedText& text, const FeatureConfig& config, F&& f) {
  std::u32string title_seq;
  AppendTokens(text.title, &title_seq);
  if (config.title_block) {
    f(title_seq, config.char_min_n, config.title_max_n > 0 ? config.title_max_n : config.char_max_n,
      kTitleChars);
  }
  std::u32string doc_seq = title_seq;
  if (!doc_seq.empty() && doc_seq.back() != kBoundary) doc_seq.push_back(kBoundary);
  if (config.max_body_chars > 0 && text.body.size() > static_cast<size_t>(config.max_body_chars)) {
    AppendTokens(text.body.substr(0, config.max_body_chars), &doc_seq);
  } else {
    AppendTokens(text.body, &doc_seq);
  }
  f(doc_seq, config.char_min_n, config.char_max_n, kDocChars);
}

}  // namespace

void ExtractFeatureKeys(const PreparedText& text, const FeatureConfig& config,
                        std::vector<uint64_t>* keys, const WordLexicon* lexicon) {
  ForEachNgramBlock(text, config,
                    [&](const std::u32string& seq, int min_n, int max_n, uint32_t block) {
                      CharNgrams(seq, min_n, max_n, block, keys);
                    });
  if (config.words) {
    if (lexicon != nullptr && !lexicon->empty()) {
      LexiconWordFeatures(JoinForWords(text, config), *lexicon, keys);
      if (config.title_words) LexiconWordFeatures(text.title, *lexicon, keys, kTitleWords);
    } else {
      IcuWordFeatures(text, config, keys);
    }
  }
}

namespace {

// The key CharNgrams gives the n-gram p[0..n) in `block`.
uint64_t NgramKey(const char32_t* p, int n, uint32_t block) {
  uint64_t packed = 0;
  for (int k = 1; k <= n; ++k) {
    if (k <= 3) {
      packed |= static_cast<uint64_t>(p[k - 1] & 0x1FFFFF) << (21 * (k - 1));
    } else {
      packed = Mix64(packed) ^ p[k - 1];
    }
  }
  return n <= 4 ? MakeKeyMixed(packed, kNgramSalt[n], block) : MakeKey(packed, 0x100 + n, block);
}

void NgramTerms(const std::u32string& seq, int min_n, int max_n, uint32_t block,
                std::vector<ExplainTerm>* out) {
  for (size_t i = 0; i < seq.size(); ++i) {
    for (int n = std::max(min_n, 2); n <= max_n && i + n <= seq.size(); ++n) {
      if (seq[i + n - 1] == kBoundary) break;
      if (seq[i] == kBoundary) break;
      out->push_back({seq.substr(i, n), NgramKey(seq.data() + i, n, block), false});
    }
  }
}

}  // namespace

void ExplainTerms(const PreparedText& text, const FeatureConfig& config, const WordLexicon* lexicon,
                  std::vector<ExplainTerm>* out) {
  ForEachNgramBlock(text, config,
                    [&](const std::u32string& seq, int min_n, int max_n, uint32_t block) {
                      NgramTerms(seq, min_n, max_n, block, out);
                    });
  if (!config.words) return;
  auto add_word = [&](std::u32string w, uint32_t block) {
    const uint64_t key = MakeKey(WordLexicon::HashWord(w.data(), w.size()), 0x201, block);
    out->push_back({std::move(w), key, true});
  };
  if (lexicon != nullptr && !lexicon->empty()) {
    std::vector<uint64_t> unused;
    std::vector<std::pair<size_t, size_t>> spans;
    const std::u32string joined = JoinForWords(text, config);
    LexiconWordFeatures(joined, *lexicon, &unused, kDocWords, &spans);
    for (const auto& [start, len] : spans) add_word(joined.substr(start, len), kDocWords);
    if (config.title_words) {
      spans.clear();
      LexiconWordFeatures(text.title, *lexicon, &unused, kTitleWords, &spans);
      for (const auto& [start, len] : spans) add_word(text.title.substr(start, len), kTitleWords);
    }
  } else {
    std::vector<std::u32string> words;
    IcuWords(text, config, &words);
    for (auto& w : words) add_word(std::move(w), kDocWords);
  }
}

Vocabulary::Vocabulary(std::vector<uint64_t> keys, std::vector<float> idf)
    : keys_(std::move(keys)), idf_(std::move(idf)) {
  size_t cap = 16;
  while (cap < keys_.size() + keys_.size() / 2) cap <<= 1;
  int bits = 0;
  while ((size_t{1} << bits) < cap) ++bits;
  shift_ = 64 - bits;
  mask_ = cap - 1;
  slots_.assign(cap, Slot{0, kEmpty});
  for (uint32_t i = 0; i < keys_.size(); ++i) {
    uint64_t pos = (keys_[i] * 0x9E3779B97F4A7C15ULL) >> shift_;
    while (slots_[pos].index != kEmpty) pos = (pos + 1) & mask_;
    slots_[pos] = Slot{Fingerprint(keys_[i]), i};
  }
}

void Vectorize(std::vector<uint64_t>* keys, const Vocabulary& vocab, const FeatureConfig& config,
               SparseVector* out) {
  out->clear();
  // Map keys to indices first (drops unknown features), then count.
  std::vector<uint32_t> idx;
  idx.reserve(keys->size());
  for (uint64_t k : *keys) {
    int64_t i = vocab.Find(k);
    if (i >= 0) idx.push_back(static_cast<uint32_t>(i));
  }
  std::sort(idx.begin(), idx.end());
  double norm2[kNumBlocks] = {};
  const auto& idf = vocab.idf();
  const auto& vkeys = vocab.keys();
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j < idx.size() && idx[j] == idx[i]) ++j;
    double tf = static_cast<double>(j - i);
    if (config.sublinear_tf) tf = 1.0 + std::log(tf);
    float v = static_cast<float>(tf * idf[idx[i]]);
    out->emplace_back(idx[i], v);
    norm2[KeyBlock(vkeys[idx[i]])] += static_cast<double>(v) * v;
    i = j;
  }
  double scale[kNumBlocks];  // in double: see TextModel::Vectorize
  for (uint32_t b = 0; b < kNumBlocks; ++b) {
    scale[b] = norm2[b] > 0 ? config.BlockWeight(b) / std::sqrt(norm2[b]) : 0;
  }
  for (auto& [i, v] : *out) v = static_cast<float>(v * scale[KeyBlock(vkeys[i])]);
}

bool FeatureConfig::Valid() const {
  auto weight = [](double w) { return w >= 0 && w <= 100; };  // false for NaN
  return char_min_n >= 1 && char_max_n >= char_min_n && char_max_n <= 5 && title_max_n >= 0 &&
         title_max_n <= 5 && weight(title_weight) && weight(doc_weight) && weight(word_weight) &&
         min_df >= 1 && max_body_chars >= 0 && word_max_chars >= 0;
}

}  // namespace minsheng
