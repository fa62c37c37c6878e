// Channel history between the IRC layer and the store: the record a relayed message leaves
// (built under the registry lock, handed to the store after it) and the lines a stored message
// becomes again for one client, with the tags that client negotiated, inside the batch that
// marks them as history.
//
// Thread rules: pure functions; any thread (answers are formatted on the store thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/channel.hpp"
#include "chat/user.hpp"
#include "store/history_record.hpp"

namespace chatd::irc {

// REQUIRES: registry lock held (reads the channel's name). `sender` is the line's prefix
// (nick!user@host, or a bridge's pseudo-user).
store::HistoryRecord history_record(const chat::Channel& channel, std::string_view sender, std::string_view command,
                                    std::optional<std::string_view> text, std::string_view client_tags,
                                    std::string_view msgid, std::chrono::system_clock::time_point when);
// The same for any key (a private conversation's, private_history.hpp): `target` and
// `target_name` as given.
store::HistoryRecord history_record(std::string target, std::string target_name, std::string_view sender,
                                    std::string_view command, std::optional<std::string_view> text,
                                    std::string_view client_tags, std::string_view msgid,
                                    std::chrono::system_clock::time_point when);

// How a client wants its history: its capabilities and the batch to put it in.
struct HistoryView {
  std::string_view server;
  std::uint32_t caps = 0;
  std::string batch_ref;   // "" when the client has no batch capability
  std::string batch_type;  // "chathistory", "draft/chathistory-targets"
  std::string batch_param;
  std::string label_tag;  // "label=..." of the request the batch answers, or ""
};

// `record` as its client sees it (server-time and message-tags as negotiated), appended to
// `out`; nothing for a TAGMSG to a client without message-tags.
void append_history_line(std::string& out, const store::HistoryRecord& record, const HistoryView& view);

// "BATCH +ref", the lines (each tagged batch=ref), "BATCH -ref"; without a batch ref just the
// lines. `body` holds complete lines.
std::string wrap_in_batch(std::string_view body, const HistoryView& view);

// The records as one batch.
std::string format_history(const std::vector<store::HistoryRecord>& records, const HistoryView& view);

// "2026-11-24T03:16:15.123Z" for milliseconds since the epoch.
std::string format_server_time(std::int64_t ms);

}  // namespace chatd::irc
