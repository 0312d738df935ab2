#include "core/types.h"

#include <array>
#include <utility>

namespace minsheng {
namespace {

struct StatusInfo {
  OrderStatus status;
  std::string_view id;
  std::string_view label;
};
constexpr std::array<StatusInfo, kOrderStatusCount> kStatuses = {{
    {OrderStatus::kRegistered, "registered", "已登记(待派单)"},
    {OrderStatus::kDispatched, "dispatched", "已派单(待签收)"},
    {OrderStatus::kInProgress, "in_progress", "办理中"},
    {OrderStatus::kReturnRequested, "return_requested", "退回待审"},
    {OrderStatus::kReplied, "replied", "已答复(待审核)"},
    {OrderStatus::kPendingVisit, "pending_visit", "待回访"},
    {OrderStatus::kClosed, "closed", "已办结"},
    {OrderStatus::kArchived, "archived", "已归档"},
    {OrderStatus::kDirectAnswered, "direct_answered", "已直接答复"},
    {OrderStatus::kRefused, "refused", "不予受理"},
    {OrderStatus::kMerged, "merged", "已合并"},
    {OrderStatus::kTransferredOut, "transferred_out", "已转警务/应急专线"},
    {OrderStatus::kOnLedger, "on_ledger", "挂账办理"},
}};

struct ActionInfo {
  Action action;
  std::string_view id;
  std::string_view label;
};
constexpr std::array<ActionInfo, kActionCount> kActions = {{
    {Action::kCreate, "create", "受理登记"},
    {Action::kDispatch, "dispatch", "派单"},
    {Action::kSign, "sign", "签收"},
    {Action::kReply, "reply", "答复"},
    {Action::kApprove, "approve", "审核通过"},
    {Action::kRejectReply, "reject_reply", "审核不通过"},
    {Action::kVisit, "visit", "回访"},
    {Action::kReturn, "return", "退回申请"},
    {Action::kRejectReturn, "reject_return", "退回不予认可"},
    {Action::kRedispatch, "redispatch", "改派"},
    {Action::kReopen, "reopen", "重办"},
    {Action::kClose, "close", "办结"},
    {Action::kArchive, "archive", "归档"},
    {Action::kMerge, "merge", "合并"},
    {Action::kDirectAnswer, "direct_answer", "直接答复"},
    {Action::kRefuse, "refuse", "不予受理"},
    {Action::kTransferEmergency, "transfer_emergency", "转警务/应急专线"},
    {Action::kRequestExtension, "request_extension", "延期申请"},
    {Action::kApproveExtension, "approve_extension", "延期批准"},
    {Action::kRefuseExtension, "refuse_extension", "延期不予批准"},
    {Action::kCoSign, "co_sign", "协办签收"},
    {Action::kCoReply, "co_reply", "协办答复"},
    {Action::kConsult, "consult", "会商定责"},
    {Action::kUrge, "urge", "催办"},
    {Action::kSupervise, "supervise", "督办"},
    {Action::kLiftSupervision, "lift_supervision", "解除督办"},
    {Action::kPutOnLedger, "put_on_ledger", "挂账"},
    {Action::kStageReply, "stage_reply", "阶段性答复"},
    {Action::kClearLedger, "clear_ledger", "销号"},
    {Action::kAppealRating, "appeal_rating", "评价申诉"},
    {Action::kDecideAppeal, "decide_appeal", "申诉裁定"},
    {Action::kMasterUpdate, "master_update", "主工单进展同步"},
    {Action::kContact, "contact", "联系诉求人"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kCentre, "centre"},
    {Role::kUnit, "unit"},
    {Role::kLeader, "leader"},
}};

}  // namespace

std::string_view ToString(OrderStatus s) { return kStatuses[static_cast<int>(s)].id; }
std::string_view LabelZh(OrderStatus s) { return kStatuses[static_cast<int>(s)].label; }
std::optional<OrderStatus> ParseOrderStatus(std::string_view s) {
  for (const auto& info : kStatuses)
    if (info.id == s) return info.status;
  return std::nullopt;
}
std::vector<OrderStatus> AllOrderStatuses() {
  std::vector<OrderStatus> out;
  for (const auto& info : kStatuses) out.push_back(info.status);
  return out;
}
bool IsTerminal(OrderStatus s) {
  switch (s) {
    case OrderStatus::kClosed:
    case OrderStatus::kArchived:
    case OrderStatus::kRefused:
    case OrderStatus::kMerged:
    case OrderStatus::kTransferredOut:
      return true;
    default:
      return false;
  }
}
bool IsOpen(OrderStatus s) { return !IsTerminal(s) && s != OrderStatus::kDirectAnswered; }

std::string_view ToString(Action a) { return kActions[static_cast<int>(a)].id; }
std::string_view LabelZh(Action a) { return kActions[static_cast<int>(a)].label; }
std::optional<Action> ParseAction(std::string_view s) {
  for (const auto& info : kActions)
    if (info.id == s) return info.action;
  return std::nullopt;
}
std::vector<Action> AllActions() {
  std::vector<Action> out;
  for (const auto& info : kActions) out.push_back(info.action);
  return out;
}

bool IsSystemOnly(Action a) { return a == Action::kCreate || a == Action::kMasterUpdate; }

std::string_view ToString(Role r) { return kRoles[static_cast<int>(r)].second; }
std::string_view LabelZh(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "系统管理员";
    case Role::kCentre:
      return "热线中心";
    case Role::kUnit:
      return "承办单位";
    case Role::kLeader:
      return "领导(只读)";
  }
  return "";
}
std::optional<Role> ParseRole(std::string_view s) {
  for (const auto& [role, id] : kRoles)
    if (id == s) return role;
  return std::nullopt;
}

std::string_view ToString(AssignmentRole r) { return r == AssignmentRole::kMain ? "main" : "co"; }
std::optional<AssignmentRole> ParseAssignmentRole(std::string_view s) {
  if (s == "main") return AssignmentRole::kMain;
  if (s == "co") return AssignmentRole::kCo;
  return std::nullopt;
}

}  // namespace minsheng
