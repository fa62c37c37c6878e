// chatd nodes on one NATS JetStream cluster are one network: channel messages reach every
// member on every node exactly once and in order, private messages cross nodes, and NAMES,
// WHO, WHOIS and LIST show users wherever they are connected.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "support/admin_socket.hpp"
#include "support/chatd_network.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;

// The numbers of "<from> <n>" messages `client` receives in `channel` until it has `count`,
// per sender, in the order they arrived.
std::map<std::string, std::vector<int>> collect(IrcClient& client, const std::string& channel, std::size_t count,
                                                int timeout_ms = 20000) {
  std::map<std::string, std::vector<int>> got;
  std::size_t total = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  const std::string marker = " PRIVMSG " + channel + " :";
  while (total < count && std::chrono::steady_clock::now() < deadline) {
    auto line = client.read_line(500);
    if (!line) continue;
    auto at = line->find(marker);
    if (at == std::string::npos) continue;
    std::string text = line->substr(at + marker.size());
    auto space = text.find(' ');
    if (space == std::string::npos) continue;
    got[text.substr(0, space)].push_back(std::stoi(text.substr(space + 1)));
    ++total;
  }
  return got;
}

std::vector<int> one_to(int n) {
  std::vector<int> out;
  for (int i = 1; i <= n; ++i) out.push_back(i);
  return out;
}

}  // namespace

TEST_CASE("cluster chat: three nodes are one network (messages, private messages, NAMES, WHO, WHOIS, LIST)") {
  ChatdNetwork net(3);
  auto alice = net.node(0).registered("alice");
  auto bob = net.node(1).registered("bob");
  auto carol = net.node(2).registered("carol");
  alice.send("JOIN #lab");
  alice.expect(" 366 alice #lab");
  bob.send("JOIN #lab");
  bob.expect(" 366 bob #lab");
  alice.expect(":bob!bob@127.0.0.1 JOIN #lab");
  carol.send("JOIN #lab");
  const std::string names = carol.expect(" 353 carol = #lab");
  // A JOIN still on its way to node c when carol joined arrives after her NAMES.
  if (names.find("@alice") == std::string::npos) carol.expect(":alice!alice@127.0.0.1 JOIN #lab");
  if (names.find("bob") == std::string::npos) carol.expect(":bob!bob@127.0.0.1 JOIN #lab");
  alice.expect(":carol!carol@127.0.0.1 JOIN #lab");
  bob.expect(":carol!carol@127.0.0.1 JOIN #lab");

  SUBCASE("each sender's channel messages reach every other node exactly once, in order") {
    constexpr int kEach = 150;
    for (int i = 1; i <= kEach; ++i) {
      alice.send("PRIVMSG #lab :alice " + std::to_string(i));
      bob.send("PRIVMSG #lab :bob " + std::to_string(i));
      carol.send("PRIVMSG #lab :carol " + std::to_string(i));
    }
    auto at_alice = collect(alice, "#lab", 2 * kEach);
    auto at_bob = collect(bob, "#lab", 2 * kEach);
    auto at_carol = collect(carol, "#lab", 2 * kEach);
    CHECK(at_alice["bob"] == one_to(kEach));
    CHECK(at_alice["carol"] == one_to(kEach));
    CHECK(at_bob["alice"] == one_to(kEach));
    CHECK(at_bob["carol"] == one_to(kEach));
    CHECK(at_carol["alice"] == one_to(kEach));
    CHECK(at_carol["bob"] == one_to(kEach));
    CHECK(at_alice.count("alice") == 0);  // no echo of one's own messages from another node
    alice.expect_silence(500);
  }

  SUBCASE("private messages and notices cross nodes; away is known network-wide") {
    alice.send("PRIVMSG carol :psst");
    carol.expect(":alice!alice@127.0.0.1 PRIVMSG carol :psst");
    carol.send("AWAY :lunch");
    carol.expect(" 306 carol");
    bool away = false;
    for (int attempt = 0; attempt < 50 && !away; ++attempt) {
      alice.send("WHOIS carol");
      const std::string reply = alice.expect_re(" (301|318) alice carol");
      away = reply.find(" 301 alice carol :lunch") != std::string::npos;
      if (away) alice.expect(" 318 alice carol");
    }
    CHECK(away);
    carol.send("NOTICE alice :heard");
    alice.expect(":carol!carol@127.0.0.1 NOTICE alice :heard");
    bob.expect_silence(300);
  }

  SUBCASE("WHOIS, WHO and LIST show the network, with each user's own server") {
    alice.send("WHOIS carol");
    alice.expect(" 312 alice carol c.chatd.test ");
    alice.expect(" 318 alice carol");
    bob.send("WHO #lab");
    bob.expect_re(" 352 bob #lab alice 127\\.0\\.0\\.1 a\\.chatd\\.test alice H@ ");
    bob.expect(" 315 bob #lab");
    carol.send("LIST #lab");
    carol.expect(" 322 carol #lab 3 ");
  }

  SUBCASE("chatctl: status shows the node and its peers, users the whole network, announce reaches every node") {
    auto status = chatctl(net.admin_socket(0), {"status"});
    CHECK(status.status == 0);
    CHECK(status.output.find("cluster node") != std::string::npos);
    CHECK(status.output.find("answering") != std::string::npos);
    CHECK(status.output.find("\nb ") != std::string::npos);
    CHECK(status.output.find("\nc ") != std::string::npos);
    auto users = chatctl(net.admin_socket(1), {"users"});
    CHECK(users.output.find("c.chatd.test") != std::string::npos);
    CHECK(users.output.find("a.chatd.test") != std::string::npos);
    auto announce = chatctl(net.admin_socket(0), {"announce", "maintenance at noon"});
    CHECK(announce.status == 0);
    carol.expect(":a.chatd.test NOTICE carol :[announcement] maintenance at noon");
    bob.expect(":a.chatd.test NOTICE bob :[announcement] maintenance at noon");
  }

  SUBCASE("PART, NICK and QUIT on one node are seen on the others, MONITOR watchers included") {
    auto watcher = net.node(2).registered("watcher");
    watcher.send("MONITOR + bob,robert,dave");
    watcher.expect(" 730 watcher :bob!bob@127.0.0.1");
    watcher.expect(" 731 watcher :robert,dave");
    bob.send("NICK robert");
    alice.expect(":bob!bob@127.0.0.1 NICK :robert");
    watcher.expect(" 731 * :bob");
    watcher.expect(" 730 * :robert!bob@127.0.0.1");
    carol.expect(":bob!bob@127.0.0.1 NICK :robert");
    carol.send("PART #lab :bye");
    alice.expect(":carol!carol@127.0.0.1 PART #lab :bye");
    bob.send("QUIT :gone");
    alice.expect(":robert!bob@127.0.0.1 QUIT :Quit: gone");
    watcher.expect(" 731 * :robert");
    auto dave = net.node(0).registered("dave");
    watcher.expect(" 730 * :dave!dave@127.0.0.1");
    auto late = net.node(2).registered("bob");  // the old nick is free again everywhere
    late.send("NAMES #lab");
    const std::string after = late.expect(" 353 bob = #lab");
    CHECK(after.find("robert") == std::string::npos);
  }
}

