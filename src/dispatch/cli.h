// CLI entry points of the smart dispatch engine: `minsheng dispatch train|eval …`.
#ifndef MINSHENG_DISPATCH_CLI_H_
#define MINSHENG_DISPATCH_CLI_H_

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "dispatch/classifier.h"

namespace minsheng {

// Adds the `dispatch` subcommand tree to the main CLI. Each subcommand sets its callback.
void RegisterDispatchCommands(CLI::App& app);

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
};

// `dispatch train`: progress and bad lines on `err`, the summary at the end. Returns an exit code.
int RunDispatchTrain(const DispatchTrainArgs& args, std::ostream& out, std::ostream& err);
// `dispatch eval`: a per-class table, then one JSON line (n, accuracy, macro_f1, top3_accuracy,
// us_per_message, …) as the last line of `out`. Returns an exit code.
int RunDispatchEval(const DispatchEvalArgs& args, std::ostream& out, std::ostream& err);

// `dispatch suggest`: prints the suggestion JSON (no zone configuration: no routing).
int RunDispatchSuggest(const DispatchSuggestArgs& args, std::ostream& out, std::ostream& err);

// Parses a head list such as "1:0.5:1,0:20:1" (solver:C:weight, comma-separated).
bool ParseHeads(const std::string& spec, std::vector<HeadOptions>* heads);

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_CLI_H_
