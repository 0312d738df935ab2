// Fuzz target: reading a category model (manifest.json + model.bin, as `TextModel::Load` does
// at start and at every hot swap). A damaged model must be refused, never crash the server or
// give nonsense probabilities.
//
// Input: the manifest text, a 0x00 byte, then model.bin. A manifest that parses and carries
// model_fnv64 gets the checksum of the bytes given, so the fuzzer reaches the binary reader.
// Invariants: refusal is model_invalid with a Chinese message; an accepted model predicts
// finite probabilities summing to 1 over its labels, and its evidence terms are finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dispatch/classifier.h"
#include "dispatch/classifier_internal.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t cut = in.find('\0');
  std::string manifest(in.substr(0, cut));
  const std::string_view bin =
      cut == std::string_view::npos ? std::string_view() : in.substr(cut + 1);
  try {
    nlohmann::json j = nlohmann::json::parse(manifest);
    if (j.is_object() && j.contains("model_fnv64")) {
      char hex[17];
      std::snprintf(hex, sizeof(hex), "%016llx",
                    static_cast<unsigned long long>(minsheng::classifier_internal::Fnv64(bin)));
      j["model_fnv64"] = hex;
      manifest = j.dump();
    }
  } catch (const std::exception&) {
    // left as it is: the reader must refuse it
  }

  auto model = minsheng::TextModel::FromBytes(manifest, bin, "fuzz");
  if (!model.ok()) {
    FUZZ_CHECK(model.status().error_code() == "model_invalid");
    FUZZ_CHECK(!model.status().message().empty());
    return 0;
  }
  const minsheng::TextModel& m = *model.value();
  FUZZ_CHECK(m.labels().size() >= 2);
  for (const auto& [title, text] : std::vector<std::pair<const char*, const char*>>{
           {"小区停水", "王贺村从昨天开始停水,路灯也不亮"},
           {"", "老板拖欠工资"},
           {"占道经营", ""}}) {
    std::vector<minsheng::TermEvidence> evidence;
    const minsheng::Prediction p = m.PredictExplained(title, text, 5, &evidence);
    FUZZ_CHECK(p.ranked.size() == m.labels().size());
    double sum = 0;
    for (const auto& [label, prob] : p.ranked) {
      FUZZ_CHECK(std::isfinite(prob) && prob >= 0 && prob <= 1);
      sum += prob;
    }
    FUZZ_CHECK(std::fabs(sum - 1) < 1e-6);
    for (const auto& e : evidence) FUZZ_CHECK(std::isfinite(e.weight));
  }
  return 0;
}
