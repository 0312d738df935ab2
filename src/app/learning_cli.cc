#include "app/learning_cli.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/cli_common.h"
#include "app/config_loader.h"
#include "core/time_util.h"
#include "dispatch/learning.h"
#include "store/sqlite_store.h"

namespace minsheng {
namespace {

namespace fs = std::filesystem;

constexpr int kExitRefused = 4;
constexpr int kExitKeptCurrent = 5;
constexpr int64_t kHourMs = 3600LL * 1000;
constexpr int64_t kDayMs = 24 * kHourMs;

Status BadConfig(const std::string& what) {
  return InvalidArgument("invalid_config", "server.yaml 的 learning 配置有误:" + what);
}

std::string Canonical(const std::string& dir) {
  if (dir.empty()) return "";
  std::error_code ec;
  fs::path p = fs::canonical(dir, ec);
  return ec ? dir : p.string();
}

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
  return buf;
}

std::string Summary(const RetrainResult& r) {
  std::string s = "样本 " + std::to_string(r.examples) + " 条(确认 " + std::to_string(r.confirmed) +
                  ",修正 " + std::to_string(r.corrected) + ",退回改派 " +
                  std::to_string(r.accepted_returns) + ",无建议 " +
                  std::to_string(r.no_suggestion) + "),类别 " + std::to_string(r.labels) + " 个";
  if (r.train_examples > 0)
    s += ",训练 " + std::to_string(r.train_examples) + " 条(含区域示例工单 " +
         std::to_string(r.seed_examples) + " 条) / 留出 " + std::to_string(r.holdout_examples) +
         " 条,训练用时 " + Fixed(r.train_seconds, 1) + " 秒";
  return s;
}

}  // namespace

Result<LearningConfig> LoadLearningConfig(const std::string& dir) {
  LearningConfig c;
  const fs::path path = fs::path(dir) / "server.yaml";
  if (!fs::exists(path)) return c;
  YAML::Node n;
  // The key being read, so a value of the wrong type is named ("max_orders: many").
  std::string key;
  const auto read = [&]<typename T>(const char* name, T* out) {
    key = name;
    if (n[name]) *out = n[name].as<T>();
  };
  try {
    YAML::Node doc = YAML::LoadFile(path.string());
    n = doc["learning"];
    if (!n) return c;
    read("models_dir", &c.models_dir);
    read("retrain_interval_ms", &c.retrain_interval_ms);
    read("retrain_hour", &c.retrain_hour);
    read("min_examples", &c.min_examples);
    read("train_threads", &c.train_threads);
    read("corrected_weight", &c.corrected_weight);
    read("max_orders", &c.max_orders);
    std::string process = c.retrain_in_child ? "child" : "inline";
    read("retrain_process", &process);
    if (process != "child" && process != "inline")
      return BadConfig("retrain_process 须为 child(子进程,默认)或 inline(在服务进程内)");
    c.retrain_in_child = process == "child";
  } catch (const YAML::Exception& e) {
    return BadConfig(key.empty() ? std::string(e.what()) : key + " 的值类型不对:" + e.what());
  }
  if (c.retrain_interval_ms != 0 && c.retrain_interval_ms < 1000)
    return BadConfig("retrain_interval_ms 须为 0(关闭)或不小于 1000");
  if (c.retrain_interval_ms > 0 && c.models_dir.empty())
    return BadConfig("启用定时重新训练(retrain_interval_ms > 0)时须设置 models_dir");
  if (c.retrain_hour < -1 || c.retrain_hour > 23) return BadConfig("retrain_hour 须在 -1–23 之间");
  if (c.min_examples < 1) return BadConfig("min_examples 须为正整数");
  if (c.train_threads < 1 || c.train_threads > 16) return BadConfig("train_threads 须在 1–16 之间");
  if (c.max_orders < 0) return BadConfig("max_orders 须为 0(不限)或正整数");
  if (c.corrected_weight < 1 || c.corrected_weight > kMaxExampleWeight)
    return BadConfig("corrected_weight 须在 1–" + std::to_string(kMaxExampleWeight) + " 之间");
  return c;
}

// ---------------------------------------------------------------- CLI

