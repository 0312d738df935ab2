#include "dispatch/classifier.h"

#include <linear.h>
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_map>

namespace minsheng {
namespace {

using nlohmann::json;
constexpr char kMagic[8] = {'M', 'S', 'D', 'M', 'B', 'I', 'N', '1'};

void QuietPrint(const char*) {}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

uint64_t Fnv64(const std::string& s) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

json FeaturesToJson(const FeatureConfig& f) {
  return json{{"char_min_n", f.char_min_n},
              {"char_max_n", f.char_max_n},
              {"title_block", f.title_block},
              {"words", f.words},
              {"title_weight", f.title_weight},
              {"doc_weight", f.doc_weight},
              {"word_weight", f.word_weight},
              {"sublinear_tf", f.sublinear_tf},
              {"min_df", f.min_df},
              {"lexicon", f.lexicon},
              {"title_words", f.title_words},
              {"max_body_chars", f.max_body_chars},
              {"word_max_chars", f.word_max_chars}};
}

FeatureConfig FeaturesFromJson(const json& j) {
  FeatureConfig f;
  f.char_min_n = j.value("char_min_n", f.char_min_n);
  f.char_max_n = j.value("char_max_n", f.char_max_n);
  f.title_block = j.value("title_block", f.title_block);
  f.words = j.value("words", f.words);
  f.title_weight = j.value("title_weight", f.title_weight);
  f.doc_weight = j.value("doc_weight", f.doc_weight);
  f.word_weight = j.value("word_weight", f.word_weight);
  f.sublinear_tf = j.value("sublinear_tf", f.sublinear_tf);
  f.min_df = j.value("min_df", f.min_df);
  f.lexicon = j.value("lexicon", f.lexicon);
  f.title_words = j.value("title_words", f.title_words);
  f.max_body_chars = j.value("max_body_chars", f.max_body_chars);
  f.word_max_chars = j.value("word_max_chars", f.word_max_chars);
  return f;
}

// Raw decision values of one head.
void Decisions(const TextModel::Head& head, size_t nc, const SparseVector& x,
               std::vector<double>* d) {
  d->assign(head.bias.begin(), head.bias.end());
  const float* w = head.weights.data();
  for (const auto& [i, v] : x) {
    const float* row = w + static_cast<size_t>(i) * nc;
    for (size_t c = 0; c < nc; ++c) (*d)[c] += static_cast<double>(v) * row[c];
  }
}

void SoftmaxInPlace(std::vector<double>* d, double temperature) {
  double mx = *std::max_element(d->begin(), d->end());
  double sum = 0;
  for (double& v : *d) {
    v = std::exp((v - mx) / temperature);
    sum += v;
  }
  for (double& v : *d) v /= sum;
}

// Trains one liblinear head on rows `rows` of the problem; returns weights in our layout.
// NB-SVM (Wang & Manning 2012), one-vs-rest: each class's features are scaled by their
// log-count ratio r_c before an L2-loss SVM is trained; r_c is folded into the weights, so
// prediction costs the same as a plain linear head.
TextModel::Head TrainNbSvmHead(const std::vector<std::vector<feature_node>>& nodes,
                               const std::vector<int>& y, const std::vector<size_t>& rows,
                               size_t num_features, size_t nc, const HeadOptions& opt) {
  const double alpha = 1.0;
  std::vector<double> per_class(nc * num_features, 0.0), total(num_features, 0.0);
  for (size_t r : rows) {
    for (const feature_node* f = nodes[r].data(); f->index != -1; ++f) {
      if (static_cast<size_t>(f->index) > num_features) continue;
      per_class[static_cast<size_t>(y[r]) * num_features + f->index - 1] += f->value;
      total[f->index - 1] += f->value;
    }
  }
  TextModel::Head head;
  head.options = opt;
  head.weights.assign(num_features * nc, 0.f);
  head.bias.assign(nc, 0.f);
  std::vector<double> ratio(num_features);
  std::vector<std::vector<feature_node>> scaled(rows.size());
  std::vector<feature_node*> x(rows.size());
  std::vector<double> yy(rows.size());
  for (size_t c = 0; c < nc; ++c) {
    double psum = 0, qsum = 0;
    for (size_t f = 0; f < num_features; ++f) {
      psum += alpha + per_class[c * num_features + f];
      qsum += alpha + total[f] - per_class[c * num_features + f];
    }
    for (size_t f = 0; f < num_features; ++f) {
      double p = (alpha + per_class[c * num_features + f]) / psum;
      double q = (alpha + total[f] - per_class[c * num_features + f]) / qsum;
      ratio[f] = std::log(p / q);
    }
    for (size_t k = 0; k < rows.size(); ++k) {
      auto& row = scaled[k];
      row = nodes[rows[k]];
      for (feature_node& f : row) {
        if (f.index != -1 && static_cast<size_t>(f.index) <= num_features) {
          f.value *= ratio[f.index - 1];
        }
      }
      x[k] = row.data();
      yy[k] = y[rows[k]] == static_cast<int>(c) ? 1 : -1;
    }
    problem prob{};
    prob.l = static_cast<int>(rows.size());
    prob.n = static_cast<int>(num_features) + 1;
    prob.y = yy.data();
    prob.x = x.data();
    prob.bias = 1.0;
    parameter param{};
    param.solver_type = L2R_L2LOSS_SVC_DUAL;
    param.C = opt.c;
    param.eps = 0.1;
    model* m = train(&prob, &param);
    const double sign = (m->nr_class == 2 && m->label[0] == 1) ? 1.0 : -1.0;
    for (size_t f = 0; f < num_features; ++f) {
      head.weights[f * nc + c] = static_cast<float>(sign * m->w[f] * ratio[f]);
    }
    head.bias[c] = static_cast<float>(sign * m->w[num_features]);
    free_and_destroy_model(&m);
  }
  return head;
}

TextModel::Head TrainHead(const std::vector<std::vector<feature_node>>& nodes,
                          const std::vector<int>& y, const std::vector<size_t>& rows,
                          size_t num_features, size_t nc, const HeadOptions& opt,
                          const std::vector<double>& class_weights) {
  if (opt.solver == kNbSvmSolver) return TrainNbSvmHead(nodes, y, rows, num_features, nc, opt);
  std::vector<feature_node*> x(rows.size());
  std::vector<double> yy(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    x[r] = const_cast<feature_node*>(nodes[rows[r]].data());
    yy[r] = y[rows[r]];
  }
  problem prob{};
  prob.l = static_cast<int>(rows.size());
  prob.n = static_cast<int>(num_features) + 1;  // + bias feature
  prob.y = yy.data();
  prob.x = x.data();
  prob.bias = 1.0;
  parameter param{};
  param.solver_type = opt.solver;
  param.C = opt.c;
  param.eps = (opt.solver == 0 || opt.solver == 2) ? 0.01 : 0.1;
  param.p = 0.1;
  param.init_sol = nullptr;
  std::vector<int> weight_label;
  std::vector<double> weight;
  if (!class_weights.empty()) {
    for (size_t c = 0; c < nc; ++c) {
      weight_label.push_back(static_cast<int>(c));
      weight.push_back(class_weights[c]);
    }
    param.nr_weight = static_cast<int>(nc);
    param.weight_label = weight_label.data();
    param.weight = weight.data();
  }
  model* m = train(&prob, &param);
  TextModel::Head head;
  head.options = opt;
  head.weights.assign(num_features * nc, 0.f);
  head.bias.assign(nc, 0.f);
  const int mnc = m->nr_class;
  // liblinear stores one column per class, except one column for two classes (not MCSVM_CS).
  const bool one_column = (mnc == 2 && opt.solver != MCSVM_CS);
  const int cols = one_column ? 1 : mnc;
  for (size_t f = 0; f <= num_features; ++f) {
    for (int k = 0; k < cols; ++k) {
      double w = m->w[f * cols + k];
      if (one_column) {
        int c0 = m->label[0], c1 = m->label[1];
        if (f == num_features) {
          head.bias[c0] = static_cast<float>(w);
          head.bias[c1] = static_cast<float>(-w);
        } else {
          head.weights[f * nc + c0] = static_cast<float>(w);
          head.weights[f * nc + c1] = static_cast<float>(-w);
        }
      } else {
        int c = m->label[k];
        if (f == num_features) {
          head.bias[c] = static_cast<float>(w);
        } else {
          head.weights[f * nc + c] = static_cast<float>(w);
        }
      }
    }
  }
  free_and_destroy_model(&m);
  return head;
}

// Mean negative log-likelihood of the true classes at temperature t.
double Nll(const std::vector<std::vector<double>>& dec, const std::vector<int>& truth, double t) {
  double total = 0;
  std::vector<double> p;
  for (size_t i = 0; i < dec.size(); ++i) {
    p = dec[i];
    SoftmaxInPlace(&p, t);
    total -= std::log(std::max(p[truth[i]], 1e-12));
  }
  return total / std::max<size_t>(1, dec.size());
}

double FitTemperature(const std::vector<std::vector<double>>& dec, const std::vector<int>& truth) {
  // Golden-section search over log t in [ln 0.005, ln 20].
  double a = std::log(0.005), b = std::log(20.0);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = Nll(dec, truth, std::exp(c)), fd = Nll(dec, truth, std::exp(d));
  for (int it = 0; it < 60; ++it) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = Nll(dec, truth, std::exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = Nll(dec, truth, std::exp(d));
    }
  }
  return std::exp((a + b) / 2);
}

std::string NewVersion(uint64_t content_hash) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%08llx",
                static_cast<unsigned long long>(content_hash & 0xFFFFFFFFULL));
  return std::string(buf) + "-" + hex;
}

