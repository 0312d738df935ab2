#include "dispatch/classifier.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <new>
#include <nlohmann/json.hpp>

#include "dispatch/classifier_internal.h"

namespace minsheng {
namespace {

using classifier_internal::Seconds;
using classifier_internal::SoftmaxInPlace;
using nlohmann::json;

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

#if defined(__SSE2__)
// The 8 int8 at `p` sign-extended to two float quads (SSE2 is in every x86-64).
inline void Int8x8ToFloats(const void* p, __m128* lo, __m128* hi) {
  const __m128i bytes = _mm_loadl_epi64(static_cast<const __m128i*>(p));
  const __m128i words = _mm_srai_epi16(_mm_unpacklo_epi8(bytes, bytes), 8);
  *lo = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpacklo_epi16(words, words), 16));
  *hi = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpackhi_epi16(words, words), 16));
}
#endif

}  // namespace

void TextModel::HugeBytes::Free::operator()(uint8_t* p) const { std::free(p); }

void TextModel::HugeBytes::assign(size_t n) {
  constexpr size_t kHuge = size_t{2} << 20;
  size_t bytes = std::max<size_t>(n, 64);
  void* p = nullptr;
  if (bytes >= kHuge) {
    bytes = (bytes + kHuge - 1) / kHuge * kHuge;
    if (posix_memalign(&p, kHuge, bytes) == 0) {
      madvise(p, bytes, MADV_HUGEPAGE);  // a hint: failure only costs speed
    } else {
      p = nullptr;
    }
  } else if (posix_memalign(&p, 64, (bytes + 63) / 64 * 64) != 0) {
    p = nullptr;
  }
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, bytes);
  data_.reset(static_cast<uint8_t*>(p));
}

void TextModel::AllocateTable() {
  const size_t nf = keys_.size();
  const size_t nw = labels_.size() * heads_.size();
  const size_t need = kRowHeader + nw;
  const auto want = static_cast<uint64_t>(static_cast<double>(nf) / kTableLoad) + 1;
  indexed_ = need > 64;
  if (indexed_) {
    row_bytes_ = (need + 15) / 16 * 16;
    rows_per_line_ = 8;  // 8-byte index entries
  } else {
    row_bytes_ = 16;
    while (row_bytes_ < need) row_bytes_ *= 2;
    rows_per_line_ = 64 / row_bytes_;
  }
  buckets_ = std::max<uint64_t>(4, (want + rows_per_line_ - 1) / rows_per_line_);
  cap_ = buckets_ * rows_per_line_;
  if (indexed_) {
    index_.assign(cap_ * 8);
    table_.assign(std::max<size_t>(nf, 1) * row_bytes_);
  } else {
    table_.assign(cap_ * row_bytes_);
  }
  float max_idf = 0;
  for (float v : idf_) max_idf = std::max(max_idf, v);
  idf_scale_ = max_idf > 0 ? max_idf / 65535.0f : 1.0f;
}

uint8_t* TextModel::PlaceRow(size_t f) {
  const uint64_t key = keys_[f];
  const uint32_t fp = SlotFingerprint(key);
  uint64_t pos = HomeSlot(key);
  uint32_t occupied;
  uint8_t* row;
  if (indexed_) {
    uint8_t* index = index_.data();
    while (std::memcpy(&occupied, index + pos * 8, 4), occupied != 0) {
      if (++pos == cap_) pos = 0;
    }
    const uint64_t entry = static_cast<uint64_t>(f) << 32 | fp;
    std::memcpy(index + pos * 8, &entry, 8);
    row = table_.data() + f * row_bytes_;
  } else {
    uint8_t* table = table_.data();
    while (std::memcpy(&occupied, table + pos * row_bytes_, 4), occupied != 0) {
      if (++pos == cap_) pos = 0;
    }
    row = table + pos * row_bytes_;
  }
  std::memcpy(row, &fp, 4);
  const uint16_t qi = static_cast<uint16_t>(std::lround(idf_[f] / idf_scale_));
  std::memcpy(row + 4, &qi, 2);
  return row;
}

