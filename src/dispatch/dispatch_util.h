// Small helpers shared by the dispatch engine's tools (CLI, learning loop, reports).
#ifndef MINSHENG_DISPATCH_DISPATCH_UTIL_H_
#define MINSHENG_DISPATCH_DISPATCH_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng {

// `v` with `digits` decimals ("0.9372").
inline std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
  return buf;
}

// One FNV-1a step over a field, followed by a separator byte (fingerprints of example sets).
inline uint64_t Fnv(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= 0xff;
  h *= 0x100000001b3ULL;
  return h;
}

// The rows whose label (label_of(row)) has at least `min_per_label` rows — a wording label with
// fewer cannot be learned and is left to the rules — and, in `labels`, how many labels remain.
template <typename Row, typename LabelOf>
std::vector<Row> RowsOfLearnableLabels(const std::vector<Row>& rows, size_t min_per_label,
                                       LabelOf label_of, size_t* labels) {
  std::map<std::string, size_t> counts;
  for (const Row& r : rows) ++counts[label_of(r)];
  std::vector<Row> kept;
  for (const Row& r : rows) {
    if (counts[label_of(r)] >= min_per_label) kept.push_back(r);
  }
  *labels = 0;
  for (const auto& [label, n] : counts) *labels += n >= min_per_label;
  return kept;
}

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_DISPATCH_UTIL_H_
