// Fuzz target: the HTTP API's request handling behind the socket (router, body parsing, shape
// checks, the use cases, error mapping), as an authenticated admin, on a scratch SQLite database
// with the default zone and the rules-only dispatch engine.
//
// Input: one byte choosing the request — POST /api/v1/orders, POST /api/v1/dispatch/suggest,
// POST /api/v1/orders/1/<action> (the action from the second byte), GET /api/v1/orders?<query>
// — then the body (or query string). Invariants: no 5xx (a 500 means an exception or an
// unmapped error reached the router); every response body is JSON; an error carries a code and
// a message.
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/http.h"
#include "api/routes.h"
#include "app/crypto.h"
#include "core/auth_service.h"
#include "core/types.h"
#include "dispatch/dispatcher.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/scratch_service.h"

namespace {

std::unique_ptr<minsheng::fuzz::ScratchService> scratch;
std::unique_ptr<minsheng::SodiumPasswordHasher> hasher;
std::unique_ptr<minsheng::SodiumTokenSource> tokens;
std::unique_ptr<minsheng::AuthService> auth;
std::unique_ptr<minsheng::Dispatcher> dispatcher;
std::unique_ptr<minsheng::api::ApiDeps> deps;
std::unique_ptr<minsheng::api::Router> router;
std::string bearer;
std::vector<std::string> actions;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // handlers log refused suggestions; not needed here
  FUZZ_CHECK(minsheng::InitSodium());
  scratch = std::make_unique<minsheng::fuzz::ScratchService>("api");
  const minsheng::ZoneConfig& config = scratch->config;
  hasher = std::make_unique<minsheng::SodiumPasswordHasher>();
  tokens = std::make_unique<minsheng::SodiumTokenSource>();
  auth = std::make_unique<minsheng::AuthService>(config, *scratch->store, *hasher, *tokens,
                                                 scratch->clock, 12LL * 3600 * 1000);
  FUZZ_CHECK(auth->AddUser("admin", "Fuzz-Passw0rd", "admin", "").ok());
  auto login = auth->Login("admin", "Fuzz-Passw0rd");
  FUZZ_CHECK(login.ok());
  bearer = "Bearer " + login->token;
  dispatcher = std::make_unique<minsheng::Dispatcher>(config, nullptr);
  deps = std::make_unique<minsheng::api::ApiDeps>(minsheng::api::ApiDeps{
      .config = config, .orders = *scratch->service, .auth = *auth, .advisor = dispatcher.get()});
  router = std::make_unique<minsheng::api::Router>(minsheng::api::BuildRouter(*deps));
  // Order 1, for the actions.
  minsheng::NewOrderInput first;
  first.channel = "phone";
  first.type = "complaint";
  first.title = "王贺村2组下水道堵塞";
  first.content = "污水外溢三天";
  FUZZ_CHECK(
      scratch->service->Create({"admin", minsheng::Role::kAdmin, ""}, std::move(first)).ok());
  for (minsheng::Action a : minsheng::AllActions()) actions.emplace_back(minsheng::ToString(a));
  std::atexit([] {
    router.reset();
    auth.reset();
    scratch.reset();
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  minsheng::api::Request req;
  req.authorization = bearer;
  switch (data[0] % 4) {
    case 0:
      req.method = minsheng::api::Method::kPost;
      req.path = "/api/v1/orders";
      req.body = rest;
      break;
    case 1:
      req.method = minsheng::api::Method::kPost;
      req.path = "/api/v1/dispatch/suggest";
      req.body = rest;
      break;
    case 2:
      req.method = minsheng::api::Method::kPost;
      req.path = "/api/v1/orders/1/" + actions[data[1] % actions.size()];
      req.body = rest;
      break;
    default:
      req.method = minsheng::api::Method::kGet;
      req.path = "/api/v1/orders";
      req.query = minsheng::api::ParseQueryString(rest);
      break;
  }
  auto match = router->Find(req.method, req.path);
  FUZZ_CHECK(match.route != nullptr);
  req.params = std::move(match.params);
  const minsheng::api::Response res = router->Run(*match.route, req);
  FUZZ_CHECK(res.status >= 200 && res.status < 500);
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(res.body);
  } catch (const std::exception&) {
    FUZZ_CHECK(false && "response body is not JSON");
  }
  if (res.status >= 400) {
    FUZZ_CHECK(body.contains("error") && !body["error"].value("code", "").empty() &&
               !body["error"].value("message", "").empty());
  }
  return 0;
}
