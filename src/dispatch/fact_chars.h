// Character tests shared by the fact extractor (facts.cc) and the zone's names
// (zone_names.cc): a constant-time character set, digits, CJK and Chinese numerals.
#ifndef MINSHENG_DISPATCH_FACT_CHARS_H_
#define MINSHENG_DISPATCH_FACT_CHARS_H_

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace minsheng::fact_chars {

// A set of characters with a constant-time test (a bitmap over the range of its characters);
// the scans below test every character of an appeal against a few such sets.
class CharSet {
 public:
  explicit CharSet(std::u32string_view chars) {
    if (chars.empty()) return;
    lo_ = *std::min_element(chars.begin(), chars.end());
    hi_ = *std::max_element(chars.begin(), chars.end());
    bits_.assign((hi_ - lo_) / 64 + 1, 0);
    for (char32_t c : chars) bits_[(c - lo_) / 64] |= uint64_t{1} << ((c - lo_) % 64);
  }
  // Inlined: the scans call it for every character of an appeal.
  [[gnu::always_inline]] bool Has(char32_t c) const {
    return c >= lo_ && c <= hi_ && !bits_.empty() &&
           ((bits_[(c - lo_) / 64] >> ((c - lo_) % 64)) & 1) != 0;
  }

 private:
  char32_t lo_ = 1, hi_ = 0;
  std::vector<uint64_t> bits_;
};

inline bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}
inline bool IsCnNum(char32_t c) {
  static const CharSet* set = new CharSet(U"零一二两三四五六七八九十百千万亿");
  return set->Has(c);
}
inline bool IsNumChar(char32_t c) { return IsDigit(c) || IsCnNum(c); }

}  // namespace minsheng::fact_chars

#endif  // MINSHENG_DISPATCH_FACT_CHARS_H_
