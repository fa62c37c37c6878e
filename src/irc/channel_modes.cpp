// MODE on a channel: the query (324, 329), the mask lists (367/368 bans, 348/349 ban
// exceptions, 346/347 invite exceptions) and changes to i k l m n s t, b e I, o and v: at most
// MODES changes per command, echoed to the channel with the changes that were applied only,
// in as many complete MODE lines as they need (mode_echo.hpp).
#include <algorithm>
#include <charconv>
#include <memory>
#include <vector>

#include "irc/ban_mask.hpp"
#include "irc/casemap.hpp"
#include "irc/cluster_events.hpp"
#include "irc/glob.hpp"
#include "irc/handlers.hpp"
#include "irc/history_events.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/mode_echo.hpp"
#include "irc/mode_parser.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::irc {

namespace {

// One of the channel's mask lists with the numerics that list it.
struct MaskList {
  std::vector<chat::Ban>& entries;
  Numeric item;
  Numeric end;
};

MaskList mask_list(chat::Channel& channel, char letter) {
  switch (letter) {
    case 'e':
      return {channel.exceptions, Numeric::RPL_EXCEPTLIST, Numeric::RPL_ENDOFEXCEPTLIST};
    case 'I':
      return {channel.invex, Numeric::RPL_INVITELIST, Numeric::RPL_ENDOFINVITELIST};
    default:
      return {channel.bans, Numeric::RPL_BANLIST, Numeric::RPL_ENDOFBANLIST};
  }
}

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > kKeyLength || key.front() == ':') return false;
  return std::none_of(key.begin(), key.end(),
                      [](char c) { return c == ' ' || c == ',' || static_cast<unsigned char>(c) < 0x20; });
}

// Bans are public; who is exempted from them or from +i is the operators' business (as in
// ratbox and solanum). REQUIRES: registry lock held.
void append_mask_list(std::string& out, Session& s, chat::Channel& channel, char letter) {
  const std::string& server = s.server().server_name;
  if (letter != 'b' && !channel.is_operator(&s.user())) {
    append_numeric(out, server, s.nick(), Numeric::ERR_CHANOPRIVSNEEDED, {channel.name()});
    return;
  }
  MaskList list = mask_list(channel, letter);
  for (const auto& entry : list.entries) {
    append_numeric(out, server, s.nick(), list.item,
                   {channel.name(), entry.mask, entry.setter, std::to_string(entry.when)});
  }
  append_numeric(out, server, s.nick(), list.end, {channel.name()});
}

// Applies the changes of one MODE command; refusals are answered into `replies`. Lives under
// the registry lock.
class ModeChanger {
 public:
  ModeChanger(Session& s, chat::Channel& channel, std::string& replies) : s_(s), channel_(channel), replies_(replies) {}

  void apply(const ModeChange& change) REQUIRES(s_.server().registry.mutex());
  const ModeEcho& echo() const noexcept { return echo_; }

 private:
  void refuse(Numeric n, std::initializer_list<std::string_view> middle,
              std::optional<std::string_view> text = std::nullopt) {
    append_numeric(replies_, s_.server().server_name, s_.nick(), n, middle, text);
  }
  void invalid(const ModeChange& change, std::string_view param, std::string_view why) {
    refuse(Numeric::ERR_INVALIDMODEPARAM, {channel_.name(), std::string_view(&change.letter, 1), param}, why);
  }
  void apply_key(const ModeChange& change);
  void apply_limit(const ModeChange& change);
  void apply_list(const ModeChange& change);
  void apply_prefix(const ModeChange& change) REQUIRES(s_.server().registry.mutex());

  Session& s_;
  chat::Channel& channel_;
  std::string& replies_;
  ModeEcho echo_;
  bool key_refused_ = false;
};

