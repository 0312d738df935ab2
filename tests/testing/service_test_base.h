// A test fixture base: the real OrderService on a scratch SQLite database with the default
// zone configuration (config/default) and a fake clock at 2025-11-29 11:00 Beijing time.
// Test-only; included as "testing/service_test_base.h".
#ifndef MINSHENG_TESTS_TESTING_SERVICE_TEST_BASE_H_
#define MINSHENG_TESTS_TESTING_SERVICE_TEST_BASE_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "app/config_loader.h"
#include "core/order_service.h"
#include "store/sqlite_store.h"

namespace minsheng::testing {

class ServiceTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* src = std::getenv("MINSHENG_SOURCE_DIR");
    auto cfg = LoadZoneConfig(std::string(src ? src : ".") + "/config/default");
    ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
    config_ = std::move(cfg).value();
    char tmpl[] = "/tmp/minsheng-service-XXXXXX";
    dir_ = mkdtemp(tmpl);
    auto store = SqliteStore::Open({.path = dir_ + "/t.db", .durable = false});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    service_ = std::make_unique<OrderService>(config_, *store_, clock_);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  ZoneConfig config_;
  std::string dir_;
  FakeClock clock_{1764385200000};  // 2025-11-29T11:00:00+08:00
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<OrderService> service_;
};

}  // namespace minsheng::testing

#endif  // MINSHENG_TESTS_TESTING_SERVICE_TEST_BASE_H_