LearningCommands::LearningCommands(CLI::App& app) {
  CLI::App* dispatch = app.get_subcommand("dispatch");
  retrain_ = dispatch->add_subcommand(
      "retrain",
      "从数据库中的派单历史重新训练分类模型(确认/修正的派单与被认可的退回),"
      "新模型在留出集上不差于当前模型时才启用\n"
      "退出码:0 已启用新模型或历史无变化,1 错误,4 样本不足拒绝训练,5 新模型较差、保留当前模型");
  retrain_->add_option("--db", flags_.db, "SQLite 数据库文件")->required();
  retrain_->add_option("--config", flags_.config, "配置目录");
  retrain_->add_option("--out", flags_.out, "模型目录(新模型写入 <目录>/<UTC时间>-<样本数>/)")
      ->required();
  retrain_->add_option("--min-examples", flags_.min_examples,
                       "至少需要的样本数(默认 server.yaml learning.min_examples)");
  retrain_
      ->add_option("--corrected-weight", flags_.corrected_weight,
                   "被修正的派单与被认可的退回在训练中计几次(1–100,默认 server.yaml "
                   "learning.corrected_weight,即 2)")
      ->check(CLI::Range(1, kMaxExampleWeight));
  retrain_
      ->add_option(
          "--max-orders", flags_.max_orders,
          "只读取最新的若干件工单(0 = 全部,默认 server.yaml learning.max_orders,即 100000)")
      ->check(CLI::NonNegativeNumber);
  retrain_->add_option("--model", flags_.model, "当前模型目录(默认 <模型目录>/current)");
  retrain_->add_option("--threads", flags_.threads, "训练线程数");
  retrain_->add_flag("--force", flags_.force, "即使派单历史自上次以来没有变化也重新训练");

  report_ = dispatch->add_subcommand(
      "report", "智能派单准确率报告:按类别、按单位统计建议、确认、修正、退回和准确率");
  report_->add_option("--db", flags_.db, "SQLite 数据库文件")->required();
  report_->add_option("--config", flags_.config, "配置目录");
  report_->add_option("--from", flags_.from, "受理时间起(含),如 2026-11-01");
  report_->add_option("--to", flags_.to, "受理时间止(不含),如 2026-12-01");
  report_->add_flag("--json", flags_.json, "输出 JSON");
}

std::optional<int> LearningCommands::Run() const {
  if (retrain_->parsed()) return Retrain();
  if (report_->parsed()) return Report();
  return std::nullopt;
}

int LearningCommands::Retrain() const {
  const std::string dir = ResolveConfigDir(flags_.config);
  auto zone = LoadZoneConfig(dir);
  if (!zone.ok()) return Fail(zone.status());
  auto lc = LoadLearningConfig(dir);
  if (!lc.ok()) return Fail(lc.status());
  std::shared_ptr<const TextModel> current;
  std::string current_dir = flags_.model.empty() ? CurrentModelDir(flags_.out) : flags_.model;
  if (!current_dir.empty()) {
    auto m = TextModel::Load(current_dir);
    if (!m.ok()) return Fail(m.status());
    current = std::move(m).value();
    std::cerr << "当前模型:" << current_dir << "(" << current->version() << ")" << std::endl;
  } else {
    std::cerr << "当前没有模型:新模型通过检查即启用" << std::endl;
  }
  auto store = OpenStore(flags_.db);
  if (!store.ok()) return Fail(store.status());
  Dispatcher dispatcher(zone.value(), current);
  SystemClock clock;
  RetrainOptions o;
  o.models_dir = flags_.out;
  o.min_examples = flags_.min_examples > 0 ? flags_.min_examples : lc->min_examples;
  o.corrected_weight = flags_.corrected_weight > 0 ? flags_.corrected_weight : lc->corrected_weight;
  o.max_orders = flags_.max_orders >= 0 ? flags_.max_orders : lc->max_orders;
  o.force = flags_.force;
  o.now_ms = clock.NowMs();
  o.train.threads = std::max(1, flags_.threads);
  o.progress = [](const std::string& s) { std::cerr << s << std::endl; };
  const auto t0 = std::chrono::steady_clock::now();
  auto r = RetrainFromHistory(**store, dispatcher, o);
  if (!r.ok()) return Fail(r.status());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << r->message << "\n" << Summary(*r) << ",总用时 " << Fixed(secs, 1) << " 秒";
  if (!r->model_dir.empty()) std::cout << " → " << r->model_dir;
  std::cout << "\n" << r->ToJson() << std::endl;
  switch (r->decision) {
    case RetrainDecision::kInstalled:
    case RetrainDecision::kUnchanged:
      return 0;
    case RetrainDecision::kRefused:
      return kExitRefused;
    case RetrainDecision::kKeptCurrent:
      return kExitKeptCurrent;
  }
  return 0;
}

