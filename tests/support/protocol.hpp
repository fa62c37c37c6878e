// Helpers shared by the black-box protocol tests: exact next-line checks, a PING fence that
// proves nothing else arrived, and the usual steps (join a channel, register with caps).
// Use from the test's own thread only, like IrcClient.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>
#include <initializer_list>
#include <regex>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace chatd::test::protocol {

using Where = std::source_location;

// The fixture, under the names these helpers were first written with.
using chatd::test::Chatd;
using chatd::test::sleep_ms;

// The text of a Chatd's config: `server_keys` go into [server] (2 workers), `extra` after the
// listener. New tests build a ChatdConfig instead.
inline std::string make_config(std::uint16_t port, std::string_view server_keys, std::string_view extra) {
  ChatdConfig config;
  config.server = server_keys;
  config.extra = extra;
  return config.text(port);
}

// The very next line must be exactly `want`: nothing may come before it.
inline void expect_next(IrcClient& client, const std::string& want, int timeout_ms = 5000,
                        Where where = Where::current()) {
  auto got = client.read_line(timeout_ms);
  if (!got || *got != want) {
    ADD_FAIL_CHECK_AT(where.file_name(), static_cast<int>(where.line()),
                      "expected the next line to be\n  " << want << "\ngot\n  "
                                                         << (got ? *got : std::string("(nothing: timeout or EOF)")));
  }
}

inline void fail_at(const Where& where, const std::string& message) {
  ADD_FAIL_CHECK_AT(where.file_name(), static_cast<int>(where.line()), message);
}

// The next line, or a marker that cannot match any real line.
inline std::string next_line(IrcClient& client, int timeout_ms = 5000) {
  auto got = client.read_line(timeout_ms);
  return got ? *got : std::string("(nothing: timeout or EOF)");
}

// The next line must match `pattern` entirely; returns it.
inline std::string expect_next_re(IrcClient& client, const std::string& pattern, Where where = Where::current()) {
  const std::string got = next_line(client);
  if (!std::regex_match(got, std::regex(pattern))) {
    fail_at(where, "expected the next line to match\n  /" + pattern + "/\ngot\n  " + got);
  }
  return got;
}

// The next lines must be exactly `want`, in any order. For lines caused by different clients:
// chatd keeps each client's own traffic in order, but not the order between clients that are
// served by different worker threads.
inline void expect_unordered(IrcClient& client, std::vector<std::string> want, Where where = Where::current()) {
  std::vector<std::string> got;
  for (std::size_t i = 0; i < want.size(); ++i) got.push_back(next_line(client));
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  if (got != want) {
    std::string message = "expected these lines in any order:";
    for (const auto& line : want) message += "\n  | " + line;
    message += "\ngot:";
    for (const auto& line : got) message += "\n  | " + line;
    fail_at(where, message);
  }
}

// Like fence(), but lists every line that came before the PONG: proves that nothing was
// queued for this client before the PING was handled.
inline void expect_quiet(IrcClient& client, Where where = Where::current()) {
  static int serial = 0;
  const std::string token = "fence" + std::to_string(++serial);
  client.send("PING :" + token);
  const std::string pong = ":test.chatd PONG test.chatd :" + token;
  std::vector<std::string> extra;
  while (true) {
    auto line = client.read_line(5000);
    if (!line) {
      extra.push_back("(no PONG: timeout or EOF)");
      break;
    }
    if (*line == pong) break;
    extra.push_back(*line);
  }
  if (!extra.empty()) {
    std::string message = "expected no line before the PONG, got:";
    for (const auto& line : extra) message += "\n  | " + line;
    fail_at(where, message);
  }
}

// expect_quiet for each of `clients`.
inline void expect_quiet(std::initializer_list<IrcClient*> clients, Where where = Where::current()) {
  for (IrcClient* client : clients) expect_quiet(*client, where);
}

// A round trip through the server: everything the server queued for this client before the
// PING (in reply to earlier commands) has arrived once the PONG is read, and `expect_next`
// proves nothing else came in between.
inline void fence(IrcClient& client, Where where = Where::current()) {
  client.send("PING :fence");
  expect_next(client, ":test.chatd PONG test.chatd :fence", 5000, where);
}

// A round trip that skips what came before: everything the server queued for this client
// before the PING has arrived (and is in client.skipped()) once this returns.
inline void round_trip(IrcClient& client, std::string_view token = "sync", Where where = Where::current()) {
  client.send("PING :" + std::string(token));
  client.expect(":test.chatd PONG test.chatd :" + std::string(token), 5000, where);
}

// The number in `line`, which must match `pattern` (one capture group); -1 and a failure if not.
inline long long captured_number(const std::string& line, const std::string& pattern, Where where = Where::current()) {
  std::smatch match;
  if (!std::regex_match(line, match, std::regex(pattern))) {
    fail_at(where, "line\n  " + line + "\ndoes not match /" + pattern + "/");
    return -1;
  }
  return std::stoll(match[1].str());
}

