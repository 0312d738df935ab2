#include "app/cli_common.h"

#include <gperftools/malloc_extension_c.h>

#include <cstdlib>
#include <iostream>

namespace minsheng {

std::string ResolveConfigDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("MINSHENG_CONFIG_DIR"); env && *env) return env;
  return "config/default";
}

int Fail(const Status& st) {
  std::cerr << "错误:" << st.message();
  if (!st.detail().empty()) std::cerr << "(" << st.detail() << ")";
  std::cerr << std::endl;
  return kExitError;
}

Result<std::unique_ptr<SqliteStore>> OpenStore(const std::string& path) {
  SqliteOptions opts;
  opts.path = path;
  return SqliteStore::Open(opts);
}

void ReleaseFreeMemory() { MallocExtension_ReleaseFreeMemory(); }

}  // namespace minsheng
