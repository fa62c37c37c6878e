// Database and Statement: the few SQLite calls the store needs, as owning RAII types whose
// failures are StoreErrors naming the database file and SQLite's reason.
//
// Thread rules: a Database and its Statements belong to one thread (the store thread, or a
// test); SQLite is opened without its own mutexes.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace chatd::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Database {
 public:
  // Opens (creating) the file at `path`; "" opens a private in-memory database.
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return nothing needed.
  void exec(std::string_view sql);
  // The first column of the first row of `sql` as an integer (PRAGMA user_version, COUNT(*)).
  std::int64_t query_int(std::string_view sql);
  std::string query_text(std::string_view sql);
  std::int64_t changes() const noexcept;
  // "<name>: <what>: <sqlite's message>" for an error from the last call.
  [[noreturn]] void fail(std::string_view what) const;

  sqlite3* handle() const noexcept { return db_; }
  const std::string& name() const noexcept { return name_; }

 private:
  sqlite3* db_ = nullptr;
  std::string name_;
};

class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds are 1-based, as in SQLite; text is copied.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  // True while a row is ready; false when done.
  bool step();
  // Steps once, expecting no row, and resets for reuse.
  void run();
  void reset() noexcept;

  std::int64_t column_int(int index) const noexcept;
  std::string column_text(int index) const;

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace chatd::store
