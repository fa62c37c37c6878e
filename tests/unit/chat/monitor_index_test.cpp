#include "chat/monitor_index.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using chatd::chat::MonitorIndex;
using chatd::chat::User;
using Added = MonitorIndex::Added;

namespace {
bool watches(const MonitorIndex& index, const std::string& folded, const User* who) {
  const auto& list = index.watchers(folded);
  return std::find(list.begin(), list.end(), who) != list.end();
}
}  // namespace

TEST_CASE("monitor_index: add is case-insensitive (rfc1459), keeps the spelling, refuses duplicates") {
  MonitorIndex index;
  User alice;
  CHECK(index.add(&alice, "Bob[1]", 10) == Added::kNew);
  CHECK(index.add(&alice, "bob{1}", 10) == Added::kAlready);
  REQUIRE(index.targets(&alice).size() == 1);
  CHECK(index.targets(&alice)[0].nick == "Bob[1]");
  CHECK(index.targets(&alice)[0].folded == "bob{1}");
  CHECK(watches(index, "bob{1}", &alice));
  CHECK(index.entries() == 1);
}

TEST_CASE("monitor_index: the limit is per watcher; a full list refuses new nicks but not old ones") {
  MonitorIndex index;
  User alice, carol;
  CHECK(index.add(&alice, "a", 2) == Added::kNew);
  CHECK(index.add(&alice, "b", 2) == Added::kNew);
  CHECK(index.add(&alice, "c", 2) == Added::kFull);
  CHECK(index.add(&alice, "A", 2) == Added::kAlready);
  CHECK(index.add(&carol, "c", 2) == Added::kNew);
  CHECK(index.entries() == 3);
  CHECK(index.watchers("c").size() == 1);
  // A zero limit leaves no empty list behind.
  User dave;
  CHECK(index.add(&dave, "a", 0) == Added::kFull);
  CHECK(index.targets(&dave).empty());
}

TEST_CASE("monitor_index: remove and clear keep both directions in step, and drop empty keys") {
  MonitorIndex index;
  User alice, carol;
  index.add(&alice, "bob", 10);
  index.add(&alice, "dave", 10);
  index.add(&carol, "bob", 10);
  CHECK(index.watched_nicks() == 2);
  CHECK(index.watchers("bob").size() == 2);

  index.remove(&alice, "BOB");
  CHECK_FALSE(watches(index, "bob", &alice));
  CHECK(watches(index, "bob", &carol));
  CHECK(index.targets(&alice).size() == 1);
  index.remove(&alice, "nobody");  // not there: nothing happens
  index.remove(&alice, "bob");     // already gone
  CHECK(index.entries() == 2);

  index.clear(&alice);
  CHECK(index.targets(&alice).empty());
  CHECK(index.watchers("dave").empty());
  CHECK(index.watched_nicks() == 1);
  index.clear(&carol);
  CHECK(index.entries() == 0);
  CHECK(index.watched_nicks() == 0);
  index.clear(&carol);  // idempotent
}

TEST_CASE("monitor_index: many watchers of one nick, removed in any order") {
  MonitorIndex index;
  std::vector<User> users(50);
  for (auto& u : users) index.add(&u, "star", 1);
  CHECK(index.watchers("star").size() == 50);
  for (std::size_t i = 0; i < users.size(); i += 2) index.clear(&users[i]);
  CHECK(index.watchers("star").size() == 25);
  for (std::size_t i = 1; i < users.size(); i += 2) CHECK(watches(index, "star", &users[i]));
  for (std::size_t i = 1; i < users.size(); i += 2) index.remove(&users[i], "STAR");
  CHECK(index.watched_nicks() == 0);
  CHECK(index.entries() == 0);
}
