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

// Hands the allocator's free pages back to the system. tcmalloc keeps what a burst of work freed
// (training the zone's seed models at start, a nightly retrain) for reuse: a server started with
// the default zone held 110 MB resident of which 15 MB were in use (54 MB after this, 2026-12-05);
// after a scheduled retrain on 2,240 appeals it stayed at its 304 MB peak (75 MB after this).
void ReleaseFreeMemory();

}  // namespace minsheng

#endif  // MINSHENG_APP_CLI_COMMON_H_
