// The codecs of the network's history stream and account bucket: what a node writes reads
// back the same, and whatever else arrives is refused with a reason.
#include <doctest/doctest.h>

#include <string>

#include "cluster/account_codec.hpp"
#include "cluster/history_codec.hpp"
#include "cluster/history_stream.hpp"

using namespace chatd::cluster;

namespace {

SharedRecord shared_record() {
  chatd::store::HistoryRecord r{"#lab",      "#Lab", 1764000000000,  "abc", "PRIVMSG",
                                "alice!a@h", "+x=y", "hello, world", "",    "Alice"};
  return {"a", "0123456789abcdef", r};
}

}  // namespace

TEST_CASE("cluster codec: a history record and an account survive the bus unchanged") {
  const SharedRecord s = shared_record();
  DecodedRecord back = decode_history(encode_history(s));
  REQUIRE(back.shared);
  CHECK(*back.shared == s);

  chatd::store::AccountRow row{
      "alice", "Alice", "$y$j9T$salt$hash", 1000, {std::string(64, 'b'), std::string(64, 'a')}};
  DecodedAccount account = decode_account(encode_account(row));
  REQUIRE(account.row);
  CHECK(account.row->name == "Alice");
  CHECK(account.row->password_hash == row.password_hash);
  CHECK(account.row->certfps == std::vector<std::string>{std::string(64, 'a'), std::string(64, 'b')});
}

TEST_CASE("cluster codec: malformed records and accounts are refused with a reason") {
  auto refused_record = [](const std::string& json) {
    DecodedRecord d = decode_history(json);
    return !d.shared && !d.error.empty();
  };
  CHECK(refused_record("not json"));
  CHECK(refused_record("[]"));
  CHECK(refused_record(
      R"({"v":2,"node":"a","boot":"b","target":"#x","name":"#x","time":1,"msgid":"m","command":"PRIVMSG","sender":"s"})"));
  CHECK(refused_record(
      R"({"v":1,"node":"a","boot":"b","target":"#x","name":"#x","time":1,"msgid":"m","command":"PRIVMSG","sender":"s","text":"a\r\nQUIT"})"));
  CHECK(refused_record(
      R"({"v":1,"node":"a","boot":"b","target":"#x","name":"#x","time":0,"msgid":"m","command":"PRIVMSG","sender":"s"})"));
  CHECK(refused_record(
      R"({"v":1,"node":"a","boot":"b","target":"","name":"#x","time":1,"msgid":"m","command":"PRIVMSG","sender":"s"})"));
  CHECK(refused_record(std::string(kMaxHistoryRecordBytes + 1, ' ')));

  auto refused_account = [](const std::string& json) {
    DecodedAccount d = decode_account(json);
    return !d.row && !d.error.empty();
  };
  CHECK(refused_account("{}"));
  CHECK(refused_account(R"({"v":1,"key":"a","name":"a","hash":""})"));
  CHECK(refused_account(R"({"v":1,"key":"a","name":"a","hash":"h","certfps":["XYZ"]})"));
  CHECK(refused_account(R"({"v":1,"key":"a","name":"a","hash":"h","certfps":"x"})"));
  CHECK(refused_account(R"({"v":1,"key":7,"name":"a","hash":"h"})"));
}

TEST_CASE("cluster: a channel's records and an account's conversations have subjects of their own") {
  CHECK(history_subject("chatd", "#lab") == "chatd.hist.c.236c6162");
  CHECK(history_subject("chatd", "~ana/bob") == "chatd.hist.p.616e61.626f62");
  // Not a conversation key after all: kept whole, as a channel's.
  CHECK(history_subject("chatd", "~ana/") == "chatd.hist.c.7e616e612f");
}
