// IrcClient: a raw TCP client for black-box protocol tests. It speaks bytes, not IRC: the test
// decides every line sent and checks every line received. Every wait is bounded by a timeout
// (poll), and a failed expectation is reported to doctest together with the lines that did
// arrive, so a broken server makes a test fail quickly and legibly instead of hanging.
//
// Use an object from one thread only (doctest assertions are not thread-safe).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::test {

class TlsStream;
struct TlsOptions;

class IrcClient {
 public:
  // Connects to host:port (numeric address only, so nothing ever resolves a name); throws
  // std::runtime_error on failure or if the connect takes longer than 5 s.
  explicit IrcClient(std::uint16_t port, std::string host = "127.0.0.1");
  // The same line-level client on a UNIX stream socket (chatd's admin socket); throws
  // std::runtime_error when the connect fails.
  static IrcClient unix_socket(const std::string& path);
  // The same client over TLS (tls_stream.hpp): connects and handshakes within 5 s; throws
  // std::runtime_error with OpenSSL's reason when the handshake fails.
  static IrcClient tls(std::uint16_t port, const TlsOptions& options);
  static IrcClient tls(std::uint16_t port);
  ~IrcClient();
  IrcClient(IrcClient&& other) noexcept;
  IrcClient& operator=(IrcClient&& other) noexcept;
  IrcClient(const IrcClient&) = delete;
  IrcClient& operator=(const IrcClient&) = delete;

  // Sends exactly these bytes. Returns false (without failing the test) if the server has gone
  // away or has not taken them within 5 s: a disconnect is often what a test is provoking.
  // The reason is remembered and shown in later failure messages.
  bool send_raw(std::string_view bytes);
  // Sends `line` followed by "\r\n".
  bool send(std::string_view line);

  // The next complete line with its CR LF or LF stripped, or nullopt on timeout or EOF.
  // Bytes after the last LF are kept until the rest of their line arrives.
  std::optional<std::string> read_line(int timeout_ms = 5000);

  // Reads lines until one contains `needle` and returns it. The lines skipped on the way are in
  // skipped() until the next expect call. On timeout or EOF: a doctest FAIL_CHECK at the caller's
  // line that lists what arrived, and "" is returned so the test can stop.
  std::string expect(std::string_view needle, int timeout_ms = 5000,
                     std::source_location where = std::source_location::current());
  // The same with an ECMAScript std::regex matched by regex_search.
  std::string expect_re(const std::string& pattern, int timeout_ms = 5000,
                        std::source_location where = std::source_location::current());

  // Fails the test if a line arrives, or the connection closes, within `ms`.
  void expect_silence(int ms = 300, std::source_location where = std::source_location::current());

  // Reads until the server closes the connection and returns every line seen (an unterminated
  // last line included). Fails the test if the connection is still open after timeout_ms.
  std::vector<std::string> read_until_closed(int timeout_ms = 5000,
                                             std::source_location where = std::source_location::current());

  // True once EOF (or a reset) has been seen on the connection.
  bool closed() const { return eof_; }

  // Registers: "PASS <password>" if one is given, NICK, "USER <nick> 0 * :Test User"; then waits
  // for 001 and for the end of the MOTD (376 or 422), answering a PING on the way. Returns every
  // line received. Fails fast on ERROR or a 4xx/5xx numeric before 001.
  std::vector<std::string> register_as(std::string_view nick, std::string_view password = "",
                                       std::source_location where = std::source_location::current());
  // The same with "USER <nick> 0 * :<realname>" and no password.
  std::vector<std::string> register_with_realname(std::string_view nick, std::string_view realname,
                                                  std::source_location where = std::source_location::current());

  // Every complete line until none has arrived for quiet_ms (or the connection closed): for
  // checking that something came exactly once, or not at all.
  std::vector<std::string> read_until_quiet(int quiet_ms = 400);

  // Discards complete lines already received or arriving within `ms`; a partial line is kept.
  void drain(int ms = 100);

  // Lines passed over by the last expect/expect_re (or register_as).
  std::vector<std::string> skipped() const { return skipped_; }

  // Bytes received after the last complete line.
  const std::string& pending() const { return buffer_; }

  int fd() const { return fd_; }
  // TLS mode only (null otherwise): the session, e.g. for the server certificate's fingerprint.
  const TlsStream* tls_stream() const { return tls_.get(); }

  // Closes our side now (the destructor would do it later).
  void close();

 private:
  enum class Wait { kLine, kTimeout, kEof };

  IrcClient() = default;

  // recv/send, through TLS in TLS mode; `events` is what to poll for before retrying EAGAIN.
  ssize_t receive_some(char* out, std::size_t size, short& events);
  ssize_t send_some(const char* data, std::size_t size, short& events);
  // Moves one complete line out of buffer_ if there is one.
  std::optional<std::string> take_line();
  // Receives more bytes until a complete line is buffered, EOF, or `timeout_ms` passes.
  Wait fill(int timeout_ms);
  // What a failure message says after the lines: partial data, closed state, send errors.
  std::string failure_context(const std::vector<std::string>& seen) const;
  std::vector<std::string> register_impl(std::string_view nick, std::string_view password, std::string_view realname,
                                         std::source_location where);
  std::string expect_matching(const std::string& what, int timeout_ms, std::source_location where,
                              const std::function<bool(const std::string&)>& match);

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::string buffer_;
  bool eof_ = false;
  std::string last_error_;
  std::vector<std::string> skipped_;
  std::unique_ptr<TlsStream> tls_;  // null: plain TCP
};

}  // namespace chatd::test
