// Fuzz target: one line of a training file (`dispatch train --data`, the learning loop's
// export). Any bytes either give a reason in Chinese or a usable example.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dispatch/classifier.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  minsheng::LabeledText t;
  t.label = "untouched";
  std::string why;
  if (minsheng::ParseLabeledLine(line, &t, &why)) {
    FUZZ_CHECK(!t.label.empty());
    FUZZ_CHECK(!t.title.empty() || !t.text.empty());
    FUZZ_CHECK(t.weight >= 1 && t.weight <= minsheng::kMaxExampleWeight);
  } else {
    FUZZ_CHECK(!why.empty());
    FUZZ_CHECK(t.label == "untouched");  // a rejected line leaves the output alone
  }
  return 0;
}
