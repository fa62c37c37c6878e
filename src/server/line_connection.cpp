#include "server/line_connection.hpp"

#include <sys/socket.h>

#include <atomic>

#include "cluster/cluster.hpp"
#include "irc/casemap.hpp"
#include "irc/line_builder.hpp"
#include "irc/message.hpp"
#include "irc/plain_text.hpp"
#include "irc/utf8.hpp"
#include "net/worker.hpp"
#include "server/connection_limits.hpp"
#include "server/transport_facts.hpp"

namespace chatd::server {

namespace {

// Plain clients send whatever they like; 4 KiB is far more than a chat line and still bounded.
constexpr std::size_t kMaxPlainLine = 4096;
// Text per PRIVMSG: leaves room for the prefix and channel within IRC's 512 bytes.
constexpr std::size_t kChunkBytes = 400;

std::atomic<unsigned> g_guest_counter{0};

}  // namespace

LineConnection::LineConnection(net::Worker& worker, sys::UniqueFd fd, const sys::SocketAddress& peer,
                               irc::ServerContext& context, const config::ListenSpec& spec,
                               std::unique_ptr<net::Transport> transport)
    : net::Connection(worker, std::move(fd), peer.host(), kMaxPlainLine, connection_limits(context.config()->limits),
                      std::move(transport)),
      chat::Endpoint(worker.index()),
      irc::Session(context, peer.host()),
      channel_(spec.channel),
      welcome_(spec.welcome) {
  accept_unterminated_lines(std::chrono::milliseconds(spec.idle_flush_ms));
}

void LineConnection::deliver(const chat::SharedLine& line) noexcept {
  // Replies to this client may hold several IRC lines in one buffer (NAMES, errors).
  std::string out;
  std::string_view rest = *line;
  while (!rest.empty()) {
    auto lf = rest.find('\n');
    std::string_view irc_line = rest.substr(0, lf);
    if (auto text = irc::irc_to_plain(irc_line)) out += *text;
    if (kicks_me(irc_line)) out += "* Type /join to go back to " + channel_ + "\n";
    rest = lf == std::string_view::npos ? std::string_view() : rest.substr(lf + 1);
  }
  if (!out.empty()) net::Connection::send(std::move(out));
}

bool LineConnection::kicks_me(std::string_view irc_line) const {
  if (irc_line.find(" KICK ") == std::string_view::npos) return false;
  if (irc_line.ends_with('\r')) irc_line.remove_suffix(1);
  auto message = irc::parse_message(irc_line);
  return message && message->command == "KICK" && irc::equal_folded(message->arg(1), user().nick);
}

void LineConnection::send(std::string line) noexcept { deliver(chat::make_shared_line(std::move(line))); }

void LineConnection::say(std::string_view text) noexcept { net::Connection::send(std::string(text) + "\n"); }

void LineConnection::on_open() noexcept {
  user().endpoint = endpoint();
  note_transport(transport(), user());
  int one = 1;
  // Plain clients never answer PINGs, so let TCP find the dead ones.
  ::setsockopt(fd(), SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  say(welcome_);
  // A plain client cannot send PASS; choosing to open a line listener is the admin's consent.
  password = server().config()->server.password;
  command("USER guest 0 * :line client");
  // In a cluster the node's name makes the guest nick unique network-wide, so it is claimed
  // here alone and the client is registered at once, as it expects.
  const std::string suffix = server().cluster ? "-" + server().cluster->node() : std::string();
  local_nicks_only = true;
  for (int attempt = 0; attempt < 100 && !registered(); ++attempt) {
    command("NICK guest" + std::to_string(g_guest_counter.fetch_add(1) + 1) + suffix);
  }
  local_nicks_only = false;
  if (!registered()) {
    close("No guest nick available");
    return;
  }
  say("* You are " + user().nick + " in " + channel_ + ". Type /nick NAME to change your name, /quit to leave.");
  command("JOIN " + channel_);
}

bool LineConnection::on_line(std::string_view line) noexcept {
  if (line.empty()) return true;
  if (line.front() == '/' && !(line.size() > 1 && line[1] == '/')) {
    slash_command(line);
    return !closed();
  }
  if (line.front() == '/') line.remove_prefix(1);  // "//text" sends "/text"
  std::string repaired;
  if (!irc::is_valid_utf8(line)) {
    repaired = irc::sanitize_utf8(line);
    line = repaired;
  }
  // Split long text at character boundaries so nothing is lost to IRC's line limit.
  while (!line.empty() && !closed()) {
    std::size_t n = irc::utf8_cut(line, kChunkBytes);
    if (n == 0) n = std::min(line.size(), kChunkBytes);
    command("PRIVMSG " + channel_ + " :" + std::string(line.substr(0, n)));
    line.remove_prefix(n);
  }
  return !closed();
}

void LineConnection::slash_command(std::string_view line) noexcept {
  auto space = line.find(' ');
  std::string_view verb = line.substr(1, space == std::string_view::npos ? std::string_view::npos : space - 1);
  std::string_view rest = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  if (verb == "nick" && !rest.empty()) {
    command("NICK " + std::string(rest.substr(0, rest.find(' '))));
  } else if (verb == "me" && !rest.empty()) {
    command("PRIVMSG " + channel_ +
            " :\x01"
            "ACTION " +
            std::string(rest) + "\x01");
  } else if (verb == "join") {
    // A line client lives in its listener's channel: /join is the way back after a kick.
    if (rest.empty() || irc::equal_folded(rest.substr(0, rest.find(' ')), channel_)) {
      command("JOIN " + channel_);
    } else {
      say("* Only " + channel_ + " can be joined from here: type /join");
    }
  } else if (verb == "names" || verb == "who") {
    command("NAMES " + channel_);
  } else if (verb == "quit") {
    command(rest.empty() ? std::string("QUIT") : "QUIT :" + std::string(rest));
  } else {
    say("* Commands: /nick NAME, /me ACTION, /names, /join (back to " + channel_ +
        "), /quit [REASON]; start a line with // to send a literal /");
  }
}

bool LineConnection::on_overlong() noexcept {
  say("* Line too long (over 4096 bytes); it was dropped");
  return true;
}

void LineConnection::on_closed(std::string_view reason) noexcept {
  depart(reason);
  say("* Closing link (" + std::string(reason) + ")");
}

}  // namespace chatd::server
