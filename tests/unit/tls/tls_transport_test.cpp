// TlsTransport against an OpenSSL client on memory BIOs: bytes are carried between the two
// by hand, so every step of a session (handshake, data both ways, close) is visible.
#include "tls/tls_transport.hpp"

#include <doctest/doctest.h>
#include <openssl/err.h>

#include "unit/tls/test_certificates.hpp"

using chatd::net::OutputQueue;
using chatd::net::Transport;
using chatd::tls::TlsContext;
using chatd::tls::TlsTransport;
using chatd::tls::testing::CertificateDir;
using chatd::tls::testing::make_certificate;
using chatd::tls::testing::Pem;

namespace {

// An OpenSSL client whose network is two memory BIOs, and the server transport it talks to.
class Session {
 public:
  explicit Session(int max_version = 0, const Pem* client_cert = nullptr)
      : context_(TlsContext::load(dir_.section("server", make_certificate("test.chatd")))), server_(context_) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (max_version) {
      SSL_CTX_set_security_level(ctx_, 0);
      SSL_CTX_set_min_proto_version(ctx_, max_version);
      SSL_CTX_set_max_proto_version(ctx_, max_version);
    }
    if (client_cert) {
      BIO* bio = BIO_new_mem_buf(client_cert->certificate.data(), -1);
      X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
      BIO_free(bio);
      bio = BIO_new_mem_buf(client_cert->key.data(), -1);
      EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
      BIO_free(bio);
      SSL_CTX_use_certificate(ctx_, cert);
      SSL_CTX_use_PrivateKey(ctx_, key);
      client_fingerprint = chatd::tls::sha256_fingerprint(cert);
      X509_free(cert);
      EVP_PKEY_free(key);
    }
    client_ = SSL_new(ctx_);
    to_client_ = BIO_new(BIO_s_mem());
    from_client_ = BIO_new(BIO_s_mem());
    SSL_set_bio(client_, to_client_, from_client_);
    SSL_set_connect_state(client_);
  }
  ~Session() {
    SSL_free(client_);
    SSL_CTX_free(ctx_);
  }

  // Carries bytes both ways until neither side has anything to say; returns the server's last
  // status and collects what it decrypted into `plain`.
  Transport::Status pump() {
    Transport::Status status = Transport::Status::ok;
    for (int round = 0; round < 20; ++round) {
      SSL_do_handshake(client_);
      std::string bytes = drain(from_client_);
      if (!bytes.empty()) {
        status = server_.receive(bytes, plain, replies);
        if (status != Transport::Status::ok) return status;
      }
      std::string wire = take_wire();
      if (wire.empty() && bytes.empty()) break;
      BIO_write(to_client_, wire.data(), static_cast<int>(wire.size()));
    }
    return status;
  }

  // What the server's wire buffer holds, consumed as a socket would.
  std::string take_wire() {
    std::string out;
    iovec iov[4];
    while (int n = server_.gather(iov, 4)) {
      std::size_t taken = 0;
      for (int i = 0; i < n; ++i) {
        out.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
        taken += iov[i].iov_len;
      }
      server_.consume(taken);
    }
    return out;
  }

  // Delivers the server's wire bytes to the client and returns what it decrypted.
  std::string client_reads() {
    deliver_to_client(take_wire());
    std::string out;
    char buffer[4096];
    std::size_t n = 0;
    while (SSL_read_ex(client_, buffer, sizeof buffer, &n) == 1) out.append(buffer, n);
    last_client_error = SSL_get_error(client_, 0);
    ERR_clear_error();
    return out;
  }

  // Hands `wire` (taken earlier) to the client, for client_reads().
  void deliver_to_client(const std::string& wire) { BIO_write(to_client_, wire.data(), static_cast<int>(wire.size())); }

  void client_writes(std::string_view text) {
    std::size_t n = 0;
    SSL_write_ex(client_, text.data(), text.size(), &n);
  }

  Transport::Status client_sends_pending() { return server_.receive(drain(from_client_), plain, replies); }

