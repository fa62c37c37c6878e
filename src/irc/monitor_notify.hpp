// Telling others that a user came, went or changed: MONITOR's 730/731 to the watchers of a
// nick, and the audience of a change that clients learn through a capability (AWAY with
// away-notify, SETNAME with setname): channel peers and, with extended-monitor, watchers.
// Each notice is formatted once, under the Registry lock, and sent after it is released.
//
// Thread rules: the functions marked REQUIRES need the registry lock; send() needs none.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "chat/audience.hpp"
#include "chat/fanout.hpp"
#include "chat/registry.hpp"

namespace chatd::irc {

// One line for many watchers: ":server 730 * :nick!user@host". The monitor spec allows '*'
// for the target nick precisely so that the same line can go to every watcher.
struct MonitorNotice {
  std::shared_ptr<chat::Audience> audience;  // null when nobody watches
  chat::SharedLine line;

  void send(const chat::Fanout& fanout);
};

// 730 for `user` (registered, nick claimed) to its watchers.
MonitorNotice monitor_online(const chat::Registry& registry, std::string_view server, const chat::User& user)
    REQUIRES(registry.mutex());
// 731 for `nick` (casefolded `folded`) to its watchers.
MonitorNotice monitor_offline(const chat::Registry& registry, std::string_view server, std::string_view nick,
                              const std::string& folded) REQUIRES(registry.mutex());

// Whoever hears of a change to `user` announced to clients with
// `cap`: its channel peers with `cap` and, when they also have extended-monitor, the users who
// MONITOR its nick; each once, the user itself only with `include_self` (and `cap`).
std::shared_ptr<chat::Audience> change_audience(const chat::Registry& registry, const chat::User& user,
                                                std::uint32_t cap, bool include_self) REQUIRES(registry.mutex());

}  // namespace chatd::irc
