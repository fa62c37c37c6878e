#include "irc/numerics.hpp"

#include <array>
#include <cstdint>
#include <span>

#include "irc/line_builder.hpp"

namespace chatd::irc {
namespace {

struct Entry {
  Numeric numeric;
  std::string_view name;
  std::string_view text;
};

// Spelling the name once through the macro keeps numeric_name() in step with the enum.
// clang-format off
#define CHATD_NUMERIC(id, text) Entry{Numeric::id, #id, text}
// clang-format on

constexpr Entry kEntries[] = {
    CHATD_NUMERIC(RPL_WELCOME, ""),
    CHATD_NUMERIC(RPL_YOURHOST, ""),
    CHATD_NUMERIC(RPL_CREATED, ""),
    CHATD_NUMERIC(RPL_MYINFO, ""),
    CHATD_NUMERIC(RPL_ISUPPORT, "are supported by this server"),
    CHATD_NUMERIC(RPL_UMODEIS, ""),
    CHATD_NUMERIC(RPL_LUSERCLIENT, ""),
    CHATD_NUMERIC(RPL_LUSEROP, "operator(s) online"),
    CHATD_NUMERIC(RPL_LUSERUNKNOWN, "unknown connection(s)"),
    CHATD_NUMERIC(RPL_LUSERCHANNELS, "channels formed"),
    CHATD_NUMERIC(RPL_LUSERME, ""),
    CHATD_NUMERIC(RPL_LOCALUSERS, ""),
    CHATD_NUMERIC(RPL_GLOBALUSERS, ""),
    CHATD_NUMERIC(RPL_WHOISCERTFP, ""),
    CHATD_NUMERIC(RPL_AWAY, ""),
    CHATD_NUMERIC(RPL_USERHOST, ""),
    CHATD_NUMERIC(RPL_ISON, ""),
    CHATD_NUMERIC(RPL_UNAWAY, "You are no longer marked as being away"),
    CHATD_NUMERIC(RPL_NOWAWAY, "You have been marked as being away"),
    CHATD_NUMERIC(RPL_WHOISUSER, ""),
    CHATD_NUMERIC(RPL_WHOISSERVER, ""),
    CHATD_NUMERIC(RPL_WHOISOPERATOR, "is an IRC operator"),
    CHATD_NUMERIC(RPL_WHOWASUSER, ""),
    CHATD_NUMERIC(RPL_ENDOFWHO, "End of /WHO list"),
    CHATD_NUMERIC(RPL_WHOISIDLE, "seconds idle, signon time"),
    CHATD_NUMERIC(RPL_ENDOFWHOIS, "End of /WHOIS list"),
    CHATD_NUMERIC(RPL_WHOISCHANNELS, ""),
    CHATD_NUMERIC(RPL_LISTSTART, "Users  Name"),
    CHATD_NUMERIC(RPL_LIST, ""),
    CHATD_NUMERIC(RPL_LISTEND, "End of /LIST"),
    CHATD_NUMERIC(RPL_CHANNELMODEIS, ""),
    CHATD_NUMERIC(RPL_CREATIONTIME, ""),
    CHATD_NUMERIC(RPL_WHOISACCOUNT, "is logged in as"),
    CHATD_NUMERIC(RPL_NOTOPIC, "No topic is set"),
    CHATD_NUMERIC(RPL_TOPIC, ""),
    CHATD_NUMERIC(RPL_TOPICWHOTIME, ""),
    CHATD_NUMERIC(RPL_WHOISBOT, "is a bot"),
    CHATD_NUMERIC(RPL_INVITING, ""),
    CHATD_NUMERIC(RPL_INVITELIST, ""),
    CHATD_NUMERIC(RPL_ENDOFINVITELIST, "End of channel invite list"),
    CHATD_NUMERIC(RPL_EXCEPTLIST, ""),
    CHATD_NUMERIC(RPL_ENDOFEXCEPTLIST, "End of channel exception list"),
    CHATD_NUMERIC(RPL_VERSION, ""),
    CHATD_NUMERIC(RPL_WHOREPLY, ""),
    CHATD_NUMERIC(RPL_NAMREPLY, ""),
    CHATD_NUMERIC(RPL_WHOSPCRPL, ""),
    CHATD_NUMERIC(RPL_LINKS, ""),
    CHATD_NUMERIC(RPL_ENDOFLINKS, "End of /LINKS list"),
    CHATD_NUMERIC(RPL_ENDOFNAMES, "End of /NAMES list"),
    CHATD_NUMERIC(RPL_BANLIST, ""),
    CHATD_NUMERIC(RPL_ENDOFBANLIST, "End of channel ban list"),
    CHATD_NUMERIC(RPL_ENDOFWHOWAS, "End of WHOWAS"),
    CHATD_NUMERIC(RPL_INFO, ""),
    CHATD_NUMERIC(RPL_MOTD, ""),
    CHATD_NUMERIC(RPL_ENDOFINFO, "End of /INFO list"),
    CHATD_NUMERIC(RPL_MOTDSTART, ""),
    CHATD_NUMERIC(RPL_ENDOFMOTD, "End of /MOTD command"),
    CHATD_NUMERIC(RPL_YOUREOPER, "You are now an IRC operator"),
    CHATD_NUMERIC(RPL_TIME, ""),
    CHATD_NUMERIC(ERR_UNKNOWNERROR, ""),
    CHATD_NUMERIC(ERR_NOSUCHNICK, "No such nick/channel"),
    CHATD_NUMERIC(ERR_NOSUCHSERVER, "No such server"),
    CHATD_NUMERIC(ERR_NOSUCHCHANNEL, "No such channel"),
    CHATD_NUMERIC(ERR_CANNOTSENDTOCHAN, "Cannot send to channel"),
    CHATD_NUMERIC(ERR_TOOMANYCHANNELS, "You have joined too many channels"),
    CHATD_NUMERIC(ERR_WASNOSUCHNICK, "There was no such nickname"),
    CHATD_NUMERIC(ERR_TOOMANYTARGETS, "Too many targets"),
    CHATD_NUMERIC(ERR_NOORIGIN, "No origin specified"),
    CHATD_NUMERIC(ERR_INVALIDCAPCMD, "Invalid CAP command"),
    CHATD_NUMERIC(ERR_NORECIPIENT, "No recipient given"),
    CHATD_NUMERIC(ERR_NOTEXTTOSEND, "No text to send"),
    CHATD_NUMERIC(ERR_NOTOPLEVEL, "No toplevel domain specified"),
    CHATD_NUMERIC(ERR_WILDTOPLEVEL, "Wildcard in toplevel domain"),
    CHATD_NUMERIC(ERR_TOOMANYMATCHES, ""),
    CHATD_NUMERIC(ERR_INPUTTOOLONG, "Input line was too long"),
    CHATD_NUMERIC(ERR_UNKNOWNCOMMAND, "Unknown command"),
    CHATD_NUMERIC(ERR_NOMOTD, "MOTD File is missing"),
    CHATD_NUMERIC(ERR_NONICKNAMEGIVEN, "No nickname given"),
    CHATD_NUMERIC(ERR_ERRONEUSNICKNAME, "Erroneous nickname"),
    CHATD_NUMERIC(ERR_NICKNAMEINUSE, "Nickname is already in use"),
    CHATD_NUMERIC(ERR_NICKCOLLISION, "Nickname collision KILL"),
    CHATD_NUMERIC(ERR_NICKCHANGETOOFAST, "Nick change too fast. Please wait a while"),
    CHATD_NUMERIC(ERR_USERNOTINCHANNEL, "They aren't on that channel"),
    CHATD_NUMERIC(ERR_NOTONCHANNEL, "You're not on that channel"),
    CHATD_NUMERIC(ERR_USERONCHANNEL, "is already on channel"),
    CHATD_NUMERIC(ERR_NOTREGISTERED, "You have not registered"),
    CHATD_NUMERIC(ERR_NEEDMOREPARAMS, "Not enough parameters"),
    CHATD_NUMERIC(ERR_ALREADYREGISTERED, "You may not reregister"),
    CHATD_NUMERIC(ERR_PASSWDMISMATCH, "Password incorrect"),
    CHATD_NUMERIC(ERR_YOUREBANNEDCREEP, "You are banned from this server"),
    CHATD_NUMERIC(ERR_KEYSET, "Channel key already set"),
    CHATD_NUMERIC(ERR_CHANNELISFULL, "Cannot join channel (+l)"),
    CHATD_NUMERIC(ERR_UNKNOWNMODE, "is unknown mode char to me"),
    CHATD_NUMERIC(ERR_INVITEONLYCHAN, "Cannot join channel (+i)"),
    CHATD_NUMERIC(ERR_BANNEDFROMCHAN, "Cannot join channel (+b)"),
    CHATD_NUMERIC(ERR_BADCHANNELKEY, "Cannot join channel (+k)"),
    CHATD_NUMERIC(ERR_BADCHANMASK, "Bad Channel Mask"),
    CHATD_NUMERIC(ERR_NOCHANMODES, "Channel doesn't support modes"),
    CHATD_NUMERIC(ERR_BANLISTFULL, "Channel list is full"),
    CHATD_NUMERIC(ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator"),
    CHATD_NUMERIC(ERR_CHANOPRIVSNEEDED, "You're not channel operator"),
    CHATD_NUMERIC(ERR_CANTKILLSERVER, "You can't kill a server!"),
    CHATD_NUMERIC(ERR_NOOPERHOST, "No O-lines for your host"),
    CHATD_NUMERIC(ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag"),
    CHATD_NUMERIC(ERR_USERSDONTMATCH, "Cant change mode for other users"),
    CHATD_NUMERIC(ERR_HELPNOTFOUND, "No help available on this topic"),
    CHATD_NUMERIC(RPL_WHOISSECURE, "is using a secure connection"),
    CHATD_NUMERIC(ERR_INVALIDMODEPARAM, ""),
    CHATD_NUMERIC(RPL_HELPSTART, ""),
    CHATD_NUMERIC(RPL_HELPTXT, ""),
    CHATD_NUMERIC(RPL_ENDOFHELP, "End of /HELP"),
    CHATD_NUMERIC(RPL_MONONLINE, ""),
    CHATD_NUMERIC(RPL_MONOFFLINE, ""),
    CHATD_NUMERIC(RPL_MONLIST, ""),
    CHATD_NUMERIC(RPL_ENDOFMONLIST, "End of MONITOR list"),
    CHATD_NUMERIC(ERR_MONLISTFULL, "Monitor list is full"),
    CHATD_NUMERIC(RPL_LOGGEDIN, ""),
    CHATD_NUMERIC(RPL_LOGGEDOUT, "You are now logged out"),
    CHATD_NUMERIC(ERR_NICKLOCKED, "You must use a nick assigned to you"),
    CHATD_NUMERIC(RPL_SASLSUCCESS, "SASL authentication successful"),
    CHATD_NUMERIC(ERR_SASLFAIL, "SASL authentication failed"),
    CHATD_NUMERIC(ERR_SASLTOOLONG, "SASL message too long"),
    CHATD_NUMERIC(ERR_SASLABORTED, "SASL authentication aborted"),
    CHATD_NUMERIC(ERR_SASLALREADY, "You have already authenticated using SASL"),
    CHATD_NUMERIC(RPL_SASLMECHS, "are available SASL mechanisms"),
};

#undef CHATD_NUMERIC

constexpr int kCodeLimit = 1000;
static_assert(std::size(kEntries) < 255, "slot index is one byte");

// Code -> 1 + index into kEntries (0 = unknown): a 1 KiB table keeps lookups O(1) and cache-cheap.
// Evaluating `throw` makes the initializer non-constant, so a duplicate or out-of-range entry
// fails the build instead of silently shadowing another.
constexpr auto kSlots = [] {
  std::array<std::uint8_t, kCodeLimit> slots{};
  for (std::size_t i = 0; i < std::size(kEntries); ++i) {
    const int code = static_cast<int>(kEntries[i].numeric);
    if (code <= 0 || code >= kCodeLimit || slots[static_cast<std::size_t>(code)] != 0) throw "bad numeric table";
    slots[static_cast<std::size_t>(code)] = static_cast<std::uint8_t>(i + 1);
  }
  return slots;
}();

const Entry* find_entry(Numeric n) noexcept {
  const int code = static_cast<int>(n);
  if (code <= 0 || code >= kCodeLimit) return nullptr;
  const std::uint8_t slot = kSlots[static_cast<std::size_t>(code)];
  return slot == 0 ? nullptr : &kEntries[slot - 1];
}

}  // namespace

std::string_view numeric_text(Numeric n) noexcept {
  const Entry* e = find_entry(n);
  return e ? e->text : std::string_view{};
}

std::string_view numeric_name(Numeric n) noexcept {
  const Entry* e = find_entry(n);
  return e ? e->name : std::string_view{};
}

void append_numeric(std::string& out, std::string_view server, std::string_view nick, Numeric n,
                    std::initializer_list<std::string_view> middle, std::optional<std::string_view> trailing) {
  append_numeric(out, server, nick, n, std::span<const std::string_view>(middle.begin(), middle.size()), trailing);
}

void append_numeric(std::string& out, std::string_view server, std::string_view nick, Numeric n,
                    std::span<const std::string_view> middle, std::optional<std::string_view> trailing) {
  // Unsigned modulo keeps even a bogus enum value to exactly three digits on the wire.
  const unsigned code = static_cast<unsigned>(n) % static_cast<unsigned>(kCodeLimit);
  const char digits[3] = {static_cast<char>('0' + code / 100), static_cast<char>('0' + code / 10 % 10),
                          static_cast<char>('0' + code % 10)};
  if (!trailing) {
    const std::string_view text = numeric_text(n);
    if (!text.empty()) trailing = text;
  }
  const std::string_view lead[1] = {nick};
  append_line_parts(out, server, std::string_view(digits, 3), lead, middle, trailing);
}

std::string make_numeric(std::string_view server, std::string_view nick, Numeric n,
                         std::initializer_list<std::string_view> middle, std::optional<std::string_view> trailing) {
  std::string out;
  append_numeric(out, server, nick, n, middle, trailing);
  return out;
}

}  // namespace chatd::irc
