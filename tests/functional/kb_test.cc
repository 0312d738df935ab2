// Functional tests of the knowledge base (知识库) against the real `minsheng serve` binary:
// items, 1- and 2-character search, suggestions, 知识库直办, unit permissions, review-due
// listing, input errors, and the `kb import` / `kb search` CLI on the same database.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "harness.h"

namespace minsheng::testing {
namespace {

using nlohmann::json;

class KnowledgeFunctionalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    server_ = new ServerProcess(*dir_ + "/minsheng.db");
    ASSERT_TRUE(server_->Start()) << server_->log();
    admin_token_ = new std::string(Api(server_->port()).Login("admin", kAdminPassword));
    ASSERT_FALSE(admin_token_->empty()) << server_->log();
    for (auto [name, role, unit] :
         {std::tuple{"kbwater", "unit", "e.water"}, std::tuple{"kbgas", "unit", "e.gas"},
          std::tuple{"kbcentre", "centre", ""}}) {
      std::vector<std::string> args = {"user", "add",    "--db", server_->db_path(), "--username",
                                       name,   "--role", role,   "--config",         ConfigDir()};
      if (*unit) {
        args.push_back("--unit");
        args.push_back(unit);
      }
      ProcessResult r = RunCli(args, "Unit-Passw0rd\n");
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->Stop(SIGTERM), 0) << server_->log();
      delete server_;
      server_ = nullptr;
    }
  }

  Api Admin() const { return Api(server_->port(), *admin_token_); }
  Api As(const std::string& user) const {
    Api a(server_->port());
    std::string token = a.Login(user, "Unit-Passw0rd");
    EXPECT_FALSE(token.empty()) << "login failed for " << user;
    return a.WithToken(token);
  }
  // PUT is not in the shared harness; a direct cpp-httplib call.
  HttpResult Put(const std::string& token, const std::string& path, const json& body) const {
    httplib::Client c("127.0.0.1", server_->port());
    httplib::Headers h{{"Authorization", "Bearer " + token}};
    auto r = c.Put(path.c_str(), h, body.dump(), "application/json");
    HttpResult out;
    if (!r) return out;
    out.status = r->status;
    out.raw = r->body;
    out.body = json::parse(r->body, nullptr, false);
    return out;
  }
  std::string Token(const std::string& user) const {
    return Api(server_->port()).Login(user, "Unit-Passw0rd");
  }

  static void ExpectError(const HttpResult& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.raw;
    ASSERT_TRUE(r.body.is_object()) << r.raw;
    EXPECT_EQ(r.body["error"].value("code", ""), code) << r.raw;
    EXPECT_FALSE(r.body["error"].value("message", "").empty());
  }

  int64_t CreateItem(const Api& api, const json& body) {
    HttpResult r = api.Post("/api/v1/kb/items", body);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", int64_t{0});
  }

  static std::vector<int64_t> Ids(const HttpResult& r) {
    std::vector<int64_t> out;
    if (r.body.is_object() && r.body.contains("items"))
      for (const json& i : r.body["items"]) out.push_back(i.value("id", int64_t{0}));
    return out;
  }

  static std::string* dir_;
  static ServerProcess* server_;
  static std::string* admin_token_;
};

std::string* KnowledgeFunctionalTest::dir_ = nullptr;
ServerProcess* KnowledgeFunctionalTest::server_ = nullptr;
std::string* KnowledgeFunctionalTest::admin_token_ = nullptr;

