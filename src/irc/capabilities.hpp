// IRCv3 capabilities chatd offers: their names and the bits chat::User::caps keeps them in.
// Pure data; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatd::irc {

enum Cap : std::uint32_t {
  kCapNotify = 1u << 0,
  kCapAwayNotify = 1u << 1,
  kCapEchoMessage = 1u << 2,
  kCapInviteNotify = 1u << 3,
  kCapMessageTags = 1u << 4,
  kCapMultiPrefix = 1u << 5,
  kCapServerTime = 1u << 6,
  kCapUserhostInNames = 1u << 7,
  kCapBatch = 1u << 8,
  kCapLabeledResponse = 1u << 9,
  kCapExtendedMonitor = 1u << 10,
  kCapSetname = 1u << 11,
  kCapChathistory = 1u << 12,    // draft/chathistory; offered only while history is enabled
  kCapEventPlayback = 1u << 13,  // draft/event-playback; likewise
  kCapSasl = 1u << 14,           // sasl; offered only while accounts are enabled
  kCapAccountNotify = 1u << 15,  // account-notify; likewise
  kCapExtendedJoin = 1u << 16,   // extended-join; likewise
  // draft/account-registration; offered only while accounts are enabled with
  // [accounts] registration = "open". REGISTER does not need it to be requested.
  kCapAccountRegistration = 1u << 17,
  kCapAccountTag = 1u << 18,  // account-tag; offered only while accounts are enabled
};

// What this server offers, from its configuration (see offered_caps()).
struct CapOffer {
  bool history = false;         // [history] enabled
  bool accounts = false;        // [accounts] enabled
  bool registration = false;    // [accounts] registration = "open"
  bool before_connect = false;  // REGISTER works before connection registration (no [server] password)
};

// The bit for a capability name, or nullopt when chatd does not offer it.
std::optional<Cap> find_cap(std::string_view name) noexcept;

// The names of the capabilities in `mask`, space-separated, in a fixed order.
std::string cap_names(std::uint32_t mask);

// Every capability chatd offers.
std::uint32_t all_caps() noexcept;
// What this server offers: all_caps() without draft/chathistory and draft/event-playback when
// history is disabled, without sasl, account-notify, account-tag and extended-join when
// accounts are, and without draft/account-registration unless registration is open.
std::uint32_t offered_caps(const CapOffer& offer) noexcept;

// CAP LS's list of `mask`: cap_names(), with the values CAP LS 302 adds (sasl=PLAIN,EXTERNAL,
// and draft/account-registration=before-connect when `offer` says so).
std::string cap_ls_names(std::uint32_t mask, bool v302, const CapOffer& offer = {});

}  // namespace chatd::irc
