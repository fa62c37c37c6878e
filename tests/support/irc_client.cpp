#include "irc_client.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "support/tls_stream.hpp"

namespace chatd::test {
namespace {

using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

Clock::time_point deadline_after(int ms) { return Clock::now() + std::chrono::milliseconds(ms); }

// Control characters would garble a terminal or hide why two lines differ, so show them.
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Reported at the test's own line, so the failure points at the expectation, not at this file.
void report_failure(const std::source_location& where, const std::string& message) {
  ADD_FAIL_CHECK_AT(where.file_name(), static_cast<int>(where.line()), message);
}

bool is_registration_error(const std::string& line) {
  static const std::regex error(R"(^(ERROR\b|:\S+ [45]\d\d ))");
  return std::regex_search(line, error);
}

}  // namespace

IrcClient IrcClient::unix_socket(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) throw std::runtime_error("IrcClient: path too long: " + path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  IrcClient client;
  client.fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (client.fd_ < 0) throw std::runtime_error("IrcClient: socket: " + std::string(std::strerror(errno)));
  // A local connect completes at once or fails; only later I/O needs the non-blocking mode.
  if (::connect(client.fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("IrcClient: connect " + path + ": " + std::strerror(errno));
  }
  ::fcntl(client.fd_, F_SETFL, ::fcntl(client.fd_, F_GETFL) | O_NONBLOCK);
  return client;
}

IrcClient IrcClient::tls(std::uint16_t port, const TlsOptions& options) {
  IrcClient client(port);
  client.tls_ = std::make_unique<TlsStream>(client.fd_, options);
  return client;
}

IrcClient IrcClient::tls(std::uint16_t port) { return tls(port, TlsOptions{}); }

ssize_t IrcClient::receive_some(char* out, std::size_t size, short& events) {
  events = POLLIN;
  if (!tls_) return ::recv(fd_, out, size, 0);
  const ssize_t n = tls_->read(out, size);
  if (tls_->wants_write()) events = POLLOUT;
  if (n < 0 && errno == EPROTO) last_error_ = "TLS: " + tls_->error();
  return n;
}

ssize_t IrcClient::send_some(const char* data, std::size_t size, short& events) {
  events = POLLOUT;
  // MSG_NOSIGNAL: a server that hung up must give EPIPE, not kill the test binary.
  if (!tls_) return ::send(fd_, data, size, MSG_NOSIGNAL);
  const ssize_t n = tls_->write(data, size);
  if (!tls_->wants_write()) events = POLLIN;
  return n;
}

IrcClient::IrcClient(std::uint16_t port, std::string host) : port_(port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &res); rc != 0) {
    throw std::runtime_error("IrcClient: bad address " + host + ": " + ::gai_strerror(rc));
  }
  const std::string where = host + ":" + service;
  fd_ = ::socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) {
    ::freeaddrinfo(res);
    throw std::runtime_error("IrcClient: socket: " + std::string(std::strerror(errno)));
  }
  // Non-blocking from the start: a connect into a full backlog or a send into a server that has
  // stopped reading must hit a timeout, not hang the suite.
  int rc = ::connect(fd_, res->ai_addr, res->ai_addrlen);
  int err = rc == 0 ? 0 : errno;
  ::freeaddrinfo(res);
  if (err == EINPROGRESS) {
    pollfd p{fd_, POLLOUT, 0};
    int n;
    do {
      n = ::poll(&p, 1, 5000);
    } while (n < 0 && errno == EINTR);
    socklen_t len = sizeof err;
    if (n == 1) {
      ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    } else {
      err = ETIMEDOUT;
    }
  }
  if (err != 0) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("IrcClient: connect to " + where + ": " + std::strerror(err));
  }
}

IrcClient::~IrcClient() { close(); }

