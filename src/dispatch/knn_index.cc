#include "dispatch/knn_index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace minsheng {

namespace {

const std::array<float, 256>& DecodeTable() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (size_t q = 0; q < t.size(); ++q) {
      const float r = static_cast<float>(q) / 255.0f;
      t[q] = r * r;
    }
    return t;
  }();
  return table;
}

template <typename T>
void Append(std::string* out, const T* data, size_t n) {
  out->append(reinterpret_cast<const char*>(data), n * sizeof(T));
}

template <typename T>
bool Read(std::string_view bin, size_t* pos, size_t n, std::vector<T>* out) {
  if (n > (bin.size() - *pos) / sizeof(T)) return false;
  out->resize(n);
  if (n > 0) std::memcpy(out->data(), bin.data() + *pos, n * sizeof(T));
  *pos += n * sizeof(T);
  return true;
}

}  // namespace

uint32_t KnnIndex::Quantise(float value) {
  const long q = std::lround(std::sqrt(std::clamp(value, 0.0f, 1.0f)) * 255.0f);
  return static_cast<uint32_t>(std::clamp(q, 1L, 255L));
}

float KnnIndex::Dequantise(uint32_t code) { return DecodeTable()[code & 255]; }

KnnIndex KnnIndex::Build(const std::vector<SparseVector>& vectors, const std::vector<size_t>& rows,
                         const std::vector<uint32_t>& labels, size_t num_keys) {
  KnnIndex index;
  index.labels_.reserve(rows.size());
  for (size_t r : rows) index.labels_.push_back(labels[r]);
  index.begin_.assign(num_keys + 1, 0);
  for (size_t r : rows) {
    for (const auto& [key, v] : vectors[r]) {
      if (key < num_keys && v > 0) ++index.begin_[key + 1];
    }
  }
  for (size_t k = 0; k < num_keys; ++k) index.begin_[k + 1] += index.begin_[k];
  index.postings_.resize(index.begin_[num_keys]);
  std::vector<uint32_t> next(index.begin_.begin(), index.begin_.end() - 1);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (const auto& [key, v] : vectors[rows[i]]) {
      if (key < num_keys && v > 0) {
        index.postings_[next[key]++] = static_cast<uint32_t>(i) << 8 | Quantise(v);
      }
    }
  }
  return index;
}

bool KnnIndex::Votes(const SparseVector& query, size_t k, std::vector<double>* votes) const {
  if (labels_.empty() || k == 0) return false;
  const std::array<float, 256>& decode = DecodeTable();
  thread_local std::vector<float> score;
  score.assign(labels_.size(), 0.0f);
  float* const s = score.data();
  const size_t num_keys = begin_.size() - 1;
  thread_local SparseVector heavy;
  const SparseVector* terms = &query;
  if (query.size() > kQueryTerms) {
    heavy.assign(query.begin(), query.end());
    // Heaviest first; equal weights by key, so the chosen terms do not depend on the order.
    std::nth_element(heavy.begin(), heavy.begin() + kQueryTerms, heavy.end(),
                     [](const auto& a, const auto& b) {
                       return a.second != b.second ? a.second > b.second : a.first < b.first;
                     });
    heavy.resize(kQueryTerms);
    terms = &heavy;
  }
  // Memory-bound (the lists' first lines and begin_ are cache misses): the misses of all terms
  // are started before any list is read.
  for (const auto& [key, v] : *terms) {
    if (key < num_keys) __builtin_prefetch(begin_.data() + key);
  }
  struct Range {
    uint32_t begin, end;
    float weight;
  };
  thread_local std::vector<Range> ranges;
  ranges.clear();
  for (const auto& [key, v] : *terms) {
    if (key >= num_keys || begin_[key] == begin_[key + 1]) continue;
    __builtin_prefetch(postings_.data() + begin_[key]);
    ranges.push_back({begin_[key], begin_[key + 1], v});
  }
  for (const Range& r : ranges) {
    const uint32_t* p = postings_.data() + r.begin;
    const uint32_t* const end = postings_.data() + r.end;
    for (; p != end; ++p) s[*p >> 8] += r.weight * decode[*p & 255];
  }
  // The k best, best first (a later message must be strictly better to displace one).
  thread_local std::vector<std::pair<float, uint32_t>> best;
  best.clear();
  float floor = 0.0f;  // only messages sharing a key
  for (size_t d = 0; d < labels_.size(); ++d) {
    const float v = s[d];
    if (v <= floor) continue;
    auto at = std::upper_bound(best.begin(), best.end(), v,
                               [](float x, const auto& b) { return x > b.first; });
    best.insert(at, {v, static_cast<uint32_t>(d)});
    if (best.size() > k) best.pop_back();
    if (best.size() == k) floor = best.back().first;
  }
  if (best.empty()) return false;
  for (const auto& [v, d] : best) {
    const uint32_t c = labels_[d];
    if (c < votes->size()) (*votes)[c] += v;
  }
  return true;
}

