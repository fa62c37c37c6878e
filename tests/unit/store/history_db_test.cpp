#include "store/history_db.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "unit/store/store_temp_dir.hpp"

using namespace chatd::store;

namespace {

using test::TempDir;

HistoryRecord message(const std::string& channel, std::int64_t time_ms, const std::string& msgid,
                      const std::string& text = "hi") {
  return {channel, channel, time_ms, msgid, "PRIVMSG", "alice!a@host", "", text};
}

// Ten messages m0..m9 in #lab at 1000, 1010, ... 1090 ms.
std::vector<HistoryRecord> ten() {
  std::vector<HistoryRecord> out;
  for (int i = 0; i < 10; ++i) out.push_back(message("#lab", 1000 + 10 * i, "m" + std::to_string(i)));
  return out;
}

std::vector<std::string> ids(const std::vector<HistoryRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.msgid);
  return out;
}

HistoryRef by_msgid(const std::string& id) { return {HistoryRef::Kind::kMsgid, id, 0}; }
HistoryRef by_time(std::int64_t ms) { return {HistoryRef::Kind::kTimestamp, "", ms}; }

using V = std::vector<std::string>;
using K = HistoryQuery::Kind;

}  // namespace

TEST_CASE("store: a record comes back whole") {
  HistoryDb db("");
  HistoryRecord r{"#lab", "#Lab", 1234, "abc", "TAGMSG", "bob!b@h", "+typing=active", ""};
  db.insert({r}, 100);
  auto got = db.query({K::kLatest, "#lab", {}, {}, 10});
  REQUIRE(got.size() == 1);
  CHECK(got[0] == r);
}

TEST_CASE("store: each subcommand, by msgid and by timestamp, oldest first") {
  HistoryDb db("");
  db.insert(ten(), 100);
  db.insert({message("#other", 1005, "x")}, 100);
  CHECK(ids(db.query({K::kLatest, "#lab", {}, {}, 3})) == V{"m7", "m8", "m9"});
  CHECK(ids(db.query({K::kLatest, "#lab", by_msgid("m7"), {}, 5})) == V{"m8", "m9"});
  CHECK(ids(db.query({K::kLatest, "#lab", by_time(1075), {}, 5})) == V{"m8", "m9"});
  CHECK(ids(db.query({K::kBefore, "#lab", by_msgid("m5"), {}, 2})) == V{"m3", "m4"});
  CHECK(ids(db.query({K::kBefore, "#lab", by_time(1050), {}, 2})) == V{"m3", "m4"});
  CHECK(ids(db.query({K::kAfter, "#lab", by_msgid("m5"), {}, 2})) == V{"m6", "m7"});
  CHECK(ids(db.query({K::kAfter, "#lab", by_time(1050), {}, 2})) == V{"m6", "m7"});
  CHECK(ids(db.query({K::kAround, "#lab", by_msgid("m5"), {}, 4})) == V{"m3", "m4", "m5", "m6"});
  CHECK(ids(db.query({K::kAround, "#lab", by_time(1050), {}, 3})) == V{"m4", "m5", "m6"});
  CHECK(ids(db.query({K::kBetween, "#lab", by_msgid("m2"), by_msgid("m6"), 10})) == V{"m3", "m4", "m5"});
  CHECK(ids(db.query({K::kBetween, "#lab", by_msgid("m2"), by_msgid("m6"), 2})) == V{"m3", "m4"});
  // Backwards: the limit keeps the end nearest the first reference.
  CHECK(ids(db.query({K::kBetween, "#lab", by_msgid("m6"), by_msgid("m2"), 2})) == V{"m4", "m5"});
  CHECK(ids(db.query({K::kBetween, "#lab", by_time(1015), by_time(1045), 10})) == V{"m2", "m3", "m4"});
  // An unknown msgid, another channel's msgid, a zero limit: nothing.
  CHECK(db.query({K::kBefore, "#lab", by_msgid("nope"), {}, 5}).empty());
  CHECK(db.query({K::kBefore, "#lab", by_msgid("x"), {}, 5}).empty());
  CHECK(db.query({K::kLatest, "#lab", {}, {}, 0}).empty());
  CHECK(db.query({K::kLatest, "#none", {}, {}, 5}).empty());
}

TEST_CASE("store: targets lists channels active in a window, with their latest time") {
  HistoryDb db("");
  db.insert(ten(), 100);
  db.insert({message("#b", 1500, "b1"), message("#c", 3000, "c1")}, 100);
  auto got = db.targets({{"#lab", "#b", "#c", "#none"}, 0, 2000, 10});
  REQUIRE(got.size() == 2);
  CHECK(got[0].target_name == "#lab");
  CHECK(got[0].latest_ms == 1090);
  CHECK(got[1].target_name == "#b");
  CHECK(db.targets({{"#lab", "#b"}, 0, 2000, 1}).size() == 1);
  CHECK(db.targets({{"#lab"}, 2000, 0, 10}).size() == 1);  // either order
}

