#include "dispatch/phrase_set.h"

#include <cstring>

namespace minsheng {
namespace {

// Length of the UTF-8 character starting with byte `c` (1 for stray continuation bytes).
inline size_t CharLen(unsigned char c) {
  if (c < 0xC0) return 1;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

inline uint32_t Pack(const char* p, size_t len) {
  uint32_t key = 0;
  std::memcpy(&key, p, len);
  return key;
}

inline size_t FilterSlot(uint32_t key) { return (key * 0x9E3779B1u) >> 20; }  // 12 bits

}  // namespace

uint32_t PhraseSet::Add(std::string_view phrase) {
  auto [it, inserted] = index_.emplace(std::string(phrase), static_cast<uint32_t>(phrases_.size()));
  if (!inserted) return it->second;
  phrases_.emplace_back(phrase);
  if (!phrase.empty()) {
    size_t len = CharLen(static_cast<unsigned char>(phrase[0]));
    if (len > phrase.size()) len = phrase.size();
    const uint32_t key = Pack(phrase.data(), len);
    by_first_[key].push_back(it->second);
    filter_.set(FilterSlot(key));
  }
  return it->second;
}

template <typename OnMatch>
void PhraseSet::Walk(std::string_view text, OnMatch on_match) const {
  const char* data = text.data();
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    size_t len = CharLen(static_cast<unsigned char>(data[i]));
    if (len > n - i) len = n - i;
    const uint32_t key = Pack(data + i, len);
    if (filter_.test(FilterSlot(key))) {
      auto it = by_first_.find(key);
      if (it != by_first_.end()) {
        for (uint32_t p : it->second) {
          const std::string& s = phrases_[p];
          if (s.size() <= n - i && std::memcmp(data + i, s.data(), s.size()) == 0) {
            on_match(p, i, i + s.size());
          }
        }
      }
    }
    i += len;
  }
}

void PhraseSet::Scan(std::string_view text, std::vector<uint8_t>* found) const {
  if (found->size() < phrases_.size()) found->resize(phrases_.size(), 0);
  Walk(text, [found](uint32_t p, size_t, size_t) { (*found)[p] = 1; });
}

void PhraseSet::FindAll(std::string_view text, std::vector<Match>* out) const {
  if (text.size() > UINT32_MAX) text = text.substr(0, UINT32_MAX);
  Walk(text, [out](uint32_t p, size_t begin, size_t end) {
    out->push_back({p, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
  });
}

}  // namespace minsheng
