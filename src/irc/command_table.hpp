// The command table (ngIRCd's parse.c idea): each command's name, how many parameters it
// needs and whether the client must be registered, checked once here so handlers start
// from valid input. Pure data; safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "irc/message.hpp"
#include "irc/session.hpp"

namespace chatd::irc {

using Handler = void (*)(Session&, const Message&);

struct Command {
  std::string_view name;
  Handler handler;
  std::uint8_t min_params;
  bool needs_registration;
};

// Every command, sorted by name.
std::span<const Command> all_commands() noexcept;

// The entry for an upper-case command name, or nullptr.
const Command* find_command(std::string_view upper_name) noexcept;

// Checks registration (451) and arity (461), answers 421 for unknown commands, then runs
// the handler. A handler that throws gets a log line and the client lives on. Every message
// is counted by its command on the calling loop's metrics::LoopCounters (received).
void dispatch(Session& session, const Message& message) noexcept;

// The metrics' names for the received-by-command slots: slot i is the table's i-th command,
// the slot after the last counts unknown commands ("unknown").
std::size_t command_slots() noexcept;
std::string_view command_slot_name(std::size_t slot) noexcept;

}  // namespace chatd::irc
