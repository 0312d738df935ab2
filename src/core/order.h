// The work order (工单) aggregate and its timeline events.
//
// 首派负责、一单到底: an order keeps one id, one number and one append-only timeline from
// intake to archive. Times are Unix epoch milliseconds (UTC).
#ifndef MINSHENG_CORE_ORDER_H_
#define MINSHENG_CORE_ORDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace minsheng {

struct Citizen {
  std::string name;
  std::string phone;
  bool confidential = false;  // 保密
  bool anonymous = false;     // 匿名

  bool operator==(const Citizen&) const = default;
};

struct Attachment {
  std::string name;
  std::string url;
  std::string mime;
  int64_t size = 0;

  bool operator==(const Attachment&) const = default;
};

struct Assignment {
  std::string unit;
  AssignmentRole role = AssignmentRole::kMain;
  int64_t dispatched_at = 0;
  int64_t signed_at = 0;
  int64_t replied_at = 0;
  bool active = true;            // false once the order was redispatched away from this unit
  int64_t first_contact_at = 0;  // 首次联系诉求人 (recorded by `contact`)

  bool operator==(const Assignment&) const = default;
};

struct Reply {
  std::string text;
  std::string result;  // a reply_results id, e.g. "resolved"
  std::string unit;
  std::string user;
  int64_t at = 0;
  bool final_answer = false;  // 最终答复 (signed by the unit head, with evidence)
  std::string signed_by;
  std::string evidence;

  bool operator==(const Reply&) const = default;
};

// 评价申诉: a unit disputes an unfair rating; the centre decides.
struct RatingAppeal {
  std::string unit;
  std::string user;
  std::string reason;
  int64_t at = 0;
  std::string status = "pending";  // pending | accepted | rejected
  std::string decided_by;
  std::string decision_note;
  int64_t decided_at = 0;

  bool operator==(const RatingAppeal&) const = default;
};

struct VisitRecord {
  std::string satisfaction;  // a satisfaction id, e.g. "satisfied", "unreachable"
  std::optional<bool> resolved;
  std::string note;
  std::string user;
  int64_t at = 0;
  std::string cause;  // for dissatisfied: "unit_fault" (重办) | "policy_limit" (已解释) | ""
  std::optional<RatingAppeal> appeal;
  bool excluded = false;  // true once an appeal was accepted: not counted in 满意率

  bool operator==(const VisitRecord&) const = default;
};

// 延期申请 by the 主办 unit, decided by the centre.
struct ExtensionRequest {
  std::string unit;
  double days = 0;  // working days
  std::string reason;
  std::string legal_basis;
  std::string requested_by;
  int64_t requested_at = 0;
  std::string status = "pending";  // pending | approved | refused | lapsed
  std::string decided_by;
  std::string decision_note;
  int64_t decided_at = 0;

  bool operator==(const ExtensionRequest&) const = default;
};

// A 协办 unit's reply to the 主办 (the 主办 consolidates it into the order's reply).
struct CoReply {
  std::string unit;
  std::string text;
  std::string user;
  int64_t at = 0;

  bool operator==(const CoReply&) const = default;
};

// 会商定责: the meeting that fixed 主办 and 协办 (its minutes in `note`).
struct Consultation {
  std::string main_unit;
  std::vector<std::string> co_units;
  std::string note;
  std::string user;
  int64_t at = 0;

  bool operator==(const Consultation&) const = default;
};

// 督办 / 挂牌督办 (listed). Active while lifted_at == 0.
struct Supervision {
  std::string level;  // "centre" | "leader"
  int64_t due_at = 0;
  bool listed = false;  // 挂牌督办: published in the 通报 until lifted
  std::string note;
  std::string user;
  int64_t at = 0;
  int64_t lifted_at = 0;
  std::string lifted_by;
  std::string lift_note;

  bool operator==(const Supervision&) const = default;
};

struct StageReply {
  std::string unit;
  std::string text;
  std::string user;
  int64_t at = 0;

  bool operator==(const StageReply&) const = default;
};

