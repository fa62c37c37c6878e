#include "account/account_rules.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace chatd::account;

TEST_CASE("account: names follow the nick rules and a length cap") {
  CHECK(check_account_name("alice").empty());
  CHECK(check_account_name("[ops]_1").empty());
  CHECK_FALSE(check_account_name("").empty());
  CHECK_FALSE(check_account_name("1alice").empty());
  CHECK_FALSE(check_account_name("al ice").empty());
  CHECK_FALSE(check_account_name("#lab").empty());
  CHECK_FALSE(check_account_name(std::string(kMaxAccountName + 1, 'a')).empty());
  CHECK(check_account_name(std::string(kMaxAccountName, 'a')).empty());
}

TEST_CASE("account: passwords have a minimum length, a maximum size and no NUL or line end") {
  CHECK(check_password("correct horse").empty());
  CHECK_FALSE(check_password(std::string(kMinPasswordLength - 1, 'x')).empty());
  CHECK(check_password(std::string(kMinPasswordLength, 'x')).empty());
  CHECK(check_password(std::string(kMaxPasswordBytes, 'x')).empty());
  CHECK_FALSE(check_password(std::string(kMaxPasswordBytes + 1, 'x')).empty());
  CHECK_FALSE(check_password(std::string("longenough\0x", 12)).empty());
  CHECK_FALSE(check_password("longenough\nx").empty());
  // The reason never repeats the password.
  CHECK(check_password("hunter2").find("hunter2") == std::string::npos);
}

TEST_CASE("account: fingerprints are normalized to 64 lowercase hex digits") {
  const std::string hex(64, 'a');
  CHECK(normalize_certfp(hex) == hex);
  CHECK(normalize_certfp(std::string(64, 'A')) == hex);
  std::string colons;
  for (int i = 0; i < 32; ++i) colons += (i ? ":" : "") + std::string("AB");
  std::string expected;
  for (int i = 0; i < 32; ++i) expected += "ab";
  CHECK(normalize_certfp(colons) == expected);
  CHECK(normalize_certfp(std::string(63, 'a')).empty());
  CHECK(normalize_certfp(std::string(65, 'a')).empty());
  CHECK(normalize_certfp(std::string(64, 'g')).empty());
  CHECK(normalize_certfp(colons + ":").empty());
  CHECK(normalize_certfp(":" + hex).empty());
  CHECK(normalize_certfp("").empty());
}
