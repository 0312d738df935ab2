// Unit tests of the framework-neutral API pieces: routing, query parsing, body shape checks,
// the status mapping and the order JSON writer (no sockets; the functional tests cover HTTP).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/error_mapping.h"
#include "api/http.h"
#include "api/json_input.h"
#include "api/openapi_embed.h"
#include "api/order_json.h"
#include "core/types.h"

namespace minsheng::api {
namespace {

using nlohmann::json;

Response Echo(Request& r) {
  Response out;
  out.body = std::string(r.Param("id")) + "/" + std::string(r.Param("action"));
  return out;
}

TEST(OpenApiTest, DocumentsEveryPublicActionAndStatus) {
  json doc = json::parse(OpenApiDocument());
  json post = doc["paths"]["/api/v1/orders/{id}/{action}"]["post"];
  std::vector<std::string> documented;
  for (const json& p : post["parameters"])
    if (p["name"] == "action") documented = p["schema"]["enum"].get<std::vector<std::string>>();
  for (Action a : AllActions()) {
    bool public_action = a != Action::kCreate && !IsSystemOnly(a);
    bool listed = std::find(documented.begin(), documented.end(), ToString(a)) != documented.end();
    EXPECT_EQ(listed, public_action) << ToString(a);
  }
  auto statuses = doc["components"]["schemas"]["Status"]["enum"].get<std::vector<std::string>>();
  EXPECT_EQ(statuses.size(), AllOrderStatuses().size());
  for (OrderStatus s : AllOrderStatuses())
    EXPECT_NE(std::find(statuses.begin(), statuses.end(), ToString(s)), statuses.end());
}

TEST(RouterTest, MatchesPatternsAndReportsAllowedMethods) {
  Router router;
  router.Add({Method::kGet, "/api/v1/orders/{id}", Echo, Execution::kInline, false});
  router.Add({Method::kPost, "/api/v1/orders/{id}/{action}", Echo, Execution::kBlocking, false});
  router.Add({Method::kPost, "/api/v1/orders", Echo, Execution::kBlocking, false});
  router.Add({Method::kGet, "/api/v1/orders", Echo, Execution::kInline, false});

  auto m = router.Find(Method::kPost, "/api/v1/orders/42/sign");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["id"], "42");
  EXPECT_EQ(m.params["action"], "sign");
  EXPECT_EQ(m.route->execution, Execution::kBlocking);

  auto head = router.Find(Method::kHead, "/api/v1/orders/7");
  EXPECT_NE(head.route, nullptr);

  auto wrong = router.Find(Method::kDelete, "/api/v1/orders");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_TRUE(wrong.path_matched);
  EXPECT_EQ(wrong.allow, "POST, GET");

  auto none = router.Find(Method::kGet, "/api/v2/orders");
  EXPECT_EQ(none.route, nullptr);
  EXPECT_FALSE(none.path_matched);
  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/orders/1/2/3").route, nullptr);
}

TEST(RouterTest, QueryAndPathBytesThatAreNotUtf8AreRefusedBeforeTheHandler) {
  // "?status=%DB…" reached an error message and made the JSON writer throw: a 500 (found by
  // fuzz/api_fuzz.cc).
  Router router;
  int calls = 0;
  router.Add({Method::kGet, "/api/v1/orders/{id}",
              [&](Request&) {
                ++calls;
                return Response{};
              },
              Execution::kInline, false});
  for (const auto& [query, param] : std::vector<std::pair<std::string, std::string>>{
           {"status=regi\xDBstered", "7"}, {"\xFF=1", "7"}, {"", "7\xC0"}}) {
    Request req;
    req.method = Method::kGet;
    req.path = "/api/v1/orders/7";
    req.query = ParseQueryString(query);
    auto m = router.Find(req.method, req.path);
    ASSERT_NE(m.route, nullptr);
    req.params = m.params;
    req.params["id"] = param;
    Response res = router.Run(*m.route, req);
    EXPECT_EQ(res.status, 400) << query;
    EXPECT_EQ(json::parse(res.body)["error"]["code"], "invalid_utf8");
  }
  EXPECT_EQ(calls, 0);
  Request good;
  good.query = ParseQueryString("status=registered&q=%E5%81%9C%E6%B0%B4");
  auto m = router.Find(Method::kGet, "/api/v1/orders/7");
  good.params = m.params;
  EXPECT_EQ(router.Run(*m.route, good).status, 200);
  EXPECT_EQ(calls, 1);
}

TEST(RouterTest, AuthenticatesBeforeTheHandler) {
  Router router;
  router.Add({Method::kGet, "/x", [](Request& r) {
                Response out;
                out.body = r.actor->user;
                return out;
              }});
  router.SetAuthenticator([](std::string_view token) -> Result<Actor> {
    if (token == "good") return Actor{"alice", Role::kCentre, ""};
    return Unauthenticated("invalid_token", "令牌无效");
  });
  const Route* route = router.Find(Method::kGet, "/x").route;
  Request req;
  EXPECT_EQ(router.Run(*route, req).status, 401);
  req.authorization = "Bearer bad";
  EXPECT_EQ(router.Run(*route, req).status, 401);
  req.authorization = "Bearer good";
  Response ok = router.Run(*route, req);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "alice");
}

