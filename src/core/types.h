// Domain vocabulary: order statuses, actions, roles and their stable identifiers.
//
// The string identifiers (e.g. "in_progress", "dispatch") are part of the public API and are
// persisted in the database: never rename one. Chinese labels are display data.
#ifndef MINSHENG_CORE_TYPES_H_
#define MINSHENG_CORE_TYPES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng {

// Lifecycle states (DOMAIN.md §2.7). Persisted as their string id; do not rename.
enum class OrderStatus {
  kRegistered,       // registered  已登记(待派单)
  kDispatched,       // dispatched  已派单(待签收)
  kInProgress,       // in_progress 办理中
  kReturnRequested,  // return_requested 退回待审
  kReplied,          // replied     已答复(待审核)
  kPendingVisit,     // pending_visit 待回访
  kClosed,           // closed      已办结
  kArchived,         // archived    已归档
  kDirectAnswered,   // direct_answered 已直接答复(直办)
  kRefused,          // refused     不予受理
  kMerged,           // merged      已合并
  kTransferredOut,   // transferred_out 已转警务/应急专线
};
inline constexpr int kOrderStatusCount = 12;

// Actions that move an order (one row each in the transition table, lifecycle.h).
enum class Action {
  kCreate,             // create   受理登记 (first event of every timeline)
  kDispatch,           // dispatch 派单
  kSign,               // sign     签收
  kReply,              // reply    答复
  kApprove,            // approve  审核通过
  kRejectReply,        // reject_reply 审核不通过
  kVisit,              // visit    回访
  kReturn,             // return   退回申请
  kRejectReturn,       // reject_return 退回不予认可
  kRedispatch,         // redispatch 改派
  kReopen,             // reopen   重办
  kClose,              // close    办结
  kArchive,            // archive  归档
  kMerge,              // merge    合并
  kDirectAnswer,       // direct_answer 直接答复
  kRefuse,             // refuse   不予受理
  kTransferEmergency,  // transfer_emergency 转110/119/120
};
inline constexpr int kActionCount = 17;

enum class Role { kAdmin, kCentre, kUnit, kLeader };

// Who may perform an action: the centre (admin/centre roles) or the handling unit
// (unit role bound to the order's 主办 unit, or admin on its behalf).
enum class ActorKind { kCentre, kUnit };

enum class AssignmentRole { kMain, kCo };  // 主办 / 协办

std::string_view ToString(OrderStatus s);
std::string_view LabelZh(OrderStatus s);
std::optional<OrderStatus> ParseOrderStatus(std::string_view s);
std::vector<OrderStatus> AllOrderStatuses();
bool IsTerminal(OrderStatus s);  // no further action changes it except archive
bool IsOpen(OrderStatus s);      // still being handled (counts as 在办)

std::string_view ToString(Action a);
std::string_view LabelZh(Action a);
std::optional<Action> ParseAction(std::string_view s);
std::vector<Action> AllActions();

std::string_view ToString(Role r);
std::string_view LabelZh(Role r);
std::optional<Role> ParseRole(std::string_view s);

std::string_view ToString(AssignmentRole r);
std::optional<AssignmentRole> ParseAssignmentRole(std::string_view s);

}  // namespace minsheng

#endif  // MINSHENG_CORE_TYPES_H_
