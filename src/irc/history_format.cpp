#include "irc/history_format.hpp"

#include "irc/batch.hpp"
#include "irc/line_builder.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::irc {
namespace {

std::chrono::system_clock::time_point from_ms(std::int64_t ms) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

// The line a stored record was, without tags: a message, or an event with its own parameters.
std::string record_line(const store::HistoryRecord& r) {
  const std::string_view command = r.command;
  std::vector<std::string_view> middle;
  if (command != "NICK" && command != "QUIT") middle.push_back(r.target_name);
  std::string_view params = r.params;
  while (!params.empty()) {
    const std::size_t space = params.find(' ');
    middle.push_back(params.substr(0, space));
    params = space == std::string_view::npos ? std::string_view() : params.substr(space + 1);
  }
  std::optional<std::string_view> trailing = r.text;
  if (command == "TAGMSG" || command == "JOIN" || command == "MODE" || (command == "PART" && r.text.empty())) {
    trailing = std::nullopt;
  }
  std::string out;
  append_line_parts(out, r.sender, command, {}, middle, trailing);
  return out;
}

}  // namespace

store::HistoryRecord history_record(const chat::Channel& channel, std::string_view sender, std::string_view command,
                                    std::optional<std::string_view> text, std::string_view client_tags,
                                    std::string_view msgid, std::chrono::system_clock::time_point when) {
  return history_record(channel.folded(), channel.name(), sender, command, text, client_tags, msgid, when);
}

store::HistoryRecord history_record(std::string target, std::string target_name, std::string_view sender,
                                    std::string_view command, std::optional<std::string_view> text,
                                    std::string_view client_tags, std::string_view msgid,
                                    std::chrono::system_clock::time_point when) {
  store::HistoryRecord r;
  r.target = std::move(target);
  r.target_name = std::move(target_name);
  r.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  r.msgid = std::string(msgid);
  r.command = std::string(command);
  r.sender = std::string(sender);
  r.client_tags = std::string(client_tags);
  if (text) r.text = std::string(*text);
  return r;
}

std::string format_server_time(std::int64_t ms) { return server_time(from_ms(ms)); }

void append_history_line(std::string& out, const store::HistoryRecord& record, const HistoryView& view) {
  const bool tagmsg = record.command == "TAGMSG";
  RelayTags tags;
  tags.client_tags = record.client_tags;
  tags.msgid = record.msgid;
  tags.account = record.account;
  tags.tags_only_clients = tagmsg;
  // The same variants a live message has, so history looks exactly as the message did.
  const auto variants = make_variants(record_line(record), tags, from_ms(record.time_ms));
  if (const auto& line = variants->by_kind[variant_kind(view.caps)]) out += *line;
}

std::string wrap_in_batch(std::string_view body, const HistoryView& view) {
  std::string out;
  if (view.batch_ref.empty()) {
    out = body;
    return out;
  }
  std::string start = view.batch_param.empty()
                          ? batch_start(view.server, view.batch_ref, view.batch_type)
                          : batch_start(view.server, view.batch_ref, view.batch_type, {view.batch_param});
  if (view.label_tag.empty()) {
    out = std::move(start);
  } else {
    append_with_tag(out, start, view.label_tag);
  }
  const std::string tag = "batch=" + view.batch_ref;
  while (!body.empty()) {
    std::size_t end = body.find('\n');
    end = end == std::string_view::npos ? body.size() : end + 1;
    append_with_tag(out, body.substr(0, end), tag);
    body.remove_prefix(end);
  }
  out += batch_end(view.server, view.batch_ref);
  return out;
}

std::string format_history(const std::vector<store::HistoryRecord>& records, const HistoryView& view) {
  std::string body;
  for (const auto& record : records) append_history_line(body, record, view);
  return wrap_in_batch(body, view);
}

}  // namespace chatd::irc
