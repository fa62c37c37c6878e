#include "irc/capabilities.hpp"

#include <array>
#include <utility>

namespace chatd::irc {

namespace {
// Alphabetical, which is the order CAP LS and CAP LIST show.
constexpr std::array<std::pair<std::string_view, Cap>, 19> kCaps = {{
    {"account-notify", kCapAccountNotify},
    {"account-tag", kCapAccountTag},
    {"away-notify", kCapAwayNotify},
    {"batch", kCapBatch},
    {"cap-notify", kCapNotify},
    {"draft/account-registration", kCapAccountRegistration},
    {"draft/chathistory", kCapChathistory},
    {"draft/event-playback", kCapEventPlayback},
    {"echo-message", kCapEchoMessage},
    {"extended-join", kCapExtendedJoin},
    {"extended-monitor", kCapExtendedMonitor},
    {"invite-notify", kCapInviteNotify},
    {"labeled-response", kCapLabeledResponse},
    {"message-tags", kCapMessageTags},
    {"multi-prefix", kCapMultiPrefix},
    {"sasl", kCapSasl},
    {"server-time", kCapServerTime},
    {"setname", kCapSetname},
    {"userhost-in-names", kCapUserhostInNames},
}};
}  // namespace

std::optional<Cap> find_cap(std::string_view name) noexcept {
  for (const auto& [cap_name, bit] : kCaps)
    if (cap_name == name) return bit;
  return std::nullopt;
}

std::string cap_names(std::uint32_t mask) {
  std::string out;
  for (const auto& [name, bit] : kCaps) {
    if (!(mask & bit)) continue;
    if (!out.empty()) out += ' ';
    out += name;
  }
  return out;
}

std::uint32_t all_caps() noexcept {
  std::uint32_t mask = 0;
  for (const auto& entry : kCaps) mask |= entry.second;
  return mask;
}

}  // namespace chatd::irc

namespace chatd::irc {

std::uint32_t offered_caps(const CapOffer& offer) noexcept {
  std::uint32_t caps = all_caps();
  if (!offer.history) caps &= ~std::uint32_t{kCapChathistory | kCapEventPlayback};
  if (!offer.accounts) caps &= ~std::uint32_t{kCapSasl | kCapAccountNotify | kCapAccountTag | kCapExtendedJoin};
  if (!offer.accounts || !offer.registration) caps &= ~std::uint32_t{kCapAccountRegistration};
  return caps;
}

std::string cap_ls_names(std::uint32_t mask, bool v302, const CapOffer& offer) {
  std::string out;
  for (const auto& [name, bit] : kCaps) {
    if (!(mask & bit)) continue;
    if (!out.empty()) out += ' ';
    out += name;
    if (v302 && bit == kCapSasl) out += "=PLAIN,EXTERNAL";
    // No email-required (no mail is sent) and no custom-account-name (the account is the nick).
    if (v302 && bit == kCapAccountRegistration && offer.before_connect) out += "=before-connect";
  }
  return out;
}

}  // namespace chatd::irc