void KnnIndex::Rekey(const std::vector<uint64_t>& new_key, size_t num_keys) {
  std::vector<uint32_t> begin(num_keys + 1, 0);
  const size_t old_keys = begin_.empty() ? 0 : begin_.size() - 1;
  for (size_t f = 0; f < old_keys && f < new_key.size(); ++f) {
    if (new_key[f] < num_keys) begin[new_key[f] + 1] = begin_[f + 1] - begin_[f];
  }
  for (size_t k = 0; k < num_keys; ++k) begin[k + 1] += begin[k];
  std::vector<uint32_t> postings(begin[num_keys]);
  for (size_t f = 0; f < old_keys && f < new_key.size(); ++f) {
    if (new_key[f] < num_keys) {
      std::copy(postings_.begin() + begin_[f], postings_.begin() + begin_[f + 1],
                postings.begin() + begin[new_key[f]]);
    }
  }
  begin_.swap(begin);
  postings_.swap(postings);
}

void KnnIndex::AppendTo(const std::vector<uint64_t>& key_of, std::string* out) const {
  const uint64_t docs = labels_.size();
  Append(out, &docs, 1);
  if (docs == 0) return;
  Append(out, labels_.data(), labels_.size());
  const size_t num_keys = begin_.empty() ? 0 : begin_.size() - 1;
  std::vector<uint32_t> counts(key_of.size(), 0);
  for (size_t f = 0; f < key_of.size(); ++f) {
    if (key_of[f] < num_keys) counts[f] = begin_[key_of[f] + 1] - begin_[key_of[f]];
  }
  Append(out, counts.data(), counts.size());
  for (size_t f = 0; f < key_of.size(); ++f) {
    if (counts[f] > 0) Append(out, postings_.data() + begin_[key_of[f]], counts[f]);
  }
}

bool KnnIndex::ReadFrom(std::string_view bin, size_t* pos, size_t num_features, size_t num_classes,
                        KnnIndex* out) {
  if (*pos > bin.size() || bin.size() - *pos < 8) return false;
  uint64_t docs;
  std::memcpy(&docs, bin.data() + *pos, 8);
  *pos += 8;
  if (docs > kMaxDocs) return false;
  KnnIndex index;
  if (docs == 0) {
    *out = std::move(index);
    return true;
  }
  std::vector<uint32_t> counts;
  if (!Read(bin, pos, docs, &index.labels_) || !Read(bin, pos, num_features, &counts)) {
    return false;
  }
  for (uint32_t c : index.labels_) {
    if (c >= num_classes) return false;
  }
  index.begin_.assign(num_features + 1, 0);
  for (size_t f = 0; f < num_features; ++f) {
    const uint64_t total = uint64_t{index.begin_[f]} + counts[f];
    if (total > UINT32_MAX) return false;
    index.begin_[f + 1] = static_cast<uint32_t>(total);
  }
  if (!Read(bin, pos, index.begin_[num_features], &index.postings_)) return false;
  for (uint32_t p : index.postings_) {
    if ((p & 255) == 0 || (p >> 8) >= docs) return false;
  }
  *out = std::move(index);
  return true;
}

}  // namespace minsheng
