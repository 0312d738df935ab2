// The knowledge base on a real SQLite file: SqliteKnowledgeRepository and KnowledgeService
// (permissions, versions and history, search, suggestions, 知识库直办, review reminders).
#include "store/sqlite_knowledge.h"

#include <gtest/gtest.h>

#include <mutex>

#include "core/knowledge/knowledge_service.h"
#include "core/time_util.h"
#include "testing/service_test_base.h"

namespace minsheng {
namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;

class RecordingNotifier final : public Notifier {
 public:
  Status Send(const Notice& notice) override {
    std::lock_guard<std::mutex> lock(mu_);
    notices.push_back(notice);
    return fail ? Unavailable("webhook down") : Status::Ok();
  }
  std::mutex mu_;
  std::vector<Notice> notices;
  bool fail = false;
};

class SqliteKnowledgeTest : public testing::ServiceTestBase {
 protected:
  void SetUp() override {
    ServiceTestBase::SetUp();
    repo_ = std::make_unique<SqliteKnowledgeRepository>(*store_);
    kb_ = std::make_unique<KnowledgeService>(config_, *repo_, *service_, clock_, &notifier_);
  }
  void TearDown() override {
    kb_.reset();
    repo_.reset();
    ServiceTestBase::TearDown();
  }

  KnowledgeInput Input(std::string title, std::string body, std::string unit = "d.zjj") {
    KnowledgeInput in;
    in.title = std::move(title);
    in.body = std::move(body);
    in.owner_unit = std::move(unit);
    return in;
  }

  KnowledgeItem MustCreate(KnowledgeInput in, const Actor& actor = {"c1", Role::kCentre, ""}) {
    auto r = kb_->Create(actor, std::move(in));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : KnowledgeItem{};
  }

  std::vector<int64_t> SearchIds(const std::string& q, std::string category = "",
                                 bool include_invalid = false) {
    KnowledgeSearchQuery query;
    query.q = q;
    query.category = std::move(category);
    query.include_invalid = include_invalid;
    auto r = kb_->Search(centre_, query);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<int64_t> out;
    if (r.ok())
      for (const auto& m : *r) out.push_back(m.item.id);
    return out;
  }

  int64_t NewOrder() {
    NewOrderInput in;
    in.channel = "phone";
    in.type = "consultation";
    in.title = "咨询停水时间";
    in.content = "请问明天崇业路是否停水?";
    in.citizen.name = "张先生";
    in.citizen.phone = "13800000000";
    auto r = service_->Create(centre_, in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->order.id : 0;
  }

  Actor centre_{"c1", Role::kCentre, ""};
  Actor zjj_{"zjj", Role::kUnit, "d.zjj"};
  Actor cgj_{"cgj", Role::kUnit, "d.cgj"};
  Actor leader_{"boss", Role::kLeader, ""};
  RecordingNotifier notifier_;
  std::unique_ptr<SqliteKnowledgeRepository> repo_;
  std::unique_ptr<KnowledgeService> kb_;
};

TEST_F(SqliteKnowledgeTest, CreateStoresEveryFieldAndTheFirstVersion) {
  KnowledgeInput in = Input(" 停水通知查询 ", "计划停水提前一天公告。");
  in.categories = {"02.01", "水电气暖/供水", "03"};  // a name and a duplicate are normalised away
  in.valid_from = 1000;
  in.valid_to = clock_.NowMs() + 100 * kDay;
  in.review_due = clock_.NowMs() + 30 * kDay;
  in.note = "首次录入";
  KnowledgeItem item = MustCreate(in);
  EXPECT_GT(item.id, 0);
  EXPECT_EQ(item.title, "停水通知查询");
  EXPECT_EQ(item.categories, (std::vector<std::string>{"02.01", "03"}));
  EXPECT_EQ(item.version, 1);
  EXPECT_EQ(item.created_by, "c1");
  EXPECT_EQ(item.created_at, clock_.NowMs());

  auto got = repo_->Get(item.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, item);
  auto history = kb_->History(centre_, item.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].change, "create");
  EXPECT_EQ((*history)[0].note, "首次录入");
  EXPECT_EQ((*history)[0].item.title, "停水通知查询");
  EXPECT_EQ(repo_->Get(9999).status().error_code(), "kb_item_not_found");
  EXPECT_EQ(kb_->History(centre_, 9999).status().error_code(), "kb_item_not_found");
}

TEST_F(SqliteKnowledgeTest, UpdateBumpsVersionKeepsHistoryAndChecksTheVersion) {
  KnowledgeItem item = MustCreate(Input("旧标题", "旧内容"));
  KnowledgeInput edit = Input("新标题", "新内容", "");
  edit.expected_version = 1;
  edit.note = "政策调整";
  clock_.Advance(60000);
  auto updated = kb_->Update(zjj_, item.id, edit);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->owner_unit, "d.zjj");  // empty owner keeps the current one
  EXPECT_EQ(updated->updated_by, "zjj");
  EXPECT_EQ(updated->created_by, "c1");

