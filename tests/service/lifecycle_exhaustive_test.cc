// Every status × every action through the real OrderService on the real SQLite store:
// allowed pairs succeed and land on a target listed in the transition table; every other pair
// is refused with action_not_allowed and leaves the order byte-for-byte unchanged.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "core/lifecycle.h"
#include "core/order_service.h"
#include "store/sqlite_store.h"
#include "testing/service_test_base.h"

namespace minsheng {
namespace {

class LifecycleExhaustiveTest : public testing::ServiceTestBase {
 protected:
  int64_t NewOrder() {
    NewOrderInput in;
    in.channel = "phone";
    in.type = "complaint";
    in.title = "王贺村2组下水道堵塞";
    in.content = "主干道下水道堵塞,污水外溢。";
    in.citizen.name = "张先生";
    in.citizen.phone = "13800000000";
    auto r = service_->Create(admin_, in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->order.id : 0;
  }

  ActionInput Valid(Action a) {
    ActionInput in;
    in.action = a;
    switch (a) {
      case Action::kDispatch:
        in.unit = "d.zjj";
        in.co_units = {"st.chongyelu"};
        break;
      case Action::kRedispatch:
        in.unit = "d.cgj";
        break;
      case Action::kReply:
        in.text = "已安排疏通,2日内完成。";
        in.result = "resolved";
        break;
      case Action::kRejectReply:
      case Action::kRejectReturn:
      case Action::kReopen:
        in.reason = "理由说明";
        break;
      case Action::kVisit:
        in.satisfaction = "satisfied";
        in.resolved = true;
        break;
      case Action::kReturn:
        in.reason_code = "wrong_territory";
        in.note = "该地址属崇业路街道";
        break;
      case Action::kMerge:
        in.into = master_;
        break;
      case Action::kDirectAnswer:
        in.text = "依据政策答复如下。";
        break;
      case Action::kRefuse:
        in.reason_code = "out_of_area";
        break;
      case Action::kTransferEmergency:
        in.to = "110";
        break;
      case Action::kConsult:
        in.unit = "d.zjj";
        in.co_units = {"st.chongyelu"};
        in.note = "会商纪要:住建局主办,崇业路街道协办";
        break;
      case Action::kCoReply:
        in.text = "协办意见:已排查辖区管网。";
        break;
      case Action::kRequestExtension:
        in.days = 2;
        in.reason = "需协调施工单位";
        in.legal_basis = "《办理规范》第十条";
        break;
      case Action::kRefuseExtension:
        in.reason = "理由不充分";
        break;
      case Action::kUrge:
      case Action::kLiftSupervision:
        in.note = "请抓紧办理";
        break;
      case Action::kSupervise:
        in.level = "leader";
        in.listed = true;
        in.note = "领导督办";
        break;
      case Action::kPutOnLedger:
        in.reason = "涉及征地补偿,长期办理";
        break;
      case Action::kStageReply:
      case Action::kClearLedger:
        in.text = "阶段进展:已完成测绘。";
        break;
      case Action::kAppealRating:
        in.reason = "诉求人要求超出政策范围";
        break;
      case Action::kContact:
        in.method = "phone";
        break;
      case Action::kDecideAppeal:
        in.decision = "accepted";
        break;
      default:
        break;
    }
    return in;
  }

  void Do(int64_t id, Action a) {
    auto r = service_->Act(admin_, id, Valid(a));
    ASSERT_TRUE(r.ok()) << ToString(a) << ": " << r.status().ToString();
  }

  // Drives a fresh order into `target` along the shortest documented path.
  int64_t OrderIn(OrderStatus target) {
    int64_t id = NewOrder();
    using S = OrderStatus;
    using A = Action;
    std::map<S, std::vector<A>> paths = {
        {S::kRegistered, {}},
        {S::kDispatched, {A::kDispatch}},
        {S::kInProgress, {A::kDispatch, A::kSign}},
        {S::kReturnRequested, {A::kDispatch, A::kReturn}},
        {S::kReplied, {A::kDispatch, A::kSign, A::kReply}},
        {S::kPendingVisit, {A::kDispatch, A::kSign, A::kReply, A::kApprove}},
        {S::kClosed, {A::kDispatch, A::kSign, A::kReply, A::kApprove, A::kVisit}},
        {S::kArchived, {A::kDispatch, A::kSign, A::kReply, A::kApprove, A::kVisit, A::kArchive}},
        {S::kDirectAnswered, {A::kDirectAnswer}},
        {S::kRefused, {A::kRefuse}},
        {S::kMerged, {A::kMerge}},
        {S::kTransferredOut, {A::kTransferEmergency}},
        {S::kOnLedger, {A::kDispatch, A::kSign, A::kPutOnLedger}},
    };
    for (A a : paths.at(target)) Do(id, a);
    auto o = service_->Get(admin_, id);
    EXPECT_EQ(o->status, target);
    return id;
  }

  // Puts an order in `s` and satisfies the action's own precondition (a pending extension to
  // decide, a supervision to lift, a dissatisfied rating to appeal), so every row is exercised.
  int64_t Prepare(OrderStatus s, Action a) {
    using A = Action;
    if (s == OrderStatus::kClosed && (a == A::kAppealRating || a == A::kDecideAppeal)) {
      int64_t id = OrderIn(OrderStatus::kPendingVisit);
      ActionInput v;
      v.action = A::kVisit;
      v.satisfaction = "dissatisfied";
      v.cause = "policy_limit";
      EXPECT_TRUE(service_->Act(admin_, id, v).ok());
      if (a == A::kDecideAppeal) Do(id, A::kAppealRating);
      return id;
    }
    int64_t id = OrderIn(s);
    if (FindTransition(s, a) == nullptr) return id;
    if (a == A::kApproveExtension || a == A::kRefuseExtension) Do(id, A::kRequestExtension);
    if (a == A::kLiftSupervision) Do(id, A::kSupervise);
    return id;
  }

  Actor admin_{"admin", Role::kAdmin, ""};
  int64_t master_ = 0;
};

TEST_F(LifecycleExhaustiveTest, EveryStatusTimesEveryAction) {
  int allowed = 0, refused = 0, system_only = 0, system_rows = 0;
  for (OrderStatus s : AllOrderStatuses()) {
    for (Action a : AllActions()) {
      master_ = NewOrder();
      if (IsSystemOnly(a)) {
        // create and master_update are never accepted from a caller, in any status.
        int64_t id = OrderIn(s);
        auto before = service_->Get(admin_, id);
        auto r = service_->Act(admin_, id, Valid(a));
        SCOPED_TRACE(std::string(ToString(s)) + " × " + std::string(ToString(a)));
        ASSERT_FALSE(r.ok());
        EXPECT_TRUE(r.status().error_code() == "system_only" ||
                    r.status().error_code() == "unknown_action")
            << r.status().ToString();
        EXPECT_EQ(service_->Get(admin_, id)->version, before->version);
        ++system_only;
        if (FindTransition(s, a) != nullptr) ++system_rows;
        continue;
      }
      int64_t id = Prepare(s, a);
      auto before = service_->Get(admin_, id);
      ASSERT_TRUE(before.ok());
      auto r = service_->Act(admin_, id, Valid(a));
      const Transition* row = FindTransition(s, a);
      SCOPED_TRACE(std::string(ToString(s)) + " × " + std::string(ToString(a)));
      if (row != nullptr) {
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        EXPECT_TRUE(IsAllowedTarget(*row, r->status)) << ToString(r->status);
        ASSERT_EQ(r->timeline.size(), before->timeline.size() + 1);
        const Event& e = r->timeline.back();
        EXPECT_EQ(e.action, a);
        EXPECT_EQ(e.from, s);
        EXPECT_EQ(e.to, r->status);
        EXPECT_EQ(e.actor_user, "admin");
        ++allowed;
      } else {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.status().error_code(), "action_not_allowed");
        EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
        auto after = service_->Get(admin_, id);
        EXPECT_EQ(after->version, before->version);
        EXPECT_EQ(after->timeline.size(), before->timeline.size());
        EXPECT_EQ(after->status, s);
        ++refused;
      }
    }
  }
  EXPECT_EQ(allowed + system_rows, static_cast<int>(TransitionTable().size()));
  EXPECT_EQ(allowed + refused + system_only, kOrderStatusCount * kActionCount);
}

TEST_F(LifecycleExhaustiveTest, RolesAreEnforcedBeforeAnythingIsWritten) {
  Actor centre{"c1", Role::kCentre, ""};
  Actor leader{"boss", Role::kLeader, ""};
  Actor zjj{"zjj", Role::kUnit, "d.zjj"};
  Actor cgj{"cgj", Role::kUnit, "d.cgj"};
  int64_t id = OrderIn(OrderStatus::kDispatched);  // 主办 d.zjj

  auto r = service_->Act(zjj, id, Valid(Action::kApprove));
  EXPECT_EQ(r.status().error_code(), "forbidden");
  r = service_->Act(leader, id, Valid(Action::kSign));
  EXPECT_EQ(r.status().error_code(), "forbidden");
  r = service_->Act(centre, id, Valid(Action::kSign));
  EXPECT_EQ(r.status().error_code(), "forbidden");
  // Another unit does not even see the order.
  r = service_->Act(cgj, id, Valid(Action::kSign));
  EXPECT_EQ(r.status().error_code(), "order_not_found");
  EXPECT_EQ(service_->Get(cgj, id).status().code(), StatusCode::kNotFound);
  // The 协办 street sees it but cannot act as 主办.
  Actor street{"cy", Role::kUnit, "st.chongyelu"};
  EXPECT_TRUE(service_->Get(street, id).ok());
  EXPECT_EQ(service_->Act(street, id, Valid(Action::kSign)).status().error_code(), "forbidden");
  // The 主办 unit signs; the event records the acting user and unit.
  r = service_->Act(zjj, id, Valid(Action::kSign));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->timeline.back().actor_user, "zjj");
  EXPECT_EQ(r->timeline.back().actor_unit, "d.zjj");
  // Unit users cannot register orders; lists are scoped.
  NewOrderInput in;
  in.channel = "web";
  in.type = "咨询";
  in.title = "咨询";
  EXPECT_EQ(service_->Create(zjj, in).status().error_code(), "forbidden");
  OrderQuery q;
  auto page = service_->List(cgj, q);
  ASSERT_TRUE(page.ok());
  for (const auto& o : page->items) EXPECT_TRUE(o.IsAssignedTo("d.cgj"));
  page = service_->List(zjj, q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
}

// A notifier that always fails: the sweep keeps its urge events (they are the record) and
// reports the failures; a second sweep does not urge again.
class FailingNotifier final : public Notifier {
 public:
  Status Send(const Notice&) override {
    ++calls;
    return Unavailable("webhook down");
  }
  int calls = 0;
};

TEST_F(LifecycleExhaustiveTest, SweepKeepsUrgesWhenTheNotifierFailsAndNeverRepeats) {
  FailingNotifier notifier;
  service_->set_notifier(&notifier);
  clock_.Set(1772413200000);                        // 2026-03-02T09:00:00+08:00 (Monday)
  int64_t id = OrderIn(OrderStatus::kDispatched);   // sign due 11:00 (2WH)
  clock_.Set(1772413200000 + 2 * 3600000 + 60000);  // 11:01: sign overdue
  auto d = service_->Deadlines(*service_->Get(admin_, id), clock_.NowMs());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->worst, SlaAlert::kRed);
  auto r = service_->Sweep();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Main sign (red) + the 协办 street's sign (red): two urges, both notices failed.
  EXPECT_EQ(r->urged, 2);
  EXPECT_EQ(r->notice_failures, 2);
  EXPECT_EQ(notifier.calls, 2);
  auto o = service_->Get(admin_, id);
  ASSERT_EQ(o->timeline.back().action, Action::kUrge);
  EXPECT_EQ(o->timeline.back().actor_user, "system");
  EXPECT_EQ(o->status, OrderStatus::kDispatched);
  r = service_->Sweep();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->urged, 0);
  EXPECT_EQ(notifier.calls, 2);
  service_->set_notifier(nullptr);
}

}  // namespace
}  // namespace minsheng
