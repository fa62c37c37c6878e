// announce: a server NOTICE to every user, to one channel, and/or out through the bridges.
//
// The line is ":<server.name> NOTICE <target> :[announcement] <text>", where the target is
// each user's own nick for "everyone" and the channel's name for a channel, so every IRC
// client shows it as a notice from the server, in the right window. Request fields:
//   text (required), channel (one channel), all (every user), bridges (every bridge).
// With neither channel nor bridges, all is implied. Bridges without any [[bridge]] configured
// is an error.
#include <mutex>
#include <utility>
#include <vector>

#include "admin/bridge_directory.hpp"
#include "admin/commands.hpp"
#include "irc/cluster_events.hpp"
#include "irc/line_builder.hpp"

namespace chatd::admin {

namespace {

// Leaves room for the prefix, target and "[announcement] " within IRC's 512 bytes.
constexpr std::size_t kMaxAnnouncementBytes = 400;
constexpr std::string_view kTag = "[announcement] ";

std::size_t announce_to_everyone(irc::ServerContext& server, const std::string& body) {
  std::vector<std::pair<std::shared_ptr<chat::Endpoint>, chat::SharedLine>> targets;
  {
    sys::MutexLock lock(server.registry.mutex());
    irc::cluster_announce(server, "", body);
    targets.reserve(server.registry.users().size());
    for (const auto& [folded, user] : server.registry.users()) {
      if (!user->registered) continue;
      auto endpoint = user->endpoint.lock();
      if (!endpoint) continue;
      targets.emplace_back(std::move(endpoint),
                           chat::make_shared_line(irc::make_line(server.server_name, "NOTICE", {user->nick}, body)));
    }
  }
  for (auto& [endpoint, line] : targets) server.fanout.to_endpoint(std::move(endpoint), std::move(line));
  return targets.size();
}

Json announce_to_channel(irc::ServerContext& server, const std::string& name, const std::string& body) {
  std::shared_ptr<const chat::Audience> audience;
  chat::SharedLine line;
  std::string channel_name;
  {
    sys::MutexLock lock(server.registry.mutex());
    chat::Channel* channel = server.registry.find_channel(name);
    if (!channel) throw Error("no such channel: " + name);
    channel_name = channel->name();
    irc::cluster_announce(server, channel_name, body);
    audience = channel->audience();
    line = chat::make_shared_line(irc::make_line(server.server_name, "NOTICE", {channel_name}, body));
  }
  server.fanout.to_audience(audience, std::move(line), nullptr);
  return {{"name", channel_name}, {"members", audience->size}};
}

}  // namespace

Json run_announce(CommandContext& context, const Request& request) {
  request.allow_only({"text", "channel", "all", "bridges"});
  std::string text = request.text("text");
  if (text.size() > kMaxAnnouncementBytes) {
    throw Error("\"text\" is too long: " + std::to_string(text.size()) + " bytes, at most " +
                std::to_string(kMaxAnnouncementBytes));
  }
  auto channel = request.optional_text("channel");
  bool bridges = request.flag("bridges");
  bool all = request.flag("all") || (!channel && !bridges);

  // Asked for the bridges with none configured: nowhere to send is a failure, said before
  // anyone hears the rest of the request.
  if (bridges && !context.bridges)
    throw Error("no bridge is configured ([[bridge]] in chatd.toml): nothing was announced");

  const std::string body = std::string(kTag) + text;
  Json data = {{"text", text}};
  // The channel first: an unknown channel refuses the whole request before anyone hears it.
  if (channel) data["channel"] = announce_to_channel(context.server, *channel, body);
  if (all) data["users"] = announce_to_everyone(context.server, body);
  if (bridges) data["bridges"] = context.bridges ? context.bridges->announce(text) : 0;
  return data;
}

}  // namespace chatd::admin
