#include "irc/chathistory_args.hpp"

#include <doctest/doctest.h>

#include <string_view>
#include <vector>

using namespace chatd::irc;
using Kind = chatd::store::HistoryRef::Kind;

namespace {

struct Parsed {
  std::optional<ChathistoryRequest> request;
  std::optional<ChathistoryError> error;
};

Parsed parse(std::vector<std::string_view> args) {
  Parsed out;
  parse_chathistory(args, 100, out.request, out.error);
  return out;
}

}  // namespace

TEST_CASE("chathistory_args: server-time timestamps, to the millisecond, from 1970") {
  CHECK(parse_server_time("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_server_time("1970-01-01T00:00:01.5Z") == 1500);
  CHECK(parse_server_time("2026-11-24T03:16:15.123Z") == 1795490175123);
  CHECK(parse_server_time("2026-11-24T03:16:15.123456789Z") == 1795490175123);
  CHECK_FALSE(parse_server_time("2026-11-24T03:16:15.Z"));
  CHECK_FALSE(parse_server_time("2026-11-24 03:16:15Z"));
  CHECK_FALSE(parse_server_time("2026-02-30T00:00:00Z"));
  CHECK_FALSE(parse_server_time("2026-11-24T24:00:00Z"));
  CHECK_FALSE(parse_server_time("1969-12-31T23:59:59Z"));
  CHECK_FALSE(parse_server_time("2026-11-24T03:16:15+01:00"));
}

TEST_CASE("chathistory_args: each subcommand and its references") {
  auto latest = parse({"latest", "#lab", "*", "50"});
  REQUIRE(latest.request);
  CHECK(latest.request->subcommand == "LATEST");
  CHECK(latest.request->from.kind == Kind::kNone);
  CHECK(latest.request->limit == 50);

  auto between = parse({"BETWEEN", "#lab", "msgid=abc", "timestamp=1970-01-01T00:00:02Z", "5"});
  REQUIRE(between.request);
  CHECK(between.request->from.kind == Kind::kMsgid);
  CHECK(between.request->from.msgid == "abc");
  CHECK(between.request->to.kind == Kind::kTimestamp);
  CHECK(between.request->to.time_ms == 2000);

  auto targets = parse({"TARGETS", "timestamp=1970-01-01T00:00:00Z", "timestamp=1970-01-01T00:00:09Z", "7"});
  REQUIRE(targets.request);
  CHECK(targets.request->target.empty());
  CHECK(targets.request->to.time_ms == 9000);

  // A huge limit is the maximum, however many digits it has.
  CHECK(parse({"AFTER", "#lab", "msgid=x", "000000000000000000000000099999"}).request->limit == 100);
  CHECK(parse({"AFTER", "#lab", "msgid=x", "007"}).request->limit == 7);
}

TEST_CASE("chathistory_args: errors name the FAIL code and what was wrong") {
  CHECK(parse({}).error->code == "NEED_MORE_PARAMS");
  CHECK(parse({"FETCH"}).error->code == "UNKNOWN_COMMAND");
  CHECK(parse({"BETWEEN", "#a", "msgid=x", "5"}).error->code == "NEED_MORE_PARAMS");
  auto star = parse({"BEFORE", "#a", "*", "5"});
  CHECK(star.error->code == "INVALID_PARAMS");
  CHECK(star.error->context == std::vector<std::string>{"BEFORE", "*"});
  CHECK(parse({"AFTER", "#a", "id=x", "5"}).error->code == "INVALID_PARAMS");
  CHECK(parse({"AFTER", "#a", "msgid=", "5"}).error->code == "INVALID_PARAMS");
  CHECK(parse({"AFTER", "#a", "msgid=x", "0"}).error->code == "INVALID_PARAMS");
  CHECK(parse({"AFTER", "#a", "msgid=x", "5x"}).error->code == "INVALID_PARAMS");
  CHECK(parse({"TARGETS", "msgid=x", "timestamp=1970-01-01T00:00:00Z", "5"}).error->code == "INVALID_PARAMS");
}
