#include "chat/channel.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace chatd::chat;

namespace {
struct NullEndpoint final : Endpoint {
  using Endpoint::Endpoint;
  void deliver(const SharedLine&) noexcept override {}
};
}  // namespace

TEST_CASE("chat::Channel: attached endpoints hear the channel but are no members") {
  Channel channel("#lan", "#lan", 0);
  auto alice_endpoint = std::make_shared<NullEndpoint>(0);
  User alice;
  alice.nick = "alice";
  alice.endpoint = alice_endpoint;
  channel.add(&alice, true);
  auto bridge = std::make_shared<NullEndpoint>(2);

  const auto before = channel.audience();
  channel.attach(bridge);
  CHECK(channel.members().size() == 1);
  CHECK(channel.size() == 1);
  const auto with_bridge = channel.audience();
  CHECK(with_bridge != before);  // rebuilt
  CHECK(with_bridge->size == 2);
  REQUIRE(with_bridge->by_loop.size() == 3);
  CHECK(with_bridge->by_loop[2].front() == bridge);

  channel.detach(bridge.get());
  CHECK(channel.attached().empty());
  CHECK(channel.audience()->size == 1);
}
