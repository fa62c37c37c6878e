// MODE on a channel: the query (324, 329), the ban list (367, 368) and changes to
// i k l m n s t, b, o and v, echoed to the channel with the modes that were applied only.
#include <algorithm>
#include <charconv>
#include <vector>

#include "irc/ban_mask.hpp"
#include "irc/casemap.hpp"
#include "irc/handlers.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/mode_parser.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::irc {

namespace {

constexpr std::size_t kMaxParamModes = 4;  // ISUPPORT MODES
constexpr std::size_t kMaxKeyLength = 23;
constexpr std::size_t kMaxLimit = 99999;

// The applied changes as "+o-v bob carol", built up one change at a time.
class AppliedModes {
 public:
  void add(bool adding, char letter, std::string param = {}) {
    char sign = adding ? '+' : '-';
    if (sign != sign_) letters_ += sign;
    sign_ = sign;
    letters_ += letter;
    if (!param.empty()) params_.push_back(std::move(param));
  }
  bool empty() const noexcept { return letters_.empty(); }
  std::string line(std::string_view source, std::string_view channel) const {
    std::vector<std::string_view> middle{channel, letters_};
    for (const auto& p : params_) middle.push_back(p);
    std::string out;
    append_line_parts(out, source, "MODE", {}, middle, std::nullopt);
    return out;
  }

 private:
  std::string letters_;
  std::vector<std::string> params_;
  char sign_ = 0;
};

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength || key.front() == ':') return false;
  return std::none_of(key.begin(), key.end(),
                      [](char c) { return c == ' ' || c == ',' || static_cast<unsigned char>(c) < 0x20; });
}

// REQUIRES: registry lock held.
void append_ban_list(std::string& out, Session& s, const chat::Channel& channel) {
  const std::string& server = s.server().server_name;
  for (const auto& ban : channel.bans) {
    append_numeric(out, server, s.nick(), Numeric::RPL_BANLIST,
                   {channel.name(), ban.mask, ban.setter, std::to_string(ban.when)});
  }
  append_numeric(out, server, s.nick(), Numeric::RPL_ENDOFBANLIST, {channel.name()});
}

// One change; refusals are answered into `replies`.
void apply_change(Session& s, chat::Channel& channel, const ModeChange& change, AppliedModes& applied,
                  std::string& replies) REQUIRES(s.server().registry.mutex()) {
  auto& registry = s.server().registry;
  const std::string& server = s.server().server_name;
  auto invalid = [&](std::string_view param, std::string_view why) {
    append_numeric(replies, server, s.nick(), Numeric::ERR_INVALIDMODEPARAM,
                   {channel.name(), std::string_view(&change.letter, 1), param}, why);
  };
  switch (change.letter) {
    case 'k':
      if (change.add) {
        if (!valid_key(change.param)) return invalid(change.param, "Invalid key");
        if (channel.key == change.param) return;
        channel.key = change.param;
        applied.add(true, 'k', channel.key);
      } else if (!channel.key.empty()) {
        channel.key.clear();
        applied.add(false, 'k', "*");
      }
      return;
    case 'l':
      if (change.add) {
        std::size_t limit = 0;
        auto [end, ec] = std::from_chars(change.param.data(), change.param.data() + change.param.size(), limit);
        if (ec != std::errc() || end != change.param.data() + change.param.size() || limit == 0 || limit > kMaxLimit)
          return invalid(change.param, "Invalid limit");
        if (channel.limit == limit) return;
        channel.limit = limit;
        applied.add(true, 'l', std::to_string(limit));
      } else if (channel.limit != 0) {
        channel.limit = 0;
        applied.add(false, 'l');
      }
      return;
    case 'b': {
      std::string mask = normalize_mask(change.param);
      auto it = std::find_if(channel.bans.begin(), channel.bans.end(),
                             [&](const chat::Ban& b) { return equal_folded(b.mask, mask); });
      if (change.add) {
        if (it != channel.bans.end()) return;
        if (channel.bans.size() >= kMaxBans) {
          append_numeric(replies, server, s.nick(), Numeric::ERR_BANLISTFULL, {channel.name(), mask});
          return;
        }
        channel.bans.push_back({mask, std::string(s.nick()), std::time(nullptr)});
        applied.add(true, 'b', std::move(mask));
      } else if (it != channel.bans.end()) {
        applied.add(false, 'b', it->mask);
        channel.bans.erase(it);
      }
      return;
    }
    case 'o':
    case 'v': {
      chat::User* target = registry.find_user(change.param);
      if (!target || !target->registered) {
        append_numeric(replies, server, s.nick(), Numeric::ERR_NOSUCHNICK, {change.param});
        return;
      }
      chat::Membership* membership = channel.find(target);
      if (!membership) {
        append_numeric(replies, server, s.nick(), Numeric::ERR_USERNOTINCHANNEL, {target->nick, channel.name()});
        return;
      }
      bool& flag = change.letter == 'o' ? membership->op : membership->voice;
      if (flag == change.add) return;
      flag = change.add;
      applied.add(change.add, change.letter, target->nick);
      return;
    }
    default: {
      bool before = channel.mode_string().find(change.letter) != std::string::npos;
      if (before == change.add || !channel.set_flag(change.letter, change.add)) return;
      applied.add(change.add, change.letter);
    }
  }
}

}  // namespace

