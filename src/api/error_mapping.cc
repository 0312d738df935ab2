#include "api/error_mapping.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace minsheng::api {
namespace {

Response Make(int http_status, const std::string& code, const std::string& message) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  Response r;
  r.status = http_status;
  r.body = body.dump();
  return r;
}

}  // namespace

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kFailedPrecondition:
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kResourceExhausted:
      return 413;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Status& status) {
  if (status.ok()) return Make(500, "internal", "服务器内部错误");
  const int http = HttpStatusFor(status.code());
  if (http >= 500) {
    // The detail may name files or SQL; it goes to the log only.
    spdlog::error("请求失败 {}: {} ({})", status.error_code(), status.message(), status.detail());
  }
  std::string code = status.error_code().empty() ? "error" : status.error_code();
  return Make(http, code, status.message());
}

Response PayloadTooLarge(int64_t limit_bytes) {
  return ErrorResponse(Status(StatusCode::kResourceExhausted, "payload_too_large",
                              "请求体超过 " + std::to_string(limit_bytes) + " 字节的上限"));
}

Response RouteNotFound() { return ErrorResponse(NotFound("not_found", "请求的接口不存在")); }

Response MethodNotAllowed(const std::string& allow) {
  Response r = Make(405, "method_not_allowed", "该接口不支持此请求方法");
  r.allow = allow;
  return r;
}

Response BadRequest(const std::string& code, const std::string& message) {
  return ErrorResponse(InvalidArgument(code, message));
}

}  // namespace minsheng::api
