#include "core/lifecycle.h"

#include <string>

namespace minsheng {
namespace {

using S = OrderStatus;
using A = Action;
constexpr ActorKind kC = ActorKind::kCentre;
constexpr ActorKind kU = ActorKind::kUnit;

// NOTE: `create` is not in this table: it has no `from` status; it always yields kRegistered.
constexpr Transition kTransitions[] = {
    // 统一受理 at the centre
    {S::kRegistered, A::kDispatch, kC, {S::kDispatched, S::kDispatched}, "派单至主办单位(可附协办)"},
    {S::kRegistered, A::kDirectAnswer, kC, {S::kDirectAnswered, S::kDirectAnswered}, "中心直办"},
    {S::kRegistered, A::kRefuse, kC, {S::kRefused, S::kRefused}, "不予受理,须附理由代码"},
    {S::kRegistered, A::kMerge, kC, {S::kMerged, S::kMerged}, "重复件并入主工单"},
    {S::kRegistered, A::kTransferEmergency, kC, {S::kTransferredOut, S::kTransferredOut},
     "警情/急救/火警转110/119/120"},
    // 签收 and handling by the unit
    {S::kDispatched, A::kSign, kU, {S::kInProgress, S::kInProgress}, "承办单位签收"},
    {S::kDispatched, A::kReturn, kU, {S::kReturnRequested, S::kReturnRequested},
     "签收前退回,须附理由代码"},
    {S::kDispatched, A::kRedispatch, kC, {S::kDispatched, S::kDispatched}, "中心主动改派"},
    {S::kDispatched, A::kMerge, kC, {S::kMerged, S::kMerged}, "派单后发现重复件"},
    {S::kDispatched, A::kTransferEmergency, kC, {S::kTransferredOut, S::kTransferredOut},
     "派单后发现属警情"},
    {S::kInProgress, A::kReply, kU, {S::kReplied, S::kReplied}, "主办单位答复"},
    {S::kInProgress, A::kReturn, kU, {S::kReturnRequested, S::kReturnRequested},
     "签收后在退回时限内退回"},
    {S::kInProgress, A::kRedispatch, kC, {S::kDispatched, S::kDispatched}, "中心主动改派"},
    {S::kInProgress, A::kMerge, kC, {S::kMerged, S::kMerged}, "办理中发现重复件"},
    {S::kInProgress, A::kTransferEmergency, kC, {S::kTransferredOut, S::kTransferredOut},
     "办理中发现属警情"},
    // 退回 arbitration by the centre
    {S::kReturnRequested, A::kRedispatch, kC, {S::kDispatched, S::kDispatched},
     "认可退回,改派他单位"},
    {S::kReturnRequested, A::kRejectReturn, kC, {S::kInProgress, S::kInProgress},
     "不认可退回,原单位继续办理(时限不重置)"},
    {S::kReturnRequested, A::kMerge, kC, {S::kMerged, S::kMerged}, "退回理由为重复件"},
    // 中心审核
    {S::kReplied, A::kApprove, kC, {S::kPendingVisit, S::kPendingVisit}, "审核通过,转回访"},
    {S::kReplied, A::kRejectReply, kC, {S::kInProgress, S::kInProgress},
     "审核不通过,退回重新答复"},
    // 回访评价
    {S::kPendingVisit, A::kVisit, kC, {S::kClosed, S::kPendingVisit},
     "满意/基本满意办结;不满意待研判;未接通累计次数"},
    {S::kPendingVisit, A::kReopen, kC, {S::kInProgress, S::kInProgress}, "不满意且属主观原因,重办"},
    {S::kPendingVisit, A::kClose, kC, {S::kClosed, S::kClosed},
     "不满意已解释或回访失败,中心办结"},
    {S::kDirectAnswered, A::kVisit, kC, {S::kClosed, S::kDirectAnswered}, "直办件回访(可选)"},
    {S::kDirectAnswered, A::kClose, kC, {S::kClosed, S::kClosed}, "直办件办结"},
    // after closing
    {S::kClosed, A::kReopen, kC, {S::kInProgress, S::kInProgress}, "上级退回或复核后重办"},
    {S::kClosed, A::kArchive, kC, {S::kArchived, S::kArchived}, "归档"},
    {S::kRefused, A::kArchive, kC, {S::kArchived, S::kArchived}, "归档"},
    {S::kMerged, A::kArchive, kC, {S::kArchived, S::kArchived}, "归档"},
    {S::kTransferredOut, A::kArchive, kC, {S::kArchived, S::kArchived}, "归档"},
};

}  // namespace

std::span<const Transition> TransitionTable() { return kTransitions; }

const Transition* FindTransition(OrderStatus from, Action action) {
  for (const auto& t : kTransitions)
    if (t.from == from && t.action == action) return &t;
  return nullptr;
}

Status CheckTransition(OrderStatus from, Action action) {
  if (FindTransition(from, action) != nullptr) return Status::Ok();
  return FailedPrecondition("action_not_allowed", "工单当前状态为「" + std::string(LabelZh(from)) +
                                                      "」,不能执行「" +
                                                      std::string(LabelZh(action)) + "」操作");
}

bool IsAllowedTarget(const Transition& t, OrderStatus to) { return t.to[0] == to || t.to[1] == to; }

}  // namespace minsheng
