#include "store/account_db.hpp"

#include "store/schema.hpp"

namespace chatd::store {

AccountDb::AccountDb(const std::string& path) : db_(path) { prepare_database(db_, path.empty()); }

bool AccountDb::add(const AccountRow& row) {
  Statement s(db_, "INSERT OR IGNORE INTO accounts (key, name, password_hash, created_ms) VALUES (?, ?, ?, ?)");
  s.bind(1, row.key).bind(2, row.name).bind(3, row.password_hash).bind(4, row.created_ms);
  s.run();
  return db_.changes() == 1;
}

bool AccountDb::remove(const std::string& key) {
  bool removed = false;
  in_transaction(db_, [&] {
    Statement certs(db_, "DELETE FROM account_certfps WHERE account = ?");
    certs.bind(1, key);
    certs.run();
    Statement s(db_, "DELETE FROM accounts WHERE key = ?");
    s.bind(1, key);
    s.run();
    removed = db_.changes() == 1;
  });
  return removed;
}

bool AccountDb::set_password(const std::string& key, const std::string& password_hash) {
  Statement s(db_, "UPDATE accounts SET password_hash = ? WHERE key = ?");
  s.bind(1, password_hash).bind(2, key);
  s.run();
  return db_.changes() == 1;
}

std::optional<AccountRow> AccountDb::find(const std::string& key) {
  Statement s(db_, "SELECT key, name, password_hash, created_ms FROM accounts WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  AccountRow row{s.column_text(0), s.column_text(1), s.column_text(2), s.column_int(3), {}};
  Statement certs(db_, "SELECT certfp FROM account_certfps WHERE account = ? ORDER BY certfp");
  certs.bind(1, key);
  while (certs.step()) row.certfps.push_back(certs.column_text(0));
  return row;
}

std::vector<AccountRow> AccountDb::list() {
  Statement s(db_, "SELECT key, name, password_hash, created_ms FROM accounts ORDER BY key");
  std::vector<AccountRow> out;
  while (s.step()) out.push_back({s.column_text(0), s.column_text(1), s.column_text(2), s.column_int(3), {}});
  return out;
}

std::optional<std::string> AccountDb::owner_of(const std::string& certfp) {
  Statement s(db_, "SELECT account FROM account_certfps WHERE certfp = ?");
  s.bind(1, certfp);
  if (!s.step()) return std::nullopt;
  return s.column_text(0);
}

bool AccountDb::add_certfp(const std::string& key, const std::string& certfp) {
  Statement s(db_, "INSERT OR IGNORE INTO account_certfps (certfp, account) VALUES (?, ?)");
  s.bind(1, certfp).bind(2, key);
  s.run();
  return db_.changes() == 1;
}

bool AccountDb::remove_certfp(const std::string& key, const std::string& certfp) {
  Statement s(db_, "DELETE FROM account_certfps WHERE certfp = ? AND account = ?");
  s.bind(1, certfp).bind(2, key);
  s.run();
  return db_.changes() == 1;
}

}  // namespace chatd::store