  edit.expected_version = 1;  // stale
  auto stale = kb_->Update(centre_, item.id, edit);
  EXPECT_EQ(stale.status().error_code(), "version_conflict");
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);

  auto history = repo_->History(item.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].item.title, "旧标题");
  EXPECT_EQ((*history)[1].item.title, "新标题");
  EXPECT_EQ((*history)[1].change, "update");
  EXPECT_EQ((*history)[1].note, "政策调整");
  EXPECT_EQ((*history)[1].item.updated_at, clock_.NowMs());
}

TEST_F(SqliteKnowledgeTest, UnitsKeepOnlyTheirOwnItems) {
  // A unit user's item defaults to its own unit.
  KnowledgeItem own = MustCreate(Input("建筑工地夜间施工", "夜间施工须办理许可。", ""), zjj_);
  EXPECT_EQ(own.owner_unit, "d.zjj");
  EXPECT_EQ(kb_->Create(zjj_, Input("t", "b", "d.cgj")).status().error_code(), "forbidden");
  EXPECT_EQ(kb_->Create(leader_, Input("t", "b")).status().error_code(), "forbidden");

  // Another unit may read but not edit or retire it, nor may the owner give it away.
  EXPECT_TRUE(kb_->Get(cgj_, own.id).ok());
  auto r = kb_->Update(cgj_, own.id, Input("改", "改", ""));
  EXPECT_EQ(r.status().error_code(), "forbidden");
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(kb_->Retire(cgj_, own.id, "").status().error_code(), "forbidden");
  EXPECT_EQ(kb_->Update(zjj_, own.id, Input("改", "改", "d.cgj")).status().error_code(),
            "forbidden");
  EXPECT_EQ(kb_->Update(leader_, own.id, Input("改", "改")).status().error_code(), "forbidden");
  // The centre may reassign it.
  auto moved = kb_->Update(centre_, own.id, Input("改", "改", "d.cgj"));
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->owner_unit, "d.cgj");
  EXPECT_TRUE(kb_->Update(cgj_, own.id, Input("再改", "再改", "")).ok());
  EXPECT_EQ(repo_->Get(own.id)->version, 3);
}

TEST_F(SqliteKnowledgeTest, InvalidInputIsRefusedWithStableCodes) {
  auto code = [&](KnowledgeInput in) { return kb_->Create(centre_, in).status().error_code(); };
  EXPECT_EQ(code(Input("", "b")), "missing_field");
  EXPECT_EQ(code(Input("t", "  ")), "missing_field");
  EXPECT_EQ(code(Input("t", "b", "")), "missing_field");  // centre must name the owner
  EXPECT_EQ(code(Input("t", "b", "d.nosuch")), "unknown_unit");
  EXPECT_EQ(code(Input(std::string(201, 'x'), "b")), "field_too_long");
  EXPECT_EQ(code(Input("t\xff", "b")), "invalid_utf8");
  KnowledgeInput bad_cat = Input("t", "b");
  bad_cat.categories = {"99.99"};
  EXPECT_EQ(code(bad_cat), "unknown_category");
  KnowledgeInput bad_window = Input("t", "b");
  bad_window.valid_from = 2000;
  bad_window.valid_to = 1000;
  EXPECT_EQ(code(bad_window), "invalid_validity");
  auto r = kb_->Create(centre_, Input("", "b"));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("标题"), std::string::npos);
  EXPECT_EQ(repo_->Generation().value(), 0);  // nothing written
}

