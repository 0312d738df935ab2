#include "core/auth_service.h"

#include "core/text.h"

namespace minsheng {
namespace {

bool ValidUsername(std::string_view name) {
  if (name.size() < 2 || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<User> AuthService::AddUser(std::string_view username, std::string_view password,
                                  std::string_view role, std::string_view unit) {
  if (!ValidUsername(username))
    return InvalidArgument("invalid_username", "用户名须为 2–64 位字母、数字、下划线、点或连字符");
  if (!IsValidUtf8(password) || Utf8Length(password) < 8 || password.size() > 256)
    return InvalidArgument("weak_password", "密码长度须为 8–256 个字符");
  auto r = ParseRole(role);
  if (!r)
    return InvalidArgument(
        "unknown_role", "未知的角色:" + std::string(role) + "(可用 admin、centre、unit、leader)");
  User u;
  u.username = std::string(username);
  u.role = *r;
  if (*r == Role::kUnit) {
    if (unit.empty()) return InvalidArgument("missing_field", "承办单位账号须指定所属单位(--unit)");
    const OrgUnit* ou = config_.FindUnit(unit);
    if (!ou) return InvalidArgument("unknown_unit", "未知的单位:" + std::string(unit));
    u.unit = ou->id;
  } else if (!unit.empty()) {
    if (!config_.FindUnit(unit))
      return InvalidArgument("unknown_unit", "未知的单位:" + std::string(unit));
    u.unit = std::string(unit);
  }
  auto hash = hasher_.Hash(password);
  if (!hash.ok()) return hash.status();
  u.password_hash = std::move(hash).value();
  u.created_at = clock_.NowMs();
  return users_.CreateUser(u);
}

Result<LoginResult> AuthService::Login(std::string_view username, std::string_view password) {
  const Status bad = Unauthenticated("invalid_credentials", "用户名或密码错误");
  if (username.empty() || password.empty() || username.size() > 64 || password.size() > 256)
    return bad;
  auto user = users_.FindUserByName(username);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) return bad;
    return user.status();
  }
  if (!user->active || !hasher_.Verify(user->password_hash, password)) return bad;
  LoginResult out;
  out.token = tokens_.NewToken();
  out.user = user.value();
  Session s;
  s.token_hash = tokens_.HashToken(out.token);
  s.user_id = user->id;
  s.created_at = clock_.NowMs();
  s.expires_at = s.created_at + session_ttl_ms_;
  out.expires_at = s.expires_at;
  MS_RETURN_IF_ERROR(users_.CreateSession(s));
  std::lock_guard lock(mu_);
  cache_[s.token_hash] = CachedSession{Actor{user->username, user->role, user->unit}, s.expires_at};
  return out;
}

Result<Actor> AuthService::Authenticate(std::string_view token) {
  const Status bad = Unauthenticated("invalid_token", "登录已失效或令牌无效,请重新登录");
  if (token.empty() || token.size() > 256) return bad;
  const std::string hash = tokens_.HashToken(token);
  const int64_t now = clock_.NowMs();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) {
      if (it->second.expires_at > now) return it->second.actor;
      cache_.erase(it);
      return bad;
    }
  }
  auto session = users_.FindSession(hash);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound) return bad;
    return session.status();
  }
  if (session->expires_at <= now) return bad;
  auto user = users_.FindUserById(session->user_id);
  if (!user.ok() || !user->active) return bad;
  Actor actor{user->username, user->role, user->unit};
  std::lock_guard lock(mu_);
  cache_[hash] = CachedSession{actor, session->expires_at};
  return actor;
}

Result<bool> AuthService::EnsureAdmin(std::string_view password) {
  auto count = users_.CountUsers();
  if (!count.ok()) return count.status();
  if (*count > 0) return false;
  auto u = AddUser("admin", password, "admin", "");
  if (!u.ok()) return u.status();
  return true;
}

}  // namespace minsheng
