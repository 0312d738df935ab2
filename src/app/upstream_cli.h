// `minsheng upstream export|peek` (上级转办件回传, docs/upstream.md) and the sinks the server's
// periodic export uses (server.yaml upstream_export_file / upstream_webhook_url).
#ifndef MINSHENG_APP_UPSTREAM_CLI_H_
#define MINSHENG_APP_UPSTREAM_CLI_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config_loader.h"
#include "core/upstream/upstream_export.h"

namespace minsheng {

// The sinks configured in server.yaml (none when both are empty).
Result<std::vector<std::unique_ptr<UpstreamSink>>> MakeUpstreamSinks(const ServerConfig& config);

class UpstreamCommands {
 public:
  // Adds the `upstream` subcommand tree to `app` (which must outlive this object).
  explicit UpstreamCommands(CLI::App& app);
  // After parsing: the exit code of the subcommand given, or nullopt when none.
  std::optional<int> Run() const;

 private:
  struct Flags {
    std::string db, config, out, consumer = "upstream-file";
    int64_t after = 0;
    int limit = 100;
  };
  int Export() const;
  int Peek() const;

  Flags flags_;
  CLI::App* export_ = nullptr;
  CLI::App* peek_ = nullptr;
};

}  // namespace minsheng

#endif  // MINSHENG_APP_UPSTREAM_CLI_H_
