// Text normalisation for the smart dispatch engine: full-width → half-width, traditional →
// simplified (OpenCC t2s), masking artefacts (`*`, `_x000D_`) and whitespace removed, ASCII
// lower-cased, numbers kept.
//
// Thread-safety: a TextNormalizer is immutable after construction; Normalize() may be called
// from many threads at once.
#ifndef MINSHENG_DISPATCH_TEXT_NORMALIZER_H_
#define MINSHENG_DISPATCH_TEXT_NORMALIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace opencc {
class SimpleConverter;
}

namespace minsheng {

// Decodes the code point starting at s[at] (at < s.size()) and sets *len to its byte length.
// A byte that does not start a well-formed sequence — truncated, overlong, a UTF-16 surrogate,
// beyond U+10FFFF — gives U+FFFD with *len = 1, so decoding resumes at the next byte.
inline char32_t DecodeUtf8At(std::string_view s, size_t at, size_t* len) {
  const auto c = static_cast<unsigned char>(s[at]);
  *len = 1;
  if (c < 0x80) return c;
  size_t extra;
  char32_t cp;
  if ((c >> 5) == 0x6) {
    extra = 1;
    cp = c & 0x1F;
  } else if ((c >> 4) == 0xE) {
    extra = 2;
    cp = c & 0x0F;
  } else if ((c >> 3) == 0x1E) {
    extra = 3;
    cp = c & 0x07;
  } else {
    return 0xFFFD;
  }
  if (at + extra >= s.size()) return 0xFFFD;
  for (size_t k = 1; k <= extra; ++k) {
    const auto cc = static_cast<unsigned char>(s[at + k]);
    if ((cc >> 6) != 0x2) return 0xFFFD;
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  *len = extra + 1;
  return cp;
}

// Decodes UTF-8 into code points; malformed bytes become U+FFFD (see DecodeUtf8At).
std::u32string DecodeUtf8(std::string_view s);
// Appends the UTF-8 encoding of `cp` to `out`.
void AppendUtf8(char32_t cp, std::string* out);
std::string EncodeUtf8(std::u32string_view s);

// Maps one code point the way Normalize() does before OpenCC: full-width ASCII → ASCII,
// ideographic space → space, ASCII letters lower-cased. Length-preserving (one code point).
char32_t FoldWidth(char32_t cp);

class TextNormalizer {
 public:
  // Loads OpenCC from `opencc_config` (default /usr/share/opencc/t2s.json). When the file cannot
  // be loaded, traditional → simplified conversion is skipped (t2s_loaded() is false).
  explicit TextNormalizer(const std::string& opencc_config = "");
  ~TextNormalizer();
  TextNormalizer(const TextNormalizer&) = delete;
  TextNormalizer& operator=(const TextNormalizer&) = delete;

  // A process-wide shared instance with the default configuration.
  static const TextNormalizer& Default();

  std::string Normalize(std::string_view text) const;
  // The same normalisation straight to code points (replaces `out`), stopping once `max_chars`
  // code points have been produced (0 = no limit): the classifier never looks further, so long
  // messages cost no more than `max_chars` characters. Traditional → simplified runs on the
  // kept part only.
  void NormalizeTo(std::string_view text, size_t max_chars, std::u32string* out) const;
  bool t2s_loaded() const { return converter_ != nullptr; }

 private:
  // Whether a code point may change under t2s, so that OpenCC runs only on text that needs it.
  bool MayBeTraditional(char32_t cp) const {
    return cp < 0x10000 && ((traditional_bits_[cp >> 6] >> (cp & 63)) & 1);
  }
  // Reads the configuration's dictionaries (.ocd2): marks in traditional_bits_ the characters
  // of every key whose conversion differs from it at that position, and in phrase_bits_ every
  // character of a key of two or more characters. False when they cannot be read.
  bool ReadDictionaries(const std::string& config_path);
  // Converts `s` with OpenCC piece by piece: the text is cut at characters that are in no
  // multi-character key and never change (punctuation, spaces, Latin letters …), so no
  // dictionary match crosses a cut and each piece converts as it would within the whole text;
  // a piece without a marked character cannot match a changing key and is kept as it is.
  void ConvertPieces(std::u32string* s) const;

  std::unique_ptr<opencc::SimpleConverter> converter_;
  std::vector<uint64_t> traditional_bits_;  // bitmap over U+0000..U+FFFF
  std::vector<uint64_t> phrase_bits_;       // empty: whole texts go through OpenCC
};

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_TEXT_NORMALIZER_H_
