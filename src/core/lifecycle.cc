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
    {S::kRegistered,
     A::kDispatch,
     kC,
     {S::kDispatched, S::kDispatched},
     "派单至主办单位(可附协办)"},
    {S::kRegistered, A::kDirectAnswer, kC, {S::kDirectAnswered, S::kDirectAnswered}, "中心直办"},
    {S::kRegistered, A::kRefuse, kC, {S::kRefused, S::kRefused}, "不予受理,须附理由代码"},
    {S::kRegistered, A::kMerge, kC, {S::kMerged, S::kMerged}, "重复件并入主工单"},
    {S::kRegistered,
     A::kTransferEmergency,
     kC,
     {S::kTransferredOut, S::kTransferredOut},
     "警情/急救/火警转110/119/120"},
    // 签收 and handling by the unit
    {S::kDispatched, A::kSign, kU, {S::kInProgress, S::kInProgress}, "承办单位签收"},
    {S::kDispatched,
     A::kReturn,
     kU,
     {S::kReturnRequested, S::kReturnRequested},
     "签收前退回,须附理由代码"},
    {S::kDispatched, A::kRedispatch, kC, {S::kDispatched, S::kDispatched}, "中心主动改派"},
    {S::kDispatched, A::kMerge, kC, {S::kMerged, S::kMerged}, "派单后发现重复件"},
    {S::kDispatched,
     A::kTransferEmergency,
     kC,
     {S::kTransferredOut, S::kTransferredOut},
     "派单后发现属警情"},
    {S::kInProgress, A::kReply, kU, {S::kReplied, S::kReplied}, "主办单位答复"},
    {S::kInProgress,
     A::kReturn,
     kU,
     {S::kReturnRequested, S::kReturnRequested},
     "签收后在退回时限内退回"},
    {S::kInProgress, A::kRedispatch, kC, {S::kDispatched, S::kDispatched}, "中心主动改派"},
    {S::kInProgress, A::kMerge, kC, {S::kMerged, S::kMerged}, "办理中发现重复件"},
    {S::kInProgress,
     A::kTransferEmergency,
     kC,
     {S::kTransferredOut, S::kTransferredOut},
     "办理中发现属警情"},
    // 退回 arbitration by the centre
    {S::kReturnRequested,
     A::kRedispatch,
     kC,
     {S::kDispatched, S::kDispatched},
     "认可退回,改派他单位"},
    {S::kReturnRequested,
     A::kRejectReturn,
     kC,
     {S::kInProgress, S::kInProgress},
     "不认可退回,原单位继续办理(时限不重置)"},
    {S::kReturnRequested, A::kMerge, kC, {S::kMerged, S::kMerged}, "退回理由为重复件"},
    // 中心审核
    {S::kReplied, A::kApprove, kC, {S::kPendingVisit, S::kPendingVisit}, "审核通过,转回访"},
    {S::kReplied, A::kRejectReply, kC, {S::kInProgress, S::kInProgress}, "审核不通过,退回重新答复"},
    // 回访评价
    {S::kPendingVisit,
     A::kVisit,
     kC,
     {S::kClosed, S::kPendingVisit},
     "满意/基本满意办结;不满意待研判;未接通累计次数"},
    {S::kPendingVisit, A::kReopen, kC, {S::kInProgress, S::kInProgress}, "不满意且属主观原因,重办"},
    {S::kPendingVisit, A::kClose, kC, {S::kClosed, S::kClosed}, "不满意已解释或回访失败,中心办结"},
    {S::kDirectAnswered, A::kVisit, kC, {S::kClosed, S::kDirectAnswered}, "直办件回访(可选)"},
    {S::kDirectAnswered, A::kClose, kC, {S::kClosed, S::kClosed}, "直办件办结"},
    // after closing
    {S::kClosed, A::kReopen, kC, {S::kInProgress, S::kInProgress}, "上级退回或复核后重办"},
    {S::kClosed, A::kArchive, kC, {S::kArchived, S::kArchived}, "归档"},
    {S::kRefused, A::kArchive, kC, {S::kArchived, S::kArchived}, "归档"},
    {S::kMerged, A::kArchive, kC, {S::kArchived, S::kArchived}, "归档"},
    {S::kTransferredOut, A::kArchive, kC, {S::kArchived, S::kArchived}, "归档"},

    // ---- Closed-loop rules (issue 4). Rows with from == to record a fact on the timeline
    // without moving the order; they are still rows, so who may do what stays in this table.
    // 会商定责: after too many returns (or for 疑难件) the centre fixes 主办 and 协办.
    {S::kRegistered, A::kConsult, kC, {S::kDispatched, S::kDispatched}, "疑难件会商后派单"},
    {S::kDispatched, A::kConsult, kC, {S::kDispatched, S::kDispatched}, "会商重新确定主办/协办"},
    {S::kInProgress, A::kConsult, kC, {S::kDispatched, S::kDispatched}, "会商重新确定主办/协办"},
    {S::kReturnRequested,
     A::kConsult,
     kC,
     {S::kDispatched, S::kDispatched},
     "多次退回后须会商确定主办/协办"},
    // 协办: the 协办 unit signs and replies to the 主办; the order status does not move.
    {S::kDispatched, A::kCoSign, kU, {S::kDispatched, S::kDispatched}, "协办单位签收(仅本单位)"},
    {S::kInProgress, A::kCoSign, kU, {S::kInProgress, S::kInProgress}, "协办单位签收(仅本单位)"},
    {S::kDispatched, A::kCoReply, kU, {S::kDispatched, S::kDispatched}, "协办单位向主办答复"},
    {S::kInProgress, A::kCoReply, kU, {S::kInProgress, S::kInProgress}, "协办单位向主办答复"},
    // 延期: requested by the 主办 before its deadline (and the daily cut-off), decided by the
    // centre.
    {S::kInProgress,
     A::kRequestExtension,
     kU,
     {S::kInProgress, S::kInProgress},
     "答复时限前申请延期,附理由和依据"},
    {S::kInProgress,
     A::kApproveExtension,
     kC,
     {S::kInProgress, S::kInProgress},
     "批准延期,答复时限顺延"},
    {S::kInProgress,
     A::kRefuseExtension,
     kC,
     {S::kInProgress, S::kInProgress},
     "不予批准延期,时限不变"},
    // 催办 (manual or automatic sweep): recorded and sent to the unit (or the centre's own desk).
    {S::kRegistered, A::kUrge, kC, {S::kRegistered, S::kRegistered}, "派单时限预警/超期催办"},
    {S::kDispatched, A::kUrge, kC, {S::kDispatched, S::kDispatched}, "催办签收/答复"},
    {S::kInProgress, A::kUrge, kC, {S::kInProgress, S::kInProgress}, "催办答复"},
    {S::kPendingVisit, A::kUrge, kC, {S::kPendingVisit, S::kPendingVisit}, "回访时限预警/超期"},
    {S::kOnLedger, A::kUrge, kC, {S::kOnLedger, S::kOnLedger}, "催办阶段性答复/销号"},
    // 督办 / 挂牌督办 and its lifting (closing the order lifts it automatically).
    {S::kDispatched, A::kSupervise, kC, {S::kDispatched, S::kDispatched}, "督办(中心/领导)"},
    {S::kInProgress, A::kSupervise, kC, {S::kInProgress, S::kInProgress}, "督办(中心/领导)"},
    {S::kReturnRequested,
     A::kSupervise,
     kC,
     {S::kReturnRequested, S::kReturnRequested},
     "督办(中心/领导)"},
    {S::kReplied, A::kSupervise, kC, {S::kReplied, S::kReplied}, "督办(中心/领导)"},
    {S::kPendingVisit, A::kSupervise, kC, {S::kPendingVisit, S::kPendingVisit}, "督办(中心/领导)"},
    {S::kOnLedger, A::kSupervise, kC, {S::kOnLedger, S::kOnLedger}, "挂账件督办"},
    {S::kDispatched, A::kLiftSupervision, kC, {S::kDispatched, S::kDispatched}, "解除督办"},
    {S::kInProgress, A::kLiftSupervision, kC, {S::kInProgress, S::kInProgress}, "解除督办"},
    {S::kReturnRequested,
     A::kLiftSupervision,
     kC,
     {S::kReturnRequested, S::kReturnRequested},
     "解除督办"},
    {S::kReplied, A::kLiftSupervision, kC, {S::kReplied, S::kReplied}, "解除督办"},
    {S::kPendingVisit, A::kLiftSupervision, kC, {S::kPendingVisit, S::kPendingVisit}, "解除督办"},
    {S::kOnLedger, A::kLiftSupervision, kC, {S::kOnLedger, S::kOnLedger}, "解除督办"},
    // 挂账: long-cycle matters, 阶段性答复 every N WD, 销号 with the final reply.
    {S::kInProgress, A::kPutOnLedger, kC, {S::kOnLedger, S::kOnLedger}, "长期事项挂账办理"},
    {S::kOnLedger, A::kStageReply, kU, {S::kOnLedger, S::kOnLedger}, "挂账期间阶段性答复"},
    {S::kOnLedger, A::kClearLedger, kU, {S::kReplied, S::kReplied}, "销号:最终答复,转中心审核"},
    {S::kOnLedger, A::kRedispatch, kC, {S::kDispatched, S::kDispatched}, "挂账件改派"},
    {S::kOnLedger,
     A::kTransferEmergency,
     kC,
     {S::kTransferredOut, S::kTransferredOut},
     "挂账件发现属警情"},
    // 评价申诉: the unit disputes an unfair rating; the centre decides (excluded from 满意率).
    {S::kInProgress,
     A::kContact,
     kU,
     {S::kInProgress, S::kInProgress},
     "承办单位(主办或协办)联系诉求人,首次联系计入时限"},
    {S::kOnLedger, A::kContact, kU, {S::kOnLedger, S::kOnLedger}, "挂账期间联系诉求人"},
    {S::kClosed, A::kAppealRating, kU, {S::kClosed, S::kClosed}, "承办单位对不满意评价申诉"},
    {S::kClosed, A::kDecideAppeal, kC, {S::kClosed, S::kClosed}, "中心裁定申诉"},
    // 并单 fan-out: the master's progress is mirrored on each merged child (system only).
    {S::kMerged,
     A::kMasterUpdate,
     kC,
     {S::kMerged, S::kMerged},
     "主工单审核/回访/办结同步至被并工单"},
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
