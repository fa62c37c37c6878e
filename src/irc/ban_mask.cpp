#include "irc/ban_mask.hpp"

#include "irc/glob.hpp"

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

bool matches_any(const std::vector<chat::Ban>& list, std::string_view full) {
  for (const auto& entry : list) {
    if (entry.glob ? entry.glob->matches(full) : match_mask(entry.mask, full)) return true;
  }
  return false;
}

bool is_banned(const chat::Channel& channel, const chat::User& user) {
  if (channel.bans.empty()) return false;
  std::string full = user.prefix();
  return matches_any(channel.bans, full) && !matches_any(channel.exceptions, full);
}

bool is_invite_excepted(const chat::Channel& channel, const chat::User& user) {
  return !channel.invex.empty() && matches_any(channel.invex, user.prefix());
}

bool can_send(chat::Channel& channel, const chat::User& user) {
  if (user.oper) return true;
  const chat::Membership* membership = channel.find(&user);
  if (!membership) return !channel.no_external && !channel.moderated && !is_banned(channel, user);
  if (membership->can_speak_anyway()) return true;
  return !channel.moderated && !is_banned(channel, user);
}

}  // namespace chatd::irc