template <typename T>
void WriteVec(std::string* out, const std::vector<T>& v) {
  out->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <typename T>
bool ReadVec(const std::string& in, size_t* pos, size_t n, std::vector<T>* v) {
  if (*pos + n * sizeof(T) > in.size()) return false;
  v->resize(n);
  std::memcpy(v->data(), in.data() + *pos, n * sizeof(T));
  *pos += n * sizeof(T);
  return true;
}

Status WriteFileAtomic(const std::filesystem::path& path, const std::string& data) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status(StatusCode::kInternal, "model_write_failed", "无法写入模型文件", tmp.string());
    }
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      return Status(StatusCode::kInternal, "model_write_failed", "无法写入模型文件", tmp.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return Status(StatusCode::kInternal, "model_write_failed", "无法写入模型文件", ec.message());
  }
  return Status::Ok();
}

}  // namespace

void TextModel::HugeFloats::Free::operator()(float* p) const { std::free(p); }

void TextModel::HugeFloats::assign(size_t n, float zero) {
  constexpr size_t kHuge = size_t{2} << 20;
  size_t bytes = std::max<size_t>(n * sizeof(float), sizeof(float));
  void* p = nullptr;
  if (bytes >= kHuge) {
    bytes = (bytes + kHuge - 1) / kHuge * kHuge;
    if (posix_memalign(&p, kHuge, bytes) == 0) {
      madvise(p, bytes, MADV_HUGEPAGE);  // a hint: failure only costs speed
    } else {
      p = nullptr;
    }
  }
  if (p == nullptr) p = std::malloc(bytes);
  if (p == nullptr) throw std::bad_alloc();
  float* f = static_cast<float*>(p);
  std::fill(f, f + n, zero);
  data_.reset(f);
}

