#include "fleet.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "proc_stats.hpp"

namespace chatd::bench {

namespace {
constexpr std::size_t kReadBuffer = 256 * 1024;
constexpr int kMaxEvents = 1024;

std::string nick_for(Role role, std::uint32_t index) {
  const char* prefix = role == Role::subscriber ? "s" : role == Role::publisher ? "p" : "i";
  return prefix + std::to_string(index);
}

// "ERROR :Closing link ..." and the numeric of ":server 433 * s1 :Nickname is already in use".
std::string_view command_of(std::string_view line) {
  if (!line.empty() && line.front() == ':') {
    auto space = line.find(' ');
    line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  }
  return line.substr(0, line.find(' '));
}
}  // namespace

Fleet::Fleet(Settings settings) : settings_(std::move(settings)), buffer_(kReadBuffer) {
  if (settings_.tls) tls_ = std::make_unique<TlsClientContext>();
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
}

Fleet::~Fleet() {
  // A reset instead of a FIN: tens of thousands of client sockets in TIME_WAIT would use up
  // the ephemeral ports that the next run needs.
  linger reset{1, 0};
  for (auto& client : clients_) {
    if (client.ssl) SSL_free(client.ssl);
    if (client.fd < 0) continue;
    ::setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    ::close(client.fd);
  }
  if (epoll_ >= 0) ::close(epoll_);
}

void Fleet::add(Role role, std::size_t count) {
  std::uint32_t base = static_cast<std::uint32_t>(this->count(role));
  for (std::size_t i = 0; i < count; ++i) {
    Client client;
    client.role = role;
    client.index = base + static_cast<std::uint32_t>(i);
    clients_.push_back(std::move(client));
  }
}

std::size_t Fleet::count(Role role) const {
  std::size_t n = 0;
  for (const auto& client : clients_) n += client.role == role;
  return n;
}

std::uint16_t Fleet::port_of(const Client& client) const {
  if (settings_.ports.empty()) return settings_.port;
  if (client.role != Role::subscriber) return settings_.ports.front();
  return settings_.ports[client.index % settings_.ports.size()];
}

void Fleet::start_connect(std::size_t id) {
  Client& client = clients_[id];
  client.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (client.fd < 0) return fail(client, std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(client.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_of(client));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ++pending_;
  client.phase = Client::Phase::connecting;
  if (::connect(client.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 && errno != EINPROGRESS) {
    return fail(client, std::string("connect: ") + std::strerror(errno));
  }
  epoll_event event{};
  event.events = EPOLLOUT;
  event.data.u64 = id;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, client.fd, &event);
  client.writing = true;
}

bool Fleet::establish(std::uint64_t deadline_ns) {
  while (ready_ + failures_ < clients_.size()) {
    while (pending_ < settings_.max_pending && next_to_start_ < clients_.size()) start_connect(next_to_start_++);
    if (failures_ > 0) return false;
    if (monotonic_ns() > deadline_ns) {
      error_ = "setup timed out with " + std::to_string(ready_) + " of " + std::to_string(clients_.size()) +
               " clients ready";
      return false;
    }
    poll(100);
  }
  return failures_ == 0;
}

void Fleet::poll(int timeout_ms) {
  flush_all();  // what the caller queued goes out before we wait for the answers
  epoll_event events[kMaxEvents];
  int n = ::epoll_wait(epoll_, events, kMaxEvents, timeout_ms);
  std::uint64_t now = monotonic_ns();
  for (int i = 0; i < n; ++i) on_event(events[i].data.u64, events[i].events, now);
  flush_all();
}

void Fleet::on_event(std::size_t id, std::uint32_t events, std::uint64_t now_ns) {
  Client& client = clients_[id];
  if (client.phase == Client::Phase::closed) return;
  if (client.phase == Client::Phase::connecting) {
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(client.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return fail(client, std::string("connect: ") + std::strerror(error));
    if (tls_) {
      client.ssl = tls_->session(client.fd);
      client.phase = Client::Phase::handshaking;
      return handshake(client);
    }
    return start_session(client);
  }
  if (client.phase == Client::Phase::handshaking) return handshake(client);
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_input(client, now_ns);
  if ((events & EPOLLOUT) && client.phase != Client::Phase::closed) flush(client);
}

void Fleet::start_session(Client& client) {
  if (!settings_.websocket) return send_registration(client);
  client.ws = std::make_unique<WsSession>();
  client.phase = Client::Phase::upgrading;
  queue_raw(client, client.ws->upgrade_request(port_of(client)));
}

void Fleet::send_registration(Client& client) {
  client.phase = Client::Phase::registering;
  std::string nick = nick_for(client.role, client.index);
  queue(client, "NICK " + nick + "\r\nUSER " + nick + " 0 * :chatd bench\r\n");
}

void Fleet::handshake(Client& client) {
  std::string error;
  switch (tls_handshake(client.ssl, error)) {
    case TlsStep::done:
      watch(client, false);
      return start_session(client);
    case TlsStep::want_read:
      return watch(client, false);
    case TlsStep::want_write:
      return watch(client, true);
    case TlsStep::failed:
      return fail(client, error);
  }
}

ssize_t Fleet::receive(Client& client, bool& want_write) {
  want_write = false;
  if (!client.ssl) return ::recv(client.fd, buffer_.data(), buffer_.size(), 0);
  std::string error;
  const ssize_t n = tls_read(client.ssl, buffer_.data(), buffer_.size(), want_write, error);
  if (n < 0 && errno == EPROTO) fail(client, error);
  return n;
}

ssize_t Fleet::send_some(Client& client, bool& want_write) {
  want_write = true;
  if (!client.ssl) return ::send(client.fd, client.out.data(), client.out.size(), MSG_NOSIGNAL);
  std::string error;
  const ssize_t n = tls_write(client.ssl, client.out.data(), client.out.size(), want_write, error);
  if (n < 0 && errno == EPROTO) fail(client, error);
  return n;
}

void Fleet::read_input(Client& client, std::uint64_t now_ns) {
  for (;;) {
    bool want_write = false;
    ssize_t n = receive(client, want_write);
    if (client.phase == Client::Phase::closed) return;
    if (n == 0) return fail(client, "the server closed the connection");
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) fail(client, std::string("recv: ") + std::strerror(errno));
      return;
    }
    std::string_view data(buffer_.data(), static_cast<std::size_t>(n));
    if (client.phase == Client::Phase::upgrading) {
      take_upgrade_answer(client, data);
      if (client.phase == Client::Phase::closed) return;
      if (client.phase == Client::Phase::upgrading) continue;  // the answer's head is not whole yet
    }
    if (client.ws) {
      decoded_.clear();
      ws_replies_.clear();
      std::string error;
      const bool open = client.ws->read_frames(data, decoded_, ws_replies_, error);
      if (!ws_replies_.empty()) queue_raw(client, ws_replies_);
      take_lines(client, decoded_, now_ns);
      if (!open) return fail(client, error);
    } else {
      take_lines(client, data, now_ns);
    }
    if (client.phase == Client::Phase::closed) return;
    // A TLS read returns one record at most: read on until the session says it wants more.
    if (!client.ssl && static_cast<std::size_t>(n) < buffer_.size()) return;
  }
}

void Fleet::take_upgrade_answer(Client& client, std::string_view& data) {
  std::string error;
  std::string_view rest;
  switch (client.ws->take_answer(data, rest, error)) {
    case WsSession::Answer::incomplete:
      return;
    case WsSession::Answer::refused:
      return fail(client, error);
    case WsSession::Answer::accepted:
      data = rest;
      return send_registration(client);
  }
}

// Hands each complete line of `data` to handle_line(); a partial line waits in client.in.
void Fleet::take_lines(Client& client, std::string_view data, std::uint64_t now_ns) {
  auto take = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    handle_line(client, line, now_ns);
  };
  if (!client.in.empty()) {
    auto lf = data.find('\n');
    if (lf == std::string_view::npos) {
      client.in.append(data);
      return;
    }
    client.in.append(data.substr(0, lf));
    std::string line = std::move(client.in);
    client.in.clear();
    take(line);
    data.remove_prefix(lf + 1);
  }
  for (auto lf = data.find('\n'); lf != std::string_view::npos; lf = data.find('\n')) {
    take(data.substr(0, lf));
    if (client.phase == Client::Phase::closed) return;
    data.remove_prefix(lf + 1);
  }
  client.in.assign(data);
}

