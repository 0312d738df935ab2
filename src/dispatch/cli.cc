#include "dispatch/cli.h"

namespace minsheng {

void RegisterDispatchCommands(CLI::App& app) {
  auto* dispatch = app.add_subcommand("dispatch", "智能派单引擎:训练、评估 (smart dispatch)");
  dispatch->require_subcommand(1);
}

}  // namespace minsheng
