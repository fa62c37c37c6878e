#include "cluster/event.hpp"

#include <array>
#include <nlohmann/json.hpp>

#include "cluster/field_reader.hpp"

namespace chatd::cluster {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 12> kTypeNames = {"user", "nick",  "quit", "join",  "part",     "kick",
                                                         "msg",  "topic", "mode", "burst", "announce", "invite"};

json user_json(const RemoteUser& u) {
  return json{{"nick", u.nick},       {"user", u.username},       {"host", u.host},     {"real", u.realname},
              {"account", u.account}, {"away", u.away},           {"bot", u.bot},       {"oper", u.oper},
              {"secure", u.secure},   {"invisible", u.invisible}, {"signon", u.signon}, {"server", u.server}};
}

json bans_json(const std::vector<BanEntry>& list) {
  json out = json::array();
  for (const auto& b : list) out.push_back(json{{"mask", b.mask}, {"setter", b.setter}, {"when", b.when}});
  return out;
}

json channel_json(const ChannelState& c) {
  json members = json::array();
  for (const auto& m : c.members) members.push_back(json{{"nick", m.nick}, {"op", m.op}, {"voice", m.voice}});
  return json{{"name", c.name},
              {"created", c.created},
              {"topic", c.topic},
              {"topic_setter", c.topic_setter},
              {"topic_time", c.topic_time},
              {"flags", c.flags},
              {"key", c.key},
              {"limit", c.limit},
              {"bans", bans_json(c.bans)},
              {"exceptions", bans_json(c.exceptions)},
              {"invex", bans_json(c.invex)},
              {"members", std::move(members)}};
}

RemoteUser read_user(FieldReader& r, const json& o) {
  RemoteUser u;
  if (!o.is_object()) {
    r.fail("a user is not an object");
    return u;
  }
  r.text(o, "nick", u.nick, true, 64);
  r.text(o, "user", u.username, false, 64);
  r.text(o, "host", u.host, false, 255);
  r.text(o, "real", u.realname);
  r.text(o, "account", u.account, false, 64);
  r.text(o, "away", u.away);
  r.flag(o, "bot", u.bot);
  r.flag(o, "oper", u.oper);
  r.flag(o, "secure", u.secure);
  r.flag(o, "invisible", u.invisible);
  r.number(o, "signon", u.signon);
  r.text(o, "server", u.server, false, 255);
  if (r.ok() && u.nick.empty()) r.fail("a user has an empty nick");
  return u;
}

void read_bans(FieldReader& r, const json& o, const char* key, std::vector<BanEntry>& out) {
  const json* list = r.array(o, key, kMaxListEntries);
  if (!list) return;
  for (const json& entry : *list) {
    if (!entry.is_object()) return r.fail(std::string("an entry of \"") + key + "\" is not an object");
    BanEntry b;
    r.text(entry, "mask", b.mask, true);
    r.text(entry, "setter", b.setter);
    r.number(entry, "when", b.when);
    if (!r.ok()) return;
    out.push_back(std::move(b));
  }
}

ChannelState read_channel(FieldReader& r, const json& o) {
  ChannelState c;
  if (!o.is_object()) {
    r.fail("a channel is not an object");
    return c;
  }
  r.text(o, "name", c.name, true, 200);
  r.number(o, "created", c.created);
  r.text(o, "topic", c.topic);
  r.text(o, "topic_setter", c.topic_setter);
  r.number(o, "topic_time", c.topic_time);
  r.text(o, "flags", c.flags, false, 16);
  r.text(o, "key", c.key, false, 64);
  r.number(o, "limit", c.limit);
  read_bans(r, o, "bans", c.bans);
  read_bans(r, o, "exceptions", c.exceptions);
  read_bans(r, o, "invex", c.invex);
  if (const json* members = r.array(o, "members", kMaxBurstUsers)) {
    for (const json& entry : *members) {
      if (!entry.is_object()) return r.fail("a member is not an object"), c;
      MemberEntry m;
      r.text(entry, "nick", m.nick, true, 64);
      r.flag(entry, "op", m.op);
      r.flag(entry, "voice", m.voice);
      if (!r.ok()) return c;
      c.members.push_back(std::move(m));
    }
  }
  if (r.ok() && c.name.empty()) r.fail("a channel has an empty name");
  return c;
}

}  // namespace

std::string_view type_name(EventType type) noexcept { return kTypeNames[static_cast<std::size_t>(type)]; }

