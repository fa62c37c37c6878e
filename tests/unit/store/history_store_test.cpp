#include "store/history_store.hpp"

#include <doctest/doctest.h>

#include <future>

using namespace chatd::store;

TEST_CASE("store: the thread writes queued records before answering a later query") {
  HistoryStore store("", {});
  for (int i = 0; i < 100; ++i) {
    REQUIRE(store.record({"#lab", "#lab", 1000 + i, "id" + std::to_string(i), "PRIVMSG", "a!b@c", "", "x"}));
  }
  std::promise<std::vector<HistoryRecord>> answer;
  REQUIRE(
      store.query({HistoryQuery::Kind::kLatest, "#lab", {}, {}, 5}, [&](std::vector<HistoryRecord> records, bool ok) {
        CHECK(ok);
        answer.set_value(std::move(records));
      }));
  auto records = answer.get_future().get();
  REQUIRE(records.size() == 5);
  CHECK(records.front().msgid == "id95");
  CHECK(records.back().msgid == "id99");
  CHECK(store.counters().stored == 100);
  CHECK(store.counters().dropped == 0);
}

TEST_CASE("store: limits apply to the next batch") {
  HistoryStore store("", {2, 0});
  store.set_limits({3, 0});
  for (int i = 0; i < 10; ++i) store.record({"#lab", "#lab", i, "m" + std::to_string(i), "NOTICE", "a!b@c", "", "x"});
  std::promise<std::size_t> count;
  store.query({HistoryQuery::Kind::kLatest, "#lab", {}, {}, 100},
              [&](std::vector<HistoryRecord> records, bool) { count.set_value(records.size()); });
  CHECK(count.get_future().get() == 3);
}

#include "store/store_path.hpp"

TEST_CASE("store: a relative path lives in systemd's state directory") {
  CHECK(resolve_store_path("", "/var/lib/chatd") == "");
  CHECK(resolve_store_path("/srv/h.db", "/var/lib/chatd") == "/srv/h.db");
  CHECK(resolve_store_path("chatd.db", "/var/lib/chatd") == "/var/lib/chatd/chatd.db");
  CHECK(resolve_store_path("chatd.db", "/var/lib/chatd:/var/lib/other") == "/var/lib/chatd/chatd.db");
  CHECK(resolve_store_path("chatd.db", nullptr) == "chatd.db");
}
