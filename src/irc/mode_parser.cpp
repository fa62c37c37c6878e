#include "irc/mode_parser.hpp"

#include <algorithm>

#include "irc/limits.hpp"

namespace chatd::irc {

ModeKind channel_mode_kind(char letter) noexcept {
  auto in = [letter](std::string_view letters) { return letters.find(letter) != std::string_view::npos; };
  if (letter == '\0') return ModeKind::kUnknown;
  if (in(kListModes)) return ModeKind::kList;
  if (in(kParamModes) || in(kPrefixModes)) return ModeKind::kAlways;
  if (in(kSetParamModes)) return ModeKind::kOnSet;
  if (in(kFlagModes)) return ModeKind::kFlag;
  return ModeKind::kUnknown;
}

ParsedModes parse_modes(std::string_view modes, std::span<const std::string_view> params, ModeKind (*kind_of)(char),
                        std::size_t max_changes) {
  ParsedModes out;
  bool add = true;
  std::size_t next_param = 0;
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
    if (wants_param && next_param >= params.size()) {
      if (kind == ModeKind::kList) {
        if (out.list_queries.find(c) == std::string::npos) out.list_queries += c;
      } else if (std::find(out.missing.begin(), out.missing.end(), c) == out.missing.end()) {
        out.missing.push_back(c);
      }
      continue;
    }
    if (out.changes.size() == max_changes) {
      out.truncated = true;
      break;
    }
    out.changes.push_back({add, c, wants_param ? params[next_param++] : std::string_view()});
  }
  return out;
}

}  // namespace chatd::irc
