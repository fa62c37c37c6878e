#include "admin/request.hpp"

#include <doctest/doctest.h>

#include <string>

using chatd::admin::Error;
using chatd::admin::error_reply;
using chatd::admin::Json;
using chatd::admin::ok_reply;
using chatd::admin::Request;

namespace {

// The Error message parsing `line` throws; fails the test if it parses.
std::string parse_error(const std::string& line) {
  Json id;
  try {
    Request::parse(line, id);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("expected an admin::Error for " << line);
  return {};
}

Request parse(const std::string& line) {
  Json id;
  return Request::parse(line, id);
}

}  // namespace

TEST_CASE("admin::request parses command, id and arguments") {
  Json id;
  Request r = Request::parse(R"({"v":1,"cmd":"kick","nick":"alice","channel":"#lab","id":[1,"x"]})", id);
  CHECK(r.command() == "kick");
  CHECK(r.id() == Json::array({1, "x"}));
  CHECK(id == r.id());
  CHECK(r.text("nick") == "alice");
  CHECK(r.optional_text("reason") == std::nullopt);
  CHECK_NOTHROW(r.allow_only({"nick", "channel", "reason"}));
}

TEST_CASE("admin::request refuses what is not a version 1 request") {
  CHECK(parse_error("").rfind("malformed JSON", 0) == 0);
  CHECK(parse_error("{\"v\":1,").rfind("malformed JSON", 0) == 0);
  // A number beyond a double's range is nlohmann's out_of_range, not parse_error (fuzzing).
  CHECK(parse_error(R"({"v":1,"cmd":"status","id":[1e777]})").rfind("malformed JSON: number overflow", 0) == 0);
  CHECK(parse_error("[]") == "a request must be a JSON object");
  CHECK(parse_error("\"status\"") == "a request must be a JSON object");
  CHECK(parse_error(R"({"cmd":"status"})") == "missing \"v\" (the protocol version; this server speaks 1)");
  CHECK(parse_error(R"({"v":2,"cmd":"status"})") == "unsupported protocol version 2 (this server speaks 1)");
  CHECK(parse_error(R"({"v":"1","cmd":"status"})") == "unsupported protocol version \"1\" (this server speaks 1)");
  CHECK(parse_error(R"({"v":1})") == "missing \"cmd\" (a command name such as \"status\")");
  CHECK(parse_error(R"({"v":1,"cmd":""})") == "missing \"cmd\" (a command name such as \"status\")");
  CHECK(parse_error(R"({"v":1,"cmd":5})") == "missing \"cmd\" (a command name such as \"status\")");
}

TEST_CASE("admin::request keeps the id of a request it refuses") {
  Json id;
  CHECK_THROWS_AS(Request::parse(R"({"v":9,"cmd":"status","id":42})", id), Error);
  CHECK(id == 42);
}

TEST_CASE("admin::request validates argument fields") {
  Request r = parse(R"({"v":1,"cmd":"announce","text":"hi","chanel":"#x","bridges":"yes","empty":"",
                       "crlf":"a\r\nb","n":3})");
  CHECK_THROWS_WITH(r.allow_only({"text", "channel"}), "unknown field \"bridges\" for announce");
  CHECK_THROWS_WITH(r.flag("bridges"), "\"bridges\" must be true or false");
  CHECK_FALSE(r.flag("all"));
  CHECK_THROWS_WITH(r.text("missing"), "missing \"missing\" for announce");
  CHECK_THROWS_WITH(r.text("empty"), "\"empty\" must not be empty");
  CHECK_THROWS_WITH(r.text("crlf"), "\"crlf\" must not contain CR, LF or NUL");
  CHECK_THROWS_WITH(r.text("n"), "\"n\" must be a string");
  CHECK(parse(R"({"v":1,"cmd":"x","b":true})").flag("b"));
}

TEST_CASE("admin::reply lines: ok with data, errors with details, id echoed, one line") {
  CHECK(ok_reply({{"a", 1}}, nullptr) == "{\"data\":{\"a\":1},\"ok\":true,\"v\":1}\n");
  CHECK(ok_reply(Json::object(), 7) == "{\"data\":{},\"id\":7,\"ok\":true,\"v\":1}\n");
  std::string failed = error_reply(Error("reload failed", {{"errors", {"a:1: bad"}}}), "r");
  CHECK(failed == "{\"error\":\"reload failed\",\"errors\":[\"a:1: bad\"],\"id\":\"r\",\"ok\":false,\"v\":1}\n");
  // Chat text is UTF-8 by the time it gets here, but a reply must never throw on bad bytes.
  std::string replaced = ok_reply({{"t", std::string("a\xff"
                                                     "b")}},
                                  nullptr);
  CHECK(replaced.find("a\xef\xbf\xbd"
                      "b") != std::string::npos);
}