TEST_CASE("store: pruning keeps channel_lines per channel and drops old lines") {
  HistoryDb db("");
  db.insert(ten(), 4);
  CHECK(ids(db.query({K::kLatest, "#lab", {}, {}, 100})) == V{"m6", "m7", "m8", "m9"});
  db.insert({message("#b", 1, "b1"), message("#b", 2, "b2")}, 100);
  CHECK(db.prune_to_lines(1) == 4);
  CHECK(ids(db.query({K::kLatest, "#lab", {}, {}, 100})) == V{"m9"});
  CHECK(db.prune_older_than(1090) == 1);  // b2
  CHECK(db.stats().messages == 1);
  CHECK(db.stats().channels == 1);
  CHECK(db.stats().oldest_ms == 1090);
}

TEST_CASE("store: a new file is migrated, and history survives reopening") {
  TempDir dir;
  const auto path = dir.file("h.db");
  {
    std::ofstream(path).flush();  // an empty file is an empty database
    HistoryDb db(path);
    db.insert(ten(), 100);
  }
  HistoryDb again(path);
  CHECK(again.query({K::kLatest, "#lab", {}, {}, 100}).size() == 10);
  Database raw(path);
  CHECK(raw.query_int("PRAGMA user_version") == kSchemaVersion);
  CHECK(raw.query_text("PRAGMA journal_mode") == "wal");
}

TEST_CASE("store: a corrupt, foreign-version or unwritable file is a clear error") {
  TempDir dir;
  const auto junk = dir.file("junk.db");
  std::ofstream(junk) << std::string(8192, 'x');
  CHECK_THROWS_WITH_AS(HistoryDb{junk}, doctest::Contains("not a database"), StoreError);

  const auto newer = dir.file("newer.db");
  {
    Database raw(newer);
    raw.exec("PRAGMA user_version = 99");
  }
  CHECK_THROWS_WITH_AS(HistoryDb{newer}, doctest::Contains("newer chatd"), StoreError);

  CHECK_THROWS_WITH_AS(HistoryDb{dir.file("missing/dir/h.db")}, doctest::Contains("cannot open"), StoreError);
  if (::geteuid() != 0) {
    const auto ro = dir.file("ro.db");
    { HistoryDb db(ro); }
    std::filesystem::permissions(ro, std::filesystem::perms::owner_read);
    CHECK_THROWS_AS(HistoryDb{ro}, StoreError);
  }
}

TEST_CASE("store: events only for queries that ask for them, TAGMSG only with tags, the limit after both") {
  HistoryDb db("");
  const HistoryRecord join{"#lab", "#Lab", 1000, "e1", "JOIN", "bob!b@h", "", ""};
  const HistoryRecord kick{"#lab", "#Lab", 1010, "e2", "KICK", "alice!a@h", "", "bye", "bob"};
  const HistoryRecord tag{"#lab", "#Lab", 1020, "t1", "TAGMSG", "bob!b@h", "+typing=active", ""};
  db.insert({join, message("#lab", 1005, "m1"), kick, tag, message("#lab", 1030, "m2")}, 100);
  HistoryQuery q{K::kLatest, "#lab", {}, {}, 10};
  q.events = true;
  const auto all = db.query(q);
  CHECK(ids(all) == V{"e1", "m1", "e2", "t1", "m2"});
  CHECK(all[2] == kick);
  q.tagmsg = false;
  CHECK(ids(db.query(q)) == V{"e1", "m1", "e2", "m2"});
  q.events = false;
  CHECK(ids(db.query(q)) == V{"m1", "m2"});
  q.tagmsg = true;
  q.limit = 2;
  CHECK(ids(db.query(q)) == V{"t1", "m2"});
  // An event's msgid is a reference for anyone; TARGETS looks at messages only.
  CHECK(ids(db.query({K::kAfter, "#lab", by_msgid("e2"), {}, 10})) == V{"t1", "m2"});
  db.insert({{"#ev", "#ev", 1040, "e3", "JOIN", "bob!b@h", "", ""}}, 100);
  CHECK(db.targets({{"#lab", "#ev"}, 0, 5000, 10}).size() == 1);
}

TEST_CASE("store: a version 1 database gains the events' column and keeps its messages") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  {
    Database raw(path);
    raw.exec(
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, target TEXT NOT NULL, target_name TEXT NOT NULL, "
        "time_ms INTEGER NOT NULL, msgid TEXT NOT NULL, command TEXT NOT NULL, sender TEXT NOT NULL, "
        "client_tags TEXT NOT NULL, text TEXT NOT NULL)");
    raw.exec("INSERT INTO messages VALUES (1, '#lab', '#Lab', 1000, 'old', 'PRIVMSG', 'a!a@h', '', 'kept')");
    raw.exec("PRAGMA user_version = 1");
  }
  HistoryDb db(path);
  HistoryQuery q{K::kLatest, "#lab", {}, {}, 10};
  q.events = true;
  const auto got = db.query(q);
  REQUIRE(got.size() == 1);
  CHECK(got[0] == HistoryRecord{"#lab", "#Lab", 1000, "old", "PRIVMSG", "a!a@h", "", "kept", ""});
  CHECK(Database(path).query_int("PRAGMA user_version") == kSchemaVersion);
}

