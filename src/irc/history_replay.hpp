// The way back from the store thread to a client, and the replay of a channel's last lines
// on JOIN for clients without draft/chathistory (as InspIRCd's chanhistory does; line clients
// get it too, since they join through the same handler).
//
// Thread rules: DeliverLater is made on the client's loop and called from any thread (the
// store thread); the functions are loop-only (they read the session).
#pragma once

#include <memory>
#include <string>

#include "chat/endpoint.hpp"
#include "chat/fanout.hpp"
#include "irc/history_format.hpp"
#include "irc/session.hpp"
#include "store/history_record.hpp"

namespace chatd::irc {

// Sends text to one client on its own loop, if the client still exists by then.
class DeliverLater {
 public:
  explicit DeliverLater(Session& s);
  // Any thread.
  void operator()(std::string text) const;

 private:
  const chat::Fanout* fanout_;
  std::weak_ptr<chat::Endpoint> endpoint_;
  std::size_t loop_ = 0;
};

// Asks the store for `query` and sends the answer as a batch shaped by `view`, or a
// FAIL CHATHISTORY MESSAGE_ERROR <sub> <target> when the store fails or is busy.
// REQUIRES: s.server().history.
void request_history(Session& s, store::HistoryQuery query, HistoryView view, std::string sub);

// After a JOIN: the channel's last [history] replay_on_join lines, between two NOTICEs that
// mark them as history, for a client without draft/chathistory. Nothing when off or empty.
void replay_on_join(Session& s, const std::string& folded, const std::string& name);

}  // namespace chatd::irc
