// Contract tests for OrderRepository + UserRepository, run against SqliteStore.
//
// The suite is typed over a *factory* so that a PostgreSQL adapter can reuse it: a factory
// provides Open() (a fresh or reopened store on its own scratch database), Reopen semantics
// by calling Open() again, and ExecRaw() (SQL on a side connection, to prove that the
// database itself enforces append-only timelines). SQLite-only checks (migrations table,
// file handling) are in the SqliteStoreTest fixture at the end.
#include "store/sqlite_store.h"
#include "store/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <signal.h>
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

namespace minsheng {
namespace {

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

Event NextEvent(WorkOrder* o, Action action, std::optional<OrderStatus> from, OrderStatus to,
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

WorkOrder Basic(std::string title = "路灯不亮") {
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
WorkOrder Create(OrderRepository& repo, WorkOrder o, const std::string& date = "20261129") {
  Status st = repo.Write([&](OrderTransaction& tx) -> Status {
    MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", date));
    Event e = NextEvent(&o, Action::kCreate, std::nullopt, o.status, R"({"channel":"phone"})");
    return tx.Save(&o, {e});
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return o;
}

void ExpectSameOrder(const WorkOrder& a, const WorkOrder& b) {
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
WorkOrder FullOrder() {
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
  o.supervisions = {Supervision{"leader", 91, true, "挂牌督办", "zhangsan", 92, 93, "zhangsan",
                                "已办结"},
                    Supervision{"centre", 0, false, "中心督办", "zhangsan", 94}};
  o.ledger = Ledger{101, "zhangsan", "征地补偿", {StageReply{"gx.cyb", "阶段一", "lisi", 102},
                                                  StageReply{"gx.cyb", "阶段二", "lisi", 103}},
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

OrderQuery Q() {
  OrderQuery q;
  q.page_size = 100;
  return q;
}

std::vector<std::string> Titles(const OrderPage& page) {
  std::vector<std::string> out;
  for (const auto& o : page.items) out.push_back(o.title);
  return out;
}

// ---------------------------------------------------------------- contract suite

template <typename Factory>
class StoreContractTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = factory_.Open(); }
  OrderRepository& orders() { return *store_.orders; }
  UserRepository& users() { return *store_.users; }
  void Reopen(bool durable = false) {
    store_ = OpenedStore{};  // destroy first: drains, checkpoints, closes
    store_ = factory_.Open(durable);
  }

  Factory factory_;
  OpenedStore store_;
};

using Factories = ::testing::Types<SqliteFactory>;
TYPED_TEST_SUITE(StoreContractTest, Factories);

TYPED_TEST(StoreContractTest, RoundTripsEveryField) {
  WorkOrder in = FullOrder();
  WorkOrder created = Create(this->orders(), in);
  ASSERT_GT(created.id, 0);
  EXPECT_EQ(created.number, "GX2026112900001");
  EXPECT_EQ(created.event_count, 1);

  auto got = this->orders().Get(created.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameOrder(created, *got);
  ASSERT_EQ(got->timeline.size(), 1u);

  // Change every field and save again: Load inside a transaction sees exactly the new values.
  WorkOrder changed = *got;
  changed.timeline.clear();
  changed.channel = "web";
  changed.external_id = "W-1";
  changed.type = "suggestion";
  changed.urgency = "normal";
  changed.category = "04";
  changed.title = "新标题";
  changed.content = "新内容";
  changed.citizen = Citizen{"", "", false, false};
  changed.address = "";
  changed.region_code = "610502007000";
  changed.attachments.clear();
  changed.assignments = {Assignment{"gx.jsj", AssignmentRole::kCo, 1, 2, 3, true}};
  changed.reply.reset();
  changed.visits = {VisitRecord{"satisfied", true, "", "wangwu", 52}};
  changed.upstream_deadline.reset();
  changed.extensions.clear();
  changed.co_replies.clear();
  changed.consultation.reset();
  changed.supervisions.clear();
  changed.ledger.reset();
  changed.approved_at = 0;
  changed.reopened_at = 0;
  changed.returns_since_consult = 0;
  changed.status = OrderStatus::kClosed;
  changed.refuse_reason = "";
  changed.transfer_to = "";
  changed.direct_answer = "";
  changed.merged_into = 42;
  changed.merged_children.clear();
  changed.close_flag = "visit_failed";
  changed.pending_return_reason = "";
  changed.pending_return_note = "";
  changed.pending_return_unit = "";
  changed.return_count = 0;
  changed.reopen_count = 0;
  changed.unreachable_count = 0;
  changed.dispatch_suggestion_json = "";
  changed.created_by = "lisi";
  changed.created_at = 5;
  changed.updated_at = 6;
  changed.closed_at = 7;
  const int64_t version_before = changed.version;
  Event e = NextEvent(&changed, Action::kClose, OrderStatus::kPendingVisit, OrderStatus::kClosed);
  Status st = this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&changed, {e}); });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(changed.version, version_before + 1);

  st = this->orders().Write([&](OrderTransaction& tx) -> Status {
    auto loaded = tx.Load(changed.id);
    if (!loaded.ok()) return loaded.status();
    ExpectSameOrder(changed, *loaded);
    EXPECT_TRUE(loaded->timeline.empty());  // Load() never fills the timeline
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
}

TYPED_TEST(StoreContractTest, TimelineKeepsAppendOrderAndPayloadVerbatim) {
  WorkOrder o = Create(this->orders(), Basic());
  const std::string odd_payload = "{ \"unit\" : \"gx.cyb\",\n \"co_units\":[ ] , \"note\":\"请尽快\" }";
  std::vector<Event> first = {
      NextEvent(&o, Action::kDispatch, OrderStatus::kRegistered, OrderStatus::kDispatched,
                odd_payload)};
  ASSERT_TRUE(
      this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&o, first); }).ok());
  std::vector<Event> two = {
      NextEvent(&o, Action::kSign, OrderStatus::kDispatched, OrderStatus::kInProgress),
      NextEvent(&o, Action::kReply, OrderStatus::kInProgress, OrderStatus::kReplied, "")};
  ASSERT_TRUE(this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&o, two); }).ok());