IrcClient::IrcClient(IrcClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      port_(other.port_),
      buffer_(std::move(other.buffer_)),
      eof_(other.eof_),
      last_error_(std::move(other.last_error_)),
      skipped_(std::move(other.skipped_)),
      tls_(std::move(other.tls_)) {}

IrcClient& IrcClient::operator=(IrcClient&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    port_ = other.port_;
    buffer_ = std::move(other.buffer_);
    eof_ = other.eof_;
    last_error_ = std::move(other.last_error_);
    skipped_ = std::move(other.skipped_);
    tls_ = std::move(other.tls_);
  }
  return *this;
}

void IrcClient::close() {
  tls_.reset();  // before its socket
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

bool IrcClient::send_raw(std::string_view bytes) {
  if (fd_ < 0) {
    last_error_ = "send on a closed client";
    return false;
  }
  const auto deadline = deadline_after(5000);
  while (!bytes.empty()) {
    short events = POLLOUT;
    ssize_t n = send_some(bytes.data(), bytes.size(), events);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, events, 0};
      if (::poll(&p, 1, ms_left(deadline)) > 0) continue;
      if (errno == EINTR) continue;
      last_error_ = "send stalled for 5 s with " + std::to_string(bytes.size()) + " bytes unsent (server not reading)";
      return false;
    }
    last_error_ = std::string("send failed: ") + std::strerror(errno);
    return false;
  }
  return true;
}

bool IrcClient::send(std::string_view line) {
  std::string bytes(line);
  bytes += "\r\n";
  return send_raw(bytes);
}

