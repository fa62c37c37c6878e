// libFuzzer: what a client or an administrator may give the accounts as text: a fingerprint
// is normalized to 64 lowercase hex digits or refused, and names and passwords are judged
// without a crash. A normalized fingerprint normalizes to itself.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "account/account_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string fp = chatd::account::normalize_certfp(text);
  if (!fp.empty()) {
    if (fp.size() != 64 || fp.find_first_not_of("0123456789abcdef") != std::string::npos) std::abort();
    if (chatd::account::normalize_certfp(fp) != fp) std::abort();
  }
  (void)chatd::account::check_account_name(text);
  const std::string why = chatd::account::check_password(text);
  if (why.empty() && (text.size() < chatd::account::kMinPasswordLength || text.find('\0') != std::string::npos)) {
    std::abort();
  }
  return 0;
}
