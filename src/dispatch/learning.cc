#include "dispatch/learning.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_set>

#include "dispatch/dispatch_util.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kStateFile[] = "state.json";
constexpr char kCurrentLink[] = "current";
constexpr char kLockFile[] = ".retrain.lock";
constexpr char kProvenanceFile[] = "learning.json";
constexpr size_t kStateHistory = 30;  // attempts kept in state.json

json ParseObject(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : json::object();
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A stable hash of an order id (splitmix64), independent of the history's size.
uint64_t IdHash(int64_t id) {
  uint64_t z = static_cast<uint64_t>(id) + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// "20261129T020000Z" (UTC).
std::string UtcStamp(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

Status DirError(std::string message, std::string detail = {}) {
  return Status(StatusCode::kInternal, "models_dir_unwritable", std::move(message),
                std::move(detail));
}

// An exclusive, non-blocking lock on <models_dir>/.retrain.lock, released on destruction.
class DirLock {
 public:
  static Result<std::unique_ptr<DirLock>> Acquire(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return DirError("无法创建模型目录:" + dir, ec.message());
    const std::string path = (fs::path(dir) / kLockFile).string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return DirError("无法写入模型目录:" + dir);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return Status(StatusCode::kUnavailable, "retrain_busy",
                    "另一个重新训练正在进行(模型目录 " + dir + " 已加锁),请稍后再试");
    }
    return std::unique_ptr<DirLock>(new DirLock(fd));
  }
  ~DirLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  explicit DirLock(int fd) : fd_(fd) {}
  int fd_;
};

Status WriteFileAtomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return DirError("无法写入文件:" + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return DirError("无法写入文件:" + path.string(), ec.message());
  return Status::Ok();
}

// Points <models_dir>/current at `name` (a relative symlink, replaced atomically).
Status PointCurrentAt(const std::string& models_dir, const std::string& name) {
  const fs::path link = fs::path(models_dir) / kCurrentLink;
  const fs::path tmp = fs::path(models_dir) / (std::string(kCurrentLink) + ".tmp");
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_directory_symlink(name, tmp, ec);
  if (ec) return DirError("无法更新当前模型链接", ec.message());
  fs::rename(tmp, link, ec);
  if (ec) return DirError("无法更新当前模型链接", ec.message());
  return Status::Ok();
}

// Model directories written by Retrain: "YYYYMMDDTHHMMSSZ-<n>[-k]".
bool IsModelDirName(const std::string& name) {
  return name.size() > 17 && name[8] == 'T' && name[15] == 'Z' && name[16] == '-' &&
         std::all_of(name.begin(), name.begin() + 8, [](char c) { return c >= '0' && c <= '9'; });
}

// Removes installed model directories beyond the newest `keep` (never the current one), and
// the directories of retrains that did not finish (no learning.json: a child retrain stopped by
// the server's shutdown, a crash); called under the retrain lock, so none is being written.
void PruneModels(const std::string& models_dir, int keep, const std::string& current) {
  if (keep < 1) return;
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(models_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory(ec) || e.is_symlink(ec) || !IsModelDirName(name)) continue;
    if (name != current && !fs::exists(e.path() / kProvenanceFile, ec)) {
      fs::remove_all(e.path(), ec);
    } else {
      names.push_back(name);
    }
  }
  std::sort(names.rbegin(), names.rend());  // newest first
  for (size_t i = static_cast<size_t>(keep); i < names.size(); ++i) {
    if (names[i] != current) fs::remove_all(fs::path(models_dir) / names[i], ec);
  }
}

struct Judgement {
  bool corrected_category = false;
  bool corrected_unit = false;
};

// The operator's first dispatch against the suggestion.
Judgement Judge(const DispatchRecord& r) {
  Judgement j;
  const std::string& first_cat = r.first_category.empty() ? r.final_category : r.first_category;
  j.corrected_category = !first_cat.empty() && !CategoryMatches(r.suggested_category, first_cat);
  j.corrected_unit = r.suggested_main != r.first_main;
  return j;
}

json StateJson(const std::string& models_dir) {
  std::ifstream in(fs::path(models_dir) / kStateFile);
  if (!in) return json::object();
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseObject(ss.str());
}

void Say(const RetrainOptions& options, const std::string& line) {
  if (options.progress) options.progress(line);
}

Result<RetrainResult> RetrainLocked(const ExampleSet& set, Dispatcher& dispatcher,
                                    const RetrainOptions& options) {
  RetrainResult r;
  r.examples = set.examples.size();
  r.labels = set.labels;
  r.confirmed = set.confirmed;
  r.corrected = set.corrected;
  r.corrected_weight = std::clamp(options.corrected_weight, 1, kMaxExampleWeight);
  r.accepted_returns = set.accepted_returns;
  r.no_suggestion = set.no_suggestion;
  r.skipped_no_category = set.skipped_no_category;
  r.fingerprint = set.fingerprint;
  std::shared_ptr<const TextModel> current = dispatcher.model();
  if (current) r.current_version = current->version();
  if (r.examples < static_cast<size_t>(std::max(1, options.min_examples))) {
    r.decision = RetrainDecision::kRefused;
    r.message = "历史派单样本不足:只有 " + std::to_string(r.examples) +
                " 条已派单且有类别的工单,至少需要 " + std::to_string(options.min_examples) +
                " 条(min_examples),未重新训练,继续使用当前模型";
    return r;
  }
  if (set.labels < 2) {
    r.decision = RetrainDecision::kRefused;
    r.message = "历史派单只涉及 " + std::to_string(set.labels) +
                " 个类别,至少需要 2 个类别才能训练,未重新训练,继续使用当前模型";
    return r;
  }
  std::vector<LabeledText> train, holdout;
  SplitHoldout(set.examples, options.holdout_fraction, &train, &holdout, options.corrected_weight);
  // The zone's seed appeals with a category train with the history (the hold-out stays the
  // history's): a young history knows few of the zone's categories — 320 orders alone 0.756,
  // with the default zone's 880 seed appeals 0.888, with its 1,980 0.906 on 320 others
  // (docs/dispatch.md "Seed appeals").
  for (const SeedAppeal& a : dispatcher.config().seed_appeals) {
    if (a.category.empty()) continue;
    train.push_back({a.title, a.content, a.category});
    ++r.seed_examples;
  }
  r.train_examples = train.size();
  r.holdout_examples = holdout.size();
  if (holdout.empty()) {
    r.decision = RetrainDecision::kRefused;
    r.message = "留出集为空(每个类别的样本太少),无法比较新旧模型,未重新训练";
    return r;
  }
  Say(options, "训练集 " + std::to_string(train.size()) + " 条(含区域示例工单 " +
                   std::to_string(r.seed_examples) + " 条),留出集 " +
                   std::to_string(holdout.size()) + " 条(按类别分层,按工单号固定)");
  const auto t0 = std::chrono::steady_clock::now();
  auto trained = TrainTextModel(train, options.train, options.progress);
  if (!trained.ok()) return trained.status();
  r.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::shared_ptr<const TextModel> fresh(std::move(trained).value().release());
  r.new_version = fresh->version();
  r.new_accuracy = HoldoutAccuracy(*fresh, dispatcher, holdout);
  if (current) r.current_accuracy = HoldoutAccuracy(*current, dispatcher, holdout);
  const std::string figures =
      "留出集 " + std::to_string(holdout.size()) + " 条上的类别准确率:新模型 " +
      Fixed(r.new_accuracy, 4) + ",当前模型 " +
      (r.current_accuracy ? Fixed(*r.current_accuracy, 4) : std::string("(无)"));
  Say(options, figures);
  // The category model of the new directory: the fresh one, or the current one when the fresh
  // one is worse (the directory is then only made when a wording model is renewed).
  const bool keep_category = r.current_accuracy && r.new_accuracy < *r.current_accuracy;
  std::string name = UtcStamp(options.now_ms) + "-" + std::to_string(r.examples);
  std::error_code ec;
  for (int k = 2; fs::exists(fs::path(options.models_dir) / name, ec); ++k) {
    name = UtcStamp(options.now_ms) + "-" + std::to_string(r.examples) + "-" + std::to_string(k);
  }
  const std::string dir = (fs::path(options.models_dir) / name).string();
  // Type and urgency models go into the same directory, so one swap installs all three.
  const std::shared_ptr<const TextModel> type_now = dispatcher.type_model();
  const std::shared_ptr<const TextModel> urgency_now = dispatcher.urgency_model();
  auto wording =
      TrainWordingModels(set, dispatcher.config(), options, dir, type_now.get(), urgency_now.get());
  if (!wording.ok()) {
    fs::remove_all(dir, ec);
    return wording.status();
  }
  r.wording = std::move(wording).value();
  const bool renewed = std::any_of(r.wording.begin(), r.wording.end(),
                                   [](const RetrainResult::Wording& w) { return w.installed; });
  if (keep_category && !renewed) {
    fs::remove_all(dir, ec);  // kept wording models were copied there: nothing changes
    r.decision = RetrainDecision::kKeptCurrent;
    r.message = figures + ";新模型不如当前模型,保留当前模型 " + r.current_version;
    return r;
  }
  MS_RETURN_IF_ERROR(keep_category ? current->Save(dir) : fresh->Save(dir));
  r.model_dir = dir;
  if (keep_category) {
    r.decision = RetrainDecision::kKeptCurrent;
    r.message = figures + ";新类别模型不如当前模型,保留当前类别模型 " + r.current_version +
                ",与更新的诉求类型/紧急程度模型一起启用";
  } else {
    r.decision = RetrainDecision::kInstalled;
    r.message = figures + ";已启用新模型 " + r.new_version;
  }
  for (const auto& w : r.wording) r.message += ";" + w.note;
  MS_RETURN_IF_ERROR(WriteFileAtomically(fs::path(dir) / kProvenanceFile, r.ToJson() + "\n"));
  MS_RETURN_IF_ERROR(PointCurrentAt(options.models_dir, name));
  MS_RETURN_IF_ERROR(dispatcher.ReloadModel(dir));
  PruneModels(options.models_dir, options.keep_models, name);
  return r;
}

void RecordAttempt(const std::string& models_dir, const RetrainResult& r, int64_t now_ms) {
  json state = StateJson(models_dir);
  json attempt{{"at", now_ms},
               {"fingerprint", Hex(r.fingerprint)},
               {"decision", ToString(r.decision)},
               {"examples", r.examples},
               {"new_accuracy", r.new_accuracy},
               {"current_accuracy", r.current_accuracy ? json(*r.current_accuracy) : json()},
               {"message", r.message}};
  const std::string current = CurrentModelDir(models_dir);
  state["current"] = current.empty() ? json() : json(fs::path(current).filename().string());
  state["last_attempt"] = attempt;
  json history = state.value("history", json::array());
  if (!history.is_array()) history = json::array();
  history.push_back(attempt);
  while (history.size() > kStateHistory) history.erase(history.begin());
  state["history"] = history;
  // Best effort: a state that cannot be written only means the next run retrains again.
  (void)WriteFileAtomically(fs::path(models_dir) / kStateFile, state.dump(2) + "\n");
}

}  // namespace

