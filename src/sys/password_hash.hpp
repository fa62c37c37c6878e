// Password hashing for [[operator]] entries with crypt(3) from libcrypt (libxcrypt): yescrypt
// ("$y$") by default, and anything libcrypt verifies (sha512-crypt "$6$", bcrypt, ...).
// Thread-safe: uses the reentrant crypt_rn / crypt_gensalt_rn with per-call buffers.
#pragma once

#include <string>
#include <string_view>

namespace chatd::sys {

// A fresh yescrypt hash of `password` with a random salt. Throws std::runtime_error when libcrypt
// cannot produce one.
std::string hash_password(std::string_view password);

// Whether `password` hashes to `hash`. The comparison takes the same time wherever the first
// difference is, so a client cannot learn the hash byte by byte from response times.
bool verify_password(std::string_view password, const std::string& hash) noexcept;

}  // namespace chatd::sys
