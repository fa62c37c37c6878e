// Connection registration (PASS, NICK, USER, CAP) and liveness (PING, PONG, QUIT).
#include <algorithm>
#include <unordered_set>

#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"

namespace chatd::irc {

namespace {

constexpr std::size_t kUserLength = 10;

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

// A client's word echoed back as a middle parameter: "NICK :a b" or "CAP ::x" must not turn
// one parameter into two, or into the trailing one, in the reply.
std::string_view echo_token(std::string_view raw) {
  std::string_view word = raw.substr(0, std::min(raw.find(' '), std::size_t{64}));
  return word.empty() || word.front() == ':' ? std::string_view("*") : word;
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
  s.user().username = clean_username(m.arg(0));
  s.user().realname = m.arg(3);
  s.has_user = true;
  s.try_register();
}

void handle_nick(Session& s, const Message& m) {
  std::string_view nick = m.arg(0);
  if (nick.empty()) {
    s.numeric(Numeric::ERR_NONICKNAMEGIVEN);
    return;
  }
  auto limits = s.server().config()->limits;
  if (!is_valid_nick(nick, limits.nick_length)) {
    s.numeric(Numeric::ERR_ERRONEUSNICKNAME, {echo_token(nick)});
    return;
  }
  chat::User& user = s.user();
  if (user.nick == nick) return;
  if (user.registered && !s.allow_nick_change(limits.nick_changes_per_10s)) {
    s.numeric(Numeric::ERR_NICKCHANGETOOFAST, {nick});
    return;
  }
  auto audience = std::make_shared<chat::Audience>();
  chat::SharedLine line;
  {
    auto& registry = s.server().registry;
    std::lock_guard lock(registry.mutex());
    std::string old_prefix = user.prefix();
    if (!registry.claim_nick(user, nick)) {
      s.numeric(Numeric::ERR_NICKNAMEINUSE, {nick});
      return;
    }
    if (user.registered) {
      // The user and everyone sharing a channel see the change, each exactly once.
      line = chat::make_shared_line(make_line(old_prefix, "NICK", {}, nick));
      std::unordered_set<const chat::User*> seen;
      seen.insert(&user);
      if (auto self = s.endpoint()) audience->add(std::move(self));
      for (chat::Channel* channel : user.channels) {
        for (const auto& member : channel->members()) {
          if (!seen.insert(member.user).second) continue;
          if (auto endpoint = member.user->endpoint.lock()) audience->add(std::move(endpoint));
        }
      }
    }
  }
  if (line) {
    s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
  } else {
    s.try_register();
  }
}

void handle_cap(Session& s, const Message& m) {
  std::string sub(m.arg(0));
  for (char& c : sub) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string& server = s.server().server_name;
  if (sub == "LS") {
    if (!s.registered()) s.cap_negotiating = true;
    s.send(make_line(server, "CAP", {s.nick(), "LS"}, ""));
  } else if (sub == "LIST") {
    s.send(make_line(server, "CAP", {s.nick(), "LIST"}, ""));
  } else if (sub == "REQ") {
    if (!s.registered()) s.cap_negotiating = true;
    // No capability is offered yet, so every request is refused as a whole.
    s.send(make_line(server, "CAP", {s.nick(), "NAK"}, m.arg(1)));
  } else if (sub == "END") {
    if (s.cap_negotiating) {
      s.cap_negotiating = false;
      s.try_register();
    }
  } else {
    s.send(make_numeric(server, s.nick(), Numeric::ERR_INVALIDCAPCMD, {echo_token(m.arg(0).substr(0, 32))},
                        "Invalid CAP command"));
  }
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
