// Helpers shared by the `minsheng` subcommands (src/app/*_cli.cc and main.cc): exit codes,
// the configuration directory, error printing and opening the store.
#ifndef MINSHENG_APP_CLI_COMMON_H_
#define MINSHENG_APP_CLI_COMMON_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "store/sqlite_store.h"

namespace minsheng {

inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitImportRejected = 3;

// --config, else $MINSHENG_CONFIG_DIR, else config/default.
std::string ResolveConfigDir(const std::string& flag);
// Prints "错误:<message>(<detail>)" to stderr; returns kExitError.
int Fail(const Status& st);
// Opens (creating and migrating) the SQLite database.
Result<std::unique_ptr<SqliteStore>> OpenStore(const std::string& path);

}  // namespace minsheng

#endif  // MINSHENG_APP_CLI_COMMON_H_
