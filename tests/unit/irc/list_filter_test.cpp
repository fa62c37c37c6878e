#include "irc/list_filter.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using chatd::irc::ListedChannel;
using chatd::irc::ListFilter;

namespace {

constexpr std::time_t kNow = 1'000'000;

// #lab: 5 users, created 30 minutes ago, topic set 10 minutes ago.
ListedChannel lab() { return {"#lab", 5, "Networks", kNow - 30 * 60, kNow - 10 * 60}; }

std::optional<ListFilter> parse(std::vector<std::string_view> items) {
  std::string_view bad;
  return ListFilter::parse(items, bad);
}

bool accepts(std::vector<std::string_view> items, const ListedChannel& channel = lab()) {
  auto filter = parse(items);
  REQUIRE(filter);
  return filter->accepts(channel, kNow);
}

}  // namespace

TEST_CASE("list_filter: U: >n and <n bound the user count, both ends open") {
  CHECK(accepts({">4"}));
  CHECK_FALSE(accepts({">5"}));
  CHECK(accepts({"<6"}));
  CHECK_FALSE(accepts({"<5"}));
  CHECK(accepts({">4", "<6"}));
  CHECK_FALSE(accepts({">0", "<3"}));
}

TEST_CASE("list_filter: C and T compare ages in minutes; T only matches channels with a topic") {
  CHECK(accepts({"C>29"}));
  CHECK_FALSE(accepts({"C>30"}));
  CHECK(accepts({"C<31"}));
  CHECK_FALSE(accepts({"C<30"}));
  CHECK(accepts({"T<11"}));
  CHECK(accepts({"t>9"}));  // lower case too
  CHECK_FALSE(accepts({"T>10"}));
  ListedChannel untopical = lab();
  untopical.topic.clear();
  untopical.topic_time = 0;
  CHECK_FALSE(accepts({"T>0"}, untopical));
  CHECK_FALSE(accepts({"T<1000000"}, untopical));
  CHECK(accepts({"C>0"}, untopical));
}

TEST_CASE("list_filter: M and N: one of the masks must match, none of the !masks") {
  CHECK(accepts({"#l*"}));
  CHECK(accepts({"#LAB"}));
  CHECK_FALSE(accepts({"#x*"}));
  CHECK(accepts({"#x*", "#l?b"}));
  CHECK_FALSE(accepts({"!#l*"}));
  CHECK(accepts({"!#x*"}));
  CHECK_FALSE(accepts({"#*", "!*b"}));
  CHECK(accepts({"#*", ">1", "C<60", "!#nope"}));
}

TEST_CASE("list_filter: exact names are offered for direct lookup only when nothing else is asked") {
  CHECK(parse({"#a", "#b"})->exact_names() == std::vector<std::string_view>{"#a", "#b"});
  CHECK(parse({"#a", "#b*"})->exact_names().empty());
  CHECK(parse({"#a", ">3"})->exact_names().empty());
  CHECK(parse({"lab"})->exact_names().empty());  // not a channel name: a mask that matches nothing
  CHECK(parse({})->exact_names().empty());
}

TEST_CASE("list_filter: malformed items are refused and named") {
  for (std::string_view item : {">", "<x", ">-1", ">99999999999", "C>", "T<1a", "!", ">5 "}) {
    CAPTURE(item);
    std::string_view bad;
    std::vector<std::string_view> items{"#ok", item};
    CHECK_FALSE(ListFilter::parse(items, bad));
    CHECK(bad == item);
  }
  std::string_view bad;
  std::string long_mask(300, 'a');
  std::vector<std::string_view> items{long_mask};
  CHECK_FALSE(ListFilter::parse(items, bad));
  // "C" or "T" not followed by < or > is a mask, like any other text.
  CHECK(parse({"Cx"}));
  CHECK(parse({"T"}));
}
