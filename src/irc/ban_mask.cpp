#include "irc/ban_mask.hpp"

#include "irc/glob.hpp"

namespace chatd::irc {

namespace {

// "$a" or "$a:..." in any case: an account extban (EXTBAN=$,a), as charybdis and Ergo have.
bool is_account_extban(std::string_view mask) noexcept {
  return mask.size() >= 2 && mask[0] == '$' && (mask[1] == 'a' || mask[1] == 'A') &&
         (mask.size() == 2 || mask[2] == ':');
}

bool entry_matches(const chat::Ban& entry, std::string_view subject) {
  return entry.glob ? entry.glob->matches(subject) : match_mask(entry.mask, subject);
}

}  // namespace

std::string normalize_mask(std::string_view mask) {
  if (is_account_extban(mask)) return "$a" + std::string(mask.substr(2));
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

bool matches_any(const std::vector<chat::Ban>& list, const chat::User& user) {
  std::string full, account;  // formatted once, when an entry of that kind is met
  for (const auto& entry : list) {
    if (is_account_extban(entry.mask)) {
      if (user.account.empty()) continue;
      if (entry.mask.size() == 2) return true;
      // The glob was compiled over the whole "$a:glob", so the subject carries the prefix too.
      if (account.empty()) account = "$a:" + user.account;
      if (entry_matches(entry, account)) return true;
    } else {
      if (full.empty()) full = user.prefix();
      if (entry_matches(entry, full)) return true;
    }
  }
  return false;
}

bool is_banned(const chat::Channel& channel, const chat::User& user) {
  return !channel.bans.empty() && matches_any(channel.bans, user) && !matches_any(channel.exceptions, user);
}

bool is_invite_excepted(const chat::Channel& channel, const chat::User& user) {
  return !channel.invex.empty() && matches_any(channel.invex, user);
}

bool can_send(chat::Channel& channel, const chat::User& user) {
  if (user.oper) return true;
  const chat::Membership* membership = channel.find(&user);
  if (!membership) return !channel.no_external && !channel.moderated && !is_banned(channel, user);
  if (membership->can_speak_anyway()) return true;
  return !channel.moderated && !is_banned(channel, user);
}

}  // namespace chatd::irc