void channel_mode(Session& s, const Message& m) {
  auto& registry = s.server().registry;
  const std::string& server = s.server().server_name;
  std::string replies;
  std::shared_ptr<const chat::Audience> audience;
  chat::SharedVariants line;
  {
    sys::MutexLock lock(registry.mutex());
    chat::Channel* channel = registry.find_channel(m.arg(0));
    if (!channel) {
      s.numeric(Numeric::ERR_NOSUCHCHANNEL, {m.arg(0)});
      return;
    }
    chat::User& me = s.user();
    if (m.param_count == 1) {
      // The key and limit are for members' eyes only.
      std::string letters = channel->mode_string();
      std::string limit = std::to_string(channel->limit);
      std::vector<std::string_view> params{channel->name(), letters};
      if (channel->has(&me) || me.oper) {
        if (!channel->key.empty()) params.push_back(channel->key);
        if (channel->limit > 0) params.push_back(limit);
      }
      append_numeric(replies, server, s.nick(), Numeric::RPL_CHANNELMODEIS, params, std::nullopt);
      append_numeric(replies, server, s.nick(), Numeric::RPL_CREATIONTIME,
                     {channel->name(), std::to_string(channel->created())});
      s.send(std::move(replies));
      return;
    }
    std::vector<std::string_view> params(m.params.begin() + 2,
                                         m.params.begin() + std::max<std::size_t>(m.param_count, 2));
    ParsedModes parsed = parse_modes(m.arg(1), params, channel_mode_kind, kMaxParamModes);
    if (parsed.list_query) append_ban_list(replies, s, *channel);
    for (char c : parsed.unknown) {
      append_numeric(replies, server, s.nick(), Numeric::ERR_UNKNOWNMODE, {std::string_view(&c, 1)},
                     "is unknown mode char to me for " + channel->name());
    }
    if (!parsed.changes.empty() || !parsed.missing.empty()) {
      if (!channel->is_operator(&me)) {
        append_numeric(replies, server, s.nick(), Numeric::ERR_CHANOPRIVSNEEDED, {channel->name()});
      } else {
        for (char c : parsed.missing) {
          append_numeric(replies, server, s.nick(), Numeric::ERR_INVALIDMODEPARAM,
                         {channel->name(), std::string_view(&c, 1), "*"}, "You must specify a parameter");
        }
        AppliedModes applied;
        for (const auto& change : parsed.changes) apply_change(s, *channel, change, applied, replies);
        if (!applied.empty()) {
          line = make_variants(applied.line(me.prefix(), channel->name()));
          audience = channel->audience();
        }
      }
    }
  }
  if (!replies.empty()) s.send(std::move(replies));
  if (line) s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

}  // namespace chatd::irc
