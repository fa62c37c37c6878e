// Questions about the server: MOTD, LUSERS, VERSION, TIME.
#include <ctime>

#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"

namespace chatd::irc {

void handle_motd(Session& s, const Message&) { send_motd(s); }

void handle_lusers(Session& s, const Message&) { send_lusers(s); }

void handle_version(Session& s, const Message&) {
  s.numeric(Numeric::RPL_VERSION, {std::string(kVersion) + ".", s.server().server_name},
            "epoll fan-out IRC server for LANs");
}

void handle_time(Session& s, const Message&) {
  char buf[64];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buf, sizeof buf, "%A %B %d %Y -- %H:%M:%S +00:00", &tm);
  s.numeric(Numeric::RPL_TIME, {s.server().server_name}, buf);
}

}  // namespace chatd::irc
