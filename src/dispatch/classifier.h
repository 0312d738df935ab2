// The category classifier of the smart dispatch engine: linear models (liblinear) over the
// sparse TF-IDF features of features.h, calibrated to probabilities with a softmax temperature
// fitted on a held-out split of the training data. Works with any label set.
//
// A model is a directory: `manifest.json` (format version, labels, configuration, training
// statistics) and `model.bin` (vocabulary, idf, weights). ModelHolder swaps models atomically.
//
// Thread-safety: a loaded TextModel is immutable; Predict() may run on many threads at once.
#ifndef MINSHENG_DISPATCH_CLASSIFIER_H_
#define MINSHENG_DISPATCH_CLASSIFIER_H_

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "dispatch/features.h"
#include "dispatch/knn_index.h"

namespace minsheng {

// 4 (2026-12-05): the int8 weights written sparsely (a bitmap per feature, then its non-zero
// weights); 3: a section of nearest training messages (KnnIndex) after the biases; 2: int8
// weights with a power-of-two exponent per feature, as the prediction table holds them; 1 (float
// weights). 1 to 3 are still read.
inline constexpr int kModelFormatVersion = 4;

struct LabeledText {
  std::string title;
  std::string text;
  std::string label;
  // How many times the example counts in training (1..kMaxExampleWeight): the learning loop
  // gives operator corrections more weight; a JSONL line may carry "weight".
  int weight = 1;
};
inline constexpr int kMaxExampleWeight = 100;

// Solver code of the NB-SVM head (log-count-ratio scaled one-vs-rest L2-loss SVM).
inline constexpr int kNbSvmSolver = 100;
// Solver codes of the generative heads: class centroids (Rocchio, cosine) and complement Naive
// Bayes (C = smoothing alpha).
inline constexpr int kCentroidSolver = 101;
inline constexpr int kComplementNbSolver = 102;

// One linear head: liblinear solver and cost.
struct HeadOptions {
  // liblinear solver_type (1 = L2R_L2LOSS_SVC_DUAL, 0 = L2R_LR, 4 = MCSVM_CS) or kNbSvmSolver.
  int solver = 4;  // Crammer–Singer multi-class SVM: best on the TipDM dev split
  double c = 1.0;
  double weight = 1.0;  // share in the ensemble
};

struct TrainOptions {
  FeatureConfig features;
  // Crammer–Singer SVM plus complement Naive Bayes, blended at the share chosen out of fold
  // (select_blend): NB helps small histories (+0.008 macro-F1 on 1,900-message subsets); with
  // more data the SVM needs it less and may get it alone.
  std::vector<HeadOptions> heads = {HeadOptions{}, HeadOptions{kComplementNbSolver, 0.01, 1.0}};
  // Per-class cost multiplier (n / (k · n_c))^power: 0 = none, 1 = balanced.
  double class_weight_power = 1.0;
  double holdout_fraction = 0.2;  // for the temperature fit; 0 = no calibration (T = 1)
  // Above this many messages the blend share and the temperatures come from one stratified
  // hold-out of holdout_fraction instead of 1 / holdout_fraction folds: a 20 % hold-out of
  // 20,000 messages is 4,000, enough to choose them, and the heads train 4 times instead of 12
  // (liblinear runs one head at a time; a retrain of 100,000 orders took ~9 min with folds).
  size_t fold_max_messages = 20000;
  // At most this many features (0 = all, else ≥ 1000): above it the minimum document frequency
  // is raised until they fit. TipDM's 6,307 messages give 256 k features, a zone's 103
  // categories over 10,633 messages 396 k; a long history grows the vocabulary, the table (one
  // row of classes int8 weights per feature) and the model file with it (docs/benchmarks.md).
  size_t max_features = 500000;
  int threads = 2;
  uint64_t seed = 12345;
  // With exactly two heads and a hold-out: both heads are trained on 1 / holdout_fraction
  // stratified folds, the second head's share is the one (from a fixed grid, 0 included) with
  // the best out-of-fold macro-F1 of d0/T0 + w·d1/T1, and the two full heads are folded into
  // one linear head (one row per feature at prediction). false: one hold-out split, heads kept.
  bool select_blend = true;
  // The votes of the 10 nearest training messages (title+body characters, cosine; KnnIndex)
  // blended into unsure predictions at this share (0 < s ≤ 1); 0 never; -1 at the share chosen
  // out of fold with the blend (0 — no index — unless they help). 0.35: on 5 folds of train.jsonl
  // by title hash macro-F1 0.9173 → 0.9205, every fold as good or better; chosen out of fold it
  // was 0 on two folds of ~5,000 rows and the pooled gain vanished (docs/dispatch.md).
  double neighbour_share = 0.35;
  // The index holds at most this many messages, the last ones of the training data (the
  // learning loop passes its examples oldest first: the newest orders); 0 = all (up to
  // KnnIndex::kMaxDocs). A lookup reads posting lists that grow with the index: ~27 µs at
  // 6,307 messages, ~97 at 25,000, ~410 at 100,000 (docs/benchmarks.md "A long history"), and
  // the index takes ~1.3–1.6 KB a message in memory and in the model file.
  size_t neighbour_max_messages = 20000;
  // The votes are asked only where the linear head's best probability is below this (the gate
  // keeps the cost to the unsure 8 % of dev messages; out of fold on TipDM the gain is the same
  // at 0.7, 0.8, 0.9 and without a gate); up to kMaxNeighbourGate, which asks them always.
  double neighbour_gate = 0.7;
};
inline constexpr double kMaxNeighbourGate = 1.01;

struct Prediction {
  std::vector<std::pair<std::string, double>> ranked;  // all labels, best first
  // Where the nearest training messages voted (an unsure prediction of a model with them): each
  // label they voted for with its share of the vote, best first; else empty.
  std::vector<std::pair<std::string, double>> neighbours;
};

// A term of a message and how much it favours one label over another.
struct TermEvidence {
  std::string term;   // as normalised (simplified, half-width, lower-case), UTF-8
  double weight = 0;  // its features' share of the decision margin, in softmax (logit) units
};

class TextModel {
 public:
  struct Head {
    HeadOptions options;
    double temperature = 1.0;
    std::vector<float> weights;  // [feature * num_classes + class]
    std::vector<float> bias;     // [class]
  };

