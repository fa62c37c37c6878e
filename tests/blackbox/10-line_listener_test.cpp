// The plain-text "line" listener (the lab's TCP broadcast chat): bare TCP clients and IRC
// clients share one channel and each sees every other's lines exactly once.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

// chatd with its IRC listener and a line listener for #lobby; the line port is listeners[0].
Chatd with_line_listener() {
  return Chatd({.listeners = {{"line", "channel = \"#lobby\"\nwelcome = \"hi there\"\n"}}});
}

}  // namespace

TEST_CASE("line: four bare TCP clients and an IRC client each see every other's lines once") {
  Chatd chatd = with_line_listener();
  const auto line_port = chatd.config.listeners[0].port;

  std::vector<IrcClient> plain;
  std::vector<std::string> nicks;
  for (int i = 1; i <= 4; ++i) {
    plain.emplace_back(line_port);
    IrcClient& c = plain.back();
    CHECK(c.expect("hi there") == "hi there");
    c.expect("* You are guest");
    c.expect("joined #lobby");
    nicks.push_back("plain" + std::to_string(i));
    c.send("/nick " + nicks.back());
    c.expect("is now known as " + nicks.back());
  }
  IrcClient irc = chatd.registered("ircy");
  join_channel(irc, "#lobby");
  CHECK(irc.skipped().size() >= 1);
  for (auto& c : plain) c.drain(200);
  nicks.push_back("ircy");

  for (std::size_t i = 0; i < plain.size(); ++i) plain[i].send("hello from " + nicks[i]);
  irc.send("PRIVMSG #lobby :hello from ircy");

  for (std::size_t i = 0; i < plain.size(); ++i) {
    CAPTURE(nicks[i]);
    std::map<std::string, int> seen;
    for (const auto& line : plain[i].read_until_quiet()) ++seen[line];
    for (std::size_t j = 0; j < nicks.size(); ++j) {
      const std::string expected = nicks[j] + ": hello from " + nicks[j];
      CHECK(seen[expected] == (i == j ? 0 : 1));
    }
    std::size_t chat_lines = 0;
    for (const auto& [line, count] : seen) chat_lines += line.find(": hello from ") != std::string::npos ? count : 0;
    CHECK(chat_lines == nicks.size() - 1);
  }
  std::map<std::string, int> seen;
  for (const auto& line : irc.read_until_quiet()) {
    if (line.find(" PRIVMSG #lobby :") != std::string::npos) ++seen[line.substr(1, line.find('!') - 1)];
  }
  CHECK(seen.size() == 4);
  for (std::size_t j = 0; j < plain.size(); ++j) CHECK(seen[nicks[j]] == 1);
  CHECK(seen.count("ircy") == 0);
}

TEST_CASE("line: /me and /names work for a bare client") {
  Chatd chatd = with_line_listener();
  const auto line_port = chatd.config.listeners[0].port;
  IrcClient irc = chatd.registered("ircy");
  join_channel(irc, "#lobby");
  IrcClient plain(line_port);
  plain.expect("joined #lobby");
  plain.send("/nick zed");
  plain.expect("is now known as zed");
  plain.send("/me waves");
  CHECK(irc.expect("PRIVMSG #lobby :\x01"
                   "ACTION waves\x01")
            .rfind(":zed!", 0) == 0);
  irc.send(
      "PRIVMSG #lobby :\x01"
      "ACTION bows\x01");
  CHECK(plain.expect("* ircy bows") == "* ircy bows");
  plain.send("/names");
  const std::string names = plain.expect("* in #lobby: ");
  CHECK(names.find("zed") != std::string::npos);
  CHECK(names.find("ircy") != std::string::npos);
}
