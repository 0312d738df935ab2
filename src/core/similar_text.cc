#include "core/similar_text.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include "core/text.h"

namespace minsheng {
namespace {

constexpr size_t kOpeningChars = 200;

// splitmix64's finaliser: a fixed 64-bit bijection.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Appends the two-character words of content characters (IsContentChar) among the first
// `max_chars` characters of `s`.
void AddBigrams(std::string_view s, size_t max_chars, Shingles* out) {
  uint32_t prev = 0;
  bool have_prev = false;
  size_t chars = 0;
  for (size_t i = 0; i < s.size() && chars < max_chars; ++chars) {
    const unsigned char c = s[i];
    const size_t w = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (i + w > s.size()) break;
    uint32_t cp = w == 1 ? c : c & (0x7F >> w);
    for (size_t k = 1; k < w; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += w;
    if (!IsContentChar(cp)) continue;
    if (have_prev) out->push_back(Mix((static_cast<uint64_t>(prev) << 32) | cp));
    prev = cp;
    have_prev = true;
  }
}

}  // namespace

Shingles ProblemShingles(std::string_view title, std::string_view content) {
  Shingles out;
  out.reserve(64);
  AddBigrams(title, std::string_view::npos, &out);
  AddBigrams(content, kOpeningChars, &out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double ShingleJaccard(const Shingles& a, const Shingles& b) {
  if (a.empty() || b.empty()) return 0;
  size_t both = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++both, ++i, ++j;
    }
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

Shingles TitleShingles(std::string_view title) { return ProblemShingles(title, {}); }

std::vector<int64_t> AppealTextKeys(const Shingles& whole, const Shingles& title) {
  std::vector<int64_t> keys = ProblemTextKeys(whole, 0);
  const std::vector<int64_t> title_keys = ProblemTextKeys(title, 1);
  keys.insert(keys.end(), title_keys.begin(), title_keys.end());
  return keys;
}

std::vector<int64_t> ProblemTextKeys(const Shingles& shingles, int family) {
  if (shingles.empty()) return {};
  constexpr int kHashes = kTextKeyBands * kTextKeyRows;
  uint64_t seeds[kHashes], mins[kHashes];
  for (int k = 0; k < kHashes; ++k) seeds[k] = Mix(static_cast<uint64_t>(k) + 1);
  std::fill(mins, mins + kHashes, std::numeric_limits<uint64_t>::max());
  for (Shingle s : shingles)
    for (int k = 0; k < kHashes; ++k) mins[k] = std::min(mins[k], Mix(s ^ seeds[k]));
  std::vector<int64_t> keys;
  keys.reserve(kTextKeyBands);
  for (int b = 0; b < kTextKeyBands; ++b) {
    uint64_t h = Mix(static_cast<uint64_t>(b) + 0x51 + 0x100 * static_cast<uint64_t>(family));
    for (int r = 0; r < kTextKeyRows; ++r) h = Mix(h ^ mins[b * kTextKeyRows + r]);
    keys.push_back(static_cast<int64_t>(h));
  }
  return keys;
}

bool PlacesMayBeOne(std::string_view a, std::string_view b) {
  if (a == b) return true;
  constexpr std::string_view kEstate = "estate:";
  const bool ea = a.starts_with(kEstate), eb = b.starts_with(kEstate);
  if (ea != eb) return false;
  if (!ea) return a.starts_with(b) || b.starts_with(a);
  a.remove_prefix(kEstate.size());
  b.remove_prefix(kEstate.size());
  if (a.find(b) != std::string_view::npos || b.find(a) != std::string_view::npos) return true;
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  while (common > 0 && common < a.size() && (static_cast<unsigned char>(a[common]) & 0xC0) == 0x80)
    --common;  // whole characters only
  return Utf8Length(a.substr(0, common)) >= 2;
}

bool PlacesDiffer(std::string_view a, std::string_view b) {
  if (PlacesMayBeOne(a, b)) return false;
  constexpr std::string_view kCommunity = "社区";
  return !a.ends_with(kCommunity) && !b.ends_with(kCommunity);
}

void TextKeyIndex::Add(int64_t id, int64_t created_at, const std::vector<int64_t>& keys) {
  if (!live_.emplace(id, Live{created_at, keys.size()}).second) return;
  by_time_.emplace(created_at, id);
  for (int64_t k : keys) postings_[k].push_back(id);
  posted_ += keys.size();
  live_keys_ += keys.size();
}

void TextKeyIndex::ExpireBefore(int64_t from) {
  while (!by_time_.empty() && by_time_.begin()->first < from) {
    auto it = live_.find(by_time_.begin()->second);
    live_keys_ -= it->second.keys;
    live_.erase(it);
    by_time_.erase(by_time_.begin());
  }
  // Rebuild the postings once most of what they hold is gone: amortised O(1) per order.
  if (posted_ > 2 * live_keys_ + 1024) Compact();
}

void TextKeyIndex::Compact() {
  posted_ = 0;
  for (auto it = postings_.begin(); it != postings_.end();) {
    auto& ids = it->second;
    std::erase_if(ids, [&](int64_t id) { return !live_.count(id); });
    posted_ += ids.size();
    it = ids.empty() ? postings_.erase(it) : std::next(it);
  }
}

std::vector<int64_t> TextKeyIndex::Candidates(const std::vector<int64_t>& keys,
                                              size_t limit) const {
  std::unordered_map<int64_t, int> shared;
  for (int64_t k : keys) {
    auto it = postings_.find(k);
    if (it == postings_.end()) continue;
    for (int64_t id : it->second)
      if (live_.count(id)) ++shared[id];
  }
  std::vector<std::pair<int, int64_t>> ranked;
  ranked.reserve(shared.size());
  for (const auto& [id, n] : shared) ranked.emplace_back(n, id);
  const size_t n = std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + n, ranked.end(),
                    [](const auto& a, const auto& b) { return a > b; });
  std::vector<int64_t> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(ranked[i].second);
  return out;
}

}  // namespace minsheng
