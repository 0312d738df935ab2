// Functional tests of the HTTP contract against the real `minsheng serve` binary.
//
// One server (fresh database) is shared by the tests of this file; each test creates its own
// orders and tags them with a unique word so list queries stay independent of other tests.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <string>

#include "server_fixture.h"

namespace minsheng::testing {
namespace {

class ApiTest : public ServerTest {};

// ------------------------------------------------------------------ system and auth

TEST_F(ApiTest, HealthAndOpenApi) {
  EXPECT_EQ(Anon().Get("/healthz").status, 200);
  HttpResult doc = Anon().Get("/api/openapi.json");
  ASSERT_EQ(doc.status, 200);
  ASSERT_TRUE(doc.body.is_object()) << "openapi.json is not valid JSON";
  EXPECT_EQ(doc.body["openapi"].get<std::string>().substr(0, 2), "3.");
  for (const char* p : {"/healthz", "/api/v1/auth/login", "/api/v1/orders", "/api/v1/orders/{id}",
                        "/api/v1/orders/{id}/{action}", "/api/v1/meta", "/api/v1/me"}) {
    EXPECT_TRUE(doc.body["paths"].contains(p)) << p;
  }
}

TEST_F(ApiTest, LoginOkAndBad) {
  HttpResult ok =
      Anon().Post("/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_FALSE(ok.body["token"].get<std::string>().empty());
  EXPECT_TRUE(ok.body.contains("expires_at"));
  EXPECT_EQ(ok.body["role"], "admin");

  ExpectError(
      Anon().Post("/api/v1/auth/login", {{"username", "admin"}, {"password", "wrong-password"}}),
      401, "invalid_credentials");
  ExpectError(
      Anon().Post("/api/v1/auth/login", {{"username", "nobody"}, {"password", "whatever-123"}}),
      401, "invalid_credentials");

  HttpResult me = As("cyl").Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_EQ(me.body["username"], "cyl");
  EXPECT_EQ(me.body["role"], "unit");
  EXPECT_EQ(me.body["unit"], "st.chongyelu");
}

TEST_F(ApiTest, Meta) {
  HttpResult m = Admin().Get("/api/v1/meta");
  ASSERT_EQ(m.status, 200) << m.raw;
  for (const char* k : {"units", "categories", "channels", "order_types", "urgencies",
                        "satisfaction_levels", "reply_results", "return_reasons", "refuse_reasons",
                        "emergency_targets", "statuses", "sla"}) {
    ASSERT_TRUE(m.body.contains(k)) << k;
    EXPECT_FALSE(m.body[k].empty()) << k;
  }
  bool found = false;
  for (const auto& u : m.body["units"]) found |= u["id"] == "st.chongyelu";
  EXPECT_TRUE(found);
  ExpectError(Anon().Get("/api/v1/meta"), 401, "unauthenticated");
}

TEST_F(ApiTest, CliHelp) {
  ProcessResult r = RunCli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("serve"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("import"), std::string::npos) << r.output;
  for (const char* sub : {"serve", "migrate", "import"}) {
    ProcessResult s = RunCli({sub, "--help"});
    EXPECT_EQ(s.exit_code, 0) << sub << s.output;
  }
  EXPECT_EQ(RunCli({"user", "add", "--help"}).exit_code, 0);
  ProcessResult bad = RunCli({"serve", "--port", "notaport"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("命令行参数错误"), std::string::npos) << bad.output;
  ProcessResult weak = RunCli({"user", "add", "--db", server_->db_path(), "--username", "weak1",
                               "--role", "centre", "--config", ConfigDir()},
                              "short\n");
  EXPECT_NE(weak.exit_code, 0) << weak.output;
}

// ------------------------------------------------------------------ create, get, list

TEST_F(ApiTest, CreateGetAndTimelineFormat) {
  const std::string tag = Tag();
  json body = NewOrder(tag);
  body["urgency"] = "urgent";
  body["category"] = "03.06";
  body["region_code"] = "610502008";
  body["citizen"]["confidential"] = true;
  body["attachments"] = json::array({{{"name", "photo.jpg"},
                                      {"url", "https://x/1.jpg"},
                                      {"mime", "image/jpeg"},
                                      {"size", 1234}}});
  HttpResult c = Admin().Post("/api/v1/orders", body);
  ASSERT_EQ(c.status, 201) << c.raw;
  EXPECT_GT(c.body["id"].get<int64_t>(), 0);
  EXPECT_TRUE(std::regex_match(c.body["number"].get<std::string>(), std::regex("GX\\d{8}\\d{5}")))
      << c.body["number"];
  EXPECT_EQ(c.body["status"], "registered");
  EXPECT_TRUE(c.body["dispatch_suggestion"].is_object()) << c.raw;

  HttpResult g = Admin().Get("/api/v1/orders/" + std::to_string(c.body["id"].get<int64_t>()));
  ASSERT_EQ(g.status, 200) << g.raw;
  EXPECT_EQ(g.body["status"], "registered");
  EXPECT_EQ(g.body["status_label"], "已登记(待派单)");
  EXPECT_EQ(g.body["urgency"], "urgent");
  EXPECT_EQ(g.body["category"], "03.06");
  EXPECT_EQ(g.body["citizen"]["confidential"], true);
  EXPECT_EQ(g.body["attachments"].size(), 1u);
  EXPECT_EQ(g.body["attachments"][0]["size"], 1234);
  ASSERT_EQ(g.body["timeline"].size(), 1u);
  const json& e = g.body["timeline"][0];
  EXPECT_EQ(e["seq"], 1);
  EXPECT_EQ(e["action"], "create");
  EXPECT_TRUE(e["from"].is_null());
  EXPECT_EQ(e["to"], "registered");
  EXPECT_EQ(e["actor_user"], "admin");
  EXPECT_TRUE(e["payload"].is_object()) << e;
  EXPECT_TRUE(std::regex_match(e["at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00)")))
      << e["at"];
  // Chinese dictionary names are accepted as input and normalised to ids.
  json zh = NewOrder(Tag());
  zh["channel"] = "网站";
  zh["type"] = "咨询";
  HttpResult z = Admin().Post("/api/v1/orders", zh);
  ASSERT_EQ(z.status, 201) << z.raw;
  EXPECT_EQ(z.body["channel"], "web");
  EXPECT_EQ(z.body["type"], "consultation");
}

TEST_F(ApiTest, ListFiltersPaginationAndTotal) {
  const std::string tag = Tag();
  const std::string q = "/api/v1/orders?q=" + UrlEncode(tag);
  json a = NewOrder(tag);
  a["category"] = "03.06";
  int64_t id1 = Create(a);
  json b = NewOrder(tag);
  b["category"] = "03.02";
  int64_t id2 = Create(b);
  json c = NewOrder(tag);
  int64_t id3 = Create(c);
  ExpectOk(Act(Admin(), id2, "dispatch", {{"unit", "st.baiyang"}}), "dispatched");

  HttpResult all = Admin().Get(q);
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(all.body["total"], 3);
  ASSERT_EQ(all.body["items"].size(), 3u);
  EXPECT_EQ(all.body["page"], 1);
  EXPECT_TRUE(all.body["items"][0].contains("status"));
  EXPECT_FALSE(all.body["items"][0].contains("timeline"));

  HttpResult byStatus = Admin().Get(q + "&status=registered");
  EXPECT_EQ(byStatus.body["total"], 2) << byStatus.raw;
  HttpResult byUnit = Admin().Get(q + "&unit=st.baiyang");
  ASSERT_EQ(byUnit.body["total"], 1) << byUnit.raw;
  EXPECT_EQ(byUnit.body["items"][0]["id"], id2);
  HttpResult byCat = Admin().Get(q + "&category=03.06");
  ASSERT_EQ(byCat.body["total"], 1) << byCat.raw;
  EXPECT_EQ(byCat.body["items"][0]["id"], id1);
  HttpResult byParent = Admin().Get(q + "&category=03");
  EXPECT_EQ(byParent.body["total"], 2) << byParent.raw;  // level 1 matches its children

  HttpResult p1 = Admin().Get(q + "&page=1&page_size=2");
  HttpResult p2 = Admin().Get(q + "&page=2&page_size=2");
  EXPECT_EQ(p1.body["total"], 3);
  EXPECT_EQ(p1.body["items"].size(), 2u);
  EXPECT_EQ(p2.body["items"].size(), 1u);
  EXPECT_EQ(p2.body["page_size"], 2);
  std::set<int64_t> seen;
  for (const auto& it : p1.body["items"]) seen.insert(it["id"].get<int64_t>());
  for (const auto& it : p2.body["items"]) seen.insert(it["id"].get<int64_t>());
  EXPECT_EQ(seen, (std::set<int64_t>{id1, id2, id3}));

  EXPECT_EQ(Admin().Get(q + "&from=2000-01-01").body["total"], 3);
  EXPECT_EQ(Admin().Get(q + "&from=2999-01-01").body["total"], 0);
  EXPECT_EQ(Admin().Get(q + "&to=2000-01-01T00:00:00%2B08:00").body["total"], 0);
  EXPECT_EQ(Admin().Get(q + "&to=2999-01-01T00:00:00Z").body["total"], 3);

  ExpectError(Admin().Get(q + "&from=yesterday"), 400, "invalid_query");
  ExpectError(Admin().Get(q + "&to=2026-13-45"), 400, "invalid_query");
  ExpectError(Admin().Get(q + "&status=bogus"), 400, "invalid_query");
  ExpectError(Admin().Get(q + "&page=0"), 400, "invalid_query");
  ExpectError(Admin().Get(q + "&page_size=abc"), 400, "invalid_query");
  ExpectError(Admin().Get(q + "&page_size=100000"), 400, "invalid_query");
  ExpectError(Admin().Get(q + "&unit=no.such.unit"), 400, "unknown_unit");
}

// ------------------------------------------------------------------ lifecycle

TEST_F(ApiTest, FullClosedLoop) {
  int64_t id = Create(NewOrder(Tag()));
  Api cyl = As("cyl");
  HttpResult d = Act(Admin(), id, "dispatch",
                     {{"unit", "st.chongyelu"},
                      {"co_units", {"d.cgj"}},
                      {"category", "03.06"},
                      {"note", "请尽快处理"}});
  ExpectOk(d, "dispatched");
  EXPECT_EQ(d.body["main_unit"], "st.chongyelu");
  EXPECT_EQ(d.body["category"], "03.06");
  ASSERT_EQ(d.body["assignments"].size(), 2u);
  EXPECT_EQ(d.body["assignments"][1]["role"], "co");
  EXPECT_TRUE(d.body["assignments"][0]["signed_at"].is_null());

  HttpResult s = Act(cyl, id, "sign");
  ExpectOk(s, "in_progress");
  EXPECT_TRUE(s.body["assignments"][0]["signed_at"].is_string());
  HttpResult r = Act(cyl, id, "reply", {{"text", "已更换灯泡,恢复照明"}, {"result", "resolved"}});
  ExpectOk(r, "replied");
  EXPECT_EQ(r.body["reply"]["unit"], "st.chongyelu");
  EXPECT_EQ(r.body["reply"]["user"], "cyl");
  ExpectOk(Act(Admin(), id, "approve"), "pending_visit");
  HttpResult v = Act(Admin(), id, "visit", {{"satisfaction", "satisfied"}, {"resolved", true}});
  ExpectOk(v, "closed");
  EXPECT_TRUE(v.body["closed_at"].is_string());

  HttpResult g = Admin().Get("/api/v1/orders/" + std::to_string(id));
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.body["status"], "closed");
  const json& tl = g.body["timeline"];
  struct Step {
    const char* action;
    const char* from;
    const char* to;
    const char* user;
    const char* unit;
  };
  const Step steps[] = {{"create", nullptr, "registered", "admin", "gx.12345"},
                        {"dispatch", "registered", "dispatched", "admin", "gx.12345"},
                        {"sign", "dispatched", "in_progress", "cyl", "st.chongyelu"},
                        {"reply", "in_progress", "replied", "cyl", "st.chongyelu"},
                        {"approve", "replied", "pending_visit", "admin", "gx.12345"},
                        {"visit", "pending_visit", "closed", "admin", "gx.12345"}};
  ASSERT_EQ(tl.size(), std::size(steps)) << tl.dump(1);
  for (size_t i = 0; i < std::size(steps); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(tl[i]["seq"], static_cast<int>(i + 1));
    EXPECT_EQ(tl[i]["action"], steps[i].action);
    if (steps[i].from) {
      EXPECT_EQ(tl[i]["from"], steps[i].from);
    } else {
      EXPECT_TRUE(tl[i]["from"].is_null());
    }
    EXPECT_EQ(tl[i]["to"], steps[i].to);
    EXPECT_EQ(tl[i]["actor_user"], steps[i].user);
    EXPECT_EQ(tl[i]["actor_unit"], steps[i].unit);
    EXPECT_TRUE(tl[i]["payload"].is_object());
  }
  EXPECT_EQ(tl[1]["payload"]["unit"], "st.chongyelu");
  EXPECT_EQ(tl[5]["payload"]["satisfaction"], "satisfied");
  ExpectOk(Act(Admin(), id, "archive"), "archived");
}

TEST_F(ApiTest, ReturnThenRedispatchAndRejectReturn) {
  int64_t id = InProgressOrder(Tag());
  HttpResult ret = Act(As("cyl"), id, "return",
                       {{"reason_code", "not_our_duty"}, {"note", "属住建局职责,依据三定方案"}});
  ExpectOk(ret, "return_requested");
  EXPECT_EQ(ret.body["pending_return"]["unit"], "st.chongyelu");
  EXPECT_EQ(ret.body["pending_return"]["reason_code"], "not_our_duty");
  EXPECT_EQ(ret.body["return_count"], 1);
  HttpResult re = Act(Admin(), id, "redispatch", {{"unit", "d.zjj"}});
  ExpectOk(re, "dispatched");
  EXPECT_EQ(re.body["main_unit"], "d.zjj");
  EXPECT_TRUE(re.body["pending_return"].is_null());
  // The old unit no longer sees it; the new one does.
  ExpectError(As("cyl").Get("/api/v1/orders/" + std::to_string(id)), 404, "order_not_found");
  EXPECT_EQ(As("zjj").Get("/api/v1/orders/" + std::to_string(id)).status, 200);

  int64_t id2 = InProgressOrder(Tag());
  ExpectOk(Act(As("cyl"), id2, "return",
               {{"reason_code", "wrong_territory"}, {"note", "地址不在本街道"}}),
           "return_requested");
  ExpectError(Act(Admin(), id2, "reject_return"), 400, "missing_field");
  ExpectOk(Act(Admin(), id2, "reject_return", {{"reason", "经核实属本街道辖区"}}), "in_progress");
}

TEST_F(ApiTest, RejectReply) {
  int64_t id = InProgressOrder(Tag());
  ExpectOk(Act(As("cyl"), id, "reply", {{"text", "已处理"}}), "replied");
  HttpResult rj = Act(Admin(), id, "reject_reply", {{"reason", "答复未说明处理结果"}});
  ExpectOk(rj, "in_progress");
  EXPECT_TRUE(rj.body["assignments"][0]["replied_at"].is_null());
  ExpectOk(Act(As("cyl"), id, "reply", {{"text", "已修复并回访群众"}, {"result", "resolved"}}),
           "replied");
}

TEST_F(ApiTest, DissatisfiedThenReopen) {
  int64_t id = InProgressOrder(Tag());
  ExpectOk(Act(As("cyl"), id, "reply", {{"text", "已处理"}}), "replied");
  ExpectOk(Act(Admin(), id, "approve"), "pending_visit");
  HttpResult v = Act(Admin(), id, "visit", {{"satisfaction", "dissatisfied"}, {"resolved", false}});
  ExpectOk(v, "pending_visit");
  EXPECT_EQ(v.body["visits"].size(), 1u);
  HttpResult ro = Act(Admin(), id, "reopen", {{"reason", "群众反映路灯仍不亮"}});
  ExpectOk(ro, "in_progress");
  EXPECT_EQ(ro.body["reopen_count"], 1);
  EXPECT_TRUE(ro.body["reply"].is_null());
  ExpectError(Act(Admin(), id, "visit", {{"satisfaction", "bogus"}}), 409, "action_not_allowed");
}

TEST_F(ApiTest, Merge) {
  int64_t master = Create(NewOrder(Tag()));
  int64_t dup = Create(NewOrder(Tag()));
  HttpResult m = Act(Admin(), dup, "merge", {{"into", master}});
  ExpectOk(m, "merged");
  EXPECT_EQ(m.body["merged_into"], master);
  HttpResult g = Admin().Get("/api/v1/orders/" + std::to_string(master));
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.body["status"], "registered");
  ASSERT_EQ(g.body["merged_children"].size(), 1u);
  EXPECT_EQ(g.body["merged_children"][0], dup);
  EXPECT_EQ(g.body["timeline"].back()["action"], "merge");
  int64_t other = Create(NewOrder(Tag()));
  ExpectError(Act(Admin(), other, "merge", {{"into", other}}), 400, "invalid_merge");
  ExpectError(Act(Admin(), other, "merge", {{"into", "x"}}), 400, "invalid_field");
  ExpectError(Act(Admin(), other, "merge", {{"into", 99999999}}), 400, "merge_target_not_found");
}

TEST_F(ApiTest, RefuseDirectAnswerTransfer) {
  int64_t a = Create(NewOrder(Tag()));
  ExpectError(Act(Admin(), a, "refuse", {{"reason_code", "no_such_reason"}}), 400,
              "unknown_reason_code");
  HttpResult rf = Act(Admin(), a, "refuse", {{"reason_code", "out_of_area"}});
  ExpectOk(rf, "refused");
  EXPECT_EQ(rf.body["refuse_reason"], "out_of_area");

  int64_t b = Create(NewOrder(Tag()));
  HttpResult da = Act(Admin(), b, "direct_answer", {{"text", "路灯维修电话为 12319"}});
  ExpectOk(da, "direct_answered");
  EXPECT_EQ(da.body["direct_answer"], "路灯维修电话为 12319");
  ExpectOk(Act(Admin(), b, "close"), "closed");

  int64_t c = Create(NewOrder(Tag()));
  ExpectError(Act(Admin(), c, "transfer_emergency", {{"to", "999"}}), 400,
              "unknown_emergency_target");
  HttpResult t = Act(Admin(), c, "transfer_emergency", {{"to", "110"}});
  ExpectOk(t, "transferred_out");
  EXPECT_EQ(t.body["transfer_to"], "110");
}

TEST_F(ApiTest, ExternalIdIsIdempotent) {
  const std::string tag = Tag();
  json body = NewOrder(tag);
  body["channel"] = "city_platform";
  body["external_id"] = "WN" + tag;
  HttpResult first = Admin().Post("/api/v1/orders", body);
  ASSERT_EQ(first.status, 201) << first.raw;
  HttpResult again = Admin().Post("/api/v1/orders", body);
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["id"], first.body["id"]);
  EXPECT_EQ(again.body["number"], first.body["number"]);
  EXPECT_EQ(Admin().Get("/api/v1/orders?q=" + UrlEncode(tag)).body["total"], 1);
  // The same external id on another channel is another order.
  body["channel"] = "mayor_mailbox";
  EXPECT_EQ(Admin().Post("/api/v1/orders", body).status, 201);
}

// ------------------------------------------------------------------ roles

TEST_F(ApiTest, RoleScoping) {
  const std::string tag = Tag();
  int64_t mine = Create(NewOrder(tag));
  ExpectOk(Act(Admin(), mine, "dispatch", {{"unit", "st.chongyelu"}}), "dispatched");
  int64_t theirs = Create(NewOrder(tag));
  ExpectOk(Act(Admin(), theirs, "dispatch", {{"unit", "d.zjj"}}), "dispatched");
  int64_t undispatched = Create(NewOrder(tag));

  Api cyl = As("cyl"), zjj = As("zjj"), leader = As("leader1"), centre = As("centre1");
  const std::string path = "/api/v1/orders/" + std::to_string(mine);
  EXPECT_EQ(cyl.Get(path).status, 200);
  ExpectError(zjj.Get(path), 404, "order_not_found");
  ExpectError(cyl.Get("/api/v1/orders/" + std::to_string(undispatched)), 404, "order_not_found");

  HttpResult cylList = cyl.Get("/api/v1/orders?q=" + UrlEncode(tag));
  ASSERT_EQ(cylList.status, 200);
  ASSERT_EQ(cylList.body["total"], 1) << cylList.raw;
  EXPECT_EQ(cylList.body["items"][0]["id"], mine);
  HttpResult zjjList = zjj.Get("/api/v1/orders?q=" + UrlEncode(tag));
  ASSERT_EQ(zjjList.body["total"], 1) << zjjList.raw;
  EXPECT_EQ(zjjList.body["items"][0]["id"], theirs);
  EXPECT_EQ(leader.Get("/api/v1/orders?q=" + UrlEncode(tag)).body["total"], 3);
  EXPECT_EQ(centre.Get("/api/v1/orders?q=" + UrlEncode(tag)).body["total"], 3);

  // Another unit cannot act on it (it does not even exist for them).
  ExpectError(Act(zjj, mine, "sign"), 404, "order_not_found");
  // Units cannot dispatch; leaders are read-only; centre users cannot sign.
  ExpectError(Act(cyl, mine, "redispatch", {{"unit", "st.baiyang"}}), 403, "forbidden");
  ExpectError(Act(cyl, undispatched, "dispatch", {{"unit", "st.chongyelu"}}), 404,
              "order_not_found");
  ExpectError(Act(leader, mine, "sign"), 403, "forbidden");
  ExpectError(Act(leader, undispatched, "dispatch", {{"unit", "st.chongyelu"}}), 403, "forbidden");
  ExpectError(Act(centre, mine, "sign"), 403, "forbidden");
  ExpectError(cyl.Post("/api/v1/orders", NewOrder(tag)), 403, "forbidden");
  ExpectError(leader.Post("/api/v1/orders", NewOrder(tag)), 403, "forbidden");
  // Nothing above changed the order.
  HttpResult after = Admin().Get(path);
  EXPECT_EQ(after.body["status"], "dispatched");
  EXPECT_EQ(after.body["timeline"].size(), 2u);
  // The centre user may create and dispatch.
  HttpResult cc = centre.Post("/api/v1/orders", NewOrder(tag));
  ASSERT_EQ(cc.status, 201) << cc.raw;
  ExpectOk(Act(centre, cc.body["id"].get<int64_t>(), "dispatch", {{"unit", "st.liangtian"}}),
           "dispatched");
}

// ------------------------------------------------------------------ bad input

TEST_F(ApiTest, BadBodies) {
  Api admin = Admin();
  // Over the configured 1 MiB limit.
  json big = NewOrder(Tag());
  big["content"] = std::string(1100 * 1024, 'a');
  ExpectError(admin.Post("/api/v1/orders", big), 413, "payload_too_large");
  // The server still works afterwards.
  EXPECT_EQ(Anon().Get("/healthz").status, 200);

  ExpectError(admin.PostRaw("/api/v1/orders", "{\"channel\": \"phone\", "), 400, "invalid_json");
  ExpectError(admin.PostRaw("/api/v1/orders", ""), 400, "invalid_json");
  std::string bad_utf8 = NewOrder(Tag()).dump();
  bad_utf8.replace(bad_utf8.find("路灯"), 3, "\xff\xfe\x80");
  ExpectError(admin.PostRaw("/api/v1/orders", bad_utf8), 400, "invalid_utf8");
  ExpectError(admin.PostRaw("/api/v1/orders", "{\"title\":\"\xed\xa0\x80\"}"), 400, "invalid_utf8");

  json wrong = NewOrder(Tag());
  wrong["title"] = 42;
  HttpResult w = admin.Post("/api/v1/orders", wrong);
  ExpectError(w, 400, "invalid_field");
  EXPECT_NE(w.body["error"]["message"].get<std::string>().find("title"), std::string::npos);
  ExpectError(admin.PostRaw("/api/v1/orders", "[1,2]"), 400, "invalid_field");
  json wc = NewOrder(Tag());
  wc["citizen"] = "张三";
  ExpectError(admin.Post("/api/v1/orders", wc), 400, "invalid_field");
  json wa = NewOrder(Tag());
  wa["citizen"]["confidential"] = "yes";
  ExpectError(admin.Post("/api/v1/orders", wa), 400, "invalid_field");
  json watt = NewOrder(Tag());
  watt["attachments"] = json::array({{{"name", "a"}, {"size", "big"}}});
  ExpectError(admin.Post("/api/v1/orders", watt), 400, "invalid_field");

  json missing = NewOrder(Tag());
  missing.erase("channel");
  ExpectError(admin.Post("/api/v1/orders", missing), 400, "missing_field");
  json longt = NewOrder(Tag());
  longt["title"] = std::string(201 * 3, 'x');
  ExpectError(admin.Post("/api/v1/orders", longt), 400, "field_too_long");
  json longzh = NewOrder(Tag());
  std::string zh;
  for (int i = 0; i < 201; ++i) zh += "路";
  longzh["title"] = zh;
  ExpectError(admin.Post("/api/v1/orders", longzh), 400, "field_too_long");
  json cat = NewOrder(Tag());
  cat["category"] = "99.99";
  ExpectError(admin.Post("/api/v1/orders", cat), 400, "unknown_category");
  json ch = NewOrder(Tag());
  ch["channel"] = "pigeon";
  ExpectError(admin.Post("/api/v1/orders", ch), 400, "unknown_channel");
  json ty = NewOrder(Tag());
  ty["type"] = "rant";
  ExpectError(admin.Post("/api/v1/orders", ty), 400, "unknown_type");
}

TEST_F(ApiTest, BadActionsLeaveOrderUnchanged) {
  int64_t id = Create(NewOrder(Tag()));
  const std::string path = "/api/v1/orders/" + std::to_string(id);
  HttpResult before = Admin().Get(path);
  ASSERT_EQ(before.status, 200);

  ExpectError(Act(Admin(), id, "dispatch", {{"unit", "st.nowhere"}}), 400, "unknown_unit");
  ExpectError(
      Act(Admin(), id, "dispatch", {{"unit", "st.chongyelu"}, {"co_units", {"st.nowhere"}}}), 400,
      "unknown_unit");
  ExpectError(Act(Admin(), id, "dispatch", {{"unit", "st.chongyelu"}, {"category", "99"}}), 400,
              "unknown_category");
  ExpectError(Act(Admin(), id, "dispatch", json::object()), 400, "missing_field");
  ExpectError(Act(Admin(), id, "dispatch", {{"unit", 7}}), 400, "invalid_field");
  ExpectError(Act(Admin(), id, "dispatch", {{"unit", "st.chongyelu"}, {"co_units", "d.cgj"}}), 400,
              "invalid_field");
  ExpectError(Admin().PostRaw(path + "/dispatch", "{oops"), 400, "invalid_json");
  ExpectError(Admin().PostRaw(path + "/dispatch", "{\"unit\":\"\xc0\xaf\"}"), 400, "invalid_utf8");
  ExpectError(Act(Admin(), id, "sign"), 409, "action_not_allowed");
  ExpectError(Act(Admin(), id, "approve"), 409, "action_not_allowed");
  ExpectError(Act(Admin(), id, "archive"), 409, "action_not_allowed");
  ExpectError(Act(Admin(), id, "fly"), 404, "unknown_action");
  ExpectError(Act(Admin(), id, "create"), 404, "unknown_action");
  ExpectError(Act(Admin(), 99999999, "dispatch", {{"unit", "st.chongyelu"}}), 404,
              "order_not_found");

  HttpResult after = Admin().Get(path);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body["version"], before.body["version"]);
  EXPECT_EQ(after.body["status"], "registered");
  EXPECT_EQ(after.body["timeline"], before.body["timeline"]);
  EXPECT_EQ(after.body["assignments"], before.body["assignments"]);
  EXPECT_EQ(after.body["updated_at"], before.body["updated_at"]);
}