std::optional<std::string> IrcClient::take_line() {
  auto lf = buffer_.find('\n');
  if (lf == std::string::npos) return std::nullopt;
  std::string line = buffer_.substr(0, lf);
  buffer_.erase(0, lf + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

IrcClient::Wait IrcClient::fill(int timeout_ms) {
  const auto deadline = deadline_after(timeout_ms);
  char chunk[16384];
  while (true) {
    if (buffer_.find('\n') != std::string::npos) return Wait::kLine;
    if (eof_ || fd_ < 0) return Wait::kEof;
    // Read first: a TLS session may hold decrypted bytes that no poll would announce.
    short events = POLLIN;
    ssize_t got = receive_some(chunk, sizeof chunk, events);
    if (got > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(got));
      continue;
    }
    if (got == 0) {
      eof_ = true;
      continue;
    }
    if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
      if (last_error_.empty()) last_error_ = std::string("recv failed: ") + std::strerror(errno);
      eof_ = true;
      continue;
    }
    pollfd p{fd_, events, 0};
    int n = ::poll(&p, 1, ms_left(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) return Wait::kTimeout;
  }
}

std::optional<std::string> IrcClient::read_line(int timeout_ms) {
  if (fill(timeout_ms) != Wait::kLine) return std::nullopt;
  return take_line();
}

std::string IrcClient::failure_context(const std::vector<std::string>& seen) const {
  std::ostringstream out;
  if (seen.empty()) {
    out << "no line received";
  } else {
    out << "received " << seen.size() << " line(s):";
    for (const auto& line : seen) out << "\n  | " << printable(line);
  }
  if (!buffer_.empty()) out << "\nunterminated data: \"" << printable(buffer_) << "\"";
  if (eof_) out << "\nthe server closed the connection";
  if (!last_error_.empty()) out << "\nnote: " << last_error_;
  out << "\n(client on 127.0.0.1:" << port_ << ")";
  return out.str();
}

std::string IrcClient::expect_matching(const std::string& what, int timeout_ms, std::source_location where,
                                       const std::function<bool(const std::string&)>& match) {
  skipped_.clear();
  const auto deadline = deadline_after(timeout_ms);
  while (true) {
    auto line = read_line(ms_left(deadline));
    if (!line) break;
    if (match(*line)) return *line;
    skipped_.push_back(std::move(*line));
  }
  std::ostringstream msg;
  msg << "expected a line " << what << " within " << timeout_ms << " ms; " << (eof_ ? "connection closed" : "timed out")
      << "\n"
      << failure_context(skipped_);
  report_failure(where, msg.str());
  return "";
}

std::string IrcClient::expect(std::string_view needle, int timeout_ms, std::source_location where) {
  const std::string n(needle);
  return expect_matching("containing \"" + printable(n) + "\"", timeout_ms, where,
                         [&n](const std::string& line) { return line.find(n) != std::string::npos; });
}

std::string IrcClient::expect_re(const std::string& pattern, int timeout_ms, std::source_location where) {
  const std::regex re(pattern, std::regex::ECMAScript);
  return expect_matching("matching /" + pattern + "/", timeout_ms, where,
                         [&re](const std::string& line) { return std::regex_search(line, re); });
}

void IrcClient::expect_silence(int ms, std::source_location where) {
  auto line = read_line(ms);
  if (line) {
    report_failure(where, "expected no line for " + std::to_string(ms) + " ms, but got:\n  | " + printable(*line));
  } else if (eof_) {
    report_failure(where, "expected silence for " + std::to_string(ms) + " ms, but the server closed the connection\n" +
                              failure_context({}));
  }
}

std::vector<std::string> IrcClient::read_until_closed(int timeout_ms, std::source_location where) {
  std::vector<std::string> lines;
  const auto deadline = deadline_after(timeout_ms);
  while (true) {
    auto line = read_line(ms_left(deadline));
    if (line) {
      lines.push_back(std::move(*line));
      continue;
    }
    if (eof_) break;
    report_failure(where, "expected the server to close the connection within " + std::to_string(timeout_ms) +
                              " ms, but it is still open\n" + failure_context(lines));
    return lines;
  }
  if (!buffer_.empty()) {
    lines.push_back(std::move(buffer_));
    buffer_.clear();
  }
  return lines;
}

std::vector<std::string> IrcClient::register_as(std::string_view nick, std::string_view password,
                                                std::source_location where) {
  return register_impl(nick, password, "Test User", where);
}

std::vector<std::string> IrcClient::register_with_realname(std::string_view nick, std::string_view realname,
                                                           std::source_location where) {
  return register_impl(nick, "", realname, where);
}

std::vector<std::string> IrcClient::register_impl(std::string_view nick, std::string_view password,
                                                  std::string_view realname, std::source_location where) {
  skipped_.clear();
  if (!password.empty()) send("PASS " + std::string(password));
  send("NICK " + std::string(nick));
  send("USER " + std::string(nick) + " 0 * :" + std::string(realname));

  static const std::regex welcome(R"(^:\S+ 001 )");
  static const std::regex motd_end(R"(^:\S+ (376|422) )");
  std::vector<std::string> lines;
  bool welcomed = false;
  const auto deadline = deadline_after(5000);
  while (true) {
    auto line = read_line(ms_left(deadline));
    if (!line) break;
    lines.push_back(*line);
    if (line->rfind("PING ", 0) == 0) {
      send("PONG " + line->substr(5));
    } else if (!welcomed && std::regex_search(*line, welcome)) {
      welcomed = true;
    } else if (!welcomed && is_registration_error(*line)) {
      report_failure(where, "registration as " + std::string(nick) + " was refused\n" + failure_context(lines));
      skipped_ = lines;
      return lines;
    } else if (welcomed && std::regex_search(*line, motd_end)) {
      skipped_ = lines;
      return lines;
    }
  }
  report_failure(where, "registration as " + std::string(nick) + " did not finish (" +
                            (welcomed ? "no 376/422 after 001" : "no 001") + "); " +
                            (eof_ ? "connection closed" : "timed out after 5000 ms") + "\n" + failure_context(lines));
  skipped_ = lines;
  return lines;
}

void IrcClient::drain(int ms) {
  const auto deadline = deadline_after(ms);
  while (read_line(ms_left(deadline))) {
  }
}

std::vector<std::string> IrcClient::read_until_quiet(int quiet_ms) {
  std::vector<std::string> lines;
  while (auto line = read_line(quiet_ms)) lines.push_back(*line);
  return lines;
}

}  // namespace chatd::test