TEST_CASE("store: a message keeps its sender's account; a version 3 database gains the column") {
  TempDir dir;
  const auto path = dir.file("v3.db");
  {
    HistoryDb db(path);
    HistoryRecord r = message("#lab", 1000, "a1");
    r.account = "Ana";
    db.insert({r, message("#lab", 1010, "n1")}, 100);
  }
  {
    // As a version 3 file would be: no account column, user_version 3.
    Database raw(path);
    raw.exec("ALTER TABLE messages DROP COLUMN account");
    raw.exec("DROP TABLE stream_positions");
    raw.exec("PRAGMA user_version = 3");
  }
  {
    HistoryDb db(path);
    HistoryRecord r = message("#lab", 1020, "a2");
    r.account = "Ana";
    db.insert({r}, 100);
    const auto got = db.query({K::kLatest, "#lab", {}, {}, 10});
    REQUIRE(got.size() == 3);
    CHECK(got[0].account.empty());  // written before the column existed
    CHECK(got[1].account.empty());
    CHECK(got[2].account == "Ana");
  }
  CHECK(Database(path).query_int("PRAGMA user_version") == kSchemaVersion);
}

TEST_CASE("store: an account's private conversations are listed by TARGETS with its prefix and forgotten together") {
  HistoryDb db("");
  auto pm = [](const std::string& key, std::int64_t time_ms, const std::string& id, const std::string& to,
               const std::string& from) { return HistoryRecord{key, to, time_ms, id, "PRIVMSG", from, "", "hi"}; };
  db.insert({message("#lab", 1000, "c1"), pm("~alice/bob", 1100, "p1", "bob", "alice!a@h"),
             pm("~alice/bob", 1200, "p2", "alice", "bob!b@h"), pm("~alice/carol", 1300, "p3", "carol", "alice!a@h"),
             pm("~alicia/bob", 1400, "p4", "bob", "alicia!a@h"), pm("~bob/alice", 1200, "p2", "alice", "bob!b@h")},
            100);
  TargetsQuery q{{"#lab"}, 0, 5000, 10, "~alice/"};
  auto got = db.targets(q);
  REQUIRE(got.size() == 3);
  CHECK(got[0].target_name == "#lab");
  CHECK(got[0].key.empty());
  CHECK(got[1].key == "~alice/bob");
  CHECK(got[1].latest_ms == 1200);
  CHECK(got[1].sender == "bob!b@h");  // the latest line's
  CHECK(got[2].key == "~alice/carol");
  q.limit = 1;
  CHECK(db.targets(q).at(0).key == "~alice/carol");
  CHECK(db.stats().channels == 1);  // conversations are not channels

  CHECK(db.forget_prefix("~alice/") == 3);
  CHECK(db.targets({{}, 0, 5000, 10, "~alice/"}).empty());
  CHECK(ids(db.query({K::kLatest, "~alicia/bob", {}, {}, 10})) == V{"p4"});
  CHECK(ids(db.query({K::kLatest, "~bob/alice", {}, {}, 10})) == V{"p2"});
}

TEST_CASE("store: records from the network's stream are stored once, with the position they reach") {
  HistoryDb db("");
  CHECK(db.stream_position("chatd_history") == 0);
  db.insert({message("#lab", 1000, "m0")}, 100);  // this node's own, stored when it happened
  db.insert_from_stream("chatd_history", {message("#lab", 1000, "m0"), message("#lab", 1010, "m1")}, 7, 100);
  CHECK(db.stream_position("chatd_history") == 7);
  // A stretch copied again (a restart between the batch and its position) changes nothing.
  db.insert_from_stream("chatd_history", {message("#lab", 1010, "m1"), message("#lab", 1020, "m2")}, 9, 100);
  CHECK(db.stream_position("chatd_history") == 9);
  CHECK(db.stream_position("other") == 0);
  const auto got = db.query({K::kLatest, "#lab", {}, {}, 10});
  REQUIRE(got.size() == 3);
  CHECK(got[0].msgid == "m0");
  CHECK(got[2].msgid == "m2");
  // The same msgid under another key (a QUIT in two channels) is another record.
  db.insert_from_stream("chatd_history", {message("#other", 1020, "m2")}, 10, 100);
  CHECK(db.query({K::kLatest, "#other", {}, {}, 10}).size() == 1);
  // channel_lines holds for copies too.
  db.insert_from_stream("chatd_history", {message("#lab", 1030, "m3")}, 11, 2);
  CHECK(db.query({K::kLatest, "#lab", {}, {}, 10}).size() == 2);
}
