// Graceful shutdown: SIGTERM while creates are in flight. Every order acknowledged to a client
// (HTTP 201) must be present after a restart, and the process must exit 0.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "harness.h"

namespace minsheng::testing {
namespace {

using nlohmann::json;

TEST(ShutdownTest, SigtermKeepsAcknowledgedOrders) {
  const std::string dir = MakeTempDir();
  auto server = std::make_unique<ServerProcess>(dir + "/minsheng.db");
  ASSERT_TRUE(server->Start()) << server->log();
  const std::string token = Api(server->port()).Login("admin", kAdminPassword);
  ASSERT_FALSE(token.empty());

  std::mutex mu;
  std::vector<int64_t> acked;
  std::atomic<int> in_flight_errors{0};
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", server->port());
      c.set_keep_alive(true);
      c.set_read_timeout(30);
      httplib::Headers h = {{"Authorization", "Bearer " + token}};
      for (int i = 0; !stop.load(); ++i) {
        json body = {{"channel", "phone"},
                     {"type", "help"},
                     {"title", "停机测试 " + std::to_string(t) + "-" + std::to_string(i)},
                     {"content", "测试内容"},
                     {"citizen", {{"name", "李四"}, {"phone", "13900000000"}}},
                     {"address", "白杨街道"}};
        auto r = c.Post("/api/v1/orders", h, body.dump(), "application/json");
        if (!r) {
          in_flight_errors.fetch_add(1);
          break;  // the server went away: stop this client
        }
        if (r->status == 201) {
          auto j = json::parse(r->body);
          std::lock_guard lock(mu);
          acked.push_back(j["id"].get<int64_t>());
          created.fetch_add(1);
        }
      }
    });
  }
  // Let a good number of writes get going, then terminate mid-stream.
  for (int i = 0; i < 500 && created.load() < 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_GT(created.load(), 0) << server->log();
  const int exit_code = server->Stop(SIGTERM);
  stop.store(true);
  for (auto& th : clients) th.join();
  EXPECT_EQ(exit_code, 0) << server->log();
  EXPECT_NE(server->log().find("民声服务已退出"), std::string::npos) << server->log();

  // Restart on the same database: everything acknowledged is there.
  ServerProcess again(dir + "/minsheng.db");
  ASSERT_TRUE(again.Start()) << again.log();
  Api api(again.port(), Api(again.port()).Login("admin", kAdminPassword));
  std::lock_guard lock(mu);
  ASSERT_FALSE(acked.empty());
  for (int64_t id : acked) {
    HttpResult g = api.Get("/api/v1/orders/" + std::to_string(id));
    ASSERT_EQ(g.status, 200) << "acknowledged order " << id << " lost";
    EXPECT_EQ(g.body["status"], "registered");
  }
  HttpResult list = api.Get("/api/v1/orders?page_size=1");
  EXPECT_GE(list.body["total"].get<int64_t>(), static_cast<int64_t>(acked.size()));
  EXPECT_EQ(again.Stop(SIGINT), 0) << again.log();
}

}  // namespace
}  // namespace minsheng::testing
