// Small helpers shared by the dispatch engine's tools (CLI, learning loop, reports).
#ifndef MINSHENG_DISPATCH_DISPATCH_UTIL_H_
#define MINSHENG_DISPATCH_DISPATCH_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

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

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_DISPATCH_UTIL_H_
