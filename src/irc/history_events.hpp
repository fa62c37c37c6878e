// HistoryEvents: the JOIN, PART, QUIT, KICK, NICK, TOPIC and MODE lines a handler relays, kept
// in the channel history for draft/event-playback clients. A handler collects them under the
// registry lock (where the channel and the sender's mask are) and hands them to the store after
// it, before the fan-out, as messaging does with messages: whoever saw the event and then asks
// CHATHISTORY finds it. Each event gets a msgid when stored, so it can be a reference.
//
// Thread rules: one handler's value, on that handler's thread.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "chat/channel.hpp"
#include "store/history_record.hpp"

namespace chatd::irc {

class ServerContext;

class HistoryEvents {
 public:
  explicit HistoryEvents(ServerContext& server) noexcept;

  // One event in `channel`: ":sender COMMAND #channel params :text" (QUIT and NICK show no
  // channel; `text` nullopt: no trailing parameter). Nothing when history is disabled or the
  // channel opted out. REQUIRES: registry lock held.
  void add(const chat::Channel& channel, std::string_view sender, std::string_view command,
           std::string_view params = {}, std::optional<std::string_view> text = std::nullopt);
  // Hands them to the store. REQUIRES: lock not held.
  void store() noexcept;
  // The same, not shared with the network (HistoryStore::record_unshared).
  void store_unshared() noexcept;

 private:
  ServerContext& server_;
  const std::chrono::system_clock::time_point when_;
  std::vector<store::HistoryRecord> records_;
};

}  // namespace chatd::irc
