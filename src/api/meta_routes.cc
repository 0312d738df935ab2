// /healthz, /api/openapi.json, /api/v1/meta, and the router assembly.
#include <nlohmann/json.hpp>

#include "api/error_mapping.h"
#include "api/openapi_embed.h"
#include "api/routes.h"

namespace minsheng::api {
namespace {

using nlohmann::json;

json NamedList(const std::vector<NamedId>& list) {
  json a = json::array();
  for (const NamedId& n : list) {
    json e = {{"id", n.id}, {"name", n.name}};
    if (!n.description.empty()) e["description"] = n.description;
    a.push_back(std::move(e));
  }
  return a;
}

json SlaJson(const std::optional<SlaDuration>& d) { return d ? json(d->text) : json(nullptr); }

// The dictionaries never change while the server runs: build the body once.
std::string BuildMeta(const ZoneConfig& c) {
  json units = json::array();
  for (const OrgUnit& u : c.units) {
    units.push_back({{"id", u.id},
                     {"name", u.name},
                     {"short", u.short_name},
                     {"kind", u.kind},
                     {"parent", u.parent},
                     {"region", u.region},
                     {"dispatchable", u.dispatchable}});
  }
  json cats = json::array();
  for (const Category& k : c.categories) {
    cats.push_back({{"code", k.code},
                    {"name", k.name},
                    {"level", k.level},
                    {"parent", k.parent.empty() ? json(nullptr) : json(k.parent)},
                    {"main_unit", k.main_unit},
                    {"co_units", k.co_units}});
  }
  json statuses = json::array();
  for (OrderStatus s : AllOrderStatuses()) {
    statuses.push_back({{"id", ToString(s)}, {"name", LabelZh(s)}, {"open", IsOpen(s)}});
  }
  json actions = json::array();
  for (Action a : AllActions()) {
    if (a == Action::kCreate || IsSystemOnly(a)) continue;
    actions.push_back({{"id", ToString(a)}, {"name", LabelZh(a)}});
  }
  json sla = json::array();
  for (const SlaRule& r : c.sla) {
    sla.push_back({{"class", r.klass},
                   {"label", r.label},
                   {"dispatch", SlaJson(r.dispatch)},
                   {"sign", SlaJson(r.sign)},
                   {"first_contact", SlaJson(r.first_contact)},
                   {"reply", SlaJson(r.reply)},
                   {"extension", SlaJson(r.extension)},
                   {"max_extensions", r.max_extensions},
                   {"note", r.note}});
  }
  json meta = {{"zone",
                {{"id", c.zone_id},
                 {"name", c.zone_name},
                 {"centre_unit", c.centre_unit},
                 {"utc_offset_minutes", c.utc_offset_minutes}}},
               {"units", std::move(units)},
               {"categories", std::move(cats)},
               {"channels", NamedList(c.channels)},
               {"order_types", NamedList(c.order_types)},
               {"urgencies", NamedList(c.urgencies)},
               {"satisfaction_levels", NamedList(c.satisfaction_levels)},
               {"reply_results", NamedList(c.reply_results)},
               {"return_reasons", NamedList(c.return_reasons)},
               {"refuse_reasons", NamedList(c.refuse_reasons)},
               {"emergency_targets", NamedList(c.emergency_targets)},
               {"statuses", std::move(statuses)},
               {"actions", std::move(actions)},
               {"sla", std::move(sla)},
               {"limits",
                {{"max_body_bytes", c.limits.max_body_bytes},
                 {"title_max_chars", c.limits.title_max_chars},
                 {"content_max_chars", c.limits.content_max_chars},
                 {"max_attachments", c.limits.max_attachments},
                 {"max_co_units", c.limits.max_co_units},
                 {"page_size_max", c.limits.page_size_max}}}};
  return meta.dump();
}

}  // namespace

Response JsonResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

void RegisterSystemRoutes(Router& router, const ApiDeps&) {
  router.Add({Method::kGet, "/healthz",
              [](Request&) { return JsonResponse(200, R"({"status":"ok"})"); }, Execution::kInline,
              /*authenticated=*/false});
  router.Add({Method::kGet, "/api/openapi.json",
              [](Request&) { return JsonResponse(200, std::string(OpenApiDocument())); },
              Execution::kInline, /*authenticated=*/false});
}

void RegisterMetaRoutes(Router& router, const ApiDeps& deps) {
  auto body = std::make_shared<const std::string>(BuildMeta(deps.config));
  router.Add({Method::kGet, "/api/v1/meta", [body](Request&) { return JsonResponse(200, *body); }});
}

Router BuildRouter(const ApiDeps& deps) {
  Router router;
  AuthService* auth = &deps.auth;
  router.SetAuthenticator([auth](std::string_view token) { return auth->Authenticate(token); });
  RegisterSystemRoutes(router, deps);
  RegisterAuthRoutes(router, deps);
  RegisterMetaRoutes(router, deps);
  RegisterKnowledgeRoutes(router, deps);  // before /orders/{id}/{action}: first match wins
  RegisterOrderRoutes(router, deps);
  RegisterDispatchRoutes(router, deps);
  RegisterVisitRoutes(router, deps);
  RegisterLearningRoutes(router, deps);
  return router;
}

}  // namespace minsheng::api