// ---------------------------------------------------------------- extraction

bool CategoryMatches(const std::string& suggested, const std::string& final_category) {
  if (suggested.empty() || final_category.empty()) return false;
  if (final_category.find('.') == std::string::npos)
    return suggested.substr(0, suggested.find('.')) == final_category;
  return suggested == final_category;
}

std::optional<DispatchRecord> RecordFromOrder(const WorkOrder& order) {
  DispatchRecord r;
  bool dispatched = false;
  for (const Event& e : order.timeline) {
    if (e.action != Action::kDispatch && e.action != Action::kRedispatch &&
        e.action != Action::kConsult)
      continue;
    const json p = ParseObject(e.payload_json);
    const std::string unit = Str(p, "unit");
    if (!dispatched) {
      r.first_main = unit;
      r.first_category = Str(p, "category");
      dispatched = true;
    }
    if (!unit.empty()) r.final_main = unit;
    if (Str(p, "training") == "accepted_return") {
      std::string from = Str(p, "from_unit");
      if (from.empty()) from = Str(p, "accepted_return_from");
      r.returned_from.push_back(from);
    }
    r.last_event_at = std::max(r.last_event_at, e.at);
  }
  if (!dispatched) return std::nullopt;
  if (const Assignment* main = order.MainAssignment()) r.final_main = main->unit;
  r.order_id = order.id;
  r.number = order.number;
  r.created_at = order.created_at;
  r.title = order.title;
  r.content = order.content;
  r.final_category = order.category;
  const json s = ParseObject(order.dispatch_suggestion_json);
  r.suggested = s.contains("units") || s.contains("categories");
  if (auto u = s.find("units"); u != s.end() && u->is_object()) {
    if (auto m = u->find("main"); m != u->end() && m->is_object())
      r.suggested_main = Str(*m, "unit");
    if (auto c = u->find("category"); c != u->end() && c->is_object())
      r.suggested_category = Str(*c, "code");
  }
  if (r.suggested_category.empty()) {
    if (auto c = s.find("categories");
        c != s.end() && c->is_array() && !c->empty() && (*c)[0].is_object())
      r.suggested_category = Str((*c)[0], "code");
  }
  return r;
}

