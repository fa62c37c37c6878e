// Connection registration (PASS, USER; NICK is nick_change.cpp, CAP cap.cpp) and liveness
// (PING, PONG, QUIT).
#include <cctype>

#include "irc/handlers.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/utf8.hpp"

namespace chatd::irc {

namespace {

// USER names appear in every prefix; keep them to characters no client misparses.
std::string clean_username(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (out.size() == kUserLength) break;
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') out += c;
  }
  return out.empty() ? std::string("user") : out;
}

}  // namespace

void handle_pass(Session& s, const Message& m) {
  if (s.registered()) {
    s.numeric(Numeric::ERR_ALREADYREGISTERED);
    return;
  }
  s.password = m.arg(0);
}

void handle_user(Session& s, const Message& m) {
  if (s.registered() || s.has_user) {
    s.numeric(Numeric::ERR_ALREADYREGISTERED);
    return;
  }
  // "USER name 0 * :" is four parameters, the last empty: not enough to register with.
  if (m.arg(3).empty()) {
    s.numeric(Numeric::ERR_NEEDMOREPARAMS, {"USER"});
    return;
  }
  s.user().username = clean_username(m.arg(0));
  s.user().realname = m.arg(3).substr(0, utf8_cut(m.arg(3), kRealnameLength));
  s.has_user = true;
  s.try_register();
}

void handle_ping(Session& s, const Message& m) {
  if (m.param_count == 0 || m.arg(0).empty()) {
    s.numeric(Numeric::ERR_NOORIGIN);
    return;
  }
  const std::string& server = s.server().server_name;
  s.send(make_line(server, "PONG", {server}, m.arg(0)));
}

void handle_pong(Session& s, const Message&) { s.ping_sent.reset(); }

void handle_quit(Session& s, const Message& m) {
  std::string reason = "Quit";
  if (m.param_count > 0 && !m.arg(0).empty()) reason = "Quit: " + std::string(m.arg(0));
  s.quit(reason);
}

}  // namespace chatd::irc