void TextModel::Finalize() {
  const size_t nf = keys_.size();
  const size_t nc = labels_.size();
  const size_t nw = nc * heads_.size();
  AllocateTable();
  std::vector<float> w(nw);
  for (size_t f = 0; f < nf; ++f) {
    uint8_t* row = PlaceRow(f);
    float mx = 0;
    for (size_t h = 0; h < heads_.size(); ++h) {
      for (size_t c = 0; c < nc; ++c) {
        w[h * nc + c] = heads_[h].weights[f * nc + c];
        mx = std::max(mx, std::fabs(w[h * nc + c]));
      }
    }
    // Smallest e with max |w| / 2^e ≤ 127 (e in [-126, 127]). Clamped before the conversion to
    // int: for a denormal max |w| (a damaged format-1 file), mx / 127 is 0 and its log -inf,
    // which no int holds (undefined behaviour, found by the fuzzer).
    int e = -126;
    if (mx > 0) {
      const float l = std::ceil(std::log2(mx / 127.0f));
      e = l <= -126 ? -126 : l >= 127 ? 127 : static_cast<int>(l);
    }
    while (e < 127 && std::ldexp(127.0f, e) < mx) ++e;
    row[6] = static_cast<uint8_t>(static_cast<int8_t>(e));
    const float inv = std::ldexp(1.0f, -e);
    for (size_t k = 0; k < nw; ++k) {
      const long q = std::clamp<long>(std::lround(w[k] * inv), -127, 127);
      row[kRowHeader + k] = static_cast<uint8_t>(static_cast<int8_t>(q));
    }
  }
  for (Head& h : heads_) std::vector<float>().swap(h.weights);
  KeyNeighboursByRow();
}

std::vector<uint64_t> TextModel::RowOfFeatures() const {
  std::vector<uint64_t> row_of(keys_.size());
  for (size_t f = 0; f < keys_.size(); ++f) row_of[f] = static_cast<uint64_t>(FindSlot(keys_[f]));
  return row_of;
}

void TextModel::KeyNeighboursByRow() {
  if (!knn_.empty()) knn_.Rekey(RowOfFeatures(), indexed_ ? keys_.size() : cap_);
}

namespace {

inline float TermWeight(uint32_t count, bool sublinear) {
  // 1 + log(tf) of the small counts, computed once (the same values as computing them here).
  static const std::array<float, 64> kSublinear = [] {
    std::array<float, 64> t{};
    for (uint32_t c = 0; c < t.size(); ++c) {
      t[c] = c > 1 ? 1.0f + std::log(static_cast<float>(c)) : static_cast<float>(c);
    }
    return t;
  }();
  if (!sublinear || count <= 1) return static_cast<float>(count);
  return count < kSublinear.size() ? kSublinear[count] : 1.0f + std::log(static_cast<float>(count));
}

}  // namespace