void Fleet::handle_line(Client& client, std::string_view line, std::uint64_t now_ns) {
  // The hot path: a ready client's line goes to the sink first; it takes only its own.
  if (client.phase == Client::Phase::ready && sink_ && sink_->on_line(client, line, now_ns)) return;
  auto command = command_of(line);
  if (command == "PING") {
    auto argument = line.substr(line.find("PING") + 4);
    queue(client, "PONG" + std::string(argument) + "\r\n");
  } else if (command == "ERROR") {
    fail(client, line);
  } else if (client.phase != Client::Phase::ready) {
    handle_setup_reply(client, line);
  }
}

void Fleet::handle_setup_reply(Client& client, std::string_view line) {
  auto command = command_of(line);
  if (command == "001") {
    if (settings_.channel.empty()) return become_ready(client);
    client.phase = Client::Phase::joining;
    queue(client, "JOIN " + settings_.channel + "\r\n");
  } else if (command == "366") {
    become_ready(client);
  } else if (command.size() == 3 && (command[0] == '4' || command[0] == '5') && command != "421") {
    // A refusal (nick in use, too many channels, throttled, banned ...): say which and stop.
    fail(client, line);
  }
}

void Fleet::become_ready(Client& client) {
  client.phase = Client::Phase::ready;
  ++ready_;
  --pending_;
}