void TextModel::Finalize() {
  const size_t nf = vocab_.size();
  const size_t nc = labels_.size();
  stride_ = 2 + nc * heads_.size();
  size_t cap = 16;
  while (cap < nf + nf / 2) cap <<= 1;
  int bits = 0;
  while ((size_t{1} << bits) < cap) ++bits;
  shift_ = 64 - bits;
  mask_ = cap - 1;
  table_.assign(cap * stride_, 0.f);
  for (size_t f = 0; f < nf; ++f) {
    const uint64_t key = vocab_.keys()[f];
    uint64_t pos = (key * 0x9E3779B97F4A7C15ULL) >> shift_;
    uint32_t occupied;
    while (std::memcpy(&occupied, &table_[pos * stride_], 4), occupied != 0)
      pos = (pos + 1) & mask_;
    float* row = table_.data() + pos * stride_;
    const uint32_t fp = SlotFingerprint(key);
    std::memcpy(&row[0], &fp, 4);
    row[1] = vocab_.idf()[f];
    for (size_t h = 0; h < heads_.size(); ++h) {
      std::memcpy(row + 2 + h * nc, heads_[h].weights.data() + f * nc, nc * sizeof(float));
    }
  }
  for (Head& h : heads_) std::vector<float>().swap(h.weights);
}