  // Loads a model directory written by Save().
  static Result<std::shared_ptr<const TextModel>> Load(const std::string& dir);
  // The same from the two files' contents (`manifest` JSON text, `bin` = model.bin); `origin`
  // names them in errors. A model that does not read back whole — truncated, sizes beyond the
  // file, feature settings out of range, non-finite numbers — is refused with model_invalid.
  static Result<std::shared_ptr<const TextModel>> FromBytes(std::string_view manifest,
                                                            std::string_view bin,
                                                            const std::string& origin);
  // Writes the model to `dir` (created if absent); files are replaced atomically.
  Status Save(const std::string& dir) const;

  Prediction Predict(std::string_view title, std::string_view text) const;
  // The linear head's class probabilities (in labels() order; Predict blends the nearest
  // messages' votes into unsure ones) for a message vectorised by Vectorize(), whose indices are
  // internal table positions.
  void Probabilities(const SparseVector& x, std::vector<double>* probs) const;
  // `keys` (optional) receives the feature key of each entry of `out`, in the same order.
  void Vectorize(const PreparedText& text, SparseVector* out,
                 std::vector<uint64_t>* keys = nullptr) const;

  // Why the model prefers `label` to `versus` for this message: the terms (words and character
  // n-grams of two or more characters) whose features add most to the margin between the two,
  // strongest first, at most `k`, only positive ones, none containing or inside an earlier one.
  // A term's weight sums its features (word, title n-gram, title+body n-gram) as Predict weighs
  // them; with several unfolded heads each head counts by its share over its temperature. Unknown
  // labels give nothing. Costs about one more prediction (classifier_explain.cc).
  std::vector<TermEvidence> Explain(std::string_view title, std::string_view text,
                                    std::string_view label, std::string_view versus,
                                    size_t k) const;
  // Predict, and Explain the first label against the second into `evidence` (when there are
  // two), normalising the text once.
  Prediction PredictExplained(std::string_view title, std::string_view text, size_t k,
                              std::vector<TermEvidence>* evidence) const;