Result<HistoryScan> ScanDispatchHistory(OrderRepository& repo, const ScanOptions& options) {
  HistoryScan scan;
  OrderQuery q;
  q.from = options.from;
  q.to = options.to;
  q.page_size = std::max(1, options.page_size);
  std::unordered_set<int64_t> seen;
  const auto full = [&] {
    return options.max_orders > 0 && static_cast<int64_t>(seen.size()) >= options.max_orders;
  };
  for (q.page = 1; !full(); ++q.page) {
    auto page = repo.List(q);
    if (!page.ok()) return page.status();
    if (q.page == 1) scan.orders_in_range = page->total;
    for (const WorkOrder& listed : page->items) {
      if (full()) break;
      // Orders created during the scan shift later pages: skip the repeats.
      if (!seen.insert(listed.id).second) continue;
      scan.max_order_id = std::max(scan.max_order_id, listed.id);
      scan.wording.push_back(
          OrderWording{listed.id, listed.title, listed.content, listed.type, listed.urgency});
      if (listed.assignments.empty()) continue;  // never dispatched: no timeline needed
      auto order = repo.Get(listed.id);
      if (!order.ok()) return order.status();
      if (auto rec = RecordFromOrder(*order)) {
        scan.max_event_at = std::max(scan.max_event_at, rec->last_event_at);
        scan.records.push_back(std::move(*rec));
      }
    }
    scan.orders_in_range = std::max(scan.orders_in_range, page->total);
    if (options.progress) {
      const int64_t to_read = options.max_orders > 0
                                  ? std::min(scan.orders_in_range, options.max_orders)
                                  : scan.orders_in_range;
      options.progress(static_cast<int64_t>(seen.size()),
                       std::max(to_read, static_cast<int64_t>(seen.size())));
    }
    if (page->items.size() < static_cast<size_t>(q.page_size)) break;
  }
  scan.orders_scanned = static_cast<int64_t>(seen.size());
  scan.orders_in_range = std::max(scan.orders_in_range, scan.orders_scanned);
  std::sort(
      scan.records.begin(), scan.records.end(),
      [](const DispatchRecord& a, const DispatchRecord& b) { return a.order_id < b.order_id; });
  return scan;
}

