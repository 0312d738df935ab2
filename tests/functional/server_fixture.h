// ServerTest: a GoogleTest fixture that runs one real `minsheng serve` (fresh database) per test
// suite, with accounts created through the CLI: cyl (unit st.chongyelu), zjj (unit d.zjj),
// centre1 (centre), leader1 (leader); password "Unit-Passw0rd". Tests tag their orders with a
// unique word (Tag()) so list queries stay independent.
#ifndef MINSHENG_TESTS_FUNCTIONAL_SERVER_FIXTURE_H_
#define MINSHENG_TESTS_FUNCTIONAL_SERVER_FIXTURE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <string>
#include <vector>

#include "harness.h"

namespace minsheng::testing {

using nlohmann::json;

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    server_ = new ServerProcess(*dir_ + "/minsheng.db");
    ASSERT_TRUE(server_->Start()) << server_->log();
    Api anon(server_->port());
    admin_token_ = new std::string(anon.Login("admin", kAdminPassword));
    ASSERT_FALSE(admin_token_->empty()) << server_->log();
    // Accounts are created with the CLI (password on stdin), while the server runs.
    const std::string db = server_->db_path();
    auto add = [&](const std::string& name, const std::string& role, const std::string& unit) {
      std::vector<std::string> args = {"user", "add",    "--db", db,         "--username",
                                       name,   "--role", role,   "--config", ConfigDir()};
      if (!unit.empty()) {
        args.push_back("--unit");
        args.push_back(unit);
      }
      ProcessResult r = RunCli(args, "Unit-Passw0rd\n");
      ASSERT_EQ(r.exit_code, 0) << r.output;
    };
    add("cyl", "unit", "st.chongyelu");
    add("zjj", "unit", "d.zjj");
    add("centre1", "centre", "");
    add("leader1", "leader", "");
  }

  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->Stop(SIGTERM), 0) << server_->log();
      delete server_;
      server_ = nullptr;
    }
  }

  Api Anon() const { return Api(server_->port()); }
  Api Admin() const { return Api(server_->port(), *admin_token_); }
  Api As(const std::string& user) const {
    Api a = Anon();
    std::string token = a.Login(user, "Unit-Passw0rd");
    EXPECT_FALSE(token.empty()) << "login failed for " << user;
    return a.WithToken(token);
  }

  static std::string Tag() {
    static std::atomic<int> n{0};
    return "标记" + std::to_string(::getpid()) + "x" + std::to_string(n.fetch_add(1));
  }

  static json NewOrder(const std::string& tag) {
    return {{"channel", "phone"},
            {"type", "complaint"},
            {"title", "崇业路路灯不亮 " + tag},
            {"content", "崇业路王贺村2组主干道路灯坏了一周 " + tag},
            {"citizen", {{"name", "张三"}, {"phone", "13800000000"}}},
            {"address", "崇业路王贺村2组"}};
  }

  // Creates an order and returns its id.
  int64_t Create(const json& body) {
    HttpResult r = Admin().Post("/api/v1/orders", body);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", int64_t{0});
  }

  HttpResult Act(const Api& api, int64_t id, const std::string& action,
                 const json& body = json::object()) {
    return api.Post("/api/v1/orders/" + std::to_string(id) + "/" + action, body);
  }

  void ExpectOk(const HttpResult& r, const std::string& status) {
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.body["status"], status) << r.raw;
  }

  static void ExpectError(const HttpResult& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.raw;
    ASSERT_TRUE(r.body.is_object()) << r.raw;
    ASSERT_TRUE(r.body.contains("error")) << r.raw;
    EXPECT_EQ(r.body["error"]["code"], code) << r.raw;
    EXPECT_FALSE(r.body["error"]["message"].get<std::string>().empty());
  }

  // Dispatches to st.chongyelu and signs as its unit user: the order is in_progress.
  int64_t InProgressOrder(const std::string& tag) {
    int64_t id = Create(NewOrder(tag));
    ExpectOk(Act(Admin(), id, "dispatch", {{"unit", "st.chongyelu"}}), "dispatched");
    ExpectOk(Act(As("cyl"), id, "sign"), "in_progress");
    return id;
  }

  static inline std::string* dir_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline std::string* admin_token_ = nullptr;
};

}  // namespace minsheng::testing

#endif  // MINSHENG_TESTS_FUNCTIONAL_SERVER_FIXTURE_H_
