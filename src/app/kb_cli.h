// `minsheng kb import|search`: bulk-load knowledge items (JSON Lines) and search them from the
// command line, on the same database the server uses (the server sees the changes at once:
// its search index follows the repository's generation).
#ifndef MINSHENG_APP_KB_CLI_H_
#define MINSHENG_APP_KB_CLI_H_

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace minsheng {

class KnowledgeCommands {
 public:
  // Adds the `kb` subcommand tree to `app` (which must outlive this object).
  explicit KnowledgeCommands(CLI::App& app);

  // After parsing: the exit code of the `kb` subcommand that was given, or nullopt when none.
  // Exit codes: 0 success, 1 error, 3 import finished with rejected lines.
  std::optional<int> Run() const;

 private:
  struct Flags {
    std::string db, config, file, user = "import", query, category;
    bool all = false;
    int limit = 10;
  };
  int Import() const;
  int Search() const;

  Flags flags_;
  CLI::App* import_ = nullptr;
  CLI::App* search_ = nullptr;
};

}  // namespace minsheng

#endif  // MINSHENG_APP_KB_CLI_H_