// 挂账: a long-cycle order kept on the ledger with periodic 阶段性答复 until 销号.
struct Ledger {
  int64_t started_at = 0;
  std::string started_by;
  std::string reason;
  std::vector<StageReply> stage_replies;
  int64_t cleared_at = 0;  // 销号

  bool operator==(const Ledger&) const = default;
};

// One entry of the timeline. Append-only: never updated or deleted.
struct Event {
  int64_t order_id = 0;
  int seq = 0;  // 1-based position in the order's timeline
  int64_t at = 0;
  std::string actor_user;  // username
  std::string actor_unit;  // unit the actor acted as (centre unit for centre actions)
  Action action = Action::kCreate;
  std::optional<OrderStatus> from;  // empty for create
  OrderStatus to = OrderStatus::kRegistered;
  std::string payload_json;  // a JSON object with the action's parameters

  bool operator==(const Event&) const = default;
};

struct WorkOrder {
  int64_t id = 0;
  std::string number;  // e.g. GX2026112900001
  std::string channel;
  std::string external_id;  // upstream number, unique per channel when set
  std::string type;
  std::string urgency;
  std::string category;  // category code, empty until classified
  std::string title;
  std::string content;
  Citizen citizen;
  std::string address;
  std::string region_code;
  std::string place_key;  // place recognised at intake (gazetteer, or estate:…), for 重复件
  std::vector<Attachment> attachments;
  std::vector<Assignment> assignments;
  std::optional<Reply> reply;
  std::vector<VisitRecord> visits;
  OrderStatus status = OrderStatus::kRegistered;

  // Outcome details of side paths.
  std::string refuse_reason;           // refuse_reasons id
  std::string transfer_to;             // emergency_targets id
  std::string direct_answer;           // text of the 直办 answer
  int64_t direct_answer_kb = 0;        // knowledge-base item the 直办 answer came from (0 = none)
  int64_t direct_answer_final_of = 0;  // earlier order whose 最终答复 answered this one
  int64_t merged_into = 0;             // master order id when merged
  std::vector<int64_t> merged_children;  // orders merged into this one
  std::string close_flag;                // "", "dissatisfied_explained", "visit_failed"
  std::string pending_return_reason;     // while return_requested
  std::string pending_return_note;
  std::string pending_return_unit;
  int return_count = 0;
  int reopen_count = 0;
  int unreachable_count = 0;

  // Closed-loop rules (issue 4).
  std::optional<int64_t> upstream_deadline;  // the upstream platform's reply deadline (epoch ms)
  std::vector<ExtensionRequest> extensions;  // oldest first
  std::vector<CoReply> co_replies;           // oldest first
  std::optional<Consultation> consultation;  // the last 会商
  std::vector<Supervision> supervisions;     // oldest first
  std::optional<Ledger> ledger;              // set by put_on_ledger
  int64_t approved_at = 0;                   // last 审核通过 (starts the 回访 clock)
  int64_t reopened_at = 0;                   // last 重办 (starts the short reply clock)
  int returns_since_consult = 0;             // returns counted towards the 会商 threshold

  std::string dispatch_suggestion_json;  // what the dispatch engine proposed at intake ({} if none)
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t closed_at = 0;
  int64_t version = 0;  // incremented on every save
  int event_count = 0;  // number of timeline events; the next event gets seq event_count + 1

  std::vector<Event> timeline;  // oldest first; filled by repository reads

  // The active 主办 assignment, or nullptr.
  const Assignment* MainAssignment() const;
  Assignment* MainAssignment();
  // True when `unit` holds an active assignment (主办 or 协办).
  bool IsAssignedTo(const std::string& unit) const;
  std::vector<std::string> ActiveUnits() const;
  // The active 协办 assignment of `unit`, or nullptr.
  Assignment* CoAssignment(const std::string& unit);
  // The pending extension request, or nullptr.
  const ExtensionRequest* PendingExtension() const;
  ExtensionRequest* PendingExtension();
  // The active (not lifted) supervision, or nullptr.
  const Supervision* ActiveSupervision() const;
  Supervision* ActiveSupervision();

  bool operator==(const WorkOrder&) const = default;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_ORDER_H_
