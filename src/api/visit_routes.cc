// 回访工作台: GET /api/v1/visits/queue — orders waiting for a call-back, most urgent first.
// (Recording an attempt is the `visit` action: POST /api/v1/orders/{id}/visit.)
#include <string>

#include "api/error_mapping.h"
#include "api/json_input.h"
#include "api/order_json.h"
#include "api/routes.h"
#include "core/json_writer.h"
#include "core/time_util.h"

namespace minsheng::api {
namespace {

std::string_view AlertName(SlaAlert a) {
  switch (a) {
    case SlaAlert::kYellow:
      return "yellow";
    case SlaAlert::kRed:
      return "red";
    default:
      return "none";
  }
}

std::string RenderQueue(const VisitQueue& q, const ZoneConfig& config) {
  const int off = config.utc_offset_minutes;
  auto time = [&](int64_t ms) {
    return ms == 0 ? std::string("null") : "\"" + FormatIso8601(ms, off) + "\"";
  };
  std::string out = "{\"total\":" + std::to_string(q.total) +
                    ",\"overdue\":" + std::to_string(q.overdue) + ",\"items\":[";
  for (size_t i = 0; i < q.items.size(); ++i) {
    const VisitQueueItem& it = q.items[i];
    if (i > 0) out.push_back(',');
    out += "{\"visit_due\":" + time(it.due_ms) + ",\"alert\":\"" +
           std::string(AlertName(it.alert)) + "\",\"attempts\":" + std::to_string(it.attempts) +
           ",\"attempts_left\":" + std::to_string(it.attempts_left) +
           ",\"last_attempt_at\":" + time(it.last_attempt_at) + ",\"callers\":[";
    for (size_t c = 0; c < it.callers.size(); ++c) {
      const auto& caller = it.callers[c];
      if (c > 0) out.push_back(',');
      out += "{\"order_id\":" + std::to_string(caller.order_id) + ",\"number\":";
      JsonObjectWriter::AppendEscaped(&out, caller.number);
      out += ",\"name\":";
      JsonObjectWriter::AppendEscaped(&out, caller.citizen.name);
      out += ",\"phone\":";
      JsonObjectWriter::AppendEscaped(&out, caller.citizen.phone);
      out += "}";
    }
    out += "],\"order\":";
    AppendOrderJson(it.order, config, /*with_timeline=*/false, &out);
    out += "}";
  }
  out += "]}";
  return out;
}

}  // namespace

void RegisterVisitRoutes(Router& router, const ApiDeps& deps) {
  router.Add({Method::kGet, "/api/v1/visits/queue", [deps](Request& req) -> Response {
                int limit = 100;
                if (auto v = req.Query("limit")) {
                  auto n = ParseId(*v);
                  if (!n || *n > 1000)
                    return ErrorResponse(
                        InvalidArgument("invalid_query", "查询参数 limit 须为 1 到 1000 的整数"));
                  limit = static_cast<int>(*n);
                }
                auto q = deps.orders.VisitQueueFor(*req.actor, limit);
                if (!q.ok()) return ErrorResponse(q.status());
                return JsonResponse(200, RenderQueue(*q, deps.config));
              }});
}

}  // namespace minsheng::api
