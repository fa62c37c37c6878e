#include "irc/help_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace chatd::irc {

namespace {

// The first line of each topic is its syntax; HELP shows it after the title.
constexpr std::string_view kAway[] = {
    "AWAY [:<message>]", "Marks you away with the message, or back when it is empty or missing.",
    "Who messages you privately gets the message as 301; WHO shows G instead of H.",
    "Channel peers with away-notify hear the change, and your AWAY follows your JOIN."};
constexpr std::string_view kCap[] = {"CAP LS [302] | CAP LIST | CAP REQ :<caps> | CAP END",
                                     "IRCv3 capability negotiation. LS lists what chatd offers, REQ asks for some",
                                     "(granted or refused as a whole; -name drops one), LIST shows yours, END finishes",
                                     "registration when LS or REQ held it. Unknown subcommands get 410."};
constexpr std::string_view kAuthenticate[] = {
    "AUTHENTICATE PLAIN|EXTERNAL, then AUTHENTICATE <base64> (400-byte chunks; + ends; * aborts)",
    "SASL login to an account made with chatctl, before or after registration. 900 and 903 when it works,",
    "904 when it does not; PLAIN needs TLS except from loopback, EXTERNAL a TLS client certificate."};
constexpr std::string_view kChathistory[] = {
    "CHATHISTORY LATEST|BEFORE|AFTER|AROUND <target> <ref> <limit> | BETWEEN <target> <ref> <ref> <limit> |"
    " TARGETS <ref> <ref> <limit>",
    "Fetches a channel's history (draft/chathistory) in a chathistory batch, up to CHATHISTORY=100 lines.",
    "For a nick: your account's private messages with it (none when you are not logged in).",
    "A ref is msgid=<id> or timestamp=<YYYY-MM-DDThh:mm:ss.sssZ>; LATEST also takes *. Errors are FAIL CHATHISTORY."};
constexpr std::string_view kHelp[] = {
    "HELP [<topic>]", "Shows help on a command or topic; without one, lists them all. HELPOP is the same.",
    "Unknown topics get 524."};
constexpr std::string_view kInfo[] = {"INFO", "Tells what this server is and how long it has been running."};
constexpr std::string_view kInvite[] = {
    "INVITE <nick> <channel>",
    "Invites a user to a channel you are on (an operator's job when it is +i). The invitation lets them past",
    "+i and +l once, for an hour. Channel operators with invite-notify see it."};
constexpr std::string_view kIson[] = {"ISON <nick> [<nick> ...]",
                                      "Answers 303 with those of the nicks that are online."};
constexpr std::string_view kJoin[] = {
    "JOIN <channel>{,<channel>} [<key>{,<key>}] | JOIN 0",
    "Joins channels (up to 50 in one command; more get 407), creating those that do not exist, with you as",
    "operator. JOIN 0 leaves every channel. Refusals: 473 (+i), 474 (+b), 475 (+k), 471 (+l), 405 (too many)."};
constexpr std::string_view kKick[] = {
    "KICK <channel>{,<channel>} <nick>{,<nick>} [:<reason>]",
    "Removes members from a channel (channel operators). One channel with several nicks kicks each; several",
    "channels pair with the nicks one to one. At most 20 of each (407 beyond)."};
constexpr std::string_view kKill[] = {"KILL <nick> :<reason>",
                                      "Disconnects a user (server operators only): they and their channels see why."};
constexpr std::string_view kLinks[] = {"LINKS [<mask>]", "Lists the servers of the network: this one."};
constexpr std::string_view kList[] = {
    "LIST [<channel>{,<channel>} | <filter>{,<filter>}]",
    "Lists channels with their member count and topic (secret ones only to their members). Filters (ELIST=CMNTU):",
    ">n / <n more / fewer than n users; C>n / C<n created more / less than n minutes ago; T>n / T<n topic",
    "changed more / less than n minutes ago; a mask such as #lab* and !mask to leave channels out."};
constexpr std::string_view kLusers[] = {"LUSERS", "Counts users, operators, unregistered connections and channels."};
constexpr std::string_view kMode[] = {
    "MODE <channel> [<modes> [<params>]] | MODE <nick> [<modes>]",
    "Shows or changes channel modes (see HELP CHANMODES) or your user modes (see HELP UMODES).",
    "At most 20 changes per command (MODES); the echo may span several lines."};
constexpr std::string_view kChanmodes[] = {
    "CHANMODES: b e I k l i m n s t, and o v on members",
    "+b mask: ban; +e mask: ban exception; +I mask: invite exception (100 each, 478 beyond; MODE #c b/e/I lists",
    "them, e and I for operators only). +k key: a password (1 to 23 bytes); +l n: at most n members.",
    "+i invite only, +m moderated (only voiced and operators speak), +n no messages from outside, +s secret,",
    "+t only operators set the topic. +o/+v nick: operator / voice."};
constexpr std::string_view kUmodes[] = {"UMODES: B i o w",
                                        "+B bot: WHOIS says so (335), WHO shows B, your messages carry the bot tag.",
                                        "+i invisible: WHO shows you only to channel peers and to who names you.",
                                        "+w receives WALLOPS. +o server operator: only OPER sets it; -o drops it."};
constexpr std::string_view kMonitor[] = {
    "MONITOR + <nick>{,<nick>} | MONITOR - <nick>{,<nick>} | MONITOR C | MONITOR L | MONITOR S",
    "Tells you when nicks come online (730) or go offline (731): + adds them, - removes them, C clears the",
    "list, L lists it (732, 733), S shows who is online now. At most 100 nicks (734 beyond)."};
constexpr std::string_view kMotd[] = {"MOTD", "Shows the message of the day."};
constexpr std::string_view kNames[] = {
    "NAMES [<channel>{,<channel>}]",
    "Lists the members of each channel (up to 50; 407 beyond), @ for operators and + for voice."};
constexpr std::string_view kNick[] = {
    "NICK <nick>", "Sets or changes your nick: a letter or one of []\\`_^{|} first, then those, digits or '-'.",
    "433 when it is taken, 432 when it is not a nick, 438 when you change it too often."};
constexpr std::string_view kNotice[] = {"NOTICE <target>{,<target>} :<text>",
                                        "Like PRIVMSG, but never answered automatically, errors included."};
constexpr std::string_view kOper[] = {"OPER <name> <password>",
                                      "Makes you a server operator, as configured in [[operator]] (381)."};
constexpr std::string_view kPart[] = {"PART <channel>{,<channel>} [:<reason>]", "Leaves channels (up to 50)."};
constexpr std::string_view kPass[] = {"PASS <password>", "The server password, sent before NICK and USER."};
constexpr std::string_view kPing[] = {"PING <token>", "The server answers PONG with the same token."};
constexpr std::string_view kPong[] = {"PONG <token>", "The answer to the server's PING: proves you are alive."};
constexpr std::string_view kPrivmsg[] = {
    "PRIVMSG <target>{,<target>} :<text>",
    "Sends a message to channels or nicks (up to 20; 407 beyond). @#channel reaches only its operators,",
    "+#channel its voiced members and operators (STATUSMSG). CTCP is a PRIVMSG too: see HELP CTCP."};
constexpr std::string_view kCtcp[] = {
    "CTCP: PRIVMSG <target> :\\x01<COMMAND> [<params>]\\x01",
    "chatd relays CTCP unchanged, like any PRIVMSG or NOTICE, and answers none itself: ACTION (/me),",
    "VERSION or PING go to the client they name, which answers with a NOTICE."};
constexpr std::string_view kQuit[] = {"QUIT [:<reason>]", "Leaves the server; your channels see the reason."};
constexpr std::string_view kSetname[] = {
    "SETNAME :<realname>",
    "Changes your real name (1 to 150 bytes); channel peers with the setname capability see the change."};
constexpr std::string_view kTagmsg[] = {"TAGMSG <target>{,<target>}",
                                        "Sends only client tags (typing, reactions) to clients with message-tags."};
constexpr std::string_view kTime[] = {"TIME", "Shows the server's time (UTC)."};
constexpr std::string_view kTopic[] = {"TOPIC <channel> [:<topic>]",
                                       "Shows the topic, or sets it (operators only on +t channels; empty clears it)."};
constexpr std::string_view kUser[] = {
    "USER <username> 0 * :<realname>",
    "Registers with a user name (cut to 10 characters) and a real name (461 when empty)."};
constexpr std::string_view kUserhost[] = {"USERHOST <nick> [<nick> ...]",
                                          "Answers nick=+user@host for up to 5 nicks (- when away, * for operators)."};
constexpr std::string_view kRegister[] = {
    "REGISTER * <email>|* <password>",
    "Creates an account named for your nick and logs you in to it, when the server allows it (the",
    "draft/account-registration capability); the e-mail is ignored. Errors are FAIL REGISTER <code>."};
constexpr std::string_view kVerify[] = {
    "VERIFY <account> <code>",
    "Completes a registration that waits for a code; on chatd none ever does (FAIL VERIFY)."};
constexpr std::string_view kVersion[] = {"VERSION", "Shows chatd's version."};
constexpr std::string_view kWallops[] = {"WALLOPS :<text>", "Server operators: sends the text to users with +w."};
constexpr std::string_view kWho[] = {
    "WHO <channel> | WHO <mask> [o][%<fields>[,<token>]]",
    "Lists a channel's members, or the visible users whose nick, host or real name match the mask (up to 500).",
    "Masks: up to 255 bytes and 32 wildcards (400 beyond). The o flag lists server operators only.",
    "WHOX: %fields picks the 354 fields from t c u i h s n f d l a o r; t echoes the 1-3 digit token."};
constexpr std::string_view kWhois[] = {"WHOIS [<server>] <nick>{,<nick>}",
                                       "Shows who a user is, their channels, away message and idle time (up to 20)."};
constexpr std::string_view kWhowas[] = {
    "WHOWAS <nick> [<count>]",
    "Shows who used a nick before, newest first: up to <count> entries, or all when it is 0, negative or missing.",
    "chatd remembers the last 1024 nick changes and quits, 8 per nick; 406 when it has none."};

constexpr HelpTopic kTopics[] = {
    {"AUTHENTICATE", kAuthenticate},
    {"AWAY", kAway},
    {"CAP", kCap},
    {"CHANMODES", kChanmodes},
    {"CHATHISTORY", kChathistory},
    {"CTCP", kCtcp},
    {"HELP", kHelp},
    {"HELPOP", kHelp},
    {"INFO", kInfo},
    {"INVITE", kInvite},
    {"ISON", kIson},
    {"JOIN", kJoin},
    {"KICK", kKick},
    {"KILL", kKill},
    {"LINKS", kLinks},
    {"LIST", kList},
    {"LUSERS", kLusers},
    {"MODE", kMode},
    {"MONITOR", kMonitor},
    {"MOTD", kMotd},
    {"NAMES", kNames},
    {"NICK", kNick},
    {"NOTICE", kNotice},
    {"OPER", kOper},
    {"PART", kPart},
    {"PASS", kPass},
    {"PING", kPing},
    {"PONG", kPong},
    {"PRIVMSG", kPrivmsg},
    {"QUIT", kQuit},
    {"REGISTER", kRegister},
    {"SETNAME", kSetname},
    {"TAGMSG", kTagmsg},
    {"TIME", kTime},
    {"TOPIC", kTopic},
    {"UMODES", kUmodes},
    {"USER", kUser},
    {"USERHOST", kUserhost},
    {"VERIFY", kVerify},
    {"VERSION", kVersion},
    {"WALLOPS", kWallops},
    {"WHO", kWho},
    {"WHOIS", kWhois},
    {"WHOWAS", kWhowas},
};

constexpr bool sorted() {
  for (std::size_t i = 1; i < std::size(kTopics); ++i)
    if (!(kTopics[i - 1].name < kTopics[i].name)) return false;
  return true;
}
static_assert(sorted(), "kTopics must stay sorted by name");

}  // namespace

const HelpTopic* find_help(std::string_view name) noexcept {
  std::array<char, 16> upper{};
  if (name.empty() || name.size() > upper.size()) return nullptr;
  for (std::size_t i = 0; i < name.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[i])));
  std::string_view key(upper.data(), name.size());
  auto it = std::lower_bound(std::begin(kTopics), std::end(kTopics), key,
                             [](const HelpTopic& topic, std::string_view k) { return topic.name < k; });
  return it != std::end(kTopics) && it->name == key ? &*it : nullptr;
}

std::span<const HelpTopic> help_topics() noexcept { return kTopics; }

}  // namespace chatd::irc
