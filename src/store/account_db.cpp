#include "store/account_db.hpp"

#include "store/account_replica.hpp"
#include "store/schema.hpp"

namespace chatd::store {

AccountDb::AccountDb(const std::string& path) : db_(path) { prepare_database(db_, path.empty()); }

bool AccountDb::add(const AccountRow& row) {
  if (replica_) {
    if (!replica_->add(row)) return false;
    put_copy(row);
    return true;
  }
  Statement s(db_, "INSERT OR IGNORE INTO accounts (key, name, password_hash, created_ms) VALUES (?, ?, ?, ?)");
  s.bind(1, row.key).bind(2, row.name).bind(3, row.password_hash).bind(4, row.created_ms);
  s.run();
  return db_.changes() == 1;
}

bool AccountDb::remove(const std::string& key) {
  if (replica_) {
    if (!replica_->remove(key)) return false;
    remove_copy(key);
    return true;
  }
  return remove_copy(key);
}

bool AccountDb::remove_copy(const std::string& key) {
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
  if (replica_ && !replica_->set_password(key, password_hash)) return false;
  Statement s(db_, "UPDATE accounts SET password_hash = ? WHERE key = ?");
  s.bind(1, password_hash).bind(2, key);
  s.run();
  return replica_ || db_.changes() == 1;
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
  if (replica_) {
    if (!replica_->add_certfp(key, certfp)) return false;
    Statement s(db_, "INSERT OR REPLACE INTO account_certfps (certfp, account) VALUES (?, ?)");
    s.bind(1, certfp).bind(2, key);
    s.run();
    return true;
  }
  Statement s(db_, "INSERT OR IGNORE INTO account_certfps (certfp, account) VALUES (?, ?)");
  s.bind(1, certfp).bind(2, key);
  s.run();
  return db_.changes() == 1;
}

bool AccountDb::remove_certfp(const std::string& key, const std::string& certfp) {
  if (replica_ && !replica_->remove_certfp(key, certfp)) return false;
  Statement s(db_, "DELETE FROM account_certfps WHERE certfp = ? AND account = ?");
  s.bind(1, certfp).bind(2, key);
  s.run();
  return replica_ || db_.changes() == 1;
}

void AccountDb::put_copy(const AccountRow& row) {
  in_transaction(db_, [&] {
    Statement s(db_, "INSERT OR REPLACE INTO accounts (key, name, password_hash, created_ms) VALUES (?, ?, ?, ?)");
    s.bind(1, row.key).bind(2, row.name).bind(3, row.password_hash).bind(4, row.created_ms);
    s.run();
    Statement old(db_, "DELETE FROM account_certfps WHERE account = ?");
    old.bind(1, row.key);
    old.run();
    for (const std::string& fp : row.certfps) {
      Statement add(db_, "INSERT OR REPLACE INTO account_certfps (certfp, account) VALUES (?, ?)");
      add.bind(1, fp).bind(2, row.key);
      add.run();
    }
  });
}

}  // namespace chatd::store
