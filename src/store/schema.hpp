// The [storage] database's schema: one list of migrations shared by every table family
// (channel history, accounts), so the history store and the account thread can each open the
// same file and find it at the same version. Opening a database here sets WAL mode and runs
// the missing migrations; a file that is not a database, was written by a newer chatd, or
// cannot be written is a StoreError.
//
// Thread rules: whoever owns the Database (one thread at a time).
#pragma once

#include "store/sqlite.hpp"

namespace chatd::store {

// Version 1: messages; 2: event-playback params; 3: accounts and their certificate fingerprints;
// 4: account-tag; 5: the cluster's stream positions.
inline constexpr int kSchemaVersion = 5;

// WAL, synchronous = NORMAL, busy timeout, then the migrations up to kSchemaVersion.
void prepare_database(Database& db, bool in_memory);

// Runs `work` in one write transaction, rolled back if it throws.
template <typename Work>
void in_transaction(Database& db, Work&& work) {
  db.exec("BEGIN IMMEDIATE");
  try {
    work();
    db.exec("COMMIT");
  } catch (...) {
    try {
      db.exec("ROLLBACK");
    } catch (const StoreError&) {
      // The transaction is already gone (SQLite rolls back by itself on some errors).
    }
    throw;
  }
}

}  // namespace chatd::store
