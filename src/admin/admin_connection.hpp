// AdminConnection: one chatctl (or script) connected to the admin socket. Reads request lines
// (at most kMaxRequestBytes each; a longer one gets an error reply and is skipped), answers
// each with one reply line, and closes when the peer does. A peer that AccessPolicy refuses
// is sent the refusal as its only reply and closed at once.
//
// Thread rules: loop-only (the main loop). Owned by AdminServer, freed after the batch.
#pragma once

#include <cstdint>
#include <string>

#include "admin/commands.hpp"
#include "event/event_loop.hpp"
#include "net/line_reader.hpp"
#include "net/output_queue.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::admin {

class AdminServer;

class AdminConnection final : public event::Watcher {
 public:
  // `refusal` empty: the peer may run commands.
  AdminConnection(AdminServer& server, sys::UniqueFd fd, Peer peer, std::string refusal);
  ~AdminConnection();

  void start();
  void close() noexcept;

 private:
  void on_io(std::uint32_t events) noexcept override;
  void read_input() noexcept;
  bool on_line(std::string_view line) noexcept;
  void reply(std::string text) noexcept;
  void flush() noexcept;

  AdminServer& server_;
  sys::UniqueFd fd_;
  Peer peer_;
  std::string refusal_;
  net::LineReader reader_{kMaxRequestBytes};
  net::OutputQueue output_;
  bool closed_ = false;
  bool closing_ = false;  // close once the output has drained (peer done, or refused)
  bool watching_output_ = false;
};

}  // namespace chatd::admin