int LearningCommands::Report() const {
  auto zone = LoadZoneConfig(ResolveConfigDir(flags_.config));
  if (!zone.ok()) return Fail(zone.status());
  const int offset = zone->utc_offset_minutes;
  ScanOptions so;
  for (auto [text, out] : {std::pair{&flags_.from, &so.from}, std::pair{&flags_.to, &so.to}}) {
    if (text->empty()) continue;
    auto ms = ParseIso8601(*text, offset);
    if (!ms) {
      std::cerr << "错误:时间格式无法识别:" << *text << "(应为 ISO 8601,如 2026-11-29)"
                << std::endl;
      return kExitUsage;
    }
    *out = *ms;
  }
  auto store = OpenStore(flags_.db);
  if (!store.ok()) return Fail(store.status());
  auto scan = ScanDispatchHistory(**store, so);
  if (!scan.ok()) return Fail(scan.status());
  AccuracyReport report = BuildAccuracyReport(*scan, zone.value());
  report.from = so.from;
  report.to = so.to;
  if (flags_.json) {
    std::cout << AccuracyReportJson(report, offset) << std::endl;
  } else {
    std::cout << AccuracyReportTable(report, offset);
  }
  return 0;
}

// ---------------------------------------------------------------- scheduled retraining

LearningLoop::LearningLoop(LearningConfig config, const ZoneConfig& zone, OrderRepository& repo,
                           Dispatcher& dispatcher, const Clock& clock, std::string loaded_model_dir,
                           std::string db_path, std::string config_dir)
    : config_(std::move(config)),
      zone_(zone),
      repo_(repo),
      dispatcher_(dispatcher),
      clock_(clock),
      loaded_(Canonical(loaded_model_dir)),
      seen_current_(Canonical(CurrentModelDir(config_.models_dir))),
      db_path_(std::move(db_path)),
      config_dir_(std::move(config_dir)) {}

void LearningLoop::Stop() {
  stopping_ = true;
  if (const pid_t pid = child_.load(); pid > 0) kill(pid, SIGTERM);
}

bool LearningLoop::Due(int64_t now_ms) const {
  if (config_.retrain_hour < 0) return true;  // the fingerprint check alone keeps it idempotent
  // The latest local retrain_hour:00 not after now; due when nothing was checked since.
  const int64_t offset_ms = static_cast<int64_t>(zone_.utc_offset_minutes) * 60 * 1000;
  const int64_t local = now_ms + offset_ms;
  int64_t boundary = local - (local % kDayMs) + config_.retrain_hour * kHourMs;
  if (boundary > local) boundary -= kDayMs;
  boundary -= offset_ms;
  const int64_t last = std::max(last_check_, ReadLearningState(config_.models_dir).last_attempt_at);
  return last < boundary;
}

void LearningLoop::FollowCurrent() {
  // Only a move of `current` after start-up is followed: an explicit --model stays until then.
  const std::string current = Canonical(CurrentModelDir(config_.models_dir));
  if (current.empty() || current == seen_current_) return;
  seen_current_ = current;
  if (current == loaded_) return;
  if (Status st = dispatcher_.ReloadModel(current); !st.ok()) {
    spdlog::error("派单模型 {} 无法加载,继续使用当前模型:{}", current, st.ToString());
    return;
  }
  loaded_ = current;
  ReleaseFreeMemory();  // the previous model, freed once no request holds it
  spdlog::info("已切换到新的派单模型:{}", current);
}

void LearningLoop::Tick() {
  try {
    FollowCurrent();
    const int64_t now = clock_.NowMs();
    if (stopping_ || !Due(now)) return;
    last_check_ = now;
    if (config_.retrain_in_child) {
      RetrainInChild(now);
    } else {
      RetrainInProcess(now);
    }
  } catch (const std::exception& e) {
    spdlog::error("定时重新训练异常:{}", e.what());
  } catch (...) {
    spdlog::error("定时重新训练异常(未知错误)");
  }
}

