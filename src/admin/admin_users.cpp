// users and channels: snapshots of the chat state, taken under the registry mutex and
// sorted by name so the output is stable.
#include <algorithm>
#include <ctime>
#include <mutex>

#include "admin/commands.hpp"

namespace chatd::admin {

namespace {

void sort_by(Json& list, const char* key) {
  std::sort(list.begin(), list.end(), [key](const Json& a, const Json& b) { return a[key] < b[key]; });
}

}  // namespace

Json run_users(CommandContext& context, const Request& request) {
  request.allow_only({});
  const std::time_t now = std::time(nullptr);
  Json users = Json::array();
  chat::Registry& registry = context.server.registry;
  sys::MutexLock lock(registry.mutex());
  for (const auto& [folded, user] : registry.users()) {
    if (!user->registered) continue;
    Json channels = Json::array();
    for (const chat::Channel* channel : user->channels) channels.push_back(channel->name());
    std::sort(channels.begin(), channels.end());
    users.push_back({
        {"nick", user->nick},
        {"user", user->username},
        {"host", user->host},
        {"realname", user->realname},
        {"channels", std::move(channels)},
        {"idle", static_cast<std::int64_t>(now - user->last_message)},
        {"signon", static_cast<std::int64_t>(user->signon)},
        {"away", user->away},
        {"oper", user->oper},
        {"tls", user->secure},
        {"certfp", user->certfp},
        {"server", user->server.empty() ? context.server.server_name : user->server},
    });
  }
  sort_by(users, "nick");
  return {{"users", std::move(users)}};
}

Json run_channels(CommandContext& context, const Request& request) {
  request.allow_only({});
  Json channels = Json::array();
  chat::Registry& registry = context.server.registry;
  sys::MutexLock lock(registry.mutex());
  for (const auto& [folded, channel] : registry.channels()) {
    Json members = Json::array();
    for (const auto& member : channel->members()) members.push_back(member.prefix() + member.user->nick);
    std::sort(members.begin(), members.end());
    channels.push_back({
        {"name", channel->name()},
        {"members", std::move(members)},
        {"modes", channel->mode_string()},
        {"topic", channel->topic()},
        {"created", static_cast<std::int64_t>(channel->created())},
    });
  }
  sort_by(channels, "name");
  return {{"channels", std::move(channels)}};
}

}  // namespace chatd::admin