void ModeChanger::apply_key(const ModeChange& change) {
  if (!change.add) {
    if (channel_.key.empty()) return;
    channel_.key.clear();
    echo_.add(false, 'k', "*");  // the old key stays a secret
    return;
  }
  if (!valid_key(change.param)) {
    // A refused key is still a secret, and is refused once however often it was repeated.
    if (!key_refused_) {
      invalid(change, "*",
              "Invalid key: 1 to " + std::to_string(kKeyLength) + " bytes, no spaces, commas or control characters");
    }
    key_refused_ = true;
    return;
  }
  if (channel_.key == change.param) return;
  channel_.key = change.param;
  echo_.add(true, 'k', channel_.key);
}

void ModeChanger::apply_limit(const ModeChange& change) {
  if (!change.add) {
    if (channel_.limit == 0) return;
    channel_.limit = 0;
    echo_.add(false, 'l');
    return;
  }
  std::size_t limit = 0;
  const char* end = change.param.data() + change.param.size();
  auto [stop, ec] = std::from_chars(change.param.data(), end, limit);
  if (ec != std::errc() || stop != end || limit == 0 || limit > kMaxChannelLimit)
    return invalid(change, change.param, "Invalid limit");
  if (channel_.limit == limit) return;
  channel_.limit = limit;
  echo_.add(true, 'l', std::to_string(limit));
}

void ModeChanger::apply_list(const ModeChange& change) {
  std::string mask = normalize_mask(change.param);
  MaskList list = mask_list(channel_, change.letter);
  auto it = std::find_if(list.entries.begin(), list.entries.end(),
                         [&](const chat::Ban& entry) { return equal_folded(entry.mask, mask); });
  if (!change.add) {
    if (it == list.entries.end()) return;
    echo_.add(false, change.letter, it->mask);
    list.entries.erase(it);
    return;
  }
  if (it != list.entries.end()) return;
  // The last of 15 parameters holds the rest of the line, spaces and all: not a mask.
  if (std::any_of(mask.begin(), mask.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; }))
    return invalid(change, "*", "Invalid mask: no spaces or control characters");
  auto glob = GlobMask::compile(mask);
  if (!glob) {
    return invalid(change, "*",
                   "Mask too long (at most " + std::to_string(kMaxMaskLength) + " bytes and " +
                       std::to_string(kMaxMaskWildcards) + " wildcards)");
  }
  if (list.entries.size() >= kMaxListEntries) return refuse(Numeric::ERR_BANLISTFULL, {channel_.name(), mask});
  list.entries.push_back(
      {mask, std::string(s_.nick()), std::time(nullptr), std::make_shared<const GlobMask>(std::move(*glob))});
  echo_.add(true, change.letter, std::move(mask));
}

void ModeChanger::apply_prefix(const ModeChange& change) {
  chat::User* target = s_.server().registry.find_user(change.param);
  if (!target || !target->registered) return refuse(Numeric::ERR_NOSUCHNICK, {change.param});
  chat::Membership* membership = channel_.find(target);
  if (!membership) return refuse(Numeric::ERR_USERNOTINCHANNEL, {target->nick, channel_.name()});
  bool& flag = change.letter == 'o' ? membership->op : membership->voice;
  if (flag == change.add) return;
  flag = change.add;
  echo_.add(change.add, change.letter, target->nick);
}

void ModeChanger::apply(const ModeChange& change) {
  switch (channel_mode_kind(change.letter)) {
    case ModeKind::kList:
      return apply_list(change);
    case ModeKind::kAlways:
      return change.letter == 'k' ? apply_key(change) : apply_prefix(change);
    case ModeKind::kOnSet:
      return apply_limit(change);
    default: {
      bool before = channel_.mode_string().find(change.letter) != std::string::npos;
      if (before == change.add || !channel_.set_flag(change.letter, change.add)) return;
      echo_.add(change.add, change.letter);
    }
  }
}

