// LIST with ELIST=CMNTU filters (list_filter.hpp). Named channels are looked up directly;
// anything else examines every channel: on a snapshot copied under the registry lock and
// filtered after releasing it, the sender paying a flood token per 128 channels examined.
#include <ctime>
#include <vector>

#include "irc/handlers.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/list_filter.hpp"
#include "irc/targets.hpp"

namespace chatd::irc {

namespace {

// The channels the asker may see (secret ones only to their members). REQUIRES: registry lock.
void add_visible(std::vector<ListedChannel>& out, chat::Channel& channel, const chat::User& me) {
  if (channel.secret && !channel.has(&me)) return;
  out.push_back({channel.name(), channel.size(), channel.topic(), channel.created(), channel.topic_time()});
}

std::vector<ListedChannel> snapshot(Session& s, const ListFilter* filter) {
  auto& registry = s.server().registry;
  std::vector<ListedChannel> channels;
  sys::MutexLock lock(registry.mutex());
  if (filter && !filter->exact_names().empty()) {
    for (std::string_view name : filter->exact_names()) {
      if (chat::Channel* channel = registry.find_channel(name)) add_visible(channels, *channel, s.user());
    }
  } else {
    channels.reserve(registry.channels().size());
    for (auto& [key, channel] : registry.channels()) add_visible(channels, *channel, s.user());
  }
  return channels;
}

}  // namespace

void handle_list(Session& s, const Message& m) {
  const std::string& server = s.server().server_name;
  std::optional<ListFilter> filter;
  if (m.param_count > 0 && !m.arg(0).empty()) {
    auto items = split_targets(s, m.arg(0), kMaxJoinsPerCommand);
    if (!items) return;
    std::string_view bad;
    filter = ListFilter::parse(*items, bad);
    if (!filter) {
      std::string reply;
      append_numeric(reply, server, s.nick(), Numeric::ERR_UNKNOWNERROR, {"LIST"},
                     "Invalid filter " + std::string(bad.substr(0, 64)) +
                         " (ELIST=CMNTU: >n <n C>n C<n T>n T<n, masks up to " + std::to_string(kMaxMaskLength) +
                         " bytes, !mask)");
      append_numeric(reply, server, s.nick(), Numeric::RPL_LISTEND, {});
      s.send(std::move(reply));
      return;
    }
  }
  std::vector<ListedChannel> channels = snapshot(s, filter ? &*filter : nullptr);
  s.charge_flood(channels.size() / kEntriesPerFloodToken);
  std::time_t now = std::time(nullptr);
  std::string replies;
  append_numeric(replies, server, s.nick(), Numeric::RPL_LISTSTART, {"Channel"}, "Users  Name");
  for (const ListedChannel& channel : channels) {
    if (filter && !filter->accepts(channel, now)) continue;
    append_numeric(replies, server, s.nick(), Numeric::RPL_LIST, {channel.name, std::to_string(channel.users)},
                   channel.topic);
  }
  append_numeric(replies, server, s.nick(), Numeric::RPL_LISTEND, {});
  s.send(std::move(replies));
}

}  // namespace chatd::irc
