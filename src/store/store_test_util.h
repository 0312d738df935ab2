// Shared fixtures for the store tests: a factory per adapter (SQLite now; PostgreSQL later
// plugs in here) and order builders. Test-only.
#ifndef MINSHENG_STORE_STORE_TEST_UTIL_H_
#define MINSHENG_STORE_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite_store.h"

namespace minsheng::store_test {

// ---------------------------------------------------------------- factory

// A store under test: the owner keeps it alive; the two views are the ports it implements.
struct OpenedStore {
  std::shared_ptr<void> owner;
  OrderRepository* orders = nullptr;
  UserRepository* users = nullptr;
};

class SqliteFactory {
 public:
  SqliteFactory() {
    char tmpl[] = "/tmp/minsheng_store_test_XXXXXX";
    const char* dir = mkdtemp(tmpl);
    if (dir == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = dir;
    path_ = dir_ + "/minsheng.db";
  }
  ~SqliteFactory() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Opens the factory's database (creating it on first use). Reopening after the previous
  // store was destroyed must keep everything.
  OpenedStore Open(bool durable = false) {
    SqliteOptions options;
    options.path = path_;
    options.durable = durable;
    options.read_connections = 3;
    auto store = SqliteStore::Open(options);
    if (!store.ok()) throw std::runtime_error(store.status().ToString());
    std::shared_ptr<SqliteStore> s(std::move(store).value().release());
    return OpenedStore{s, s.get(), s.get()};
  }

  // Runs SQL on a separate connection; returns the SQLite error text, or "" on success.
  std::string ExecRaw(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string out = rc == SQLITE_OK ? "" : (err != nullptr ? err : "error");
    if (err != nullptr) sqlite3_free(err);
    sqlite3_close_v2(db);
    return out;
  }

  // Runs a single-value query on a side connection; -1 on error.
  int64_t QueryInt(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    int64_t out = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      out = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close_v2(db);
    return out;
  }

  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

// ---------------------------------------------------------------- helpers

inline Event NextEvent(WorkOrder* o, Action action, std::optional<OrderStatus> from, OrderStatus to,
                       std::string payload = "{}") {
  Event e;
  e.order_id = o->id;
  e.seq = ++o->event_count;
  e.at = 1764400000000 + e.seq;
  e.actor_user = "zhangsan";
  e.actor_unit = "gx.centre";
  e.action = action;
  e.from = from;
  e.to = to;
  e.payload_json = std::move(payload);
  return e;
}

inline WorkOrder Basic(std::string title = "路灯不亮") {
  WorkOrder o;
  o.channel = "phone";
  o.type = "complaint";
  o.urgency = "normal";
  o.title = std::move(title);
  o.content = "崇业路王贺村2组路灯坏了三天";
  o.address = "崇业路";
  o.created_at = 1764400000000;
  o.updated_at = 1764400000000;
  o.dispatch_suggestion_json = "{}";
  o.created_by = "zhangsan";
  return o;
}

// Inserts `o` with its create event in one Write; returns the stored order.
inline WorkOrder Create(OrderRepository& repo, WorkOrder o, const std::string& date = "20261129") {
  Status st = repo.Write([&](OrderTransaction& tx) -> Status {
    MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", date));
    Event e = NextEvent(&o, Action::kCreate, std::nullopt, o.status, R"({"channel":"phone"})");
    return tx.Save(&o, {e});
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return o;
}

inline void ExpectSameOrder(const WorkOrder& a, const WorkOrder& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.number, b.number);
  EXPECT_EQ(a.channel, b.channel);
  EXPECT_EQ(a.external_id, b.external_id);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.urgency, b.urgency);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.content, b.content);
  EXPECT_EQ(a.citizen.name, b.citizen.name);
  EXPECT_EQ(a.citizen.phone, b.citizen.phone);
  EXPECT_EQ(a.citizen.confidential, b.citizen.confidential);
  EXPECT_EQ(a.citizen.anonymous, b.citizen.anonymous);
  EXPECT_EQ(a.address, b.address);
  EXPECT_EQ(a.region_code, b.region_code);
  ASSERT_EQ(a.attachments.size(), b.attachments.size());
  for (size_t i = 0; i < a.attachments.size(); ++i) {
    EXPECT_EQ(a.attachments[i].name, b.attachments[i].name);
    EXPECT_EQ(a.attachments[i].url, b.attachments[i].url);
    EXPECT_EQ(a.attachments[i].mime, b.attachments[i].mime);
    EXPECT_EQ(a.attachments[i].size, b.attachments[i].size);
  }
  ASSERT_EQ(a.assignments.size(), b.assignments.size());
  for (size_t i = 0; i < a.assignments.size(); ++i) {
    EXPECT_EQ(a.assignments[i].unit, b.assignments[i].unit);
    EXPECT_EQ(a.assignments[i].role, b.assignments[i].role);
    EXPECT_EQ(a.assignments[i].dispatched_at, b.assignments[i].dispatched_at);
    EXPECT_EQ(a.assignments[i].signed_at, b.assignments[i].signed_at);
    EXPECT_EQ(a.assignments[i].replied_at, b.assignments[i].replied_at);
    EXPECT_EQ(a.assignments[i].active, b.assignments[i].active);
  }
  ASSERT_EQ(a.reply.has_value(), b.reply.has_value());
  if (a.reply) {
    EXPECT_EQ(a.reply->text, b.reply->text);
    EXPECT_EQ(a.reply->result, b.reply->result);
    EXPECT_EQ(a.reply->unit, b.reply->unit);
    EXPECT_EQ(a.reply->user, b.reply->user);
    EXPECT_EQ(a.reply->at, b.reply->at);
  }
  ASSERT_EQ(a.visits.size(), b.visits.size());
  for (size_t i = 0; i < a.visits.size(); ++i) {
    EXPECT_EQ(a.visits[i].satisfaction, b.visits[i].satisfaction);
    EXPECT_EQ(a.visits[i].resolved, b.visits[i].resolved);
    EXPECT_EQ(a.visits[i].note, b.visits[i].note);
    EXPECT_EQ(a.visits[i].user, b.visits[i].user);
    EXPECT_EQ(a.visits[i].at, b.visits[i].at);
    EXPECT_EQ(a.visits[i].cause, b.visits[i].cause);
    EXPECT_EQ(a.visits[i].excluded, b.visits[i].excluded);
    EXPECT_EQ(a.visits[i].appeal, b.visits[i].appeal);
  }
  // Closed-loop rule fields (issue 4).
  EXPECT_EQ(a.upstream_deadline, b.upstream_deadline);
  EXPECT_EQ(a.extensions, b.extensions);
  EXPECT_EQ(a.co_replies, b.co_replies);
  EXPECT_EQ(a.consultation, b.consultation);
  EXPECT_EQ(a.supervisions, b.supervisions);
  EXPECT_EQ(a.ledger, b.ledger);
  EXPECT_EQ(a.approved_at, b.approved_at);
  EXPECT_EQ(a.reopened_at, b.reopened_at);
  EXPECT_EQ(a.returns_since_consult, b.returns_since_consult);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.refuse_reason, b.refuse_reason);
  EXPECT_EQ(a.transfer_to, b.transfer_to);
  EXPECT_EQ(a.direct_answer, b.direct_answer);
  EXPECT_EQ(a.merged_into, b.merged_into);
  EXPECT_EQ(a.merged_children, b.merged_children);
  EXPECT_EQ(a.close_flag, b.close_flag);
  EXPECT_EQ(a.pending_return_reason, b.pending_return_reason);
  EXPECT_EQ(a.pending_return_note, b.pending_return_note);
  EXPECT_EQ(a.pending_return_unit, b.pending_return_unit);
  EXPECT_EQ(a.return_count, b.return_count);
  EXPECT_EQ(a.reopen_count, b.reopen_count);
  EXPECT_EQ(a.unreachable_count, b.unreachable_count);
  EXPECT_EQ(a.dispatch_suggestion_json, b.dispatch_suggestion_json);
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.closed_at, b.closed_at);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.event_count, b.event_count);
}