void TextModel::CountRows(const std::vector<uint64_t>& keys,
                          std::vector<std::pair<uint64_t, uint32_t>>* uniq,
                          std::vector<uint64_t>* distinct_keys) const {
  constexpr size_t kAhead = 16;  // lookups are memory-bound: prefetch the row kAhead keys ahead
  const size_t nk = keys.size();
  struct Slot {
    uint64_t tag;  // row << 2 | block, + 1; 0 = empty
    uint32_t count;
  };
  thread_local std::vector<Slot> slots;
  thread_local std::vector<uint32_t> used;
  size_t cap = 1024;
  while (cap < nk * 2) cap <<= 1;
  if (slots.size() < cap) slots.assign(cap, Slot{0, 0});
  Slot* const table = slots.data();
  const size_t mask = cap - 1;
  if (used.size() < nk) used.resize(nk);
  uint32_t* const first = used.data();  // slots in order of first use
  uint32_t* next = first;
  // The home slot of each key is computed once, when its row is prefetched.
  uint64_t home[kAhead];
  for (size_t k = 0; k < nk && k < kAhead; ++k) {
    home[k] = HomeSlot(keys[k]);
    __builtin_prefetch(SlotAddress(home[k]));
  }
  for (size_t k = 0; k < nk; ++k) {
    const uint64_t key = keys[k];
    const uint64_t start = home[k % kAhead];
    if (k + kAhead < nk) {
      const uint64_t h = HomeSlot(keys[k + kAhead]);
      home[k % kAhead] = h;
      __builtin_prefetch(SlotAddress(h));
    }
    const int64_t i = FindSlotFrom(start, key);
    if (i < 0) continue;
    const uint64_t tag = (static_cast<uint64_t>(i) << 2 | KeyBlock(key)) + 1;
    size_t pos = (tag * 0x9E3779B97F4A7C15ULL >> 40) & mask;
    while (table[pos].tag != 0 && table[pos].tag != tag) pos = (pos + 1) & mask;
    if (table[pos].tag == 0) {
      table[pos].tag = tag;
      *next++ = static_cast<uint32_t>(pos);
      if (distinct_keys != nullptr) distinct_keys->push_back(key);
    }
    ++table[pos].count;
  }
  uniq->resize(static_cast<size_t>(next - first));
  std::pair<uint64_t, uint32_t>* out = uniq->data();
  for (const uint32_t* p = first; p != next; ++p, ++out) {
    *out = {table[*p].tag - 1, table[*p].count};
    table[*p] = Slot{0, 0};
  }
}

void TextModel::Vectorize(const PreparedText& text, SparseVector* out,
                          std::vector<uint64_t>* out_keys) const {
  thread_local std::vector<uint64_t> keys;
  keys.clear();
  ExtractFeatureKeys(text, features_, &keys, &lexicon_);
  thread_local std::vector<std::pair<uint64_t, uint32_t>> uniq;
  if (out_keys != nullptr) out_keys->clear();
  CountRows(keys, &uniq, out_keys);
  out->clear();
  double norm2[kNumBlocks] = {};
  for (const auto& [tag, count] : uniq) {
    const uint64_t pos = tag >> 2;
    const float v = TermWeight(count, features_.sublinear_tf) * RowIdf(Row(pos));
    out->emplace_back(static_cast<uint32_t>(pos), v);
    norm2[tag & 3] += static_cast<double>(v) * v;
  }
  // In double: for tiny values (a damaged model's idf) the scale alone overflows a float, the
  // normalised value (≤ the block weight) never does.
  double scale[kNumBlocks];
  for (uint32_t b = 0; b < kNumBlocks; ++b) {
    scale[b] = norm2[b] > 0 ? features_.BlockWeight(b) / std::sqrt(norm2[b]) : 0;
  }
  for (size_t i = 0; i < out->size(); ++i) {
    (*out)[i].second = static_cast<float>((*out)[i].second * scale[uniq[i].first & 3]);
  }
}

