#include "tls/tls_transport.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstring>

#include "metrics/loop_counters.hpp"
namespace chatd::tls {
namespace {

// Plaintext sealed per call: enough for any flush of a busy client (records are 16 KiB), small
// enough that a client with a long backlog does not make a huge staging copy at once; the
// connection seals again when this much went out.
constexpr std::size_t kSealBytes = 64 * 1024;

TlsTransport& owner(BIO* bio) noexcept { return *static_cast<TlsTransport*>(BIO_get_data(bio)); }

// The BIO is the transport's two buffers, never a socket: reads take from the ciphertext being
// received (and ask to be retried once it is used up), writes append to the wire buffer and
// always succeed. Declared noexcept: an allocation failure must end in std::terminate (the
// error policy), never unwind through OpenSSL's C frames.
int bio_write(BIO* bio, const char* data, std::size_t size, std::size_t* written) noexcept {
  BIO_clear_retry_flags(bio);
  owner(bio).append_wire(data, size);
  *written = size;
  return 1;
}

int bio_read(BIO* bio, char* out, std::size_t size, std::size_t* read) noexcept {
  BIO_clear_retry_flags(bio);
  *read = owner(bio).take_input(out, size);
  if (*read > 0) return 1;
  BIO_set_retry_read(bio);
  return 0;
}

long bio_ctrl(BIO* bio, int command, long, void*) noexcept {
  switch (command) {
    case BIO_CTRL_FLUSH:
      return 1;
    case BIO_CTRL_PENDING:
      return static_cast<long>(owner(bio).input_left());
    default:
      return 0;
  }
}

int bio_create(BIO* bio) noexcept {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* wire_method() {
  static const BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "chatd connection");
    if (!m) throw std::bad_alloc();
    BIO_meth_set_write_ex(m, bio_write);
    BIO_meth_set_read_ex(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    return m;
  }();
  return method;
}

}  // namespace

TlsTransport::TlsTransport(std::shared_ptr<const TlsContext> context) : context_(std::move(context)) {
  ssl_ = context_->new_session();
  BIO* bio = BIO_new(wire_method());
  if (!bio) {
    SSL_free(ssl_);
    throw std::bad_alloc();
  }
  BIO_set_data(bio, this);
  SSL_set_bio(ssl_, bio, bio);  // one reference, owned by the session from now on
}

TlsTransport::~TlsTransport() { SSL_free(ssl_); }

std::size_t TlsTransport::take_input(char* out, std::size_t max) noexcept {
  const std::size_t n = std::min(max, input_.size());
  std::memcpy(out, input_.data(), n);
  input_.remove_prefix(n);
  return n;
}

void TlsTransport::append_wire(const char* data, std::size_t size) noexcept {
  // The sent head is dropped before the buffer would grow for it.
  if (sent_ > 0 && wire_.size() + size > wire_.capacity()) {
    wire_.erase(0, sent_);
    sent_ = 0;
  }
  wire_.append(data, size);
}

net::Transport::Status TlsTransport::fail(std::string_view what) noexcept {
  error_ = std::string(what) + ": " + take_openssl_error("unexpected data");
  failed_ = true;
  input_ = {};
  return Status::failed;
}

net::Transport::Status TlsTransport::finish_handshake() noexcept {
  established_ = true;
  metrics::this_loop().tls_handshakes[metrics::kResultOk].add();
  if (X509* peer = SSL_get0_peer_certificate(ssl_)) fingerprint_ = sha256_fingerprint(peer);
  return Status::ok;
}

net::Transport::Status TlsTransport::receive(std::string_view bytes, std::string& plain, net::OutputQueue&) noexcept {
  if (failed_) return Status::failed;
  input_ = bytes;
  ERR_clear_error();
  if (!established_) {
    const int result = SSL_do_handshake(ssl_);
    if (result != 1) {
      if (SSL_get_error(ssl_, result) != SSL_ERROR_WANT_READ) {
        metrics::this_loop().tls_handshakes[metrics::kResultFailed].add();
        return fail("TLS handshake failed");
      }
      input_ = {};
      return Status::ok;
    }
    finish_handshake();
  }
  char buffer[16384];
  for (;;) {
    std::size_t n = 0;
    if (SSL_read_ex(ssl_, buffer, sizeof buffer, &n) == 1) {
      plain.append(buffer, n);
      continue;
    }
    const int error = SSL_get_error(ssl_, 0);
    if (error == SSL_ERROR_WANT_READ) break;
    if (error == SSL_ERROR_ZERO_RETURN) {
      input_ = {};
      return Status::closed;  // close_notify: whatever came before it is in `plain`
    }
    return fail("TLS error");
  }
  input_ = {};
  return Status::ok;
}

net::Transport::Status TlsTransport::seal(net::OutputQueue& lines) noexcept {
  if (failed_) return Status::failed;
  if (!established_ || shut_down_ || lines.empty()) return Status::ok;
  iovec iov[net::OutputQueue::kMaxIov];
  int count = lines.gather(iov, net::OutputQueue::kMaxIov);
  std::size_t written = 0;
  ERR_clear_error();
  if (count == 1 && iov[0].iov_len == lines.bytes()) {
    // One chunk (a reply, one line of a quiet channel): sealed straight from the shared line.
    if (SSL_write_ex(ssl_, iov[0].iov_base, iov[0].iov_len, &written) != 1) return fail("TLS error");
    lines.consume(written);
    return Status::ok;
  }
  // Several lines become one record (per 16 KiB) instead of one each: a record costs a
  // header, a tag and a cipher call of its own, far more than copying a line.
  static thread_local std::string staging;
  staging.clear();
  while (count > 0 && staging.size() < kSealBytes) {
    std::size_t taken = 0;
    for (int i = 0; i < count && staging.size() < kSealBytes; ++i) {
      staging.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
      taken += iov[i].iov_len;
    }
    lines.consume(taken);
    count = lines.gather(iov, net::OutputQueue::kMaxIov);
  }
  if (SSL_write_ex(ssl_, staging.data(), staging.size(), &written) != 1) return fail("TLS error");
  return Status::ok;
}

int TlsTransport::gather(iovec* iov, int max) const noexcept {
  if (max < 1 || wire_bytes() == 0) return 0;
  iov[0] = iovec{const_cast<char*>(wire_.data() + sent_), wire_.size() - sent_};
  return 1;
}

void TlsTransport::consume(std::size_t written) noexcept {
  sent_ += written;
  if (sent_ >= wire_.size()) {
    // All sent: the buffer goes back to malloc, which hands the same (cache-hot) block to the
    // next connection sealed on this thread. Keeping a buffer per connection measured 10%
    // slower and 30% more memory in bench T (doc/PERFORMANCE.md).
    std::string().swap(wire_);
    sent_ = 0;
  }
}

void TlsTransport::goodbye(net::OutputQueue& lines) noexcept {
  if (!established_ || failed_ || shut_down_) return;
  while (!lines.empty()) {
    if (seal(lines) != Status::ok) return;
  }
  shut_down_ = true;
  ERR_clear_error();
  SSL_shutdown(ssl_);  // queues close_notify; the peer's answer is not waited for
  ERR_clear_error();
}

}  // namespace chatd::tls