  const std::vector<std::string>& labels() const { return labels_; }
  const std::string& version() const { return version_; }
  const std::string& manifest_json() const { return manifest_json_; }
  // The nearest messages' share in an unsure prediction (0: the model has none).
  // (To six decimals: model.bin keeps it as a float, 0.35 reads back 0.3499999940….)
  double neighbour_share() const { return knn_.empty() ? 0 : std::round(knn_share_ * 1e6) / 1e6; }
  size_t num_features() const { return keys_.size(); }

 private:
  friend Result<std::unique_ptr<TextModel>> TrainTextModel(
      const std::vector<LabeledText>&, const TrainOptions&,
      const std::function<void(const std::string&)>&);

  // Builds table_ from keys_, idf_ and the head weights (which are then released).
  void Finalize();
  // The prediction table's size for keys_ and the labels and heads (all rows empty), and the row
  // of feature f placed in it (fingerprint and idf written; exponent and weights to fill in).
  void AllocateTable();
  uint8_t* PlaceRow(size_t f);
  // Raw decision values (bias included) of every head, [head * num_classes + class]. Returns
  // the message's distinct known features, (row << 2 | block, count) (thread-local: valid until
  // the thread's next Decide).
  const std::vector<std::pair<uint64_t, uint32_t>>& Decide(const PreparedText& text,
                                                           std::vector<double>* d) const;
  // Blends the votes of the nearest training messages into `probs` (Combine's) when the model
  // has them and the linear head's best probability is below knn_gate_: (1 − s) · probs + s ·
  // votes / Σ votes, s = knn_share_. `rows`: Decide's. `voted` (optional) gets the labels voted
  // for with their shares of the vote, best first, when the votes were blended in.
  void BlendNeighbours(const std::vector<std::pair<uint64_t, uint32_t>>& rows,
                       std::vector<double>* probs,
                       std::vector<std::pair<std::string, double>>* voted = nullptr) const;
  // Re-keys knn_ from feature indices to table rows (after the table is built).
  void KeyNeighboursByRow();
  // The table row of every feature (keys_ order).
  std::vector<uint64_t> RowOfFeatures() const;
  // Explain for a prepared text and label indices (classifier_explain.cc).
  std::vector<TermEvidence> ExplainPrepared(const PreparedText& text, size_t label, size_t versus,
                                            size_t k) const;
  // All labels with their probabilities, best first.
  Prediction Rank(const std::vector<double>& probs) const;
  // Calibrated, weighted average of the heads' softmax from raw decision values.
  void Combine(const std::vector<double>& d, std::vector<double>* probs) const;

  FeatureConfig features_;
  std::vector<std::string> labels_;
  std::vector<uint64_t> keys_;  // feature keys (index order of the weights in model.bin)
  std::vector<float> idf_;
  WordLexicon lexicon_;
  std::vector<Head> heads_;
  // Nearest training messages over the title+body character block (empty: none, the share given
  // or chosen out of fold was 0). Keyed by table row once the table is built.
  KnnIndex knn_;
  uint32_t knn_k_ = 10;
  // Floats, as model.bin keeps them, so a trained model predicts as its loaded copy to the last
  // bit. (They were doubles assigned static_cast<float>(x): GCC 12.2's SLP vectoriser stored the
  // two adjacent members together and dropped the double → float → double round trip, so the
  // trained model blended at 0.35 and the loaded one at 0.3499999940.)
  float knn_share_ = 0;
  float knn_gate_ = 0.7f;