  auto got = this->orders().Get(o.id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->timeline.size(), 4u);
  EXPECT_EQ(got->event_count, 4);
  const Action actions[] = {Action::kCreate, Action::kDispatch, Action::kSign, Action::kReply};
  for (int i = 0; i < 4; ++i) {
    const Event& e = got->timeline[i];
    EXPECT_EQ(e.seq, i + 1);
    EXPECT_EQ(e.order_id, o.id);
    EXPECT_EQ(e.action, actions[i]);
    EXPECT_EQ(e.at, 1764400000000 + i + 1);
    EXPECT_EQ(e.actor_user, "zhangsan");
    EXPECT_EQ(e.actor_unit, "gx.centre");
  }
  EXPECT_FALSE(got->timeline[0].from.has_value());
  EXPECT_EQ(got->timeline[0].payload_json, R"({"channel":"phone"})");
  EXPECT_EQ(got->timeline[1].from, OrderStatus::kRegistered);
  EXPECT_EQ(got->timeline[1].to, OrderStatus::kDispatched);
  EXPECT_EQ(got->timeline[1].payload_json, odd_payload);
  EXPECT_EQ(got->timeline[3].payload_json, "");
  EXPECT_EQ(got->timeline[3].to, OrderStatus::kReplied);
}

TYPED_TEST(StoreContractTest, SaveRejectsEventsThatDoNotContinueTheTimeline) {
  WorkOrder o = Create(this->orders(), Basic());
  WorkOrder bad = o;
  Event e = NextEvent(&bad, Action::kDispatch, OrderStatus::kRegistered, OrderStatus::kDispatched);
  e.seq = 5;  // should be 2
  Status st = this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&bad, {e}); });
  EXPECT_FALSE(st.ok());
  auto got = this->orders().Get(o.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->timeline.size(), 1u);
  EXPECT_EQ(got->version, o.version);
}

TYPED_TEST(StoreContractTest, StaleVersionIsAConflict) {
  WorkOrder o = Create(this->orders(), Basic());
  WorkOrder a = o, b = o;
  a.title = "first";
  b.title = "second";
  ASSERT_TRUE(this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&a, {}); }).ok());
  Status st = this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&b, {}); });
  EXPECT_EQ(st.code(), StatusCode::kConflict);
  EXPECT_EQ(this->orders().Get(o.id)->title, "first");
}