void TextModel::Vectorize(const PreparedText& text, SparseVector* out) const {
  thread_local std::vector<uint64_t> keys;
  keys.clear();
  ExtractFeatureKeys(text, features_, &keys, &lexicon_);
  constexpr size_t kAhead = 32;  // lookups are memory-bound: prefetch ahead
  const size_t nk = keys.size();
  // Count distinct features in a small open-addressing table (cache-resident; no sort).
  thread_local std::vector<uint32_t> slot_idx;  // feature index + 1, 0 = empty
  thread_local std::vector<uint32_t> slot_cnt;
  thread_local std::vector<uint32_t> used;
  size_t cap = 1024;
  while (cap < nk * 2) cap <<= 1;
  if (slot_idx.size() < cap) {
    slot_idx.assign(cap, 0);
    slot_cnt.assign(cap, 0);
  }
  const size_t mask = cap - 1;
  used.clear();
  for (size_t k = 0; k < nk; ++k) {
    if (k + kAhead < nk) PrefetchSlot(keys[k + kAhead]);
    int64_t i = FindSlot(keys[k]);
    if (i < 0) continue;
    const uint32_t tag = (static_cast<uint32_t>(i) << 2 | KeyBlock(keys[k])) + 1;
    size_t pos = (static_cast<uint64_t>(tag) * 0x9E3779B97F4A7C15ULL >> 40) & mask;
    while (slot_idx[pos] != 0 && slot_idx[pos] != tag) pos = (pos + 1) & mask;
    if (slot_idx[pos] == 0) {
      slot_idx[pos] = tag;
      used.push_back(static_cast<uint32_t>(pos));
    }
    ++slot_cnt[pos];
  }
  thread_local std::vector<std::pair<uint64_t, uint32_t>> uniq;
  uniq.clear();
  for (uint32_t pos : used) {
    uniq.emplace_back(slot_idx[pos] - 1, slot_cnt[pos]);
    slot_idx[pos] = 0;
    slot_cnt[pos] = 0;
  }
  out->clear();
  thread_local std::vector<uint8_t> blocks;
  blocks.clear();
  double norm2[kNumBlocks] = {};
  const size_t nu = uniq.size();
  for (size_t i = 0; i < nu; ++i) {
    double tf = static_cast<double>(uniq[i].second);
    if (features_.sublinear_tf && tf > 1) tf = 1.0 + std::log(tf);
    const uint32_t idx = static_cast<uint32_t>(uniq[i].first >> 2);
    const uint32_t block = static_cast<uint32_t>(uniq[i].first & 3);
    float v = static_cast<float>(tf * table_[idx * stride_ + 1]);
    out->emplace_back(idx, v);
    blocks.push_back(static_cast<uint8_t>(block));
    norm2[block] += static_cast<double>(v) * v;
  }
  float scale[kNumBlocks];
  for (uint32_t b = 0; b < kNumBlocks; ++b) {
    scale[b] =
        norm2[b] > 0 ? static_cast<float>(features_.BlockWeight(b) / std::sqrt(norm2[b])) : 0;
  }
  for (size_t i = 0; i < out->size(); ++i) (*out)[i].second *= scale[blocks[i]];
}

void TextModel::Probabilities(const SparseVector& x, std::vector<double>* probs) const {
  const size_t nc = labels_.size();
  const size_t nh = heads_.size();
  thread_local std::vector<double> d;
  d.assign(nc * nh, 0.0);
  for (const auto& [i, v] : x) {
    const float* row = table_.data() + static_cast<size_t>(i) * stride_ + 2;
    for (size_t k = 0; k < nc * nh; ++k) d[k] += static_cast<double>(v) * row[k];
  }
  probs->assign(nc, 0.0);
  double total_weight = 0;
  std::vector<double> hd(nc);
  for (size_t h = 0; h < nh; ++h) {
    for (size_t c = 0; c < nc; ++c) hd[c] = d[h * nc + c] + heads_[h].bias[c];
    SoftmaxInPlace(&hd, heads_[h].temperature);
    for (size_t c = 0; c < nc; ++c) (*probs)[c] += heads_[h].options.weight * hd[c];
    total_weight += heads_[h].options.weight;
  }
  if (total_weight > 0) {
    for (double& p : *probs) p /= total_weight;
  }
}

