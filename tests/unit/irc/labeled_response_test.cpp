#include "irc/labeled_response.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace chatd::irc;

TEST_CASE("labeled_response: labels are 1..64 bytes as sent, without control characters") {
  CHECK(canonical_label("abc") == "abc");
  CHECK(canonical_label(std::string(64, 'x')) == std::string(64, 'x'));
  CHECK_FALSE(canonical_label(std::string(65, 'x')));
  CHECK_FALSE(canonical_label(""));
  CHECK_FALSE(canonical_label("\\"));     // unescapes to nothing
  CHECK_FALSE(canonical_label("a\\nb"));  // LF once unescaped
  CHECK_FALSE(canonical_label("a\x01"));
  CHECK(canonical_label("a\\sb") == "a\\sb");  // a space is fine, and echoed escaped
  CHECK(canonical_label("a\\qb") == "aqb");    // echoed canonically
}

TEST_CASE("labeled_response: no reply becomes a labeled ACK") {
  BatchIds ids;
  LabeledResponse r;
  CHECK_FALSE(r.active());
  r.begin("L1", "srv", ids);
  CHECK(r.active());
  std::string out;
  r.finish(out);
  CHECK(out == "@label=L1 :srv ACK\r\n");
  CHECK_FALSE(r.active());
}

TEST_CASE("labeled_response: one reply line carries the label, after any tags it had") {
  BatchIds ids;
  LabeledResponse r;
  r.begin("L2", "srv", ids);
  std::string out;
  r.take("@time=t :a PRIVMSG b :hi\r\n", out);
  CHECK(out.empty());  // held until it is known to be alone
  r.finish(out);
  CHECK(out == "@label=L2;time=t :a PRIVMSG b :hi\r\n");
}

TEST_CASE("labeled_response: several lines, even in one buffer, go in a labeled-response batch") {
  BatchIds ids;
  LabeledResponse r;
  r.begin("L3", "srv", ids);
  std::string out;
  r.take(":srv 311 me bob b h * :Bob\r\n:srv 312 me bob srv :net\r\n", out);
  CHECK(out ==
        "@label=L3 :srv BATCH +1 labeled-response\r\n"
        "@batch=1 :srv 311 me bob b h * :Bob\r\n"
        "@batch=1 :srv 312 me bob srv :net\r\n");
  out.clear();
  r.take(":srv 318 me bob :End\r\n", out);
  r.finish(out);
  CHECK(out == "@batch=1 :srv 318 me bob :End\r\n:srv BATCH -1\r\n");
  // The next labeled response gets a new reference.
  r.begin("L4", "srv", ids);
  out.clear();
  r.take("x\r\ny\r\n", out);
  CHECK(out.rfind("@label=L4 :srv BATCH +2 labeled-response\r\n", 0) == 0);
}

TEST_CASE("labeled_response: a batch inside the response nests: its lines keep their tag") {
  BatchIds ids;
  LabeledResponse r;
  r.begin("L5", "srv", ids);
  std::string out;
  r.take(batch_start("srv", ids.next(), "chathistory", {"#c"}), out);
  r.take("@batch=1;time=t :a PRIVMSG #c :old\r\n", out);
  r.take(batch_end("srv", "1"), out);
  r.finish(out);
  CHECK(out ==
        "@label=L5 :srv BATCH +2 labeled-response\r\n"
        "@batch=2 :srv BATCH +1 chathistory #c\r\n"
        "@batch=1;time=t :a PRIVMSG #c :old\r\n"
        "@batch=2 :srv BATCH -1\r\n"
        ":srv BATCH -2\r\n");
}

TEST_CASE("labeled_response: paused, lines pass untouched and do not count as the reply") {
  BatchIds ids;
  LabeledResponse r;
  r.begin("L6", "srv", ids);
  bool was = r.pause();
  CHECK_FALSE(was);
  CHECK_FALSE(r.active());
  r.resume(was);
  CHECK(r.active());
  std::string out;
  r.finish(out);
  CHECK(out == "@label=L6 :srv ACK\r\n");
}
