#include "irc/private_history.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using chatd::irc::correspondent_name;
using chatd::irc::is_private_history_key;
using chatd::irc::private_history_copies;
using chatd::irc::private_history_key;
using chatd::irc::private_history_prefix;
using chatd::store::HistoryRecord;

namespace {

std::vector<std::string> keys(const std::vector<HistoryRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.target);
  return out;
}

}  // namespace

TEST_CASE("irc::private_history_key folds the account and the nick under '~' and '/'") {
  CHECK(private_history_prefix("Alice") == "~alice/");
  CHECK(private_history_key("Alice", "Bob[m]") == "~alice/bob{m}");
  CHECK(private_history_key("al^ice", "B~") == "~al^ice/b^");
  CHECK(is_private_history_key(private_history_key("a", "b")));
  CHECK_FALSE(is_private_history_key("#lab"));
  CHECK_FALSE(is_private_history_key("&lab"));
  CHECK_FALSE(is_private_history_key(""));
}

TEST_CASE("irc::private_history_copies keeps one copy for each party logged in, keyed by the other") {
  HistoryRecord line{"", "Bob", 1000, "id1", "PRIVMSG", "Alice!a@h", "", "hi"};
  const auto both = private_history_copies(line, {"alice", "Alice", "bobacct", "Bob"});
  CHECK(keys(both) == std::vector<std::string>{"~alice/bob", "~bobacct/alice"});
  for (const auto& copy : both) {
    CHECK(copy.msgid == "id1");
    CHECK(copy.target_name == "Bob");
    CHECK(copy.text == "hi");
  }
  CHECK(keys(private_history_copies(line, {"alice", "Alice", "", "Bob"})) == std::vector<std::string>{"~alice/bob"});
  CHECK(keys(private_history_copies(line, {"", "Alice", "bobacct", "Bob"})) ==
        std::vector<std::string>{"~bobacct/alice"});
  CHECK(private_history_copies(line, {"", "Alice", "", "Bob"}).empty());
  // To oneself: one copy. Two users of one account: each side's.
  CHECK(keys(private_history_copies(line, {"alice", "Alice", "alice", "Alice"})) ==
        std::vector<std::string>{"~alice/alice"});
  CHECK(keys(private_history_copies(line, {"alice", "Alice", "alice", "Al2"})) ==
        std::vector<std::string>{"~alice/al2", "~alice/alice"});
}

TEST_CASE("irc::correspondent_name names the other party as a line showed it") {
  CHECK(correspondent_name("~alice/bob", "Bob", "Alice!a@h") == "Bob");     // alice wrote
  CHECK(correspondent_name("~alice/bob", "Alice", "BOB!b@h") == "BOB");     // bob wrote
  CHECK(correspondent_name("~alice/bob", "Alice", "Robert!b@h") == "bob");  // renamed since
}
