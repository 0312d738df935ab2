#include "core/lifecycle.h"

#include <gtest/gtest.h>

#include <set>

#include "core/order_service.h"

namespace minsheng {
namespace {

TEST(LifecycleTest, EveryRowIsUniqueAndConsistentWithActorKind) {
  std::set<std::pair<int, int>> seen;
  for (const auto& t : TransitionTable()) {
    EXPECT_TRUE(seen.insert({static_cast<int>(t.from), static_cast<int>(t.action)}).second)
        << "duplicate row " << ToString(t.from) << " × " << ToString(t.action);
    EXPECT_EQ(t.by, ActorKindOf(t.action)) << ToString(t.action);
    EXPECT_NE(t.action, Action::kCreate);
  }
}

// From a terminal status an action archives, reopens, or only records a fact (from == to:
// 评价申诉 on a closed order, 主工单进展同步 on a merged child).
TEST(LifecycleTest, TerminalStatesOnlyArchiveReopenOrRecord) {
  for (const auto& t : TransitionTable()) {
    if (t.from == OrderStatus::kArchived) {
      ADD_FAILURE() << "archived must be final";
    }
    if (IsTerminal(t.from)) {
      bool record_only = t.to[0] == t.from && t.to[1] == t.from;
      EXPECT_TRUE(t.action == Action::kArchive || t.action == Action::kReopen || record_only)
          << ToString(t.from) << " × " << ToString(t.action);
    }
  }
}

TEST(LifecycleTest, SystemOnlyActionsAreTheFanOut) {
  for (Action a : AllActions()) {
    EXPECT_EQ(IsSystemOnly(a), a == Action::kCreate || a == Action::kMasterUpdate) << ToString(a);
  }
  const Transition* t = FindTransition(OrderStatus::kMerged, Action::kMasterUpdate);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->to[0], OrderStatus::kMerged);
}

TEST(LifecycleTest, RecordOnlyActionsNeverMoveTheStatus) {
  for (const auto& t : TransitionTable()) {
    switch (t.action) {
      case Action::kCoSign:
      case Action::kCoReply:
      case Action::kRequestExtension:
      case Action::kApproveExtension:
      case Action::kRefuseExtension:
      case Action::kUrge:
      case Action::kSupervise:
      case Action::kLiftSupervision:
      case Action::kStageReply:
      case Action::kAppealRating:
      case Action::kDecideAppeal:
      case Action::kMasterUpdate:
        EXPECT_EQ(t.to[0], t.from) << ToString(t.from) << " × " << ToString(t.action);
        EXPECT_EQ(t.to[1], t.from) << ToString(t.from) << " × " << ToString(t.action);
        break;
      default:
        break;
    }
  }
}

TEST(LifecycleTest, CheckTransitionRefusesPairsOutsideTheTable) {
  for (OrderStatus s : AllOrderStatuses()) {
    for (Action a : AllActions()) {
      Status st = CheckTransition(s, a);
      EXPECT_EQ(st.ok(), FindTransition(s, a) != nullptr);
      if (!st.ok()) {
        EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
        EXPECT_EQ(st.error_code(), "action_not_allowed");
        EXPECT_NE(st.message().find(LabelZh(s)), std::string::npos);
      }
    }
  }
}

TEST(LifecycleTest, EveryStatusIsReachableFromRegistered) {
  std::set<OrderStatus> reached = {OrderStatus::kRegistered};
  bool grew = true;
  while (grew) {
    grew = false;
    for (const auto& t : TransitionTable())
      if (reached.count(t.from))
        for (OrderStatus to : t.to) grew |= reached.insert(to).second;
  }
  EXPECT_EQ(reached.size(), static_cast<size_t>(kOrderStatusCount));
}

TEST(TypesTest, IdentifiersRoundTrip) {
  for (OrderStatus s : AllOrderStatuses()) EXPECT_EQ(ParseOrderStatus(ToString(s)), s);
  for (Action a : AllActions()) EXPECT_EQ(ParseAction(ToString(a)), a);
  EXPECT_FALSE(ParseOrderStatus("Closed").has_value());
  EXPECT_FALSE(ParseAction("delete").has_value());
  EXPECT_EQ(ParseRole("unit"), Role::kUnit);
}

}  // namespace
}  // namespace minsheng