TYPED_TEST(StoreContractTest, TimelineIsAppendOnlyInTheDatabase) {
  WorkOrder o = Create(this->orders(), Basic());
  EXPECT_NE(this->factory_.ExecRaw("UPDATE order_events SET payload = '{}'"), "");
  EXPECT_NE(this->factory_.ExecRaw("DELETE FROM order_events"), "");
  auto got = this->orders().Get(o.id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->timeline.size(), 1u);
  EXPECT_EQ(got->timeline[0].payload_json, R"({"channel":"phone"})");
}

TYPED_TEST(StoreContractTest, NumbersFollowADailySequencePerDate) {
  EXPECT_EQ(Create(this->orders(), Basic(), "20261129").number, "GX2026112900001");
  EXPECT_EQ(Create(this->orders(), Basic(), "20261129").number, "GX2026112900002");
  EXPECT_EQ(Create(this->orders(), Basic(), "20261130").number, "GX2026113000001");
  EXPECT_EQ(Create(this->orders(), Basic(), "20261129").number, "GX2026112900003");
  EXPECT_EQ(Create(this->orders(), Basic(), "20261130").number, "GX2026113000002");
  // A different prefix has its own sequence.
  WorkOrder o = Basic();
  ASSERT_TRUE(this->orders()
                  .Write([&](OrderTransaction& tx) { return tx.Insert(&o, "LW", "20261129"); })
                  .ok());
  EXPECT_EQ(o.number, "LW2026112900001");
}

TYPED_TEST(StoreContractTest, ExternalIdLookupAndUniqueness) {
  WorkOrder a = Basic();
  a.channel = "city_platform";
  a.external_id = "SJ-1";
  a = Create(this->orders(), a);
  // Empty external ids never collide; the same id on another channel is fine.
  Create(this->orders(), Basic());
  Create(this->orders(), Basic());
  WorkOrder other = Basic();
  other.channel = "people_board";
  other.external_id = "SJ-1";
  other = Create(this->orders(), other);

  Status st = this->orders().Write([&](OrderTransaction& tx) -> Status {
    auto found = tx.FindByExternalId("city_platform", "SJ-1");
    EXPECT_TRUE(found.ok());
    EXPECT_EQ(found->value_or(0), a.id);
    found = tx.FindByExternalId("people_board", "SJ-1");
    EXPECT_EQ(found->value_or(0), other.id);
    found = tx.FindByExternalId("city_platform", "SJ-2");
    EXPECT_FALSE(found->has_value());
    found = tx.FindByExternalId("phone", "");
    EXPECT_FALSE(found->has_value());
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok());

  WorkOrder dup = Basic();
  dup.channel = "city_platform";
  dup.external_id = "SJ-1";
  st = this->orders().Write([&](OrderTransaction& tx) { return tx.Insert(&dup, "GX", "20261129"); });
  EXPECT_EQ(st.code(), StatusCode::kConflict);
  EXPECT_EQ(st.error_code(), "duplicate_external_id");
  // The failed insert did not consume a number.
  EXPECT_EQ(Create(this->orders(), Basic()).number, "GX2026112900005");
}

TYPED_TEST(StoreContractTest, FailingCallbackWritesNothingWhileOthersCommit) {
  // Writers run concurrently so that they usually share a batch; the assertions hold however
  // the writer groups them.
  constexpr int kGood = 8;
  std::atomic<int> started{0};
  std::vector<std::thread> threads;
  std::vector<Status> results(kGood + 2);
  std::vector<WorkOrder> good(kGood);
  for (int i = 0; i < kGood; ++i) {
    threads.emplace_back([&, i] {
      good[i] = Basic("good" + std::to_string(i));
      ++started;
      results[i] = this->orders().Write([&](OrderTransaction& tx) -> Status {
        MS_RETURN_IF_ERROR(tx.Insert(&good[i], "GX", "20261129"));
        Event e = NextEvent(&good[i], Action::kCreate, std::nullopt, OrderStatus::kRegistered);
        return tx.Save(&good[i], {e});
      });
    });
  }
  threads.emplace_back([&] {
    WorkOrder o = Basic("bad-error");
    ++started;
    results[kGood] = this->orders().Write([&](OrderTransaction& tx) -> Status {
      MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", "20261129"));
      Event e = NextEvent(&o, Action::kCreate, std::nullopt, OrderStatus::kRegistered);
      MS_RETURN_IF_ERROR(tx.Save(&o, {e}));
      return InvalidArgument("test_failure", "测试失败");
    });
  });
  threads.emplace_back([&] {
    WorkOrder o = Basic("bad-throw");
    ++started;
    results[kGood + 1] = this->orders().Write([&](OrderTransaction& tx) -> Status {
      MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", "20261129"));
      throw std::runtime_error("boom");
    });
  });
  for (auto& t : threads) t.join();

  for (int i = 0; i < kGood; ++i) EXPECT_TRUE(results[i].ok()) << results[i].ToString();
  EXPECT_EQ(results[kGood].error_code(), "test_failure");
  EXPECT_EQ(results[kGood + 1].code(), StatusCode::kInternal);

  auto page = this->orders().List(Q());
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, kGood);
  std::set<std::string> numbers;
  for (const auto& o : page->items) {
    EXPECT_EQ(o.title.rfind("good", 0), 0u) << o.title;
    numbers.insert(o.number);
  }
  // The failed callbacks' counter bumps were rolled back too: numbers are exactly 1..kGood.
  for (int i = 1; i <= kGood; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "GX20261129%05d", i);
    EXPECT_TRUE(numbers.count(buf)) << buf;
  }
  // The store is still healthy.
  EXPECT_TRUE(Create(this->orders(), Basic()).id > 0);
}

