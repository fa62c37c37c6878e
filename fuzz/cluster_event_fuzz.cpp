// libFuzzer: cluster::decode on any message that may arrive on a chatd subject of the NATS bus
// (another node's event, or a foreign client's injection). It never throws; it gives an event
// or a reason; a decoded event survives encode/decode unchanged (what a node relays is what it
// understood), and no field it accepted holds CR, LF or NUL, which would split a line.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cluster/event.hpp"

namespace {

void check_field(const std::string& s) {
  if (s.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatd::cluster;
  Decoded d = decode(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!d.event) {
    if (d.error.empty()) std::abort();
    return 0;
  }
  const Event& e = *d.event;
  for (const std::string* s : {&e.node, &e.boot, &e.user.nick, &e.target, &e.channel, &e.prefix, &e.text})
    check_field(*s);
  if (e.users.size() > kMaxBurstUsers || e.channels.size() > kMaxBurstChannels) std::abort();
  Decoded again = decode(encode(e));
  if (!again.event || !(*again.event == e)) std::abort();
  return 0;
}
