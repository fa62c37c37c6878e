// CAP: IRCv3 capability negotiation (version 302). LS and REQ before registration hold it
// until END; capabilities may also be changed after registration.
#include <cctype>

#include "irc/capabilities.hpp"
#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"

namespace chatd::irc {

namespace {

// The new capability set if every word of `request` ("a -b c") is known; nullopt otherwise.
std::optional<std::uint32_t> apply_request(std::uint32_t caps, std::uint32_t offered, std::string_view request) {
  while (!request.empty()) {
    auto space = request.find(' ');
    std::string_view word = request.substr(0, space);
    request = space == std::string_view::npos ? std::string_view() : request.substr(space + 1);
    if (word.empty()) continue;
    bool remove = word.front() == '-';
    if (remove) word.remove_prefix(1);
    auto cap = find_cap(word);
    if (!cap || !(offered & *cap)) return std::nullopt;
    caps = remove ? (caps & ~*cap) : (caps | *cap);
  }
  return caps;
}

// IRCv3 sts: a plaintext client learns where TLS is; a TLS client how long to insist on it
// (0 tells it to forget the policy). Only CAP LS 302 carries values; "" when not configured.
std::string sts_cap(const config::Config& config, bool secure) {
  if (!config.tls || config.tls->sts_port == 0) return {};
  return secure ? "sts=duration=" + std::to_string(config.tls->sts_duration)
                : "sts=port=" + std::to_string(config.tls->sts_port);
}

// What this server offers now: [accounts] registration follows reloads, so a client connected
// before one sees the new offer only on its next CAP LS (no CAP NEW/DEL is sent).
CapOffer offer(Session& s) {
  const auto config = s.server().config();
  CapOffer o;
  o.history = s.server().history != nullptr;
  o.accounts = s.server().accounts != nullptr;
  o.registration = config->accounts.registration == "open";
  o.before_connect = config->server.password.empty();
  return o;
}

}  // namespace

void handle_cap(Session& s, const Message& m) {
  std::string sub(m.arg(0));
  for (char& c : sub) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string& server = s.server().server_name;
  chat::User& me = s.user();
  auto set_caps = [&](std::uint32_t caps) {
    sys::MutexLock lock(s.server().registry.mutex());
    me.caps = caps;
  };
  if (sub == "LS") {
    if (!s.registered()) s.cap_negotiating = true;
    // CAP LS 302 implies cap-notify (IRCv3 capability-negotiation).
    const bool v302 = m.arg(1) == "302" || (m.arg(1).size() == 3 && m.arg(1) > "302");
    if (v302) set_caps(me.caps | kCapNotify);
    const CapOffer now = offer(s);
    std::string caps = cap_ls_names(offered_caps(now), v302, now);
    if (std::string sts = v302 ? sts_cap(*s.server().config(), me.secure) : ""; !sts.empty()) caps += " " + sts;
    s.send(make_line(server, "CAP", {s.nick(), "LS"}, caps));
  } else if (sub == "LIST") {
    s.send(make_line(server, "CAP", {s.nick(), "LIST"}, cap_names(me.caps)));
  } else if (sub == "REQ") {
    if (!s.registered()) s.cap_negotiating = true;
    std::string_view request = m.arg(1).substr(0, 400);
    // A request is granted or refused as a whole.
    if (auto caps = apply_request(me.caps, offered_caps(offer(s)), request)) {
      set_caps(*caps);
      s.send(make_line(server, "CAP", {s.nick(), "ACK"}, request));
    } else {
      s.send(make_line(server, "CAP", {s.nick(), "NAK"}, request));
    }
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

}  // namespace chatd::irc
