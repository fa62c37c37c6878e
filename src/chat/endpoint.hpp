// Endpoint: anything that can receive chat lines (an IRC client, a line client, a bridge).
// Every endpoint belongs to one event loop for its whole life, named by loop_index();
// deliver() may only be called on that loop's thread. Fanout is how other threads reach it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace chatd::chat {

// A formatted line shared by every recipient: formatted once, never copied per member.
using SharedLine = std::shared_ptr<const std::string>;

inline SharedLine make_shared_line(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

class Endpoint {
 public:
  explicit Endpoint(std::size_t loop_index) noexcept : loop_index_(loop_index) {}
  virtual ~Endpoint() = default;

  // REQUIRES: called on loop loop_index(). Never blocks, never closes a connection inline and
  // never re-enters the fan-out, so a fan-out loop can call it for many endpoints. Connections
  // only queue; a datagram bridge may send a full UDP batch, which cannot block.
  virtual void deliver(const SharedLine& line) noexcept = 0;

  std::size_t loop_index() const noexcept { return loop_index_; }

 private:
  std::size_t loop_index_;
};

}  // namespace chatd::chat