// The time stamp in `line` (one capture group of `pattern`), which must lie between `since` and
// now, give or take a second of clock granularity; -1 and a failure if the line does not match.
inline long long expect_recent_time(const std::string& line, const std::string& pattern, std::time_t since,
                                    Where where = Where::current()) {
  const long long stamp = captured_number(line, pattern, where);
  if (stamp < since - 1 || stamp > std::time(nullptr) + 1) {
    fail_at(where, "time " + std::to_string(stamp) + " in\n  " + line + "\nis not between " + std::to_string(since) +
                       " and now");
  }
  return stamp;
}

// Every line up to and including the first one matching `pattern`.
inline std::vector<std::string> lines_through(IrcClient& client, const std::string& pattern,
                                              Where where = Where::current()) {
  std::string last = client.expect_re(pattern, 5000, where);
  auto lines = client.skipped();
  lines.push_back(last);
  return lines;
}

inline std::vector<std::string> with_code(const std::vector<std::string>& lines, std::string_view code) {
  std::vector<std::string> out;
  const std::string needle = " " + std::string(code) + " ";
  for (const auto& line : lines) {
    auto space = line.find(' ');
    if (space != std::string::npos && line.compare(space, needle.size(), needle) == 0) out.push_back(line);
  }
  return out;
}

// Whether the RPL_ISUPPORT (005) lines among `lines` hold `token` ("MONITOR=100") as a word.
inline bool isupport_has(const std::vector<std::string>& lines, std::string_view token) {
  const std::string word = " " + std::string(token) + " ";
  for (const auto& line : with_code(lines, "005"))
    if (line.find(word) != std::string::npos) return true;
  return false;
}

inline std::string numeric_code(const std::string& line) {
  auto space = line.find(' ');
  return space == std::string::npos ? std::string() : line.substr(space + 1, 3);
}

// Whether one of the 005 lines among `welcome` (what register_as returned) carries `token`
// ("WHOX", "MODES=20") as a whole parameter.
inline bool announces(const std::vector<std::string>& welcome, std::string_view token) {
  const std::string needle = " " + std::string(token) + " ";
  return std::any_of(welcome.begin(), welcome.end(), [&](const std::string& line) {
    return line.find(" 005 ") != std::string::npos && line.find(needle) != std::string::npos;
  });
}

// JOINs `channel` and waits for the end of its NAMES (366), skipping what came before.
inline void join_channel(IrcClient& client, std::string_view channel, Where where = Where::current()) {
  client.send("JOIN " + std::string(channel));
  client.expect(" 366 ", 5000, where);
}

// A line without its IRCv3 tag section, for comparing what clients with other caps got.
inline std::string_view without_tags(std::string_view line) {
  if (line.empty() || line[0] != '@') return line;
  const auto space = line.find(' ');
  return space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
}

// Joins each client to `channel` in turn (the first creates it and is its operator). Each
// earlier member's very next line must be the newcomer's JOIN, as the newcomer itself got it:
// when this returns, nothing about the joins is left unread.
inline void join_all(std::string_view channel, std::initializer_list<IrcClient*> clients,
                     Where where = Where::current()) {
  std::vector<IrcClient*> members;
  for (IrcClient* client : clients) {
    client->send("JOIN " + std::string(channel));
    const std::string echo(without_tags(client->expect(" JOIN ", 5000, where)));
    client->expect(" 366 ", 5000, where);
    for (IrcClient* member : members) {
      const std::string got = next_line(*member);
      if (without_tags(got) != echo) fail_at(where, "expected the next line to be\n  " + echo + "\ngot\n  " + got);
    }
    members.push_back(client);
  }
}

// Connects and sends `lines`, one command each: a registration the server must refuse, or one
// whose replies the test reads itself.
inline IrcClient connect_and_send(const Chatd& chatd, std::initializer_list<std::string_view> lines) {
  IrcClient client = chatd.connect();
  for (std::string_view line : lines) client.send(line);
  return client;
}

// Whether a new connection is served (its PING answered) within `attempts` tries of up to
// timeout_ms each: for waiting until a slot or an fd comes free after a refusal.
inline bool new_client_served(const Chatd& chatd, int attempts, int timeout_ms) {
  for (int attempt = 0; attempt < attempts; ++attempt) {
    IrcClient client = connect_and_send(chatd, {"PING :served"});
    auto line = client.read_line(timeout_ms);
    if (line && contains(*line, " PONG ")) return true;
  }
  return false;
}

// Registers `client` after asking for `caps` ("a b c"), which must all be acknowledged.
inline IrcClient registered_with_caps(IrcClient client, std::string_view nick, std::string_view caps,
                                      Where where = Where::current()) {
  client.send("CAP LS 302");
  client.send("CAP REQ :" + std::string(caps));
  client.expect(" ACK :" + std::string(caps), 5000, where);
  client.send("CAP END");
  client.register_as(nick, "", where);
  return client;
}

// Connects to `chatd` and registers as above.
inline IrcClient registered_with_caps(const Chatd& chatd, std::string_view nick, std::string_view caps,
                                      Where where = Where::current()) {
  return registered_with_caps(chatd.connect(), nick, caps, where);
}

}  // namespace chatd::test::protocol
