// OrderService's read-side deadline view and the automatic deadline sweep (催办): every
// yellow/red deadline of an open order gets one `urge` event (actor "system") and one notice,
// never twice for the same (stage, assignment, due, level) — the key is read back from the
// timeline, so repeated sweeps and restarts are idempotent.
#include <algorithm>
#include <optional>
#include <string>

#include "core/calendar/sla.h"
#include "core/json_writer.h"
#include "core/lifecycle.h"
#include "core/order_service.h"
#include "core/order_service_internal.h"
#include "core/time_util.h"

namespace minsheng {

using order_internal::LocalMinute;
using order_internal::NewEvent;
using order_internal::StageLabel;

namespace {

// A notice about `order` to `unit` (its text is filled by the caller).
Notice NoticeFor(const WorkOrder& order, const char* kind, const std::string& unit, int64_t now) {
  Notice n;
  n.kind = kind;
  n.order_id = order.id;
  n.order_number = order.number;
  n.unit = unit;
  n.at = now;
  return n;
}

}  // namespace

Result<OrderDeadlines> OrderService::Deadlines(const WorkOrder& order, int64_t now_ms) const {
  return ComputeOrderDeadlines(config_, order, now_ms);
}

Result<SweepResult> OrderService::Sweep() {
  const int64_t now = clock_.NowMs();
  auto ids = repo_.ListOpenIds();
  if (!ids.ok()) return ids.status();
  SweepResult out;
  for (int64_t id : *ids) {
    // NOTE: one order's failure (storage error, conflict, anything thrown) never stops the
    // sweep; it is counted and the order is retried on the next sweep.
    try {
      if (!SweepOne(id, now, &out)) ++out.errors;
    } catch (...) {
      ++out.errors;
    }
  }
  return out;
}

bool OrderService::SweepOne(int64_t id, int64_t now, SweepResult* result) {
  SweepResult& out = *result;
  const int offset = config_.utc_offset_minutes;
  const Actor system{"system", Role::kCentre, ""};
  auto read = repo_.Get(id);
  if (!read.ok()) return false;
  const WorkOrder& seen = *read;
  ++out.scanned;
  if (FindTransition(seen.status, Action::kUrge) == nullptr) return true;
  auto d = Deadlines(seen, now);
  if (!d.ok()) return false;
  struct Due {
    std::string key;
    const StageDeadline* stage;
  };
  std::vector<Due> due;
  for (const StageDeadline& s : d->stages) {
    if (s.alert == SlaAlert::kNone) continue;
    std::string key = s.stage + ":" + std::to_string(s.assignment) + ":" +
                      std::to_string(s.due_ms) + ":" + std::string(ToString(s.alert));
    const std::string needle = "\"key\":\"" + key + "\"";
    bool done = false;
    for (const Event& e : seen.timeline)
      done |= e.action == Action::kUrge && e.payload_json.find(needle) != std::string::npos;
    if (!done) due.push_back({key, &s});
  }
  // Escalation of the overdue 主办 reply: 督办单 at rules.supervise_after past the deadline,
  // 挂牌督办 (listed in the 通报) at rules.bulletin_after. Keyed like the urges.
  struct Escalation {
    std::string key;
    bool listed = false;
    const StageDeadline* stage = nullptr;
  };
  std::optional<Escalation> escalate;
  if (FindTransition(seen.status, Action::kSupervise) != nullptr) {
    for (const StageDeadline& s : d->stages) {
      if (s.stage != "reply" || s.role != AssignmentRole::kMain || !s.active ||
          s.alert != SlaAlert::kRed)
        continue;
      const Rules& rules = config_.rules;
      const bool bulletin = now >= AddDuration(config_.calendar, s.due_ms, rules.bulletin_after);
      const bool supervise = now >= AddDuration(config_.calendar, s.due_ms, rules.supervise_after);
      if (!bulletin && !supervise) break;
      const Supervision* active = seen.ActiveSupervision();
      // Already as strong as this step: a manual 挂牌督办, or a leader 督办 before 挂牌.
      if (active && (active->listed || (!bulletin && active->level == "leader"))) break;
      std::string key = std::string(bulletin ? "bulletin" : "supervise") + ":" +
                        std::to_string(s.assignment) + ":" + std::to_string(s.due_ms);
      const std::string needle = "\"key\":\"" + key + "\"";
      bool done = false;
      for (const Event& e : seen.timeline)
        done |= e.action == Action::kSupervise && e.payload_json.find(needle) != std::string::npos;
      if (!done) escalate = Escalation{key, bulletin, &s};
      break;
    }
  }
  if (due.empty() && !escalate) return true;
  std::vector<Notice> notices;
  int supervised = 0;
  Status st = repo_.Write([&](OrderTransaction& tx) -> Status {
    notices.clear();
    auto loaded = tx.Load(id);
    if (!loaded.ok()) return loaded.status();
    WorkOrder order = std::move(loaded).value();
    // Changed since the read: leave it to the next sweep (no duplicate, no stale urge).
    if (order.version != seen.version) return Status::Ok();
    std::vector<Event> events;
    for (const Due& u : due) {
      const StageDeadline& s = *u.stage;
      const bool red = s.alert == SlaAlert::kRed;
      JsonObjectWriter p;
      p.Add("auto", true)
          .Add("key", u.key)
          .Add("unit", s.unit)
          .Add("stage", s.stage)
          .Add("assignment", s.assignment)
          .Add("level", ToString(s.alert))
          .Add("due", s.due_ms);
      events.push_back(NewEvent(&order, Action::kUrge, order.status, order.status, system,
                                config_.centre_unit, now, p.Finish()));
      Notice n = NoticeFor(order, "urge", s.unit, now);
      n.text = std::string(red ? "【超期催办】" : "【时限预警】") + "工单 " + order.number + "(" +
               order.title + ")「" + StageLabel(s.stage) + "」" +
               (red ? "已超过时限 " : "即将到期,时限 ") + LocalMinute(s.due_ms, offset) +
               (red ? ",请立即办理" : ",请抓紧办理");
      notices.push_back(std::move(n));
    }
    supervised = 0;
    if (escalate) {
      const StageDeadline& s = *escalate->stage;
      if (Supervision* active = order.ActiveSupervision()) {
        active->lifted_at = now;
        active->lifted_by = system.user;
        active->lift_note = "被自动升级的督办取代";
      }
      Supervision sv;
      sv.level = "leader";
      sv.listed = escalate->listed;
      sv.note =
          escalate->listed
              ? "超期 " + config_.rules.bulletin_after.text + " 以上,自动挂牌督办,列入月度通报"
              : "超期 " + config_.rules.supervise_after.text + " 以上,自动下发督办单,抄送分管领导";
      sv.user = system.user;
      sv.at = now;
      order.supervisions.push_back(sv);
      JsonObjectWriter p;
      p.Add("auto", true)
          .Add("key", escalate->key)
          .Add("level", "leader")
          .Add("listed", escalate->listed)
          .Add("copy_to", "leader")
          .Add("unit", s.unit)
          .Add("due", s.due_ms)
          .Add("note", sv.note);
      events.push_back(NewEvent(&order, Action::kSupervise, order.status, order.status, system,
                                config_.centre_unit, now, p.Finish()));
      Notice n = NoticeFor(order, "supervise", s.unit, now);
      n.text = std::string(escalate->listed ? "【挂牌督办】" : "【督办单】") + "工单 " +
               order.number + "(" + order.title + ")答复时限 " + LocalMinute(s.due_ms, offset) +
               " 已过:" + sv.note + ",请立即办结";
      notices.push_back(std::move(n));
      supervised = 1;
    }
    order.updated_at = now;
    return tx.Save(&order, events);
  });
  if (!st.ok()) return false;
  out.urged += static_cast<int>(notices.size()) - supervised;
  out.supervised += supervised;
  SendNotices(notices, &out.notice_failures);
  out.notices.insert(out.notices.end(), notices.begin(), notices.end());
  return true;
}

}  // namespace minsheng
