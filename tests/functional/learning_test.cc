// Functional tests of the learning loop of smart dispatch against the real binary:
// GET /api/v1/dispatch/accuracy after confirmed, corrected and returned dispatches, its roles and
// query errors, `minsheng dispatch report|retrain` on the same database, and the server's
// scheduled retrain in a child process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server_fixture.h"

namespace minsheng::testing {
namespace {

class LearningFunctionalTest : public ServerTest {
 protected:
  // The engine's suggestion stored on the order at intake.
  json Suggestion(int64_t id) {
    HttpResult r = Admin().Get("/api/v1/orders/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body["dispatch_suggestion"];
  }
  // A copy of the default configuration whose server.yaml says `learning.max_orders: value`.
  static std::string ConfigWithMaxOrders(const std::string& value) {
    std::string dir = ConfigWithServerYaml({{R"(max_orders:\s*\d+)", "max_orders: " + value}});
    EXPECT_FALSE(dir.empty()) << "server.yaml has no learning.max_orders";
    return dir;
  }
};

TEST_F(LearningFunctionalTest, AccuracyReportAfterConfirmCorrectAndReturn) {
  // Confirmed: dispatched exactly as suggested.
  const int64_t a = Create(NewOrder(Tag()));
  const json sa = Suggestion(a);
  ASSERT_TRUE(sa.contains("units")) << sa.dump();
  const std::string unit = sa["units"]["main"]["unit"].get<std::string>();
  const std::string category = sa["units"]["category"]["code"].get<std::string>();
  ASSERT_FALSE(unit.empty());
  ExpectOk(Act(Admin(), a, "dispatch", {{"unit", unit}, {"category", category}}), "dispatched");
  // Corrected: another 主办 and category.
  const int64_t b = Create(NewOrder(Tag()));
  const std::string other = unit == "d.zjj" ? "d.cgj" : "d.zjj";
  ExpectOk(Act(Admin(), b, "dispatch", {{"unit", other}, {"category", "01.02"}}), "dispatched");
  // Returned by 崇业办, accepted by the centre with a redispatch to d.zjj.
  const int64_t c = Create(NewOrder(Tag()));
  ExpectOk(Act(Admin(), c, "dispatch", {{"unit", "st.chongyelu"}, {"category", category}}),
           "dispatched");
  ExpectOk(Act(As("cyl"), c, "return",
               {{"reason_code", "not_our_duty"}, {"note", "不属于街道职责,依据三定方案"}}),
           "return_requested");
  ExpectOk(Act(Admin(), c, "redispatch", {{"unit", "d.zjj"}, {"category", "01.02"}}), "dispatched");
  Create(NewOrder(Tag()));  // registered only: not in the report

  HttpResult r = As("leader1").Get("/api/v1/dispatch/accuracy");
  ASSERT_EQ(r.status, 200) << r.raw;
  const json& t = r.body["total"];
  EXPECT_EQ(r.body["orders_scanned"], 4);
  EXPECT_EQ(t["orders"], 3) << r.raw;
  EXPECT_EQ(t["suggested"], 3);
  EXPECT_EQ(t["corrected_unit"], unit == "st.chongyelu" ? 1 : 2) << r.raw;
  EXPECT_EQ(t["confirmed"].get<int>() + t["corrected"].get<int>(), 3);
  EXPECT_EQ(t["accepted_returns"], 1);
  EXPECT_EQ(t["unit_judged"], 3);
  EXPECT_EQ(t["unit_hits"], 1) << r.raw;  // only a stayed with the suggested 主办
  bool found = false;
  for (const json& u : r.body["units"]) {
    if (u["unit"] == "st.chongyelu") {
      EXPECT_EQ(u["returns_from"], 1) << u.dump();
      found = true;
    }
    if (u["unit"] == "d.zjj") {
      EXPECT_GE(u["orders"].get<int>(), 1) << u.dump();
    }
  }
  EXPECT_TRUE(found) << r.raw;
  ASSERT_FALSE(r.body["confusions"]["units"].empty()) << r.raw;
  EXPECT_NE(r.body["confusions"]["units"][0]["text"].get<std::string>().find("→ 实际"),
            std::string::npos);

  // A range before everything: empty report.
  HttpResult empty = As("centre1").Get("/api/v1/dispatch/accuracy?from=2000-01-01&to=2000-02-01");
  ASSERT_EQ(empty.status, 200) << empty.raw;
  EXPECT_EQ(empty.body["total"]["orders"], 0);
  EXPECT_EQ(empty.body["from"].get<std::string>().substr(0, 10), "2000-01-01");

  // The CLI reads the same history while the server runs.
  ProcessResult cli =
      RunCli({"dispatch", "report", "--db", server_->db_path(), "--config", ConfigDir(), "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.output;
  const json j = json::parse(cli.output.substr(cli.output.find('{')), nullptr, false);
  ASSERT_TRUE(j.is_object()) << cli.output;
  EXPECT_EQ(j["total"]["orders"], 3);
  ProcessResult table =
      RunCli({"dispatch", "report", "--db", server_->db_path(), "--config", ConfigDir()});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("按类别"), std::string::npos) << table.output;

  // Three examples are far too few: retrain refuses with exit code 4 and writes no model.
  const std::string models = MakeTempDir();
  ProcessResult retrain = RunCli({"dispatch", "retrain", "--db", server_->db_path(), "--config",
                                  ConfigDir(), "--out", models, "--min-examples", "50"});
  EXPECT_EQ(retrain.exit_code, 4) << retrain.output;
  EXPECT_NE(retrain.output.find("样本不足"), std::string::npos) << retrain.output;
  EXPECT_NE(retrain.output.find("只有 3 条"), std::string::npos) << retrain.output;
  // --max-orders 2: the newest two orders only (c, returned and redispatched, and the one only
  // registered), said so; a negative count is refused.
  ProcessResult newest =
      RunCli({"dispatch", "retrain", "--db", server_->db_path(), "--config", ConfigDir(), "--out",
              models, "--min-examples", "50", "--max-orders", "2"});
  EXPECT_EQ(newest.exit_code, 4) << newest.output;
  EXPECT_NE(newest.output.find("只读取最新的 2 件"), std::string::npos) << newest.output;
  EXPECT_NE(newest.output.find("历史工单共 4 件"), std::string::npos) << newest.output;
  EXPECT_NE(newest.output.find("只有 1 条"), std::string::npos) << newest.output;
  ProcessResult negative = RunCli({"dispatch", "retrain", "--db", server_->db_path(), "--config",
                                   ConfigDir(), "--out", models, "--max-orders", "-5"});
  EXPECT_NE(negative.exit_code, 0) << negative.output;
  EXPECT_NE(negative.output.find("--max-orders"), std::string::npos) << negative.output;
  // The same from server.yaml (learning.max_orders), and a bad value there named.
  ProcessResult from_yaml =
      RunCli({"dispatch", "retrain", "--db", server_->db_path(), "--config",
              ConfigWithMaxOrders("2"), "--out", models, "--min-examples", "50"});
  EXPECT_EQ(from_yaml.exit_code, 4) << from_yaml.output;
  EXPECT_NE(from_yaml.output.find("只读取最新的 2 件"), std::string::npos) << from_yaml.output;
  for (const char* bad : {"-1", "many"}) {
    ProcessResult refused = RunCli({"dispatch", "retrain", "--db", server_->db_path(), "--config",
                                    ConfigWithMaxOrders(bad), "--out", models});
    EXPECT_NE(refused.exit_code, 0) << bad << refused.output;
    EXPECT_NE(refused.exit_code, 4) << bad << refused.output;
    EXPECT_NE(refused.output.find("max_orders"), std::string::npos) << bad << refused.output;
  }
}

TEST_F(LearningFunctionalTest, AccuracyRolesAndBadQueries) {
  ExpectError(As("cyl").Get("/api/v1/dispatch/accuracy"), 403, "forbidden");
  ExpectError(Anon().Get("/api/v1/dispatch/accuracy"), 401, "unauthenticated");
  ExpectError(Admin().Get("/api/v1/dispatch/accuracy?from=yesterday"), 400, "invalid_query");
  ExpectError(Admin().Get("/api/v1/dispatch/accuracy?from=2026-02-01&to=2026-01-01"), 400,
              "invalid_query");
  EXPECT_EQ(Admin().Get("/api/v1/dispatch/accuracy").status, 200);
  HttpResult doc = Anon().Get("/api/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_TRUE(doc.body["paths"].contains("/api/v1/dispatch/accuracy"));
}

// Admin's API of a server started by the test.
Api AdminOf(const ServerProcess& server) {
  const Api anon(server.port());
  return anon.WithToken(anon.Login("admin", kAdminPassword));
}

// 36 orders of three categories, each dispatched: enough history for a retrain.
void DispatchThreeTopics(const Api& admin) {
  const struct {
    const char* code;
    const char* unit;
    const char* title;
    const char* content;
  } topics[] = {
      {"03.02", "d.cgj", "路口商贩占道经营", "小区门口每天早上有商贩占道摆摊,影响通行"},
      {"01.02", "d.zjj", "物业公司乱收费", "物业公司每月多收电梯费,业主多次反映无人处理"},
      {"02.01", "d.zjj", "小区停水两天", "小区自来水停水两天没有通知,生活很不方便"},
  };
  for (int i = 0; i < 12; ++i) {
    for (const auto& t : topics) {
      HttpResult created = admin.Post(
          "/api/v1/orders",
          {{"channel", "phone"},
           {"type", "complaint"},
           {"title", std::string(t.title) + " " + std::to_string(i) + "号楼"},
           {"content", std::string(t.content) + ",第" + std::to_string(i) + "次"},
           {"citizen", {{"name", "李四"}, {"phone", "1390000" + std::to_string(1000 + i)}}}});
      ASSERT_EQ(created.status, 201) << created.raw;
      const int64_t id = created.body["id"].get<int64_t>();
      HttpResult d = admin.Post("/api/v1/orders/" + std::to_string(id) + "/dispatch",
                                {{"unit", t.unit}, {"category", t.code}});
      ASSERT_EQ(d.status, 200) << d.raw;
    }
  }
}

// The pids of `pid`'s children (any thread's).
std::vector<pid_t> ChildrenOf(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "children");
    for (pid_t c; in >> c;) out.push_back(c);
  }
  return out;
}

// The learning section for a scheduled retrain every second into `models`.
std::vector<std::pair<std::string, std::string>> EverySecondInto(const std::string& models) {
  return {{R"(models_dir:\s*"")", "models_dir: \"" + models + "\""},
          {R"(retrain_interval_ms:\s*\d+)", "retrain_interval_ms: 1000"},
          {R"(retrain_hour:\s*\d+)", "retrain_hour: -1"},
          {R"(min_examples:\s*\d+)", "min_examples: 20"}};
}

// The server's scheduled retrain (learning.retrain_interval_ms) runs `minsheng dispatch
// retrain` as a child process: 36 dispatched orders of three categories and the zone's seed
// appeals train a model, `current` points at it, and the server's suggestions switch to it.
TEST(ScheduledRetrainTest, AChildProcessTrainsAndTheServerFollows) {
  const std::string models = MakeTempDir() + "/models";
  const std::string config = ConfigWithServerYaml(EverySecondInto(models));
  ASSERT_FALSE(config.empty());
  ServerProcess server(MakeTempDir() + "/s.db", config);
  ASSERT_TRUE(server.Start()) << server.log();
  const Api admin = AdminOf(server);
  DispatchThreeTopics(admin);
  // Wait (bounded) for the server to answer with the model the child installed.
  const json appeal = {{"title", "物业乱收费"}, {"content", "物业公司乱收电梯费"}};
  std::string installed, served;
  for (int k = 0; k < 600 && (installed.empty() || served != installed); ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    std::ifstream in(models + "/current/manifest.json");
    if (in) {
      const json m = json::parse(in, nullptr, false);
      if (m.is_object()) installed = m.value("model_version", "");
    }
    HttpResult r = admin.Post("/api/v1/dispatch/suggest", appeal);
    ASSERT_EQ(r.status, 200) << r.raw;
    served = r.body["model_version"].is_string() ? r.body["model_version"].get<std::string>() : "";
  }
  ASSERT_FALSE(installed.empty()) << server.log();
  EXPECT_EQ(served, installed) << server.log();
  const std::string log = server.log();
  EXPECT_NE(log.find("子进程,退出码 0,installed"), std::string::npos) << log;
  EXPECT_NE(log.find("已切换到新的派单模型"), std::string::npos) << log;
  EXPECT_EQ(server.Stop(SIGTERM), 0) << server.log();
}

// Stopping the server stops a child retrain in progress: the server exits at once with 0, the
// child is gone, and no model is installed. The history is made first without the learning
// loop, so the first child of the restarted server is a full training (seconds long).
TEST(ScheduledRetrainTest, StoppingTheServerStopsTheChild) {
  const std::string db = MakeTempDir() + "/s.db";
  {
    ServerProcess plain(db);
    ASSERT_TRUE(plain.Start()) << plain.log();
    DispatchThreeTopics(AdminOf(plain));
    ASSERT_EQ(plain.Stop(SIGTERM), 0) << plain.log();
  }
  const std::string models = MakeTempDir() + "/models";
  const std::string config = ConfigWithServerYaml(EverySecondInto(models));
  ASSERT_FALSE(config.empty());
  ServerProcess server(db, config);
  ASSERT_TRUE(server.Start()) << server.log();
  std::vector<pid_t> children;
  for (int k = 0; k < 3000 && children.empty(); ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    children = ChildrenOf(server.pid());
  }
  ASSERT_EQ(children.size(), 1u) << server.log();
  EXPECT_EQ(server.Stop(SIGTERM), 0) << server.log();
  EXPECT_NE(kill(children[0], 0), 0);  // gone (reaped by the server)
  const std::string log = server.log();
  EXPECT_NE(log.find("服务停止,子进程已中止"), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(models + "/current")) << log;
}

// A retrain_process other than child or inline keeps the server from starting, named.
TEST(ScheduledRetrainTest, AnUnknownRetrainProcessIsRefused) {
  const std::string config =
      ConfigWithServerYaml({{R"(retrain_process:\s*child)", "retrain_process: thread"}});
  ASSERT_FALSE(config.empty());
  ProcessResult r = RunCli({"serve", "--db", MakeTempDir() + "/x.db", "--config", config, "--port",
                            std::to_string(FindFreePort())});
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("retrain_process"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace minsheng::testing
