#include "core/order_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "core/calendar/sla.h"
#include "core/json_writer.h"
#include "core/lifecycle.h"
#include "core/order_service_internal.h"
#include "core/text.h"
#include "core/time_util.h"

namespace minsheng {

using order_internal::Invalid;
using order_internal::LocalMinute;
using order_internal::Missing;
using order_internal::NewEvent;
using order_internal::StageLabel;

namespace {

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
    case Action::kContact:
      return ActorKind::kUnit;
    default:
      return ActorKind::kCentre;
  }
}

Status OrderService::CheckLength(const std::string& value, int max_chars, const char* field,
                                 const char* label) const {
  if (!IsValidUtf8(value))
    return Invalid("invalid_utf8",
                   std::string("字段「") + label + "」(" + field + ")不是有效的 UTF-8 文本");
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
    // An identifier from the advisor (a region code), never shown; anything odd is dropped.
    if (input.place_key.size() <= kMaxPlaceKeyBytes && IsValidUtf8(input.place_key))
      o.place_key = input.place_key;
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
    return Invalid("invalid_query",
                   "page_size 须在 1 到 " + std::to_string(config_.limits.page_size_max) + " 之间");
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

Status OrderService::Authorize(const Actor& actor, const WorkOrder& order, const ActionInput& input,
                               std::string* acting_unit) const {
  const Action action = input.action;
  if (actor.role == Role::kLeader)
    return PermissionDenied("forbidden", "领导账号为只读,不能办理工单");
  if (ActorKindOf(action) == ActorKind::kCentre) {
    if (actor.role != Role::kAdmin && actor.role != Role::kCentre)
      return PermissionDenied("forbidden",
                              "「" + std::string(LabelZh(action)) + "」只能由热线中心操作");
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
        return PermissionDenied(
            "forbidden", "只有本工单的协办单位可以执行「" + std::string(LabelZh(action)) + "」");
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
  // 联系诉求人 acts for any active assignment of the caller's unit (主办 or 协办).
  if (action == Action::kContact) {
    if (actor.role == Role::kUnit) {
      if (!order.IsAssignedTo(actor.unit))
        return PermissionDenied("forbidden", "只有本工单的承办单位可以执行「联系诉求人」");
      *acting_unit = actor.unit;
      return Status::Ok();
    }
    const Assignment* main = order.MainAssignment();
    *acting_unit = !input.unit.empty() ? input.unit : (main ? main->unit : std::string());
    return Status::Ok();
  }
  // Other unit actions act for the active 主办 unit.
  const Assignment* main = order.MainAssignment();
  if (actor.role == Role::kUnit && (main == nullptr || main->unit != actor.unit))
    return PermissionDenied("forbidden",
                            "只有本工单的主办单位可以执行「" + std::string(LabelZh(action)) + "」");
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
    MS_RETURN_IF_ERROR(Apply(actor, acting_unit, &order, input, tx, &events, &others, &notices));
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
