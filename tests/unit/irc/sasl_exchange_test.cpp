#include "irc/sasl_exchange.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace chatd::irc;
using Step = SaslExchange::Step;

TEST_CASE("sasl: base64 is decoded strictly") {
  CHECK(decode_base64("") == "");
  CHECK(decode_base64("YQ==") == "a");
  CHECK(decode_base64("YWI=") == "ab");
  CHECK(decode_base64("YWJj") == "abc");
  CHECK(decode_base64("AGFsaWNlAHNlY3JldCBwdw==") == std::string("\0alice\0secret pw", 16));
  CHECK_FALSE(decode_base64("YQ="));
  CHECK_FALSE(decode_base64("Y==="));
  CHECK_FALSE(decode_base64("YQ==YQ=="));
  CHECK_FALSE(decode_base64("Y Q="));
  CHECK_FALSE(decode_base64("YQ=a"));
}

TEST_CASE("sasl: PLAIN's message has exactly two NULs and a name and password") {
  auto plain = parse_plain(std::string("\0alice\0pw", 9));
  REQUIRE(plain);
  CHECK(plain->authzid.empty());
  CHECK(plain->authcid == "alice");
  CHECK(plain->password == "pw");
  CHECK(parse_plain(std::string("alice\0alice\0pw", 14))->authzid == "alice");
  CHECK_FALSE(parse_plain("alice"));
  CHECK_FALSE(parse_plain(std::string("\0alice", 6)));
  CHECK_FALSE(parse_plain(std::string("\0\0pw", 4)));
  CHECK_FALSE(parse_plain(std::string("\0alice\0", 7)));
  CHECK_FALSE(parse_plain(std::string("\0alice\0pw\0", 10)));
}

TEST_CASE("sasl: mechanisms are PLAIN and EXTERNAL in any case") {
  CHECK(find_sasl_mechanism("plain") == SaslMechanism::kPlain);
  CHECK(find_sasl_mechanism("EXTERNAL") == SaslMechanism::kExternal);
  CHECK_FALSE(find_sasl_mechanism("SCRAM-SHA-256"));
  CHECK_FALSE(find_sasl_mechanism(""));
}

TEST_CASE("sasl: chunks of 400 bytes continue, a shorter one or + ends, * aborts, too much is too long") {
  SaslExchange one(SaslMechanism::kPlain);
  CHECK(one.feed("YWJj") == Step::kDone);
  CHECK(one.message() == "abc");

  // 300 bytes encode to exactly 400: a "+" must follow.
  const std::string raw(300, 'x');
  std::string encoded;
  for (int i = 0; i < 100; ++i) encoded += "eHh4";
  SaslExchange exact(SaslMechanism::kPlain);
  CHECK(exact.feed(encoded) == Step::kMore);
  CHECK(exact.feed("+") == Step::kDone);
  CHECK(exact.message() == raw);

  SaslExchange two(SaslMechanism::kPlain);
  CHECK(two.feed(encoded) == Step::kMore);
  CHECK(two.feed("eHh4") == Step::kDone);
  CHECK(two.message().size() == 303);

  SaslExchange empty(SaslMechanism::kExternal);
  CHECK(empty.feed("+") == Step::kDone);
  CHECK(empty.message().empty());

  CHECK(SaslExchange(SaslMechanism::kPlain).feed("*") == Step::kAborted);
  CHECK(SaslExchange(SaslMechanism::kPlain).feed(std::string(401, 'A')) == Step::kTooLong);
  CHECK(SaslExchange(SaslMechanism::kPlain).feed("not base64!") == Step::kInvalid);
  SaslExchange flood(SaslMechanism::kPlain);
  Step step = Step::kMore;
  for (int i = 0; i < 4 && step == Step::kMore; ++i) step = flood.feed(encoded);
  CHECK(step == Step::kTooLong);
}