TYPED_TEST(StoreContractTest, ConcurrentWritesAllPersistWithUniqueNumbers) {
  constexpr int kThreads = 64;
  constexpr int kPerThread = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        WorkOrder o = Basic("t" + std::to_string(t) + "-" + std::to_string(i));
        Status st = this->orders().Write([&](OrderTransaction& tx) -> Status {
          MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", "20261129"));
          Event e = NextEvent(&o, Action::kCreate, std::nullopt, OrderStatus::kRegistered);
          return tx.Save(&o, {e});
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  OrderQuery q = Q();
  q.page_size = kThreads * kPerThread;
  auto page = this->orders().List(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, kThreads * kPerThread);
  std::set<std::string> numbers, titles;
  for (const auto& o : page->items) {
    numbers.insert(o.number);
    titles.insert(o.title);
  }
  EXPECT_EQ(numbers.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(titles.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_TRUE(numbers.count("GX2026112901280"));
}

TYPED_TEST(StoreContractTest, ReopenKeepsEverything) {
  WorkOrder o = Create(this->orders(), FullOrder());
  auto user = this->users().CreateUser(User{0, "admin", Role::kAdmin, "", "hash", true, 9});
  ASSERT_TRUE(user.ok());
  this->Reopen();
  auto got = this->orders().Get(o.id);
  ASSERT_TRUE(got.ok());
  ExpectSameOrder(o, *got);
  EXPECT_EQ(got->timeline.size(), 1u);
  EXPECT_EQ(this->users().FindUserByName("admin")->id, user->id);
  // Sequences continue after a restart.
  EXPECT_EQ(Create(this->orders(), Basic()).number, "GX2026112900002");
}

TYPED_TEST(StoreContractTest, DurableStoreCommitsAndReopens) {
  this->Reopen(/*durable=*/true);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) Create(this->orders(), Basic());
    });
  for (auto& t : threads) t.join();
  this->Reopen(/*durable=*/true);
  auto page = this->orders().List(Q());
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 40);
}

TYPED_TEST(StoreContractTest, GetAndLoadReportNotFound) {
  auto got = this->orders().Get(12345);
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(got.status().error_code(), "order_not_found");
  Status st = this->orders().Write([](OrderTransaction& tx) { return tx.Load(7).status(); });
  EXPECT_EQ(st.error_code(), "order_not_found");
}

