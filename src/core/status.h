// Status and Result<T>: how errors cross module edges in Minsheng.
//
// A Status carries a transport-neutral category (StatusCode), a stable machine-readable
// error code (e.g. "unknown_unit") that API clients may switch on, a client-safe message in
// Simplified Chinese for operators, and an optional internal detail that is logged but never
// shown to clients. The category is mapped to an HTTP status in exactly one place
// (src/api/error_mapping.cc); when adding a StatusCode, update that mapping and the OpenAPI file.
//
// Thread-safety: value types, safe to copy between threads.
#ifndef MINSHENG_CORE_STATUS_H_
#define MINSHENG_CORE_STATUS_H_

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace minsheng {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // malformed or out-of-range input
  kNotFound,            // the addressed entity does not exist (or is invisible to the caller)
  kFailedPrecondition,  // the action is not allowed in the entity's current state
  kConflict,            // uniqueness violation, concurrent modification
  kPermissionDenied,    // authenticated, but the role/unit may not do this
  kUnauthenticated,     // missing or invalid credentials
  kResourceExhausted,   // request too large, limits hit
  kUnavailable,         // temporarily unable to serve (shutting down, storage latched)
  kInternal,            // a bug or an unexpected storage failure
};

class Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string error_code, std::string message, std::string detail = {})
      : code_(code),
        error_code_(std::move(error_code)),
        message_(std::move(message)),
        detail_(std::move(detail)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // Stable identifier such as "unknown_unit"; empty when ok().
  const std::string& error_code() const { return error_code_; }
  // Operator-facing message in Simplified Chinese.
  const std::string& message() const { return message_; }
  // Internal detail for logs; never sent to clients.
  const std::string& detail() const { return detail_; }

  std::string ToString() const {
    if (ok()) return "OK";
    std::string s = error_code_ + ": " + message_;
    if (!detail_.empty()) s += " (" + detail_ + ")";
    return s;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string error_code_;
  std::string message_;
  std::string detail_;
};

inline Status InvalidArgument(std::string error_code, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(error_code), std::move(message));
}
inline Status NotFound(std::string error_code, std::string message) {
  return Status(StatusCode::kNotFound, std::move(error_code), std::move(message));
}
inline Status FailedPrecondition(std::string error_code, std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(error_code), std::move(message));
}
inline Status Conflict(std::string error_code, std::string message) {
  return Status(StatusCode::kConflict, std::move(error_code), std::move(message));
}
inline Status PermissionDenied(std::string error_code, std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(error_code), std::move(message));
}
inline Status Unauthenticated(std::string error_code, std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(error_code), std::move(message));
}
inline Status Internal(std::string detail) {
  return Status(StatusCode::kInternal, "internal", "服务器内部错误,请稍后重试或联系系统管理员",
                std::move(detail));
}
inline Status Unavailable(std::string detail) {
  return Status(StatusCode::kUnavailable, "unavailable", "服务暂时不可用,请稍后重试",
                std::move(detail));
}

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result constructed from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace minsheng

// Propagates a non-OK Status from an expression returning Status.
#define MS_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::minsheng::Status ms_status_ = (expr);  \
    if (!ms_status_.ok()) return ms_status_; \
  } while (false)

#endif  // MINSHENG_CORE_STATUS_H_