TEST_F(ApiTest, AuthRoutesAndMethods) {
  ExpectError(Anon().Get("/api/v1/orders"), 401, "unauthenticated");
  ExpectError(Anon().WithToken("not-a-real-token").Get("/api/v1/orders"), 401, "invalid_token");
  ExpectError(Anon().Post("/api/v1/orders", NewOrder(Tag())), 401, "unauthenticated");
  ExpectError(Anon().Get("/api/v1/nothing-here"), 404, "not_found");
  ExpectError(Anon().Get("/nope"), 404, "not_found");
  HttpResult m = Admin().Delete("/api/v1/orders");
  ExpectError(m, 405, "method_not_allowed");
  ExpectError(Admin().Get("/api/v1/orders/1/dispatch"), 405, "method_not_allowed");
  ExpectError(Admin().Get("/api/v1/orders/abc"), 400, "invalid_id");
  ExpectError(Admin().Get("/api/v1/orders/-5"), 400, "invalid_id");
  ExpectError(Admin().Get("/api/v1/orders/99999999"), 404, "order_not_found");
}

// ------------------------------------------------------------------ closed-loop rules (issue 4)

TEST_F(ApiTest, DeadlinesExtensionsSupervisionAndReplyReviewOverHttp) {
  json order = NewOrder(Tag());
  order["channel"] = "city_platform";
  order["external_id"] = "WN-" + Tag();
  order["upstream_deadline"] = "2099-01-30T18:00:00+08:00";
  int64_t id = Create(order);
  ExpectOk(Act(Admin(), id, "dispatch", {{"unit", "st.chongyelu"}}), "dispatched");
  ExpectOk(Act(As("cyl"), id, "sign"), "in_progress");

  HttpResult g = Admin().Get("/api/v1/orders/" + std::to_string(id));
  ASSERT_EQ(g.status, 200);
  ASSERT_TRUE(g.body["deadlines"].is_object()) << g.raw;
  EXPECT_TRUE(g.body["deadlines"]["upstream"].get<bool>());
  EXPECT_EQ(g.body["upstream_deadline"], "2099-01-30T18:00:00.000+08:00");
  std::string reply_due;
  for (const json& s : g.body["deadlines"]["stages"]) {
    if (s["stage"] == "reply" && s["role"] == "main") reply_due = s["due"].get<std::string>();
  }
  ASSERT_FALSE(reply_due.empty()) << g.raw;

  // 延期: wrong type, then a real request the centre approves; the reply deadline moves.
  ExpectError(Act(As("cyl"), id, "request_extension", {{"days", "two"}}), 400, "invalid_field");
  ExpectOk(Act(As("cyl"), id, "request_extension",
               {{"days", 2}, {"reason", "需协调供水公司"}, {"legal_basis", "《办理规定》第十条"}}),
           "in_progress");
  ExpectError(Act(As("cyl"), id, "approve_extension"), 403, "forbidden");
  HttpResult a = Act(Admin(), id, "approve_extension", {{"note", "同意"}});
  ExpectOk(a, "in_progress");
  ASSERT_EQ(a.body["extensions"].size(), 1u);
  EXPECT_EQ(a.body["extensions"][0]["status"], "approved");
  EXPECT_EQ(a.body["extensions"][0]["days"], 2);
  std::string extended_due;
  for (const json& s : a.body["deadlines"]["stages"]) {
    if (s["stage"] == "reply" && s["role"] == "main") extended_due = s["due"].get<std::string>();
  }
  EXPECT_GT(extended_due, reply_due);  // same offset: ISO strings order like instants

  // 督办 with an ISO due date, then lifted.
  ExpectError(Act(Admin(), id, "supervise", {{"note", "x"}, {"due_at", "soon"}}), 400,
              "invalid_field");
  HttpResult sv = Act(Admin(), id, "supervise",
                      {{"level", "leader"},
                       {"due_at", "2099-01-20T17:00:00+08:00"},
                       {"listed", true},
                       {"note", "领导批示:限期办结"}});
  ExpectOk(sv, "in_progress");
  ASSERT_EQ(sv.body["supervisions"].size(), 1u);
  EXPECT_TRUE(sv.body["supervisions"][0]["listed"].get<bool>());
  EXPECT_EQ(sv.body["supervisions"][0]["due_at"], "2099-01-20T17:00:00.000+08:00");
  HttpResult lifted = Act(Admin(), id, "lift_supervision", {{"note", "已办结"}});
  ExpectOk(lifted, "in_progress");
  EXPECT_TRUE(lifted.body["supervisions"][0]["lifted_at"].is_string());

  // A boilerplate reply is flagged by the review assistant for the centre's 审核.
  HttpResult r = Act(As("cyl"), id, "reply", {{"text", "您好,留言已收悉。"}});
  ExpectOk(r, "replied");
  ASSERT_TRUE(r.body["reply_review"].is_array());
  ASSERT_FALSE(r.body["reply_review"].empty()) << r.raw;
  EXPECT_EQ(r.body["reply_review"][0]["code"], "no_substance");

  // System-only actions are neither listed nor callable.
  HttpResult meta = Admin().Get("/api/v1/meta");
  for (const json& act : meta.body["actions"]) EXPECT_NE(act["id"], "master_update");
  ExpectError(Act(Admin(), id, "master_update"), 403, "system_only");
}
TEST_F(ApiTest, DispatchSuggestForAnAppealBeingTyped) {
  HttpResult r = Admin().Post("/api/v1/dispatch/suggest",
                              {{"title", "王贺村2组下水道堵塞"},
                               {"content", "王贺村2组主干道下水道堵塞,污水外溢,电话13912345678"},
                               {"address", "崇业路街道王贺村2组"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["region"]["unit"], "st.chongyelu") << r.raw;
  bool phone = false;
  for (const json& f : r.body["facts"]) phone |= f["text"] == "13912345678";
  EXPECT_TRUE(phone) << r.raw;
  ASSERT_TRUE(r.body["units"]["main"].is_object()) << r.raw;
  EXPECT_FALSE(r.body["units"]["main"]["reason"].get<std::string>().empty());
  ExpectError(Admin().Post("/api/v1/dispatch/suggest", json::object()), 400, "missing_field");
  ExpectError(Admin().Post("/api/v1/dispatch/suggest", {{"title", 5}}), 400, "invalid_field");
  ExpectError(As("cyl").Post("/api/v1/dispatch/suggest", {{"title", "x"}}), 403, "forbidden");
  // The zone's limits, counted in characters as when the order is registered: 200 Chinese
  // characters of title pass, 201 do not, and the message names the field and the limit.
  std::string title;
  for (int i = 0; i < 200; ++i) title += "停";
  EXPECT_EQ(Admin().Post("/api/v1/dispatch/suggest", {{"title", title}}).status, 200);
  HttpResult too_long = Admin().Post("/api/v1/dispatch/suggest", {{"title", title + "水"}});
  ExpectError(too_long, 400, "field_too_long");
  EXPECT_NE(too_long.raw.find("字段「标题」(title)超过 200 个字符的上限"), std::string::npos)
      << too_long.raw;
}
TEST_F(ApiTest, RepeatAppealsAreProposedForMerging) {
  // An open order from a caller at an address …
  json first = NewOrder(Tag());
  first["citizen"]["phone"] = "139-0000-7777";
  first["address"] = "崇业路88号院" + Tag();
  int64_t id = Create(first);
  // … is proposed when the same phone calls again about something else,
  HttpResult by_caller =
      Admin().Post("/api/v1/dispatch/suggest", {{"title", "噪音扰民"}, {"phone", "13900007777"}});
  ASSERT_EQ(by_caller.status, 200) << by_caller.raw;
  ASSERT_FALSE(by_caller.body["duplicates"].empty()) << by_caller.raw;
  EXPECT_EQ(by_caller.body["duplicates"][0]["id"], id);
  EXPECT_TRUE(by_caller.body["duplicates"][0]["same_caller"].get<bool>());
  // … and when someone else reports the same problem at the same address,
  HttpResult by_place = Admin().Post(
      "/api/v1/dispatch/suggest",
      {{"title", first["title"]}, {"content", first["content"]}, {"address", first["address"]}});
  ASSERT_EQ(by_place.status, 200) << by_place.raw;
  ASSERT_FALSE(by_place.body["duplicates"].empty()) << by_place.raw;
  EXPECT_EQ(by_place.body["duplicates"][0]["id"], id);
  EXPECT_TRUE(by_place.body["duplicates"][0]["same_place"].get<bool>());
  EXPECT_GT(by_place.body["duplicates"][0]["similarity"].get<double>(), 0.9);
  // … but not for a different problem at that address, and never once it is closed.
  HttpResult other = Admin().Post("/api/v1/dispatch/suggest",
                                  {{"title", "咨询公积金提取条件"}, {"address", first["address"]}});
  ASSERT_EQ(other.status, 200) << other.raw;
  EXPECT_TRUE(other.body["duplicates"].empty()) << other.raw;
  ExpectOk(Act(Admin(), id, "refuse", {{"reason_code", "malicious"}}), "refused");
  HttpResult after =
      Admin().Post("/api/v1/dispatch/suggest", {{"title", "噪音扰民"}, {"phone", "13900007777"}});
  EXPECT_TRUE(after.body["duplicates"].empty()) << after.raw;
}

TEST_F(ApiTest, RepeatsAreFoundByTheRecognisedPlaceWithoutAnExactAddress) {
  // A village the gazetteer knows, written in the body of one appeal and the address of the
  // next (differently), by two different callers: the same place and problem.
  const std::string tag = Tag();
  json first = {{"channel", "phone"},
                {"type", "complaint"},
                {"title", "下水道堵塞污水外溢" + tag},
                {"content", "王贺村2组村口下水道堵塞,污水外溢三天了" + tag},
                {"citizen", {{"name", "赵六"}, {"phone", "13600000001"}}}};
  int64_t id = Create(first);
  HttpResult same =
      Admin().Post("/api/v1/dispatch/suggest", {{"title", "下水道堵塞污水外溢" + tag},
                                                {"content", "村口下水道堵了,污水外溢" + tag},
                                                {"address", "崇业路街道王贺村二组村口"},
                                                {"phone", "13600000002"}});
  ASSERT_EQ(same.status, 200) << same.raw;
  bool found = false;
  for (const json& d : same.body["duplicates"])
    found |= d["id"] == id && d["same_place"] == true && d["same_caller"] == false;
  EXPECT_TRUE(found) << same.body["duplicates"].dump() << " region " << same.body["region"].dump();
  // Another problem in the same village is not a repeat.
  HttpResult other = Admin().Post(
      "/api/v1/dispatch/suggest",
      {{"title", "咨询新农合缴费标准"}, {"address", "王贺村2组"}, {"phone", "13600000003"}});
  ASSERT_EQ(other.status, 200) << other.raw;
  for (const json& d : other.body["duplicates"]) EXPECT_NE(d["id"], id) << other.raw;
}

TEST_F(ApiTest, RepeatsAreFoundByTheResidentialEstateTheGazetteerDoesNotKnow) {
  // A 小区 named in the body of one appeal and, with the district in front, in the address of
  // the next, by two different callers: the same estate and problem.
  const std::string tag = Tag();
  const std::string estate = "翠湖雅苑";
  json first = {{"channel", "phone"},
                {"type", "complaint"},
                {"title", "楼下烧烤摊油烟扰民" + tag},
                {"content", estate + "小区3栋楼下烧烤摊每晚油烟扰民" + tag},
                {"citizen", {{"name", "钱七"}, {"phone", "13600000011"}}}};
  int64_t id = Create(first);
  HttpResult same =
      Admin().Post("/api/v1/dispatch/suggest", {{"title", "楼下烧烤摊油烟扰民" + tag},
                                                {"content", "每晚烧烤油烟扰民" + tag},
                                                {"address", "渭南市高新区" + estate + "5栋"},
                                                {"phone", "13600000012"}});
  ASSERT_EQ(same.status, 200) << same.raw;
  EXPECT_EQ(same.body["estate"], estate) << same.raw;
  bool found = false;
  for (const json& d : same.body["duplicates"])
    found |= d["id"] == id && d["same_place"] == true && d["same_caller"] == false;
  EXPECT_TRUE(found) << same.body["duplicates"].dump();
  // The same problem in another estate is not a repeat.
  HttpResult elsewhere =
      Admin().Post("/api/v1/dispatch/suggest", {{"title", "楼下烧烤摊油烟扰民" + tag},
                                                {"address", "渭南市高新区锦绣花园"},
                                                {"phone", "13600000013"}});
  ASSERT_EQ(elsewhere.status, 200) << elsewhere.raw;
  for (const json& d : elsewhere.body["duplicates"]) EXPECT_NE(d["id"], id) << elsewhere.raw;
}

TEST_F(ApiTest, RepeatsAreFoundByWordingWhereNoPlaceIsRecognised) {
  // A letter reposted by another citizen, a few words changed, naming no place the engine
  // knows: the same problem by wording alone.
  const std::string tag = Tag();
  const std::string text =
      "在国家大力倡导全民健身的背景下,希望有关部门尽快开放学校体育场地,方便市民晚间锻炼" + tag;
  int64_t id = Create({{"channel", "web"},
                       {"type", "suggestion"},
                       {"title", "建议开放学校体育场地供市民锻炼" + tag},
                       {"content", text},
                       {"citizen", {{"name", "孙八"}, {"phone", "13600000021"}}}});
  HttpResult again =
      Admin().Post("/api/v1/dispatch/suggest", {{"title", "建议学校体育场地向市民开放" + tag},
                                                {"content", text + ",谢谢"},
                                                {"phone", "13600000022"}});
  ASSERT_EQ(again.status, 200) << again.raw;
  bool found = false;
  for (const json& d : again.body["duplicates"])
    found |= d["id"] == id && d["same_text"] == true && d["same_place"] == false &&
             d["same_caller"] == false && d["similarity"].get<double>() >= 0.4 &&
             d["reason"].get<std::string>().starts_with("措辞相近(相似度 0.");
  EXPECT_TRUE(found) << again.body["duplicates"].dump();
  // The same title over a body told anew: a repost.
  HttpResult retold =
      Admin().Post("/api/v1/dispatch/suggest",
                   {{"title", "建议开放学校体育场地供市民锻炼" + tag},
                    {"content", "周末和晚上附近的中学操场一直锁着门,居民只能在马路边跑步" + tag},
                    {"phone", "13600000024"}});
  ASSERT_EQ(retold.status, 200) << retold.raw;
  found = false;
  for (const json& d : retold.body["duplicates"])
    found |= d["id"] == id && d["same_text"] == true && d["similarity"].get<double>() < 0.4 &&
             d["title_similarity"].get<double>() > 0.9 &&
             d["reason"].get<std::string>().starts_with("标题相近(标题相似度 ");
  EXPECT_TRUE(found) << retold.body["duplicates"].dump();
  // Another request in the same template is not.
  HttpResult other = Admin().Post(
      "/api/v1/dispatch/suggest",
      {{"title", "建议增加公交线路" + tag},
       {"content", "在国家大力倡导绿色出行的背景下,希望有关部门增开夜间公交线路" + tag},
       {"phone", "13600000023"}});
  ASSERT_EQ(other.status, 200) << other.raw;
  for (const json& d : other.body["duplicates"]) EXPECT_NE(d["id"], id) << other.raw;
}
}  // namespace
}  // namespace minsheng::testing
