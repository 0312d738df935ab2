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

#include "core/text.h"
#include "dispatch/text_normalizer.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const minsheng::TextNormalizer& norm = minsheng::TextNormalizer::Default();

  const std::string out = norm.Normalize(in);
  FUZZ_CHECK(minsheng::IsValidUtf8(out));
  FUZZ_CHECK(out.empty() || (out.front() != ' ' && out.back() != ' '));
  FUZZ_CHECK(out.find("  ") == std::string::npos);
  for (unsigned char c : out) FUZZ_CHECK(c >= 0x20 && c != 0x7F);

  std::u32string cps;
  norm.NormalizeTo(in, 0, &cps);
  FUZZ_CHECK(minsheng::EncodeUtf8(cps) == out);
  std::u32string head;
  norm.NormalizeTo(in, 16, &head);
  FUZZ_CHECK(head.size() <= 16);

  if (minsheng::IsValidUtf8(in)) {
    FUZZ_CHECK(minsheng::EncodeUtf8(minsheng::DecodeUtf8(in)) == in);
  }
  FUZZ_CHECK(minsheng::IsValidUtf8(minsheng::EncodeUtf8(minsheng::DecodeUtf8(in))));
  return 0;
}
