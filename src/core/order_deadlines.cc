#include "core/order_deadlines.h"

#include <algorithm>
#include <cstdio>

namespace minsheng {
namespace {

bool IsStatusOneOf(OrderStatus s, std::initializer_list<OrderStatus> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

StageDeadline FromDeadline(const Deadline& d, std::string stage) {
  StageDeadline s;
  s.stage = std::move(stage);
  s.start_ms = d.start_ms;
  s.due_ms = d.due_ms;
  s.working = d.basis == TimeBasis::kWorking;
  s.rule = d.rule;
  return s;
}

StageDeadline Make(const WorkingCalendar& cal, std::string stage, int64_t start,
                   const SlaDuration& d) {
  StageDeadline s;
  s.stage = std::move(stage);
  s.start_ms = start;
  s.due_ms = AddDuration(cal, start, d);
  s.working = BasisOf(d) == TimeBasis::kWorking;
  s.rule = d.text;
  return s;
}

SlaDuration WorkingDays(double days) {
  SlaDuration d;
  d.value = days;
  d.unit = SlaDuration::Unit::kWorkingDays;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%gWD", days);
  d.text = buf;
  return d;
}

}  // namespace

const StageDeadline* OrderDeadlines::Find(std::string_view stage, int assignment) const {
  for (const auto& s : stages)
    if (s.stage == stage && s.assignment == assignment) return &s;
  return nullptr;
}

const StageDeadline* OrderDeadlines::Main(std::string_view stage) const {
  for (const auto& s : stages)
    if (s.stage == stage && s.assignment >= 0 && s.active && s.role == AssignmentRole::kMain)
      return &s;
  return nullptr;
}

bool IsUpstream(const ZoneConfig& config, const WorkOrder& order) {
  const auto& ch = config.rules.upstream_channels;
  return std::find(ch.begin(), ch.end(), order.channel) != ch.end();
}

Result<OrderDeadlines> ComputeOrderDeadlines(const ZoneConfig& config, const WorkOrder& o,
                                             int64_t now) {
  const WorkingCalendar& cal = config.calendar;
  const Rules& rules = config.rules;
  OrderDeadlines out;
  out.upstream = IsUpstream(config, o);

  std::vector<SlaDuration> approved;
  for (const auto& e : o.extensions)
    if (e.status == "approved") approved.push_back(WorkingDays(e.days));
  SlaFacts facts = SlaFactsFromOrder(o, out.upstream, o.upstream_deadline, approved);
  auto sla = ComputeDeadlines(config.sla, cal, facts);
  if (!sla.ok()) return sla.status();
  out.klass = sla->klass;

  // Dispatch (the centre's own clock).
  if (sla->dispatch) {
    StageDeadline s = FromDeadline(*sla->dispatch, "dispatch");
    s.unit = config.centre_unit;
    if (!o.assignments.empty()) {
      s.done_at = o.assignments.front().dispatched_at;
    } else if (o.status != OrderStatus::kRegistered) {
      s.done_at = o.closed_at > 0 ? o.closed_at : o.updated_at;
    }
    out.stages.push_back(s);
  }

  // Per assignment.
  int main_index = -1;
  for (size_t i = 0; i < sla->assignments.size(); ++i) {
    const Assignment& a = o.assignments[i];
    if (a.active && a.role == AssignmentRole::kMain) main_index = static_cast<int>(i);
  }
  for (size_t i = 0; i < sla->assignments.size(); ++i) {
    const AssignmentDeadlines& ad = sla->assignments[i];
    const Assignment& a = o.assignments[i];
    auto add = [&](const std::optional<Deadline>& d, const char* stage, int64_t done) {
      if (!d) return;
      StageDeadline s = FromDeadline(*d, stage);
      s.assignment = static_cast<int>(i);
      s.unit = a.unit;
      s.role = a.role;
      s.active = a.active;
      s.done_at = done;
      out.stages.push_back(s);
    };
    add(ad.sign, "sign", a.signed_at);
    add(ad.first_contact, "first_contact",
        a.first_contact_at != 0 ? a.first_contact_at : a.replied_at);
    std::optional<Deadline> reply = ad.reply;
    if (static_cast<int>(i) == main_index && reply) {
      // Replacement clocks of the 主办 reply: 挂账 and 重办.
      const bool on_ledger = o.ledger && o.ledger->started_at >= a.dispatched_at &&
                             o.reopened_at < o.ledger->started_at;
      if (on_ledger) {
        Deadline d;
        d.start_ms = o.ledger->started_at;
        d.due_ms = AddDuration(cal, d.start_ms, rules.ledger_max);
        d.basis = BasisOf(rules.ledger_max);
        d.rule = "挂账" + rules.ledger_max.text;
        reply = d;
      } else if (o.reopened_at > 0 && o.reopened_at >= a.dispatched_at) {
        Deadline d;
        d.start_ms = o.reopened_at;
        d.due_ms = AddDuration(cal, d.start_ms, rules.reopen_reply);
        d.basis = BasisOf(rules.reopen_reply);
        d.rule = "重办" + rules.reopen_reply.text;
        for (const auto& e : o.extensions) {
          if (e.status != "approved" || e.decided_at < o.reopened_at) continue;
          SlaDuration ext = WorkingDays(e.days);
          d.due_ms = AddDuration(cal, d.due_ms, ext);
          d.rule += "+" + ext.text;
        }
        reply = d;
      }
    }
    add(reply, "reply", a.replied_at);
  }
  // 协办 replies follow the (possibly replaced) 主办 reply: 1 WD before it.
  if (const StageDeadline* main = out.Main("reply")) {
    const int64_t main_due = main->due_ms;
    const bool main_working = main->working;
    for (auto& s : out.stages) {
      if (s.stage != "reply" || s.role != AssignmentRole::kCo) continue;
      s.working = main_working;
      s.due_ms = main_working ? cal.AddWorkingDays(main_due, -1) : main_due;
      s.rule = main_working ? "主办答复时限−1WD" : "同主办答复时限";
    }
  }

  // 挂账: the next 阶段性答复.
  if (o.ledger && o.status == OrderStatus::kOnLedger) {
    int64_t start =
        o.ledger->stage_replies.empty() ? o.ledger->started_at : o.ledger->stage_replies.back().at;
    StageDeadline s = Make(cal, "stage_reply", start, rules.stage_reply_interval);
    if (main_index >= 0) s.unit = o.assignments[main_index].unit;
    s.role = AssignmentRole::kMain;
    out.stages.push_back(s);
  }
  // 回访 after 审核通过.
  if (o.approved_at > 0) {
    int64_t done = 0;
    for (const auto& v : o.visits)
      if (v.at >= o.approved_at) {
        done = v.at;
        break;
      }
    if (done > 0 || o.status == OrderStatus::kPendingVisit) {
      StageDeadline s = Make(cal, "visit", o.approved_at, rules.visit_window);
      s.unit = config.centre_unit;
      s.done_at = done;
      out.stages.push_back(s);
    }
  }
  // 督办 due date.
  if (const Supervision* sv = o.ActiveSupervision(); sv && sv->due_at > 0) {
    StageDeadline s;
    s.stage = "supervision";
    s.start_ms = sv->at;
    s.due_ms = sv->due_at;
    s.working = false;
    s.rule = sv->level == "leader" ? "领导督办" : "中心督办";
    if (main_index >= 0) s.unit = o.assignments[main_index].unit;
    out.stages.push_back(s);
  }

  // Lateness and alerts.
  const bool open = IsOpen(o.status);
  const bool co_live = IsStatusOneOf(o.status, {OrderStatus::kDispatched, OrderStatus::kInProgress,
                                                OrderStatus::kReturnRequested});
  for (auto& s : out.stages) {
    s.late = s.done_at > 0 ? s.done_at > s.due_ms : now > s.due_ms;
    bool live = open && s.done_at == 0 && s.active;
    if (s.stage == "first_contact") live = live && o.status == OrderStatus::kInProgress;
    if (s.stage == "dispatch") live = live && o.status == OrderStatus::kRegistered;
    if (s.assignment >= 0 && s.role == AssignmentRole::kCo) live = live && co_live;
    if (s.stage == "sign" && s.role == AssignmentRole::kMain)
      live = live && o.status == OrderStatus::kDispatched;
    if (s.stage == "reply" && s.role == AssignmentRole::kMain)
      live =
          live && IsStatusOneOf(o.status, {OrderStatus::kDispatched, OrderStatus::kInProgress,
                                           OrderStatus::kReturnRequested, OrderStatus::kOnLedger});
    if (!live) {
      if (s.done_at == 0 && !open) s.late = false;  // never done, no longer relevant
      continue;
    }
    Deadline d;
    d.start_ms = s.start_ms;
    d.due_ms = s.due_ms;
    d.basis = s.working ? TimeBasis::kWorking : TimeBasis::kNatural;
    s.alert = Assess(cal, d, now, rules.yellow_share);
    if (static_cast<int>(s.alert) > static_cast<int>(out.worst)) out.worst = s.alert;
  }
  return out;
}

}  // namespace minsheng
