// What an account name, a password and a certificate fingerprint may be. Account names follow
// the nick rules (a user logged in as "alice" may own the nick "alice") and the rfc1459
// casemapping; passwords have a minimum length and a maximum size (they travel in one SASL
// PLAIN message and through crypt(3), which stops at NUL). Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chatd::account {

inline constexpr std::size_t kMinPasswordLength = 8;   // bytes
inline constexpr std::size_t kMaxPasswordBytes = 256;  // bytes
inline constexpr std::size_t kMaxAccountName = 30;     // bytes, whatever [limits] nick_length says
// Accounts in one database (the directory every loop reads is kept in memory whole).
inline constexpr std::size_t kMaxAccounts = 10000;
// Certificate fingerprints per account (a few devices each).
inline constexpr std::size_t kMaxCertfps = 8;

// "" when `name` may name an account, else why not.
std::string check_account_name(std::string_view name);
// "" when `password` may be set, else why not (never quoting it).
std::string check_password(std::string_view password);
// A SHA-256 fingerprint as 64 lowercase hex digits, from hex in either case with or without
// ':' between the bytes; "" when `text` is not one.
std::string normalize_certfp(std::string_view text);

}  // namespace chatd::account