// Every field set to a non-default value (and Chinese text, JSON with odd spacing).
inline WorkOrder FullOrder() {
  WorkOrder o;
  o.channel = "people_board";
  o.external_id = "RMW-2026-000123";
  o.type = "complaint";
  o.urgency = "urgent";
  o.category = "03.02";
  o.title = "下水道塌陷";
  o.content = "崇业路主干道下水道塌陷,有安全隐患。\n第二行 \"引号\" 和 \\ 反斜杠";
  o.citizen = Citizen{"王先生", "13800000000", true, true};
  o.address = "渭南高新区崇业路 12 号";
  o.region_code = "610502008000";
  o.attachments = {Attachment{"现场.jpg", "/files/a.jpg", "image/jpeg", 123456},
                   Attachment{"录音.mp3", "/files/b.mp3", "audio/mpeg", 7}};
  o.assignments = {Assignment{"gx.zjj", AssignmentRole::kMain, 11, 12, 13, false},
                   Assignment{"gx.cyb", AssignmentRole::kMain, 21, 22, 0, true},
                   Assignment{"gx.sw", AssignmentRole::kCo, 31, 0, 0, true}};
  o.reply = Reply{"已修复", "resolved", "gx.cyb", "lisi", 41};
  o.visits = {VisitRecord{"unreachable", std::nullopt, "无人接听", "wangwu", 51},
              VisitRecord{"satisfied", true, "", "wangwu", 52},
              VisitRecord{"dissatisfied", false, "说明情况", "wangwu", 53}};
  o.visits[2].cause = "policy_limit";
  o.visits[2].excluded = true;
  o.visits[2].appeal =
      RatingAppeal{"gx.cyb", "lisi", "超出政策范围", 54, "accepted", "zhangsan", "认可", 55};
  o.upstream_deadline = 1764900000000;
  o.extensions = {ExtensionRequest{"gx.cyb", 3, "需协调", "《规范》第十条", "lisi", 61, "approved",
                                   "zhangsan", "同意", 62},
                  ExtensionRequest{"gx.cyb", 1.5, "再延", "同上", "lisi", 63}};
  o.co_replies = {CoReply{"gx.sw", "协办意见 \"引号\"", "zhaoliu", 71}};
  o.consultation = Consultation{"gx.cyb", {"gx.sw", "gx.zjj"}, "会商纪要", "zhangsan", 81};
  o.supervisions = {
      Supervision{"leader", 91, true, "挂牌督办", "zhangsan", 92, 93, "zhangsan", "已办结"},
      Supervision{"centre", 0, false, "中心督办", "zhangsan", 94}};
  o.ledger = Ledger{
      101,
      "zhangsan",
      "征地补偿",
      {StageReply{"gx.cyb", "阶段一", "lisi", 102}, StageReply{"gx.cyb", "阶段二", "lisi", 103}},
      104};
  o.approved_at = 111;
  o.reopened_at = 112;
  o.returns_since_consult = 2;
  o.status = OrderStatus::kPendingVisit;
  o.refuse_reason = "not_in_scope";
  o.transfer_to = "110";
  o.direct_answer = "请拨打供电热线";
  o.merged_into = 0;
  o.merged_children = {7, 8, 9};
  o.close_flag = "dissatisfied_explained";
  o.pending_return_reason = "not_ours";
  o.pending_return_note = "不属于本单位职责";
  o.pending_return_unit = "gx.zjj";
  o.return_count = 2;
  o.reopen_count = 3;
  o.unreachable_count = 4;
  o.dispatch_suggestion_json = R"({ "categories": [["03.02", 0.91]],  "main_unit":"gx.cyb" })";
  o.created_by = "zhangsan";
  o.created_at = 1764400000123;
  o.updated_at = 1764400000456;
  o.closed_at = 1764400000789;
  return o;
}

inline OrderQuery Q() {
  OrderQuery q;
  q.page_size = 100;
  return q;
}

inline std::vector<std::string> Titles(const OrderPage& page) {
  std::vector<std::string> out;
  for (const auto& o : page.items) out.push_back(o.title);
  return out;
}

}  // namespace minsheng::store_test

#endif  // MINSHENG_STORE_STORE_TEST_UTIL_H_