void Fleet::fail(Client& client, std::string_view why) {
  if (client.phase == Client::Phase::closed) return;
  if (client.phase != Client::Phase::ready && client.phase != Client::Phase::queued) --pending_;
  if (client.phase == Client::Phase::ready) --ready_;
  client.phase = Client::Phase::closed;
  ++failures_;
  if (error_.empty()) error_ = nick_for(client.role, client.index) + ": " + std::string(why);
  if (client.fd >= 0) ::epoll_ctl(epoll_, EPOLL_CTL_DEL, client.fd, nullptr);
}

void Fleet::queue(Client& client, std::string_view bytes) {
  if (!client.ws || !client.ws->open()) return queue_raw(client, bytes);
  if (client.phase == Client::Phase::closed) return;
  client.ws->frame_lines(client.out, bytes);
  mark_dirty(client);
}

void Fleet::queue_raw(Client& client, std::string_view bytes) {
  if (client.phase == Client::Phase::closed) return;
  client.out.append(bytes);
  mark_dirty(client);
}

void Fleet::mark_dirty(Client& client) {
  if (client.dirty) return;
  client.dirty = true;
  dirty_.push_back(static_cast<std::size_t>(&client - clients_.data()));
}

void Fleet::flush_all() {
  for (std::size_t id : dirty_) {
    clients_[id].dirty = false;
    flush(clients_[id]);
  }
  dirty_.clear();
}

void Fleet::flush(Client& client) {
  if (client.phase == Client::Phase::closed || client.phase == Client::Phase::connecting ||
      client.phase == Client::Phase::handshaking) {
    return;
  }
  while (!client.out.empty()) {
    bool want_write = true;
    ssize_t n = send_some(client, want_write);
    if (client.phase == Client::Phase::closed) return;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return fail(client, std::string("send: ") + std::strerror(errno));
    }
    client.out.erase(0, static_cast<std::size_t>(n));
  }
  watch(client, !client.out.empty());
}

void Fleet::watch(Client& client, bool writing) {
  if (client.writing == writing) return;
  client.writing = writing;
  epoll_event event{};
  event.events = EPOLLIN | (writing ? EPOLLOUT : 0u);
  event.data.u64 = static_cast<std::size_t>(&client - clients_.data());
  ::epoll_ctl(epoll_, EPOLL_CTL_MOD, client.fd, &event);
}

}  // namespace chatd::bench
