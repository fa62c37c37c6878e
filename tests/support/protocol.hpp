// Helpers shared by the black-box protocol tests: one chatd per test case on a config it
// writes, exact next-line checks and a PING fence that proves nothing else arrived.
// Use from the test's own thread only, like IrcClient.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <source_location>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"

namespace chatd::test::protocol {

using Where = std::source_location;

// basic_config() cannot add keys to [server] (TOML forbids reopening a table), so these tests
// write the whole file: `server_keys` go into [server], `extra` after the listener.
inline std::string make_config(std::uint16_t port, std::string_view server_keys, std::string_view extra) {
  std::string text = "[server]\nname = \"test.chatd\"\nworkers = 2\n";
  text += server_keys;
  text += "\n[[listen]]\naddress = \"127.0.0.1:" + std::to_string(port) + "\"\nprotocol = \"irc\"\n\n";
  text += extra;
  return text;
}

// One chatd for one test case, on a port of its own.
struct Chatd {
  explicit Chatd(std::string_view server_keys = "", std::string_view extra = "")
      : port(free_port()), process(make_config(port, server_keys, extra), port) {}

  IrcClient connect() const { return IrcClient(port); }
  IrcClient registered(std::string_view nick) const {
    IrcClient client(port);
    client.register_as(nick);
    return client;
  }

  std::uint16_t port;
  ChatdProcess process;
};

inline void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

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

// A round trip through the server: everything the server queued for this client before the
// PING (in reply to earlier commands) has arrived once the PONG is read, and `expect_next`
// proves nothing else came in between.
inline void fence(IrcClient& client, Where where = Where::current()) {
  client.send("PING :fence");
  expect_next(client, ":test.chatd PONG test.chatd :fence", 5000, where);
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

// Connects and registers after asking for `caps` ("a b c"), which must all be acknowledged.
inline IrcClient registered_with_caps(const Chatd& chatd, std::string_view nick, std::string_view caps,
                                      Where where = Where::current()) {
  IrcClient client = chatd.connect();
  client.send("CAP LS 302");
  client.send("CAP REQ :" + std::string(caps));
  client.expect(" ACK :" + std::string(caps), 5000, where);
  client.send("CAP END");
  client.register_as(nick, "", where);
  return client;
}

}  // namespace chatd::test::protocol
