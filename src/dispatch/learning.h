// The learning loop of smart dispatch (issue 3): every dispatch the operator confirmed or
// corrected and every accepted return (退回) is training data.
//
//   ScanDispatchHistory  reads the order history through the core's OrderRepository port only
//                        (List pages + Get for timelines) into one DispatchRecord per
//                        dispatched order: what the engine proposed at intake, what the
//                        operator chose at the first dispatch, the final category and 主办, and
//                        the accepted returns.
//   BuildExamples        turns the records into labelled texts (label = final category code).
//   BuildAccuracyReport  per category and per unit: suggestions made, confirmed, corrected,
//                        accepted returns, top-1 accuracy of the category and of the 主办, and the
//                        most frequent confusions.
//   Retrain              trains on a deterministic stratified 80 % of the examples, compares the
//                        new and the current model on the remaining 20 %, and installs the new one
//                        (new versioned directory + hot swap) only when it is at least as good.
//   RetrainFromHistory   scan + examples + Retrain, skipped when the history did not change since
//                        the last attempt (the watermark in <models_dir>/state.json): what
//                        `minsheng dispatch retrain` and the server's scheduled retraining run.
//
// Thread-safety: the functions are stateless; Retrain serialises concurrent callers on the same
// models directory with an exclusive file lock (the second caller gets Unavailable).
#ifndef MINSHENG_DISPATCH_LEARNING_H_
#define MINSHENG_DISPATCH_LEARNING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/order.h"
#include "core/ports.h"
#include "core/status.h"
#include "core/zone_config.h"
#include "dispatch/classifier.h"
#include "dispatch/dispatcher.h"

