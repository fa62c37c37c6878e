#include "irc/help_text.hpp"

#include <doctest/doctest.h>

#include <string>

#include "irc/command_table.hpp"
#include "irc/line_builder.hpp"

using chatd::irc::find_help;

TEST_CASE("help_text: every command in the command table has a help topic") {
  // A command added without help text fails here: HELP is documentation users rely on.
  for (const auto& command : chatd::irc::all_commands()) {
    CAPTURE(command.name);
    const auto* topic = find_help(command.name);
    REQUIRE(topic);
    CHECK(topic->lines.size() >= 2);  // the syntax, then what it does
  }
}

TEST_CASE("help_text: topics are found whatever the case; unknown ones are not; lines fit a 705") {
  REQUIRE(find_help("privmsg"));
  CHECK(find_help("privmsg")->name == "PRIVMSG");
  CHECK(find_help("ChanModes"));
  CHECK_FALSE(find_help("NOSUCHTOPIC"));
  CHECK_FALSE(find_help(""));
  CHECK_FALSE(find_help(std::string(100, 'A')));
  for (const auto& topic : chatd::irc::help_topics()) {
    for (std::string_view line : topic.lines) {
      CAPTURE(line);
      // ":server 705 nick TOPIC :line\r\n" must not be cut, with room for a 63-byte server
      // name and a 30-byte nick.
      CHECK(line.size() + 1 + 63 + 5 + 30 + 1 + topic.name.size() + 2 + 2 <= chatd::irc::kMaxLineBytes);
    }
  }
}
