// Transport: what stands between a connection's socket and its lines, when anything does.
//
//   input:   socket bytes -> receive() -> plaintext -> LineReader -> on_line()
//   output:  queue(line) -> frame() -> OutputQueue of lines -> seal() -> wire bytes -> socket
//
// Plain TCP has no transport at all: the connection reads lines straight from its socket and
// sends the shared formatted lines straight from its OutputQueue (zero copies, one iovec per
// line, the same io_uring batch). A transport is a layer, or a stack of them, slotted in at
// accept time; the IRC code above never knows:
//
// * A framing layer (WebSocket) turns each outgoing line into a message with frame(), once
//   per line and worker, shared by every recipient there like the line itself, and cuts
//   incoming frames back into lines. It needs no per-connection work at flush.
// * A sealing layer (TLS) works on the byte stream of one connection: at flush, seal() takes
//   the queued lines and turns them into wire bytes in a buffer of its own, which the
//   connection then sends (gather/consume) in place of the lines.
// * A stack (wss = TLS below WebSocket) frames with the upper layer and seals with the lower.
//
// What a layer must say by itself (a TLS handshake record, a WebSocket pong or close frame):
// a sealing layer keeps it in its own wire buffer; a framing layer pushes it onto `replies`,
// the connection's line queue, where it goes out in order with the lines (and through the
// sealing layer below it, if any).
//
// Thread rules: owned by one connection, loop-only.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "chat/endpoint.hpp"
#include "net/output_queue.hpp"

namespace chatd::net {

class Transport {
 public:
  enum class Status {
    ok,
    closed,  // the peer ended the session within the protocol (close_notify, close frame)
    failed,  // the peer broke the protocol, or the layer failed: error() says why
    // The layer answered by itself and that ends the session (an HTTP request on a WebSocket
    // port): the connection reads no more and closes once the answer is written.
    answered,
  };

  virtual ~Transport() = default;

  // Bytes read from the socket. Appends the plaintext they carry to `plain` (possibly none:
  // a handshake record, a ping); queues what the layer must answer by itself (see above).
  virtual Status receive(std::string_view bytes, std::string& plain, OutputQueue& replies) noexcept = 0;

  // The form of an outgoing line (which may hold several CR LF-terminated IRC lines) to queue
  // for this client. Default: the line as it is.
  virtual chat::SharedLine frame(const chat::SharedLine& line) noexcept { return line; }

  // Sealing layers only. seals() says whether the connection sends this layer's wire bytes
  // instead of its queued lines; seal() moves as many lines as it can from `lines` into them.
  virtual bool seals() const noexcept { return false; }
  virtual Status seal(OutputQueue& lines) noexcept {
    (void)lines;
    return Status::ok;
  }
  // The wire bytes not yet sent, like OutputQueue::gather/consume/bytes.
  virtual int gather(iovec* iov, int max) const noexcept {
    (void)iov, (void)max;
    return 0;
  }
  virtual void consume(std::size_t written) noexcept { (void)written; }
  virtual std::size_t wire_bytes() const noexcept { return 0; }

  // The connection is closing: queue the layer's polite goodbye (a close frame, close_notify)
  // after everything already queued, best effort: a framing layer pushes it onto `lines`; a
  // sealing layer first seals what `lines` holds (the client's last words), then adds its own.
  virtual void goodbye(OutputQueue& lines) noexcept { (void)lines; }

  // Why the last call returned `failed` (a close reason for the client and the debug log).
  virtual std::string_view error() const noexcept { return "transport error"; }

  // Whether the layer's own opening (a TLS handshake, a WebSocket upgrade) is done. The
  // connection runs its protocol (on_open, lines) only once it is; until then the bytes
  // received only feed the layer, and the registration timeout runs.
  virtual bool ready() const noexcept { return true; }
  // What the layer knows about the peer: whether the wire is encrypted, and the SHA-256
  // fingerprint of the certificate the client presented (lowercase hex; empty: none).
  virtual bool encrypted() const noexcept { return false; }
  virtual std::string peer_fingerprint() const { return {}; }
  // The client's address when the layer learned it from the opening (X-Forwarded-For from a
  // trusted proxy); empty: the socket's peer is the client.
  virtual std::string peer_host() const { return {}; }
};

}  // namespace chatd::net
