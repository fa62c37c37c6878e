#include "irc/ban_mask.hpp"

#include "irc/casemap.hpp"

namespace chatd::irc {

std::string normalize_mask(std::string_view mask) {
  auto bang = mask.find('!');
  auto at = mask.find('@');
  if (bang != std::string_view::npos && at != std::string_view::npos && bang < at) return std::string(mask);
  if (bang != std::string_view::npos) return std::string(mask) + "@*";  // "n!u" (an '@' before '!' is data)
  if (at != std::string_view::npos) {
    std::string_view user = mask.substr(0, at);
    return "*!" + std::string(user.empty() ? "*" : user) + std::string(mask.substr(at));
  }
  return std::string(mask) + "!*@*";
}

bool is_banned(const chat::Channel& channel, const chat::User& user) {
  if (channel.bans.empty()) return false;
  std::string full = user.prefix();
  for (const auto& ban : channel.bans)
    if (match_mask(ban.mask, full)) return true;
  return false;
}

bool can_send(chat::Channel& channel, const chat::User& user) {
  if (user.oper) return true;
  const chat::Membership* membership = channel.find(&user);
  if (!membership) return !channel.no_external && !channel.moderated && !is_banned(channel, user);
  if (membership->can_speak_anyway()) return true;
  return !channel.moderated && !is_banned(channel, user);
}

}  // namespace chatd::irc
