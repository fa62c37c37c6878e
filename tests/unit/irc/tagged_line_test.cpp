#include "irc/tagged_line.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <regex>

using chatd::chat::LineVariants;
using chatd::irc::client_only_tags;
using chatd::irc::make_variants;

TEST_CASE("tagged_line: only client tags are kept, and re-escaped canonically") {
  CHECK(client_only_tags("") == "");
  CHECK(client_only_tags("time=x;msgid=1") == "");
  CHECK(client_only_tags("+a=1;b=2;+c") == "+a=1;+c");
  CHECK(client_only_tags("+r=\\:)\\s\\\\") == "+r=\\:)\\s\\\\");
  CHECK(client_only_tags("+x=\\q") == "+x=q");  // unknown escapes lose the backslash
  CHECK(client_only_tags("+=v;+") == "");       // a bare '+' is no key
}

TEST_CASE("tagged_line: server-time uses YYYY-MM-DDThh:mm:ss.sssZ") {
  CHECK(std::regex_match(chatd::irc::server_time_now(),
                         std::regex(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z)")));
}

TEST_CASE("tagged_line: variants by capability, shared when equal, none for plain clients on TAGMSG") {
  auto v = make_variants(":a PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[0] == ":a PRIVMSG #c :hi\r\n");
  CHECK(v->by_kind[LineVariants::kVariantTags] == v->by_kind[0]);
  CHECK(v->by_kind[LineVariants::kVariantTime]->rfind("@time=", 0) == 0);
  CHECK(v->by_kind[3] == v->by_kind[LineVariants::kVariantTime]);

  auto t = make_variants(":a TAGMSG #c\r\n", {.client_tags = "+typing=active", .tags_only_clients = true});
  CHECK_FALSE(t->by_kind[0]);
  CHECK_FALSE(t->by_kind[LineVariants::kVariantTime]);
  CHECK(*t->by_kind[LineVariants::kVariantTags] == "@+typing=active :a TAGMSG #c\r\n");
  CHECK(t->by_kind[3]->find(";+typing=active :a TAGMSG") != std::string::npos);
}

TEST_CASE("tagged_line: msgid and bot go to message-tags recipients only, server tags before client tags") {
  using namespace std::chrono;
  const auto when = system_clock::time_point(milliseconds(1700000000123));
  auto v = make_variants(":b PRIVMSG #c :hi\r\n", {.client_tags = "+x=1", .msgid = "ID1", .bot = true}, when);
  CHECK(*v->by_kind[0] == ":b PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[LineVariants::kVariantTime] == "@time=2023-11-14T22:13:20.123Z :b PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[LineVariants::kVariantTags] == "@msgid=ID1;bot;+x=1 :b PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[3] == "@time=2023-11-14T22:13:20.123Z;msgid=ID1;bot;+x=1 :b PRIVMSG #c :hi\r\n");
}

TEST_CASE("tagged_line: account-tag variants carry @account only when the sender is logged in") {
  using namespace std::chrono;
  using V = LineVariants;
  const auto when = system_clock::time_point(milliseconds(1700000000123));
  // Logged in to none: the account kinds are the very same lines, nothing more is formatted.
  auto none = make_variants(":b PRIVMSG #c :hi\r\n", {.msgid = "ID1"}, when);
  for (std::size_t kind = 0; kind < V::kVariantAccount; ++kind)
    CHECK(none->by_kind[kind | V::kVariantAccount] == none->by_kind[kind]);

  auto v = make_variants(":b PRIVMSG #c :hi\r\n", {.account = "Bea", .client_tags = "+x=1", .msgid = "ID1"}, when);
  CHECK(*v->by_kind[0] == ":b PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[V::kVariantTags] == "@msgid=ID1;+x=1 :b PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[V::kVariantAccount] == "@account=Bea :b PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[V::kVariantAccount | V::kVariantTime] ==
        "@time=2023-11-14T22:13:20.123Z;account=Bea :b PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[V::kVariantAccount | V::kVariantTags] == "@account=Bea;msgid=ID1;+x=1 :b PRIVMSG #c :hi\r\n");
  CHECK(*v->by_kind[7] == "@time=2023-11-14T22:13:20.123Z;account=Bea;msgid=ID1;+x=1 :b PRIVMSG #c :hi\r\n");

  // TAGMSG: still nothing for clients without message-tags, account-tag or not.
  auto t = make_variants(":b TAGMSG #c\r\n", {.account = "Bea", .client_tags = "+t", .tags_only_clients = true});
  CHECK_FALSE(t->by_kind[V::kVariantAccount]);
  CHECK_FALSE(t->by_kind[V::kVariantAccount | V::kVariantTime]);
  CHECK(*t->by_kind[V::kVariantAccount | V::kVariantTags] == "@account=Bea;+t :b TAGMSG #c\r\n");
}

TEST_CASE("tagged_line: a client's capabilities pick its variant") {
  using namespace chatd::irc;
  CHECK(variant_kind(0) == 0);
  CHECK(variant_kind(kCapServerTime) == LineVariants::kVariantTime);
  CHECK(variant_kind(kCapMessageTags | kCapAccountTag) == (LineVariants::kVariantTags | LineVariants::kVariantAccount));
  CHECK(variant_kind(kCapServerTime | kCapMessageTags | kCapAccountTag | kCapEchoMessage) == 7);
}