const char* ToString(ExampleSource s) {
  switch (s) {
    case ExampleSource::kNoSuggestion:
      return "no_suggestion";
    case ExampleSource::kConfirmed:
      return "confirmed";
    case ExampleSource::kCorrected:
      return "corrected";
    case ExampleSource::kAcceptedReturn:
      return "accepted_return";
  }
  return "";
}

ExampleSet BuildExamples(const std::vector<DispatchRecord>& records) {
  ExampleSet set;
  std::set<std::string> labels;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const DispatchRecord& r : records) {
    if (r.final_category.empty()) {
      ++set.skipped_no_category;
      continue;
    }
    TrainingExample ex;
    ex.order_id = r.order_id;
    ex.text = LabeledText{r.title, r.content, r.final_category};
    ex.main_unit = r.final_main;
    if (!r.returned_from.empty()) {
      ex.source = ExampleSource::kAcceptedReturn;
      ++set.accepted_returns;
    } else if (!r.suggested) {
      ex.source = ExampleSource::kNoSuggestion;
      ++set.no_suggestion;
    } else {
      const Judgement j = Judge(r);
      const bool corrected = j.corrected_category || j.corrected_unit;
      ex.source = corrected ? ExampleSource::kCorrected : ExampleSource::kConfirmed;
      ++(corrected ? set.corrected : set.confirmed);
    }
    labels.insert(r.final_category);
    h = Fnv(h, std::to_string(r.order_id));
    h = Fnv(h, r.final_category);
    h = Fnv(h, r.final_main);
    set.examples.push_back(std::move(ex));
  }
  set.labels = labels.size();
  set.fingerprint = h;
  return set;
}

