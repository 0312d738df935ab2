// Training of the category classifier (TrainTextModel): features, vocabulary, liblinear heads,
// temperature calibration. Prediction is in classifier.cc, model files in model_file.cc.
#include <linear.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unordered_map>

#include "dispatch/classifier.h"
#include "dispatch/classifier_internal.h"

namespace minsheng {
namespace {

using classifier_internal::Fnv64;
using classifier_internal::Seconds;
using classifier_internal::SoftmaxInPlace;
using nlohmann::json;

void QuietPrint(const char*) {}

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

// Generative heads over the same TF-IDF vectors (a different inductive bias from the SVMs):
// kCentroidSolver: Rocchio, each class's L2-normalised mean vector (score = cosine up to the
// message norm); kComplementNbSolver: complement Naive Bayes (Rennie et al. 2003) with
// smoothing alpha = C and L1-normalised class weights (scaled to mean |w| = 1). No bias: uniform
// class prior.
TextModel::Head TrainGenerativeHead(const std::vector<std::vector<feature_node>>& nodes,
                                    const std::vector<int>& y, const std::vector<size_t>& rows,
                                    size_t num_features, size_t nc, const HeadOptions& opt) {
  std::vector<double> per_class(nc * num_features, 0.0), total(num_features, 0.0);
  std::vector<double> count(nc, 0.0);
  for (size_t r : rows) {
    count[static_cast<size_t>(y[r])] += 1;
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
  double grand = 0;
  for (double t : total) grand += t;
  for (size_t c = 0; c < nc; ++c) {
    const double* pc = &per_class[c * num_features];
    std::vector<double> w(num_features, 0.0);
    if (opt.solver == kCentroidSolver) {
      for (size_t f = 0; f < num_features; ++f) w[f] = pc[f];
    } else {
      double csum = 0;
      for (size_t f = 0; f < num_features; ++f) csum += pc[f];
      const double denom = grand - csum + opt.c * static_cast<double>(num_features);
      for (size_t f = 0; f < num_features; ++f) {
        w[f] = -std::log((total[f] - pc[f] + opt.c) / denom);
      }
    }
    double norm = 0;
    for (double v : w) norm += opt.solver == kCentroidSolver ? v * v : std::abs(v);
    // Complement NB: mean |w| = 1, so the decision values suit the temperature search.
    norm =
        opt.solver == kCentroidSolver ? std::sqrt(norm) : norm / static_cast<double>(num_features);
    if (norm <= 0) continue;
    for (size_t f = 0; f < num_features; ++f) {
      head.weights[f * nc + c] = static_cast<float>(w[f] / norm);
    }
  }
  return head;
}

TextModel::Head TrainHead(const std::vector<std::vector<feature_node>>& nodes,
                          const std::vector<int>& y, const std::vector<size_t>& rows,
                          size_t num_features, size_t nc, const HeadOptions& opt,
                          const std::vector<double>& class_weights) {
  if (opt.solver == kNbSvmSolver) return TrainNbSvmHead(nodes, y, rows, num_features, nc, opt);
  if (opt.solver == kCentroidSolver || opt.solver == kComplementNbSolver) {
    return TrainGenerativeHead(nodes, y, rows, num_features, nc, opt);
  }
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
    // Only the classes of these rows: liblinear warns on stderr about any other (a class with
    // one example is absent from every training fold but one).
    std::vector<char> present(nc, 0);
    for (size_t r : rows) present[static_cast<size_t>(y[r])] = 1;
    for (size_t c = 0; c < nc; ++c) {
      if (!present[c]) continue;
      weight_label.push_back(static_cast<int>(c));
      weight.push_back(class_weights[c]);
    }
    param.nr_weight = static_cast<int>(weight_label.size());
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

// Macro-F1 of the arg-max decisions.
double MacroF1(const std::vector<std::vector<double>>& dec, const std::vector<int>& truth,
               size_t nc) {
  std::vector<double> tp(nc, 0), fp(nc, 0), fn(nc, 0);
  for (size_t i = 0; i < dec.size(); ++i) {
    const auto p =
        static_cast<int>(std::max_element(dec[i].begin(), dec[i].end()) - dec[i].begin());
    if (p == truth[i]) {
      ++tp[p];
    } else {
      ++fp[p];
      ++fn[truth[i]];
    }
  }
  double sum = 0;
  size_t present = 0;
  for (size_t c = 0; c < nc; ++c) {
    if (tp[c] + fn[c] == 0) continue;  // a class absent from the hold-out
    ++present;
    const double denom = 2 * tp[c] + fp[c] + fn[c];
    sum += denom > 0 ? 2 * tp[c] / denom : 0;
  }
  return present > 0 ? sum / static_cast<double>(present) : 0;
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

// The nearest-messages votes: how many neighbours (the gate, below which best probability of the
// linear head they are asked, is TrainOptions::neighbour_gate).
constexpr uint32_t kNeighbours = 10;

// Chooses the second head's share w on the out-of-fold decisions (macro-F1 of d0/T0 + w·d1/T1, ties
// to the smaller w, so w = 0 — the first head alone — wins unless the blend is better), fits a
// temperature to the blend and folds both heads into one: W = W0/T0 + w·W1/T1, same for the
// bias. Returns what was tried, for the manifest.
json SelectAndFoldBlend(const std::vector<std::vector<std::vector<double>>>& held_dec,
                        const std::vector<int>& truth, size_t nc, size_t nf,
                        std::vector<TextModel::Head>* heads,
                        std::vector<std::vector<double>>* held_probs) {
  static constexpr double kShares[] = {0, 0.15, 0.3, 0.45, 0.6, 0.8, 1.0};
  const TextModel::Head& h0 = (*heads)[0];
  const TextModel::Head& h1 = (*heads)[1];
  const double t0 = h0.temperature, t1 = h1.temperature;
  auto blend = [&](double w) {
    std::vector<std::vector<double>> dec(truth.size(), std::vector<double>(nc));
    for (size_t k = 0; k < truth.size(); ++k) {
      for (size_t c = 0; c < nc; ++c) {
        dec[k][c] = held_dec[0][k][c] / t0 + w * held_dec[1][k][c] / t1;
      }
    }
    return dec;
  };
  json tried = json::array();
  double best_w = 0, best_f1 = -1;
  for (double w : kShares) {  // ascending: a tie keeps the smaller share
    const double f1 = MacroF1(blend(w), truth, nc);
    tried.push_back(json{{"share", w}, {"macro_f1", f1}});
    if (f1 > best_f1 + 1e-12) {
      best_f1 = f1;
      best_w = w;
    }
  }
  TextModel::Head folded;
  folded.options = h0.options;
  folded.options.weight = 1.0;
  *held_probs = blend(best_w);
  folded.temperature = FitTemperature(*held_probs, truth);
  for (std::vector<double>& p : *held_probs) SoftmaxInPlace(&p, folded.temperature);
  folded.weights.resize(nf * nc);
  for (size_t i = 0; i < folded.weights.size(); ++i) {
    folded.weights[i] = static_cast<float>(h0.weights[i] / t0 + best_w * h1.weights[i] / t1);
  }
  folded.bias.resize(nc);
  for (size_t c = 0; c < nc; ++c) {
    folded.bias[c] = static_cast<float>(h0.bias[c] / t0 + best_w * h1.bias[c] / t1);
  }
  const HeadOptions second = h1.options;
  heads->assign(1, std::move(folded));
  return json{{"second_head", json{{"solver", second.solver}, {"c", second.c}}},
              {"share", best_w},
              {"holdout_macro_f1", best_f1},
              {"tried", tried}};
}

// Rows once each (a weighted row comes repeated).
std::vector<size_t> UniqueRows(std::vector<size_t> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

// The last `cap` of ascending unique rows (all when cap is 0 or not smaller).
std::vector<size_t> LastRows(std::vector<size_t> rows, size_t cap) {
  if (cap > 0 && rows.size() > cap) rows.erase(rows.begin(), rows.end() - cap);
  return rows;
}

// The share s of the nearest training messages' votes (KnnIndex over the title+body character
// block) in (1 − s) · p + s · votes, where the folded head's best probability p is below
// options.neighbour_gate, chosen out of fold like the blend (every split's index over its fit rows
// votes for its held-out rows; best macro-F1, ties to the smaller share, so 0 unless the votes
// help). Stores it in `*share`; returns what was tried, for the manifest.
json SelectNeighbourShare(const std::vector<SparseVector>& vectors,
                          const std::vector<uint32_t>& labels,
                          const std::vector<std::vector<size_t>>& fits,
                          const std::vector<std::vector<size_t>>& helds,
                          const std::vector<std::vector<double>>& held_probs,
                          const std::vector<int>& truth, size_t nc, size_t nf, double gate,
                          double* share) {
  static constexpr double kShares[] = {0, 0.15, 0.25, 0.35, 0.5};
  // Held-out rows in split order, as held_probs.
  std::vector<std::vector<double>> votes(held_probs.size(), std::vector<double>(nc, 0.0));
  std::vector<char> voted(held_probs.size(), 0);
  size_t k = 0;
  for (size_t f = 0; f < fits.size(); ++f) {
    const KnnIndex fold = KnnIndex::Build(vectors, UniqueRows(fits[f]), labels, nf);
    for (size_t r : helds[f]) {
      voted[k] = fold.Votes(vectors[r], kNeighbours, &votes[k]);
      ++k;
    }
  }
  for (size_t i = 0; i < votes.size(); ++i) {
    double total = 0;
    for (double v : votes[i]) total += v;
    if (voted[i] && total > 0) {
      for (double& v : votes[i]) v /= total;
    } else {
      voted[i] = 0;
    }
  }
  json tried = json::array();
  double best_s = 0, best_f1 = -1;
  for (double s : kShares) {
    std::vector<std::vector<double>> p = held_probs;
    for (size_t i = 0; i < p.size(); ++i) {
      if (!voted[i] || *std::max_element(p[i].begin(), p[i].end()) >= gate) continue;
      for (size_t c = 0; c < nc; ++c) p[i][c] = (1 - s) * p[i][c] + s * votes[i][c];
    }
    const double f1 = MacroF1(p, truth, nc);
    tried.push_back(json{{"share", s}, {"macro_f1", f1}});
    if (f1 > best_f1 + 1e-12) {
      best_f1 = f1;
      best_s = s;
    }
  }
  *share = best_s;
  return json{{"holdout_macro_f1", best_f1}, {"tried", tried}};
}

}  // namespace

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
  if (!options.features.Valid()) {
    return InvalidArgument("bad_train_options",
                           "特征设置超出范围: n-gram 长度 1–5, 块权重 0–100, 最小文档频率至少 1, "
                           "字符数不能为负");
  }
  for (const HeadOptions& h : options.heads) {
    if (!(h.c > 0 && h.c <= 1e6) || !(h.weight >= 0 && h.weight <= 1e6)) {
      return InvalidArgument("bad_train_options", "线性模型的 C 必须为正数, 权重不能为负");
    }
  }
  if (std::none_of(options.heads.begin(), options.heads.end(),
                   [](const HeadOptions& h) { return h.weight > 0; })) {
    return InvalidArgument("bad_train_options", "至少一个线性模型的权重必须大于 0");
  }
  if (!(options.neighbour_share <= 1) ||
      (options.neighbour_share < 0 && options.neighbour_share != -1)) {
    return InvalidArgument("bad_train_options", "近邻投票份额必须在 0 到 1 之间 (-1 表示自动选择)");
  }
  if (options.max_features != 0 && options.max_features < 1000) {
    return InvalidArgument("bad_train_options", "特征数上限须为 0(不限)或不少于 1000");
  }
  if (!(options.neighbour_gate > 0 && options.neighbour_gate <= kMaxNeighbourGate)) {
    return InvalidArgument("bad_train_options", "近邻投票门槛必须大于 0 且不超过 1.01");
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
          prepared[i] = PrepareText(data[i].title, data[i].text,
                                    static_cast<size_t>(std::max(0, fc.max_body_chars)));
        }
      });
    }
    for (auto& th : pool) th.join();
  }
  // 0. Word lexicon from ICU segmentation (words of 2..6 Chinese characters in ≥ 2 messages).
  if (fc.words && fc.lexicon) {
    std::vector<std::vector<uint64_t>> doc_words(n);
    // Spelling of every word hash (per thread), for the prefixes of the kept words.
    std::vector<std::unordered_map<uint64_t, std::u32string>> spelled(threads);
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
            if (!cjk) continue;
            const uint64_t h = WordLexicon::HashWord(w.data(), w.size());
            doc_words[i].push_back(h);
            spelled[t].try_emplace(h, w);
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
    std::vector<uint64_t> lex, prefixes;
    for (const auto& [h, c] : wdf) {
      if (c < 2) continue;
      lex.push_back(h);
      for (const auto& sp : spelled) {
        auto it = sp.find(h);
        if (it == sp.end()) continue;
        WordLexicon::AppendPrefixHashes(it->second.data(), it->second.size(), &prefixes);
        break;
      }
    }
    std::sort(lex.begin(), lex.end());
    std::sort(prefixes.begin(), prefixes.end());
    prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
    model->lexicon_ = WordLexicon(std::move(lex), std::move(prefixes), true);
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
  // At most max_features: the minimum document frequency raised until the vocabulary fits (whole
  // frequency levels go, so which of equally frequent features stay is never arbitrary).
  uint32_t effective_min_df = static_cast<uint32_t>(std::max(1, fc.min_df));
  if (options.max_features > 0 && vocab_keys.size() > options.max_features) {
    effective_min_df = df[vocab_keys[options.max_features]] + 1;
    size_t keep = options.max_features;
    while (keep > 0 && df[vocab_keys[keep - 1]] < effective_min_df) --keep;
    if (keep == 0) {  // one frequency level holds them all: cut inside it (by key)
      keep = options.max_features;
      effective_min_df = df[vocab_keys[keep - 1]];
    }
    say("特征 " + std::to_string(vocab_keys.size()) + " 个, 超过上限 " +
        std::to_string(options.max_features) + ": 最小文档频率提高到 " +
        std::to_string(effective_min_df) + ", 保留 " + std::to_string(keep) + " 个");
    vocab_keys.resize(keep);
  }
  std::vector<float> idf(vocab_keys.size());
  for (size_t i = 0; i < vocab_keys.size(); ++i) {
    idf[i] = static_cast<float>(std::log((1.0 + n) / (1.0 + df[vocab_keys[i]])) + 1.0);
  }
  df.clear();
  const Vocabulary vocab(std::move(vocab_keys), std::move(idf));
  const size_t nf = vocab.size();
  say("词表: " + std::to_string(nf) + " 个特征");
  if (nf == 0) {
    // Every prediction would be the class prior: a model that knows no word is not a model.
    return InvalidArgument("no_features", "训练数据太少: 没有任何字词出现在至少 " +
                                              std::to_string(fc.min_df) +
                                              " 条留言中, 无法训练模型");
  }

  // 3. Vectors as liblinear nodes (1-based indices, bias appended by liblinear).
  std::vector<std::vector<feature_node>> nodes(n);
  // The title+body character block of every message, unit norm: the nearest-messages index.
  // The index holds messages [first_indexed, n); the out-of-fold choice of the share sees the
  // same cap (the last rows of each fit).
  const size_t cap = options.neighbour_max_messages;
  const size_t first_indexed = cap > 0 && n > cap ? n - cap : 0;
  const bool neighbours =
      options.neighbour_share != 0 && fc.doc_weight > 0 && n - first_indexed <= KnnIndex::kMaxDocs;
  std::vector<SparseVector> doc_chars(neighbours ? n : 0);
  const bool choose_share = options.neighbour_share < 0;
  const std::vector<uint32_t> labels(y.begin(), y.end());
  double neighbour_share = options.neighbour_share;  // -1 until chosen out of fold
  json neighbour_stats = {{"chosen", "given"}};
  {
    SparseVector x;
    for (size_t i = 0; i < n; ++i) {
      Vectorize(&keys[i], vocab, fc, &x);
      std::vector<uint64_t>().swap(keys[i]);
      if (neighbours && (choose_share || i >= first_indexed)) {
        for (const auto& [idx, v] : x) {
          if (KeyBlock(vocab.keys()[idx]) == kDocChars) {
            doc_chars[i].emplace_back(idx, static_cast<float>(v / fc.doc_weight));
          }
        }
      }
      auto& row = nodes[i];
      row.reserve(x.size() + 2);
      for (const auto& [idx, v] : x) row.push_back({static_cast<int>(idx) + 1, v});
      row.push_back({static_cast<int>(nf) + 1, 1.0});  // bias
      row.push_back({-1, 0});
    }
  }

  // 4. Hold-out for calibration, stratified per label: one split (holdout_fraction), or, when
  // the blend share is to be chosen from at most fold_max_messages messages, every row held out
  // once in 1 / holdout_fraction folds, so the share is chosen on out-of-fold decisions for the
  // whole training set (one 20 % hold-out of a small history is too noisy to choose it).
  std::vector<size_t> all(n);
  for (size_t i = 0; i < n; ++i) all[i] = i;
  struct Split {
    std::vector<size_t> fit, held;
  };
  std::vector<Split> splits;
  const bool calibrate = options.holdout_fraction > 0 && n >= 20;
  if (calibrate) {
    const bool use_folds = options.select_blend && options.heads.size() == 2 &&
                           (options.fold_max_messages == 0 || n <= options.fold_max_messages);
    const size_t folds =
        use_folds ? std::clamp<size_t>(
                        static_cast<size_t>(std::lround(1 / options.holdout_fraction)), 2, 10)
                  : 1;
    splits.resize(folds);
    std::mt19937_64 rng(options.seed);
    std::vector<std::vector<size_t>> per(nc);
    for (size_t i = 0; i < n; ++i) per[y[i]].push_back(i);
    for (auto& rows : per) {
      std::shuffle(rows.begin(), rows.end(), rng);
      size_t h = static_cast<size_t>(std::floor(rows.size() * options.holdout_fraction));
      if (rows.size() >= 2 && h == 0) h = 1;
      for (size_t k = 0; k < rows.size(); ++k) {
        // Single split: the first h rows are held out. Folds: row k is held out in fold k % folds.
        const size_t held_in = folds == 1 ? (k < h ? 0 : folds) : k % folds;
        for (size_t f = 0; f < folds; ++f) {
          (f == held_in ? splits[f].held : splits[f].fit).push_back(rows[k]);
        }
      }
    }
    for (Split& sp : splits) {
      std::sort(sp.held.begin(), sp.held.end());
      std::sort(sp.fit.begin(), sp.fit.end());
    }
  }
  // Example weights: a row of weight w is given to the solvers w times (liblinear has no
  // instance weights; for the SVM a repeated row is the same as a w-fold cost on it). The
  // hold-out scores each example once.
  size_t weighted_n = 0;
  std::vector<double> class_mass(nc, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const auto w = static_cast<size_t>(std::clamp(data[i].weight, 1, kMaxExampleWeight));
    weighted_n += w;
    class_mass[y[i]] += static_cast<double>(w);
  }
  if (weighted_n != n) {
    auto expand = [&](std::vector<size_t>* rows) {
      std::vector<size_t> out;
      out.reserve(rows->size() * weighted_n / n + 1);
      for (size_t r : *rows)
        out.insert(out.end(), std::clamp(data[r].weight, 1, kMaxExampleWeight), r);
      rows->swap(out);
    };
    expand(&all);
    for (Split& sp : splits) expand(&sp.fit);
  }

  // 5. Train every head on the fit split (for temperatures) and on all rows, in parallel.
  struct Job {
    size_t head;
    bool full;
    size_t split;  // for !full
    TextModel::Head result;
  };
  std::vector<Job> jobs;
  // The splits' decisions on their held-out rows, per head (calibration and the blend).
  std::vector<std::vector<std::vector<double>>> held_dec(options.heads.size());
  for (size_t h = 0; h < options.heads.size(); ++h) {
    for (size_t sp = 0; sp < splits.size(); ++sp) jobs.push_back({h, false, sp, {}});
    jobs.push_back({h, true, 0, {}});
  }
  {
    std::vector<double> class_weights;
    if (options.class_weight_power > 0) {
      for (size_t c = 0; c < nc; ++c) {
        class_weights.push_back(
            std::pow(static_cast<double>(weighted_n) / (static_cast<double>(nc) * class_mass[c]),
                     options.class_weight_power));
      }
    }
    // liblinear draws from the process-wide rand(): train sequentially, reseeded per job, so
    // the same data and options always give the same model. A split's head is needed only for
    // its decisions on the held-out rows (head by head, splits in order: the order of
    // held_rows below); its weights go right after, so that one head's features × classes
    // floats are held per head, not per job (10,633 messages, 103 classes, 396 k features: 163
    // MB a head, 12 jobs).
    SparseVector x;
    for (Job& job : jobs) {
      std::srand(static_cast<unsigned>(options.seed));
      job.result = TrainHead(nodes, y, job.full ? all : splits[job.split].fit, nf, nc,
                             options.heads[job.head], class_weights);
      if (job.full) continue;
      std::vector<std::vector<double>>& all_dec = held_dec[job.head];
      for (size_t r : splits[job.split].held) {
        x.clear();
        for (const feature_node* f = nodes[r].data(); f->index != -1; ++f) {
          if (static_cast<size_t>(f->index) <= nf) {
            x.emplace_back(f->index - 1, static_cast<float>(f->value));
          }
        }
        all_dec.emplace_back();
        Decisions(job.result, nc, x, &all_dec.back());
      }
      std::vector<float>().swap(job.result.weights);
    }
  }
  say("线性模型训练完成, 用时 " + std::to_string(Seconds(t0)) + " 秒");

  json stats;
  stats["n"] = n;
  stats["weighted_n"] = weighted_n;
  json counts = json::object();
  for (size_t c = 0; c < nc; ++c) {
    counts[model->labels_[c]] = std::count(y.begin(), y.end(), static_cast<int>(c));
  }
  stats["label_counts"] = counts;
  stats["num_features"] = nf;
  stats["effective_min_df"] = effective_min_df;
  stats["class_weight_power"] = options.class_weight_power;
  stats["holdout_fraction"] = options.holdout_fraction;
  model->heads_.resize(options.heads.size());
  for (Job& job : jobs) {
    if (job.full) model->heads_[job.head] = std::move(job.result);
  }
  if (calibrate) {
    // Held-out rows of every split, in split order; each head's decisions in the same order.
    std::vector<size_t> held_rows;
    for (const Split& sp : splits)
      held_rows.insert(held_rows.end(), sp.held.begin(), sp.held.end());
    std::vector<int> truth;
    for (size_t r : held_rows) truth.push_back(y[r]);
    for (size_t h = 0; h < held_dec.size(); ++h) {
      const std::vector<std::vector<double>>& dec = held_dec[h];
      double t = FitTemperature(dec, truth);
      model->heads_[h].temperature = t;
      size_t correct = 0;
      for (size_t k = 0; k < dec.size(); ++k) {
        if (std::max_element(dec[k].begin(), dec[k].end()) - dec[k].begin() == truth[k]) {
          ++correct;
        }
      }
      stats["holdout"].push_back(json{{"head", h},
                                      {"n", held_rows.size()},
                                      {"folds", splits.size()},
                                      {"accuracy", dec.empty() ? 0.0 : 1.0 * correct / dec.size()},
                                      {"temperature", t},
                                      {"nll", Nll(dec, truth, t)}});
    }
    if (options.select_blend && model->heads_.size() == 2 && !held_rows.empty()) {
      std::vector<std::vector<double>> held_probs;
      stats["blend"] = SelectAndFoldBlend(held_dec, truth, nc, nf, &model->heads_, &held_probs);
      if (neighbours && options.neighbour_share < 0) {
        std::vector<std::vector<size_t>> fits, helds;
        for (const Split& sp : splits) {
          fits.push_back(LastRows(UniqueRows(sp.fit), cap));
          helds.push_back(sp.held);
        }
        neighbour_stats = SelectNeighbourShare(doc_chars, labels, fits, helds, held_probs, truth,
                                               nc, nf, options.neighbour_gate, &neighbour_share);
        neighbour_stats["chosen"] = "out_of_fold";
      }
    }
  }
  if (neighbours && neighbour_share >= 0) {  // -1: no folds to choose on
    if (neighbour_share > 0) {
      model->knn_ = KnnIndex::Build(doc_chars, LastRows(UniqueRows(all), cap), labels, nf);
      model->knn_k_ = kNeighbours;
      // As model.bin keeps them (floats), so a loaded model predicts the same to the last bit.
      model->knn_gate_ = static_cast<float>(options.neighbour_gate);
      model->knn_share_ = static_cast<float>(neighbour_share);
    }
    neighbour_stats["k"] = kNeighbours;
    neighbour_stats["gate"] = options.neighbour_gate;
    neighbour_stats["share"] = neighbour_share;
    neighbour_stats["messages"] = model->knn_.num_docs();
    neighbour_stats["max_messages"] = cap;
    neighbour_stats["postings"] = model->knn_.num_postings();
    stats["neighbours"] = neighbour_stats;
    say("近邻投票份额 " + std::to_string(neighbour_share) + ", " +
        std::to_string(model->knn_.num_docs()) + " 条训练留言" +
        (first_indexed > 0 && neighbour_share > 0
             ? " (共 " + std::to_string(n) + " 条, 只收最后 " + std::to_string(cap) + " 条)"
             : ""));
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
  model->keys_ = vocab.keys();
  model->idf_ = vocab.idf();
  model->Finalize();
  say("训练完成, 总用时 " + std::to_string(Seconds(t0)) + " 秒");
  return model;
}

}  // namespace minsheng
