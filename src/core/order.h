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
  bool active = true;  // false once the order was redispatched away from this unit

  bool operator==(const Assignment&) const = default;
};

struct Reply {
  std::string text;
  std::string result;  // a reply_results id, e.g. "resolved"
  std::string unit;
  std::string user;
  int64_t at = 0;

  bool operator==(const Reply&) const = default;
};

struct VisitRecord {
  std::string satisfaction;  // a satisfaction id, e.g. "satisfied", "unreachable"
  std::optional<bool> resolved;
  std::string note;
  std::string user;
  int64_t at = 0;

  bool operator==(const VisitRecord&) const = default;
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
  std::vector<Attachment> attachments;
  std::vector<Assignment> assignments;
  std::optional<Reply> reply;
  std::vector<VisitRecord> visits;
  OrderStatus status = OrderStatus::kRegistered;

  // Outcome details of side paths.
  std::string refuse_reason;    // refuse_reasons id
  std::string transfer_to;      // emergency_targets id
  std::string direct_answer;    // text of the 直办 answer
  int64_t merged_into = 0;      // master order id when merged
  std::vector<int64_t> merged_children;  // orders merged into this one
  std::string close_flag;       // "", "dissatisfied_explained", "visit_failed"
  std::string pending_return_reason;  // while return_requested
  std::string pending_return_note;
  std::string pending_return_unit;
  int return_count = 0;
  int reopen_count = 0;
  int unreachable_count = 0;

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

  bool operator==(const WorkOrder&) const = default;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_ORDER_H_
