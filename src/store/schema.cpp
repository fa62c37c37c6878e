#include "store/schema.hpp"

#include <cstdint>
#include <iterator>
#include <string>

namespace chatd::store {
namespace {

// Each entry turns schema version i into i + 1. A new version appends one; none is edited.
constexpr const char* kMigrations[] = {
    R"(CREATE TABLE messages (
         id INTEGER PRIMARY KEY,
         target TEXT NOT NULL,
         target_name TEXT NOT NULL,
         time_ms INTEGER NOT NULL,
         msgid TEXT NOT NULL,
         command TEXT NOT NULL,
         sender TEXT NOT NULL,
         client_tags TEXT NOT NULL,
         text TEXT NOT NULL);
       CREATE INDEX messages_by_target_time ON messages (target, time_ms, id);
       CREATE INDEX messages_by_msgid ON messages (msgid);
       CREATE INDEX messages_by_time ON messages (time_ms);)",
    // draft/event-playback: JOIN, KICK, MODE ... rows, whose middle parameters go here.
    "ALTER TABLE messages ADD COLUMN params TEXT NOT NULL DEFAULT ''",
    // Accounts: `key` is the casefolded name (rfc1459), `name` as it was created.
    R"(CREATE TABLE accounts (
         key TEXT PRIMARY KEY,
         name TEXT NOT NULL,
         password_hash TEXT NOT NULL,
         created_ms INTEGER NOT NULL);
       CREATE TABLE account_certfps (
         certfp TEXT PRIMARY KEY,
         account TEXT NOT NULL);
       CREATE INDEX account_certfps_by_account ON account_certfps (account);)",
    // account-tag: the account a message's sender was logged in to ('' for none, and for rows
    // written before).
    "ALTER TABLE messages ADD COLUMN account TEXT NOT NULL DEFAULT ''",
    // Cluster: how far this node has copied the network's history stream (doc/CLUSTER.md).
    "CREATE TABLE stream_positions (stream TEXT PRIMARY KEY, sequence INTEGER NOT NULL)",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

void migrate(Database& db) {
  const std::int64_t version = db.query_int("PRAGMA user_version");
  if (version > kSchemaVersion) {
    throw StoreError(db.name() + ": written by a newer chatd (schema " + std::to_string(version) +
                     ", this one knows up to " + std::to_string(kSchemaVersion) + ")");
  }
  for (std::int64_t v = version; v < kSchemaVersion; ++v) {
    in_transaction(db, [&] {
      db.exec(kMigrations[v]);
      db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    });
  }
}

}  // namespace

void prepare_database(Database& db, bool in_memory) {
  // The first read is where a file that is not a database shows itself.
  const std::string mode = db.query_text("PRAGMA journal_mode = WAL");
  if (!in_memory && mode != "wal") throw StoreError(db.name() + ": cannot switch to WAL mode (got " + mode + ")");
  // NORMAL in WAL mode: a commit is durable against a crash of chatd; only a power cut can
  // lose the last commits, never corrupt the file.
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA busy_timeout = 1000");
  migrate(db);
}

}  // namespace chatd::store
