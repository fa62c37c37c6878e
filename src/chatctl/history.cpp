// chatctl history stats|prune: the channel history store.
#include <cstdio>

#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

Json request(const Args& args) {
  require_positional(args, 1, 1);
  const std::string& action = args.positional[0];
  if (action != "stats" && action != "prune") throw UsageError("unknown action '" + action + "' (stats or prune)");
  return new_request("history_" + action);
}

void print(const Json& data) {
  if (data.contains("removed_by_count")) {
    print_fields({
        {"removed (older than max_age_days)", text_of(data["removed_by_age"])},
        {"removed (past channel_lines)", text_of(data["removed_by_count"])},
    });
    return;
  }
  print_fields({
      {"database", text_of(data["path"])},
      {"messages", text_of(data["messages"])},
      {"channels", text_of(data["channels"])},
      {"oldest", text_of(data["oldest"])},
      {"size (bytes)", text_of(data["bytes"])},
      {"stored since start", text_of(data["stored"])},
      {"dropped since start", text_of(data["dropped"])},
      {"queued now", text_of(data["queued"])},
      {"queries answered", text_of(data["queries_ok"])},
      {"queries failed", text_of(data["queries_failed"])},
      {"queries refused (busy)", text_of(data["queries_busy"])},
  });
}

}  // namespace

const CommandSpec kHistoryCommand{"history",
                                  "history stats|prune",
                                  "the channel history store: its size, or pruning it now",
                                  "history stats: the database, how many messages and channels it holds, the oldest\n"
                                  "message, its size, and the messages stored, dropped (store too slow, or a failed\n"
                                  "write) and queued, and the queries answered, failed and refused since start-up\n"
                                  "(the figures the metrics endpoint shows as chatd_history_*).\n"
                                  "history prune: applies [history] max_age_days and channel_lines now (chatd also\n"
                                  "does it every minute and on every write) and says how many messages went.\n",
                                  {},
                                  request,
                                  print};

}  // namespace chatd::chatctl
