#include "core/calendar/sla.h"

#include <algorithm>
#include <cmath>

namespace minsheng {
namespace {

using Unit = SlaDuration::Unit;

// The duration as an amount of milliseconds in its basis.
int64_t AmountMs(const WorkingCalendar& cal, const SlaDuration& d) {
  double unit_ms = 0;
  switch (d.unit) {
    case Unit::kMinutes:
      unit_ms = WorkingCalendar::kMinuteMs;
      break;
    case Unit::kHours:
      unit_ms = WorkingCalendar::kHourMs;
      break;
    case Unit::kWorkingHours:
      unit_ms = WorkingCalendar::kHourMs;
      break;
    case Unit::kWorkingDays:
      unit_ms = static_cast<double>(cal.DailyWorkingMs());
      break;
    case Unit::kDays:
      unit_ms = WorkingCalendar::kDayMs;
      break;
  }
  double ms = d.value * unit_ms;
  return ms > 0 ? std::llround(ms) : 0;
}

int64_t Measure(const WorkingCalendar& cal, TimeBasis basis, int64_t a, int64_t b) {
  return basis == TimeBasis::kWorking ? cal.WorkingTimeBetween(a, b) : b - a;
}

int64_t Advance(const WorkingCalendar& cal, TimeBasis basis, int64_t start, int64_t amount) {
  if (amount <= 0) return start;
  return basis == TimeBasis::kWorking ? cal.AddWorkingTime(start, amount) : start + amount;
}

// Sorted, merged, non-empty intervals.
std::vector<ExcludedInterval> Normalize(std::vector<ExcludedInterval> v) {
  std::erase_if(v, [](const ExcludedInterval& i) { return i.to_ms <= i.from_ms; });
  std::sort(v.begin(), v.end(), [](const ExcludedInterval& a, const ExcludedInterval& b) {
    return a.from_ms < b.from_ms;
  });
  std::vector<ExcludedInterval> out;
  for (const ExcludedInterval& i : v) {
    if (!out.empty() && i.from_ms <= out.back().to_ms) {
      out.back().to_ms = std::max(out.back().to_ms, i.to_ms);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

// The earliest instant at which `amount` of chargeable time (in `basis`) has elapsed since
// `start`, where time inside `excluded` is not chargeable.
int64_t DueExcluding(const WorkingCalendar& cal, TimeBasis basis, int64_t start, int64_t amount,
                     const std::vector<ExcludedInterval>& excluded) {
  int64_t cursor = start;
  for (const ExcludedInterval& iv : excluded) {
    if (iv.to_ms <= cursor) continue;
    if (iv.from_ms > cursor) {
      int64_t seg = Measure(cal, basis, cursor, iv.from_ms);
      if (seg >= amount) return Advance(cal, basis, cursor, amount);
      amount -= seg;
    }
    cursor = std::max(cursor, iv.to_ms);
  }
  return Advance(cal, basis, cursor, amount);
}

std::optional<Deadline> StageDue(const WorkingCalendar& cal, const std::optional<SlaDuration>& d,
                                 int64_t start, const std::vector<ExcludedInterval>& excluded) {
  if (!d) return std::nullopt;
  Deadline out;
  out.start_ms = start;
  out.basis = BasisOf(*d);
  out.due_ms = DueExcluding(cal, out.basis, start, AmountMs(cal, *d), excluded);
  out.rule = d->text;
  return out;
}

// The earlier of two optional deadlines (either may be absent).
std::optional<Deadline> Earlier(std::optional<Deadline> a, std::optional<Deadline> b) {
  if (!a) return b;
  if (!b) return a;
  return b->due_ms < a->due_ms ? b : a;
}

bool IsNormalUrgency(const std::string& u) { return u.empty() || u == "normal"; }

const SlaRule* Find(const std::vector<SlaRule>& rules, const std::string& klass) {
  for (const SlaRule& r : rules) {
    if (r.klass == klass) return &r;
  }
  return nullptr;
}

}  // namespace

TimeBasis BasisOf(const SlaDuration& d) {
  return d.unit == Unit::kWorkingDays || d.unit == Unit::kWorkingHours ? TimeBasis::kWorking
                                                                       : TimeBasis::kNatural;
}

int64_t AddDuration(const WorkingCalendar& cal, int64_t start_ms, const SlaDuration& d) {
  return Advance(cal, BasisOf(d), start_ms, AmountMs(cal, d));
}

Result<SlaDeadlines> ComputeDeadlines(const std::vector<SlaRule>& rules, const WorkingCalendar& cal,
                                      const SlaFacts& facts) {
  const SlaRule* rule = nullptr;
  if (!IsNormalUrgency(facts.urgency)) rule = Find(rules, facts.urgency);
  if (rule == nullptr) rule = Find(rules, facts.type);
  if (rule == nullptr) {
    return InvalidArgument("no_sla_rule", "未配置时限规则:诉求类型“" + facts.type + "”,紧急程度“" +
                                              facts.urgency + "”");
  }
  const SlaRule* upstream = facts.is_upstream ? Find(rules, "upstream") : nullptr;

  SlaDeadlines out;
  out.klass = rule->klass;
  const std::vector<ExcludedInterval> none;
  const std::vector<ExcludedInterval> excluded = Normalize(facts.centre_delays);

  out.dispatch = StageDue(cal, rule->dispatch, facts.created_at, none);
  if (upstream)
    out.dispatch = Earlier(out.dispatch, StageDue(cal, upstream->dispatch, facts.created_at, none));

  // The upstream cap on the reply: upstream deadline − 1 WD (centre review time).
  std::optional<Deadline> upstream_cap;
  if (facts.is_upstream && facts.upstream_deadline) {
    Deadline cap;
    cap.basis = TimeBasis::kWorking;
    cap.due_ms = cal.AddWorkingDays(*facts.upstream_deadline, -1);
    cap.rule = "上级时限−1WD";
    upstream_cap = cap;
  }

  for (size_t i = 0; i < facts.assignments.size(); ++i) {
    const SlaAssignmentFacts& a = facts.assignments[i];
    AssignmentDeadlines d;
    d.index = i;
    d.unit = a.unit;
    d.role = a.role;
    d.sign = StageDue(cal, rule->sign, a.dispatched_at, excluded);
    d.first_contact = StageDue(cal, rule->first_contact, a.dispatched_at, excluded);
    d.reply = StageDue(cal, rule->reply, a.dispatched_at, excluded);
    if (upstream) {
      d.sign = Earlier(d.sign, StageDue(cal, upstream->sign, a.dispatched_at, excluded));
      d.first_contact = Earlier(d.first_contact,
                                StageDue(cal, upstream->first_contact, a.dispatched_at, excluded));
      d.reply = Earlier(d.reply, StageDue(cal, upstream->reply, a.dispatched_at, excluded));
    }
    if (upstream_cap) {
      std::optional<Deadline> cap = upstream_cap;
      cap->start_ms = a.dispatched_at;
      d.reply = Earlier(d.reply, cap);
    }
    if (d.reply && a.role == AssignmentRole::kMain && a.active) {
      for (const SlaDuration& ext : facts.approved_extensions) {
        d.reply->due_ms =
            DueExcluding(cal, BasisOf(ext), d.reply->due_ms, AmountMs(cal, ext), excluded);
        d.reply->rule += "+" + ext.text;
      }
    }
    out.assignments.push_back(std::move(d));
  }

  // 协办 replies are due before the (last) active 主办's reply.
  const Deadline* main_reply = nullptr;
  for (size_t i = 0; i < facts.assignments.size(); ++i) {
    const SlaAssignmentFacts& a = facts.assignments[i];
    if (a.role == AssignmentRole::kMain && a.active && out.assignments[i].reply) {
      main_reply = &*out.assignments[i].reply;
    }
  }
  if (main_reply) {
    for (size_t i = 0; i < facts.assignments.size(); ++i) {
      if (facts.assignments[i].role != AssignmentRole::kCo) continue;
      Deadline co;
      co.start_ms = facts.assignments[i].dispatched_at;
      co.basis = main_reply->basis;
      if (main_reply->basis == TimeBasis::kWorking) {
        co.due_ms = cal.AddWorkingDays(main_reply->due_ms, -1);
        co.rule = "主办答复时限−1WD";
      } else {
        co.due_ms = main_reply->due_ms;
        co.rule = "同主办答复时限";
      }
      out.assignments[i].reply = co;
    }
  }
  return out;
}

SlaFacts SlaFactsFromOrder(const WorkOrder& order, bool is_upstream,
                           std::optional<int64_t> upstream_deadline,
                           std::vector<SlaDuration> approved_extensions,
                           std::vector<ExcludedInterval> centre_delays) {
  SlaFacts f;
  f.created_at = order.created_at;
  f.type = order.type;
  f.urgency = order.urgency;
  f.is_upstream = is_upstream;
  f.upstream_deadline = upstream_deadline;
  for (const Assignment& a : order.assignments) {
    f.assignments.push_back({a.unit, a.role, a.dispatched_at, a.active});
  }
  f.approved_extensions = std::move(approved_extensions);
  f.centre_delays = std::move(centre_delays);
  return f;
}

std::string_view ToString(SlaAlert a) {
  switch (a) {
    case SlaAlert::kNone:
      return "none";
    case SlaAlert::kYellow:
      return "yellow";
    case SlaAlert::kRed:
      return "red";
  }
  return "none";
}

SlaAlert Assess(const WorkingCalendar& cal, const Deadline& deadline, int64_t now_ms,
                double yellow_share) {
  if (now_ms > deadline.due_ms) return SlaAlert::kRed;
  int64_t total = Measure(cal, deadline.basis, deadline.start_ms, deadline.due_ms);
  if (total <= 0) return SlaAlert::kYellow;
  int64_t used = Measure(cal, deadline.basis, deadline.start_ms, now_ms);
  return static_cast<double>(used) >= yellow_share * static_cast<double>(total) ? SlaAlert::kYellow
                                                                                : SlaAlert::kNone;
}

}  // namespace minsheng
