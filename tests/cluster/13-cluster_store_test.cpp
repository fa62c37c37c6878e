// A network's history and accounts live in JetStream (doc/CLUSTER.md): CHATHISTORY answers
// the same on every node, a node that lost its disk copies the history back, and an account
// made, changed or deleted on one node logs in (or not) on every other.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "support/account_admin.hpp"
#include "support/admin_socket.hpp"
#include "support/chatd_network.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using namespace std::chrono_literals;

constexpr const char* kHistoryCaps = "batch draft/chathistory message-tags server-time";

// A client on `chatd` that understands CHATHISTORY's answers.
IrcClient history_reader(Chatd& chatd, const std::string& nick) {
  IrcClient client = chatd.connect();
  client.send(std::string("CAP REQ :") + kHistoryCaps);
  client.expect(" ACK :");
  client.send("CAP END");
  client.send("NICK " + nick);
  client.send("USER " + nick + " 0 * :" + nick);
  client.expect(" 001 " + nick);
  return client;
}

// The texts of the PRIVMSGs in the batch answering CHATHISTORY `request`, oldest first.
std::vector<std::string> history_texts(IrcClient& client, const std::string& request) {
  client.send("CHATHISTORY " + request);
  const std::string start = client.expect(" BATCH +", 8000);
  std::smatch m;
  REQUIRE(std::regex_search(start, m, std::regex(R"( BATCH \+(\S+) chathistory)")));
  const std::string end = " BATCH -" + std::string(m[1]);
  std::vector<std::string> texts;
  while (auto line = client.read_line(5000)) {
    if (line->find(end) != std::string::npos) break;
    const auto at = line->find(" PRIVMSG ");
    if (at == std::string::npos) continue;
    texts.push_back(line->substr(line->find(" :", at) + 2));
  }
  return texts;
}

// Asks until the answer is `want` (copies arrive within milliseconds; a fresh node's catch-up
// takes a moment).
std::vector<std::string> history_until(IrcClient& client, const std::string& request,
                                       const std::vector<std::string>& want) {
  std::vector<std::string> got;
  for (int attempt = 0; attempt < 40; ++attempt) {
    got = history_texts(client, request);
    if (got == want) break;
    std::this_thread::sleep_for(250ms);
  }
  return got;
}

RunResult account_command(ChatdNetwork& net, int node, std::vector<std::string> args, const std::string& password) {
  TempDir dir;
  const std::string file = dir.path() + "/pw";
  std::ofstream(file) << password << "\n";
  args.insert(args.begin(), {"--socket", net.admin_socket(node)});
  return run_program(chatctl_binary(), args, 15000, file);
}

// A SASL PLAIN attempt on node `node`: the numeric that answers it (903 or 904).
std::string try_login(ChatdNetwork& net, int node, const std::string& account, const std::string& password) {
  IrcClient client = net.node(node).connect();
  client.send("CAP REQ sasl");
  client.expect(" ACK :sasl");
  client.send("NICK probe" + std::to_string(node));
  client.send("USER probe 0 * :probe");
  client.send("AUTHENTICATE PLAIN");
  client.expect("AUTHENTICATE +");
  client.send("AUTHENTICATE " + sasl_plain(account, password));
  const std::string answer = client.expect_re(" (903|904) ", 8000);
  return answer.find(" 903 ") != std::string::npos ? "903" : "904";
}

std::string login_until(ChatdNetwork& net, int node, const std::string& account, const std::string& password,
                        const std::string& want) {
  std::string got;
  for (int attempt = 0; attempt < 20; ++attempt) {
    got = try_login(net, node, account, password);
    if (got == want) break;
    std::this_thread::sleep_for(250ms);
  }
  return got;
}

}  // namespace

TEST_CASE("cluster store: every node answers CHATHISTORY for the network; a node that lost its disk copies it back") {
  ChatdNetwork net(3, {.stores = true});
  auto alice = net.node(0).registered("alice");
  auto carol = net.node(2).registered("carol");
  alice.send("JOIN #log");
  alice.expect(" 366 alice #log");
  carol.send("JOIN #log");
  carol.expect(" 366 carol #log");
  alice.expect(" JOIN #log");
  std::vector<std::string> said;
  for (int i = 1; i <= 6; ++i) {
    auto& who = i % 2 ? alice : carol;
    said.push_back("line " + std::to_string(i));
    who.send("PRIVMSG #log :" + said.back());
    (i % 2 ? carol : alice).expect(" PRIVMSG #log :" + said.back());
  }
  for (int node = 0; node < 3; ++node) {
    CAPTURE(node);
    auto reader = history_reader(net.node(node), "reader" + std::to_string(node));
    CHECK(history_until(reader, "LATEST #log * 10", said) == said);
  }
  // The channel_lines limit holds network-wide as a per-subject limit; here: a node without
  // its disk starts, copies the stream and answers like the others.
  net.kill_node(1);
  net.wipe_store(1);
  net.restart_node(1);
  auto late = history_reader(net.node(1), "late");
  CHECK(history_until(late, "LATEST #log * 10", said) == said);
  CHECK(history_until(late, "LATEST #log * 2", {"line 5", "line 6"}) == std::vector<std::string>{"line 5", "line 6"});
}

TEST_CASE("cluster store: an account made, changed or deleted on one node logs in the same on every node") {
  ChatdNetwork net(3, {.stores = true});
  RunResult made = account_command(net, 0, {"account", "add", "ana"}, "first secret");
  INFO(made.output);
  REQUIRE(made.status == 0);
  CHECK(login_until(net, 2, "ana", "first secret", "903") == "903");
  CHECK(login_until(net, 1, "ana", "first secret", "903") == "903");

  // The same name made on two nodes at once: one wins.
  RunResult again = account_command(net, 1, {"account", "add", "ANA"}, "other secret");
  CHECK(again.status != 0);
  CHECK(again.output.find("exists") != std::string::npos);

  RunResult changed = account_command(net, 1, {"account", "passwd", "ana"}, "second secret");
  INFO(changed.output);
  REQUIRE(changed.status == 0);
  CHECK(login_until(net, 2, "ana", "second secret", "903") == "903");
  CHECK(try_login(net, 0, "ana", "first secret") == "904");

  // REGISTER on node c: an account the others know at once.
  {
    IrcClient client = net.node(2).connect();
    client.send("CAP REQ :draft/account-registration");
    client.expect(" ACK :");
    client.send("NICK bea");
    client.send("USER bea 0 * :Bea");
    client.send("CAP END");
    client.expect(" 001 bea");
    client.send("REGISTER bea * :bea's secret");
    client.expect("REGISTER SUCCESS bea", 8000);
  }
  CHECK(login_until(net, 0, "bea", "bea's secret", "903") == "903");

  // A restarted node without its disk knows every account again.
  net.kill_node(1);
  net.wipe_store(1);
  net.restart_node(1);
  CHECK(login_until(net, 1, "bea", "bea's secret", "903") == "903");

  RunResult deleted = account_command(net, 2, {"account", "del", "ana"}, "");
  INFO(deleted.output);
  REQUIRE(deleted.status == 0);
  CHECK(login_until(net, 0, "ana", "second secret", "904") == "904");
  CHECK(login_until(net, 1, "ana", "second secret", "904") == "904");
}
