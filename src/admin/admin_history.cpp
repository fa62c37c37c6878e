// history_stats and history_prune: the channel history store, asked on its own thread
// (thread_answer.hpp: the main loop waits for the answer at most 5 s).
#include <chrono>

#include "admin/commands.hpp"
#include "admin/thread_answer.hpp"
#include "irc/history_format.hpp"
#include "store/history_store.hpp"

namespace chatd::admin {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs `work` on the store thread (after the records queued so far) and returns its answer.
template <typename Work>
Json on_store(CommandContext& context, Work work) {
  store::HistoryStore* history = context.server.history;
  if (!history) throw Error("history is disabled ([history] enabled = false)");
  return ask_thread([history](auto job) { return history->run(std::move(job)); }, std::move(work), "the history store");
}

}  // namespace

Json run_history_stats(CommandContext& context, const Request& request) {
  request.allow_only({});
  Json data = on_store(context, [](store::HistoryDb& db) {
    const store::HistoryStats stats = db.stats();
    return Json{{"messages", stats.messages},
                {"channels", stats.channels},
                {"oldest", stats.oldest_ms ? irc::format_server_time(stats.oldest_ms) : std::string()},
                {"bytes", stats.file_bytes}};
  });
  const store::StoreCounters counters = context.server.history->counters();
  const std::string& path = context.server.history->path();
  data["path"] = path.empty() ? std::string("(memory)") : path;
  data["stored"] = counters.stored;
  data["dropped"] = counters.dropped;
  data["queued"] = counters.queued;
  data["queries_ok"] = counters.queries_ok;
  data["queries_failed"] = counters.queries_failed;
  data["queries_busy"] = counters.queries_busy;
  return data;
}

Json run_history_prune(CommandContext& context, const Request& request) {
  request.allow_only({});
  const auto config = context.server.config();
  const unsigned lines = config->history.channel_lines;
  const unsigned days = config->history.max_age_days;
  return on_store(context, [lines, days](store::HistoryDb& db) {
    const std::int64_t by_age = days == 0 ? 0 : db.prune_older_than(now_ms() - std::int64_t{days} * 86400000);
    const std::int64_t by_count = db.prune_to_lines(lines);
    return Json{
        {"removed_by_age", by_age}, {"removed_by_count", by_count}, {"channel_lines", lines}, {"max_age_days", days}};
  });
}

}  // namespace chatd::admin
