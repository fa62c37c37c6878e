// kick and disconnect: the admin acting on one user. Chat state changes under the registry
// mutex exactly as an IRC handler would change it; ending a connection is posted to the loop
// that owns it, because connections are loop-only.
#include <mutex>

#include "admin/commands.hpp"
#include "irc/cluster_events.hpp"
#include "irc/history_events.hpp"
#include "irc/line_builder.hpp"
#include "irc/session.hpp"

namespace chatd::admin {

namespace {

constexpr std::string_view kDefaultKickReason = "Kicked by the server administrator";
constexpr std::string_view kDefaultQuitReason = "Disconnected by the server administrator";

chat::User& registered_user(chat::Registry& registry, const std::string& nick) REQUIRES(registry.mutex()) {
  chat::User* user = registry.find_user(nick);
  if (!user || !user->registered) throw Error("no such nick: " + nick);
  return *user;
}

}  // namespace

// ":<server.name> KICK #chan nick :reason", seen by every member including the kicked one.
Json run_kick(CommandContext& context, const Request& request) {
  request.allow_only({"nick", "channel", "reason"});
  const std::string nick = request.text("nick");
  const std::string channel_name = request.text("channel");
  const std::string reason = request.optional_text("reason").value_or(std::string(kDefaultKickReason));
  irc::ServerContext& server = context.server;
  std::shared_ptr<const chat::Audience> audience;
  chat::SharedLine line;
  Json data;
  irc::HistoryEvents events(server);
  {
    sys::MutexLock lock(server.registry.mutex());
    chat::Channel* channel = server.registry.find_channel(channel_name);
    if (!channel) throw Error("no such channel: " + channel_name);
    chat::User& user = registered_user(server.registry, nick);
    if (!channel->has(&user)) throw Error(user.nick + " is not on " + channel->name());
    audience = channel->audience();  // taken before leaving, so the kicked user sees it too
    line = chat::make_shared_line(irc::make_line(server.server_name, "KICK", {channel->name(), user.nick}, reason));
    data = {{"nick", user.nick}, {"channel", channel->name()}, {"reason", reason}};
    events.add(*channel, server.server_name, "KICK", user.nick, reason);
    irc::cluster_kick(server, server.server_name, "", *channel, user.nick, reason);
    server.registry.leave(user, *channel);  // may free the channel: nothing of it is used after
  }
  events.store();
  server.fanout.to_audience(std::move(audience), std::move(line), nullptr);
  return data;
}

// The client gets "ERROR :Closing link: ..." and its channels' members a QUIT with the reason.
Json run_disconnect(CommandContext& context, const Request& request) {
  request.allow_only({"nick", "reason"});
  const std::string nick = request.text("nick");
  const std::string reason = request.optional_text("reason").value_or(std::string(kDefaultQuitReason));
  irc::ServerContext& server = context.server;
  std::shared_ptr<chat::Endpoint> endpoint;
  Json data;
  {
    sys::MutexLock lock(server.registry.mutex());
    chat::User& user = registered_user(server.registry, nick);
    endpoint = user.endpoint.lock();
    data = {{"nick", user.nick}, {"reason", reason}};
  }
  if (!endpoint) throw Error("no such nick: " + nick);
  server.fanout.on_loop(endpoint->loop_index(), [endpoint, reason] {
    // Every client endpoint is a session (IRC or line); anything else has no link to end.
    if (auto* session = dynamic_cast<irc::Session*>(endpoint.get())) session->quit(reason);
  });
  return data;
}

}  // namespace chatd::admin
