// Deadlines of one order, computed on demand from the zone's SLA table, the closed-loop rules
// (ZoneConfig::rules) and the working calendar — never stored (STYLE.md §3 practice 7).
//
// Each stage of the order gets one StageDeadline: when its clock started, when it is due, when
// (if) it was done, whether it was/is late, and — for stages still open on an open order — its
// alert level (none / yellow at `rules.yellow_share` of the time used / red when overdue).
//
// Stages: "dispatch" (centre), per assignment "sign", "first_contact", "reply" (主办; 协办 reply
// due 1 WD before the 主办's), and order-level "stage_reply" (挂账), "visit" (回访 after 审核通过)
// and "supervision" (督办 due date). The 主办 reply is replaced by the 重办 clock
// (rules.reopen_reply from the last reopen) and, while on the ledger, by the 挂账 limit
// (rules.ledger_max from put_on_ledger).
//
// "first_contact" is done by the unit's `contact` action (or, failing that, by its reply) and
// alerts only while the order is in progress.
//
// Thread-safety: pure functions over immutable inputs.
#ifndef MINSHENG_CORE_ORDER_DEADLINES_H_
#define MINSHENG_CORE_ORDER_DEADLINES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/calendar/sla.h"
#include "core/order.h"
#include "core/status.h"
#include "core/zone_config.h"

namespace minsheng {

struct StageDeadline {
  std::string stage;  // dispatch | sign | first_contact | reply | stage_reply | visit | supervision
  int assignment = -1;  // index into WorkOrder::assignments; -1 for order-level stages
  std::string unit;     // who the clock runs against (the centre for dispatch and visit)
  AssignmentRole role = AssignmentRole::kMain;
  bool active = true;  // false for assignments redispatched away (history only)
  int64_t start_ms = 0;
  int64_t due_ms = 0;
  bool working = true;  // working-time basis (WD/WH) or natural time
  std::string rule;     // how it was derived, e.g. "5WD+5WD", "上级时限−1WD", "重办3WD"
  int64_t done_at = 0;  // 0 while open
  bool late = false;    // done after due, or open past due
  SlaAlert alert = SlaAlert::kNone;  // only for open stages of open orders
};

struct OrderDeadlines {
  std::string klass;      // the SLA rule class used
  bool upstream = false;  // 上级转办 (channel in rules.upstream_channels)
  std::vector<StageDeadline> stages;
  SlaAlert worst = SlaAlert::kNone;

  // The stage for (stage, assignment), or nullptr. assignment -1 = order level.
  const StageDeadline* Find(std::string_view stage, int assignment = -1) const;
  // The active 主办's stage, or nullptr.
  const StageDeadline* Main(std::string_view stage) const;
};

// True when the order counts as 上级转办 under `config`.
bool IsUpstream(const ZoneConfig& config, const WorkOrder& order);

// InvalidArgument("no_sla_rule") when the SLA table has no rule for the order's class.
Result<OrderDeadlines> ComputeOrderDeadlines(const ZoneConfig& config, const WorkOrder& order,
                                             int64_t now_ms);

}  // namespace minsheng

#endif  // MINSHENG_CORE_ORDER_DEADLINES_H_
