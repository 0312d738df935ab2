#include <spdlog/spdlog.h>

#include <exception>

#include "api/error_mapping.h"
#include "api/http.h"
#include "core/text.h"

namespace minsheng::api {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Method> ParseMethod(std::string_view m) {
  if (m == "GET") return Method::kGet;
  if (m == "POST") return Method::kPost;
  if (m == "PUT") return Method::kPut;
  if (m == "DELETE") return Method::kDelete;
  if (m == "PATCH") return Method::kPatch;
  if (m == "HEAD") return Method::kHead;
  if (m == "OPTIONS") return Method::kOptions;
  return std::nullopt;
}

std::string_view ToString(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
    case Method::kPatch:
      return "PATCH";
    case Method::kHead:
      return "HEAD";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

std::optional<std::string> Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string_view Request::Param(std::string_view name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string_view() : std::string_view(it->second);
}

bool PercentDecode(std::string_view in, std::string* out, bool plus_is_space) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::multimap<std::string, std::string> ParseQueryString(std::string_view qs) {
  std::multimap<std::string, std::string> out;
  size_t i = 0;
  while (i <= qs.size()) {
    size_t j = qs.find('&', i);
    if (j == std::string_view::npos) j = qs.size();
    std::string_view part = qs.substr(i, j - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string key, value;
      // A malformed escape keeps the raw text; validation downstream rejects it if needed.
      if (!PercentDecode(part.substr(0, eq), &key, true)) key = std::string(part.substr(0, eq));
      if (eq != std::string_view::npos && !PercentDecode(part.substr(eq + 1), &value, true))
        value = std::string(part.substr(eq + 1));
      out.emplace(std::move(key), std::move(value));
    }
    i = j + 1;
  }
  return out;
}

void Router::Add(Route route) {
  Compiled c;
  c.segments = SplitPath(route.pattern);
  c.route = std::move(route);
  routes_.push_back(std::move(c));
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match m;
  const std::vector<std::string> segs = SplitPath(path);
  for (const Compiled& c : routes_) {
    if (c.segments.size() != segs.size()) continue;
    std::map<std::string, std::string, std::less<>> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string& p = c.segments[i];
      if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
        params[p.substr(1, p.size() - 2)] = segs[i];
      } else if (p != segs[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    m.path_matched = true;
    // HEAD is served by GET routes (the server drops the body).
    if (c.route.method == method || (method == Method::kHead && c.route.method == Method::kGet)) {
      if (!m.route) {
        m.route = &c.route;
        m.params = std::move(params);
      }
    } else {
      std::string name(ToString(c.route.method));
      if (m.allow.find(name) == std::string::npos) {
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += name;
      }
    }
  }
  return m;
}

Response Router::Run(const Route& route, Request& request) const {
  try {
    if (route.authenticated) {
      std::string_view h = request.authorization;
      constexpr std::string_view kBearer = "Bearer ";
      if (h.size() <= kBearer.size() || h.substr(0, kBearer.size()) != kBearer) {
        return ErrorResponse(
            Unauthenticated("unauthenticated", "未登录:请在 Authorization 头中携带 Bearer 令牌"));
      }
      if (!auth_) return ErrorResponse(Internal("no authenticator installed"));
      auto actor = auth_(h.substr(kBearer.size()));
      if (!actor.ok()) return ErrorResponse(actor.status());
      request.actor = std::move(actor).value();
    }
    // Query parameters and path segments are percent-decoded bytes: one that is not UTF-8
    // ("?status=%DB") would reach an error message or a lookup and make the JSON writer throw
    // (found by fuzz/api_fuzz.cc). Bodies are checked by ParseJsonObject.
    for (const auto& [key, value] : request.query) {
      if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
        return ErrorResponse(InvalidArgument("invalid_utf8", "查询参数不是有效的 UTF-8 文本"));
      }
    }
    for (const auto& [key, value] : request.params) {
      if (!IsValidUtf8(value)) {
        return ErrorResponse(InvalidArgument("invalid_utf8", "请求路径不是有效的 UTF-8 文本"));
      }
    }
    return route.handler(request);
  } catch (const std::exception& e) {
    return ErrorResponse(Internal(std::string("handler threw: ") + e.what()));
  } catch (...) {
    return ErrorResponse(Internal("handler threw a non-std exception"));
  }
}

}  // namespace minsheng::api
