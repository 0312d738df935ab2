// Helpers shared by classifier.cc (model, prediction), model_file.cc (files) and
// classifier_train.cc.
#ifndef MINSHENG_DISPATCH_CLASSIFIER_INTERNAL_H_
#define MINSHENG_DISPATCH_CLASSIFIER_INTERNAL_H_

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng::classifier_internal {

inline double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

inline uint64_t Fnv64(std::string_view s) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

inline void SoftmaxInPlace(std::vector<double>* d, double temperature) {
  double mx = *std::max_element(d->begin(), d->end());
  double sum = 0;
  for (double& v : *d) {
    v = std::exp((v - mx) / temperature);
    sum += v;
  }
  for (double& v : *d) v /= sum;
}

}  // namespace minsheng::classifier_internal

#endif  // MINSHENG_DISPATCH_CLASSIFIER_INTERNAL_H_
