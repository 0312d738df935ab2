// CLI entry points of the smart dispatch engine: `minsheng dispatch train|eval|retrain …`.
#ifndef MINSHENG_DISPATCH_CLI_H_
#define MINSHENG_DISPATCH_CLI_H_

#include <CLI/CLI.hpp>

namespace minsheng {

// Adds the `dispatch` subcommand tree to the main CLI. Each subcommand sets its callback.
void RegisterDispatchCommands(CLI::App& app);

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_CLI_H_
