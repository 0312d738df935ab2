// /api/v1/orders: intake, reads and lifecycle actions. Handlers only translate JSON to core
// inputs, call one OrderService use case and map its result.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/error_mapping.h"
#include "api/json_input.h"
#include "api/order_json.h"
#include "api/routes.h"
#include "core/time_util.h"

namespace minsheng::api {
namespace {

using nlohmann::json;

Status ParseNewOrder(const json& j, int offset, NewOrderInput* in) {
  MS_RETURN_IF_ERROR(ReadString(j, "channel", "channel", &in->channel));
  MS_RETURN_IF_ERROR(ReadString(j, "external_id", "external_id", &in->external_id));
  MS_RETURN_IF_ERROR(ReadString(j, "type", "type", &in->type));
  MS_RETURN_IF_ERROR(ReadString(j, "urgency", "urgency", &in->urgency));
  MS_RETURN_IF_ERROR(ReadString(j, "category", "category", &in->category));
  MS_RETURN_IF_ERROR(ReadString(j, "title", "title", &in->title));
  MS_RETURN_IF_ERROR(ReadString(j, "content", "content", &in->content));
  MS_RETURN_IF_ERROR(ReadString(j, "address", "address", &in->address));
  MS_RETURN_IF_ERROR(ReadString(j, "region_code", "region_code", &in->region_code));
  std::string upstream_deadline;
  MS_RETURN_IF_ERROR(ReadString(j, "upstream_deadline", "upstream_deadline", &upstream_deadline));
  if (!upstream_deadline.empty()) {
    auto ms = ParseIso8601(upstream_deadline, offset);
    if (!ms)
      return InvalidField("upstream_deadline", "ISO 8601 时间(如 2026-12-01T18:00:00+08:00)");
    in->upstream_deadline = *ms;
  }
  if (auto it = j.find("citizen"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return InvalidField("citizen", "JSON 对象");
    const json& c = *it;
    MS_RETURN_IF_ERROR(ReadString(c, "name", "citizen.name", &in->citizen.name));
    MS_RETURN_IF_ERROR(ReadString(c, "phone", "citizen.phone", &in->citizen.phone));
    MS_RETURN_IF_ERROR(
        ReadBool(c, "confidential", "citizen.confidential", &in->citizen.confidential));
    MS_RETURN_IF_ERROR(ReadBool(c, "anonymous", "citizen.anonymous", &in->citizen.anonymous));
  }
  if (auto it = j.find("attachments"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return InvalidField("attachments", "数组");
    for (const json& a : *it) {
      if (!a.is_object()) return InvalidField("attachments[]", "JSON 对象");
      Attachment att;
      MS_RETURN_IF_ERROR(ReadString(a, "name", "attachments[].name", &att.name));
      MS_RETURN_IF_ERROR(ReadString(a, "url", "attachments[].url", &att.url));
      MS_RETURN_IF_ERROR(ReadString(a, "mime", "attachments[].mime", &att.mime));
      MS_RETURN_IF_ERROR(ReadInt64(a, "size", "attachments[].size", &att.size));
      in->attachments.push_back(std::move(att));
    }
  }
  return Status::Ok();
}

Status ParseActionInput(const json& j, int offset, ActionInput* in) {
  MS_RETURN_IF_ERROR(ReadString(j, "unit", "unit", &in->unit));
  MS_RETURN_IF_ERROR(ReadStringArray(j, "co_units", "co_units", &in->co_units));
  MS_RETURN_IF_ERROR(ReadString(j, "category", "category", &in->category));
  MS_RETURN_IF_ERROR(ReadString(j, "note", "note", &in->note));
  MS_RETURN_IF_ERROR(ReadString(j, "text", "text", &in->text));
  MS_RETURN_IF_ERROR(ReadString(j, "method", "method", &in->method));
  MS_RETURN_IF_ERROR(ReadString(j, "result", "result", &in->result));
  MS_RETURN_IF_ERROR(ReadString(j, "reason", "reason", &in->reason));
  MS_RETURN_IF_ERROR(ReadString(j, "reason_code", "reason_code", &in->reason_code));
  MS_RETURN_IF_ERROR(ReadString(j, "satisfaction", "satisfaction", &in->satisfaction));
  MS_RETURN_IF_ERROR(ReadOptionalBool(j, "resolved", "resolved", &in->resolved));
  MS_RETURN_IF_ERROR(ReadInt64(j, "into", "into", &in->into));
  MS_RETURN_IF_ERROR(ReadString(j, "to", "to", &in->to));
  MS_RETURN_IF_ERROR(ReadInt64(j, "final_of", "final_of", &in->final_of));
  MS_RETURN_IF_ERROR(ReadBool(j, "final_answer", "final_answer", &in->final_answer));
  MS_RETURN_IF_ERROR(ReadString(j, "signed_by", "signed_by", &in->signed_by));
  MS_RETURN_IF_ERROR(ReadString(j, "evidence", "evidence", &in->evidence));
  // Closed-loop rules (issue 4).
  if (auto it = j.find("days"); it != j.end() && !it->is_null()) {
    if (!it->is_number()) return InvalidField("days", "数字(工作日)");
    in->days = it->get<double>();
  }
  MS_RETURN_IF_ERROR(ReadString(j, "legal_basis", "legal_basis", &in->legal_basis));
  MS_RETURN_IF_ERROR(ReadString(j, "cause", "cause", &in->cause));
  MS_RETURN_IF_ERROR(ReadString(j, "decision", "decision", &in->decision));
  MS_RETURN_IF_ERROR(ReadString(j, "level", "level", &in->level));
  MS_RETURN_IF_ERROR(ReadBool(j, "listed", "listed", &in->listed));
  MS_RETURN_IF_ERROR(ReadString(j, "stage", "stage", &in->stage));
  if (auto it = j.find("due_at"); it != j.end() && !it->is_null()) {
    std::optional<int64_t> ms;
    if (it->is_string()) ms = ParseIso8601(it->get<std::string>(), offset);
    if (!ms) return InvalidField("due_at", "ISO 8601 时间(如 2026-12-01T18:00:00+08:00)");
    in->due_at = *ms;
  }
  return Status::Ok();
}

Result<int64_t> PathId(const Request& req) {
  auto id = ParseId(req.Param("id"));
  if (!id) return InvalidArgument("invalid_id", "工单编号须为正整数");
  return *id;
}

Status ParseIntParam(const Request& req, const char* name, int* out) {
  auto v = req.Query(name);
  if (!v) return Status::Ok();
  auto id = ParseId(*v);
  if (!id || *id > 1000000) {
    return InvalidArgument("invalid_query", std::string("查询参数 ") + name + " 须为正整数");
  }
  *out = static_cast<int>(*id);
  return Status::Ok();
}

Status ParseTimeParam(const Request& req, const ZoneConfig& config, const char* name,
                      int64_t* out) {
  auto v = req.Query(name);
  if (!v || v->empty()) return Status::Ok();
  auto ms = ParseIso8601(*v, config.utc_offset_minutes);
  if (!ms) {
    return InvalidArgument("invalid_query", std::string("查询参数 ") + name +
                                                " 须为 ISO 8601 日期或时间,如 2026-11-29");
  }
  *out = *ms;
  return Status::Ok();
}

Result<OrderQuery> ParseOrderQuery(const Request& req, const ZoneConfig& config) {
  OrderQuery q;
  if (auto s = req.Query("status"); s && !s->empty()) {
    q.status = ParseOrderStatus(*s);
    if (!q.status) return InvalidArgument("invalid_query", "未知的工单状态:" + *s);
  }
  if (auto u = req.Query("unit")) q.unit = *u;
  if (auto c = req.Query("category")) q.category = *c;
  if (auto t = req.Query("q")) q.q = *t;
  MS_RETURN_IF_ERROR(ParseTimeParam(req, config, "from", &q.from));
  MS_RETURN_IF_ERROR(ParseTimeParam(req, config, "to", &q.to));
  MS_RETURN_IF_ERROR(ParseIntParam(req, "page", &q.page));
  MS_RETURN_IF_ERROR(ParseIntParam(req, "page_size", &q.page_size));
  return q;
}

}  // namespace

// A single-order view: the order plus what is computed on read (deadlines, reply review).
std::string RenderOrder(const ApiDeps& deps, const WorkOrder& order) {
  auto deadlines = deps.orders.Deadlines(order);
  OrderExtras extras;
  int64_t reply_due = 0;
  if (deadlines.ok()) {
    extras.deadlines = &deadlines.value();
    if (const StageDeadline* d = deadlines->Main("reply")) reply_due = d->due_ms;
  }
  std::vector<ReviewFinding> review = ReviewOrderReply(order, reply_due);
  extras.review = &review;
  return OrderJson(order, deps.config, true, &extras);
}

void RegisterOrderRoutes(Router& router, const ApiDeps& deps) {
  router.Add(
      {Method::kPost, "/api/v1/orders",
       [deps](Request& req) -> Response {
         auto body = ParseJsonObject(req.body, /*allow_empty=*/false);
         if (!body.ok()) return ErrorResponse(body.status());
         NewOrderInput in;
         if (Status st = ParseNewOrder(*body, deps.config.utc_offset_minutes, &in); !st.ok())
           return ErrorResponse(st);
         if (deps.advisor != nullptr) {
           // Advisory only: intake never fails because the engine did.
           // Repeat candidates (重复件) are looked up while the operator types
           // (POST /api/v1/dispatch/suggest), not again here: on the hot intake path the
           // two extra queries cost ~25 % of create throughput (docs/benchmarks.md).
           auto s = deps.advisor->Suggest({in.title, in.content, in.address, in.citizen.phone});
           if (s.ok()) {
             in.dispatch_suggestion_json = std::move(s->json);
             in.place_key = std::move(s->place);
           } else {
             spdlog::warn("智能派单建议失败:{}", s.status().ToString());
           }
         }
         auto out = deps.orders.Create(*req.actor, std::move(in));
         if (!out.ok()) return ErrorResponse(out.status());
         return JsonResponse(out->existed ? 200 : 201, RenderOrder(deps, out->order));
       },
       Execution::kBlocking});

  router.Add({Method::kGet, "/api/v1/orders/{id}", [deps](Request& req) -> Response {
                auto id = PathId(req);
                if (!id.ok()) return ErrorResponse(id.status());
                auto order = deps.orders.Get(*req.actor, *id);
                if (!order.ok()) return ErrorResponse(order.status());
                return JsonResponse(200, RenderOrder(deps, *order));
              }});

  router.Add({Method::kGet, "/api/v1/orders", [deps](Request& req) -> Response {
                auto query = ParseOrderQuery(req, deps.config);
                if (!query.ok()) return ErrorResponse(query.status());
                const int page = query->page, page_size = query->page_size;
                auto result = deps.orders.List(*req.actor, std::move(query).value());
                if (!result.ok()) return ErrorResponse(result.status());
                std::string body = "{\"items\":[";
                body.reserve(1024 * (result->items.size() + 1));
                for (size_t i = 0; i < result->items.size(); ++i) {
                  if (i > 0) body.push_back(',');
                  AppendOrderJson(result->items[i], deps.config, false, &body);
                }
                body += "],\"total\":" + std::to_string(result->total) +
                        ",\"page\":" + std::to_string(page) +
                        ",\"page_size\":" + std::to_string(page_size) + "}";
                return JsonResponse(200, std::move(body));
              }});

  router.Add({Method::kPost, "/api/v1/orders/{id}/{action}",
              [deps](Request& req) -> Response {
                auto action = ParseAction(req.Param("action"));
                if (!action || *action == Action::kCreate) {
                  return ErrorResponse(
                      NotFound("unknown_action", "未知的操作:" + std::string(req.Param("action"))));
                }
                auto id = PathId(req);
                if (!id.ok()) return ErrorResponse(id.status());
                auto body = ParseJsonObject(req.body, /*allow_empty=*/true);
                if (!body.ok()) return ErrorResponse(body.status());
                ActionInput in;
                in.action = *action;
                if (Status st = ParseActionInput(*body, deps.config.utc_offset_minutes, &in);
                    !st.ok())
                  return ErrorResponse(st);
                auto order = deps.orders.Act(*req.actor, *id, in);
                if (!order.ok()) return ErrorResponse(order.status());
                return JsonResponse(200, RenderOrder(deps, *order));
              },
              Execution::kBlocking});
}

}  // namespace minsheng::api