  // Prediction table: open addressing by feature key (load ≤ kTableLoad), one row of row_bytes_ (16
  // for up to 9 classes × heads) per slot: [u32 fingerprint, u16 idf, i8 exponent e, i8 weights
  // head0 class0..n-1, head1 …], weight = w · 2^e with |w| ≤ 127 (row-wise scale: each feature
  // keeps ≥ 7 bits of its own largest weight). A lookup touches one cache line; the table is a
  // third of a float table's size, so more of it stays in the cache.
  // The home slot is the first row of a cache line ("bucket" of rows_per_line_ rows), so a
  // lookup mostly reads the one line that PrefetchSlot brought in: linear probing from an
  // arbitrary row crossed into a second, not prefetched line for 15 % of the hits and 39 % of
  // the misses at load 0.6; from the line start, 4 % and 16 % at load 0.5.
  uint64_t HomeSlot(uint64_t key) const {
    return static_cast<uint64_t>(
               (static_cast<unsigned __int128>(key * 0x9E3779B97F4A7C15ULL) * buckets_) >> 64) *
           rows_per_line_;
  }
  // Wide rows (more than 64 bytes: about 57 classes × heads and up, such as a zone's own ~100
  // categories) are not slots themselves: the slots are an index of 8-byte entries [u32
  // fingerprint, u32 row] (8 to a cache line), and the rows lie densely in table_ in feature
  // order, rounded to 16 bytes. The probing then stays in the one prefetched line, and a feature
  // costs its row and two entries instead of two 128-byte slots (103 classes: 128 bytes instead
  // of 256).
  const uint8_t* Row(uint64_t pos) const { return table_.data() + pos * row_bytes_; }
  const void* SlotAddress(uint64_t slot) const {
    return indexed_ ? static_cast<const void*>(index_.data() + slot * 8) : Row(slot);
  }
  // The row of `key` (for narrow rows its slot), or -1.
  int64_t FindSlot(uint64_t key) const { return FindSlotFrom(HomeSlot(key), key); }
  // FindSlot with the home slot already computed.
  int64_t FindSlotFrom(uint64_t pos, uint64_t key) const {
    const uint32_t fp = SlotFingerprint(key);
    if (indexed_) {
      const uint8_t* index = index_.data();
      while (true) {
        uint64_t e;
        std::memcpy(&e, index + pos * 8, sizeof(e));
        const auto f = static_cast<uint32_t>(e);
        if (f == 0) return -1;
        if (f == fp) return static_cast<int64_t>(e >> 32);
        if (++pos == cap_) pos = 0;
      }
    }
    while (true) {
      uint32_t f;
      std::memcpy(&f, Row(pos), sizeof(f));
      if (f == 0) return -1;
      // Fingerprint + probe position identify the key (a false hit ≈ 2^-31 per probe).
      if (f == fp) return static_cast<int64_t>(pos);
      if (++pos == cap_) pos = 0;
    }
  }
  void PrefetchSlot(uint64_t key) const { __builtin_prefetch(SlotAddress(HomeSlot(key))); }
  static uint32_t SlotFingerprint(uint64_t key) { return static_cast<uint32_t>(key >> 30) | 1u; }
  static constexpr size_t kRowHeader = 7;
  static constexpr size_t kNarrowRow = 8;    // Decide's SSE2 path: up to 8 weights per row
  static constexpr double kTableLoad = 0.5;  // load factor of the prediction table
  const int8_t* RowWeights(uint64_t pos) const {
    return reinterpret_cast<const int8_t*>(Row(pos) + kRowHeader);
  }
  // 2^e of the row's weights.
  static float RowScale(const uint8_t* row) {
    const int32_t e = static_cast<int8_t>(row[6]);
    const uint32_t bits = static_cast<uint32_t>(e + 127) << 23;
    float f;
    std::memcpy(&f, &bits, sizeof(f));
    return f;
  }
  float RowIdf(const uint8_t* row) const {
    uint16_t q;
    std::memcpy(&q, row + 4, sizeof(q));
    return static_cast<float>(q) * idf_scale_;
  }

  // (row << 2 | block, count) of the distinct known features of `keys`.
  // `distinct_keys` (optional) receives the key of each entry of `uniq`, in the same order.
  void CountRows(const std::vector<uint64_t>& keys,
                 std::vector<std::pair<uint64_t, uint32_t>>* uniq,
                 std::vector<uint64_t>* distinct_keys = nullptr) const;

