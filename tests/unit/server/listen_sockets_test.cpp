#include "server/listen_sockets.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using chatd::config::ListenSpec;
using chatd::server::match_passed_sockets;
using chatd::server::PassedSocketInfo;
using chatd::sys::SocketAddress;

namespace {

ListenSpec spec(std::string host, std::uint16_t port, std::string protocol = "irc") {
  ListenSpec s;
  s.host = std::move(host);
  s.port = port;
  s.address = s.host + ":" + std::to_string(port);
  s.protocol = std::move(protocol);
  return s;
}

PassedSocketInfo passed(std::string name, std::string host, std::uint16_t port) {
  return {std::move(name), SocketAddress::from_numeric(host, port)};
}

}  // namespace

TEST_CASE("listen_sockets::nothing passed: every entry binds its own") {
  const auto m = match_passed_sockets({spec("0.0.0.0", 6667)}, {});
  REQUIRE(m.size() == 1);
  CHECK_FALSE(m[0].has_value());
}

TEST_CASE("listen_sockets::the chatd.socket case: [::]:6667 named irc serves 0.0.0.0:6667") {
  const auto m = match_passed_sockets({spec("0.0.0.0", 6667)}, {passed("irc", "::", 6667)});
  REQUIRE(m[0].has_value());
  CHECK(*m[0] == 0);
}

TEST_CASE("listen_sockets::an exact address wins over a protocol name") {
  // The first entry would take the "irc" socket by name if names were matched first.
  const std::vector<ListenSpec> specs = {spec("0.0.0.0", 6667), spec("127.0.0.1", 7000)};
  const std::vector<PassedSocketInfo> sockets = {passed("irc", "127.0.0.1", 7000), passed("other", "0.0.0.0", 6667)};
  const auto m = match_passed_sockets(specs, sockets);
  CHECK(m[0] == std::optional<std::size_t>(1));
  CHECK(m[1] == std::optional<std::size_t>(0));
}

TEST_CASE("listen_sockets::a name matches the protocol on the same port, each socket is used once") {
  const std::vector<ListenSpec> specs = {spec("0.0.0.0", 6667), spec("127.0.0.1", 6667),
                                         spec("127.0.0.1", 6668, "line")};
  const std::vector<PassedSocketInfo> sockets = {passed("line", "::", 6668), passed("irc", "::", 6667)};
  const auto m = match_passed_sockets(specs, sockets);
  CHECK(m[0] == std::optional<std::size_t>(1));
  CHECK_FALSE(m[1].has_value());
  CHECK(m[2] == std::optional<std::size_t>(0));
}

TEST_CASE("listen_sockets::a name on another port matches nothing") {
  // chatd.socket still holds 6667 after the administrator moved IRC to 7000.
  const auto m = match_passed_sockets({spec("0.0.0.0", 7000)}, {passed("irc", "::", 6667)});
  CHECK_FALSE(m[0].has_value());
}

TEST_CASE("listen_sockets::a socket that is no TCP listener matches nothing") {
  const auto m = match_passed_sockets({spec("0.0.0.0", 6667)}, {PassedSocketInfo{"irc", std::nullopt}});
  CHECK_FALSE(m[0].has_value());
}

TEST_CASE("listen_sockets::unmatched names and addresses are left alone") {
  const auto m = match_passed_sockets({spec("127.0.0.1", 6667)}, {passed("admin", "127.0.0.1", 6668)});
  CHECK_FALSE(m[0].has_value());
}
