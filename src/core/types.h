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
  kOnLedger,         // on_ledger   挂账(长期办理,定期阶段性答复)
};
inline constexpr int kOrderStatusCount = 13;

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
  kRequestExtension,   // request_extension 延期申请 (unit)
  kApproveExtension,   // approve_extension 延期批准 (centre)
  kRefuseExtension,    // refuse_extension  延期不予批准 (centre)
  kCoSign,     // co_sign   协办签收 (a 协办 unit stamps its assignment; status unchanged)
  kCoReply,    // co_reply  协办答复 (to the 主办; status unchanged)
  kConsult,    // consult   会商定责 (centre fixes 主办/协办 with the minutes)
  kUrge,       // urge      催办 (centre or the automatic sweep)
  kSupervise,  // supervise 督办 / 挂牌督办
  kLiftSupervision,  // lift_supervision 解除督办
  kPutOnLedger,      // put_on_ledger 挂账
  kStageReply,       // stage_reply 阶段性答复 (unit, while on ledger)
  kClearLedger,      // clear_ledger 销号 (unit's final reply → replied)
  kAppealRating,     // appeal_rating 评价申诉 (unit disputes an unfair rating)
  kDecideAppeal,     // decide_appeal 申诉裁定 (centre)
  kMasterUpdate,  // master_update 主工单进展同步 (system only: fan-out to merged children)
  kContact,  // contact  首次联系诉求人 (a handling unit records contact; status unchanged)
};
inline constexpr int kActionCount = 33;

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
// Actions only the system performs (create, master_update): Act refuses them from callers.
bool IsSystemOnly(Action a);

std::string_view ToString(Role r);
std::string_view LabelZh(Role r);
std::optional<Role> ParseRole(std::string_view s);

std::string_view ToString(AssignmentRole r);
std::optional<AssignmentRole> ParseAssignmentRole(std::string_view s);

}  // namespace minsheng

#endif  // MINSHENG_CORE_TYPES_H_