  // Zero-initialised bytes on 2 MB-aligned memory advised for transparent huge pages: random
  // lookups into a table of tens of MB otherwise miss the TLB on most accesses.
  class HugeBytes {
   public:
    void assign(size_t n);
    uint8_t* data() { return data_.get(); }
    const uint8_t* data() const { return data_.get(); }

   private:
    struct Free {
      void operator()(uint8_t* p) const;
    };
    std::unique_ptr<uint8_t[], Free> data_;
  };

  HugeBytes table_;
  HugeBytes index_;       // wide rows only
  bool indexed_ = false;  // wide rows: slots in index_, rows in table_
  size_t row_bytes_ = 0;
  uint64_t rows_per_line_ = 1;  // slots per cache line (index entries when indexed_)
  uint64_t buckets_ = 0;
  uint64_t cap_ = 0;  // slots: buckets_ * rows_per_line_
  float idf_scale_ = 1.0f;
  std::string version_;
  std::string manifest_json_;  // training statistics etc., as written
};

// Trains a model. `progress` receives human-readable (Chinese) progress lines.
Result<std::unique_ptr<TextModel>> TrainTextModel(
    const std::vector<LabeledText>& data, const TrainOptions& options,
    const std::function<void(const std::string&)>& progress = {});

// Holds the current model; Get() and Swap() are thread-safe, readers keep their snapshot.
class ModelHolder {
 public:
  std::shared_ptr<const TextModel> Get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return model_;
  }
  void Swap(std::shared_ptr<const TextModel> model) {
    std::lock_guard<std::mutex> lock(mu_);
    model_.swap(model);
  }
  // Loads `dir` and swaps it in; on error the current model stays.
  Status Reload(const std::string& dir);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const TextModel> model_;
};

// Parses one JSON Lines record (`title`, `text` (may be null), `label` (string or integer),
// optional `weight` 1..kMaxExampleWeight). On false, `why` (may be null) gets the reason in
// Chinese and `out` is untouched.
bool ParseLabeledLine(std::string_view line, LabeledText* out, std::string* why);

// Reads JSON Lines with `title`, `text` (may be null) and `label`. Bad lines are skipped and
// reported in `bad_lines` as "line N: reason".
Result<std::vector<LabeledText>> ReadLabeledJsonl(const std::string& path,
                                                  std::vector<std::string>* bad_lines);

struct ClassMetrics {
  std::string label;
  double precision = 0, recall = 0, f1 = 0;
  size_t support = 0;
};

struct EvalReport {
  size_t n = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  double top3_accuracy = 0;
  double us_per_message = 0;       // single-thread prediction CPU time, model load excluded
  double wall_us_per_message = 0;  // the same in wall-clock time (noisy on a shared machine)
  std::vector<ClassMetrics> classes;
  size_t unknown_labels = 0;   // rows whose label the model does not know (counted as errors)
  size_t neighbour_votes = 0;  // predictions the nearest training messages voted on
  // Timing passes over the whole file: us_per_message is the median pass, so a burst of
  // noise from the neighbours on a shared machine does not decide the figure.
  size_t timing_passes = 0;
  double us_per_message_min = 0, us_per_message_max = 0;  // fastest and slowest pass (CPU)
  // How well the probabilities are calibrated, over the rows whose label the model knows:
  // mean -ln p(true label) (p floored at 1e-9), the multi-class Brier score (sum over labels of
  // (p - [label is true])^2, 0 best, 2 worst), and the expected calibration error of the top
  // label (|accuracy - mean confidence| over 10 equal-width confidence bins, weighted by size).
  double log_loss = 0, brier = 0, ece = 0;
  struct CalibrationBin {
    double low = 0, high = 0;  // confidence range (low, high]
    size_t n = 0;
    double confidence = 0, accuracy = 0;  // means over the bin
  };
  std::vector<CalibrationBin> calibration;  // the 10 bins, empty ones included
};

// Predicts every row on the calling thread and scores the predictions.
// `predictions` (optional) receives the ranked prediction of every message, in input order.
EvalReport EvaluateModel(const TextModel& model, const std::vector<LabeledText>& data,
                         std::vector<Prediction>* predictions = nullptr);

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_CLASSIFIER_H_
