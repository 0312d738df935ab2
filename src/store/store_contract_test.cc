// Contract tests for OrderRepository + UserRepository.
//
// The suite is typed over a *factory* so that a PostgreSQL adapter can reuse it: a factory
// provides Open() (a fresh or reopened store on its own scratch database), Reopen semantics
// by calling Open() again, and ExecRaw() (SQL on a side connection, to prove that the
// database itself enforces append-only timelines). SQLite-only checks are in
// sqlite_store_test.cc.
#include "store/store_test_util.h"

namespace minsheng {
namespace {

using namespace store_test;  // NOLINT(google-build-using-namespace): test fixtures only

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
  const std::string odd_payload =
      "{ \"unit\" : \"gx.cyb\",\n \"co_units\":[ ] , \"note\":\"请尽快\" }";
  std::vector<Event> first = {NextEvent(&o, Action::kDispatch, OrderStatus::kRegistered,
                                        OrderStatus::kDispatched, odd_payload)};
  ASSERT_TRUE(this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&o, first); }).ok());
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
  st =
      this->orders().Write([&](OrderTransaction& tx) { return tx.Insert(&dup, "GX", "20261129"); });
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
  ASSERT_TRUE(this->orders().Write([&](OrderTransaction& tx) { return tx.Save(&moved, {}); }).ok());
  q = Q();
  q.unit = "gx.cyb";
  EXPECT_EQ(Titles(list(q)), (V{"C 100% 满意"}));
  q.unit = "gx.jsj";
  EXPECT_EQ(Titles(list(q)), (V{"B 噪音"}));
}

TYPED_TEST(StoreContractTest, ListByIdsAndTheWordingOfAWindow) {
  auto make = [&](const std::string& title, const std::string& content, int64_t created_at) {
    WorkOrder o = Basic(title);
    o.content = content;
    o.created_at = created_at;
    return Create(this->orders(), o);
  };
  const int64_t a = make("搅拌站噪音扰民", "丽发新城旁搅拌站日夜施工", 1000).id;
  const int64_t b = make("教师文明奖未发放", "原七中退休教师的文明单位奖", 3000).id;
  const int64_t c = make("补录的旧件", "导入的历史工单", 500).id;  // a later id, an older date
  const int64_t d = make("路灯不亮", "", 4000).id;

  OrderQuery q = Q();
  q.ids = {a, d, 999999};
  auto page = this->orders().List(q);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(Titles(*page), (std::vector<std::string>{"路灯不亮", "搅拌站噪音扰民"}));
  q.from = 2000;  // the other filters still apply
  page = this->orders().List(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Titles(*page), (std::vector<std::string>{"路灯不亮"}));

  // The wording of the orders registered from 1000 on, ascending by id, the older import left
  // out; then only what came after a given id; then in pages.
  auto texts = this->orders().ListTexts(0, 1000, 10);
  ASSERT_TRUE(texts.ok()) << texts.status().ToString();
  ASSERT_EQ(texts->size(), 3u);
  EXPECT_EQ((*texts)[0].id, a);
  EXPECT_EQ((*texts)[0].created_at, 1000);
  EXPECT_EQ((*texts)[0].title, "搅拌站噪音扰民");
  EXPECT_EQ((*texts)[0].content, "丽发新城旁搅拌站日夜施工");
  EXPECT_EQ((*texts)[1].id, b);
  EXPECT_EQ((*texts)[2].id, d);
  texts = this->orders().ListTexts(b, 1000, 10);
  ASSERT_TRUE(texts.ok());
  ASSERT_EQ(texts->size(), 1u);
  EXPECT_EQ((*texts)[0].id, d);
  texts = this->orders().ListTexts(0, 0, 2);
  ASSERT_TRUE(texts.ok());
  ASSERT_EQ(texts->size(), 2u);
  EXPECT_EQ((*texts)[1].id, b);
  texts = this->orders().ListTexts(0, 5000, 10);  // nothing that recent
  ASSERT_TRUE(texts.ok());
  EXPECT_TRUE(texts->empty());
  (void)c;
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

}  // namespace
}  // namespace minsheng