TEST_F(SqliteKnowledgeTest, RetireKeepsTheItemButHidesItFromSearchAndAnswers) {
  KnowledgeItem item = MustCreate(Input("停水通知", "计划停水提前公告。"));
  auto retired = kb_->Retire(zjj_, item.id, "政策废止", 1);
  ASSERT_TRUE(retired.ok()) << retired.status().ToString();
  EXPECT_EQ(retired->status, KnowledgeStatus::kRetired);
  EXPECT_EQ(retired->version, 2);
  EXPECT_EQ(kb_->Retire(centre_, item.id, "").status().error_code(), "kb_item_retired");
  EXPECT_EQ(kb_->Update(centre_, item.id, Input("a", "b")).status().error_code(),
            "kb_item_retired");
  EXPECT_TRUE(SearchIds("停水").empty());
  EXPECT_EQ(SearchIds("停水", "", true), (std::vector<int64_t>{item.id}));
  EXPECT_EQ(repo_->History(item.id)->back().change, "retire");

  const int64_t order = NewOrder();
  auto r = kb_->AnswerFromKnowledge(centre_, order, item.id, "", "");
  EXPECT_EQ(r.status().error_code(), "kb_item_not_valid");
  EXPECT_EQ(service_->Get(centre_, order)->status, OrderStatus::kRegistered);
}

TEST_F(SqliteKnowledgeTest, SearchFindsOneAndTwoCharacterQueriesTitleFirst) {
  KnowledgeItem gas = MustCreate(Input("燃气开户", "停水期间燃气开户不受影响。"));
  KnowledgeItem water = MustCreate(Input("停水通知查询", "计划停水会提前一天在官网公告。"));
  KnowledgeInput medical = Input("医保报销比例", "城乡居民医保住院报销比例为百分之七十。", "d.ybj");
  medical.categories = {"08.02"};
  KnowledgeItem ybj = MustCreate(medical);

  EXPECT_EQ(SearchIds("水"), (std::vector<int64_t>{water.id, gas.id}));
  EXPECT_EQ(SearchIds("停水"), (std::vector<int64_t>{water.id, gas.id}));
  EXPECT_EQ(SearchIds("医保报销"), (std::vector<int64_t>{ybj.id}));
  EXPECT_EQ(SearchIds("停水 燃气"), (std::vector<int64_t>{gas.id}));   // both words needed
  EXPECT_EQ(SearchIds("报销", "08"), (std::vector<int64_t>{ybj.id}));  // level-1 covers 08.02
  EXPECT_TRUE(SearchIds("报销", "02.01").empty());
  EXPECT_TRUE(SearchIds("地铁").empty());

  KnowledgeSearchQuery q;
  q.q = "停水";
  auto hits = kb_->Search(centre_, q);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_TRUE((*hits)[0].title_match);
  EXPECT_GT((*hits)[0].score, (*hits)[1].score);
  EXPECT_FALSE((*hits)[0].snippet.highlights.empty());

  q.q = "  ";
  EXPECT_EQ(kb_->Search(centre_, q).status().error_code(), "invalid_query");
  q.q = std::string(101, 'a');
  EXPECT_EQ(kb_->Search(centre_, q).status().error_code(), "invalid_query");
  q.q = "停水";
  q.category = "nosuch";
  EXPECT_EQ(kb_->Search(centre_, q).status().error_code(), "unknown_category");
}

TEST_F(SqliteKnowledgeTest, SearchRespectsTheValidityWindowAndSeesEveryChange) {
  KnowledgeInput later = Input("供暖收费标准", "供暖费按面积收取。");
  later.valid_from = clock_.NowMs() + kDay;
  KnowledgeItem item = MustCreate(later);
  EXPECT_TRUE(SearchIds("供暖").empty());
  clock_.Advance(kDay);
  EXPECT_EQ(SearchIds("供暖"), (std::vector<int64_t>{item.id}));

  // An update is visible at once; the old title no longer matches.
  KnowledgeInput edit = Input("采暖收费标准", "采暖费按面积收取。");
  edit.valid_from = later.valid_from;
  ASSERT_TRUE(kb_->Update(centre_, item.id, edit).ok());
  EXPECT_TRUE(SearchIds("供暖").empty());
  EXPECT_EQ(SearchIds("采暖"), (std::vector<int64_t>{item.id}));

  // A change written by another process (here: a second store on the same file) is seen too.
  auto other_store = SqliteStore::Open({.path = dir_ + "/t.db", .durable = false});
  ASSERT_TRUE(other_store.ok());
  SqliteKnowledgeRepository other_repo(**other_store);
  KnowledgeService other(config_, other_repo, *service_, clock_);
  ASSERT_TRUE(other.Create(centre_, Input("燃气报装", "燃气报装请到营业厅。")).ok());
  EXPECT_EQ(SearchIds("报装").size(), 1u);
}

