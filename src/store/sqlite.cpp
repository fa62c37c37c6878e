#include "store/sqlite.hpp"

#include <sqlite3.h>

namespace chatd::store {

Database::Database(const std::string& path) : name_(path.empty() ? std::string("(memory)") : path) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.empty() ? ":memory:" : path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(name_ + ": cannot open: " + reason);
  }
  sqlite3_extended_result_codes(db_, 1);
  // An existing file we may only read opens read-only without an error; say so now, not at
  // the first insert.
  if (sqlite3_db_readonly(db_, "main") == 1) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(name_ + ": cannot open for writing (check its permissions and its directory's)");
  }
}

Database::~Database() { sqlite3_close(db_); }

void Database::fail(std::string_view what) const {
  throw StoreError(name_ + ": " + std::string(what) + ": " + sqlite3_errmsg(db_));
}

void Database::exec(std::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(text.substr(0, 40));
}

std::int64_t Database::query_int(std::string_view sql) {
  Statement statement(*this, sql);
  return statement.step() ? statement.column_int(0) : 0;
}

std::string Database::query_text(std::string_view sql) {
  Statement statement(*this, sql);
  return statement.step() ? statement.column_text(0) : std::string();
}

std::int64_t Database::changes() const noexcept { return sqlite3_changes64(db_); }

Statement::Statement(Database& db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
    db.fail("prepare " + std::string(sql.substr(0, 40)));
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_.fail("bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK) {
    db_.fail("bind");
  }
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string reason = sqlite3_errmsg(db_.handle());
  reset();
  throw StoreError(db_.name() + ": " + reason);
}

void Statement::run() {
  step();
  reset();
}

void Statement::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const noexcept { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))) : std::string();
}

}  // namespace chatd::store