Prediction TextModel::Predict(std::string_view title, std::string_view text) const {
  PreparedText prepared = PrepareText(title, text);
  SparseVector x;
  Vectorize(prepared, &x);
  std::vector<double> probs;
  Probabilities(x, &probs);
  Prediction out;
  out.ranked.reserve(labels_.size());
  for (size_t c = 0; c < labels_.size(); ++c) out.ranked.emplace_back(labels_[c], probs[c]);
  std::stable_sort(out.ranked.begin(), out.ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

Status TextModel::Save(const std::string& dir) const {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status(StatusCode::kInternal, "model_write_failed", "无法创建模型目录", ec.message());
  }
  std::string bin(kMagic, sizeof(kMagic));
  uint64_t nf = vocab_.size();
  uint32_t nc = static_cast<uint32_t>(labels_.size());
  uint32_t nh = static_cast<uint32_t>(heads_.size());
  bin.append(reinterpret_cast<const char*>(&nf), sizeof(nf));
  bin.append(reinterpret_cast<const char*>(&nc), sizeof(nc));
  bin.append(reinterpret_cast<const char*>(&nh), sizeof(nh));
  WriteVec(&bin, vocab_.keys());
  WriteVec(&bin, vocab_.idf());
  for (size_t h = 0; h < heads_.size(); ++h) {
    std::vector<float> w(nf * nc);
    for (size_t f = 0; f < nf; ++f) {
      const int64_t slot = FindSlot(vocab_.keys()[f]);
      std::memcpy(w.data() + f * nc, table_.data() + slot * stride_ + 2 + h * nc,
                  nc * sizeof(float));
    }
    WriteVec(&bin, w);
    WriteVec(&bin, heads_[h].bias);
  }
  uint64_t nlex = lexicon_.hashes().size();
  bin.append(reinterpret_cast<const char*>(&nlex), sizeof(nlex));
  WriteVec(&bin, lexicon_.hashes());
  json manifest = json::parse(manifest_json_);
  manifest["format_version"] = kModelFormatVersion;
  manifest["model_version"] = version_;
  manifest["labels"] = labels_;
  manifest["features"] = FeaturesToJson(features_);
  json heads = json::array();
  for (const Head& h : heads_) {
    heads.push_back(json{{"solver", h.options.solver},
                         {"c", h.options.c},
                         {"weight", h.options.weight},
                         {"temperature", h.temperature}});
  }
  manifest["heads"] = heads;
  manifest["model_file"] = "model.bin";
  manifest["model_bytes"] = bin.size();
  char hash[17];
  std::snprintf(hash, sizeof(hash), "%016llx", static_cast<unsigned long long>(Fnv64(bin)));
  manifest["model_fnv64"] = hash;
  std::filesystem::path p(dir);
  if (Status s = WriteFileAtomic(p / "model.bin", bin); !s.ok()) return s;
  return WriteFileAtomic(p / "manifest.json", manifest.dump(2) + "\n");
}

Result<std::shared_ptr<const TextModel>> TextModel::Load(const std::string& dir) {
  auto bad = [&](const std::string& detail) {
    return Status(StatusCode::kInvalidArgument, "model_invalid", "模型文件无效或不完整",
                  dir + ": " + detail);
  };
  std::filesystem::path p(dir);
  std::ifstream mf(p / "manifest.json");
  if (!mf) {
    return Status(StatusCode::kNotFound, "model_not_found", "找不到模型目录或清单文件", dir);
  }
  json manifest;
  try {
    manifest = json::parse(mf);
  } catch (const std::exception& e) {
    return bad(std::string("manifest: ") + e.what());
  }
  auto model = std::make_shared<TextModel>();
  try {
    if (manifest.value("format_version", 0) != kModelFormatVersion) {
      return bad("unsupported format_version");
    }
    model->labels_ = manifest.at("labels").get<std::vector<std::string>>();
    model->features_ = FeaturesFromJson(manifest.at("features"));
    model->version_ = manifest.value("model_version", "");
    for (const auto& h : manifest.at("heads")) {
      Head head;
      head.options.solver = h.value("solver", 1);
      head.options.c = h.value("c", 1.0);
      head.options.weight = h.value("weight", 1.0);
      head.temperature = h.value("temperature", 1.0);
      model->heads_.push_back(std::move(head));
    }
  } catch (const std::exception& e) {
    return bad(std::string("manifest: ") + e.what());
  }
  std::ifstream bf(p / manifest.value("model_file", std::string("model.bin")), std::ios::binary);
  if (!bf) return bad("model.bin missing");
  std::string bin((std::istreambuf_iterator<char>(bf)), std::istreambuf_iterator<char>());
  if (manifest.contains("model_fnv64")) {
    char hash[17];
    std::snprintf(hash, sizeof(hash), "%016llx", static_cast<unsigned long long>(Fnv64(bin)));
    if (manifest["model_fnv64"] != hash) return bad("model.bin does not match manifest");
  }
  if (bin.size() < sizeof(kMagic) + 16 || std::memcmp(bin.data(), kMagic, sizeof(kMagic)) != 0) {
    return bad("bad magic");
  }
  size_t pos = sizeof(kMagic);
  uint64_t nf;
  uint32_t nc, nh;
  std::memcpy(&nf, bin.data() + pos, 8);
  std::memcpy(&nc, bin.data() + pos + 8, 4);
  std::memcpy(&nh, bin.data() + pos + 12, 4);
  pos += 16;
  if (nc != model->labels_.size() || nh != model->heads_.size() || nc < 2) {
    return bad("header does not match manifest");
  }
  std::vector<uint64_t> keys;
  std::vector<float> idf;
  if (!ReadVec(bin, &pos, nf, &keys) || !ReadVec(bin, &pos, nf, &idf)) return bad("truncated");
  for (Head& h : model->heads_) {
    if (!ReadVec(bin, &pos, nf * nc, &h.weights) || !ReadVec(bin, &pos, nc, &h.bias)) {
      return bad("truncated");
    }
  }
  uint64_t nlex = 0;
  if (pos + 8 > bin.size()) return bad("truncated");
  std::memcpy(&nlex, bin.data() + pos, 8);
  pos += 8;
  std::vector<uint64_t> lex;
  if (!ReadVec(bin, &pos, nlex, &lex)) return bad("truncated");
  model->lexicon_ = WordLexicon(std::move(lex));
  model->vocab_ = Vocabulary(std::move(keys), std::move(idf));
  model->Finalize();
  model->manifest_json_ = manifest.dump();
  return std::shared_ptr<const TextModel>(std::move(model));
}

Status ModelHolder::Reload(const std::string& dir) {
  auto loaded = TextModel::Load(dir);
  if (!loaded.ok()) return loaded.status();
  Swap(std::move(loaded).value());
  return Status::Ok();
}

Result<std::unique_ptr<TextModel>> TrainTextModel(
    const std::vector<LabeledText>& data, const TrainOptions& options,
    const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& s) {
    if (progress) progress(s);
  };
  const auto t0 = std::chrono::steady_clock::now();
  set_print_string_function(&QuietPrint);
  if (options.heads.empty()) {
    return InvalidArgument("bad_train_options", "至少需要一个线性模型");
  }
  // Labels in sorted order.
  std::map<std::string, int> label_index;
  for (const auto& d : data) label_index[d.label] = 0;
  if (label_index.size() < 2) {
    return InvalidArgument("too_few_labels", "训练数据至少需要两个不同的类别");
  }
  auto model = std::make_unique<TextModel>();
  for (auto& [name, idx] : label_index) {
    idx = static_cast<int>(model->labels_.size());
    model->labels_.push_back(name);
  }
  const size_t n = data.size();
  const size_t nc = model->labels_.size();
  std::vector<int> y(n);
  for (size_t i = 0; i < n; ++i) y[i] = label_index[data[i].label];
  model->features_ = options.features;
  const FeatureConfig& fc = model->features_;

  const int threads = std::max(1, options.threads);
  std::vector<PreparedText> prepared(n);
  {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = t; i < n; i += threads) {
          prepared[i] = PrepareText(data[i].title, data[i].text);
        }
      });
    }
    for (auto& th : pool) th.join();
  }
  // 0. Word lexicon from ICU segmentation (words of 2..6 Chinese characters in ≥ 2 messages).
  if (fc.words && fc.lexicon) {
    std::vector<std::vector<uint64_t>> doc_words(n);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        std::vector<std::u32string> words;
        for (size_t i = t; i < n; i += threads) {
          words.clear();
          IcuWords(prepared[i], fc, &words);
          for (const auto& w : words) {
            if (w.size() < 2 || w.size() > static_cast<size_t>(WordLexicon::kMaxWordChars))
              continue;
            bool cjk = true;
            for (char32_t c : w) cjk = cjk && c >= 0x2E80;
            if (cjk) doc_words[i].push_back(WordLexicon::HashWord(w.data(), w.size()));
          }
          std::sort(doc_words[i].begin(), doc_words[i].end());
          doc_words[i].erase(std::unique(doc_words[i].begin(), doc_words[i].end()),
                             doc_words[i].end());
        }
      });
    }
    for (auto& th : pool) th.join();
    std::unordered_map<uint64_t, uint32_t> wdf;
    for (const auto& dw : doc_words) {
      for (uint64_t h : dw) ++wdf[h];
    }
    std::vector<uint64_t> lex;
    for (const auto& [h, c] : wdf) {
      if (c >= 2) lex.push_back(h);
    }
    std::sort(lex.begin(), lex.end());
    model->lexicon_ = WordLexicon(std::move(lex));
    say("词典: " + std::to_string(model->lexicon_.hashes().size()) + " 个词");
  }

  // 1. Feature keys of every message (parallel).
  std::vector<std::vector<uint64_t>> keys(n);
  {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = t; i < n; i += threads) {
          ExtractFeatureKeys(prepared[i], fc, &keys[i], &model->lexicon_);
        }
      });
    }
    for (auto& th : pool) th.join();
  }
  say("特征提取完成: " + std::to_string(n) + " 条, 用时 " + std::to_string(Seconds(t0)) + " 秒");

  // 2. Document frequencies → vocabulary and idf.
  std::unordered_map<uint64_t, uint32_t> df;
  df.reserve(n * 256);
  std::vector<uint64_t> uniq;
  for (size_t i = 0; i < n; ++i) {
    uniq = keys[i];
    std::sort(uniq.begin(), uniq.end());
    uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
    for (uint64_t k : uniq) ++df[k];
  }
  std::vector<uint64_t> vocab_keys;
  for (const auto& [k, c] : df) {
    if (static_cast<int>(c) >= fc.min_df) vocab_keys.push_back(k);
  }
  // Frequent features first: their table rows share cache lines.
  std::sort(vocab_keys.begin(), vocab_keys.end(), [&](uint64_t a, uint64_t b) {
    uint32_t da = df[a], db = df[b];
    return da != db ? da > db : a < b;
  });
  std::vector<float> idf(vocab_keys.size());
  for (size_t i = 0; i < vocab_keys.size(); ++i) {
    idf[i] = static_cast<float>(std::log((1.0 + n) / (1.0 + df[vocab_keys[i]])) + 1.0);
  }
  df.clear();
  model->vocab_ = Vocabulary(std::move(vocab_keys), std::move(idf));
  const size_t nf = model->vocab_.size();
  say("词表: " + std::to_string(nf) + " 个特征");

  // 3. Vectors as liblinear nodes (1-based indices, bias appended by liblinear).
  std::vector<std::vector<feature_node>> nodes(n);
  {
    SparseVector x;
    for (size_t i = 0; i < n; ++i) {
      Vectorize(&keys[i], model->vocab_, fc, &x);
      std::vector<uint64_t>().swap(keys[i]);
      auto& row = nodes[i];
      row.reserve(x.size() + 2);
      for (const auto& [idx, v] : x) row.push_back({static_cast<int>(idx) + 1, v});
      row.push_back({static_cast<int>(nf) + 1, 1.0});  // bias
      row.push_back({-1, 0});
    }
  }

  // 4. Hold-out split for calibration, stratified per label.
  std::vector<size_t> all(n), fit_rows, held_rows;
  for (size_t i = 0; i < n; ++i) all[i] = i;
  const bool calibrate = options.holdout_fraction > 0 && n >= 20;
  if (calibrate) {
    std::mt19937_64 rng(options.seed);
    std::vector<std::vector<size_t>> per(nc);
    for (size_t i = 0; i < n; ++i) per[y[i]].push_back(i);
    for (auto& rows : per) {
      std::shuffle(rows.begin(), rows.end(), rng);
      size_t h = static_cast<size_t>(std::floor(rows.size() * options.holdout_fraction));
      if (rows.size() >= 2 && h == 0) h = 1;
      held_rows.insert(held_rows.end(), rows.begin(), rows.begin() + h);
      fit_rows.insert(fit_rows.end(), rows.begin() + h, rows.end());
    }
    std::sort(held_rows.begin(), held_rows.end());
    std::sort(fit_rows.begin(), fit_rows.end());
  }

  // 5. Train every head on the fit split (for temperatures) and on all rows, in parallel.
  struct Job {
    size_t head;
    bool full;
    TextModel::Head result;
  };
  std::vector<Job> jobs;
  for (size_t h = 0; h < options.heads.size(); ++h) {
    if (calibrate) jobs.push_back({h, false, {}});
    jobs.push_back({h, true, {}});
  }
  {
    std::vector<double> class_weights;
    if (options.class_weight_power > 0) {
      for (size_t c = 0; c < nc; ++c) {
        double count = static_cast<double>(std::count(y.begin(), y.end(), static_cast<int>(c)));
        class_weights.push_back(std::pow(static_cast<double>(n) / (static_cast<double>(nc) * count),
                                         options.class_weight_power));
      }
    }
    // liblinear draws from the process-wide rand(): train sequentially, reseeded per job, so
    // the same data and options always give the same model.
    for (Job& job : jobs) {
      std::srand(static_cast<unsigned>(options.seed));
      job.result = TrainHead(nodes, y, job.full ? all : fit_rows, nf, nc, options.heads[job.head],
                             class_weights);
    }
  }
  say("线性模型训练完成, 用时 " + std::to_string(Seconds(t0)) + " 秒");

  json stats;
  stats["n"] = n;
  json counts = json::object();
  for (size_t c = 0; c < nc; ++c) {
    counts[model->labels_[c]] = std::count(y.begin(), y.end(), static_cast<int>(c));
  }
  stats["label_counts"] = counts;
  stats["num_features"] = nf;
  stats["class_weight_power"] = options.class_weight_power;
  stats["holdout_fraction"] = options.holdout_fraction;
  model->heads_.resize(options.heads.size());
  for (Job& job : jobs) {
    if (job.full) model->heads_[job.head] = std::move(job.result);
  }
  if (calibrate) {
    std::vector<int> truth;
    for (size_t r : held_rows) truth.push_back(y[r]);
    SparseVector x;
    for (Job& job : jobs) {
      if (job.full) continue;
      std::vector<std::vector<double>> dec(held_rows.size());
      for (size_t k = 0; k < held_rows.size(); ++k) {
        x.clear();
        for (const feature_node* f = nodes[held_rows[k]].data(); f->index != -1; ++f) {
          if (static_cast<size_t>(f->index) <= nf) {
            x.emplace_back(f->index - 1, static_cast<float>(f->value));
          }
        }
        Decisions(job.result, nc, x, &dec[k]);
      }
      double t = FitTemperature(dec, truth);
      model->heads_[job.head].temperature = t;
      size_t correct = 0;
      for (size_t k = 0; k < dec.size(); ++k) {
        if (std::max_element(dec[k].begin(), dec[k].end()) - dec[k].begin() == truth[k]) {
          ++correct;
        }
      }
      stats["holdout"].push_back(json{{"head", job.head},
                                      {"n", held_rows.size()},
                                      {"accuracy", dec.empty() ? 0.0 : 1.0 * correct / dec.size()},
                                      {"temperature", t},
                                      {"nll", Nll(dec, truth, t)}});
    }
  }
  stats["seconds"] = Seconds(t0);
  json manifest;
  manifest["training"] = stats;
  std::time_t now = std::time(nullptr);
  char buf[64];
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  manifest["created_at"] = buf;
  model->manifest_json_ = manifest.dump();
  uint64_t h = 0;
  for (size_t c = 0; c < nc; ++c) h ^= Fnv64(model->labels_[c]) + c;
  h ^= nf * 0x9E3779B97F4A7C15ULL;
  if (!model->heads_.empty() && !model->heads_[0].bias.empty()) {
    uint32_t bits;
    std::memcpy(&bits, &model->heads_[0].bias[0], 4);
    h ^= Fnv64(std::to_string(bits));
  }
  model->version_ = NewVersion(h);
  model->Finalize();
  say("训练完成, 总用时 " + std::to_string(Seconds(t0)) + " 秒");
  return model;
}

