#include "core/order_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "core/json_writer.h"
#include "core/calendar/sla.h"
#include "core/lifecycle.h"
#include "core/order_service_internal.h"
#include "core/text.h"
#include "core/time_util.h"

namespace minsheng {

using order_internal::LocalMinute;
using order_internal::NewEvent;
using order_internal::StageLabel;

namespace {

Status Missing(const char* field, const char* label) {
  return InvalidArgument("missing_field",
                         std::string("缺少必填字段「") + label + "」(" + field + ")");
}

Status Invalid(const std::string& code, const std::string& message) {
  return InvalidArgument(code, message);
}


bool ValidPhone(const std::string& phone) {
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '+' && c != '-' && c != ' ' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 3;
}

// "2026-02-24 18:00" local time, for notices and messages.


// Marks a pending extension as lapsed (the unit replied, returned or the order moved on).
void LapsePendingExtension(WorkOrder* o, int64_t now) {
  if (ExtensionRequest* e = o->PendingExtension()) {
    e->status = "lapsed";
    e->decided_at = now;
  }
}

}  // namespace

namespace order_internal {

Event NewEvent(WorkOrder* order, Action action, std::optional<OrderStatus> from, OrderStatus to,
               const Actor& actor, const std::string& unit, int64_t now, std::string payload) {
  Event e;
  e.order_id = order->id;
  e.seq = ++order->event_count;
  e.at = now;
  e.actor_user = actor.user;
  e.actor_unit = unit;
  e.action = action;
  e.from = from;
  e.to = to;
  e.payload_json = std::move(payload);
  return e;
}

std::string LocalMinute(int64_t ms, int offset_minutes) {
  std::string t = FormatIso8601(ms, offset_minutes).substr(0, 16);
  if (t.size() > 10) t[10] = ' ';
  return t;
}

std::string StageLabel(std::string_view stage) {
  if (stage == "dispatch") return "派单";
  if (stage == "sign") return "签收";
  if (stage == "first_contact") return "首次联系";
  if (stage == "reply") return "答复";
  if (stage == "stage_reply") return "阶段性答复";
  if (stage == "visit") return "回访";
  if (stage == "supervision") return "督办";
  return std::string(stage);
}

}  // namespace order_internal

ActorKind ActorKindOf(Action action) {
  switch (action) {
    case Action::kSign:
    case Action::kReply:
    case Action::kReturn:
    case Action::kRequestExtension:
    case Action::kCoSign:
    case Action::kCoReply:
    case Action::kStageReply:
    case Action::kClearLedger:
    case Action::kAppealRating:
      return ActorKind::kUnit;
    default:
      return ActorKind::kCentre;
  }
}

Status OrderService::CheckLength(const std::string& value, int max_chars, const char* field,
                                 const char* label) const {
  if (!IsValidUtf8(value))
    return Invalid("invalid_utf8", std::string("字段「") + label + "」(" + field +
                                       ")不是有效的 UTF-8 文本");
  if (Utf8Length(value) > static_cast<size_t>(max_chars))
    return Invalid("field_too_long", std::string("字段「") + label + "」(" + field + ")超过 " +
                                         std::to_string(max_chars) + " 个字符的上限");
  return Status::Ok();
}

Status OrderService::ValidateNewOrder(NewOrderInput* in) const {
  const Limits& lim = config_.limits;
  in->title = TrimSpace(in->title);
  in->content = TrimSpace(in->content);
  MS_RETURN_IF_ERROR(CheckLength(in->title, lim.title_max_chars, "title", "标题"));
  MS_RETURN_IF_ERROR(CheckLength(in->content, lim.content_max_chars, "content", "诉求内容"));
  MS_RETURN_IF_ERROR(CheckLength(in->citizen.name, lim.name_max_chars, "citizen.name", "姓名"));
  MS_RETURN_IF_ERROR(
      CheckLength(in->citizen.phone, lim.phone_max_chars, "citizen.phone", "联系电话"));
  MS_RETURN_IF_ERROR(CheckLength(in->address, lim.address_max_chars, "address", "地址"));
  MS_RETURN_IF_ERROR(CheckLength(in->external_id, 64, "external_id", "上级工单编号"));
  MS_RETURN_IF_ERROR(CheckLength(in->region_code, 32, "region_code", "区划代码"));

  if (in->channel.empty()) return Missing("channel", "受理渠道");
  const NamedId* channel = config_.FindIn(config_.channels, in->channel);
  if (!channel) return Invalid("unknown_channel", "未知的受理渠道:" + in->channel);
  in->channel = channel->id;

  if (in->type.empty()) return Missing("type", "诉求类型");
  const NamedId* type = config_.FindIn(config_.order_types, in->type);
  if (!type) return Invalid("unknown_type", "未知的诉求类型:" + in->type);
  in->type = type->id;

  if (in->urgency.empty()) in->urgency = config_.urgencies.front().id;
  const NamedId* urgency = config_.FindIn(config_.urgencies, in->urgency);
  if (!urgency) return Invalid("unknown_urgency", "未知的紧急程度:" + in->urgency);
  in->urgency = urgency->id;

  if (!in->category.empty()) {
    const Category* c = config_.FindCategory(in->category);
    if (!c) return Invalid("unknown_category", "未知的诉求类别:" + in->category);
    in->category = c->code;
  }
  if (in->title.empty() && in->content.empty()) return Missing("title", "标题或诉求内容");
  if (in->title.empty()) {
    // A third of real appeals carry only a title; the rest may carry only a body.
    std::string t;
    size_t chars = 0;
    for (size_t i = 0; i < in->content.size() && chars < 30; ++chars) {
      unsigned char c = in->content[i];
      size_t w = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
      t.append(in->content, i, w);
      i += w;
    }
    in->title = t;
  }
  in->citizen.name = TrimSpace(in->citizen.name);
  in->citizen.phone = TrimSpace(in->citizen.phone);
  if (!in->citizen.phone.empty() && !ValidPhone(in->citizen.phone))
    return Invalid("invalid_phone", "联系电话格式不正确:" + in->citizen.phone);
  if (in->attachments.size() > static_cast<size_t>(lim.max_attachments))
    return Invalid("too_many_attachments",
                   "附件数量超过上限 " + std::to_string(lim.max_attachments));
  for (const auto& a : in->attachments) {
    MS_RETURN_IF_ERROR(CheckLength(a.name, 255, "attachments.name", "附件名"));
    MS_RETURN_IF_ERROR(CheckLength(a.url, 2048, "attachments.url", "附件地址"));
    MS_RETURN_IF_ERROR(CheckLength(a.mime, 128, "attachments.mime", "附件类型"));
    if (a.name.empty()) return Missing("attachments.name", "附件名");
    if (a.size < 0) return Invalid("invalid_field", "附件大小不能为负数");
  }
  if (in->upstream_deadline) {
    if (*in->upstream_deadline <= 0)
      return Invalid("invalid_upstream_deadline", "上级办理时限无效");
    const auto& ch = config_.rules.upstream_channels;
    if (std::find(ch.begin(), ch.end(), in->channel) == ch.end())
      return Invalid("upstream_deadline_not_allowed",
                     "只有上级转办渠道的工单可以填写上级办理时限(upstream_deadline)");
  }
  return Status::Ok();
}

Result<CreateOutcome> OrderService::Create(const Actor& actor, NewOrderInput input) {
  if (actor.role != Role::kAdmin && actor.role != Role::kCentre)
    return PermissionDenied("forbidden", "只有热线中心可以受理登记工单");
  MS_RETURN_IF_ERROR(ValidateNewOrder(&input));
  const int64_t now = clock_.NowMs();
  CreateOutcome out;
  Status st = repo_.Write([&](OrderTransaction& tx) -> Status {
    if (!input.external_id.empty()) {
      auto existing = tx.FindByExternalId(input.channel, input.external_id);
      if (!existing.ok()) return existing.status();
      if (existing->has_value()) {
        auto order = tx.Load(**existing);
        if (!order.ok()) return order.status();
        out.order = std::move(order).value();
        out.existed = true;
        return Status::Ok();
      }
    }
    WorkOrder& o = out.order;
    o.channel = input.channel;
    o.external_id = input.external_id;
    o.type = input.type;
    o.urgency = input.urgency;
    o.category = input.category;
    o.title = input.title;
    o.content = input.content;
    o.citizen = input.citizen;
    o.address = input.address;
    o.region_code = input.region_code;
    o.attachments = input.attachments;
    o.upstream_deadline = input.upstream_deadline;
    o.status = OrderStatus::kRegistered;
    o.dispatch_suggestion_json =
        input.dispatch_suggestion_json.empty() ? "{}" : input.dispatch_suggestion_json;
    o.created_by = actor.user;
    o.created_at = input.created_at > 0 ? input.created_at : now;
    o.updated_at = now;
    MS_RETURN_IF_ERROR(tx.Insert(&o, config_.order_number_prefix,
                                 FormatCompactDate(o.created_at, config_.utc_offset_minutes)));
    JsonObjectWriter payload;
    payload.Add("channel", o.channel).Add("type", o.type).Add("urgency", o.urgency);
    payload.AddIfNotEmpty("category", o.category).AddIfNotEmpty("external_id", o.external_id);
    if (input.created_at > 0) payload.Add("imported", true);
    if (o.upstream_deadline) payload.Add("upstream_deadline", *o.upstream_deadline);
    Event e = NewEvent(&o, Action::kCreate, std::nullopt, OrderStatus::kRegistered, actor,
                       config_.centre_unit, o.created_at, payload.Finish());
    MS_RETURN_IF_ERROR(tx.Save(&o, {e}));
    // The new order's whole timeline is this one event: no need to read it back.
    o.timeline = {std::move(e)};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (out.existed) {  // a re-sent transfer: answer with the stored order and its timeline
    auto full = repo_.Get(out.order.id);
    if (!full.ok()) return full.status();
    out.order = std::move(full).value();
  }
  return out;
}

bool OrderService::CanSee(const Actor& actor, const WorkOrder& order) const {
  if (actor.role != Role::kUnit) return true;
  return order.IsAssignedTo(actor.unit);
}

Result<WorkOrder> OrderService::Get(const Actor& actor, int64_t id) {
  auto order = repo_.Get(id);
  if (!order.ok()) return order.status();
  if (!CanSee(actor, *order)) return NotFound("order_not_found", "工单不存在或无权查看");
  return order;
}

Result<OrderPage> OrderService::List(const Actor& actor, OrderQuery query) {
  if (query.page < 1) return Invalid("invalid_query", "page 须为不小于 1 的整数");
  if (query.page_size < 1 || query.page_size > config_.limits.page_size_max)
    return Invalid("invalid_query", "page_size 须在 1 到 " +
                                        std::to_string(config_.limits.page_size_max) + " 之间");
  if (!query.unit.empty() && !config_.FindUnit(query.unit))
    return Invalid("unknown_unit", "未知的单位:" + query.unit);
  if (!query.category.empty()) {
    const Category* c = config_.FindCategory(query.category);
    if (!c) return Invalid("unknown_category", "未知的诉求类别:" + query.category);
    query.category = c->code;
  }
  if (!IsValidUtf8(query.q) || Utf8Length(query.q) > 100)
    return Invalid("invalid_query", "搜索关键词须为不超过 100 个字符的有效文本");
  if (actor.role == Role::kUnit) query.visible_to_unit = actor.unit;
  return repo_.List(query);
}

Status OrderService::Authorize(const Actor& actor, const WorkOrder& order,
                               const ActionInput& input, std::string* acting_unit) const {
  const Action action = input.action;
  if (actor.role == Role::kLeader)
    return PermissionDenied("forbidden", "领导账号为只读,不能办理工单");
  if (ActorKindOf(action) == ActorKind::kCentre) {
    if (actor.role != Role::kAdmin && actor.role != Role::kCentre)
      return PermissionDenied("forbidden", "「" + std::string(LabelZh(action)) +
                                               "」只能由热线中心操作");
    *acting_unit = config_.centre_unit;
    return Status::Ok();
  }
  if (actor.role == Role::kCentre)
    return PermissionDenied("forbidden",
                            "「" + std::string(LabelZh(action)) + "」只能由承办单位操作");
  // 协办 actions act for one active 协办 unit: the caller's own, or (admin) `unit` / the first.
  if (action == Action::kCoSign || action == Action::kCoReply) {
    auto is_co = [&](const std::string& unit) {
      for (const auto& a : order.assignments)
        if (a.active && a.role == AssignmentRole::kCo && a.unit == unit) return true;
      return false;
    };
    if (actor.role == Role::kUnit) {
      if (!is_co(actor.unit))
        return PermissionDenied("forbidden", "只有本工单的协办单位可以执行「" +
                                                 std::string(LabelZh(action)) + "」");
      *acting_unit = actor.unit;
      return Status::Ok();
    }
    acting_unit->clear();  // admin: Apply checks that the order has such a 协办 unit
    if (!input.unit.empty()) {
      *acting_unit = input.unit;
    } else {
      for (const auto& a : order.assignments)
        if (a.active && a.role == AssignmentRole::kCo) {
          *acting_unit = a.unit;
          break;
        }
    }
    return Status::Ok();
  }
  // Other unit actions act for the active 主办 unit.
  const Assignment* main = order.MainAssignment();
  if (actor.role == Role::kUnit && (main == nullptr || main->unit != actor.unit))
    return PermissionDenied("forbidden", "只有本工单的主办单位可以执行「" +
                                             std::string(LabelZh(action)) + "」");
  *acting_unit = main ? main->unit : actor.unit;
  return Status::Ok();
}

Status OrderService::ValidateUnits(const ActionInput& in) const {
  if (in.unit.empty()) return Missing("unit", "主办单位");
  std::set<std::string> seen;
  auto check = [&](const std::string& id) -> Status {
    const OrgUnit* u = config_.FindUnit(id);
    if (!u) return Invalid("unknown_unit", "未知的单位:" + id);
    if (!u->dispatchable) return Invalid("invalid_unit", "单位「" + u->name + "」不接收派单");
    if (!seen.insert(id).second) return Invalid("duplicate_unit", "单位重复:" + id);
    return Status::Ok();
  };
  MS_RETURN_IF_ERROR(check(in.unit));
  if (in.co_units.size() > static_cast<size_t>(config_.limits.max_co_units))
    return Invalid("too_many_co_units",
                   "协办单位不能超过 " + std::to_string(config_.limits.max_co_units) + " 个");
  for (const auto& co : in.co_units) MS_RETURN_IF_ERROR(check(co));
  if (!in.category.empty() && !config_.FindCategory(in.category))
    return Invalid("unknown_category", "未知的诉求类别:" + in.category);
  return Status::Ok();
}

Status OrderService::Apply(const Actor& actor, const std::string& acting_unit, WorkOrder* o,
                           const ActionInput& in, OrderTransaction& tx,
                           std::vector<Event>* events,
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
        return FailedPrecondition(
            "consult_required", "该工单已退回 " + std::to_string(o->returns_since_consult) +
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
      o->MainAssignment()->replied_at = now;
      LapsePendingExtension(o, now);
      payload.Add("text", text).Add("result", r->id);
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
          return Invalid("invalid_cause",
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
        events->push_back(NewEvent(o, Action::kVisit, from, from, actor, acting_unit, now,
                                   payload.Finish()));
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
          return FailedPrecondition(
              "return_window_expired",
              "已超过退回时限(派单后 " + rules.return_window.text + ",截至 " +
                  LocalMinute(window_end, offset) + "),本单位为首办责任单位,不能退回");
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
        return FailedPrecondition("invalid_merge_target",
                                  "主工单状态为「" + std::string(LabelZh(master->status)) +
                                      "」,不能作为并单目标");
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
        return Invalid("extension_too_long",
                       "单次延期不能超过 " + rule->extension->text + "");
      if (now > reply->due_ms)
        return FailedPrecondition("extension_too_late",
                                  "已超过答复时限(" + LocalMinute(reply->due_ms, offset) +
                                      "),不能再申请延期");
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
      if (e == nullptr)
        return FailedPrecondition("no_pending_extension", "没有待审批的延期申请");
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
        return Invalid("invalid_decision", "裁定结果(decision)须为 accepted(认可)或 rejected(驳回)");
      rating->appeal->status = in.decision;
      rating->appeal->decided_by = actor.user;
      rating->appeal->decided_at = now;
      rating->appeal->decision_note = in.note;
      rating->excluded = in.decision == "accepted";
      payload.Add("decision", in.decision).Add("excluded", rating->excluded);
      break;
    }
    case Action::kCreate:
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

Status OrderService::FanOutToChildren(const WorkOrder& master, const std::vector<Event>& events,
                                      OrderTransaction& tx,
                                      std::vector<std::pair<WorkOrder, Event>>* others) const {
  if (master.merged_children.empty()) return Status::Ok();
  for (const Event& e : events) {
    if (e.action != Action::kApprove && e.action != Action::kVisit && e.action != Action::kClose)
      continue;
    for (int64_t child_id : master.merged_children) {
      // A child may already be queued (two mirrored events in one call): continue its copy.
      WorkOrder* child = nullptr;
      for (auto& [o, ev] : *others)
        if (o.id == child_id) child = &o;
      if (child != nullptr) continue;  // NOTE: at most one mirrored event per child per call
      auto loaded = tx.Load(child_id);
      if (!loaded.ok()) return loaded.status();
      if (loaded->status != OrderStatus::kMerged) continue;
      JsonObjectWriter p;
      p.Add("master_id", master.id)
          .Add("master_number", master.number)
          .Add("master_action", ToString(e.action))
          .Add("master_from", e.from ? ToString(*e.from) : std::string_view())
          .Add("master_to", ToString(e.to))
          .AddRaw("master_payload", e.payload_json);
      Actor system{e.actor_user, Role::kCentre, ""};
      Event ce = NewEvent(&loaded.value(), Action::kMasterUpdate, OrderStatus::kMerged,
                          OrderStatus::kMerged, system, e.actor_unit, e.at, p.Finish());
      loaded->updated_at = e.at;
      others->emplace_back(std::move(loaded).value(), std::move(ce));
    }
  }
  return Status::Ok();
}

void OrderService::SendNotices(const std::vector<Notice>& notices, int* failures) const {
  if (notifier_ == nullptr) return;
  for (const Notice& n : notices) {
    // NOTE: exceptions never cross the port (STYLE.md §3 practice 9).
    try {
      if (!notifier_->Send(n).ok() && failures) ++*failures;
    } catch (...) {
      if (failures) ++*failures;
    }
  }
}

Result<WorkOrder> OrderService::Act(const Actor& actor, int64_t id, const ActionInput& input) {
  if (input.action == Action::kCreate) return Invalid("unknown_action", "未知的操作");
  if (IsSystemOnly(input.action))
    return PermissionDenied("system_only",
                            "「" + std::string(LabelZh(input.action)) + "」由系统自动执行");
  std::vector<Notice> notices;
  Status st = repo_.Write([&](OrderTransaction& tx) -> Status {
    notices.clear();
    auto loaded = tx.Load(id);
    if (!loaded.ok()) return loaded.status();
    WorkOrder order = std::move(loaded).value();
    if (!CanSee(actor, order)) return NotFound("order_not_found", "工单不存在或无权查看");
    std::string acting_unit;
    MS_RETURN_IF_ERROR(Authorize(actor, order, input, &acting_unit));
    MS_RETURN_IF_ERROR(CheckTransition(order.status, input.action));
    std::vector<Event> events;
    std::vector<std::pair<WorkOrder, Event>> others;
    MS_RETURN_IF_ERROR(
        Apply(actor, acting_unit, &order, input, tx, &events, &others, &notices));
    MS_RETURN_IF_ERROR(FanOutToChildren(order, events, tx, &others));
    MS_RETURN_IF_ERROR(tx.Save(&order, events));
    for (auto& [other, event] : others) MS_RETURN_IF_ERROR(tx.Save(&other, {event}));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  SendNotices(notices, nullptr);
  return repo_.Get(id);
}

}  // namespace minsheng
