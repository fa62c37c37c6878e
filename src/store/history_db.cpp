#include "store/history_db.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "store/schema.hpp"

namespace chatd::store {
namespace {

constexpr std::int64_t kMinId = 0;  // below every rowid
constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

constexpr const char* kColumns =
    "target, target_name, time_ms, msgid, command, sender, client_tags, text, params, account";
constexpr const char* kMessagesOnly = "command IN ('PRIVMSG', 'NOTICE', 'TAGMSG')";

// The commands a query's client is shown, as an SQL condition ("" for all of them).
std::string shown_commands(const HistoryQuery& q) {
  if (q.events && q.tagmsg) return "";
  if (q.events) return " AND command <> 'TAGMSG'";
  return q.tagmsg ? std::string(" AND ") + kMessagesOnly : " AND command IN ('PRIVMSG', 'NOTICE')";
}

// The smallest string above every string starting with `prefix` (its last byte below 0xff).
std::string prefix_end(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

HistoryRecord read_record(const Statement& s) {
  return {s.column_text(0), s.column_text(1), s.column_int(2),  s.column_text(3), s.column_text(4),
          s.column_text(5), s.column_text(6), s.column_text(7), s.column_text(8), s.column_text(9)};
}

}  // namespace

HistoryDb::HistoryDb(const std::string& path) : db_(path) {
  prepare_database(db_, path.empty());
  insert_ = std::make_unique<Statement>(
      db_,
      "INSERT INTO messages (target, target_name, time_ms, msgid, command, sender, client_tags, text, params, "
      "account) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  trim_ =
      std::make_unique<Statement>(db_,
                                  "DELETE FROM messages WHERE target = ?1 AND (time_ms, id) <= (SELECT time_ms, id "
                                  "FROM messages WHERE target = ?1 ORDER BY time_ms DESC, id DESC LIMIT 1 OFFSET ?2)");
}

HistoryDb::~HistoryDb() = default;

void HistoryDb::insert_row(const HistoryRecord& r) {
  insert_->bind(1, r.target).bind(2, r.target_name).bind(3, r.time_ms).bind(4, r.msgid);
  insert_->bind(5, r.command).bind(6, r.sender).bind(7, r.client_tags).bind(8, r.text).bind(9, r.params);
  insert_->bind(10, r.account);
  insert_->run();
}

void HistoryDb::insert(const std::vector<HistoryRecord>& records, unsigned channel_lines) {
  if (records.empty()) return;
  in_transaction(db_, [&] {
    std::set<std::string> touched;
    for (const HistoryRecord& r : records) {
      insert_row(r);
      touched.insert(r.target);
    }
    for (const std::string& target : touched) prune_channel(target, channel_lines);
  });
}

void HistoryDb::insert_from_stream(const std::string& stream, const std::vector<HistoryRecord>& records,
                                   std::uint64_t sequence, unsigned channel_lines) {
  in_transaction(db_, [&] {
    std::set<std::string> touched;
    Statement seen(db_, "SELECT 1 FROM messages WHERE msgid = ? AND target = ?");
    for (const HistoryRecord& r : records) {
      seen.bind(1, r.msgid).bind(2, r.target);
      const bool stored = seen.step();
      seen.reset();
      if (stored) continue;
      insert_row(r);
      touched.insert(r.target);
    }
    for (const std::string& target : touched) prune_channel(target, channel_lines);
    Statement position(db_, "INSERT OR REPLACE INTO stream_positions (stream, sequence) VALUES (?, ?)");
    position.bind(1, stream).bind(2, static_cast<std::int64_t>(sequence));
    position.run();
  });
}

std::uint64_t HistoryDb::stream_position(const std::string& stream) {
  Statement s(db_, "SELECT sequence FROM stream_positions WHERE stream = ?");
  s.bind(1, stream);
  return s.step() ? static_cast<std::uint64_t>(s.column_int(0)) : 0;
}

void HistoryDb::prune_channel(const std::string& target, unsigned channel_lines) {
  trim_->bind(1, target).bind(2, static_cast<std::int64_t>(channel_lines));
  trim_->run();
}

std::optional<HistoryDb::Cursor> HistoryDb::locate(const std::string& target, const HistoryRef& ref, bool after) {
  if (ref.kind == HistoryRef::Kind::kTimestamp) {
    // A moment sits before every message stamped with it (id 0) when it is an upper bound and
    // after them all when it is a lower one, so "after T" and "before T" both leave T's out.
    return Cursor{ref.time_ms, after ? kMaxId : kMinId};
  }
  Statement s(db_, "SELECT time_ms, id FROM messages WHERE target = ? AND msgid = ?");
  s.bind(1, target).bind(2, ref.msgid);
  if (!s.step()) return std::nullopt;
  return Cursor{s.column_int(0), s.column_int(1)};
}

std::vector<HistoryRecord> HistoryDb::select(const HistoryQuery& q, std::optional<Cursor> above,
                                             std::optional<Cursor> below, unsigned limit, bool newest) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM messages WHERE target = ?1" + shown_commands(q);
  if (above) sql += " AND (time_ms, id) > (?2, ?3)";
  if (below) sql += " AND (time_ms, id) < (?4, ?5)";
  sql += newest ? " ORDER BY time_ms DESC, id DESC" : " ORDER BY time_ms, id";
  sql += " LIMIT ?6";
  Statement s(db_, sql);
  s.bind(1, q.target);
  if (above) s.bind(2, above->time_ms).bind(3, above->id);
  if (below) s.bind(4, below->time_ms).bind(5, below->id);
  s.bind(6, static_cast<std::int64_t>(limit));
  std::vector<HistoryRecord> out;
  while (s.step()) out.push_back(read_record(s));
  if (newest) std::reverse(out.begin(), out.end());
  return out;
}

std::vector<HistoryRecord> HistoryDb::query(const HistoryQuery& q) {
  using Kind = HistoryQuery::Kind;
  if (q.limit == 0) return {};
  const bool has_from = q.from.kind != HistoryRef::Kind::kNone;
  switch (q.kind) {
    case Kind::kLatest: {
      std::optional<Cursor> above;
      if (has_from && !(above = locate(q.target, q.from, true))) return {};
      return select(q, above, std::nullopt, q.limit, true);
    }
    case Kind::kBefore: {
      auto below = locate(q.target, q.from, false);
      return below ? select(q, std::nullopt, below, q.limit, true) : std::vector<HistoryRecord>{};
    }
    case Kind::kAfter: {
      auto above = locate(q.target, q.from, true);
      return above ? select(q, above, std::nullopt, q.limit, false) : std::vector<HistoryRecord>{};
    }
    case Kind::kAround: {
      auto centre = locate(q.target, q.from, false);
      if (!centre) return {};
      // The referenced message itself opens the second half.
      auto out = select(q, std::nullopt, centre, q.limit / 2, true);
      const Cursor from{centre->time_ms, centre->id - (q.from.kind == HistoryRef::Kind::kMsgid ? 1 : 0)};
      auto later = select(q, from, std::nullopt, q.limit - static_cast<unsigned>(out.size()), false);
      out.insert(out.end(), std::make_move_iterator(later.begin()), std::make_move_iterator(later.end()));
      return out;
    }
    case Kind::kBetween: {
      // Which way the range runs decides which end the limit keeps: the one nearest `from`.
      auto from_point = locate(q.target, q.from, false);
      auto to_point = locate(q.target, q.to, false);
      if (!from_point || !to_point) return {};
      const bool forward = std::pair(from_point->time_ms, from_point->id) <= std::pair(to_point->time_ms, to_point->id);
      const HistoryRef& low = forward ? q.from : q.to;
      const HistoryRef& high = forward ? q.to : q.from;
      return select(q, locate(q.target, low, true), locate(q.target, high, false), q.limit, !forward);
    }
  }
  return {};
}

std::vector<TargetActivity> HistoryDb::targets(const TargetsQuery& q) {
  Statement s(db_,
              std::string("SELECT target_name, time_ms FROM messages WHERE target = ? AND time_ms > ? AND time_ms < ? "
                          "AND ") +
                  kMessagesOnly + " ORDER BY time_ms DESC, id DESC LIMIT 1");
  std::vector<TargetActivity> out;
  const std::int64_t low = std::min(q.from_ms, q.to_ms);
  const std::int64_t high = std::max(q.from_ms, q.to_ms);
  for (const std::string& channel : q.channels) {
    s.bind(1, channel).bind(2, low).bind(3, high);
    if (s.step()) out.push_back({s.column_text(0), s.column_int(1)});
    s.reset();
  }
  if (!q.private_prefix.empty()) {
    // Every key in [prefix, prefix_end): the prefix ends in '/', the next byte up is '0'. With
    // max(), SQLite takes the other columns from the row holding the maximum.
    Statement p(db_, std::string("SELECT target, target_name, sender, MAX(time_ms) FROM messages WHERE target > ? "
                                 "AND target < ? AND time_ms > ? AND time_ms < ? AND ") +
                         kMessagesOnly + " GROUP BY target");
    p.bind(1, q.private_prefix).bind(2, prefix_end(q.private_prefix)).bind(3, low).bind(4, high);
    while (p.step()) out.push_back({p.column_text(1), p.column_int(3), p.column_text(0), p.column_text(2)});
  }
  // Oldest activity first, as the spec's examples list them; the limit keeps the latest.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.latest_ms < b.latest_ms; });
  if (out.size() > q.limit) out.erase(out.begin(), out.end() - q.limit);
  return out;
}

std::int64_t HistoryDb::forget_prefix(const std::string& prefix) {
  Statement s(db_, "DELETE FROM messages WHERE target >= ? AND target < ?");
  s.bind(1, prefix).bind(2, prefix_end(prefix));
  s.run();
  return db_.changes();
}

std::int64_t HistoryDb::prune_older_than(std::int64_t cutoff_ms) {
  Statement s(db_, "DELETE FROM messages WHERE time_ms < ?");
  s.bind(1, cutoff_ms);
  s.run();
  return db_.changes();
}

std::int64_t HistoryDb::prune_to_lines(unsigned channel_lines) {
  std::vector<std::string> channels;
  {
    Statement s(db_, "SELECT DISTINCT target FROM messages");
    while (s.step()) channels.push_back(s.column_text(0));
  }
  std::int64_t removed = 0;
  in_transaction(db_, [&] {
    for (const std::string& target : channels) {
      prune_channel(target, channel_lines);
      removed += db_.changes();
    }
  });
  return removed;
}

HistoryStats HistoryDb::stats() {
  HistoryStats out;
  out.messages = db_.query_int("SELECT COUNT(*) FROM messages");
  out.channels = db_.query_int("SELECT COUNT(DISTINCT target) FROM messages WHERE target NOT LIKE '~%'");
  out.oldest_ms = db_.query_int("SELECT COALESCE(MIN(time_ms), 0) FROM messages");
  out.file_bytes = db_.query_int("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  return out;
}

}  // namespace chatd::store