// ---------------------------------------------------------------- retraining

RetrainOptions::RetrainOptions() = default;

const char* ToString(RetrainDecision d) {
  switch (d) {
    case RetrainDecision::kInstalled:
      return "installed";
    case RetrainDecision::kKeptCurrent:
      return "kept_current";
    case RetrainDecision::kRefused:
      return "refused";
    case RetrainDecision::kUnchanged:
      return "unchanged";
  }
  return "";
}

std::string RetrainResult::ToJson() const {
  json j{{"decision", ToString(decision)},
         {"message", message},
         {"examples", examples},
         {"train_examples", train_examples},
         {"seed_examples", seed_examples},
         {"holdout_examples", holdout_examples},
         {"labels", labels},
         {"confirmed", confirmed},
         {"corrected", corrected},
         {"accepted_returns", accepted_returns},
         {"corrected_weight", corrected_weight},
         {"no_suggestion", no_suggestion},
         {"skipped_no_category", skipped_no_category},
         {"new_accuracy", new_accuracy},
         {"current_accuracy", current_accuracy ? json(*current_accuracy) : json()},
         {"new_version", new_version},
         {"current_version", current_version},
         {"model_dir", model_dir},
         {"train_seconds", train_seconds},
         {"fingerprint", Hex(fingerprint)}};
  json w = json::array();
  for (const Wording& x : wording) {
    w.push_back(
        json{{"attribute", x.attribute},
             {"examples", x.examples},
             {"holdout", x.holdout},
             {"labels", x.labels},
             {"rules_accuracy", x.rules_accuracy},
             {"learned_accuracy", x.learned_accuracy},
             {"installed", x.installed},
             {"current_accuracy", x.current_accuracy < 0 ? json() : json(x.current_accuracy)},
             {"kept_current", x.kept_current},
             {"note", x.note}});
  }
  j["wording"] = w;
  return j.dump();
}

void SplitHoldout(const std::vector<TrainingExample>& examples, double fraction,
                  std::vector<LabeledText>* train, std::vector<LabeledText>* holdout,
                  int corrected_weight) {
  train->clear();
  holdout->clear();
  std::map<std::string, std::vector<const TrainingExample*>> by_label;
  for (const auto& e : examples) by_label[e.text.label].push_back(&e);
  for (auto& [label, rows] : by_label) {
    std::sort(rows.begin(), rows.end(), [](const TrainingExample* a, const TrainingExample* b) {
      const uint64_t ha = IdHash(a->order_id), hb = IdHash(b->order_id);
      return ha != hb ? ha < hb : a->order_id < b->order_id;
    });
    const size_t n = rows.size();
    size_t k = static_cast<size_t>(static_cast<double>(n) * std::clamp(fraction, 0.0, 1.0) + 0.5);
    k = std::min(k, n - 1);  // every label keeps at least one training example
    for (size_t i = 0; i < n; ++i) {
      if (i < k) {
        holdout->push_back(rows[i]->text);
        holdout->back().weight = 1;
        continue;
      }
      train->push_back(rows[i]->text);
      const ExampleSource s = rows[i]->source;
      train->back().weight = s == ExampleSource::kCorrected || s == ExampleSource::kAcceptedReturn
                                 ? std::clamp(corrected_weight, 1, kMaxExampleWeight)
                                 : 1;
    }
  }
}

double HoldoutAccuracy(const TextModel& model, const Dispatcher& dispatcher,
                       const std::vector<LabeledText>& data) {
  if (data.empty()) return 0;
  const TextNormalizer& norm = TextNormalizer::Default();
  size_t hits = 0;
  for (const LabeledText& row : data) {
    Prediction p = model.Predict(row.title, row.text);
    if (p.ranked.empty()) continue;
    const std::string code = dispatcher.ResolveCategory(
        p.ranked[0].first, norm.Normalize(row.title), norm.Normalize(row.title + " " + row.text));
    if (CategoryMatches(code, row.label)) ++hits;
  }
  return static_cast<double>(hits) / static_cast<double>(data.size());
}