Result<std::vector<LabeledText>> ReadLabeledJsonl(const std::string& path,
                                                  std::vector<std::string>* bad_lines) {
  std::ifstream in(path);
  if (!in) {
    return Status(StatusCode::kNotFound, "data_not_found", "无法打开训练数据文件", path);
  }
  std::vector<LabeledText> out;
  std::string line;
  size_t line_no = 0;
  auto bad = [&](const std::string& why) {
    if (bad_lines) bad_lines->push_back("第 " + std::to_string(line_no) + " 行: " + why);
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    json j;
    try {
      j = json::parse(line);
    } catch (const std::exception&) {
      bad("不是合法的 JSON");
      continue;
    }
    if (!j.is_object()) {
      bad("不是 JSON 对象");
      continue;
    }
    LabeledText t;
    auto str = [&](const char* key, std::string* dst) -> bool {
      auto it = j.find(key);
      if (it == j.end() || it->is_null()) return true;
      if (!it->is_string()) return false;
      *dst = it->get<std::string>();
      return true;
    };
    if (!str("title", &t.title) || !str("text", &t.text) || !str("label", &t.label)) {
      bad("title/text/label 必须是字符串或 null");
      continue;
    }
    if (t.label.empty()) {
      bad("缺少 label");
      continue;
    }
    if (t.title.empty() && t.text.empty()) {
      bad("title 与 text 都为空");
      continue;
    }
    out.push_back(std::move(t));
  }
  return out;
}

EvalReport EvaluateModel(const TextModel& model, const std::vector<LabeledText>& data) {
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
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = ThreadCpuSeconds();
  for (size_t i = 0; i < data.size(); ++i) preds[i] = model.Predict(data[i].title, data[i].text);
  const double secs = ThreadCpuSeconds() - cpu0;
  r.wall_us_per_message = data.empty() ? 0 : Seconds(t0) * 1e6 / data.size();
  for (size_t i = 0; i < data.size(); ++i) {
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
    r.us_per_message = secs * 1e6 / r.n;
  }
  r.macro_f1 = f1_n ? f1_sum / f1_n : 0;
  return r;
}

}  // namespace minsheng
