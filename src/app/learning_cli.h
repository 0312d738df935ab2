// The learning loop of smart dispatch, wired to the store (src/dispatch/learning.h holds the
// logic and never sees src/store):
//
//   minsheng dispatch retrain --db PATH --out MODELS_DIR   rebuild the model from the history
//   minsheng dispatch report  --db PATH [--from --to] [--json]   accuracy per category / unit
//   LearningLoop               the server's scheduled retraining (a PeriodicTask body)
//
// Configuration: the `learning:` section of server.yaml (LoadLearningConfig).
#ifndef MINSHENG_APP_LEARNING_CLI_H_
#define MINSHENG_APP_LEARNING_CLI_H_

#include <sys/types.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/ports.h"
#include "core/status.h"
#include "core/zone_config.h"
#include "dispatch/dispatcher.h"

namespace minsheng {

struct LearningConfig {
  std::string models_dir;           // retrained models + state.json; "" = no learning loop
  int64_t retrain_interval_ms = 0;  // how often the server checks; 0 = scheduled retrain off
  int retrain_hour = 2;             // local hour from which the nightly retrain is due; -1 = any
  int min_examples = 200;           // fewer dispatched orders with a category: refuse
  int train_threads = 1;            // threads of the scheduled retrain
  int corrected_weight = 2;         // corrected dispatches / accepted returns count this often
  int64_t max_orders = 100000;      // a retrain reads the newest this many orders; 0 = all
  // The server's scheduled retrain runs `minsheng dispatch retrain` as a child process (its
  // memory — 3 GB for 100,000 orders — goes back to the system when it exits, and a failure
  // cannot take the server down; the server then follows `current`); false: in the server.
  bool retrain_in_child = true;  // learning.retrain_process: child | inline
};

// Reads the optional `learning:` section of <dir>/server.yaml (defaults when absent).
// InvalidArgument("invalid_config") on bad values, naming the key in Chinese.
Result<LearningConfig> LoadLearningConfig(const std::string& dir);

// `minsheng dispatch retrain|report`. Exit codes: 0 done (or nothing new to learn), 1 error,
// 4 refused (too few examples or categories), 5 the new model was worse (current kept).
class LearningCommands {
 public:
  // Adds `retrain` and `report` under the existing `dispatch` subcommand of `app` (call after
  // RegisterDispatchCommands; `app` must outlive this object).
  explicit LearningCommands(CLI::App& app);
  // After parsing: the exit code of the command given, or nullopt when none of these ran.
  std::optional<int> Run() const;

 private:
  struct Flags {
    std::string db, config, out, model, from, to;
    int min_examples = -1;      // -1 = learning.min_examples
    int64_t max_orders = -1;    // -1 = learning.max_orders
    int corrected_weight = -1;  // -1 = learning.corrected_weight
    int threads = 2;
    bool force = false;
    bool json = false;
  };
  int Retrain() const;
  int Report() const;

  Flags flags_;
  CLI::App* retrain_ = nullptr;
  CLI::App* report_ = nullptr;
};

// The server's scheduled retraining. Tick() is the PeriodicTask body: it first follows a model
// installed meanwhile by `minsheng dispatch retrain` (the `current` link moved since start-up or
// the last tick), then, once per
// night (from retrain_hour local time), retrains from the history unless nothing changed since
// the last attempt (state.json survives restarts). Catches everything; never throws.
class LearningLoop {
 public:
  // `db_path` and `config_dir` are what a child retrain opens (retrain_in_child).
  LearningLoop(LearningConfig config, const ZoneConfig& zone, OrderRepository& repo,
               Dispatcher& dispatcher, const Clock& clock, std::string loaded_model_dir,
               std::string db_path, std::string config_dir);
  void Tick();
  // Ends a child retrain in progress (SIGTERM); Tick then returns. Call before stopping the task.
  void Stop();

 private:
  bool Due(int64_t now_ms) const;
  void FollowCurrent();
  // `minsheng dispatch retrain` in a child process; its output goes to the log.
  void RetrainInChild(int64_t now_ms);
  void RetrainInProcess(int64_t now_ms);

  LearningConfig config_;
  const ZoneConfig& zone_;
  OrderRepository& repo_;
  Dispatcher& dispatcher_;
  const Clock& clock_;
  std::string loaded_;        // canonical directory of the model in use ("" = unknown)
  std::string seen_current_;  // canonical target of <models_dir>/current last looked at
  int64_t last_check_ = 0;    // last retrain check in this process
  std::string db_path_, config_dir_;
  std::atomic<pid_t> child_{0};  // a running child retrain
  std::atomic<bool> stopping_{false};
};

}  // namespace minsheng

#endif  // MINSHENG_APP_LEARNING_CLI_H_