TYPED_TEST(StoreContractTest, ListFiltersPaginatesAndScopes) {
  auto make = [&](const std::string& title, OrderStatus status, const std::string& category,
                  std::vector<Assignment> units, int64_t created_at) {
    WorkOrder o = Basic(title);
    o.status = status;
    o.category = category;
    o.assignments = std::move(units);
    o.created_at = created_at;
    o.content = "内容 " + title;
    return Create(this->orders(), o);
  };
  const Assignment cyb{"gx.cyb", AssignmentRole::kMain, 1, 0, 0, true};
  const Assignment sw{"gx.sw", AssignmentRole::kCo, 1, 0, 0, true};
  const Assignment old_zjj{"gx.zjj", AssignmentRole::kMain, 1, 0, 0, false};
  make("A 路灯", OrderStatus::kRegistered, "03", {}, 1000);
  make("B 噪音", OrderStatus::kDispatched, "03.01", {cyb}, 2000);
  make("C 100% 满意", OrderStatus::kInProgress, "03.02", {cyb, sw}, 3000);
  make("D 下水道", OrderStatus::kInProgress, "030", {old_zjj, sw}, 4000);
  make("E a_b", OrderStatus::kClosed, "04.01", {old_zjj}, 5000);

  auto list = [&](OrderQuery q) {
    auto page = this->orders().List(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? *page : OrderPage{};
  };
  using V = std::vector<std::string>;
  // Newest first, total counts everything.
  auto all = list(Q());
  EXPECT_EQ(all.total, 5);
  EXPECT_EQ(Titles(all), (V{"E a_b", "D 下水道", "C 100% 满意", "B 噪音", "A 路灯"}));
  for (const auto& o : all.items) EXPECT_TRUE(o.timeline.empty());

  OrderQuery q = Q();
  q.status = OrderStatus::kInProgress;
  EXPECT_EQ(Titles(list(q)), (V{"D 下水道", "C 100% 满意"}));

  q = Q();
  q.category = "03";  // level 1 matches itself and 03.xx, not "030"
  EXPECT_EQ(Titles(list(q)), (V{"C 100% 满意", "B 噪音", "A 路灯"}));
  q.category = "03.01";
  EXPECT_EQ(Titles(list(q)), (V{"B 噪音"}));

  q = Q();
  q.unit = "gx.cyb";
  EXPECT_EQ(Titles(list(q)), (V{"C 100% 满意", "B 噪音"}));
  q.unit = "gx.zjj";  // only inactive assignments: not matched
  EXPECT_EQ(list(q).total, 0);

  q = Q();
  q.visible_to_unit = "gx.sw";
  EXPECT_EQ(Titles(list(q)), (V{"D 下水道", "C 100% 满意"}));
  q.unit = "gx.cyb";  // both constraints apply
  EXPECT_EQ(Titles(list(q)), (V{"C 100% 满意"}));

  q = Q();
  q.q = "%";  // a literal percent sign, not a wildcard
  EXPECT_EQ(Titles(list(q)), (V{"C 100% 满意"}));
  q.q = "_";
  EXPECT_EQ(Titles(list(q)), (V{"E a_b"}));
  q.q = "下水";
  EXPECT_EQ(Titles(list(q)), (V{"D 下水道"}));
  q.q = "GX2026112900002";  // the number
  EXPECT_EQ(Titles(list(q)), (V{"B 噪音"}));
  q.q = "崇业路";  // the address: all of them
  EXPECT_EQ(list(q).total, 5);

  q = Q();
  q.from = 2000;
  q.to = 4000;
  EXPECT_EQ(Titles(list(q)), (V{"C 100% 满意", "B 噪音"}));

  q = Q();
  q.page_size = 2;
  q.page = 2;
  auto p2 = list(q);
  EXPECT_EQ(p2.total, 5);
  EXPECT_EQ(Titles(p2), (V{"C 100% 满意", "B 噪音"}));
  q.page = 3;
  EXPECT_EQ(Titles(list(q)), (V{"A 路灯"}));
  q.page = 4;
  auto beyond = list(q);
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, 5);

  // Saving rewrites the active units: redispatch from gx.cyb to gx.jsj.
  auto b = this->orders().Get(all.items[3].id);
  ASSERT_TRUE(b.ok());
  WorkOrder moved = *b;
  moved.assignments[0].active = false;
  moved.assignments.push_back(Assignment{"gx.jsj", AssignmentRole::kMain, 9, 0, 0, true});
  ASSERT_TRUE(
      this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&moved, {}); }).ok());
  q = Q();
  q.unit = "gx.cyb";
  EXPECT_EQ(Titles(list(q)), (V{"C 100% 满意"}));
  q.unit = "gx.jsj";
  EXPECT_EQ(Titles(list(q)), (V{"B 噪音"}));
}

