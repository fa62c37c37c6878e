// Event: one change a node announces to the others through the network's JetStream stream
// (doc/CLUSTER.md): a user arrived, changed nick, left; joined, parted, was kicked; spoke;
// set a topic or modes; or a node's whole local state (a burst, for a node that just came).
// Encoded as one JSON object per NATS message. decode() is the only parser of bus input: it
// checks every field's type and size and caps every list, so a foreign or broken message is
// refused (std::nullopt and a reason), never trusted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::cluster {

// Caps on what one event may carry; larger is malformed.
inline constexpr std::size_t kMaxEventBytes = 1 << 20;  // a burst of thousands of users fits
inline constexpr std::size_t kMaxBurstUsers = 20000;
inline constexpr std::size_t kMaxBurstChannels = 5000;
inline constexpr std::size_t kMaxListEntries = 1000;  // bans, exceptions, invex, members

struct RemoteUser {
  std::string nick, username, host, realname, account, away;
  std::string server;  // the name of the server (node) it is connected to
  bool bot = false, oper = false, secure = false, invisible = false;
  std::int64_t signon = 0;
  bool operator==(const RemoteUser&) const = default;
};

struct BanEntry {
  std::string mask, setter;
  std::int64_t when = 0;
  bool operator==(const BanEntry&) const = default;
};

struct MemberEntry {
  std::string nick;
  bool op = false, voice = false;
  bool operator==(const MemberEntry&) const = default;
};

// What a channel is, as the node that changed it last sees it (modes, topic, lists) and, in a
// burst, which of that node's users are in it.
struct ChannelState {
  std::string name;
  std::int64_t created = 0;
  std::string topic, topic_setter;
  std::int64_t topic_time = 0;
  std::string flags;  // "+nt": the parameterless modes set
  std::string key;
  std::uint64_t limit = 0;
  std::vector<BanEntry> bans, exceptions, invex;
  std::vector<MemberEntry> members;  // burst: the sender's own users; mode: every member's op/voice
  bool operator==(const ChannelState&) const = default;
};

// kAnnounce: chatctl announce on the sending node, to every user (no channel) or one channel.
// kInvite: user.nick invited target into channel (the invitation lets them past +i anywhere).
enum class EventType { kUser, kNick, kQuit, kJoin, kPart, kKick, kMessage, kTopic, kMode, kBurst, kAnnounce, kInvite };

struct Event {
  EventType type = EventType::kUser;
  std::string node;     // the sender
  std::string boot;     // the sender's start-up id: a new one means its old users are gone
  RemoteUser user;      // kUser: the whole user; other kinds use user.nick as the actor
  std::string target;   // kNick: the new nick; kKick: the victim; kMessage: channel or nick
  std::string channel;  // kJoin, kPart, kKick, kTopic, kMode
  std::string command;  // kMessage: PRIVMSG, NOTICE or TAGMSG
  std::string prefix;   // the formatted source (nick!user@host), as local lines show it
  std::string text;     // reason, message text, topic, or the MODE line's modes and params
  bool has_text = false;
  bool op = false;                     // kJoin: the joiner is channel operator (it created the channel)
  std::string msgid;                   // kMessage
  std::int64_t time_ms = 0;            // kMessage: when the sender's node accepted it
  std::string client_tags;             // kMessage: client-only tags, as received
  std::string account;                 // kMessage: the sender's account
  bool bot = false;                    // kMessage: the sender is a bot (+B)
  std::optional<ChannelState> state;   // kJoin (a new channel), kMode, kTopic
  std::vector<RemoteUser> users;       // kBurst
  std::vector<ChannelState> channels;  // kBurst
  bool operator==(const Event&) const = default;
};

std::string encode(const Event& event);

struct Decoded {
  std::optional<Event> event;
  std::string error;  // why not, when event is empty
};
Decoded decode(std::string_view json) noexcept;

std::string_view type_name(EventType type) noexcept;

}  // namespace chatd::cluster
