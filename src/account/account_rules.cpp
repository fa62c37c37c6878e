#include "account/account_rules.hpp"

#include "irc/names.hpp"

namespace chatd::account {

std::string check_account_name(std::string_view name) {
  if (name.empty()) return "an account name must not be empty";
  if (name.size() > kMaxAccountName) return "an account name is at most " + std::to_string(kMaxAccountName) + " bytes";
  if (!irc::is_valid_nick(name, kMaxAccountName)) {
    return "an account name follows the nick rules: a letter or one of []\\`_^{|} first, then letters, digits, "
           "those or '-'";
  }
  return {};
}

std::string check_password(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return "the password is too short (at least " + std::to_string(kMinPasswordLength) + " bytes)";
  }
  if (password.size() > kMaxPasswordBytes) {
    return "the password is too long (at most " + std::to_string(kMaxPasswordBytes) + " bytes)";
  }
  for (char c : password) {
    if (c == '\0' || c == '\r' || c == '\n') return "the password must not contain NUL, CR or LF";
  }
  return {};
}

std::string normalize_certfp(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':' && i % 3 == 2 && i + 1 < text.size()) continue;  // "ab:cd:..." byte separators only
    if (c >= '0' && c <= '9') {
      out += c;
    } else if (c >= 'a' && c <= 'f') {
      out += c;
    } else if (c >= 'A' && c <= 'F') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      return {};
    }
    if (out.size() > 64) return {};
  }
  return out.size() == 64 ? out : std::string();
}

}  // namespace chatd::account