TYPED_TEST(StoreContractTest, UsersAndSessions) {
  EXPECT_EQ(*this->users().CountUsers(), 0);
  auto admin = this->users().CreateUser(User{0, "admin", Role::kAdmin, "", "h1", true, 100});
  ASSERT_TRUE(admin.ok()) << admin.status().ToString();
  EXPECT_GT(admin->id, 0);
  auto unit = this->users().CreateUser(User{0, "cyb01", Role::kUnit, "gx.cyb", "h2", false, 200});
  ASSERT_TRUE(unit.ok());
  EXPECT_NE(unit->id, admin->id);
  EXPECT_EQ(*this->users().CountUsers(), 2);

  auto dup = this->users().CreateUser(User{0, "admin", Role::kCentre, "", "h3", true, 300});
  EXPECT_EQ(dup.status().code(), StatusCode::kConflict);
  EXPECT_EQ(dup.status().error_code(), "username_taken");
  EXPECT_EQ(dup.status().message(), "用户名已存在");
  EXPECT_EQ(*this->users().CountUsers(), 2);

  auto by_name = this->users().FindUserByName("cyb01");
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->id, unit->id);
  EXPECT_EQ(by_name->role, Role::kUnit);
  EXPECT_EQ(by_name->unit, "gx.cyb");
  EXPECT_EQ(by_name->password_hash, "h2");
  EXPECT_FALSE(by_name->active);
  EXPECT_EQ(by_name->created_at, 200);
  auto by_id = this->users().FindUserById(admin->id);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->username, "admin");
  EXPECT_EQ(by_id->role, Role::kAdmin);
  EXPECT_TRUE(by_id->active);
  EXPECT_EQ(this->users().FindUserByName("nobody").status().error_code(), "user_not_found");
  EXPECT_EQ(this->users().FindUserById(999).status().code(), StatusCode::kNotFound);

  ASSERT_TRUE(this->users().CreateSession(Session{"tokhash", admin->id, 1000, 2000}).ok());
  auto s = this->users().FindSession("tokhash");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->user_id, admin->id);
  EXPECT_EQ(s->created_at, 1000);
  EXPECT_EQ(s->expires_at, 2000);
  EXPECT_EQ(this->users().FindSession("other").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(this->users().CreateSession(Session{"tokhash", admin->id, 1, 2}).ok());
  EXPECT_FALSE(this->users().CreateSession(Session{"orphan", 999, 1, 2}).ok());
}

// ---------------------------------------------------------------- SQLite specifics

class SqliteStoreTest : public ::testing::Test {
 protected:
  SqliteFactory factory_;
};

TEST_F(SqliteStoreTest, MigrationsApplyOnceAndReopenIsANoOp) {
  const int64_t kLatest = store_internal::EmbeddedMigrations().back().version;
  ASSERT_EQ(kLatest, static_cast<int64_t>(store_internal::EmbeddedMigrations().size()));
  SqliteOptions options;
  options.path = factory_.path();
  options.durable = false;
  {
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->SchemaVersion(), kLatest);
  }
  {
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->SchemaVersion(), kLatest);
  }
  // Exactly one row per migration, and the WAL was checkpointed away on close.
  EXPECT_EQ(factory_.QueryInt("SELECT count(*) FROM schema_migrations"), kLatest);
  EXPECT_EQ(factory_.QueryInt("SELECT max(version) FROM schema_migrations"), kLatest);
  std::error_code ec;
  const auto wal_size = std::filesystem::file_size(factory_.path() + "-wal", ec);
  EXPECT_TRUE(ec || wal_size == 0) << wal_size;
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  SqliteOptions options;
  options.path = factory_.path();
  ASSERT_TRUE(SqliteStore::Open(options).ok());
  ASSERT_EQ(factory_.ExecRaw("INSERT INTO schema_migrations VALUES (9999, '9999_future', 0)"), "");
  auto store = SqliteStore::Open(options);
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SqliteStoreTest, BadPathsAreInvalidArguments) {
  SqliteOptions options;
  options.path = "/nonexistent-dir/x/y.db";
  EXPECT_EQ(SqliteStore::Open(options).status().code(), StatusCode::kInvalidArgument);
  options.path = ":memory:";
  EXPECT_EQ(SqliteStore::Open(options).status().code(), StatusCode::kInvalidArgument);
  options.path = "";
  EXPECT_EQ(SqliteStore::Open(options).status().code(), StatusCode::kInvalidArgument);
}

