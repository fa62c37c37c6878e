// The fixed label values chatd's counters are indexed by. Every label set is small and closed
// (Prometheus' rule: a label value never comes from user input), so a counter family is an
// array indexed by position here, and the scrape names each slot.
//
// Thread rules: constants; any thread.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace chatd::metrics {

// Listener protocols ([[listen]] protocol); a client is counted under its listener's protocol
// and whether it came over TLS.
inline constexpr std::array<std::string_view, 3> kProtocols = {"irc", "line", "websocket"};
inline constexpr std::size_t kClientKinds = kProtocols.size() * 2;

// The index of (protocol, tls); an unknown protocol counts as the first.
constexpr std::size_t client_kind(std::string_view protocol, bool tls) noexcept {
  std::size_t p = 0;
  for (std::size_t i = 0; i < kProtocols.size(); ++i)
    if (kProtocols[i] == protocol) p = i;
  return p * 2 + (tls ? 1 : 0);
}

// Why an accepted connection was refused (net::Admission's verdicts, in order).
inline constexpr std::array<std::string_view, 2> kRefusalReasons = {"server_full", "address_full"};

inline constexpr std::array<std::string_view, 2> kResults = {"ok", "failed"};
inline constexpr std::size_t kResultOk = 0;
inline constexpr std::size_t kResultFailed = 1;

// IRC commands received are counted by the position of the command in irc's command table;
// the slot after the last command counts unknown ones. irc/command_table.cpp checks that its
// table fits.
inline constexpr std::size_t kCommandSlots = 64;

// Lines relayed by the fan-out, by their IRC command (metrics/relay_kind.hpp finds it).
inline constexpr std::array<std::string_view, 13> kRelayCommands = {"PRIVMSG", "NOTICE",  "TAGMSG", "JOIN",  "PART",
                                                                    "QUIT",    "NICK",    "KICK",   "TOPIC", "MODE",
                                                                    "INVITE",  "SETNAME", "other"};

}  // namespace chatd::metrics