TEST_F(KnowledgeFunctionalTest, ItemsSearchSuggestAndAnswerFromKnowledge) {
  const int64_t water = CreateItem(
      As("kbwater"), {{"title", "计划停水通知查询"},
                      {"body", "计划停水会提前一天在官网和小区公告栏公告,也可拨打供水热线查询。"},
                      {"categories", {"02.01"}},
                      {"review_due", "2020-01-01"}});
  const int64_t gas =
      CreateItem(Admin(), {{"title", "燃气开户办理"},
                           {"body", "燃气开户需携带身份证和房产证,停水期间不影响开户。"},
                           {"owner_unit", "e.gas"},
                           {"categories", {"水电气暖/燃气"}}});
  const int64_t medical = CreateItem(Admin(), {{"title", "医保报销比例"},
                                               {"body", "城乡居民医保住院报销比例为百分之七十。"},
                                               {"owner_unit", "d.ybj"}});

  // One character: both items mentioning 水, the title hit first.
  HttpResult r = Admin().Get("/api/v1/kb/search?q=" + UrlEncode("水"));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Ids(r), (std::vector<int64_t>{water, gas}));
  // Two characters.
  r = Admin().Get("/api/v1/kb/search?q=" + UrlEncode("停水"));
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(Ids(r), (std::vector<int64_t>{water, gas}));
  EXPECT_TRUE(r.body["items"][0]["title_match"].get<bool>());
  EXPECT_GT(r.body["items"][0]["score"].get<double>(), r.body["items"][1]["score"].get<double>());
  const json& snippet = r.body["items"][1]["snippet"];
  ASSERT_FALSE(snippet["highlights"].empty()) << snippet.dump();
  EXPECT_EQ(snippet["highlights"][0][1].get<int>(), 2);
  // Longer query and category filter.
  EXPECT_EQ(Ids(As("kbgas").Get("/api/v1/kb/search?q=" + UrlEncode("医保报销"))),
            (std::vector<int64_t>{medical}));
  EXPECT_EQ(Ids(Admin().Get("/api/v1/kb/search?q=" + UrlEncode("停水") + "&category=02.04")),
            (std::vector<int64_t>{gas}));

  // Suggestions while an appeal is typed.
  r = Admin().Post("/api/v1/kb/suggest", {{"title", "小区突然停水"},
                                          {"content", "我们小区早上开始停水,也没看到停水通知。"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_FALSE(r.body["items"].empty()) << r.raw;
  EXPECT_EQ(r.body["items"][0]["id"].get<int64_t>(), water);
  EXPECT_TRUE(r.body["items"][0].contains("snippet"));

  // 知识库直办: the order becomes direct_answered with the item recorded.
  r = Admin().Post("/api/v1/orders", {{"channel", "phone"},
                                      {"type", "consultation"},
                                      {"title", "咨询停水时间"},
                                      {"content", "请问小区什么时候停水?"},
                                      {"citizen", {{"name", "李女士"}, {"phone", "13900000001"}}}});
  ASSERT_EQ(r.status, 201) << r.raw;
  const int64_t order = r.body["id"].get<int64_t>();
  r = As("kbcentre")
          .Post("/api/v1/orders/" + std::to_string(order) + "/answer-from-kb",
                {{"item_id", water}, {"note", "知识库直办"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "direct_answered");
  EXPECT_EQ(r.body["direct_answer_kb"].get<int64_t>(), water);
  const json& event = r.body["timeline"].back();
  EXPECT_EQ(event["action"], "direct_answer");
  EXPECT_EQ(event["payload"]["kb_item"].get<int64_t>(), water) << event.dump();
  r = Admin().Get("/api/v1/orders/" + std::to_string(order));
  EXPECT_EQ(r.body["direct_answer_kb"].get<int64_t>(), water);
  // Answering again is not allowed in that status; a unit cannot answer from the KB.
  ExpectError(Admin().Post("/api/v1/orders/" + std::to_string(order) + "/answer-from-kb",
                           {{"item_id", water}}),
              409, "action_not_allowed");
}

TEST_F(KnowledgeFunctionalTest, UnitsEditOnlyTheirOwnItemsAndHistoryIsKept) {
  const int64_t id =
      CreateItem(As("kbwater"), {{"title", "水费缴纳方式"}, {"body", "可在营业厅缴纳。"}});
  HttpResult r = Admin().Get("/api/v1/kb/items/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["owner_unit"], "e.water");
  EXPECT_EQ(r.body["version"], 1);

  // Another unit: may read and search, not edit or retire.
  ExpectError(Put(Token("kbgas"), "/api/v1/kb/items/" + std::to_string(id),
                  {{"title", "改"}, {"body", "改"}}),
              403, "forbidden");
  ExpectError(
      As("kbgas").Post("/api/v1/kb/items/" + std::to_string(id) + "/retire", json::object()), 403,
      "forbidden");
  ExpectError(As("kbgas").Post("/api/v1/kb/items",
                               {{"title", "t"}, {"body", "b"}, {"owner_unit", "e.water"}}),
              403, "forbidden");

  // The owner edits; a stale version is refused.
  r = Put(Token("kbwater"), "/api/v1/kb/items/" + std::to_string(id),
          {{"title", "水费缴纳方式"},
           {"body", "可在营业厅或网上缴纳。"},
           {"expected_version", 1},
           {"note", "新增网上缴费"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["version"], 2);
  ExpectError(Put(Token("kbwater"), "/api/v1/kb/items/" + std::to_string(id),
                  {{"title", "x"}, {"body", "y"}, {"expected_version", 1}}),
              409, "version_conflict");
  r = Admin().Get("/api/v1/kb/items/" + std::to_string(id));
  ASSERT_EQ(r.body["history"].size(), 2u) << r.raw;
  EXPECT_EQ(r.body["history"][0]["body"], "可在营业厅缴纳。");
  EXPECT_EQ(r.body["history"][1]["note"], "新增网上缴费");

  // Retired: hidden from search, kept readable, refused for 直办.
  r = As("kbwater").Post("/api/v1/kb/items/" + std::to_string(id) + "/retire", {{"note", "停用"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "retired");
  EXPECT_TRUE(Ids(Admin().Get("/api/v1/kb/search?q=" + UrlEncode("水费"))).empty());
  EXPECT_EQ(Ids(Admin().Get("/api/v1/kb/search?all=true&q=" + UrlEncode("水费"))),
            (std::vector<int64_t>{id}));
  r = Admin().Post("/api/v1/orders", {{"channel", "phone"},
                                      {"type", "consultation"},
                                      {"title", "水费怎么交"},
                                      {"content", "咨询水费缴纳方式"},
                                      {"citizen", {{"name", "王先生"}, {"phone", "13900000002"}}}});
  ASSERT_EQ(r.status, 201) << r.raw;
  ExpectError(
      Admin().Post("/api/v1/orders/" + r.body["id"].dump() + "/answer-from-kb", {{"item_id", id}}),
      409, "kb_item_not_valid");
}

TEST_F(KnowledgeFunctionalTest, ReviewDueAndBadInput) {
  const int64_t due = CreateItem(As("kbgas"), {{"title", "燃气报装流程"},
                                               {"body", "燃气报装请携带身份证到营业厅。"},
                                               {"review_due", "2021-06-01"}});
  HttpResult r = As("kbgas").Get("/api/v1/kb/review-due?within_days=0");
  ASSERT_EQ(r.status, 200) << r.raw;
  bool found = false;
  for (const json& i : r.body["items"]) {
    EXPECT_EQ(i["owner_unit"], "e.gas");  // a unit sees only its own
    if (i["id"].get<int64_t>() == due) found = i["overdue"].get<bool>();
  }
  EXPECT_TRUE(found) << r.raw;
  ExpectError(As("kbgas").Get("/api/v1/kb/review-due?unit=e.water"), 403, "forbidden");

  ExpectError(Admin().Post("/api/v1/kb/items", {{"body", "b"}, {"owner_unit", "e.gas"}}), 400,
              "missing_field");
  ExpectError(
      Admin().Post("/api/v1/kb/items", {{"title", "t"}, {"body", "b"}, {"owner_unit", "nosuch"}}),
      400, "unknown_unit");
  ExpectError(Admin().Post(
                  "/api/v1/kb/items",
                  {{"title", "t"}, {"body", "b"}, {"owner_unit", "e.gas"}, {"categories", {"99"}}}),
              400, "unknown_category");
  ExpectError(Admin().Post("/api/v1/kb/items", {{"title", "t"},
                                                {"body", "b"},
                                                {"owner_unit", "e.gas"},
                                                {"valid_from", "2026-12-01"},
                                                {"valid_to", "2026-01-01"}}),
              400, "invalid_validity");
  ExpectError(Admin().Post("/api/v1/kb/items", {{"title", 5}, {"body", "b"}}), 400,
              "invalid_field");
  ExpectError(Admin().PostRaw("/api/v1/kb/items", "{"), 400, "invalid_json");
  ExpectError(Admin().Get("/api/v1/kb/search?q="), 400, "invalid_query");
  ExpectError(Admin().Get("/api/v1/kb/items/abc"), 400, "invalid_id");
  ExpectError(Admin().Get("/api/v1/kb/items/999999"), 404, "kb_item_not_found");
  ExpectError(Admin().Post("/api/v1/kb/suggest", {{"title", ""}}), 400, "missing_field");
  ExpectError(Admin().Post("/api/v1/orders/1/answer-from-kb", {{"item_id", 999999}}), 404,
              "kb_item_not_found");
  ExpectError(Api(server_->port()).Get("/api/v1/kb/search?q=" + UrlEncode("水")), 401,
              "unauthenticated");
}

TEST_F(KnowledgeFunctionalTest, CliImportAndSearchShareTheServersDatabase) {
  const std::string file = *dir_ + "/items.jsonl";
  {
    std::ofstream out(file);
    out << R"({"title":"供暖时间","body":"供暖期为每年11月15日至次年3月15日。","owner_unit":"e.heat"})"
        << "\n";
    out << "not json\n";
    out << R"({"title":"","body":"缺标题","owner_unit":"e.heat"})"
        << "\n";
    out << "\n";
    out << R"({"title":"暖气不热报修","body":"暖气不热请拨打供热热线。","owner_unit":"e.heat","categories":["02.05"]})"
        << "\n";
  }
  ProcessResult r =
      RunCli({"kb", "import", "--db", server_->db_path(), "--config", ConfigDir(), "--file", file});
  EXPECT_EQ(r.exit_code, 3) << r.output;  // rejected lines
  EXPECT_NE(r.output.find("成功导入 2 条"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("第 2 行"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("第 3 行:[missing_field]"), std::string::npos) << r.output;

  r = RunCli({"kb", "search", "--db", server_->db_path(), "--config", ConfigDir(), "供暖"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("供暖时间"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("【供暖】"), std::string::npos) << r.output;

  // The running server sees the imported items at once.
  HttpResult s = Admin().Get("/api/v1/kb/search?q=" + UrlEncode("暖"));
  ASSERT_EQ(s.status, 200) << s.raw;
  EXPECT_EQ(s.body["items"].size(), 2u) << s.raw;
}

}  // namespace
}  // namespace minsheng::testing