namespace minsheng {

// One dispatched order as the learning loop sees it.
struct DispatchRecord {
  int64_t order_id = 0;
  std::string number;
  int64_t created_at = 0;
  std::string title;
  std::string content;
  std::string final_category;              // the order's category code ("" when never classified)
  std::string final_main;                  // 主办 of the last dispatch / redispatch / consult
  std::string first_main;                  // 主办 the operator chose at the first dispatch
  std::string first_category;              // category at the first dispatch ("" = not set then)
  bool suggested = false;                  // the engine proposed something at intake
  std::string suggested_category;          // units.category.code, else categories[0].code
  std::string suggested_main;              // units.main.unit
  std::vector<std::string> returned_from;  // units whose return (退回) the centre accepted
  int64_t last_event_at = 0;
};

// Extracts the record of one order (with its timeline); nullopt when it was never dispatched.
std::optional<DispatchRecord> RecordFromOrder(const WorkOrder& order);

// True when a suggested category counts as the final one: a level-1 final category (no '.')
// is matched by any suggestion inside it, a level-2 final category only by itself.
bool CategoryMatches(const std::string& suggested, const std::string& final_category);

struct ScanOptions {
  int64_t from = 0;  // created_at >= from (ms), 0 = unbounded
  int64_t to = 0;    // created_at < to (ms), 0 = unbounded
  int page_size = 200;
  // Only the newest this many orders of the range are read (0 = all): a retrain's memory and
  // time grow with the history it reads (docs/benchmarks.md).
  int64_t max_orders = 0;
  // (orders looked at, orders to look at) after each page.
  std::function<void(int64_t done, int64_t total)> progress;
};

// Title, content, type and urgency of one order (every order scanned, dispatched or not: a
// consultation answered directly is never dispatched but teaches the type model).
struct OrderWording {
  int64_t order_id = 0;
  std::string title, content, type, urgency;
};

struct HistoryScan {
  std::vector<DispatchRecord> records;  // dispatched orders, ascending id
  std::vector<OrderWording> wording;    // every order in the range
  int64_t orders_scanned = 0;           // orders read: the range's, or its newest max_orders
  int64_t orders_in_range = 0;          // orders in the range (more than read when capped)
  int64_t max_order_id = 0;
  int64_t max_event_at = 0;  // newest dispatch-related event seen (history watermark)
};

// Reads every order in the range, or its newest options.max_orders (newest first, page by page;
// orders created while the scan runs are left for the next one), and the timeline of each. Errors
// of the repository are returned as they are.
Result<HistoryScan> ScanDispatchHistory(OrderRepository& repo, const ScanOptions& options);

// Where an example came from.
enum class ExampleSource { kNoSuggestion, kConfirmed, kCorrected, kAcceptedReturn };
const char* ToString(ExampleSource s);

struct TrainingExample {
  int64_t order_id = 0;
  LabeledText text;       // label = the final category code
  std::string main_unit;  // the final 主办
  ExampleSource source = ExampleSource::kNoSuggestion;
};

struct ExampleSet {
  std::vector<TrainingExample> examples;  // ascending order id
  int64_t confirmed = 0;
  int64_t corrected = 0;
  int64_t accepted_returns = 0;  // examples whose label came from an accepted return
  int64_t no_suggestion = 0;
  int64_t skipped_no_category = 0;  // dispatched orders without a category (no label)
  size_t labels = 0;                // distinct labels
  uint64_t fingerprint = 0;         // FNV-1a over (id, label, 主办) of every example
  // Wording examples (AddWordingExamples): label = the order's type / urgency.
  std::vector<TrainingExample> type_examples;
  std::vector<TrainingExample> urgency_examples;
};

// One example per dispatched order with a final category.
ExampleSet BuildExamples(const std::vector<DispatchRecord>& records);
// Adds the type and urgency examples of every scanned order (urgencies the wording can tell:
// normal, urgent, emergency) and folds their labels into the fingerprint.
void AddWordingExamples(const std::vector<OrderWording>& wording, ExampleSet* set);

// ---------------------------------------------------------------- accuracy report

struct AccuracyCounts {
  int64_t orders = 0;     // dispatched orders
  int64_t suggested = 0;  // with a suggestion made at intake
  int64_t confirmed = 0;  // first dispatch = suggested category and 主办
  int64_t corrected = 0;  // first dispatch changed the category and/or the 主办
  int64_t corrected_category = 0;
  int64_t corrected_unit = 0;
  int64_t accepted_returns = 0;     // accepted returns (退回) on these orders
  int64_t category_judged = 0;      // suggested, with a final category
  int64_t category_hits = 0;        // … whose suggested category matches the final one
  int64_t unit_judged = 0;          // suggested, with a final 主办
  int64_t unit_hits = 0;            // … whose suggested 主办 is the final 主办
  double CategoryAccuracy() const;  // hits / judged, 0 when nothing was judged
  double UnitAccuracy() const;
};

struct CategoryAccuracy {
  std::string code;  // the final category ("" = unclassified)
  std::string path;  // 城市管理/占道经营与流动摊贩
  AccuracyCounts counts;
};

struct UnitAccuracy {
  std::string unit;  // the final 主办
  std::string name;
  AccuracyCounts counts;       // orders whose final 主办 is this unit (unit accuracy = recall)
  int64_t suggested_main = 0;  // orders where the engine proposed this unit as 主办
  int64_t suggested_main_hits = 0;  // … and it stayed 主办 (precision = hits / suggested_main)
  int64_t returns_from = 0;         // accepted returns by this unit
};

struct Confusion {
  std::string suggested;  // category path, or "path (unit)" for unit confusions
  std::string actual;     // category path, or unit id
  int64_t count = 0;
};

struct AccuracyReport {
  int64_t from = 0, to = 0;
  int64_t orders_scanned = 0;
  AccuracyCounts total;
  std::vector<CategoryAccuracy> categories;    // by code
  std::vector<UnitAccuracy> units;             // by unit id
  std::vector<Confusion> category_confusions;  // most frequent first
  std::vector<Confusion> unit_confusions;      // 建议 类别 (单位) → 实际 单位
};

AccuracyReport BuildAccuracyReport(const HistoryScan& scan, const ZoneConfig& config,
                                   size_t max_confusions = 10);
std::string AccuracyReportJson(const AccuracyReport& report, int utc_offset_minutes);
std::string AccuracyReportTable(const AccuracyReport& report, int utc_offset_minutes);
// Scan + report as JSON for orders created in [from, to) (ms, 0 = unbounded): what
// GET /api/v1/dispatch/accuracy returns. Errors of the repository as they are.
Result<std::string> DispatchAccuracyJson(OrderRepository& repo, const ZoneConfig& config,
                                         int64_t from, int64_t to);

// ---------------------------------------------------------------- retraining

struct RetrainOptions {
  // Out of line: GCC 12 warns (maybe-uninitialized) on the inlined TrainOptions initializer list.
  RetrainOptions();
  std::string models_dir;  // <models_dir>/<UTC time>-<n>/, current -> …, state.json
  int min_examples = 200;
  double holdout_fraction = 0.2;
  bool force = false;   // retrain even when the history did not change
  int keep_models = 3;  // older installed model directories are removed
  // RetrainFromHistory reads the newest this many orders only (0 = all): a retrain of 100,000
  // orders took 3 min 13 s and 3.15 GB at the peak (docs/benchmarks.md "A long history"); a
  // district's 6,000 a year is 16 years.
  int64_t max_orders = 100000;
  // Weight (1..kMaxExampleWeight) of the examples the engine got wrong: corrected dispatches
  // and accepted returns count this many times in training.
  int corrected_weight = 2;
  TrainOptions train;
  int64_t now_ms = 0;  // names the model directory and stamps the state
  std::function<void(const std::string&)> progress;  // Chinese progress lines
};

enum class RetrainDecision {
  kInstalled,    // the new model is at least as good: saved, current, swapped in
  kKeptCurrent,  // the new model is worse on the hold-out: discarded
  kRefused,      // too few examples or categories: nothing trained
  kUnchanged,    // the history did not change since the last attempt: nothing trained
};
const char* ToString(RetrainDecision d);

struct RetrainResult {
  RetrainDecision decision = RetrainDecision::kRefused;
  std::string message;  // Chinese, one line
  size_t examples = 0, train_examples = 0, holdout_examples = 0, labels = 0;
  // Of train_examples, the zone's seed appeals with a category (区域示例工单; config).
  size_t seed_examples = 0;
  int64_t confirmed = 0, corrected = 0, accepted_returns = 0, no_suggestion = 0;
  int64_t skipped_no_category = 0;
  int corrected_weight = 1;                // weight of corrected / returned training examples
  double new_accuracy = 0;                 // on the hold-out
  std::optional<double> current_accuracy;  // nullopt when there was no current model
  std::string new_version, current_version;
  // The installed directory: kInstalled, or kKeptCurrent when a wording model was renewed (the
  // current category model is then copied beside it).
  std::string model_dir;
  double train_seconds = 0;
  uint64_t fingerprint = 0;
  // The wording models (type, urgency), trained whenever the category model could be trained
  // (installed or kept).
  struct Wording {
    std::string attribute;  // "type" | "urgency"
    size_t examples = 0, holdout = 0, labels = 0;
    double rules_accuracy = 0;     // rules alone on the hold-out
    double learned_accuracy = 0;   // rules + learned model (DecideOrderType / DecideUrgency)
    bool installed = false;        // the new model, saved: better than the rules and the current
    std::string note;              // Chinese, why (not) installed
    double current_accuracy = -1;  // rules + the current model (-1: there is none)
    bool kept_current = false;     // the current model, better than the new one, carried over
  };
  std::vector<Wording> wording;
  std::string ToJson() const;
};

// Splits deterministically and per label: the `fraction` of each label's examples with the
// smallest hash of their order id are held out (at most n - 1 per label). An order keeps its
// side while the history grows, so successive retrains compare on orders neither model saw.
// Training examples that were corrected by the operator or came from an accepted return get
// weight `corrected_weight` (hold-out examples count once).
void SplitHoldout(const std::vector<TrainingExample>& examples, double fraction,
                  std::vector<LabeledText>* train, std::vector<LabeledText>* holdout,
                  int corrected_weight = 1);

// Top-1 accuracy of `model` on `data` as the dispatcher uses it: the model's top label resolved
// to a zone category (Dispatcher::ResolveCategory), matched with CategoryMatches.
double HoldoutAccuracy(const TextModel& model, const Dispatcher& dispatcher,
                       const std::vector<LabeledText>& data);

// Trains and, when at least as good as `dispatcher.model()` on the hold-out, saves the model to
// a new directory under options.models_dir, points `current` at it and swaps it into
// `dispatcher`. Refusals and a worse model are results, not errors. Errors: Unavailable
// ("retrain_busy") when another retrain holds the lock; Internal on file-system failures;
// the training error of TrainTextModel.
Result<RetrainResult> Retrain(const ExampleSet& set, Dispatcher& dispatcher,
                              const RetrainOptions& options);

// Trains the type and urgency models on the training part of the wording examples, compares
// rules alone, rules + the new model and rules + the current model (`current_type`,
// `current_urgency`; null = none) on the hold-out (the same split as the categories: by order
// id) and saves into `model_dir`/type|urgency the new model when it is strictly better than
// both, else the current one when it beats the rules. Too few examples or labels (≥ 2 labels
// with ≥ 10 examples each) skip training an attribute, with a note (a current model is kept).
Result<std::vector<RetrainResult::Wording>> TrainWordingModels(
    const ExampleSet& set, const ZoneConfig& config, const RetrainOptions& options,
    const std::string& model_dir, const TextModel* current_type = nullptr,
    const TextModel* current_urgency = nullptr);

// The whole loop: scan the history, build the examples, skip when their fingerprint equals that
// of the last attempt that trained (installed or kept the current model; unless options.force),
// retrain, record the attempt in state.json.
Result<RetrainResult> RetrainFromHistory(OrderRepository& repo, Dispatcher& dispatcher,
                                         const RetrainOptions& options);

// The state of a models directory (state.json; all empty when absent or unreadable).
struct LearningState {
  std::string current;  // directory name of the current model ("" = none)
  int64_t last_attempt_at = 0;
  uint64_t last_fingerprint = 0;
  std::string last_decision;
};
LearningState ReadLearningState(const std::string& models_dir);
// <models_dir>/current resolved to its directory, or "" when there is none.
std::string CurrentModelDir(const std::string& models_dir);

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_LEARNING_H_
