#include "irc/private_history.hpp"

#include "irc/casemap.hpp"

namespace chatd::irc {

std::string private_history_prefix(std::string_view account) { return "~" + fold(account) + "/"; }

std::string private_history_key(std::string_view account, std::string_view nick) {
  return private_history_prefix(account) + fold(nick);
}

bool is_private_history_key(std::string_view key) noexcept { return !key.empty() && key.front() == '~'; }

std::vector<store::HistoryRecord> private_history_copies(const store::HistoryRecord& message,
                                                         const PrivateParties& parties) {
  std::vector<store::HistoryRecord> out;
  if (!parties.sender_account.empty()) {
    out.push_back(message);
    out.back().target = private_history_key(parties.sender_account, parties.recipient_nick);
  }
  if (!parties.recipient_account.empty()) {
    std::string key = private_history_key(parties.recipient_account, parties.sender_nick);
    if (out.empty() || out.front().target != key) {
      out.push_back(message);
      out.back().target = std::move(key);
    }
  }
  return out;
}

std::string correspondent_name(std::string_view key, std::string_view target_name, std::string_view sender) {
  const std::size_t slash = key.rfind('/');
  const std::string_view folded = slash == std::string_view::npos ? key : key.substr(slash + 1);
  if (equal_folded(target_name, folded)) return std::string(target_name);
  const std::string_view sender_nick = sender.substr(0, sender.find('!'));
  if (equal_folded(sender_nick, folded)) return std::string(sender_nick);
  return std::string(folded);
}

}  // namespace chatd::irc
