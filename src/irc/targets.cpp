#include "irc/targets.hpp"

#include "irc/names.hpp"

namespace chatd::irc {

void refuse_targets(Session& s, std::string_view target) {
  // ISUPPORT TARGMAX tells the limit; the text is the one PRIVMSG has always used.
  s.numeric(Numeric::ERR_TOOMANYTARGETS, {echo_token(target)});
}

std::optional<std::vector<std::string_view>> split_targets(Session& s, std::string_view list, std::size_t max) {
  auto items = split_list(list, max + 1);
  if (items.size() <= max) return items;
  refuse_targets(s, items[max]);
  return std::nullopt;
}

}  // namespace chatd::irc
