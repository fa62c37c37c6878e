// HistoryDb: the channel history tables in one SQLite database, and every question the
// protocol asks of them. Synchronous: the store thread (history_store.hpp) is its only user in
// chatd, tests drive it directly. Opening it runs the schema migrations; a file that is not a
// database, was written by a newer chatd, or cannot be written is a StoreError.
//
// Messages are ordered by (time_ms, id): the server-time stamp, then arrival at the store.
//
// Thread rules: one thread at a time (the store thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/history_record.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace chatd::store {

struct HistoryStats {
  std::int64_t messages = 0;
  std::int64_t channels = 0;    // channels only, not private conversations
  std::int64_t oldest_ms = 0;   // 0 when empty
  std::int64_t file_bytes = 0;  // 0 in memory
};

class HistoryDb {
 public:
  explicit HistoryDb(const std::string& path);
  ~HistoryDb();

  // Stores `records` in one transaction, then drops the oldest lines of each channel they
  // touched past `channel_lines`.
  void insert(const std::vector<HistoryRecord>& records, unsigned channel_lines);

  // Records copied from the network's history stream (cluster), in one transaction with the
  // stream position they reach: a record already stored here (same target and msgid) is
  // skipped, so copying a stretch twice changes nothing.
  void insert_from_stream(const std::string& stream, const std::vector<HistoryRecord>& records, std::uint64_t sequence,
                          unsigned channel_lines);
  // The sequence insert_from_stream() reached, 0 for none.
  std::uint64_t stream_position(const std::string& stream);

  // A CHATHISTORY subcommand's messages, oldest first. An unknown msgid answers nothing.
  std::vector<HistoryRecord> query(const HistoryQuery& q);
  std::vector<TargetActivity> targets(const TargetsQuery& q);

  // Deletes every message under a key starting with `prefix` (an account's conversations,
  // when it is deleted); returns how many.
  std::int64_t forget_prefix(const std::string& prefix);
  // Deletes messages older than `cutoff_ms`; returns how many.
  std::int64_t prune_older_than(std::int64_t cutoff_ms);
  // Keeps the newest `channel_lines` of every channel; returns how many went.
  std::int64_t prune_to_lines(unsigned channel_lines);
  HistoryStats stats();

 private:
  // A position between messages: (time_ms, id) compared as a pair.
  struct Cursor {
    std::int64_t time_ms;
    std::int64_t id;
  };
  std::optional<Cursor> locate(const std::string& target, const HistoryRef& ref, bool after);
  std::vector<HistoryRecord> select(const HistoryQuery& q, std::optional<Cursor> above, std::optional<Cursor> below,
                                    unsigned limit, bool newest);
  void prune_channel(const std::string& target, unsigned channel_lines);
  void insert_row(const HistoryRecord& r);  // inside a transaction

  Database db_;
  std::unique_ptr<Statement> insert_;
  std::unique_ptr<Statement> trim_;
};

}  // namespace chatd::store