TEST(RouterTest, HandlerExceptionsBecome500WithoutDetail) {
  Router router;
  router.Add({Method::kGet, "/boom",
              [](Request&) -> Response { throw std::runtime_error("secret detail"); },
              Execution::kInline, false});
  Request req;
  Response r = router.Run(*router.Find(Method::kGet, "/boom").route, req);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(QueryTest, DecodesPercentAndPlus) {
  auto q = ParseQueryString("q=%E8%B7%AF%E7%81%AF+a&page=2&flag&bad=%zz");
  EXPECT_EQ(q.find("q")->second, "路灯 a");
  EXPECT_EQ(q.find("page")->second, "2");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.find("bad")->second, "%zz");
  std::string out;
  EXPECT_FALSE(PercentDecode("%4", &out, false));
}

TEST(JsonInputTest, ChecksUtf8ThenSyntaxThenShape) {
  EXPECT_EQ(ParseJsonObject("{\"a\":\"\xff\"}", false).status().error_code(), "invalid_utf8");
  EXPECT_EQ(ParseJsonObject("{\"a\":", false).status().error_code(), "invalid_json");
  EXPECT_EQ(ParseJsonObject("  ", false).status().error_code(), "invalid_json");
  EXPECT_TRUE(ParseJsonObject("  ", true).ok());
  EXPECT_EQ(ParseJsonObject("[1]", false).status().error_code(), "invalid_field");
  auto j = ParseJsonObject(R"({"s":"x","n":3,"b":true,"arr":["a"],"nul":null})", false);
  ASSERT_TRUE(j.ok());
  std::string s = "keep";
  EXPECT_TRUE(ReadString(*j, "nul", "nul", &s).ok());
  EXPECT_EQ(s, "keep");
  Status bad = ReadString(*j, "n", "citizen.n", &s);
  EXPECT_EQ(bad.error_code(), "invalid_field");
  EXPECT_NE(bad.message().find("citizen.n"), std::string::npos);
  int64_t n = 0;
  EXPECT_TRUE(ReadInt64(*j, "n", "n", &n).ok());
  EXPECT_EQ(n, 3);
  EXPECT_FALSE(ReadInt64(*j, "s", "s", &n).ok());
  std::vector<std::string> arr;
  EXPECT_TRUE(ReadStringArray(*j, "arr", "arr", &arr).ok());
  EXPECT_FALSE(ReadStringArray(*j, "s", "s", &arr).ok());
  bool b = false;
  EXPECT_TRUE(ReadBool(*j, "b", "b", &b).ok());
  EXPECT_TRUE(b);
}

TEST(JsonInputTest, ParseId) {
  EXPECT_EQ(ParseId("42"), 42);
  EXPECT_FALSE(ParseId("0"));
  EXPECT_FALSE(ParseId("-1"));
  EXPECT_FALSE(ParseId("4a"));
  EXPECT_FALSE(ParseId(""));
  EXPECT_FALSE(ParseId("99999999999999999999"));
}

TEST(ErrorMappingTest, OneHttpStatusPerCode) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 413);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
  Response r = ErrorResponse(Internal("sqlite says: disk I/O error at /var/db"));
  EXPECT_EQ(r.status, 500);
  json body = json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "internal");
  EXPECT_EQ(r.body.find("sqlite"), std::string::npos);
}

TEST(OrderJsonTest, WritesValidJsonWithInlinedPayloads) {
  ZoneConfig config;
  WorkOrder o;
  o.id = 7;
  o.number = "GX2026112900007";
  o.title = "引号\" 反斜杠\\ 换行\n 控制\x01 中文";
  o.status = OrderStatus::kInProgress;
  o.assignments.push_back({"st.chongyelu", AssignmentRole::kMain, 1764393057123, 0, 0, true});
  o.assignments.push_back({"d.cgj", AssignmentRole::kCo, 1764393057123, 0, 0, true});
  o.merged_children = {3, 4};
  o.dispatch_suggestion_json = "";
  Event e;
  e.seq = 1;
  e.at = 1764393057123;
  e.action = Action::kDispatch;
  e.from = OrderStatus::kRegistered;
  e.to = OrderStatus::kDispatched;
  e.payload_json = R"({"unit":"st.chongyelu","co_units":["d.cgj"]})";
  o.timeline.push_back(e);
  Event bad = e;
  bad.seq = 2;
  bad.payload_json = "not json";
  o.timeline.push_back(bad);

  json j = json::parse(OrderJson(o, config, true));
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["title"], o.title);
  EXPECT_EQ(j["status"], "in_progress");
  EXPECT_EQ(j["main_unit"], "st.chongyelu");
  EXPECT_EQ(j["assignments"][1]["role"], "co");
  EXPECT_EQ(j["assignments"][0]["dispatched_at"], "2025-11-29T13:10:57.123+08:00");
  EXPECT_TRUE(j["assignments"][0]["signed_at"].is_null());
  EXPECT_TRUE(j["reply"].is_null());
  EXPECT_TRUE(j["merged_into"].is_null());
  EXPECT_EQ(j["merged_children"], json::array({3, 4}));
  EXPECT_EQ(j["dispatch_suggestion"], json::object());
  EXPECT_EQ(j["timeline"][0]["payload"]["co_units"][0], "d.cgj");
  EXPECT_EQ(j["timeline"][0]["from"], "registered");
  EXPECT_EQ(j["timeline"][1]["payload"], "not json");
  EXPECT_FALSE(json::parse(OrderJson(o, config, false)).contains("timeline"));
}

}  // namespace
}  // namespace minsheng::api
