// CHATHISTORY (IRCv3 draft/chathistory) and the replay of recent lines on JOIN. The worker
// checks the request and the client's right to the channel under the registry lock, then
// hands the query to the store thread (for a nick: the asker's account's conversation with it,
// private_history.hpp); the answer is formatted there, for this client's
// capabilities, and posted back to the client's loop as one batch.
#include <memory>
#include <span>
#include <vector>

#include "irc/capabilities.hpp"
#include "irc/chathistory_args.hpp"
#include "irc/handlers.hpp"
#include "irc/history_format.hpp"
#include "irc/history_replay.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"
#include "irc/private_history.hpp"

namespace chatd::irc {
namespace {

using Sub = ChathistoryRequest::Sub;

std::string fail_line(std::string_view server, std::string_view code, std::span<const std::string> context,
                      std::string_view text) {
  std::vector<std::string_view> middle{"CHATHISTORY", code};
  middle.insert(middle.end(), context.begin(), context.end());
  std::string out;
  append_line_parts(out, server, "FAIL", {}, middle, text);
  return out;
}

void fail(Session& s, std::string_view code, std::vector<std::string> context, std::string_view text) {
  s.send(fail_line(s.server().server_name, code, context, text));
}

store::HistoryQuery::Kind query_kind(Sub sub) {
  switch (sub) {
    case Sub::kBefore:
      return store::HistoryQuery::Kind::kBefore;
    case Sub::kAfter:
      return store::HistoryQuery::Kind::kAfter;
    case Sub::kAround:
      return store::HistoryQuery::Kind::kAround;
    case Sub::kBetween:
      return store::HistoryQuery::Kind::kBetween;
    default:
      return store::HistoryQuery::Kind::kLatest;
  }
}

// The view for a batch answering this client now (the batch reference is drawn on its loop).
HistoryView view_for(Session& s, std::string type, std::string param) {
  HistoryView view;
  view.server = s.server().server_name;
  view.caps = s.user().caps;
  if (view.caps & kCapBatch) view.batch_ref = s.batch_ids().next();
  view.batch_type = std::move(type);
  view.batch_param = std::move(param);
  view.label_tag = s.detach_label();
  return view;
}

// What a failed or refused store request answers, labeled like the batch would have been.
std::string store_error_line(const HistoryView& view, std::string_view sub, std::string_view target,
                             std::string_view text) {
  std::vector<std::string> context{std::string(sub)};
  if (!target.empty()) context.emplace_back(target);
  std::string line = fail_line(view.server, "MESSAGE_ERROR", context, text);
  if (view.label_tag.empty()) return line;
  std::string out;
  append_with_tag(out, line, view.label_tag);
  return out;
}

void request_targets(Session& s, const ChathistoryRequest& request) {
  store::TargetsQuery query;
  query.from_ms = request.from.time_ms;
  query.to_ms = request.to.time_ms;
  query.limit = request.limit;
  {
    // Only the channels the client is in and its own account's conversations: TARGETS never
    // tells anyone where others talk.
    sys::MutexLock lock(s.server().registry.mutex());
    for (const chat::Channel* channel : s.user().channels) {
      if (channel->history) query.channels.push_back(channel->folded());
    }
    if (!s.user().account.empty()) query.private_prefix = private_history_prefix(s.user().account);
  }
  HistoryView view = view_for(s, "draft/chathistory-targets", "");
  DeliverLater deliver(s);
  const std::string sub = request.subcommand;
  const bool queued = s.server().history->targets(
      std::move(query), [view, deliver, sub](std::vector<store::TargetActivity> found, bool ok) mutable {
        if (!ok) {
          deliver(store_error_line(view, sub, "", "Messages could not be retrieved"));
          return;
        }
        std::string body;
        for (const auto& t : found) {
          const std::string name = t.key.empty() ? t.target_name : correspondent_name(t.key, t.target_name, t.sender);
          append_line(body, view.server, "CHATHISTORY", {"TARGETS", name, format_server_time(t.latest_ms)});
        }
        deliver(wrap_in_batch(body, view));
      });
  if (!queued) deliver(store_error_line(view, sub, "", "The history store is busy, try again"));
}

}  // namespace

void handle_chathistory(Session& s, const Message& m) {
  std::vector<std::string_view> args(m.params.begin(), m.params.begin() + std::min(m.param_count, kMaxParams));
  std::optional<ChathistoryRequest> request;
  std::optional<ChathistoryError> error;
  parse_chathistory(args, kChathistoryLimit, request, error);
  if (error) {
    fail(s, error->code, std::move(error->context), error->text);
    return;
  }
  store::HistoryStore* history = s.server().history;
  if (!history) {
    fail(s, "MESSAGE_ERROR", {request->subcommand}, "History is disabled on this server");
    return;
  }
  if (request->sub == Sub::kTargets) {
    request_targets(s, *request);
    return;
  }
  const std::string& target = request->target;
  if (!is_channel_name(target)) {
    if (!is_valid_nick(target, 64)) {
      fail(s, "INVALID_TARGET", {request->subcommand, target}, "Messages could not be retrieved");
      return;
    }
    // A nick's history is the asker's own account's conversation with it; a client logged in
    // to no account has none (an empty batch, as for a conversation that never happened).
    std::string account;
    {
      sys::MutexLock lock(s.server().registry.mutex());
      account = s.user().account;
    }
    HistoryView view = view_for(s, "chathistory", target);
    if (account.empty()) {
      s.send(format_history({}, view));
      return;
    }
    store::HistoryQuery query;
    query.kind = query_kind(request->sub);
    query.target = private_history_key(account, target);
    query.from = std::move(request->from);
    query.to = std::move(request->to);
    query.limit = request->limit;
    query.tagmsg = s.user().caps & kCapMessageTags;
    request_history(s, std::move(query), std::move(view), request->subcommand);
    return;
  }
  store::HistoryQuery query;
  std::string name;
  bool kept = true;
  {
    sys::MutexLock lock(s.server().registry.mutex());
    chat::Channel* channel = s.server().registry.find_channel(target);
    // A secret or invite-only channel keeps its history for its members: to anyone else it
    // answers exactly as a channel that does not exist.
    if (channel && (channel->secret || channel->invite_only) && !channel->has(&s.user())) channel = nullptr;
    if (channel) {
      query.target = channel->folded();
      name = channel->name();
      kept = channel->history;
    }
  }
  if (name.empty()) {
    fail(s, "INVALID_TARGET", {request->subcommand, target}, "Messages could not be retrieved");
    return;
  }
  if (!kept) {
    // [[channel]] history = false: what it said before the opt-out stays unserved too.
    s.send(format_history({}, view_for(s, "chathistory", name)));
    return;
  }
  query.kind = query_kind(request->sub);
  query.from = std::move(request->from);
  query.to = std::move(request->to);
  query.limit = request->limit;
  query.events = s.user().caps & kCapEventPlayback;
  query.tagmsg = s.user().caps & kCapMessageTags;
  request_history(s, std::move(query), view_for(s, "chathistory", name), request->subcommand);
}

void request_history(Session& s, store::HistoryQuery query, HistoryView view, std::string sub) {
  DeliverLater deliver(s);
  const std::string target = view.batch_param;
  const bool queued = s.server().history->query(
      std::move(query), [view, deliver, sub, target](std::vector<store::HistoryRecord> records, bool ok) mutable {
        deliver(ok ? format_history(records, view)
                   : store_error_line(view, sub, target, "Messages could not be retrieved"));
      });
  if (!queued) deliver(store_error_line(view, sub, target, "The history store is busy, try again"));
}

}  // namespace chatd::irc
