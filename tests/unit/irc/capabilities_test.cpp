#include "irc/capabilities.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace chatd::irc;

namespace {

bool has(const std::string& list, const std::string& word) {
  return (" " + list + " ").find(" " + word + " ") != std::string::npos;
}

}  // namespace

TEST_CASE("capabilities: draft/account-registration is offered only with accounts and open registration") {
  CHECK(find_cap("draft/account-registration") == kCapAccountRegistration);
  CHECK_FALSE((offered_caps({.history = true, .accounts = true}) & kCapAccountRegistration) != 0);
  CHECK_FALSE((offered_caps({.history = true, .accounts = false, .registration = true}) & kCapAccountRegistration) !=
              0);
  const CapOffer open{.history = true, .accounts = true, .registration = true, .before_connect = true};
  CHECK((offered_caps(open) & kCapAccountRegistration) != 0);
  CHECK((offered_caps(open) & kCapSasl) != 0);
}

TEST_CASE("capabilities: CAP LS 302 gives draft/account-registration before-connect unless a password is set") {
  const CapOffer open{.history = true, .accounts = true, .registration = true, .before_connect = true};
  CHECK(has(cap_ls_names(offered_caps(open), true, open), "draft/account-registration=before-connect"));
  CHECK(has(cap_ls_names(offered_caps(open), true, open), "sasl=PLAIN,EXTERNAL"));
  CHECK(has(cap_ls_names(offered_caps(open), false, open), "draft/account-registration"));
  CapOffer password = open;
  password.before_connect = false;
  CHECK(has(cap_ls_names(offered_caps(password), true, password), "draft/account-registration"));
  CHECK_FALSE(has(cap_ls_names(offered_caps(password), true, password), "draft/account-registration=before-connect"));
  // Names stay in alphabetical order, which CAP LS and CAP LIST show.
  CHECK(cap_names(kCapAccountRegistration | kCapChathistory | kCapBatch) ==
        "batch draft/account-registration draft/chathistory");
}

TEST_CASE("capabilities: account-tag is offered only while accounts are enabled") {
  CHECK(find_cap("account-tag") == kCapAccountTag);
  CHECK((offered_caps({.accounts = true}) & kCapAccountTag) != 0);
  CHECK((offered_caps({.history = true, .accounts = false}) & kCapAccountTag) == 0);
  CHECK(cap_names(kCapAccountNotify | kCapAccountTag | kCapBatch) == "account-notify account-tag batch");
}