TEST_F(SqliteKnowledgeTest, SuggestRanksItemsForAnAppeal) {
  KnowledgeItem water =
      MustCreate(Input("停水通知查询", "计划停水会提前一天在官网公告,可拨打供水热线。"));
  MustCreate(Input("燃气开户", "燃气开户需携带身份证。"));
  KnowledgeInput old = Input("停水补偿", "停水超过24小时可申请补偿。");
  old.valid_to = clock_.NowMs() - 1;  // expired
  KnowledgeItem expired = MustCreate(old);
  auto r = kb_->Suggest(centre_, "小区突然停水",
                        "我们小区从早上开始停水,也没有看到通知,什么时候恢复?", 5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->empty());
  EXPECT_EQ((*r)[0].item.id, water.id);
  for (const auto& m : *r) EXPECT_NE(m.item.id, expired.id);
  EXPECT_EQ(kb_->Suggest(centre_, "", " ", 5).status().error_code(), "missing_field");
  EXPECT_EQ(kb_->Suggest(centre_, "停水", "", 0).status().error_code(), "invalid_query");
}

TEST_F(SqliteKnowledgeTest, AnswerFromKnowledgeClosesTheOrderAsDirectAnswer) {
  KnowledgeItem item = MustCreate(Input("停水通知查询", "计划停水会提前一天在官网公告。"));
  const int64_t order = NewOrder();
  auto r = kb_->AnswerFromKnowledge(centre_, order, item.id, "", "按知识库答复");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, OrderStatus::kDirectAnswered);
  EXPECT_EQ(r->direct_answer, item.body);
  EXPECT_EQ(r->direct_answer_kb, item.id);
  const Event& e = r->timeline.back();
  EXPECT_EQ(e.action, Action::kDirectAnswer);
  EXPECT_NE(e.payload_json.find("\"kb_item\":" + std::to_string(item.id)), std::string::npos)
      << e.payload_json;

  // An operator-edited text is used instead of the body; a unit does not even see the order.
  const int64_t order2 = NewOrder();
  EXPECT_EQ(kb_->AnswerFromKnowledge(zjj_, order2, item.id, "", "").status().error_code(),
            "order_not_found");
  auto edited = kb_->AnswerFromKnowledge(centre_, order2, item.id, "明天 9 点恢复供水。", "");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->direct_answer, "明天 9 点恢复供水。");
  EXPECT_EQ(edited->direct_answer_kb, item.id);

  // Errors: unknown item, no item, an order not in a state that allows 直办.
  EXPECT_EQ(kb_->AnswerFromKnowledge(centre_, NewOrder(), 9999, "", "").status().error_code(),
            "kb_item_not_found");
  EXPECT_EQ(kb_->AnswerFromKnowledge(centre_, NewOrder(), 0, "", "").status().error_code(),
            "missing_field");
  EXPECT_EQ(kb_->AnswerFromKnowledge(centre_, order, item.id, "", "").status().error_code(),
            "action_not_allowed");
}

TEST_F(SqliteKnowledgeTest, ReviewDueListsPerUnitWithinTheHorizon) {
  KnowledgeInput soon = Input("a1", "b");
  soon.review_due = clock_.NowMs() + 3 * kDay;
  KnowledgeInput late = Input("a2", "b");
  late.review_due = clock_.NowMs() + 60 * kDay;
  KnowledgeInput overdue = Input("a3", "b", "d.cgj");
  overdue.review_due = clock_.NowMs() - kDay;
  KnowledgeItem s = MustCreate(soon), l = MustCreate(late), o = MustCreate(overdue);
  MustCreate(Input("no review", "b"));

  auto all = kb_->ReviewDue(centre_, 30, "");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].id, o.id);  // earliest first
  EXPECT_EQ(all->items[1].id, s.id);
  EXPECT_EQ(kb_->ReviewDue(centre_, 90, "")->items.size(), 3u);
  auto mine = kb_->ReviewDue(zjj_, 90, "");
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->items.size(), 2u);  // s and l, not cgj's
  EXPECT_EQ(mine->items[1].id, l.id);
  EXPECT_EQ(kb_->ReviewDue(zjj_, 30, "d.cgj").status().error_code(), "forbidden");
  EXPECT_EQ(kb_->ReviewDue(centre_, 400, "").status().error_code(), "invalid_query");
  EXPECT_EQ(kb_->ReviewDue(centre_, 30, "d.nosuch").status().error_code(), "unknown_unit");
}

