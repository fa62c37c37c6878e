#include "store/account_db.hpp"

#include <doctest/doctest.h>

#include <string>

#include "store/history_db.hpp"
#include "unit/store/store_temp_dir.hpp"

using namespace chatd::store;
using chatd::store::test::TempDir;

namespace {

const std::string kFp1(64, 'a');
const std::string kFp2(64, 'b');

AccountRow row(const std::string& key, const std::string& name) { return {key, name, "$y$hash", 1000, {}}; }

}  // namespace

TEST_CASE("store: accounts are added once, found by key, listed, re-passworded and removed") {
  AccountDb db("");
  CHECK(db.add(row("alice", "Alice")));
  CHECK_FALSE(db.add(row("alice", "ALICE")));  // the key is taken, whatever the name's case
  CHECK(db.add(row("bob", "bob")));
  REQUIRE(db.find("alice"));
  CHECK(db.find("alice")->name == "Alice");
  CHECK_FALSE(db.find("carol"));
  REQUIRE(db.list().size() == 2);
  CHECK(db.list()[0].key == "alice");
  CHECK(db.set_password("bob", "$y$other"));
  CHECK(db.find("bob")->password_hash == "$y$other");
  CHECK_FALSE(db.set_password("carol", "$y$x"));
  CHECK(db.remove("bob"));
  CHECK_FALSE(db.remove("bob"));
  CHECK(db.list().size() == 1);
}

TEST_CASE("store: a certificate fingerprint belongs to one account and goes with it") {
  AccountDb db("");
  db.add(row("alice", "alice"));
  db.add(row("bob", "bob"));
  CHECK(db.add_certfp("alice", kFp1));
  CHECK(db.add_certfp("alice", kFp2));
  CHECK_FALSE(db.add_certfp("bob", kFp1));
  CHECK(db.owner_of(kFp1) == "alice");
  CHECK(db.find("alice")->certfps == std::vector<std::string>{kFp1, kFp2});
  CHECK_FALSE(db.remove_certfp("bob", kFp2));
  CHECK(db.remove_certfp("alice", kFp2));
  CHECK(db.remove("alice"));
  CHECK_FALSE(db.owner_of(kFp1));
  CHECK(db.add_certfp("bob", kFp1));  // free again
}

TEST_CASE("store: a version 2 history database gains the accounts tables and keeps its messages") {
  TempDir dir;
  const auto path = dir.file("v2.db");
  {
    // What chatd before accounts left on disk: the messages table at schema version 2.
    Database raw(path);
    raw.exec(
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, target TEXT NOT NULL, target_name TEXT NOT NULL, "
        "time_ms INTEGER NOT NULL, msgid TEXT NOT NULL, command TEXT NOT NULL, sender TEXT NOT NULL, "
        "client_tags TEXT NOT NULL, text TEXT NOT NULL, params TEXT NOT NULL DEFAULT '');"
        "INSERT INTO messages (target, target_name, time_ms, msgid, command, sender, client_tags, text) "
        "VALUES ('#lab', '#lab', 5, 'm1', 'PRIVMSG', 'a!a@h', '', 'kept');"
        "PRAGMA user_version = 2;");
  }
  {
    AccountDb accounts(path);
    CHECK(accounts.add(row("alice", "alice")));
  }
  HistoryDb history(path);
  const auto kept = history.query({HistoryQuery::Kind::kLatest, "#lab", {}, {}, 10});
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].text == "kept");
  AccountDb again(path);
  CHECK(again.find("alice"));
  CHECK(Database(path).query_int("PRAGMA user_version") == kSchemaVersion);
}
