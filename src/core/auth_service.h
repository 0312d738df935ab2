// AuthService: accounts, login and bearer-token sessions (basic now; hardened later).
//
// Passwords are hashed by the PasswordHasher port (argon2id in production). Tokens are random
// (TokenSource) and only their hashes are stored. Authenticate() caches sessions in memory so
// that a request costs one hash and one map lookup.
//
// Thread-safety: all methods are safe to call concurrently.
#ifndef MINSHENG_CORE_AUTH_SERVICE_H_
#define MINSHENG_CORE_AUTH_SERVICE_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/order_service.h"
#include "core/ports.h"
#include "core/zone_config.h"

namespace minsheng {

struct LoginResult {
  std::string token;
  int64_t expires_at = 0;
  User user;
};

class AuthService {
 public:
  AuthService(const ZoneConfig& config, UserRepository& users, PasswordHasher& hasher,
              TokenSource& tokens, const Clock& clock, int64_t session_ttl_ms)
      : config_(config),
        users_(users),
        hasher_(hasher),
        tokens_(tokens),
        clock_(clock),
        session_ttl_ms_(session_ttl_ms) {}

  // Validates and stores a new account. InvalidArgument for a bad name, weak password, unknown
  // role/unit; Conflict("username_taken").
  Result<User> AddUser(std::string_view username, std::string_view password, std::string_view role,
                       std::string_view unit);

  // Unauthenticated("invalid_credentials") for an unknown user or a wrong password.
  Result<LoginResult> Login(std::string_view username, std::string_view password);

  // Unauthenticated("invalid_token") for an unknown or expired token.
  Result<Actor> Authenticate(std::string_view token);

  // Creates `admin` with `password` when the user table is empty. Returns true if it did.
  Result<bool> EnsureAdmin(std::string_view password);

 private:
  const ZoneConfig& config_;
  UserRepository& users_;
  PasswordHasher& hasher_;
  TokenSource& tokens_;
  const Clock& clock_;
  int64_t session_ttl_ms_;

  struct CachedSession {
    Actor actor;
    int64_t expires_at;
  };
  std::mutex mu_;
  std::unordered_map<std::string, CachedSession> cache_;  // GUARDED_BY(mu_), key: token hash
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_AUTH_SERVICE_H_