TEST_F(SqliteKnowledgeTest, RemindersAreSentOncePerVersion) {
  KnowledgeInput due = Input("停水通知查询", "计划停水提前公告。");
  due.review_due = clock_.NowMs() - kDay;
  KnowledgeItem item = MustCreate(due);
  KnowledgeInput later = Input("燃气开户", "带身份证。", "e.gas");
  later.review_due = clock_.NowMs() + 10 * kDay;
  MustCreate(later);

  auto first = kb_->RemindReviews();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->reminded, 1);
  ASSERT_EQ(notifier_.notices.size(), 1u);
  EXPECT_EQ(notifier_.notices[0].kind, "kb_review");
  EXPECT_EQ(notifier_.notices[0].unit, "d.zjj");
  EXPECT_NE(notifier_.notices[0].text.find("停水通知查询"), std::string::npos);

  // Again (and after a "restart": a new service on the same store): nothing new.
  EXPECT_EQ(kb_->RemindReviews()->reminded, 0);
  KnowledgeService restarted(config_, *repo_, *service_, clock_, &notifier_);
  EXPECT_EQ(restarted.RemindReviews()->reminded, 0);
  EXPECT_EQ(notifier_.notices.size(), 1u);

  // A new version that is still due is reminded once more; a failed send is not retried.
  KnowledgeInput edit = due;
  edit.body = "计划停水提前两天公告。";
  ASSERT_TRUE(kb_->Update(zjj_, item.id, edit).ok());
  notifier_.fail = true;
  auto second = kb_->RemindReviews();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->reminded, 1);
  EXPECT_EQ(second->notice_failures, 1);
  notifier_.fail = false;
  EXPECT_EQ(kb_->RemindReviews()->reminded, 0);
  EXPECT_EQ(repo_->Get(item.id)->reminded_version, 2);

  // The other item becomes due later.
  clock_.Advance(11 * kDay);
  EXPECT_EQ(kb_->RemindReviews()->reminded, 1);
  EXPECT_EQ(notifier_.notices.back().unit, "e.gas");
}

TEST_F(SqliteKnowledgeTest, AFailedTransactionWritesNothingAndDataSurvivesReopen) {
  KnowledgeItem kept = MustCreate(Input("保留", "内容"));
  Status st = repo_->Write([&](KnowledgeTransaction& tx) -> Status {
    KnowledgeItem item;
    item.title = "丢弃";
    item.body = "内容";
    item.owner_unit = "d.zjj";
    item.version = 1;
    MS_RETURN_IF_ERROR(tx.Insert(&item, ""));
    return InvalidArgument("test", "回滚");
  });
  EXPECT_EQ(st.error_code(), "test");
  auto all = repo_->LoadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 1u);
  const int64_t generation = all->generation;

  // Save refuses a stale version.
  st = repo_->Write([&](KnowledgeTransaction& tx) -> Status {
    KnowledgeItem item = kept;
    item.version = 5;
    return tx.Save(item, "update", "");
  });
  EXPECT_EQ(st.error_code(), "version_conflict");

  kb_.reset();
  repo_.reset();
  store_.reset();
  auto reopened = SqliteStore::Open({.path = dir_ + "/t.db", .durable = false});
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(reopened).value();
  SqliteKnowledgeRepository repo(*store_);
  EXPECT_EQ(repo.Get(kept.id).value(), kept);
  EXPECT_EQ(repo.Generation().value(), generation);
  EXPECT_EQ(repo.History(kept.id)->size(), 1u);
}

}  // namespace
}  // namespace minsheng
