// Endpoint: anything that can receive chat lines (an IRC client, a line client, a bridge).
// Every endpoint belongs to one event loop for its whole life, named by loop_index();
// deliver() may only be called on that loop's thread. Fanout is how other threads reach it.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace chatd::chat {

// A formatted line shared by every recipient: formatted once, never copied per member.
using SharedLine = std::shared_ptr<const std::string>;

inline SharedLine make_shared_line(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

// The forms of one line for recipients that negotiated different IRCv3 capabilities, each
// formatted once per message and shared by every recipient of that kind. Indexed by
// kVariantTime | kVariantTags | kVariantAccount; a null entry means "not for this kind of
// recipient" (TAGMSG to a client without message-tags). Kinds that would get the same text
// share one pointer (a sender logged in to no account: each account kind is its twin without).
struct LineVariants {
  static constexpr std::size_t kVariantTime = 1;     // wants @time (server-time)
  static constexpr std::size_t kVariantTags = 2;     // wants client-only tags (message-tags)
  static constexpr std::size_t kVariantAccount = 4;  // wants @account (account-tag)
  std::array<SharedLine, 8> by_kind;
};
using SharedVariants = std::shared_ptr<const LineVariants>;

class Endpoint {
 public:
  explicit Endpoint(std::size_t loop_index) noexcept : loop_index_(loop_index) {}
  virtual ~Endpoint() = default;

  // REQUIRES: called on loop loop_index(). Never blocks, never closes a connection inline and
  // never re-enters the fan-out, so a fan-out loop can call it for many endpoints. Connections
  // only queue; a datagram bridge may send a full UDP batch, which cannot block.
  virtual void deliver(const SharedLine& line) noexcept = 0;
  // REQUIRES: as deliver(). Picks the variant this endpoint understands; the default is the
  // plain line, which is what every endpoint that speaks no IRCv3 wants.
  virtual void deliver_variant(const LineVariants& variants) noexcept {
    if (variants.by_kind[0]) deliver(variants.by_kind[0]);
  }
  // REQUIRES: as deliver(). Ends this endpoint's connection (KILL). Endpoints without one ignore it.
  virtual void disconnect(std::string_view /*reason*/) noexcept {}
  // REQUIRES: as deliver(). The owner of the account named like this endpoint's nick (given
  // casefolded) takes it back: an IRC client is renamed to a guest nick. Others ignore it.
  virtual void yield_nick(std::string_view /*folded*/) noexcept {}

  std::size_t loop_index() const noexcept { return loop_index_; }

 private:
  std::size_t loop_index_;
};

}  // namespace chatd::chat
