#include "irc/batch.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace chatd::irc;

TEST_CASE("batch: start and end lines, references per client") {
  BatchIds ids;
  CHECK(ids.next() == "1");
  CHECK(ids.next() == "2");
  CHECK(batch_start("srv", "7", "labeled-response") == ":srv BATCH +7 labeled-response\r\n");
  CHECK(batch_start("srv", "ab", "chathistory", {"#chan"}) == ":srv BATCH +ab chathistory #chan\r\n");
  CHECK(batch_end("srv", "7") == ":srv BATCH -7\r\n");
}

TEST_CASE("batch: a tag goes first, into an existing tag section or a new one") {
  std::string out;
  append_with_tag(out, ":a PRIVMSG b :c\r\n", "batch=1");
  CHECK(out == "@batch=1 :a PRIVMSG b :c\r\n");
  out.clear();
  append_with_tag(out, "@time=x;+y=1 :a PRIVMSG b :c\r\n", "label=L");
  CHECK(out == "@label=L;time=x;+y=1 :a PRIVMSG b :c\r\n");
}

TEST_CASE("batch: has_tag looks at keys in the tag section only") {
  CHECK(has_tag("@batch=1 :a B c\r\n", "batch"));
  CHECK(has_tag("@time=x;batch :a B c\r\n", "batch"));
  CHECK_FALSE(has_tag("@batchx=1;xbatch :a B c\r\n", "batch"));
  CHECK_FALSE(has_tag(":a PRIVMSG b :@batch=1\r\n", "batch"));
  CHECK_FALSE(has_tag("@time=batch :a B c\r\n", "batch"));
  CHECK_FALSE(has_tag("", "batch"));
}