// A write the file system refuses (here: the process file-size limit, which makes write(2)
// fail with EFBIG) latches the store: that batch fails as a whole, every later Write returns
// Unavailable, and after a restart the database holds exactly what was acknowledged.
// `content_bytes` picks where the failure hits: a small order fails in COMMIT (the WAL append),
// a large one already inside the callback, when SQLite spills its page cache.
void ExpectIoErrorLatches(size_t content_bytes) {
  SqliteFactory factory;
  SqliteOptions options;
  options.path = factory.path();
  options.durable = true;
  int64_t kept_id = 0;
  {
    auto opened = SqliteStore::Open(options);
    ASSERT_TRUE(opened.ok());
    SqliteStore& store = **opened;
    kept_id = Create(store, Basic("kept")).id;

    std::error_code ec;
    uintmax_t biggest = std::filesystem::file_size(factory.path(), ec);
    biggest = std::max(biggest, std::filesystem::file_size(factory.path() + "-wal", ec));
    struct rlimit old_limit;
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    struct rlimit limit = old_limit;
    limit.rlim_cur = biggest + 64 * 1024;
    auto old_handler = signal(SIGXFSZ, SIG_IGN);
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);

    WorkOrder big = Basic("too big");
    big.content.assign(content_bytes, 'x');
    Status st = store.Write([&](OrderTransaction& tx) -> Status {
      MS_RETURN_IF_ERROR(tx.Insert(&big, "GX", "20261129"));
      Event e = NextEvent(&big, Action::kCreate, std::nullopt, OrderStatus::kRegistered);
      return tx.Save(&big, {e});
    });
    Status after = store.Write([](OrderTransaction&) { return Status::Ok(); });

    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &old_limit), 0);
    signal(SIGXFSZ, old_handler);

    EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();
    EXPECT_EQ(after.code(), StatusCode::kUnavailable) << after.ToString();
    EXPECT_EQ(after.error_code(), "storage_failed");
    EXPECT_EQ(store.CreateUser(User{0, "u", Role::kAdmin, "", "h", true, 1}).status().code(),
              StatusCode::kUnavailable);
    // Reads still work from the read pool.
    EXPECT_TRUE(store.Get(kept_id).ok());
  }
  auto reopened = SqliteStore::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto page = (*reopened)->List(Q());
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].title, "kept");
  // The failed batch did not consume a number either.
  EXPECT_EQ(Create(**reopened, Basic()).number, "GX2026112900002");
}

TEST_F(SqliteStoreTest, IoErrorInCommitLatchesTheStore) { ExpectIoErrorLatches(256 * 1024); }

TEST_F(SqliteStoreTest, IoErrorInsideACallbackLatchesTheStore) {
  ExpectIoErrorLatches(8 * 1024 * 1024);
}

// Holds the writer inside a first callback until `n` more writes are queued, so that those
// are guaranteed to share the next batch(es). Spins with yield(): no sleeps.
class WriterGate {
 public:
  explicit WriterGate(SqliteStore& store) : store_(store) {
    thread_ = std::thread([this] {
      Status st = store_.Write([this](OrderTransaction&) {
        inside_ = true;
        while (!open_) std::this_thread::yield();
        return Status::Ok();
      });
      EXPECT_TRUE(st.ok());
    });
    while (!inside_) std::this_thread::yield();
  }
  void OpenWhenQueued(int64_t n) {
    while (store_.Stats().queued < n) std::this_thread::yield();
    open_ = true;
    thread_.join();
  }