const std::vector<std::pair<uint64_t, uint32_t>>& TextModel::Decide(const PreparedText& text,
                                                                    std::vector<double>* d) const {
  thread_local std::vector<uint64_t> keys;
  keys.clear();
  ExtractFeatureKeys(text, features_, &keys, &lexicon_);
  thread_local std::vector<std::pair<uint64_t, uint32_t>> uniq;
  CountRows(keys, &uniq);
  // Scores are linear in the (per-block normalised) vector: accumulate per block, scale at the
  // end, so the rows are read once, right after the lookups brought them into the cache.
  const size_t nc = labels_.size();
  const size_t nw = nc * heads_.size();
  double norm2[kNumBlocks] = {};
  // Per-block sums of v · w, kNumBlocks rows of `stride` floats.
  thread_local std::vector<float> acc;
  size_t stride = nw;
  bool done = false;
#if defined(__SSE2__)
  if (nw <= kNarrowRow && row_bytes_ >= kRowHeader + kNarrowRow) {
    // Up to 8 weights per row (SSE2 is in every x86-64): the 8 int8 weights (the byte after the
    // last weight is padding, read and never used) sign-extended to two float quads; per lane
    // the same single-precision multiply and add as the scalar loop below, so the same sums.
    stride = kNarrowRow;
    __m128 sums[kNumBlocks][2];
    for (auto& q : sums) q[0] = q[1] = _mm_setzero_ps();
    for (const auto& [tag, count] : uniq) {
      const uint32_t block = static_cast<uint32_t>(tag & 3);
      const uint8_t* row = Row(tag >> 2);
      const float v = TermWeight(count, features_.sublinear_tf) * RowIdf(row);
      norm2[block] += static_cast<double>(v) * v;
      const __m128 vs = _mm_set1_ps(v * RowScale(row));
      __m128 lo, hi;
      Int8x8ToFloats(row + kRowHeader, &lo, &hi);
      sums[block][0] = _mm_add_ps(sums[block][0], _mm_mul_ps(vs, lo));
      sums[block][1] = _mm_add_ps(sums[block][1], _mm_mul_ps(vs, hi));
    }
    acc.resize(kNumBlocks * kNarrowRow);
    for (uint32_t b = 0; b < kNumBlocks; ++b) {
      _mm_storeu_ps(acc.data() + b * kNarrowRow, sums[b][0]);
      _mm_storeu_ps(acc.data() + b * kNarrowRow + 4, sums[b][1]);
    }
    done = true;
  }
#endif
  if (!done) {
    acc.assign(kNumBlocks * nw, 0.0f);
    // Wide rows lie behind the index (the lookups read only its entries): their lines are
    // fetched kRowsAhead rows ahead, else every row is a cache miss (half of Decide's time on
    // the 103-category model).
    constexpr size_t kRowsAhead = 10;
    const size_t n = uniq.size();
    for (size_t i = 0; i < n; ++i) {
      if (indexed_ && i + kRowsAhead < n) {
        const uint8_t* ahead = Row(uniq[i + kRowsAhead].first >> 2);
        for (size_t b = 0; b < row_bytes_; b += 64) __builtin_prefetch(ahead + b);
        __builtin_prefetch(ahead + row_bytes_ - 1);
      }
      const auto [tag, count] = uniq[i];
      const uint32_t block = static_cast<uint32_t>(tag & 3);
      const uint8_t* row = Row(tag >> 2);
      const float v = TermWeight(count, features_.sublinear_tf) * RowIdf(row);
      norm2[block] += static_cast<double>(v) * v;
      const float vs = v * RowScale(row);
      const int8_t* w = reinterpret_cast<const int8_t*>(row + kRowHeader);
      float* a = acc.data() + block * nw;
      size_t k = 0;
#if defined(__SSE2__)
      // 8 weights at a time, per lane the scalar loop's multiply and add (the same sums).
      const __m128 vv = _mm_set1_ps(vs);
      for (; k + 8 <= nw; k += 8) {
        __m128 lo, hi;
        Int8x8ToFloats(w + k, &lo, &hi);
        _mm_storeu_ps(a + k, _mm_add_ps(_mm_loadu_ps(a + k), _mm_mul_ps(vv, lo)));
        _mm_storeu_ps(a + k + 4, _mm_add_ps(_mm_loadu_ps(a + k + 4), _mm_mul_ps(vv, hi)));
      }
#endif
      for (; k < nw; ++k) a[k] += vs * static_cast<float>(w[k]);
    }
  }
  d->assign(nw, 0.0);
  for (uint32_t b = 0; b < kNumBlocks; ++b) {
    if (norm2[b] <= 0) continue;
    const double scale = features_.BlockWeight(b) / std::sqrt(norm2[b]);
    for (size_t k = 0; k < nw; ++k) (*d)[k] += scale * acc[b * stride + k];
  }
  for (size_t h = 0; h < heads_.size(); ++h) {
    for (size_t c = 0; c < nc; ++c) (*d)[h * nc + c] += heads_[h].bias[c];
  }
  return uniq;
}