// 324 and 329. The key and limit are for members' eyes only. REQUIRES: registry lock held.
void append_mode_query(std::string& out, Session& s, chat::Channel& channel) {
  const std::string& server = s.server().server_name;
  std::string letters = channel.mode_string();
  std::string limit = std::to_string(channel.limit);
  std::vector<std::string_view> params{channel.name(), letters};
  if (channel.has(&s.user()) || s.user().oper) {
    if (!channel.key.empty()) params.push_back(channel.key);
    if (channel.limit > 0) params.push_back(limit);
  }
  append_numeric(out, server, s.nick(), Numeric::RPL_CHANNELMODEIS, params, std::nullopt);
  append_numeric(out, server, s.nick(), Numeric::RPL_CREATIONTIME, {channel.name(), std::to_string(channel.created())});
}

}  // namespace

namespace {

// "+o bob" of ":alice!a@h MODE #chan +o bob\r\n": what a stored MODE event keeps.
std::string_view mode_changes_of(std::string_view line) {
  const std::size_t channel = line.find(" MODE ");
  const std::size_t changes = channel == std::string_view::npos ? channel : line.find(' ', channel + 6);
  if (changes == std::string_view::npos) return {};
  std::string_view rest = line.substr(changes + 1);
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
  return rest;
}

}  // namespace

void channel_mode(Session& s, const Message& m) {
  auto& registry = s.server().registry;
  const std::string& server = s.server().server_name;
  std::string replies;
  std::shared_ptr<const chat::Audience> audience;
  std::vector<std::string> echo;
  HistoryEvents events(s.server());
  {
    sys::MutexLock lock(registry.mutex());
    chat::Channel* channel = registry.find_channel(m.arg(0));
    if (!channel) {
      s.numeric(Numeric::ERR_NOSUCHCHANNEL, {m.arg(0)});
      return;
    }
    if (m.param_count == 1) {
      append_mode_query(replies, s, *channel);
      s.send(std::move(replies));
      return;
    }
    std::vector<std::string_view> params(m.params.begin() + 2,
                                         m.params.begin() + std::max<std::size_t>(m.param_count, 2));
    ParsedModes parsed = parse_modes(m.arg(1), params, channel_mode_kind, kModes);
    for (char letter : parsed.list_queries) append_mask_list(replies, s, *channel, letter);
    for (char c : parsed.unknown) {
      append_numeric(replies, server, s.nick(), Numeric::ERR_UNKNOWNMODE, {std::string_view(&c, 1)},
                     "is unknown mode char to me for " + channel->name());
    }
    if (!parsed.changes.empty() || !parsed.missing.empty()) {
      if (!channel->is_operator(&s.user())) {
        append_numeric(replies, server, s.nick(), Numeric::ERR_CHANOPRIVSNEEDED, {channel->name()});
      } else {
        for (char c : parsed.missing) {
          append_numeric(replies, server, s.nick(), Numeric::ERR_INVALIDMODEPARAM,
                         {channel->name(), std::string_view(&c, 1), "*"}, "You must specify a parameter");
        }
        if (!parsed.changes.empty() && !cluster_allows(s.server())) {
          append_numeric(replies, server, s.nick(), Numeric::ERR_UNKNOWNERROR, {"MODE", channel->name()},
                         partition_refusal("no mode changes"));
          s.send(std::move(replies));
          return;
        }
        ModeChanger changer(s, *channel, replies);
        for (const auto& change : parsed.changes) changer.apply(change);
        if (parsed.truncated) {
          append_numeric(
              replies, server, s.nick(), Numeric::ERR_UNKNOWNERROR, {"MODE"},
              "Too many changes in one command (MODES=" + std::to_string(kModes) + "); the rest were ignored");
        }
        if (!changer.echo().empty()) {
          echo = changer.echo().lines(s.user().prefix(), channel->name());
          audience = channel->audience();
          for (const std::string& line : echo) {
            events.add(*channel, s.user().prefix(), "MODE", mode_changes_of(line));
            cluster_mode(s.server(), s.user(), *channel, mode_changes_of(line));
          }
        }
      }
    }
  }
  if (!replies.empty()) s.send(std::move(replies));
  events.store();
  for (auto& line : echo)
    s.server().fanout.to_audience(audience, make_variants(std::move(line), {.account = s.user().account}), nullptr);
}

}  // namespace chatd::irc
