#include "irc/history_events.hpp"

#include "irc/history_format.hpp"
#include "irc/server_context.hpp"

namespace chatd::irc {

HistoryEvents::HistoryEvents(ServerContext& server) noexcept
    : server_(server), when_(std::chrono::system_clock::now()) {}

void HistoryEvents::add(const chat::Channel& channel, std::string_view sender, std::string_view command,
                        std::string_view params, std::optional<std::string_view> text) {
  if (!server_.history || !channel.history) return;
  const MessageId msgid = server_.message_ids.next(when_);
  records_.push_back(history_record(channel, sender, command, text, "", msgid.view(), when_));
  records_.back().params = std::string(params);
}

void HistoryEvents::store() noexcept {
  for (auto& record : records_) server_.history->record(std::move(record));
  records_.clear();
}

void HistoryEvents::store_unshared() noexcept {
  for (auto& record : records_) server_.history->record_unshared(std::move(record));
  records_.clear();
}

}  // namespace chatd::irc
