// The set-up the importer and API fuzz targets share: the real OrderService on a scratch SQLite
// database in a per-process temporary directory, with the default zone configuration and a fake
// clock at 2025-11-29 11:00 Beijing time. Aborts (FUZZ_CHECK) when it cannot be made.
#ifndef MINSHENG_FUZZ_SCRATCH_SERVICE_H_
#define MINSHENG_FUZZ_SCRATCH_SERVICE_H_

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/config_loader.h"
#include "core/order_service.h"
#include "fuzz/fuzz_check.h"
#include "store/sqlite_store.h"

namespace minsheng::fuzz {

struct ScratchService {
  explicit ScratchService(const std::string& name)
      : dir(std::filesystem::temp_directory_path() /
            ("minsheng_fuzz_" + name + "_" + std::to_string(::getpid()))) {
    auto cfg = LoadZoneConfig(MINSHENG_FUZZ_CONFIG_DIR);
    FUZZ_CHECK(cfg.ok());
    config = std::move(cfg).value();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = SqliteStore::Open({.path = (dir / "f.db").string(), .durable = false});
    FUZZ_CHECK(opened.ok());
    store = std::move(opened).value();
    service = std::make_unique<OrderService>(config, *store, clock);
  }
  ~ScratchService() {
    service.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  std::filesystem::path dir;
  ZoneConfig config;
  FakeClock clock{1764385200000};
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<OrderService> service;
};

}  // namespace minsheng::fuzz

#endif  // MINSHENG_FUZZ_SCRATCH_SERVICE_H_
