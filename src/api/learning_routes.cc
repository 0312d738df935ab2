// GET /api/v1/dispatch/accuracy: the learning loop's accuracy report of smart dispatch (per
// category and per unit: suggestions made, confirmed, corrected, accepted returns, top-1
// accuracy of the category and of the 主办, most frequent confusions). Read-only; centre,
// admin and leader roles. The report itself is built outside the API (ApiDeps.dispatch_accuracy).
#include "api/error_mapping.h"
#include "api/routes.h"
#include "core/time_util.h"

namespace minsheng::api {
namespace {

Status ParseTime(const Request& req, const ZoneConfig& config, const char* name, int64_t* out) {
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

}  // namespace

void RegisterLearningRoutes(Router& router, const ApiDeps& deps) {
  router.Add({Method::kGet, "/api/v1/dispatch/accuracy",
              [deps](Request& req) -> Response {
                if (req.actor->role == Role::kUnit)
                  return ErrorResponse(PermissionDenied(
                      "forbidden", "只有热线中心和领导可以查看智能派单准确率报告"));
                int64_t from = 0, to = 0;
                if (Status st = ParseTime(req, deps.config, "from", &from); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ParseTime(req, deps.config, "to", &to); !st.ok())
                  return ErrorResponse(st);
                if (from > 0 && to > 0 && from >= to)
                  return ErrorResponse(InvalidArgument("invalid_query", "查询参数 from 须早于 to"));
                if (!deps.dispatch_accuracy)
                  return ErrorResponse(Status(StatusCode::kUnavailable, "report_disabled",
                                              "智能派单准确率报告未启用"));
                auto json = deps.dispatch_accuracy(from, to);
                if (!json.ok()) return ErrorResponse(json.status());
                return JsonResponse(200, std::move(json).value());
              },
              Execution::kBlocking});
}

}  // namespace minsheng::api