 private:
  SqliteStore& store_;
  std::atomic<bool> inside_{false};
  std::atomic<bool> open_{false};
  std::thread thread_;
};

TEST_F(SqliteStoreTest, OneBatchCommitsTheGoodCallbacksAndDropsTheFailedOnes) {
  SqliteOptions options;
  options.path = factory_.path();
  options.durable = true;
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  const auto before = store.Stats();

  WriterGate gate(store);
  constexpr int kWriters = 6;  // 0, 2, 4 succeed; 1 returns an error; 3 throws; 5 conflicts
  std::vector<Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      results[i] = store.Write([i](OrderTransaction& tx) -> Status {
        WorkOrder o = Basic("w" + std::to_string(i));
        if (i == 5) {
          o.channel = "city_platform";
          o.external_id = "SAME";
          MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", "20261129"));
          WorkOrder again = o;
          return tx.Insert(&again, "GX", "20261129");  // duplicate (channel, external_id)
        }
        MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", "20261129"));
        Event e = NextEvent(&o, Action::kCreate, std::nullopt, OrderStatus::kRegistered);
        MS_RETURN_IF_ERROR(tx.Save(&o, {e}));
        if (i == 1) return FailedPrecondition("test_failure", "测试失败");
        if (i == 3) throw std::runtime_error("boom");
        return Status::Ok();
      });
    });
  }
  gate.OpenWhenQueued(kWriters);
  for (auto& t : threads) t.join();

  const auto after = store.Stats();
  EXPECT_EQ(after.batches - before.batches, 2);  // the gate's batch + one shared batch
  EXPECT_EQ(after.writes - before.writes, kWriters + 1);
  EXPECT_TRUE(results[0].ok() && results[2].ok() && results[4].ok())
      << results[0].ToString() << results[2].ToString() << results[4].ToString();
  EXPECT_EQ(results[1].error_code(), "test_failure");
  EXPECT_EQ(results[3].code(), StatusCode::kInternal);
  EXPECT_EQ(results[5].error_code(), "duplicate_external_id");

  auto page = store.List(Q());
  ASSERT_TRUE(page.ok());
  std::set<std::string> titles, numbers;
  for (const auto& o : page->items) {
    titles.insert(o.title);
    numbers.insert(o.number);
  }
  EXPECT_EQ(titles, (std::set<std::string>{"w0", "w2", "w4"}));
  // Rolled-back callbacks gave their counter bumps back: the survivors hold 1..3.
  EXPECT_EQ(numbers, (std::set<std::string>{"GX2026112900001", "GX2026112900002",
                                            "GX2026112900003"}));
  EXPECT_EQ(factory_.QueryInt("SELECT last FROM number_counters WHERE key = 'GX20261129'"), 3);
}

TEST_F(SqliteStoreTest, MaxBatchBoundsOneCommit) {
  SqliteOptions options;
  options.path = factory_.path();
  options.durable = false;
  options.max_batch = 4;
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  WriterGate gate(store);
  const auto before = store.Stats();
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i)
    threads.emplace_back([&] { EXPECT_TRUE(Create(store, Basic()).id > 0); });
  gate.OpenWhenQueued(10);
  for (auto& t : threads) t.join();
  // The gate's batch finishes, then 10 queued writes need ceil(10 / 4) = 3 commits.
  EXPECT_EQ(store.Stats().batches - before.batches, 1 + 3);
}

TEST_F(SqliteStoreTest, NestedWriteFailsInsteadOfDeadlocking) {
  SqliteOptions options;
  options.path = factory_.path();
  options.durable = false;
  auto store = SqliteStore::Open(options);
  ASSERT_TRUE(store.ok());
  SqliteStore& s = **store;
  Status inner;
  Status outer = s.Write([&](OrderTransaction&) {
    inner = s.Write([](OrderTransaction&) { return Status::Ok(); });
    return Status::Ok();
  });
  EXPECT_TRUE(outer.ok());
  EXPECT_EQ(inner.code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace minsheng