void LearningLoop::RetrainInChild(int64_t now_ms) {
  (void)now_ms;  // the child stamps its own time
  std::vector<std::string> args = {"minsheng",
                                   "dispatch",
                                   "retrain",
                                   "--db",
                                   db_path_,
                                   "--config",
                                   config_dir_,
                                   "--out",
                                   config_.models_dir,
                                   "--min-examples",
                                   std::to_string(config_.min_examples),
                                   "--corrected-weight",
                                   std::to_string(config_.corrected_weight),
                                   "--max-orders",
                                   std::to_string(config_.max_orders),
                                   "--threads",
                                   std::to_string(config_.train_threads)};
  // Compared with the model the server uses (an explicit `serve --model` too).
  if (!loaded_.empty()) {
    args.push_back("--model");
    args.push_back(loaded_);
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    spdlog::error("定时重新训练:无法创建管道:{}", std::strerror(errno));
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out[1], 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);  // the server's sockets and database
  // Whatever this thread blocks or the server ignores, the child starts with no signal blocked
  // and the default action for SIGTERM (Stop), SIGINT and SIGPIPE.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGTERM, SIGINT, SIGPIPE}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, "/proc/self/exe", &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    spdlog::error("定时重新训练:无法启动子进程:{}", std::strerror(rc));
    return;
  }
  child_ = pid;
  if (stopping_) kill(pid, SIGTERM);  // Stop() ran between the check in Tick and here
  spdlog::debug("定时重新训练:子进程 {} 已启动", pid);
  // Its output line by line to the debug log; the last lines (the summary) to the result.
  std::string pending, last, result;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(out[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
      std::string line = pending.substr(0, nl);
      if (line.empty()) continue;
      spdlog::debug("定时重新训练:{}", line);
      // The JSON result is the last line; the human summary comes before it.
      (line.front() == '{' ? result : last) = std::move(line);
    }
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  child_ = 0;
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 0 || code == kExitRefused || code == kExitKeptCurrent) {
    // 0: installed or unchanged, 4: refused, 5: the current model stays (RetrainResult::ToJson:
    // decision, message). Not worth an info line per check when nothing changed between nights.
    const nlohmann::json r = nlohmann::json::parse(result, nullptr, false);
    const std::string decision = r.is_object() ? r.value("decision", "") : "";
    const std::string message = r.is_object() ? r.value("message", "") : "";
    spdlog::log(decision == ToString(RetrainDecision::kUnchanged) ? spdlog::level::debug
                                                                  : spdlog::level::info,
                "定时重新训练(子进程,退出码 {},{}):{};{}", code, decision, message, last);
  } else if (stopping_) {
    spdlog::info("定时重新训练:服务停止,子进程已中止");
    return;
  } else {
    spdlog::error("定时重新训练失败(子进程{} {}):{}",
                  WIFSIGNALED(status) ? "被信号终止" : ",退出码",
                  WIFSIGNALED(status) ? WTERMSIG(status) : code, last);
  }
  FollowCurrent();  // a new model: swapped in
}

void LearningLoop::RetrainInProcess(int64_t now) {
  RetrainOptions o;
  o.models_dir = config_.models_dir;
  o.min_examples = config_.min_examples;
  o.corrected_weight = config_.corrected_weight;
  o.max_orders = config_.max_orders;
  o.now_ms = now;
  o.train.threads = config_.train_threads;
  o.progress = [](const std::string& s) { spdlog::debug("定时重新训练:{}", s); };
  auto r = RetrainFromHistory(repo_, dispatcher_, o);
  ReleaseFreeMemory();  // what training freed
  if (!r.ok()) {
    spdlog::error("定时重新训练失败:{}", r.status().ToString());
    return;
  }
  if (r->decision == RetrainDecision::kInstalled) seen_current_ = loaded_ = Canonical(r->model_dir);
  // Nothing new is the usual case between nights: not worth an info line per check.
  spdlog::log(
      r->decision == RetrainDecision::kUnchanged ? spdlog::level::debug : spdlog::level::info,
      "定时重新训练({}):{};{}", ToString(r->decision), r->message, Summary(*r));
}

}  // namespace minsheng
