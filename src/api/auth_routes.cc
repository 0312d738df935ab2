// /api/v1/auth/login and /api/v1/me.
#include <nlohmann/json.hpp>

#include "api/error_mapping.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "core/time_util.h"

namespace minsheng::api {
namespace {

using nlohmann::json;

json UserJson(const std::string& username, Role role, const std::string& unit,
              const ZoneConfig& config) {
  json j = {{"username", username}, {"role", ToString(role)}, {"role_label", LabelZh(role)}};
  if (unit.empty()) {
    j["unit"] = nullptr;
    j["unit_name"] = nullptr;
  } else {
    j["unit"] = unit;
    const OrgUnit* u = config.FindUnit(unit);
    j["unit_name"] = u ? json(u->name) : json(nullptr);
  }
  return j;
}

}  // namespace

void RegisterAuthRoutes(Router& router, const ApiDeps& deps) {
  // Login hashes the password (argon2id, ~150 ms): it runs on the worker pool.
  router.Add({Method::kPost, "/api/v1/auth/login",
              [deps](Request& req) -> Response {
                auto body = ParseJsonObject(req.body, /*allow_empty=*/false);
                if (!body.ok()) return ErrorResponse(body.status());
                std::string username, password;
                if (Status st = ReadString(*body, "username", "username", &username); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ReadString(*body, "password", "password", &password); !st.ok())
                  return ErrorResponse(st);
                auto login = deps.auth.Login(username, password);
                if (!login.ok()) return ErrorResponse(login.status());
                json out =
                    UserJson(login->user.username, login->user.role, login->user.unit, deps.config);
                out["token"] = login->token;
                out["expires_at"] =
                    FormatIso8601(login->expires_at, deps.config.utc_offset_minutes);
                out["user"] =
                    UserJson(login->user.username, login->user.role, login->user.unit, deps.config);
                return JsonResponse(200, out.dump());
              },
              Execution::kBlocking, /*authenticated=*/false});

  router.Add({Method::kGet, "/api/v1/me", [deps](Request& req) -> Response {
                const Actor& a = *req.actor;
                return JsonResponse(200, UserJson(a.user, a.role, a.unit, deps.config).dump());
              }});
}

}  // namespace minsheng::api
