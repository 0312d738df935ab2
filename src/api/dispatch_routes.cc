// /api/v1/dispatch/suggest: what the smart dispatch engine proposes for an appeal being typed
// (categories, type, urgency, emergency screen, facts with spans, region, 主办/协办 with reasons).
// Advisory and read-only: nothing is written.
#include "api/error_mapping.h"
#include "api/json_input.h"
#include "api/order_json.h"
#include "api/routes.h"

namespace minsheng::api {

void RegisterDispatchRoutes(Router& router, const ApiDeps& deps) {
  router.Add({Method::kPost, "/api/v1/dispatch/suggest", [deps](Request& req) -> Response {
                if (req.actor->role == Role::kUnit || req.actor->role == Role::kLeader)
                  return ErrorResponse(
                      PermissionDenied("forbidden", "只有热线中心可以使用智能派单建议"));
                auto body = ParseJsonObject(req.body, /*allow_empty=*/false);
                if (!body.ok()) return ErrorResponse(body.status());
                SuggestRequest in;
                if (Status st = ReadString(*body, "title", "title", &in.title); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ReadString(*body, "content", "content", &in.content); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ReadString(*body, "address", "address", &in.address); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ReadString(*body, "phone", "phone", &in.phone); !st.ok())
                  return ErrorResponse(st);
                if (in.title.empty() && in.content.empty())
                  return ErrorResponse(
                      InvalidArgument("missing_field", "缺少必填字段「标题或诉求内容」(title)"));
                const Limits& lim = deps.config.limits;
                for (Status st :
                     {CheckTextLength(in.title, lim.title_max_chars, "title", "标题"),
                      CheckTextLength(in.content, lim.content_max_chars, "content", "诉求内容"),
                      CheckTextLength(in.address, lim.address_max_chars, "address", "地址")}) {
                  if (!st.ok()) return ErrorResponse(st);
                }
                if (deps.advisor == nullptr)
                  return ErrorResponse(Status(StatusCode::kUnavailable, "dispatch_disabled",
                                              "智能派单未启用(服务以 --no-suggest 启动)"));
                auto s = deps.advisor->Suggest(in);
                if (!s.ok()) return ErrorResponse(s.status());
                in.place = s->place;  // the same village/community/estate, without an address
                auto repeats = deps.orders.FindRepeats(*req.actor, in);
                if (!repeats.ok()) return ErrorResponse(repeats.status());
                auto finals = deps.orders.FindFinalAnswers(*req.actor, in);
                if (!finals.ok()) return ErrorResponse(finals.status());
                return JsonResponse(
                    200, WithDuplicates(std::move(s->json), *repeats, deps.config, &*finals));
              }});
}

}  // namespace minsheng::api
