// Splitting a MODE change string ("+ok-v bob carol") into single changes with their
// parameters, before anything is checked against a channel. Pure; safe from any thread.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::irc {

// How a mode letter takes its parameter (ISUPPORT CHANMODES types A-D, plus prefixes).
enum class ModeKind {
  kUnknown,
  kList,    // A: b e I. Without a parameter it is a query for the list.
  kAlways,  // B and prefixes: k o v. Needs a parameter both ways.
  kOnSet,   // C: l. Needs a parameter when set only.
  kFlag,    // D: i m n s t. Never a parameter.
};

struct ModeChange {
  bool add;
  char letter;
  std::string_view param;  // empty when the mode takes none (or a list query)
};

struct ParsedModes {
  std::vector<ModeChange> changes;
  std::string unknown;        // letters we do not know, in order, once each
  std::vector<char> missing;  // letters that needed a parameter that was not there
  std::string list_queries;   // list letters given without a parameter ("b", "+e"), once each
  bool truncated = false;     // there were more than max_changes changes; the rest was dropped
};

// `kind_of` classifies each letter. At most `max_changes` changes are taken, with or without a
// parameter (ISUPPORT MODES); the rest of the string is dropped and `truncated` set.
ParsedModes parse_modes(std::string_view modes, std::span<const std::string_view> params, ModeKind (*kind_of)(char),
                        std::size_t max_changes);

// The channel mode letters chatd knows.
ModeKind channel_mode_kind(char letter) noexcept;

}  // namespace chatd::irc
