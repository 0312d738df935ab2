// Feature route registration: each feature adds its routes to the router through one function.
// main.cc (via BuildRouter) is the only caller.
#ifndef MINSHENG_API_ROUTES_H_
#define MINSHENG_API_ROUTES_H_

#include <cstdint>
#include <functional>
#include <string>

#include "api/http.h"
#include "core/auth_service.h"
#include "core/knowledge/knowledge_service.h"
#include "core/order_service.h"
#include "core/zone_config.h"

namespace minsheng::api {

// Everything handlers may use. All references outlive the server.
struct ApiDeps {
  const ZoneConfig& config;
  OrderService& orders;
  AuthService& auth;
  // The smart dispatch engine; may be null (orders then carry an empty suggestion).
  DispatchAdvisor* advisor = nullptr;
  // The knowledge base (知识库); may be null (its routes then answer 503 kb_disabled).
  KnowledgeService* knowledge = nullptr;
  // The dispatch accuracy report of the learning loop as JSON, for orders created in
  // [from, to) (epoch ms, 0 = unbounded); may be empty (its route then answers 503).
  std::function<Result<std::string>(int64_t from, int64_t to)> dispatch_accuracy;
};

void RegisterSystemRoutes(Router& router, const ApiDeps& deps);    // /healthz, /api/openapi.json
void RegisterAuthRoutes(Router& router, const ApiDeps& deps);      // login, me
void RegisterMetaRoutes(Router& router, const ApiDeps& deps);      // /api/v1/meta
void RegisterOrderRoutes(Router& router, const ApiDeps& deps);     // /api/v1/orders…
void RegisterDispatchRoutes(Router& router, const ApiDeps& deps);  // /api/v1/dispatch/suggest
void RegisterVisitRoutes(Router& router, const ApiDeps& deps);     // /api/v1/visits/queue
void RegisterLearningRoutes(Router& router, const ApiDeps& deps);  // /api/v1/dispatch/accuracy
// /api/v1/kb/… and POST /api/v1/orders/{id}/answer-from-kb (before RegisterOrderRoutes).
void RegisterKnowledgeRoutes(Router& router, const ApiDeps& deps);

// All of the above plus the authenticator.
Router BuildRouter(const ApiDeps& deps);

// An order as GET /api/v1/orders/{id} renders it: with timeline, deadlines and reply review.
std::string RenderOrder(const ApiDeps& deps, const WorkOrder& order);

// A 200/201 JSON response.
Response JsonResponse(int status, std::string body);

}  // namespace minsheng::api

#endif  // MINSHENG_API_ROUTES_H_
