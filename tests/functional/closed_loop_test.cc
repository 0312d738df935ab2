// Functional tests of the closed-loop workbenches over HTTP against the real binary:
// the 回访 queue, first contact, upstream export and 最终答复 reuse.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "server_fixture.h"

namespace minsheng::testing {
namespace {

class ClosedLoopTest : public ServerTest {
 protected:
  // Brings an order to pending_visit through st.chongyelu.
  void ToPendingVisit(int64_t id) {
    ExpectOk(Act(Admin(), id, "dispatch", {{"unit", "st.chongyelu"}}), "dispatched");
    ExpectOk(Act(As("cyl"), id, "sign"), "in_progress");
    ExpectOk(Act(As("cyl"), id, "reply", {{"text", "已修复路灯,现场核实正常照明。"}}), "replied");
    ExpectOk(Act(Admin(), id, "approve"), "pending_visit");
  }

  static const json* FindItem(const json& queue, int64_t id) {
    for (const json& it : queue["items"])
      if (it["order"]["id"] == id) return &it;
    return nullptr;
  }
};

TEST_F(ClosedLoopTest, VisitQueueListsEveryCallerAndAttempts) {
  json master_body = NewOrder(Tag());
  int64_t master = Create(master_body);
  json dup_body = NewOrder(Tag());
  dup_body["citizen"] = {{"name", "李四"}, {"phone", "13900000001"}};
  int64_t dup = Create(dup_body);
  ExpectOk(Act(Admin(), dup, "merge", {{"into", master}}), "merged");
  ToPendingVisit(master);

  HttpResult q = As("centre1").Get("/api/v1/visits/queue");
  ASSERT_EQ(q.status, 200) << q.raw;
  EXPECT_GE(q.body["total"].get<int>(), 1);
  const json* item = FindItem(q.body, master);
  ASSERT_NE(item, nullptr) << q.raw;
  EXPECT_EQ((*item)["attempts"], 0);
  EXPECT_EQ((*item)["attempts_left"], 3);
  EXPECT_TRUE((*item)["last_attempt_at"].is_null());
  EXPECT_TRUE((*item)["visit_due"].is_string());
  EXPECT_EQ((*item)["alert"], "none");
  // The master's call-back reaches every caller: its own and the merged order's.
  ASSERT_EQ((*item)["callers"].size(), 2u) << item->dump();
  EXPECT_EQ((*item)["callers"][0]["phone"], "13800000000");
  EXPECT_EQ((*item)["callers"][1]["order_id"], dup);
  EXPECT_EQ((*item)["callers"][1]["phone"], "13900000001");

  // An unreachable attempt stays in the queue with the attempt counted.
  ExpectOk(Act(As("centre1"), master, "visit", {{"satisfaction", "unreachable"}}), "pending_visit");
  q = As("centre1").Get("/api/v1/visits/queue?limit=1000");
  item = FindItem(q.body, master);
  ASSERT_NE(item, nullptr);
  EXPECT_EQ((*item)["attempts"], 1);
  EXPECT_EQ((*item)["attempts_left"], 2);
  EXPECT_TRUE((*item)["last_attempt_at"].is_string());

  // A satisfied call-back closes the order: it leaves the queue.
  ExpectOk(Act(As("centre1"), master, "visit", {{"satisfaction", "satisfied"}, {"resolved", true}}),
           "closed");
  q = As("centre1").Get("/api/v1/visits/queue?limit=1000");
  EXPECT_EQ(FindItem(q.body, master), nullptr);

  // Only the centre works the queue; bad limits are refused.
  ExpectError(As("cyl").Get("/api/v1/visits/queue"), 403, "forbidden");
  ExpectError(As("centre1").Get("/api/v1/visits/queue?limit=0"), 400, "invalid_query");
  ExpectError(As("centre1").Get("/api/v1/visits/queue?limit=abc"), 400, "invalid_query");
  ExpectError(Anon().Get("/api/v1/visits/queue"), 401, "unauthenticated");
}

TEST_F(ClosedLoopTest, FirstContactIsRecordedPerAssignment) {
  int64_t id = Create(NewOrder(Tag()));
  ExpectOk(Act(Admin(), id, "dispatch", {{"unit", "st.chongyelu"}, {"co_units", {"d.zjj"}}}),
           "dispatched");
  ExpectError(Act(As("cyl"), id, "contact", {{"method", "phone"}}), 409, "action_not_allowed");
  ExpectOk(Act(As("cyl"), id, "sign"), "in_progress");
  ExpectError(Act(As("cyl"), id, "contact"), 400, "missing_field");
  ExpectError(Act(As("cyl"), id, "contact", {{"method", "fax"}}), 400, "unknown_contact_method");
  HttpResult r = Act(As("cyl"), id, "contact", {{"method", "phone"}, {"note", "已约定上门时间"}});
  ExpectOk(r, "in_progress");
  EXPECT_TRUE(r.body["assignments"][0]["first_contact_at"].is_string()) << r.raw;
  EXPECT_TRUE(r.body["assignments"][1]["first_contact_at"].is_null()) << r.raw;
  EXPECT_EQ(r.body["timeline"].back()["action"], "contact");
  EXPECT_EQ(r.body["timeline"].back()["payload"]["first"], true);
  const std::string first = r.body["assignments"][0]["first_contact_at"];
  // The 协办 unit records its own contact; the 主办's first contact time does not move.
  r = Act(As("zjj"), id, "contact", {{"method", "visit"}});
  ExpectOk(r, "in_progress");
  EXPECT_TRUE(r.body["assignments"][1]["first_contact_at"].is_string());
  r = Act(As("cyl"), id, "contact", {{"method", "sms"}});
  EXPECT_EQ(r.body["assignments"][0]["first_contact_at"], first);
  EXPECT_EQ(r.body["timeline"].back()["payload"]["first"], false);
  bool has_stage = false;
  for (const json& s : r.body["deadlines"]["stages"])
    has_stage |= s["stage"] == "first_contact" && !s["done_at"].is_null();
  EXPECT_TRUE(has_stage) << r.body["deadlines"].dump();
  ExpectError(Act(As("centre1"), id, "contact", {{"method", "phone"}}), 403, "forbidden");
}

TEST_F(ClosedLoopTest, UpstreamProgressIsExportedOnceToAFile) {
  json body = NewOrder(Tag());
  body["channel"] = "city_platform";
  const std::string upstream_no = "WN" + Tag();
  body["external_id"] = upstream_no;
  int64_t id = Create(body);
  ToPendingVisit(id);
  const std::string out = *dir_ + "/upstream.jsonl";
  auto run = [&]() {
    return RunCli(
        {"upstream", "export", "--db", server_->db_path(), "--config", ConfigDir(), "--out", out});
  };
  ProcessResult r = run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<json> mine;
  auto read = [&]() {
    mine.clear();
    std::ifstream in(out);
    std::string line;
    while (std::getline(in, line)) {
      json m = json::parse(line);
      EXPECT_EQ(m["format"], "minsheng.upstream/1");
      if (m["upstream_no"] == upstream_no) mine.push_back(m);
    }
  };
  read();
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0]["kind"], "accepted");
  EXPECT_EQ(mine[1]["kind"], "replied");
  EXPECT_EQ(mine[1]["detail"]["text"], "已修复路灯,现场核实正常照明。");
  EXPECT_EQ(mine[1]["unit"], "st.chongyelu");
  // A second run appends only what is new.
  ExpectOk(Act(As("centre1"), id, "visit", {{"satisfaction", "satisfied"}}), "closed");
  r = run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  read();
  ASSERT_EQ(mine.size(), 3u);
  EXPECT_EQ(mine[2]["kind"], "visited");
  EXPECT_GT(mine[2]["message_id"].get<int64_t>(), mine[1]["message_id"].get<int64_t>());
  // Peek prints without moving the cursor; bad flags are refused.
  r = RunCli({"upstream", "peek", "--db", server_->db_path(), "--config", ConfigDir()});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(upstream_no), std::string::npos);
  r = RunCli({"upstream", "peek", "--db", server_->db_path(), "--limit", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST_F(ClosedLoopTest, FinalAnswerIsProposedAndReusedForARepeatAppeal) {
  const std::string tag = Tag();
  json body = NewOrder(tag);
  body["citizen"] = {{"name", "王五"}, {"phone", "13700000077"}};
  int64_t first = Create(body);
  ExpectOk(Act(Admin(), first, "dispatch", {{"unit", "st.chongyelu"}}), "dispatched");
  ExpectOk(Act(As("cyl"), first, "sign"), "in_progress");
  ExpectError(Act(As("cyl"), first, "reply", {{"text", "不予更换。"}, {"final_answer", true}}), 400,
              "missing_field");
  const std::string answer = "该路段路灯已于2026年改造完毕,照明达标,不再另行加装。";
  HttpResult r = Act(As("cyl"), first, "reply",
                     {{"text", answer},
                      {"final_answer", true},
                      {"signed_by", "街道主任"},
                      {"evidence", "照度检测报告"}});
  ExpectOk(r, "replied");
  EXPECT_EQ(r.body["reply"]["final_answer"], true);
  EXPECT_EQ(r.body["reply"]["signed_by"], "街道主任");
  ExpectOk(Act(Admin(), first, "approve"), "pending_visit");

  // The same caller, the same problem: the suggestion proposes the final answer.
  HttpResult s = As("centre1").Post("/api/v1/dispatch/suggest", {{"title", body["title"]},
                                                                 {"content", body["content"]},
                                                                 {"address", body["address"]},
                                                                 {"phone", "13700000077"}});
  ASSERT_EQ(s.status, 200) << s.raw;
  ASSERT_TRUE(s.body.contains("final_answers")) << s.raw;
  bool proposed = false;
  for (const json& f : s.body["final_answers"])
    proposed |= f["id"] == first && f["text"] == answer && f["signed_by"] == "街道主任";
  EXPECT_TRUE(proposed) << s.body["final_answers"].dump();

  int64_t again = Create(body);
  HttpResult d = Act(As("centre1"), again, "direct_answer", {{"final_of", first}});
  ExpectOk(d, "direct_answered");
  EXPECT_EQ(d.body["direct_answer"], answer);
  EXPECT_EQ(d.body["direct_answer_final_of"], first);
  int64_t other = Create(NewOrder(Tag()));
  ExpectError(Act(As("centre1"), other, "direct_answer", {{"final_of", again}}), 409,
              "no_final_answer");
  ExpectError(Act(As("centre1"), other, "direct_answer", {{"final_of", "x"}}), 400,
              "invalid_field");
  ExpectError(Act(As("centre1"), other, "direct_answer", {{"final_of", 99999999}}), 400,
              "final_answer_not_found");
}

}  // namespace
}  // namespace minsheng::testing
