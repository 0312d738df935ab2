// OrderService::Apply — the effect of each action on the order (split from order_service.cc).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "core/calendar/sla.h"
#include "core/json_writer.h"
#include "core/lifecycle.h"
#include "core/order_service.h"
#include "core/order_service_internal.h"
#include "core/text.h"
#include "core/time_util.h"

namespace minsheng {

using order_internal::Invalid;
using order_internal::LapsePendingExtension;
using order_internal::LocalMinute;
using order_internal::Missing;
using order_internal::NewEvent;
using order_internal::StageLabel;

Status OrderService::Apply(const Actor& actor, const std::string& acting_unit, WorkOrder* o,
                           const ActionInput& in, OrderTransaction& tx, std::vector<Event>* events,
                           std::vector<std::pair<WorkOrder, Event>>* others,
                           std::vector<Notice>* notices) const {
  const int64_t now = clock_.NowMs();
  const int offset = config_.utc_offset_minutes;
  const OrderStatus from = o->status;
  const Transition* row = FindTransition(from, in.action);
  OrderStatus to = row->to[0];
  JsonObjectWriter payload;
  const Limits& lim = config_.limits;
  const Rules& rules = config_.rules;
  MS_RETURN_IF_ERROR(CheckLength(in.note, lim.note_max_chars, "note", "备注"));
  MS_RETURN_IF_ERROR(CheckLength(in.reason, lim.note_max_chars, "reason", "理由"));
  MS_RETURN_IF_ERROR(CheckLength(in.legal_basis, lim.note_max_chars, "legal_basis", "依据"));
  payload.AddIfNotEmpty("note", in.note);
  // The event recorded for this action; a dissatisfied visit with cause unit_fault records the
  // visit first and then an automatic `reopen` (both rows of the table).
  Action event_action = in.action;
  OrderStatus event_from = from;

  auto notice = [&](const char* kind, const std::string& unit, const std::string& text) {
    Notice n;
    n.kind = kind;
    n.order_id = o->id;
    n.order_number = o->number;
    n.unit = unit;
    n.text = text;
    n.at = now;
    notices->push_back(std::move(n));
  };
  // Replaces the active assignments by a new 主办 (+ 协办), as dispatch, redispatch and consult.
  auto assign = [&]() {
    std::vector<std::string> previous = o->ActiveUnits();
    for (auto& a : o->assignments) a.active = false;
    Assignment main;
    main.unit = in.unit;
    main.role = AssignmentRole::kMain;
    main.dispatched_at = now;
    o->assignments.push_back(main);
    for (const auto& co : in.co_units) {
      Assignment a;
      a.unit = co;
      a.role = AssignmentRole::kCo;
      a.dispatched_at = now;
      o->assignments.push_back(a);
    }
    if (!in.category.empty()) o->category = config_.FindCategory(in.category)->code;
    if (from == OrderStatus::kReturnRequested) {
      // An accepted return is training data for the dispatch engine (retrain reads these keys).
      payload.Add("accepted_return_from", o->pending_return_unit)
          .Add("return_reason", o->pending_return_reason)
          .Add("from_unit", o->pending_return_unit)
          .Add("to_unit", in.unit)
          .Add("reason_code", o->pending_return_reason)
          .Add("category", o->category)
          .Add("training", "accepted_return");
    }
    o->pending_return_reason.clear();
    o->pending_return_note.clear();
    o->pending_return_unit.clear();
    LapsePendingExtension(o, now);
    payload.Add("unit", in.unit).Add("co_units", in.co_units);
    if (from != OrderStatus::kReturnRequested) payload.AddIfNotEmpty("category", o->category);
    if (!previous.empty()) payload.Add("previous_units", previous);
  };
  auto deadlines = [&]() { return ComputeOrderDeadlines(config_, *o, now); };
  auto reopen = [&]() -> Status {
    if (o->MainAssignment() == nullptr)
      return FailedPrecondition("no_main_unit", "工单没有主办单位,无法重办,请重新派单");
    ++o->reopen_count;
    o->close_flag.clear();
    o->closed_at = 0;
    o->reply.reset();
    o->unreachable_count = 0;
    o->reopened_at = now;
    o->MainAssignment()->replied_at = 0;
    return Status::Ok();
  };

  switch (in.action) {
    case Action::kDispatch:
    case Action::kRedispatch: {
      MS_RETURN_IF_ERROR(ValidateUnits(in));
      if (in.action == Action::kRedispatch && from == OrderStatus::kReturnRequested &&
          o->returns_since_consult >= config_.max_returns_before_consult)
        return FailedPrecondition("consult_required",
                                  "该工单已退回 " + std::to_string(o->returns_since_consult) +
                                      " 次,不能再直接改派,请组织会商(consult)确定主办和协办单位");
      assign();
      break;
    }
    case Action::kConsult: {
      MS_RETURN_IF_ERROR(ValidateUnits(in));
      if (TrimSpace(in.note).empty()) return Missing("note", "会商纪要");
      assign();
      o->consultation = Consultation{in.unit, in.co_units, in.note, actor.user, now};
      o->returns_since_consult = 0;
      break;
    }
    case Action::kSign: {
      o->MainAssignment()->signed_at = now;
      break;
    }
    case Action::kCoSign:
    case Action::kCoReply: {
      Assignment* co = acting_unit.empty() ? nullptr : o->CoAssignment(acting_unit);
      if (co == nullptr)
        return FailedPrecondition("no_co_unit", "工单没有该协办单位:" + acting_unit);
      payload.Add("unit", acting_unit);
      if (in.action == Action::kCoSign) {
        if (co->signed_at != 0)
          return FailedPrecondition("already_signed", "协办单位已签收,无需重复签收");
        co->signed_at = now;
        break;
      }
      std::string text = TrimSpace(in.text);
      if (text.empty()) return Missing("text", "协办答复内容");
      MS_RETURN_IF_ERROR(CheckLength(text, lim.reply_max_chars, "text", "协办答复内容"));
      const int index = static_cast<int>(co - o->assignments.data());
      auto d = deadlines();
      if (d.ok()) {
        if (const StageDeadline* due = d->Find("reply", index)) {
          payload.Add("due", due->due_ms).Add("late", now > due->due_ms);
        }
      }
      if (co->signed_at == 0) co->signed_at = now;
      if (co->replied_at == 0) co->replied_at = now;  // lateness counts from the first reply
      o->co_replies.push_back(CoReply{acting_unit, text, actor.user, now});
      payload.Add("text", text);
      break;
    }
    case Action::kReply: {
      std::string text = TrimSpace(in.text);
      if (text.empty()) return Missing("text", "答复内容");
      MS_RETURN_IF_ERROR(CheckLength(text, lim.reply_max_chars, "text", "答复内容"));
      std::string result = in.result.empty() ? config_.reply_results.front().id : in.result;
      const NamedId* r = config_.FindIn(config_.reply_results, result);
      if (!r) return Invalid("unknown_result", "未知的办理结果:" + in.result);
      o->reply = Reply{text, r->id, acting_unit, actor.user, now};
      MS_RETURN_IF_ERROR(CheckLength(in.signed_by, lim.note_max_chars, "signed_by", "签发人"));
      MS_RETURN_IF_ERROR(CheckLength(in.evidence, lim.note_max_chars, "evidence", "证据材料"));
      if (in.final_answer) {
        // 最终答复 (吕梁): signed by the unit head, with evidence.
        if (TrimSpace(in.signed_by).empty())
          return Missing("signed_by", "最终答复签发人(单位负责人)");
        if (TrimSpace(in.evidence).empty()) return Missing("evidence", "最终答复证据材料");
        o->reply->final_answer = true;
        o->reply->signed_by = TrimSpace(in.signed_by);
        o->reply->evidence = TrimSpace(in.evidence);
      } else if (!in.signed_by.empty() || !in.evidence.empty()) {
        return Invalid("invalid_field", "只有最终答复(final_answer=true)才填写签发人和证据材料");
      }
      o->MainAssignment()->replied_at = now;
      LapsePendingExtension(o, now);
      payload.Add("text", text).Add("result", r->id);
      if (in.final_answer) payload.Add("final_answer", true).Add("signed_by", o->reply->signed_by);
      break;
    }
    case Action::kApprove:
      o->approved_at = now;
      break;
    case Action::kRejectReply: {
      if (TrimSpace(in.reason).empty()) return Missing("reason", "审核不通过理由");
      if (auto* m = o->MainAssignment()) m->replied_at = 0;
      if (o->ledger && o->ledger->cleared_at != 0 && from == OrderStatus::kReplied) {
        // NOTE: a refused 销号 goes back to in_progress (the table's row) and is no longer
        // cleared; the 挂账 limit still bounds the reply, but no more stage replies are due.
        o->ledger->cleared_at = 0;
      }
      payload.Add("reason", in.reason);
      break;
    }
    case Action::kVisit: {
      if (in.satisfaction.empty()) return Missing("satisfaction", "满意度");
      const NamedId* s = config_.FindIn(config_.satisfaction_levels, in.satisfaction);
      if (!s) return Invalid("unknown_satisfaction", "未知的满意度:" + in.satisfaction);
      if (!in.cause.empty()) {
        if (s->id != "dissatisfied")
          return Invalid("invalid_cause", "只有「不满意」的回访才能填写原因(cause)");
        if (in.cause != "unit_fault" && in.cause != "policy_limit")
          return Invalid(
              "invalid_cause",
              "不满意原因须为 unit_fault(承办单位主观原因)或 policy_limit(政策限制已解释)");
        if (in.cause == "unit_fault" && from == OrderStatus::kDirectAnswered)
          return Invalid("invalid_cause", "直办件没有承办单位,不能认定为承办单位主观原因");
      }
      VisitRecord v{s->id, in.resolved, in.note, actor.user, now};
      v.cause = in.cause;
      o->visits.push_back(v);
      payload.Add("satisfaction", s->id);
      payload.AddIfNotEmpty("cause", in.cause);
      if (in.resolved.has_value()) payload.Add("resolved", *in.resolved);
      if (s->id == "satisfied" || s->id == "basically_satisfied") {
        to = OrderStatus::kClosed;
      } else if (s->id == "unreachable") {
        ++o->unreachable_count;
        payload.Add("attempt", o->unreachable_count);
        if (o->unreachable_count >= config_.visit_max_attempts) {
          to = OrderStatus::kClosed;
          o->close_flag = "visit_failed";
          payload.Add("close_flag", o->close_flag);
        } else {
          to = from;
        }
      } else if (in.cause == "policy_limit") {
        to = OrderStatus::kClosed;
        o->close_flag = "dissatisfied_explained";
        payload.Add("close_flag", o->close_flag);
      } else if (in.cause == "unit_fault") {
        // Record the visit, then reopen (重办) with the short reply clock.
        events->push_back(
            NewEvent(o, Action::kVisit, from, from, actor, acting_unit, now, payload.Finish()));
        MS_RETURN_IF_ERROR(reopen());
        payload = JsonObjectWriter();
        payload.Add("reason", "回访不满意,属承办单位主观原因")
            .Add("cause", "unit_fault")
            .Add("reopen_count", o->reopen_count)
            .Add("automatic", true);
        event_action = Action::kReopen;
        row = FindTransition(from, Action::kReopen);
        if (row == nullptr) return Internal("no reopen row after visit");
        to = OrderStatus::kInProgress;
        auto d = deadlines();
        if (d.ok())
          if (const StageDeadline* r = d->Main("reply")) payload.Add("reply_due", r->due_ms);
      } else {
        to = from;  // dissatisfied without cause: the centre decides reopen or close
      }
      break;
    }
    case Action::kReturn: {
      if (in.reason_code.empty()) return Missing("reason_code", "退回理由代码");
      const NamedId* r = config_.FindIn(config_.return_reasons, in.reason_code);
      if (!r) return Invalid("unknown_reason_code", "未知的退回理由代码:" + in.reason_code);
      if (TrimSpace(in.note).empty()) return Missing("note", "退回说明及依据");
      const Assignment* main = o->MainAssignment();
      if (main != nullptr) {
        if (o->consultation && o->consultation->at == main->dispatched_at &&
            o->consultation->main_unit == main->unit)
          return FailedPrecondition("consult_fixed",
                                    "主办单位已由会商确定,不能退回;如有异议请向中心申请再次会商");
        if (o->returns_since_consult >= config_.max_returns_before_consult)
          return FailedPrecondition(
              "consult_required", "该工单已退回 " + std::to_string(o->returns_since_consult) +
                                      " 次,不能再退回;如有异议请由中心组织会商确定主办和协办单位");
        const int64_t window_end =
            AddDuration(config_.calendar, main->dispatched_at, rules.return_window);
        if (now > window_end)
          return FailedPrecondition("return_window_expired",
                                    "已超过退回时限(派单后 " + rules.return_window.text + ",截至 " +
                                        LocalMinute(window_end, offset) +
                                        "),本单位为首办责任单位,不能退回");
      }
      o->pending_return_reason = r->id;
      o->pending_return_note = in.note;
      o->pending_return_unit = acting_unit;
      ++o->return_count;
      ++o->returns_since_consult;
      LapsePendingExtension(o, now);
      payload.Add("reason_code", r->id).Add("return_count", o->return_count);
      break;
    }
    case Action::kRejectReturn: {
      if (TrimSpace(in.reason).empty()) return Missing("reason", "不予认可退回的理由");
      payload.Add("reason", in.reason).Add("return_reason", o->pending_return_reason);
      o->pending_return_reason.clear();
      o->pending_return_note.clear();
      o->pending_return_unit.clear();
      // NOTE: the unit's clock keeps running from the original dispatch (DOMAIN.md §2.7).
      if (auto* m = o->MainAssignment(); m && m->signed_at == 0) m->signed_at = now;
      break;
    }
    case Action::kReopen: {
      MS_RETURN_IF_ERROR(reopen());
      payload.AddIfNotEmpty("reason", in.reason).Add("reopen_count", o->reopen_count);
      break;
    }
    case Action::kClose: {
      if (from == OrderStatus::kPendingVisit && o->close_flag.empty()) {
        const std::string last = o->visits.empty() ? "" : o->visits.back().satisfaction;
        if (last == "dissatisfied") o->close_flag = "dissatisfied_explained";
        if (last == "unreachable") o->close_flag = "visit_failed";
      }
      payload.AddIfNotEmpty("close_flag", o->close_flag);
      break;
    }
    case Action::kArchive:
      break;
    case Action::kMerge: {
      if (in.into <= 0) return Missing("into", "主工单");
      if (in.into == o->id) return Invalid("invalid_merge", "不能将工单合并到自身");
      auto master = tx.Load(in.into);
      if (!master.ok()) return Invalid("merge_target_not_found", "要并入的主工单不存在");
      if (master->status == OrderStatus::kMerged || !IsOpen(master->status))
        return FailedPrecondition(
            "invalid_merge_target",
            "主工单状态为「" + std::string(LabelZh(master->status)) + "」,不能作为并单目标");
      o->merged_into = master->id;
      master->merged_children.push_back(o->id);
      master->updated_at = now;
      for (auto& a : o->assignments) a.active = false;
      JsonObjectWriter mp;
      mp.Add("child_id", o->id).Add("child_number", o->number);
      Event me = NewEvent(&master.value(), Action::kMerge, master->status, master->status, actor,
                          acting_unit, now, mp.Finish());
      payload.Add("into", master->id).Add("into_number", master->number);
      others->emplace_back(std::move(master).value(), std::move(me));
      break;
    }
    case Action::kDirectAnswer: {
      std::string text = TrimSpace(in.text);
      if (in.final_of != 0) {
        // A repeat appeal with no new facts: answered with the earlier 最终答复.
        if (in.final_of == o->id) return Invalid("invalid_final_of", "不能引用本工单自身的答复");
        auto earlier = tx.Load(in.final_of);
        if (!earlier.ok()) {
          if (earlier.status().code() == StatusCode::kNotFound)
            return Invalid("final_answer_not_found",
                           "引用的工单不存在:" + std::to_string(in.final_of));
          return earlier.status();
        }
        if (!earlier->reply || !earlier->reply->final_answer || earlier->approved_at == 0)
          return FailedPrecondition("no_final_answer",
                                    "工单 " + earlier->number + " 没有经审核的最终答复");
        if (text.empty()) text = earlier->reply->text;
        o->direct_answer_final_of = earlier->id;
        payload.Add("final_of", earlier->id).Add("final_of_number", earlier->number);
      }
      if (text.empty()) return Missing("text", "直接答复内容");
      MS_RETURN_IF_ERROR(CheckLength(text, lim.reply_max_chars, "text", "直接答复内容"));
      o->direct_answer = text;
      o->direct_answer_kb = in.kb_item;
      payload.Add("text", text);
      if (in.kb_item != 0) payload.Add("kb_item", in.kb_item);
      break;
    }
    case Action::kRefuse: {
      if (in.reason_code.empty()) return Missing("reason_code", "不予受理理由代码");
      const NamedId* r = config_.FindIn(config_.refuse_reasons, in.reason_code);
      if (!r) return Invalid("unknown_reason_code", "未知的不予受理理由代码:" + in.reason_code);
      o->refuse_reason = r->id;
      payload.Add("reason_code", r->id);
      break;
    }
    case Action::kTransferEmergency: {
      if (in.to.empty()) return Missing("to", "转接专线");
      const NamedId* t = config_.FindIn(config_.emergency_targets, in.to);
      if (!t) return Invalid("unknown_emergency_target", "未知的应急专线:" + in.to);
      o->transfer_to = t->id;
      for (auto& a : o->assignments) a.active = false;
      payload.Add("to", t->id);
      break;
    }
    case Action::kRequestExtension: {
      if (!(in.days > 0) || in.days > 366 || in.days != std::floor(in.days))
        return Invalid("invalid_days", "延期天数(days)须为大于 0 的整数个工作日");
      if (TrimSpace(in.reason).empty()) return Missing("reason", "延期理由");
      if (TrimSpace(in.legal_basis).empty()) return Missing("legal_basis", "法定时限及依据");
      if (o->PendingExtension() != nullptr)
        return FailedPrecondition("extension_pending", "已有一项延期申请待中心审批");
      auto d = deadlines();
      if (!d.ok()) return d.status();
      const StageDeadline* reply = d->Main("reply");
      if (reply == nullptr)
        return FailedPrecondition("no_reply_deadline", "该工单没有答复时限,无需延期");
      const SlaRule* rule = config_.FindSla(d->klass);
      const int max = rule ? rule->max_extensions : 0;
      int used = 0;
      for (const auto& e : o->extensions) used += e.status == "approved";
      if (max <= 0)
        return FailedPrecondition("extension_not_allowed",
                                  "「" + (rule ? rule->label : d->klass) + "」类工单不允许延期");
      if (used >= max)
        return FailedPrecondition("extension_limit_reached",
                                  "延期次数已达上限 " + std::to_string(max) + " 次");
      if (rule && rule->extension && rule->extension->unit == SlaDuration::Unit::kWorkingDays &&
          in.days > rule->extension->value)
        return Invalid("extension_too_long", "单次延期不能超过 " + rule->extension->text + "");
      if (now > reply->due_ms)
        return FailedPrecondition(
            "extension_too_late",
            "已超过答复时限(" + LocalMinute(reply->due_ms, offset) + "),不能再申请延期");
      const WorkingCalendar& cal = config_.calendar;
      const int64_t local_minute =
          ((now + int64_t{offset} * 60000) % WorkingCalendar::kDayMs + WorkingCalendar::kDayMs) %
          WorkingCalendar::kDayMs / 60000;
      if (cal.LocalDate(now) == cal.LocalDate(reply->due_ms) &&
          local_minute >= rules.extension_cutoff_minute) {
        char hhmm[32];
        std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", rules.extension_cutoff_minute / 60,
                      rules.extension_cutoff_minute % 60);
        return FailedPrecondition("extension_after_cutoff",
                                  std::string("答复时限当日 ") + hhmm + " 以后不再受理延期申请");
      }
      ExtensionRequest e;
      e.unit = acting_unit;
      e.days = in.days;
      e.reason = TrimSpace(in.reason);
      e.legal_basis = TrimSpace(in.legal_basis);
      e.requested_by = actor.user;
      e.requested_at = now;
      o->extensions.push_back(e);
      payload.Add("days", static_cast<int64_t>(in.days))
          .Add("reason", e.reason)
          .Add("legal_basis", e.legal_basis)
          .Add("reply_due", reply->due_ms);
      break;
    }
    case Action::kApproveExtension:
    case Action::kRefuseExtension: {
      ExtensionRequest* e = o->PendingExtension();
      if (e == nullptr) return FailedPrecondition("no_pending_extension", "没有待审批的延期申请");
      if (in.action == Action::kRefuseExtension && TrimSpace(in.reason).empty())
        return Missing("reason", "不予批准延期的理由");
      e->status = in.action == Action::kApproveExtension ? "approved" : "refused";
      e->decided_by = actor.user;
      e->decided_at = now;
      e->decision_note = in.action == Action::kApproveExtension ? in.note : in.reason;
      payload.Add("days", static_cast<int64_t>(e->days)).AddIfNotEmpty("reason", in.reason);
      auto d = deadlines();
      if (d.ok())
        if (const StageDeadline* r = d->Main("reply")) payload.Add("reply_due", r->due_ms);
      break;
    }
    case Action::kUrge: {
      std::string unit = in.unit;
      if (unit.empty()) {
        const Assignment* m = o->MainAssignment();
        unit = m ? m->unit : config_.centre_unit;
      } else if (!o->IsAssignedTo(unit) && unit != config_.centre_unit) {
        return Invalid("unknown_unit", "被催办单位不是本工单的承办单位:" + unit);
      }
      payload.Add("unit", unit).AddIfNotEmpty("stage", in.stage).Add("auto", false);
      notice("urge", unit,
             "【催办】工单 " + o->number + "(" + o->title + ")请抓紧办理" +
                 (in.note.empty() ? std::string() : ":" + in.note));
      break;
    }
    case Action::kSupervise: {
      std::string level = in.level.empty() ? "centre" : in.level;
      if (level != "centre" && level != "leader")
        return Invalid("invalid_level", "督办级别须为 centre(中心督办)或 leader(领导督办)");
      if (in.due_at != 0 && in.due_at <= now)
        return Invalid("invalid_due", "督办期限须晚于当前时间");
      if (TrimSpace(in.note).empty()) return Missing("note", "督办意见");
      if (Supervision* active = o->ActiveSupervision()) {
        active->lifted_at = now;
        active->lifted_by = actor.user;
        active->lift_note = "被新的督办取代";
      }
      Supervision sv;
      sv.level = level;
      sv.due_at = in.due_at;
      sv.listed = in.listed;
      sv.note = in.note;
      sv.user = actor.user;
      sv.at = now;
      o->supervisions.push_back(sv);
      payload.Add("level", level).Add("listed", in.listed);
      if (in.due_at) payload.Add("due_at", in.due_at);
      const Assignment* m = o->MainAssignment();
      notice("supervise", m ? m->unit : config_.centre_unit,
             std::string(in.listed ? "【挂牌督办】" : "【督办】") + "工单 " + o->number + "(" +
                 o->title + ")" +
                 (in.due_at ? ",请于 " + LocalMinute(in.due_at, offset) + " 前办结" : "") + ":" +
                 in.note);
      break;
    }
    case Action::kLiftSupervision: {
      Supervision* active = o->ActiveSupervision();
      if (active == nullptr) return FailedPrecondition("not_supervised", "该工单没有进行中的督办");
      active->lifted_at = now;
      active->lifted_by = actor.user;
      active->lift_note = in.note;
      break;
    }
    case Action::kPutOnLedger: {
      if (TrimSpace(in.reason).empty()) return Missing("reason", "挂账理由");
      if (o->MainAssignment() == nullptr)
        return FailedPrecondition("no_main_unit", "工单没有主办单位,不能挂账");
      Ledger l;
      l.started_at = now;
      l.started_by = actor.user;
      l.reason = TrimSpace(in.reason);
      o->ledger = l;
      LapsePendingExtension(o, now);
      auto d = deadlines();
      payload.Add("reason", l.reason);
      if (d.ok()) {
        if (const StageDeadline* r = d->Main("reply")) payload.Add("ledger_due", r->due_ms);
      }
      payload.Add("stage_reply_interval", rules.stage_reply_interval.text);
      break;
    }
    case Action::kStageReply: {
      std::string text = TrimSpace(in.text);
      if (text.empty()) return Missing("text", "阶段性答复内容");
      MS_RETURN_IF_ERROR(CheckLength(text, lim.reply_max_chars, "text", "阶段性答复内容"));
      if (!o->ledger) return Internal("on_ledger without a ledger");
      auto before = deadlines();
      if (before.ok())
        if (const StageDeadline* sr = before->Find("stage_reply"))
          payload.Add("due", sr->due_ms).Add("late", now > sr->due_ms);
      o->ledger->stage_replies.push_back(StageReply{acting_unit, text, actor.user, now});
      payload.Add("text", text)
          .Add("stage", static_cast<int>(o->ledger->stage_replies.size()))
          .Add("next_due", AddDuration(config_.calendar, now, rules.stage_reply_interval));
      break;
    }
    case Action::kClearLedger: {
      std::string text = TrimSpace(in.text);
      if (text.empty()) return Missing("text", "销号最终答复内容");
      MS_RETURN_IF_ERROR(CheckLength(text, lim.reply_max_chars, "text", "销号最终答复内容"));
      std::string result = in.result.empty() ? config_.reply_results.front().id : in.result;
      const NamedId* r = config_.FindIn(config_.reply_results, result);
      if (!r) return Invalid("unknown_result", "未知的办理结果:" + in.result);
      if (!o->ledger) return Internal("on_ledger without a ledger");
      o->reply = Reply{text, r->id, acting_unit, actor.user, now};
      o->MainAssignment()->replied_at = now;
      o->ledger->cleared_at = now;
      payload.Add("text", text).Add("result", r->id);
      break;
    }
    case Action::kAppealRating:
    case Action::kDecideAppeal: {
      VisitRecord* rating = nullptr;
      for (auto it = o->visits.rbegin(); it != o->visits.rend(); ++it)
        if (it->satisfaction != "unreachable") {
          rating = &*it;
          break;
        }
      if (in.action == Action::kAppealRating) {
        if (rating == nullptr || rating->satisfaction != "dissatisfied")
          return FailedPrecondition("nothing_to_appeal", "该工单没有可申诉的不满意评价");
        if (rating->appeal)
          return FailedPrecondition("appeal_exists", "该评价已申诉过,不能重复申诉");
        if (TrimSpace(in.reason).empty()) return Missing("reason", "申诉理由");
        RatingAppeal ap;
        ap.unit = acting_unit;
        ap.user = actor.user;
        ap.reason = TrimSpace(in.reason);
        ap.at = now;
        rating->appeal = ap;
        payload.Add("reason", ap.reason).Add("visit_at", rating->at);
        break;
      }
      if (rating == nullptr || !rating->appeal || rating->appeal->status != "pending")
        return FailedPrecondition("no_pending_appeal", "没有待裁定的评价申诉");
      if (in.decision != "accepted" && in.decision != "rejected")
        return Invalid("invalid_decision",
                       "裁定结果(decision)须为 accepted(认可)或 rejected(驳回)");
      rating->appeal->status = in.decision;
      rating->appeal->decided_by = actor.user;
      rating->appeal->decided_at = now;
      rating->appeal->decision_note = in.note;
      rating->excluded = in.decision == "accepted";
      payload.Add("decision", in.decision).Add("excluded", rating->excluded);
      break;
    }
    case Action::kCreate:
    case Action::kContact: {
      static constexpr std::pair<std::string_view, std::string_view> kMethods[] = {
          {"phone", "电话"},
          {"sms", "短信"},
          {"visit", "上门/约见"},
          {"online", "网络"},
          {"other", "其他"}};
      if (in.method.empty()) return Missing("method", "联系方式");
      bool known = false;
      for (const auto& m : kMethods) known = known || m.first == in.method;
      if (!known)
        return Invalid("unknown_contact_method",
                       "未知的联系方式:" + in.method + "(可选 phone/sms/visit/online/other)");
      Assignment* as = nullptr;
      for (auto& a : o->assignments)
        if (a.active && a.unit == acting_unit) as = &a;
      if (as == nullptr)
        return FailedPrecondition("not_assigned", "工单没有该承办单位:" + acting_unit);
      const int index = static_cast<int>(as - o->assignments.data());
      payload.Add("unit", acting_unit).Add("method", in.method);
      payload.Add("first", as->first_contact_at == 0);
      if (as->first_contact_at == 0) {
        auto d = deadlines();
        if (d.ok()) {
          if (const StageDeadline* due = d->Find("first_contact", index))
            payload.Add("due", due->due_ms).Add("late", now > due->due_ms);
        }
        as->first_contact_at = now;
      }
      break;
    }
    case Action::kMasterUpdate:
      return Invalid("unknown_action", "未知的操作");
  }
  if (!IsAllowedTarget(*row, to)) return Internal("transition target outside the table row");
  o->status = to;
  o->updated_at = now;
  if (to == OrderStatus::kClosed && from != OrderStatus::kClosed) {
    o->closed_at = now;
    if (Supervision* active = o->ActiveSupervision()) {
      active->lifted_at = now;
      active->lifted_by = actor.user;
      active->lift_note = "工单办结,自动解除督办";
    }
  }
  events->push_back(
      NewEvent(o, event_action, event_from, to, actor, acting_unit, now, payload.Finish()));
  return Status::Ok();
}

}  // namespace minsheng
