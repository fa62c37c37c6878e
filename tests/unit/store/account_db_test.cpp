#include "store/account_db.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "store/account_replica.hpp"
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

namespace {

// The network's answers, as a cluster's bucket would give them, with what was asked.
struct FakeReplica final : AccountReplica {
  std::set<std::string> names;
  std::vector<std::string> calls;
  bool reachable = true;
  void ask(const std::string& what) {
    if (!reachable) throw StoreError("the network's account bucket does not answer");
    calls.push_back(what);
  }
  bool add(const AccountRow& r) override {
    ask("add " + r.key);
    return names.insert(r.key).second;
  }
  bool remove(const std::string& key) override {
    ask("remove " + key);
    return names.erase(key) == 1;
  }
  bool set_password(const std::string& key, const std::string&) override {
    ask("passwd " + key);
    return names.count(key) == 1;
  }
  bool add_certfp(const std::string& key, const std::string&) override {
    ask("certfp+ " + key);
    return true;
  }
  bool remove_certfp(const std::string& key, const std::string&) override {
    ask("certfp- " + key);
    return true;
  }
};

}  // namespace

TEST_CASE("store: with a replica every change is the network's first, and the tables follow its answer") {
  AccountDb db("");
  FakeReplica replica;
  db.set_replica(&replica);
  replica.names.insert("bob");  // made on another node; its copy has not arrived here yet
  CHECK_FALSE(db.add(row("bob", "Bob")));
  CHECK_FALSE(db.find("bob"));
  CHECK(db.add(row("alice", "Alice")));
  CHECK(db.find("alice"));
  CHECK(db.set_password("alice", "$y$new"));
  CHECK(db.find("alice")->password_hash == "$y$new");
  CHECK(db.add_certfp("alice", kFp1));
  CHECK(db.owner_of(kFp1) == "alice");
  CHECK(db.remove_certfp("alice", kFp1));
  CHECK_FALSE(db.owner_of(kFp1));
  CHECK(replica.calls ==
        std::vector<std::string>{"add bob", "add alice", "passwd alice", "certfp+ alice", "certfp- alice"});
  replica.reachable = false;
  CHECK_THROWS_AS(db.add(row("carol", "carol")), StoreError);
  CHECK_FALSE(db.find("carol"));
  CHECK_THROWS_AS(db.remove("alice"), StoreError);
  CHECK(db.find("alice"));  // a refused change leaves the copy alone
  replica.reachable = true;
  CHECK(db.remove("alice"));
  CHECK_FALSE(db.find("alice"));
}

TEST_CASE("store: the network's copies replace an account whole, fingerprints included") {
  AccountDb db("");
  AccountRow alice = row("alice", "Alice");
  alice.certfps = {kFp1};
  db.put_copy(alice);
  CHECK(db.owner_of(kFp1) == "alice");
  alice.password_hash = "$y$changed";
  alice.certfps = {kFp2};
  db.put_copy(alice);
  CHECK(db.find("alice")->password_hash == "$y$changed");
  CHECK_FALSE(db.owner_of(kFp1));
  CHECK(db.owner_of(kFp2) == "alice");
  AccountRow bob = row("bob", "bob");
  bob.certfps = {kFp2};  // moved to bob on another node
  db.put_copy(bob);
  CHECK(db.owner_of(kFp2) == "bob");
  CHECK(db.remove_copy("alice"));
  CHECK_FALSE(db.remove_copy("alice"));
}
