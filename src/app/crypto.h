// libsodium adapters for the core's PasswordHasher and TokenSource ports.
#ifndef MINSHENG_APP_CRYPTO_H_
#define MINSHENG_APP_CRYPTO_H_

#include "core/ports.h"

namespace minsheng {

// argon2id with libsodium's interactive limits (~150 ms per hash on this machine kind).
// Call InitSodium() once before use.
class SodiumPasswordHasher final : public PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) override;
  bool Verify(std::string_view hash, std::string_view password) override;
};

// 32 random bytes, hex-encoded; stored as a BLAKE2b hash.
class SodiumTokenSource final : public TokenSource {
 public:
  std::string NewToken() override;
  std::string HashToken(std::string_view token) override;
};

// sodium_init(); false if libsodium cannot be initialised.
bool InitSodium();

}  // namespace minsheng

#endif  // MINSHENG_APP_CRYPTO_H_
