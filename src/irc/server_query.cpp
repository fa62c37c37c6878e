// Questions about the server: MOTD, LUSERS, VERSION, TIME, INFO, LINKS.
#include <ctime>

#include "irc/glob.hpp"
#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/utc_time.hpp"

namespace chatd::irc {

void handle_motd(Session& s, const Message&) { send_motd(s); }

void handle_lusers(Session& s, const Message&) { send_lusers(s); }

void handle_version(Session& s, const Message&) {
  s.numeric(Numeric::RPL_VERSION, {std::string(kVersion) + ".", s.server().server_name},
            "epoll fan-out IRC server for LANs");
}

void handle_time(Session& s, const Message&) {
  s.numeric(Numeric::RPL_TIME, {s.server().server_name},
            format_utc(std::time(nullptr), "%A %B %d %Y -- %H:%M:%S +00:00"));
}

void handle_info(Session& s, const Message&) {
  const std::string& server = s.server().server_name;
  std::time_t started = s.server().started;
  long up = static_cast<long>(std::time(nullptr) - started);
  const std::string lines[] = {
      std::string(kVersion) + ": a chat server for a LAN",
      "IRC with IRCv3, bare-TCP line clients, multicast and broadcast bridges, chatctl administration.",
      "An epoll loop per worker thread carries each channel message to every member, formatted once.",
      "Manual: chatd(8), chatd.toml(5), chatctl(8); protocol notes: doc/PROTOCOL.md; HELP lists commands.",
      "Running since " + format_utc(started, "%a %b %d %Y %H:%M:%S UTC") + " (" + std::to_string(up / 86400) +
          " days " + std::to_string(up % 86400 / 3600) + " hours " + std::to_string(up % 3600 / 60) + " minutes)",
  };
  std::string replies;
  for (const auto& line : lines) append_numeric(replies, server, s.nick(), Numeric::RPL_INFO, {}, line);
  append_numeric(replies, server, s.nick(), Numeric::RPL_ENDOFINFO, {});
  s.send(std::move(replies));
}

void handle_links(Session& s, const Message& m) {
  // "LINKS [[remote] mask]": the mask is the last parameter; this server is the whole network.
  std::string_view mask = m.param_count > 0 ? m.arg(m.param_count - 1) : std::string_view("*");
  if (mask.empty()) mask = "*";
  const std::string& server = s.server().server_name;
  std::string replies;
  if (match_mask(mask, server)) {
    append_numeric(replies, server, s.nick(), Numeric::RPL_LINKS, {server, server},
                   "0 " + s.server().config()->server.network + " chat server");
  }
  append_numeric(replies, server, s.nick(), Numeric::RPL_ENDOFLINKS, {mask});
  s.send(std::move(replies));
}

}  // namespace chatd::irc
