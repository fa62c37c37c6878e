#include "irc/history_replay.hpp"

#include "irc/capabilities.hpp"
#include "irc/line_builder.hpp"

namespace chatd::irc {

DeliverLater::DeliverLater(Session& s) : fanout_(&s.server().fanout) {
  if (auto endpoint = s.endpoint()) {
    loop_ = endpoint->loop_index();
    endpoint_ = endpoint;
  }
}

void DeliverLater::operator()(std::string text) const {
  if (text.empty()) return;
  fanout_->on_loop(loop_, [endpoint = endpoint_, text = std::move(text)]() mutable {
    if (auto alive = endpoint.lock()) alive->deliver(chat::make_shared_line(std::move(text)));
  });
}

void replay_on_join(Session& s, const std::string& folded, const std::string& name) {
  store::HistoryStore* history = s.server().history;
  if (!history || (s.user().caps & kCapChathistory)) return;
  const unsigned lines = s.server().config()->history.replay_on_join;
  if (lines == 0) return;
  HistoryView view;
  view.server = s.server().server_name;
  view.caps = s.user().caps;
  if (view.caps & kCapBatch) view.batch_ref = s.batch_ids().next();
  view.batch_type = "chathistory";
  view.batch_param = name;
  DeliverLater deliver(s);
  // Messages only: a replay shows what was said, never who came and went.
  store::HistoryQuery query{store::HistoryQuery::Kind::kLatest, folded, {}, {}, lines};
  query.events = false;
  query.tagmsg = view.caps & kCapMessageTags;
  // A busy store skips the replay: it is a courtesy, and the JOIN has succeeded.
  history->query(std::move(query), [view, deliver](std::vector<store::HistoryRecord> records, bool ok) {
    if (!ok || records.empty()) return;
    const std::string count = std::to_string(records.size());
    std::string out =
        make_line(view.server, "NOTICE", {view.batch_param}, "*** Replaying the last " + count + " line(s) of history");
    out += format_history(records, view);
    append_line(out, view.server, "NOTICE", {view.batch_param}, "*** End of history replay");
    deliver(std::move(out));
  });
}

}  // namespace chatd::irc
