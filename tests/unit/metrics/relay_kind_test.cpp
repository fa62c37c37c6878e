#include "metrics/relay_kind.hpp"

#include <doctest/doctest.h>

#include "metrics/labels.hpp"

using chatd::metrics::kRelayCommands;
using chatd::metrics::relay_kind;

TEST_CASE("metrics::relay_kind: the command of a formatted line, after tags and prefix") {
  CHECK(kRelayCommands[relay_kind(":a!a@h PRIVMSG #c :hi\r\n")] == "PRIVMSG");
  CHECK(kRelayCommands[relay_kind("@time=2024-01-01T00:00:00.000Z :a!a@h NOTICE #c :x\r\n")] == "NOTICE");
  CHECK(kRelayCommands[relay_kind("@+typing=active :a!a@h TAGMSG #c\r\n")] == "TAGMSG");
  CHECK(kRelayCommands[relay_kind(":a!a@h JOIN #c\r\n")] == "JOIN");
  CHECK(kRelayCommands[relay_kind(":a!a@h QUIT :bye\r\n")] == "QUIT");
  CHECK(kRelayCommands[relay_kind(":a!a@h SETNAME :Alice A.\r\n")] == "SETNAME");
  CHECK(kRelayCommands[relay_kind(":server 001 a :Welcome\r\n")] == "other");
  CHECK(kRelayCommands[relay_kind("")] == "other");
  CHECK(kRelayCommands[relay_kind("@only-tags")] == "other");
  CHECK(kRelayCommands[relay_kind(":a!a@h PRIVMSGX #c :no\r\n")] == "other");
}
