#include "irc/monitor_notify.hpp"

#include <unordered_set>

#include "irc/capabilities.hpp"
#include "irc/line_builder.hpp"
#include "irc/numerics.hpp"

namespace chatd::irc {

namespace {

MonitorNotice notice_to_watchers(const chat::Registry& registry, const std::string& folded, std::string_view server,
                                 Numeric n, std::string_view text) REQUIRES(registry.mutex()) {
  MonitorNotice notice;
  const auto& watchers = registry.monitors.watchers(folded);
  if (watchers.empty()) return notice;
  notice.audience = std::make_shared<chat::Audience>();
  for (const chat::User* watcher : watchers) {
    if (auto endpoint = watcher->endpoint.lock()) notice.audience->add(std::move(endpoint));
  }
  notice.line = chat::make_shared_line(make_numeric(server, "*", n, {}, text));
  return notice;
}

}  // namespace

void MonitorNotice::send(const chat::Fanout& fanout) {
  if (audience && audience->size > 0) fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

MonitorNotice monitor_online(const chat::Registry& registry, std::string_view server, const chat::User& user) {
  return notice_to_watchers(registry, user.folded, server, Numeric::RPL_MONONLINE, user.prefix());
}

MonitorNotice monitor_offline(const chat::Registry& registry, std::string_view server, std::string_view nick,
                              const std::string& folded) {
  return notice_to_watchers(registry, folded, server, Numeric::RPL_MONOFFLINE, nick);
}

std::shared_ptr<chat::Audience> change_audience(const chat::Registry& registry, const chat::User& user,
                                                std::uint32_t cap, bool include_self) {
  auto audience = std::make_shared<chat::Audience>();
  std::unordered_set<const chat::User*> seen{&user};
  auto add = [&](const chat::User* other) {
    if (!(other->caps & cap) || !seen.insert(other).second) return;
    if (auto endpoint = other->endpoint.lock()) audience->add(std::move(endpoint));
  };
  if (include_self && (user.caps & cap)) {
    if (auto endpoint = user.endpoint.lock()) audience->add(std::move(endpoint));
  }
  for (const chat::Channel* channel : user.channels) {
    for (const auto& member : channel->members()) add(member.user);
  }
  if (!user.folded.empty()) {
    for (const chat::User* watcher : registry.monitors.watchers(user.folded)) {
      if (watcher->caps & kCapExtendedMonitor) add(watcher);
    }
  }
  return audience;
}

}  // namespace chatd::irc
