// The SLA deadline engine (DOMAIN.md §6.5): computes an order's deadlines from the zone's SLA
// rules, the working calendar and the order's facts. Pure: the same inputs always give the
// same deadlines; the caller recomputes explicitly on each transition (STYLE.md §3 practice 7).
//
// The input is a plain struct (SlaFacts), not the WorkOrder, so the engine can be tested alone;
// SlaFactsFromOrder is the thin adapter.
//
// Rules implemented:
// - Rule class: the urgency id when the urgency is set, not "normal" and has a rule
//   ("emergency", "urgent", "difficult"), else the order type id ("consultation", "help",
//   "complaint", "report", "suggestion", "praise"). A stage the chosen rule does not set has no
//   deadline (e.g. 首次联系 for 咨询).
// - dispatch_due runs from created_at (intake). sign / first_contact / reply run from each
//   assignment's own dispatched_at. A rejected return (退回不予认可) leaves the assignment and
//   its dispatched_at as they were, so it does NOT reset the clock; only a dispatch to a unit
//   (a new assignment) starts a new clock.
// - Upstream orders (上级转办): each stage is the earlier of the class rule and the "upstream"
//   rule (≤ 2 WH dispatch and sign by default), and
//   reply_due = min(class reply, upstream_deadline − 1 WD) to leave a working day for the
//   centre's review.
// - Approved extensions (延期) move the main unit's reply_due by their durations, in order, each
//   in its own unit (WD: working time; h/d: natural time).
// - Centre-caused delays ([from, to) intervals, e.g. the centre sat on a return request or
//   dispatched to the wrong unit) are not charged to the unit: an assignment's deadlines are the
//   earliest instants at which the unit's chargeable time (elapsed time in the rule's basis
//   minus the excluded intervals) reaches the duration. They do not move dispatch_due, which is
//   the centre's own clock ("the clock never stops for the centre's own mistakes").
// - A co-unit (协办) reply is due 1 WD before the active main unit's reply_due (after
//   extensions), so the 主办 can consolidate. When the main reply runs in natural time
//   (紧急/加急, where a working-day lead could precede the dispatch itself) the co-unit reply is
//   due with the main reply. Without an active 主办 reply deadline it runs on its own clock.
//
// Thread-safety: free functions over immutable inputs.
#ifndef MINSHENG_CORE_CALENDAR_SLA_H_
#define MINSHENG_CORE_CALENDAR_SLA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar/working_calendar.h"
#include "core/order.h"
#include "core/status.h"
#include "core/types.h"
#include "core/zone_config.h"

namespace minsheng {

// How time is measured for a deadline: working time for WD/WH rules, natural time otherwise.
enum class TimeBasis { kWorking, kNatural };

TimeBasis BasisOf(const SlaDuration& d);
// start + d, using working-time arithmetic for WD/WH and natural time for min/h/d.
int64_t AddDuration(const WorkingCalendar& cal, int64_t start_ms, const SlaDuration& d);

struct Deadline {
  int64_t start_ms = 0;  // when the clock started
  int64_t due_ms = 0;
  TimeBasis basis = TimeBasis::kWorking;
  std::string rule;  // how it was derived, e.g. "5WD", "5WD+5WD", "上级时限−1WD"
};

struct ExcludedInterval {
  int64_t from_ms = 0;
  int64_t to_ms = 0;  // exclusive
};

struct SlaAssignmentFacts {
  std::string unit;
  AssignmentRole role = AssignmentRole::kMain;
  int64_t dispatched_at = 0;  // this unit's clock start; kept across rejected returns
  bool active = true;         // false once redispatched away (still computed, for history)
};

struct SlaFacts {
  int64_t created_at = 0;
  std::string type;     // order type id
  std::string urgency;  // urgency id; "" or "normal" for ordinary orders
  bool is_upstream = false;
  std::optional<int64_t> upstream_deadline;  // the upstream platform's reply deadline
  std::vector<SlaAssignmentFacts> assignments;
  std::vector<SlaDuration> approved_extensions;  // in approval order
  std::vector<ExcludedInterval> centre_delays;
};

struct AssignmentDeadlines {
  size_t index = 0;  // into SlaFacts::assignments
  std::string unit;
  AssignmentRole role = AssignmentRole::kMain;
  std::optional<Deadline> sign, first_contact, reply;
};

struct SlaDeadlines {
  std::string klass;  // the rule class used
  std::optional<Deadline> dispatch;
  std::vector<AssignmentDeadlines> assignments;  // one per fact, same order
};

// Fails with InvalidArgument("no_sla_rule") when no rule matches the order's class. An upstream
// order without upstream_deadline gets the class and "upstream" rules only.
Result<SlaDeadlines> ComputeDeadlines(const std::vector<SlaRule>& rules, const WorkingCalendar& cal,
                                      const SlaFacts& facts);

// Adapter from the aggregate. WorkOrder does not (yet) carry upstream deadlines, extensions or
// centre delays; the caller supplies them.
SlaFacts SlaFactsFromOrder(const WorkOrder& order, bool is_upstream,
                           std::optional<int64_t> upstream_deadline,
                           std::vector<SlaDuration> approved_extensions = {},
                           std::vector<ExcludedInterval> centre_delays = {});

enum class SlaAlert { kNone, kYellow, kRed };
std::string_view ToString(SlaAlert a);  // "none" / "yellow" / "red"

// kRed when now > due (overdue); kYellow when at least `yellow_share` of the time between start
// and due has been used (working time for kWorking deadlines, natural time otherwise; a
// deadline with no time at all is yellow until it passes); else kNone.
SlaAlert Assess(const WorkingCalendar& cal, const Deadline& deadline, int64_t now_ms,
                double yellow_share = 0.75);

}  // namespace minsheng

#endif  // MINSHENG_CORE_CALENDAR_SLA_H_
