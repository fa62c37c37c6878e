#include "server/irc_connection.hpp"

#include "irc/line_builder.hpp"
#include "irc/nick_reservation.hpp"
#include "irc/tagged_line.hpp"
#include "metrics/loop_counters.hpp"
#include "server/connection_limits.hpp"
#include "server/transport_facts.hpp"

namespace chatd::server {

namespace {
// Bytes a line may have before its LF: IRCv3 allows 8191 bytes of tags (with '@' and the
// space) before the 512-byte body with CR LF. The session, not the reader, decides what is
// too long within that and answers 417.
constexpr std::size_t kReaderLimit = 8191 + irc::kMaxLineBytes;
}  // namespace

IrcConnection::IrcConnection(net::Worker& worker, sys::UniqueFd fd, const sys::SocketAddress& peer,
                             irc::ServerContext& context, std::unique_ptr<net::Transport> transport)
    : net::Connection(worker, std::move(fd), peer.host(), kReaderLimit, connection_limits(context.config()->limits),
                      std::move(transport)),
      chat::Endpoint(worker.index()),
      irc::Session(context, peer.host()) {}

void IrcConnection::deliver(const chat::SharedLine& line) noexcept {
  if (!labeling()) [[likely]] {
    queue(line);
    return;
  }
  std::string out;
  label_output(*line, out);
  if (!out.empty()) net::Connection::send(std::move(out));
}

void IrcConnection::send(std::string line) noexcept {
  if (!labeling()) [[likely]] {
    net::Connection::send(std::move(line));
    return;
  }
  std::string out;
  label_output(line, out);
  if (!out.empty()) net::Connection::send(std::move(out));
}

void IrcConnection::deliver_variant(const chat::LineVariants& variants) noexcept {
  // Only this loop writes our caps, so they are read here without the registry lock.
  if (const auto& line = variants.by_kind[irc::variant_kind(user().caps)]) deliver(line);
}

void IrcConnection::on_open() noexcept {
  user().endpoint = endpoint();
  note_transport(transport(), user());
}

bool IrcConnection::on_line(std::string_view line) noexcept {
  handle_line(line);
  return !closed();
}

bool IrcConnection::on_overlong() noexcept {
  numeric(irc::Numeric::ERR_INPUTTOOLONG);
  return true;
}

void IrcConnection::on_closed(std::string_view reason) noexcept {
  depart(reason);
  // Through make_line so that a long QUIT reason cannot push the line past 512 bytes.
  send(irc::make_line("", "ERROR", {},
                      "Closing link: " + std::string(nick()) + "[" + host() + "] (" + std::string(reason) + ")"));
  // A QUIT (or a KILL of oneself) ends the connection inside the command: what the labeled
  // response held back must be queued before the connection writes its last bytes.
  finish_labeled_response();
}

void IrcConnection::on_tick(Clock::time_point now) noexcept {
  auto config = server().config();
  const auto& limits = config->limits;
  using std::chrono::seconds;
  if (!registered()) {
    if (now - connected_at > seconds(limits.registration_timeout)) {
      metrics::this_loop().registration_timeouts.add();
      close("Registration timeout");
    }
    return;
  }
  if (ping_sent && last_input() > *ping_sent) ping_sent.reset();  // any input proves liveness
  if (ping_sent) {
    if (now - *ping_sent > seconds(limits.ping_timeout)) {
      close("Ping timeout: " + std::to_string(limits.ping_interval + limits.ping_timeout) + " seconds");
    }
  } else if (now - last_input() > seconds(limits.ping_interval)) {
    ping_sent = now;
    send(irc::make_line("", "PING", {}, server().server_name));
  }
  irc::enforce_grace(*this, now);
}

void IrcConnection::yield_nick(std::string_view folded) noexcept {
  if (closed()) return;
  try {
    irc::yield_nick(*this, folded);
  } catch (const std::exception&) {
    // Allocation only: the owner's retry then answers 433.
  }
}

}  // namespace chatd::server
