#include "irc/whox.hpp"

#include <doctest/doctest.h>

#include <string>

using chatd::irc::append_who_reply;
using chatd::irc::parse_who_options;
using chatd::irc::WhoEntry;
using chatd::irc::WhoOptions;

namespace {

WhoEntry bob() {
  WhoEntry entry;
  entry.channel = "#lab";
  entry.username = "bobu";
  entry.host = "10.0.0.2";
  entry.nick = "bob";
  entry.flags = "G*@";
  entry.realname = "Bob the Builder";
  entry.idle = 42;
  return entry;
}

std::string reply(std::string_view arg, const WhoEntry& entry = bob()) {
  auto options = parse_who_options(arg);
  REQUIRE(options);
  std::string out;
  append_who_reply(out, "srv", "me", *options, entry);
  return out;
}

}  // namespace

TEST_CASE("whox: WHO's second parameter: the o flag, fields in canonical order, the query type") {
  auto plain = parse_who_options("");
  REQUIRE(plain);
  CHECK_FALSE(plain->whox);
  CHECK_FALSE(plain->opers_only);
  CHECK(parse_who_options("o")->opers_only);
  CHECK_FALSE(parse_who_options("o")->whox);

  auto fields = parse_who_options("%rnct,042");
  REQUIRE(fields);
  CHECK(fields->whox);
  CHECK(fields->fields == "tcnr");  // tcuihsnfdlaor order, whatever order they were asked in
  CHECK(fields->token == "042");
  CHECK(parse_who_options("o%nn")->opers_only);
  CHECK(parse_who_options("o%nn")->fields == "n");
  CHECK(parse_who_options("%")->fields.empty());
  CHECK(parse_who_options("%nXYZ!")->fields == "n");  // unknown letters are someone else's extension

  CHECK_FALSE(parse_who_options("%tn"));      // 't' without a query type
  CHECK_FALSE(parse_who_options("%n,1234"));  // more than 3 digits
  CHECK_FALSE(parse_who_options("%n,12a"));   // not digits
  CHECK_FALSE(parse_who_options("%n,"));      // an empty query type
}

TEST_CASE("whox: without '%' the reply is the classic 352") {
  CHECK(reply("") == ":srv 352 me #lab bobu 10.0.0.2 srv bob G*@ :0 Bob the Builder\r\n");
  CHECK(reply("o") == ":srv 352 me #lab bobu 10.0.0.2 srv bob G*@ :0 Bob the Builder\r\n");
}

TEST_CASE("whox: 354 carries exactly the fields asked for, in order, the realname last") {
  CHECK(reply("%tcuihsnfdlaor,7") ==
        ":srv 354 me 7 #lab bobu 10.0.0.2 10.0.0.2 srv bob G*@ 0 42 0 n/a :Bob the Builder\r\n");
  CHECK(reply("%cuhnar") == ":srv 354 me #lab bobu 10.0.0.2 bob 0 :Bob the Builder\r\n");
  CHECK(reply("%tnf,42") == ":srv 354 me 42 bob G*@\r\n");
  CHECK(reply("%n") == ":srv 354 me bob\r\n");
  CHECK(reply("%") == ":srv 354 me\r\n");
  WhoEntry nameless = bob();
  nameless.realname.clear();
  nameless.channel = "*";
  CHECK(reply("%cr", nameless) == ":srv 354 me * :\r\n");
}
