// CLI entry points of the smart dispatch engine: `minsheng dispatch train|eval …`.
#ifndef MINSHENG_DISPATCH_CLI_H_
#define MINSHENG_DISPATCH_CLI_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/zone_config.h"
#include "dispatch/classifier.h"

namespace minsheng {

// Loads a zone configuration directory (the loader lives in src/app; main passes it in).
using ZoneLoader = std::function<Result<ZoneConfig>(const std::string& dir)>;

// Adds the `dispatch` subcommand tree to the main CLI. Each subcommand sets its callback.
void RegisterDispatchCommands(CLI::App& app, ZoneLoader load_zone = nullptr);

struct DispatchTrainArgs {
  std::vector<std::string> data;
  std::string out;
  TrainOptions options;
};

struct DispatchEvalArgs {
  std::string model;
  std::string data;
  std::string predictions;  // optional JSONL of per-message predictions (error analysis)
};

struct DispatchSuggestArgs {
  std::string model;
  std::string title, text, address, phone;
  std::string config;  // zone configuration directory; empty = the loader's default
};

// `dispatch train`: progress and bad lines on `err`, the summary at the end. Returns an exit code.
int RunDispatchTrain(const DispatchTrainArgs& args, std::ostream& out, std::ostream& err);
// `dispatch eval`: a per-class table, then one JSON line (n, accuracy, macro_f1, top3_accuracy,
// us_per_message, …) as the last line of `out`. Returns an exit code.
int RunDispatchEval(const DispatchEvalArgs& args, std::ostream& out, std::ostream& err);

// `dispatch suggest`: prints the suggestion JSON. With a loader (the `minsheng` binary), the zone
// configuration `args.config` (empty = the loader's default) applies: gazetteer, categories and
// routing (region, 主办/协办 with reasons). Without (the engine's own CLI): classifier, wording
// rules and facts only.
int RunDispatchSuggest(const DispatchSuggestArgs& args, const ZoneLoader& load_zone,
                       std::ostream& out, std::ostream& err);

// Parses a head list such as "1:0.5:1,0:20:1" (solver:C:weight, comma-separated).
bool ParseHeads(const std::string& spec, std::vector<HeadOptions>* heads);

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_CLI_H_
