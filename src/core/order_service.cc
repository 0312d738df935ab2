#include "core/order_service.h"

#include <algorithm>
#include <set>
#include <string>

#include "core/json_writer.h"
#include "core/lifecycle.h"
#include "core/text.h"
#include "core/time_util.h"

namespace minsheng {
namespace {

Status Missing(const char* field, const char* label) {
  return InvalidArgument("missing_field",
                         std::string("缺少必填字段「") + label + "」(" + field + ")");
}

Status Invalid(const std::string& code, const std::string& message) {
  return InvalidArgument(code, message);
}

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

}  // namespace

ActorKind ActorKindOf(Action action) {
  switch (action) {
    case Action::kSign:
    case Action::kReply:
    case Action::kReturn:
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
    Event e = NewEvent(&o, Action::kCreate, std::nullopt, OrderStatus::kRegistered, actor,
                       config_.centre_unit, o.created_at, payload.Finish());
    return tx.Save(&o, {e});
  });
  if (!st.ok()) return st;
  auto full = repo_.Get(out.order.id);
  if (!full.ok()) return full.status();
  out.order = std::move(full).value();
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

Status OrderService::Authorize(const Actor& actor, const WorkOrder& order, Action action,
                               std::string* acting_unit) const {
  if (actor.role == Role::kLeader)
    return PermissionDenied("forbidden", "领导账号为只读,不能办理工单");
  if (ActorKindOf(action) == ActorKind::kCentre) {
    if (actor.role != Role::kAdmin && actor.role != Role::kCentre)
      return PermissionDenied("forbidden", "「" + std::string(LabelZh(action)) +
                                               "」只能由热线中心操作");
    *acting_unit = config_.centre_unit;
    return Status::Ok();
  }
  // Unit actions act for the active 主办 unit.
  const Assignment* main = order.MainAssignment();
  if (actor.role == Role::kCentre)
    return PermissionDenied("forbidden",
                            "「" + std::string(LabelZh(action)) + "」只能由承办单位操作");
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
                           std::vector<std::pair<WorkOrder, Event>>* others) const {
  const int64_t now = clock_.NowMs();
  const OrderStatus from = o->status;
  const Transition* row = FindTransition(from, in.action);
  OrderStatus to = row->to[0];
  JsonObjectWriter payload;
  const Limits& lim = config_.limits;
  MS_RETURN_IF_ERROR(CheckLength(in.note, lim.note_max_chars, "note", "备注"));
  MS_RETURN_IF_ERROR(CheckLength(in.reason, lim.note_max_chars, "reason", "理由"));
  payload.AddIfNotEmpty("note", in.note);

  switch (in.action) {
    case Action::kDispatch:
    case Action::kRedispatch: {
      MS_RETURN_IF_ERROR(ValidateUnits(in));
      if (in.action == Action::kRedispatch && from == OrderStatus::kReturnRequested) {
        payload.Add("accepted_return_from", o->pending_return_unit)
            .Add("return_reason", o->pending_return_reason);
      }
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
      o->pending_return_reason.clear();
      o->pending_return_note.clear();
      o->pending_return_unit.clear();
      payload.Add("unit", in.unit).Add("co_units", in.co_units);
      payload.AddIfNotEmpty("category", o->category);
      if (!previous.empty()) payload.Add("previous_units", previous);
      break;
    }
    case Action::kSign: {
      o->MainAssignment()->signed_at = now;
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
      payload.Add("text", text).Add("result", r->id);
      break;
    }
    case Action::kApprove:
      break;
    case Action::kRejectReply: {
      if (TrimSpace(in.reason).empty()) return Missing("reason", "审核不通过理由");
      if (auto* m = o->MainAssignment()) m->replied_at = 0;
      payload.Add("reason", in.reason);
      break;
    }
    case Action::kVisit: {
      if (in.satisfaction.empty()) return Missing("satisfaction", "满意度");
      const NamedId* s = config_.FindIn(config_.satisfaction_levels, in.satisfaction);
      if (!s) return Invalid("unknown_satisfaction", "未知的满意度:" + in.satisfaction);
      VisitRecord v{s->id, in.resolved, in.note, actor.user, now};
      o->visits.push_back(v);
      payload.Add("satisfaction", s->id);
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
      } else {
        to = from;  // dissatisfied: the centre decides reopen (主观原因) or close (已解释)
      }
      break;
    }
    case Action::kReturn: {
      if (in.reason_code.empty()) return Missing("reason_code", "退回理由代码");
      const NamedId* r = config_.FindIn(config_.return_reasons, in.reason_code);
      if (!r) return Invalid("unknown_reason_code", "未知的退回理由代码:" + in.reason_code);
      if (TrimSpace(in.note).empty()) return Missing("note", "退回说明及依据");
      o->pending_return_reason = r->id;
      o->pending_return_note = in.note;
      o->pending_return_unit = acting_unit;
      ++o->return_count;
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
      ++o->reopen_count;
      o->close_flag.clear();
      o->closed_at = 0;
      o->reply.reset();
      o->unreachable_count = 0;
      if (o->MainAssignment() == nullptr)
        return FailedPrecondition("no_main_unit", "工单没有主办单位,无法重办,请重新派单");
      o->MainAssignment()->replied_at = 0;
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
      payload.Add("text", text);
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
    case Action::kCreate:
      return Invalid("unknown_action", "未知的操作");
  }
  if (!IsAllowedTarget(*row, to)) return Internal("transition target outside the table row");
  o->status = to;
  o->updated_at = now;
  if (to == OrderStatus::kClosed && from != OrderStatus::kClosed) o->closed_at = now;
  events->push_back(NewEvent(o, in.action, from, to, actor, acting_unit, now, payload.Finish()));
  return Status::Ok();
}

Result<WorkOrder> OrderService::Act(const Actor& actor, int64_t id, const ActionInput& input) {
  if (input.action == Action::kCreate) return Invalid("unknown_action", "未知的操作");
  Status st = repo_.Write([&](OrderTransaction& tx) -> Status {
    auto loaded = tx.Load(id);
    if (!loaded.ok()) return loaded.status();
    WorkOrder order = std::move(loaded).value();
    if (!CanSee(actor, order)) return NotFound("order_not_found", "工单不存在或无权查看");
    std::string acting_unit;
    MS_RETURN_IF_ERROR(Authorize(actor, order, input.action, &acting_unit));
    MS_RETURN_IF_ERROR(CheckTransition(order.status, input.action));
    std::vector<Event> events;
    std::vector<std::pair<WorkOrder, Event>> others;
    MS_RETURN_IF_ERROR(Apply(actor, acting_unit, &order, input, tx, &events, &others));
    MS_RETURN_IF_ERROR(tx.Save(&order, events));
    for (auto& [other, event] : others) MS_RETURN_IF_ERROR(tx.Save(&other, {event}));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return repo_.Get(id);
}

}  // namespace minsheng