void TextModel::BlendNeighbours(const std::vector<std::pair<uint64_t, uint32_t>>& rows,
                                std::vector<double>* probs,
                                std::vector<std::pair<std::string, double>>* voted) const {
  if (knn_.empty() || knn_share_ <= 0 || probs->empty()) return;
  if (*std::max_element(probs->begin(), probs->end()) >= knn_gate_) return;
  thread_local SparseVector query;
  query.clear();
  for (const auto& [tag, count] : rows) {
    if ((tag & 3) != kDocChars) continue;
    const uint64_t pos = tag >> 2;
    query.emplace_back(static_cast<uint32_t>(pos),
                       TermWeight(count, features_.sublinear_tf) * RowIdf(Row(pos)));
  }
  thread_local std::vector<double> votes;
  votes.assign(probs->size(), 0.0);
  if (!knn_.Votes(query, knn_k_, &votes)) return;
  double total = 0;
  for (double v : votes) total += v;
  if (!(total > 0)) return;
  const double share = knn_share_;
  for (size_t c = 0; c < probs->size(); ++c) {
    (*probs)[c] = (1 - share) * (*probs)[c] + share * votes[c] / total;
  }
  if (voted != nullptr) {
    voted->clear();
    for (size_t c = 0; c < votes.size(); ++c) {
      if (votes[c] > 0) voted->emplace_back(labels_[c], votes[c] / total);
    }
    std::stable_sort(voted->begin(), voted->end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  }
}

void TextModel::Combine(const std::vector<double>& d, std::vector<double>* probs) const {
  const size_t nc = labels_.size();
  probs->assign(nc, 0.0);
  double total_weight = 0;
  thread_local std::vector<double> hd;
  hd.resize(nc);
  for (size_t h = 0; h < heads_.size(); ++h) {
    for (size_t c = 0; c < nc; ++c) hd[c] = d[h * nc + c];
    SoftmaxInPlace(&hd, heads_[h].temperature);
    for (size_t c = 0; c < nc; ++c) (*probs)[c] += heads_[h].options.weight * hd[c];
    total_weight += heads_[h].options.weight;
  }
  if (total_weight > 0) {
    for (double& p : *probs) p /= total_weight;
  }
}

void TextModel::Probabilities(const SparseVector& x, std::vector<double>* probs) const {
  const size_t nc = labels_.size();
  const size_t nw = nc * heads_.size();
  std::vector<double> d(nw, 0.0);
  for (const auto& [i, v] : x) {
    const int8_t* w = RowWeights(i);
    const double vs = static_cast<double>(v) * RowScale(Row(i));
    for (size_t k = 0; k < nw; ++k) d[k] += vs * w[k];
  }
  for (size_t h = 0; h < heads_.size(); ++h) {
    for (size_t c = 0; c < nc; ++c) d[h * nc + c] += heads_[h].bias[c];
  }
  Combine(d, probs);
}

Prediction TextModel::Predict(std::string_view title, std::string_view text) const {
  const size_t max_body = features_.max_body_chars > 0 ? features_.max_body_chars : 0;
  PreparedText prepared = PrepareText(title, text, max_body);
  thread_local std::vector<double> d;
  const auto& rows = Decide(prepared, &d);
  std::vector<double> probs;
  Combine(d, &probs);
  std::vector<std::pair<std::string, double>> voted;
  BlendNeighbours(rows, &probs, &voted);
  Prediction p = Rank(probs);
  p.neighbours = std::move(voted);
  return p;
}

Prediction TextModel::Rank(const std::vector<double>& probs) const {
  Prediction out;
  out.ranked.reserve(labels_.size());
  for (size_t c = 0; c < labels_.size(); ++c) out.ranked.emplace_back(labels_[c], probs[c]);
  std::stable_sort(out.ranked.begin(), out.ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

Status ModelHolder::Reload(const std::string& dir) {
  auto loaded = TextModel::Load(dir);
  if (!loaded.ok()) return loaded.status();
  Swap(std::move(loaded).value());
  return Status::Ok();
}

bool ParseLabeledLine(std::string_view line, LabeledText* out, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  json j;
  try {
    j = json::parse(line);
  } catch (const std::exception&) {
    return fail("不是合法的 JSON");
  }
  if (!j.is_object()) return fail("不是 JSON 对象");
  LabeledText t;
  auto str = [&](const char* key, std::string* dst) -> bool {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return true;
    if (!it->is_string()) return false;
    *dst = it->get<std::string>();
    return true;
  };
  if (!str("title", &t.title) || !str("text", &t.text)) {
    return fail("title/text 必须是字符串或 null");
  }
  // A label is a name or a class number ("label": 3 is the label "3").
  if (auto l = j.find("label"); l != j.end() && l->is_number_integer()) {
    t.label = l->is_number_unsigned() ? std::to_string(l->get<uint64_t>())
                                      : std::to_string(l->get<int64_t>());
  } else if (!str("label", &t.label)) {
    return fail("label 必须是字符串或整数");
  }
  if (t.label.empty()) return fail("缺少 label");
  if (t.title.empty() && t.text.empty()) return fail("title 与 text 都为空");
  if (auto w = j.find("weight"); w != j.end() && !w->is_null()) {
    if (!w->is_number_integer() || !w->is_number_unsigned() || w->get<uint64_t>() < 1 ||
        w->get<uint64_t>() > kMaxExampleWeight) {
      return fail("weight 必须是 1 到 " + std::to_string(kMaxExampleWeight) + " 之间的整数");
    }
    t.weight = static_cast<int>(w->get<uint64_t>());
  }
  *out = std::move(t);
  return true;
}

Result<std::vector<LabeledText>> ReadLabeledJsonl(const std::string& path,
                                                  std::vector<std::string>* bad_lines) {
  std::ifstream in(path);
  if (!in) {
    return Status(StatusCode::kNotFound, "data_not_found", "无法打开标注数据文件", path);
  }
  std::vector<LabeledText> out;
  std::string line, why;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    LabeledText t;
    if (!ParseLabeledLine(line, &t, &why)) {
      if (bad_lines) bad_lines->push_back("第 " + std::to_string(line_no) + " 行: " + why);
      continue;
    }
    out.push_back(std::move(t));
  }
  return out;
}

namespace {

void ScoreCalibration(const std::vector<LabeledText>& data, const std::vector<Prediction>& preds,
                      EvalReport* r) {
  constexpr size_t kBins = 10;
  constexpr double kFloor = 1e-9;
  r->calibration.assign(kBins, {});
  for (size_t b = 0; b < kBins; ++b) {
    r->calibration[b].low = 1.0 * b / kBins;
    r->calibration[b].high = 1.0 * (b + 1) / kBins;
  }
  size_t scored = 0;
  double log_loss = 0, brier = 0;
  for (size_t i = 0; i < data.size() && i < preds.size(); ++i) {
    const auto& ranked = preds[i].ranked;
    if (ranked.empty()) continue;
    double p_true = -1, squares = 0;
    for (const auto& [label, p] : ranked) {
      const bool truth = label == data[i].label;
      if (truth) p_true = p;
      squares += (p - (truth ? 1.0 : 0.0)) * (p - (truth ? 1.0 : 0.0));
    }
    if (p_true < 0) continue;  // a label the model does not know
    ++scored;
    log_loss -= std::log(std::max(p_true, kFloor));
    brier += squares;
    const double confidence = ranked[0].second;
    size_t b = confidence <= 0 ? 0 : static_cast<size_t>(std::ceil(confidence * kBins)) - 1;
    b = std::min(b, kBins - 1);
    auto& bin = r->calibration[b];
    ++bin.n;
    bin.confidence += confidence;
    bin.accuracy += ranked[0].first == data[i].label ? 1.0 : 0.0;
  }
  if (scored == 0) return;
  r->log_loss = log_loss / scored;
  r->brier = brier / scored;
  double ece = 0;
  for (auto& bin : r->calibration) {
    if (bin.n == 0) continue;
    bin.confidence /= bin.n;
    bin.accuracy /= bin.n;
    ece += 1.0 * bin.n / scored * std::abs(bin.accuracy - bin.confidence);
  }
  r->ece = ece;
}

}  // namespace

EvalReport EvaluateModel(const TextModel& model, const std::vector<LabeledText>& data,
                         std::vector<Prediction>* predictions) {
  EvalReport r;
  r.n = data.size();
  const auto& labels = model.labels();
  std::map<std::string, size_t> index;
  for (size_t c = 0; c < labels.size(); ++c) index[labels[c]] = c;
  std::vector<std::string> names = labels;
  for (const auto& d : data) {
    if (!index.count(d.label)) {
      index[d.label] = names.size();
      names.push_back(d.label);
      ++r.unknown_labels;
    }
  }
  const size_t k = names.size();
  std::vector<size_t> tp(k, 0), fp(k, 0), fn(k, 0), support(k, 0);
  size_t correct = 0, top3 = 0;
  std::vector<Prediction> preds(data.size());
  // Warm up process-wide state (OpenCC tables, ICU break iterator) outside the timing.
  if (!data.empty()) model.Predict(data[0].title, data[0].text);
  // Several passes over the file (at least kMinPasses, and until kMinCpuSeconds of prediction
  // have been timed, at most kMaxPasses); every pass predicts every message on this thread and
  // the median pass is reported (prediction is deterministic: every pass gives the same
  // predictions).
  constexpr size_t kMinPasses = 3, kMaxPasses = 25;
  constexpr double kMinCpuSeconds = 0.25;
  std::vector<double> cpu_passes, wall_passes;
  double cpu_total = 0;
  while (!data.empty() && cpu_passes.size() < kMaxPasses &&
         (cpu_passes.size() < kMinPasses || cpu_total < kMinCpuSeconds)) {
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = ThreadCpuSeconds();
    for (size_t i = 0; i < data.size(); ++i) preds[i] = model.Predict(data[i].title, data[i].text);
    const double secs = ThreadCpuSeconds() - cpu0;
    cpu_total += secs;
    cpu_passes.push_back(secs * 1e6 / data.size());
    wall_passes.push_back(Seconds(t0) * 1e6 / data.size());
  }
  auto median = [](std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  r.timing_passes = cpu_passes.size();
  r.wall_us_per_message = median(wall_passes);
  if (!cpu_passes.empty()) {
    r.us_per_message_min = *std::min_element(cpu_passes.begin(), cpu_passes.end());
    r.us_per_message_max = *std::max_element(cpu_passes.begin(), cpu_passes.end());
  }
  for (size_t i = 0; i < data.size(); ++i) {
    r.neighbour_votes += !preds[i].neighbours.empty();
    size_t truth = index[data[i].label];
    ++support[truth];
    const auto& ranked = preds[i].ranked;
    size_t guess = index[ranked[0].first];
    if (guess == truth) {
      ++correct;
      ++tp[truth];
    } else {
      ++fp[guess];
      ++fn[truth];
    }
    for (size_t j = 0; j < ranked.size() && j < 3; ++j) {
      if (ranked[j].first == data[i].label) ++top3;
    }
  }
  double f1_sum = 0;
  size_t f1_n = 0;
  for (size_t c = 0; c < k; ++c) {
    ClassMetrics m;
    m.label = names[c];
    m.support = support[c];
    m.precision = tp[c] + fp[c] ? 1.0 * tp[c] / (tp[c] + fp[c]) : 0.0;
    m.recall = support[c] ? 1.0 * tp[c] / support[c] : 0.0;
    m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
    if (support[c] > 0 || tp[c] + fp[c] > 0) {
      f1_sum += m.f1;
      ++f1_n;
    }
    r.classes.push_back(m);
  }
  if (r.n > 0) {
    r.accuracy = 1.0 * correct / r.n;
    r.top3_accuracy = 1.0 * top3 / r.n;
    r.us_per_message = median(cpu_passes);
  }
  ScoreCalibration(data, preds, &r);
  if (predictions != nullptr) *predictions = std::move(preds);
  r.macro_f1 = f1_n ? f1_sum / f1_n : 0;
  return r;
}

}  // namespace minsheng