TEST_CASE("cluster chat: modes, topic, bans, keys and invitations set on one node are enforced on the others") {
  ChatdNetwork net(2);
  auto op = net.node(0).registered("op");
  auto guest = net.node(1).registered("guest");
  op.send("JOIN #rules");
  op.expect(" 366 op #rules");
  op.send("TOPIC #rules :be nice");
  op.expect(" TOPIC #rules :be nice");
  guest.send("JOIN #rules");
  // The topic reaches node b as a TOPIC if it was still on its way when guest joined.
  guest.expect_re("( 332 guest #rules| TOPIC #rules) :be nice");
  op.expect(":guest!guest@127.0.0.1 JOIN #rules");

  op.send("MODE #rules +m");
  guest.expect(":op!op@127.0.0.1 MODE #rules +m");
  guest.send("PRIVMSG #rules :can I talk?");
  guest.expect(" 404 guest #rules");
  op.send("MODE #rules +v guest");
  guest.expect(":op!op@127.0.0.1 MODE #rules +v guest");
  guest.send("PRIVMSG #rules :now I can");
  op.expect(":guest!guest@127.0.0.1 PRIVMSG #rules :now I can");

  op.send("MODE #rules +bk intruder!*@* sesame");
  guest.expect(":op!op@127.0.0.1 MODE #rules +bk intruder!*@* sesame");
  auto intruder = net.node(1).registered("intruder");
  intruder.send("JOIN #rules sesame");
  intruder.expect(" 474 intruder #rules");
  auto friend_ = net.node(1).registered("friend");
  friend_.send("JOIN #rules");
  friend_.expect(" 475 friend #rules");
  friend_.send("JOIN #rules sesame");
  friend_.expect(" 366 friend #rules");
  op.expect(":friend!friend@127.0.0.1 JOIN #rules");

  // The remote op may kick on the other node.
  op.send("KICK #rules friend :out");
  friend_.expect(":op!op@127.0.0.1 KICK #rules friend :out");
  guest.expect(":op!op@127.0.0.1 KICK #rules friend :out");

  // +i: an INVITE on node a lets a user of node b in; nobody else.
  op.send("MODE #rules +i-k sesame");
  guest.expect(":op!op@127.0.0.1 MODE #rules +i-k ");
  friend_.send("JOIN #rules");
  friend_.expect(" 473 friend #rules");
  op.send("INVITE friend #rules");
  op.expect(" 341 op friend #rules");
  friend_.expect(":op!op@127.0.0.1 INVITE friend #rules");
  friend_.send("JOIN #rules");
  friend_.expect(" 366 friend #rules");
  op.expect(":friend!friend@127.0.0.1 JOIN #rules");
  auto uninvited = net.node(1).registered("uninvited");
  uninvited.send("JOIN #rules");
  uninvited.expect(" 473 uninvited #rules");
}

TEST_CASE("cluster chat: the same nick registered on two nodes at the same instant: exactly one wins") {
  ChatdNetwork net(2);
  for (int round = 0; round < 12; ++round) {
    const std::string nick = "racer" + std::to_string(round);
    IrcClient on_a = net.node(0).connect();
    IrcClient on_b = net.node(1).connect();
    on_a.send_raw("NICK " + nick + "\r\nUSER x 0 * :x\r\n");
    on_b.send_raw("NICK " + nick + "\r\nUSER x 0 * :x\r\n");
    const std::string a = on_a.expect_re(" (001|433) ");
    const std::string b = on_b.expect_re(" (001|433) ");
    const bool a_won = a.find(" 001 ") != std::string::npos;
    const bool b_won = b.find(" 001 ") != std::string::npos;
    CHECK_MESSAGE(a_won != b_won, "round " << round << ": " << a << " / " << b);
  }
}