Result<RetrainResult> Retrain(const ExampleSet& set, Dispatcher& dispatcher,
                              const RetrainOptions& options) {
  auto lock = DirLock::Acquire(options.models_dir);
  if (!lock.ok()) return lock.status();
  return RetrainLocked(set, dispatcher, options);
}

Result<RetrainResult> RetrainFromHistory(OrderRepository& repo, Dispatcher& dispatcher,
                                         const RetrainOptions& options) {
  ScanOptions scan_options;
  int64_t last_reported = 0;
  scan_options.progress = [&](int64_t done, int64_t total) {
    if (done - last_reported >= 1000 || done == total) {
      Say(options, "已读取工单 " + std::to_string(done) + "/" + std::to_string(total));
      last_reported = done;
    }
  };
  scan_options.max_orders = options.max_orders;
  auto scan = ScanDispatchHistory(repo, scan_options);
  if (!scan.ok()) return scan.status();
  if (scan->orders_in_range > scan->orders_scanned) {
    Say(options, "历史工单共 " + std::to_string(scan->orders_in_range) + " 件,只读取最新的 " +
                     std::to_string(scan->orders_scanned) + " 件(learning.max_orders)");
  }
  ExampleSet set = BuildExamples(scan->records);
  AddWordingExamples(scan->wording, &set);
  Say(options, "已派单工单 " + std::to_string(scan->records.size()) + " 件,训练样本 " +
                   std::to_string(set.examples.size()) + " 条(确认建议 " +
                   std::to_string(set.confirmed) + ",修正建议 " + std::to_string(set.corrected) +
                   ",退回改派 " + std::to_string(set.accepted_returns) + ",无建议 " +
                   std::to_string(set.no_suggestion) + "),类别 " + std::to_string(set.labels) +
                   " 个");
  auto lock = DirLock::Acquire(options.models_dir);
  if (!lock.ok()) return lock.status();
  const LearningState state = ReadLearningState(options.models_dir);
  // A refusal is cheap to repeat (nothing is trained) and may pass with other options.
  const bool trained_last = state.last_decision == ToString(RetrainDecision::kInstalled) ||
                            state.last_decision == ToString(RetrainDecision::kKeptCurrent);
  if (!options.force && trained_last && state.last_fingerprint == set.fingerprint) {
    RetrainResult r;
    r.decision = RetrainDecision::kUnchanged;
    r.examples = set.examples.size();
    r.labels = set.labels;
    r.confirmed = set.confirmed;
    r.corrected = set.corrected;
    r.accepted_returns = set.accepted_returns;
    r.no_suggestion = set.no_suggestion;
    r.skipped_no_category = set.skipped_no_category;
    r.fingerprint = set.fingerprint;
    if (auto m = dispatcher.model()) r.current_version = m->version();
    r.message = "自上次训练尝试(" + state.last_decision + ")以来派单记录没有变化,跳过重新训练";
    return r;
  }
  auto r = RetrainLocked(set, dispatcher, options);
  if (!r.ok()) return r.status();
  RecordAttempt(options.models_dir, *r, options.now_ms);
  return r;
}

LearningState ReadLearningState(const std::string& models_dir) {
  LearningState s;
  const json j = StateJson(models_dir);
  s.current = Str(j, "current");
  if (auto a = j.find("last_attempt"); a != j.end() && a->is_object()) {
    s.last_attempt_at = a->value("at", int64_t{0});
    s.last_fingerprint = std::strtoull(Str(*a, "fingerprint").c_str(), nullptr, 16);
    s.last_decision = Str(*a, "decision");
  }
  return s;
}

std::string CurrentModelDir(const std::string& models_dir) {
  std::error_code ec;
  const fs::path link = fs::path(models_dir) / kCurrentLink;
  if (!fs::is_symlink(link, ec)) return "";
  const fs::path target = fs::read_symlink(link, ec);
  if (ec) return "";
  const fs::path dir = target.is_absolute() ? target : fs::path(models_dir) / target;
  return fs::is_directory(dir, ec) ? dir.string() : "";
}

}  // namespace minsheng
