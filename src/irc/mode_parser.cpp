#include "irc/mode_parser.hpp"

#include <algorithm>

namespace chatd::irc {

ModeKind channel_mode_kind(char letter) noexcept {
  switch (letter) {
    case 'b':
      return ModeKind::kList;
    case 'k':
    case 'o':
    case 'v':
      return ModeKind::kAlways;
    case 'l':
      return ModeKind::kOnSet;
    case 'i':
    case 'm':
    case 'n':
    case 's':
    case 't':
      return ModeKind::kFlag;
    default:
      return ModeKind::kUnknown;
  }
}

ParsedModes parse_modes(std::string_view modes, std::span<const std::string_view> params, ModeKind (*kind_of)(char),
                        std::size_t max_param_modes) {
  ParsedModes out;
  bool add = true;
  std::size_t next_param = 0;
  std::size_t param_modes = 0;
  for (char c : modes) {
    if (c == '+' || c == '-') {
      add = c == '+';
      continue;
    }
    ModeKind kind = kind_of(c);
    if (kind == ModeKind::kUnknown) {
      if (out.unknown.find(c) == std::string::npos) out.unknown += c;
      continue;
    }
    bool wants_param = kind == ModeKind::kList || kind == ModeKind::kAlways || (kind == ModeKind::kOnSet && add);
    if (!wants_param) {
      out.changes.push_back({add, c, {}});
      continue;
    }
    if (next_param >= params.size()) {
      if (kind == ModeKind::kList) {
        out.list_query = true;
      } else if (std::find(out.missing.begin(), out.missing.end(), c) == out.missing.end()) {
        out.missing.push_back(c);
      }
      continue;
    }
    if (param_modes == max_param_modes) break;
    ++param_modes;
    out.changes.push_back({add, c, params[next_param++]});
  }
  return out;
}

}  // namespace chatd::irc
