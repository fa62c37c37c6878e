#include "sys/password_hash.hpp"

#include <crypt.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace chatd::sys {

std::string hash_password(std::string_view password) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  // A null random source asks libcrypt for its own system randomness.
  if (!crypt_gensalt_rn("$y$", 0, nullptr, 0, setting, sizeof setting)) {
    throw std::runtime_error("crypt_gensalt_rn failed: no yescrypt support");
  }
  auto data = std::make_unique<crypt_data>();
  std::string key(password);
  const char* hash = crypt_rn(key.c_str(), setting, data.get(), sizeof *data);
  if (!hash || hash[0] == '*') throw std::runtime_error("crypt_rn failed");
  return hash;
}

bool verify_password(std::string_view password, const std::string& hash) noexcept {
  auto data = std::make_unique<crypt_data>();
  std::string key(password);
  const char* computed = crypt_rn(key.c_str(), hash.c_str(), data.get(), sizeof *data);
  if (!computed || computed[0] == '*') return false;
  std::size_t n = std::strlen(computed);
  if (n != hash.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(computed[i] ^ hash[i]);
  return diff == 0;
}

}  // namespace chatd::sys
