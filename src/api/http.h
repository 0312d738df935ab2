// Framework-neutral HTTP request/response types and the route table.
//
// Handlers see only these types (no Beast), so feature files compile fast and can be unit
// tested without a socket. The Beast server (server.cc) converts to and from them.
//
// Thread-safety: a Router is built once at start-up and then only read (safe to share).
#ifndef MINSHENG_API_HTTP_H_
#define MINSHENG_API_HTTP_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/order_service.h"
#include "core/status.h"

namespace minsheng::api {

enum class Method { kGet, kPost, kPut, kDelete, kPatch, kHead, kOptions, kOther };

std::optional<Method> ParseMethod(std::string_view m);
std::string_view ToString(Method m);

struct Request {
  Method method = Method::kGet;
  std::string path;                               // decoded path without the query string
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string authorization;                      // the Authorization header value, may be empty
  std::string body;

  // Path parameters filled by the router, e.g. {"id": "42"}.
  std::map<std::string, std::string, std::less<>> params;
  // The authenticated caller; set for routes that require authentication.
  std::optional<Actor> actor;

  // First value of a query parameter, or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
  std::string_view Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::string allow;  // the Allow header for 405 responses
};

using Handler = std::function<Response(Request&)>;

// Where a handler runs. kInline: cheap reads on the I/O thread. kBlocking: writes and
// password hashing on the worker pool (they wait for a group commit or burn ~150 ms of CPU).
enum class Execution { kInline, kBlocking };

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/orders/{id}/{action}"; a segment in braces is a parameter
  Handler handler;
  Execution execution = Execution::kInline;
  bool authenticated = true;
};

// Resolves a bearer token to an actor; installed by the wiring code (AuthService).
using Authenticator = std::function<Result<Actor>(std::string_view token)>;

class Router {
 public:
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;  // null when no route matched
    std::map<std::string, std::string, std::less<>> params;
    bool path_matched = false;  // a route with this path exists (for 405 vs 404)
    std::string allow;          // methods allowed on the path, for 405
  };
  Match Find(Method method, std::string_view path) const;

  // Runs a matched route: authentication (when the route needs it) then the handler.
  // Never throws: exceptions become a logged 500.
  Response Run(const Route& route, Request& request) const;

  void SetAuthenticator(Authenticator auth) { auth_ = std::move(auth); }

 private:
  struct Compiled {
    Route route;
    std::vector<std::string> segments;
  };
  std::vector<Compiled> routes_;
  Authenticator auth_;
};

// Splits "a=1&b=%E4%B8%AD" into decoded pairs ('+' means space).
std::multimap<std::string, std::string> ParseQueryString(std::string_view qs);
// Percent-decodes; returns false on a malformed escape.
bool PercentDecode(std::string_view in, std::string* out, bool plus_is_space);

}  // namespace minsheng::api

#endif  // MINSHENG_API_HTTP_H_
