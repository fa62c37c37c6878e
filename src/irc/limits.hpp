// Protocol limits that are not configurable, in one place (ngIRCd's defines.h idea).
// The configurable ones live in config::Limits.
#pragma once

#include <cstddef>

namespace chatd::irc {

inline constexpr std::size_t kMaxTargets = 20;          // PRIVMSG/NOTICE/WHOIS targets per command
inline constexpr std::size_t kMaxJoinsPerCommand = 50;  // channels named in one JOIN or PART
inline constexpr std::size_t kAwayLength = 200;
inline constexpr std::size_t kKickLength = 255;
inline constexpr std::size_t kIsonReplyBytes = 400;  // room for nicks in one 303 line
inline constexpr std::size_t kMaxWhoReplies = 500;   // WHO answers beyond this are cut
inline constexpr std::size_t kMaxBans = 100;         // +b entries per channel (MAXLIST)
inline constexpr std::size_t kMaxInvitations = 32;   // pending INVITEs per user; the oldest goes
inline constexpr long kInvitationSeconds = 3600;     // an unused INVITE is forgotten after this
inline constexpr std::size_t kMonitorLimit = 100;    // nicks per MONITOR list (ISUPPORT MONITOR=, 734)
inline constexpr std::size_t kRealnameLength = 150;  // USER and SETNAME realnames (ISUPPORT NAMELEN=)

}  // namespace chatd::irc
