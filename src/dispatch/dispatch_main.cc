// Standalone `minsheng_dispatch_cli dispatch train|eval …` for working on the dispatch engine
// without the main binary; the commands are the same as `minsheng dispatch …`.
#include <CLI/CLI.hpp>

#include "dispatch/cli.h"

int main(int argc, char** argv) {
  CLI::App app{"民声 智能派单引擎 (Minsheng smart dispatch)"};
  app.require_subcommand(1);
  minsheng::RegisterDispatchCommands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
