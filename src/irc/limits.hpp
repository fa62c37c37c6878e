// Protocol limits and mode letters that are not configurable, in one place (ngIRCd's defines.h
// idea): ISUPPORT, 004, the mode parser, the handlers and the config checks all read them from
// here. The configurable limits live in config::Limits, whose defaults are their only
// definition. Constants only; safe from anywhere.
#pragma once

#include <cstddef>
#include <string_view>

namespace chatd::irc {

// Targets per command (TARGMAX). A command naming more is refused whole with 407.
inline constexpr std::size_t kMaxTargets = 20;          // PRIVMSG, NOTICE, TAGMSG, WHOIS; KICK's nicks
inline constexpr std::size_t kMaxJoinsPerCommand = 50;  // channels in one JOIN, PART, NAMES or LIST
inline constexpr std::size_t kMaxUserhostTargets = 5;   // USERHOST nicks (RFC 2812 4.8)

inline constexpr std::size_t kAwayLength = 200;
inline constexpr std::size_t kKickLength = 255;
inline constexpr std::size_t kIsonReplyBytes = 400;    // room for nicks in one 303 line
inline constexpr std::size_t kMaxWhoReplies = 500;     // WHO answers beyond this are cut
inline constexpr std::size_t kMaxInvitations = 32;     // pending INVITEs per user; the oldest goes
inline constexpr long kInvitationSeconds = 3600;       // an unused INVITE is forgotten after this
inline constexpr std::size_t kChathistoryLimit = 100;  // messages per CHATHISTORY (ISUPPORT CHATHISTORY=)
inline constexpr std::size_t kMonitorLimit = 100;      // nicks per MONITOR list (ISUPPORT MONITOR=, 734)
inline constexpr std::size_t kRealnameLength = 150;    // USER and SETNAME realnames (ISUPPORT NAMELEN=)

// Each channel mask list (+b, +e, +I) holds at most this many entries (MAXLIST); 478 beyond.
inline constexpr std::size_t kMaxListEntries = 100;

// Masks (WHO, LIST, +b/+e/+I): matching costs at most one pass over the text per 64 bytes of
// mask, so the length bounds the cost; the wildcard cap keeps masks meaningful.
inline constexpr std::size_t kMaxMaskLength = 255;
inline constexpr std::size_t kMaxMaskWildcards = 32;
// Flood control: WHO and LIST cost one extra command token per this many users or channels
// they examine, so a wide query slows its sender, not everyone else.
inline constexpr std::size_t kEntriesPerFloodToken = 128;

// WHOWAS keeps the most recent kWhowasEntries departures (QUIT or NICK), at most
// kWhowasPerNick of them for one nick; older ones are forgotten (406).
inline constexpr std::size_t kWhowasEntries = 1024;
inline constexpr std::size_t kWhowasPerNick = 8;

inline constexpr std::size_t kModes = 20;       // MODES: changes applied per MODE command, flags included
inline constexpr std::size_t kKeyLength = 23;   // KEYLEN
inline constexpr std::size_t kUserLength = 10;  // USERLEN: USER names are cut to this
inline constexpr std::size_t kMaxChannelLimit = 99999;

// Channel mode letters by ISUPPORT CHANMODES type, and the prefix modes. Adding a letter here
// announces it; the handlers in channel_modes.cpp give it meaning.
inline constexpr std::string_view kListModes = "beI";    // A: a mask list
inline constexpr std::string_view kParamModes = "k";     // B: a parameter both ways
inline constexpr std::string_view kSetParamModes = "l";  // C: a parameter when set
inline constexpr std::string_view kFlagModes = "imnst";  // D: no parameter
inline constexpr std::string_view kPrefixModes = "ov";   // PREFIX=(ov)@+
inline constexpr std::string_view kPrefixSymbols = "@+";
inline constexpr std::string_view kUserModes = "Biow";

}  // namespace chatd::irc