  static std::string drain(BIO* bio) {
    std::string out;
    char buffer[4096];
    int n;
    while ((n = BIO_read(bio, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }

  SSL* client() { return client_; }
  TlsTransport& server() { return server_; }

  std::string plain;
  OutputQueue replies;
  OutputQueue lines;
  std::string client_fingerprint;
  int last_client_error = 0;

 private:
  CertificateDir dir_;
  std::shared_ptr<const TlsContext> context_;
  TlsTransport server_;
  SSL_CTX* ctx_ = nullptr;
  SSL* client_ = nullptr;
  BIO* to_client_ = nullptr;
  BIO* from_client_ = nullptr;
};

}  // namespace

TEST_CASE("tls::TlsTransport: a handshake, then lines both ways") {
  Session s;
  CHECK_FALSE(s.server().ready());
  CHECK(s.server().encrypted());
  REQUIRE(s.pump() == Transport::Status::ok);
  CHECK(s.server().ready());
  CHECK(SSL_is_init_finished(s.client()));
  CHECK(s.server().peer_fingerprint().empty());

  s.client_writes("NICK alice\r\nUSER a 0 * :A\r\n");
  CHECK(s.client_sends_pending() == Transport::Status::ok);
  CHECK(s.plain == "NICK alice\r\nUSER a 0 * :A\r\n");
  CHECK(s.replies.empty());

  s.lines.push(chatd::chat::make_shared_line(":a PRIVMSG #x :one\r\n"));
  s.lines.push(chatd::chat::make_shared_line(":a PRIVMSG #x :two\r\n"));
  s.lines.push(chatd::chat::make_shared_line(":a PRIVMSG #x :three\r\n"));
  CHECK(s.server().seal(s.lines) == Transport::Status::ok);
  CHECK(s.lines.empty());
  // The three lines went into one record: one header and tag, not three.
  const std::size_t wire = s.server().wire_bytes();
  CHECK(wire < 3 * 22 + 60);
  CHECK(s.client_reads() == ":a PRIVMSG #x :one\r\n:a PRIVMSG #x :two\r\n:a PRIVMSG #x :three\r\n");
  CHECK(s.server().wire_bytes() == 0);
}

TEST_CASE("tls::TlsTransport: lines queued before the handshake wait for it") {
  Session s;
  s.lines.push(chatd::chat::make_shared_line("early\r\n"));
  CHECK(s.server().seal(s.lines) == Transport::Status::ok);
  CHECK(s.lines.bytes() == 7);
  CHECK(s.server().wire_bytes() == 0);
  REQUIRE(s.pump() == Transport::Status::ok);
  CHECK(s.server().seal(s.lines) == Transport::Status::ok);
  CHECK(s.lines.empty());
  CHECK(s.client_reads() == "early\r\n");
}

TEST_CASE("tls::TlsTransport: a client certificate's SHA-256 fingerprint") {
  const Pem client = make_certificate("alice");
  Session s(0, &client);
  REQUIRE(s.pump() == Transport::Status::ok);
  REQUIRE(s.server().ready());
  CHECK(s.server().peer_fingerprint() == s.client_fingerprint);
  CHECK(s.server().peer_fingerprint().size() == 64);
}

TEST_CASE("tls::TlsTransport: TLS 1.2 works, TLS 1.1 is refused") {
  {
    Session s(TLS1_2_VERSION);
    REQUIRE(s.pump() == Transport::Status::ok);
    CHECK(s.server().ready());
    CHECK(std::string(SSL_get_version(s.client())) == "TLSv1.2");
  }
  Session old(TLS1_1_VERSION);
  CHECK(old.pump() == Transport::Status::failed);
  CHECK(std::string(old.server().error()).rfind("TLS handshake failed: ", 0) == 0);
  CHECK_FALSE(old.server().ready());
}

TEST_CASE("tls::TlsTransport: plaintext or garbage instead of a handshake fails at once") {
  for (std::string_view junk :
       {std::string_view("NICK alice\r\nUSER a 0 * :A\r\n"), std::string_view("\x16\x03\x01\xff\xff garbage"),
        std::string_view("GET / HTTP/1.1\r\n\r\n")}) {
    Session s;
    std::string plain;
    OutputQueue replies;
    CHECK(s.server().receive(junk, plain, replies) == Transport::Status::failed);
    CHECK(plain.empty());
    CHECK(std::string(s.server().error()).rfind("TLS handshake failed: ", 0) == 0);
    // A failed session stays failed.
    CHECK(s.server().receive("more", plain, replies) == Transport::Status::failed);
  }
}

TEST_CASE("tls::TlsTransport: a partial hello waits for the rest") {
  Session s;
  SSL_do_handshake(s.client());
  const std::string hello = Session::drain(SSL_get_wbio(s.client()));
  REQUIRE(hello.size() > 10);
  std::string plain;
  OutputQueue replies;
  CHECK(s.server().receive(std::string_view(hello).substr(0, 10), plain, replies) == Transport::Status::ok);
  CHECK(s.server().wire_bytes() == 0);
  CHECK(s.server().receive(std::string_view(hello).substr(10), plain, replies) == Transport::Status::ok);
  CHECK(s.server().wire_bytes() > 0);  // the server's flight
}

TEST_CASE("tls::TlsTransport: close_notify from the client ends the session after its last data") {
  Session s;
  REQUIRE(s.pump() == Transport::Status::ok);
  s.client_writes("QUIT :bye\r\n");
  SSL_shutdown(s.client());
  CHECK(s.client_sends_pending() == Transport::Status::closed);
  CHECK(s.plain == "QUIT :bye\r\n");
}

TEST_CASE("tls::TlsTransport: goodbye seals the last lines, then close_notify") {
  Session s;
  REQUIRE(s.pump() == Transport::Status::ok);
  s.lines.push(chatd::chat::make_shared_line("ERROR :Closing link\r\n"));
  s.server().goodbye(s.lines);
  CHECK(s.lines.empty());
  CHECK(s.client_reads() == "ERROR :Closing link\r\n");
  CHECK(s.last_client_error == SSL_ERROR_ZERO_RETURN);
  // Nothing is sealed after the goodbye.
  s.lines.push(chatd::chat::make_shared_line("late\r\n"));
  CHECK(s.server().seal(s.lines) == Transport::Status::ok);
  CHECK(s.server().wire_bytes() == 0);
}

TEST_CASE("tls::TlsTransport: a long backlog is sealed in bounded steps, all of it in order") {
  Session s;
  REQUIRE(s.pump() == Transport::Status::ok);
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    std::string line = ":server NOTICE alice :line " + std::to_string(i) + "\r\n";
    expected += line;
    s.lines.push(chatd::chat::make_shared_line(line));
  }
  int seals = 0;
  while (!s.lines.empty() && seals < 100) {
    REQUIRE(s.server().seal(s.lines) == Transport::Status::ok);
    ++seals;
  }
  CHECK(seals > 1);
  CHECK(s.client_reads() == expected);
}

TEST_CASE("tls::TlsTransport: records sent in parts go out whole, in order") {
  Session s;
  REQUIRE(s.pump() == Transport::Status::ok);
  s.lines.push(chatd::chat::make_shared_line("hello\r\n"));
  s.server().seal(s.lines);
  const std::size_t total = s.server().wire_bytes();
  iovec iov[1];
  REQUIRE(s.server().gather(iov, 1) == 1);
  const std::string first(static_cast<const char*>(iov[0].iov_base), 10);
  s.server().consume(10);  // a short write
  CHECK(s.server().wire_bytes() == total - 10);
  s.lines.push(chatd::chat::make_shared_line("world\r\n"));
  s.server().seal(s.lines);  // appended behind the unsent rest
  const std::string rest = s.take_wire();
  CHECK(s.server().wire_bytes() == 0);
  CHECK(s.server().gather(iov, 1) == 0);
  s.deliver_to_client(first + rest);
  CHECK(s.client_reads() == "hello\r\nworld\r\n");
}