std::string encode(const Event& e) {
  json j{{"v", 1}, {"t", type_name(e.type)}, {"node", e.node}, {"boot", e.boot}};
  if (e.type == EventType::kUser) {
    j["user"] = user_json(e.user);
  } else if (e.type != EventType::kBurst) {
    j["nick"] = e.user.nick;
  }
  if (!e.target.empty()) j["target"] = e.target;
  if (!e.channel.empty()) j["channel"] = e.channel;
  if (!e.command.empty()) j["command"] = e.command;
  if (!e.prefix.empty()) j["prefix"] = e.prefix;
  if (e.has_text) j["text"] = e.text;
  if (e.op) j["op"] = true;
  if (!e.msgid.empty()) j["msgid"] = e.msgid;
  if (e.time_ms) j["time_ms"] = e.time_ms;
  if (!e.client_tags.empty()) j["client_tags"] = e.client_tags;
  if (!e.account.empty()) j["account"] = e.account;
  if (e.bot) j["bot"] = true;
  if (e.state) j["state"] = channel_json(*e.state);
  if (e.type == EventType::kBurst) {
    json users = json::array(), channels = json::array();
    for (const auto& u : e.users) users.push_back(user_json(u));
    for (const auto& c : e.channels) channels.push_back(channel_json(c));
    j["users"] = std::move(users);
    j["channels"] = std::move(channels);
  }
  // Invalid UTF-8 in a field (a client's raw text) is replaced, not thrown about.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Decoded decode(std::string_view text) noexcept {
  Decoded out;
  try {
    const auto parsed = parse_bus_object(text, kMaxEventBytes, out.error);
    if (!parsed) return out;
    const json& j = *parsed;
    FieldReader r(out.error);
    Event e;
    std::string type;
    r.text(j, "t", type, true, 16);
    bool known = false;
    for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
      if (type == kTypeNames[i]) {
        e.type = static_cast<EventType>(i);
        known = true;
      }
    }
    if (r.ok() && !known) r.fail("unknown type");
    r.text(j, "node", e.node, true, 32);
    r.text(j, "boot", e.boot, true, 64);
    if (r.ok() && (e.node.empty() || e.boot.empty())) r.fail("empty node or boot");
    if (e.type == EventType::kUser) {
      if (const json* user = r.object(j, "user", true)) e.user = read_user(r, *user);
    } else if (e.type != EventType::kBurst) {
      r.text(j, "nick", e.user.nick, true, 64);
    }
    r.text(j, "target", e.target, false, 200);
    r.text(j, "channel", e.channel, false, 200);
    r.text(j, "command", e.command, false, 16);
    r.text(j, "prefix", e.prefix, false, 400);
    if (j.contains("text")) {
      r.text(j, "text", e.text, false, 8192);
      e.has_text = true;
    }
    r.flag(j, "op", e.op);
    r.text(j, "msgid", e.msgid, false, 64);
    r.number(j, "time_ms", e.time_ms);
    r.text(j, "client_tags", e.client_tags, false, 8192);
    r.text(j, "account", e.account, false, 64);
    r.flag(j, "bot", e.bot);
    if (const json* state = r.object(j, "state", false)) e.state = read_channel(r, *state);
    if (e.type == EventType::kBurst) {
      if (const json* users = r.array(j, "users", kMaxBurstUsers)) {
        for (const json& u : *users) {
          e.users.push_back(read_user(r, u));
          if (!r.ok()) break;
        }
      }
      if (const json* channels = r.array(j, "channels", kMaxBurstChannels)) {
        for (const json& c : *channels) {
          e.channels.push_back(read_channel(r, c));
          if (!r.ok()) break;
        }
      }
    }
    // What each kind needs to be applied at all.
    using T = EventType;
    if (r.ok()) {
      const bool needs_channel = e.type == T::kJoin || e.type == T::kPart || e.type == T::kKick ||
                                 e.type == T::kTopic || e.type == T::kMode || e.type == T::kInvite;
      if (needs_channel && e.channel.empty()) r.fail("no channel");
      if ((e.type == T::kNick || e.type == T::kKick || e.type == T::kMessage || e.type == T::kInvite) &&
          e.target.empty())
        r.fail("no target");
      if (e.type == T::kMessage && e.command != "PRIVMSG" && e.command != "NOTICE" && e.command != "TAGMSG")
        r.fail("unknown message command");
      if (e.type == T::kMode && !e.state) r.fail("a mode event without the channel's state");
    }
    if (!r.ok()) return out;
    out.event = std::move(e);
  } catch (const std::exception& ex) {
    out.event.reset();
    out.error = std::string("malformed: ") + ex.what();
  }
  return out;
}

}  // namespace chatd::cluster
