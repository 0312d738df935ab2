// Fuzz target: the text normaliser (full-width, traditional → simplified, masking artefacts,
// whitespace) and the UTF-8 codec under any bytes.
//
// Invariants: the output is valid UTF-8 with no control characters and no leading, trailing or
// doubled spaces; NormalizeTo yields the same code points (and a prefix of them with a limit);
// decoding valid UTF-8 and encoding it again gives the input back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dispatch/text_normalizer.h"
#include "fuzz/fuzz_check.h"

namespace {

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const minsheng::TextNormalizer& norm = minsheng::TextNormalizer::Default();

  const std::string out = norm.Normalize(in);
  FUZZ_CHECK(ValidUtf8(out));
  FUZZ_CHECK(out.empty() || (out.front() != ' ' && out.back() != ' '));
  FUZZ_CHECK(out.find("  ") == std::string::npos);
  for (unsigned char c : out) FUZZ_CHECK(c >= 0x20 && c != 0x7F);

  std::u32string cps;
  norm.NormalizeTo(in, 0, &cps);
  FUZZ_CHECK(minsheng::EncodeUtf8(cps) == out);
  std::u32string head;
  norm.NormalizeTo(in, 16, &head);
  FUZZ_CHECK(head.size() <= 16);

  if (ValidUtf8(in)) {
    FUZZ_CHECK(minsheng::EncodeUtf8(minsheng::DecodeUtf8(in)) == in);
  }
  FUZZ_CHECK(ValidUtf8(minsheng::EncodeUtf8(minsheng::DecodeUtf8(in))));
  return 0;
}
