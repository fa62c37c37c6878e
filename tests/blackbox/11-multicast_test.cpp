// Multicast bridges, always inside namespaces these tests create: one host on loopback (the
// lab's set-up), three hosts on a switch, bad datagrams, and the lab's own Python programs.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>

#include "irc/utf8.hpp"
#include "support/bridge_test_util.hpp"
#include "support/text.hpp"
#include "support/udp_peer.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;

constexpr const char* kGroup = "224.1.1.1";
constexpr std::uint16_t kPort = 5004;

int count_payload(const std::vector<Datagram>& datagrams, std::string_view payload) {
  int n = 0;
  for (const auto& d : datagrams) n += d.payload == payload ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("mcast: one host: a lab-style receiver hears the channel, a plain sender reaches IRC") {
  SKIP_WITHOUT_NETNS();
  LoopbackHost host(bridge_table(multicast_keys(), "127.0.0.1", "ttl = 2\n"), "open on 127.0.0.1");
  const auto port = host.port;
  auto receiver = UdpPeer::receiver(kPort, kGroup);
  auto alice = join_lan(port, "alice");
  auto bob = join_lan(port, "bob");
  alice.drain();

  alice.send("PRIVMSG #lan :hello lab");
  auto d = receiver.receive();
  REQUIRE(d);
  CHECK(d->payload == "<alice> hello lab");
  CHECK(d->ttl == 2);
  alice.send(
      "PRIVMSG #lan :\x01"
      "ACTION waves\x01");
  d = receiver.receive();
  REQUIRE(d);
  CHECK(d->payload == "* alice waves");
  alice.send("NOTICE #lan :caf\xc3\xa9");
  d = receiver.receive();
  REQUIRE(d);
  CHECK(d->payload == "<alice> caf\xc3\xa9");

  // chatd's own datagrams are never injected back (loop is on, so it hears them).
  const auto bob_lines = bob.read_until_quiet();
  CHECK(count_containing(bob_lines, "hello lab") == 1);
  CHECK(count_containing(bob_lines, "udp-") == 0);
  CHECK(alice.read_until_quiet().empty());

  auto sender = UdpPeer::sender(2);
  sender.send_to(kGroup, kPort, "hi from udp\n");
  // The kernel picks the sender's source address on lo: 0.0.0.0 with a route without src.
  const std::string pattern = R"(^:udp-[0-9]+-[0-9]+-[0-9]+-[0-9]+!udp@[0-9.]+ PRIVMSG #lan :hi from udp$)";
  alice.expect_re(pattern);
  bob.expect_re(pattern);
  // And the sender's datagram is not sent to the group again: the receiver hears it once.
  const auto heard = receiver.receive_all();
  CHECK(count_payload(heard, "hi from udp\n") == 1);
  CHECK(heard.size() == 1);

  // The pseudo-user is not a member.
  bob.send("NAMES #lan");
  const std::string names = bob.expect(" 353 ");
  CHECK_FALSE(contains(names, "udp-"));
  CHECK(contains(names, "alice"));
}

TEST_CASE("mcast: bad datagrams never crash chatd nor reach clients unsanitised") {
  SKIP_WITHOUT_NETNS();
  LoopbackHost host(bridge_table(multicast_keys(), "127.0.0.1"));
  ChatdProcess& chatd = host.chatd;
  auto alice = join_lan(host.port, "alice");
  auto sender = UdpPeer::sender();

  sender.send_to(kGroup, kPort, "");
  sender.send_to(kGroup, kPort, std::string(65507, 'x'));
  sender.send_to(kGroup, kPort, std::string("bin\0ary\r\x01\x7f\xff\xfe", 12));
  sender.send_to(kGroup, kPort, "bad \xc3\x28 utf8 \xed\xa0\x80");
  sender.send_to(kGroup, kPort, "\n\r\n\n");
  sender.send_to(kGroup, kPort, "still alive");
  const auto lines = alice.read_until_quiet(600);
  REQUIRE(lines.size() == 4);
  for (const auto& line : lines) {
    CAPTURE(line);
    CHECK(line.size() <= 510);
    CHECK(chatd::irc::is_valid_utf8(line));
    CHECK(line.find('\0') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(contains(line, " PRIVMSG #lan :"));
  }
  CHECK(contains(lines[0], ":xxxx"));
  CHECK(contains(lines[1], ":binary\x01\x7f\xef\xbf\xbd\xef\xbf\xbd"));
  CHECK(contains(lines[2], ":bad \xef\xbf\xbd( utf8 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"));
  CHECK(contains(lines[3], ":still alive"));

  // A flood from one sender: the burst passes, the rest is dropped and logged once.
  std::string flood;
  for (int i = 0; i < 100; ++i) flood += "line " + std::to_string(i) + "\n";
  sender.send_to(kGroup, kPort, flood);
  const auto flooded = alice.read_until_quiet(600);
  CHECK(flooded.size() >= 19);
  CHECK(flooded.size() <= 22);
  CHECK(wait_for_log(chatd, "dropping its lines"));
  const std::string log = chatd.log();
  CHECK(log.find("dropping its lines") == log.rfind("dropping its lines"));
  CHECK(chatd.running());
}

TEST_CASE("mcast: three hosts on a switch: TTL, a remote sender, no echo loops") {
  SKIP_WITHOUT_NETNS();
  ThreeHosts hosts(bridge_table(multicast_keys(), "eth0", "ttl = 3\n"), kPort, kGroup);
  auto [alice, in_b, in_c, from_c] = std::tie(hosts.alice, hosts.in_b, hosts.in_c, hosts.from_c);
  hosts.alice_says("hello lan", 3);

  from_c->send_to(kGroup, kPort, "hello from c");
  alice->expect(":udp-10-99-0-3!udp@10.99.0.3 PRIVMSG #lan :hello from c");
  // B hears C directly, once; the bridge does not send it to the group again.
  const auto heard_b = in_b->receive_all();
  CHECK(heard_b.size() == 1);
  CHECK(count_payload(heard_b, "hello from c") == 1);
  CHECK(in_c->receive_all().size() == 1);  // its own, looped back by C's kernel
  // chatd's own datagram, looped back on A, does not come back as a pseudo-user.
  CHECK(count_containing(alice->read_until_quiet(), "udp-10-99-0-1") == 0);
}

TEST_CASE("mcast: loop = false: receivers on chatd's own host hear nothing, the LAN does") {
  SKIP_WITHOUT_NETNS();
  Lan lan(2);
  const auto port = free_port();
  NetnsScope a(lan.host(0));
  ChatdProcess chatd(basic_config(port, bridge_table(multicast_keys(), Lan::address(0), "loop = false\n")), port);
  REQUIRE(wait_for_log(chatd, "open on"));
  auto alice = join_lan(port, "alice");
  auto local = UdpPeer::receiver(kPort, kGroup);
  std::optional<UdpPeer> in_b;
  {
    NetnsScope b(lan.host(1));
    in_b.emplace(UdpPeer::receiver(kPort, kGroup));
  }
  alice.send("PRIVMSG #lan :not for this host");
  auto d = in_b->receive();
  REQUIRE(d);
  CHECK(d->payload == "<alice> not for this host");
  CHECK_FALSE(local.receive(300));
  // Local senders still reach chatd: loop only concerns chatd's own datagrams.
  auto sender = UdpPeer::sender();
  sender.send_to(kGroup, kPort, "local sender");
  alice.expect("PRIVMSG #lan :local sender");
}

TEST_CASE("mcast: the lab's own Python sender and receivers work against chatd") {
  SKIP_WITHOUT_NETNS();
  if (run_program("python3", {"--version"}).status != 0) {
    MESSAGE("skipped: python3 is not installed");
    return;
  }
  const std::filesystem::path lab = std::filesystem::path(__FILE__).parent_path() / "lab";
  LoopbackHost host(bridge_table(multicast_keys(), "127.0.0.1", "ttl = 2\n"));
  ChatdProcess& chatd = host.chatd;
  const auto port = host.port;
  const std::string receiver = (lab / "mcast_receiver.py").string();
  ChildProcess receiver1("python3", {"-u", receiver}, chatd.dir() + "/receiver1.log");
  ChildProcess receiver2("python3", {"-u", receiver}, chatd.dir() + "/receiver2.log");
  auto alice = join_lan(port, "alice");

  const auto receiver_heard = [&](const std::string& log, std::string_view text) {
    // Python may take a while to start (pyenv shims); the receiver joins only once it runs.
    return wait_until(
        [&] {
          std::ifstream in(chatd.dir() + "/" + log);
          const std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
          if (contains(got, text)) return true;
          alice.send("PRIVMSG #lan :hello receivers");  // again, until the receiver has joined
          return false;
        },
        8000, 200);
  };
  const bool heard1 = receiver_heard("receiver1.log", "b'<alice> hello receivers'");
  if (!heard1) MESSAGE(run_program("cat", {chatd.dir() + "/receiver1.log"}).output);
  CHECK(heard1);
  CHECK(receiver_heard("receiver2.log", "b'<alice> hello receivers'"));

  std::ofstream(chatd.dir() + "/typed.txt") << "halo dari lab\n";
  run_program("python3", {(lab / "mcast_sender.py").string()}, 5000, chatd.dir() + "/typed.txt");
  alice.expect_re(R"(^:udp-[0-9-]+!udp@[0-9.]+ PRIVMSG #lan :halo dari lab$)");
}

TEST_CASE("mcast: a bridge whose interface address is missing retries; chatd serves IRC meanwhile") {
  SKIP_WITHOUT_NETNS();
  LoopbackHost host(bridge_table(multicast_keys(), "10.99.7.1"), "retrying in 1 s");
  ChatdProcess& chatd = host.chatd;
  const auto port = host.port;
  auto alice = join_lan(port, "alice");
  auto bob = join_lan(port, "bob");
  alice.send("PRIVMSG #lan :the bridge is down");
  bob.expect("PRIVMSG #lan :the bridge is down");

  host.ns.ip({"addr", "add", "10.99.7.1/32", "dev", "lo"});
  REQUIRE(wait_for_log(chatd, "open on 10.99.7.1", 4000));
  auto receiver = UdpPeer::receiver(kPort, kGroup);
  alice.send("PRIVMSG #lan :the bridge is up");
  auto d = receiver.receive();
  REQUIRE(d);
  CHECK(d->payload == "<alice> the bridge is up");
  CHECK(chatd.running());
}

TEST_CASE("mcast: an IPv6 link-scoped group between two hosts, without echoes") {
  SKIP_WITHOUT_NETNS();
  Lan lan(2);
  const std::string group = "ff02::1:5";
  std::optional<UdpPeer> in_b, from_b;
  {
    NetnsScope b(lan.host(1));
    in_b.emplace(UdpPeer::receiver(kPort, group, "eth0"));
    from_b.emplace(UdpPeer::sender6("eth0"));
  }
  NetnsScope a(lan.host(0));
  const auto port = free_port();
  ChatdProcess chatd(
      basic_config(port, bridge_table("kind = \"multicast\"\ngroup = \"" + group + "\"\nport = 5004\n", "eth0")), port);
  REQUIRE(wait_for_log(chatd, "open on eth0"));
  auto alice = join_lan(port, "alice");

  alice.send("PRIVMSG #lan :hello v6");
  auto d = in_b->receive();
  REQUIRE(d);
  CHECK(d->payload == "<alice> hello v6");
  CHECK(d->ttl == 1);

  from_b->send_to(group, kPort, "from b");
  const std::string line = alice.expect_re(R"(^:udp-[0-9a-f-]+!udp@[0-9a-f:]+ PRIVMSG #lan :from b$)");
  CHECK(line.rfind(":udp-", 0) == 0);
  CHECK(alice.read_until_quiet().empty());  // chatd's own datagram never comes back
}

TEST_CASE("mcast: a reload keeps the running bridge and says that bridge changes need a restart") {
  SKIP_WITHOUT_NETNS();
  LoopbackHost host(bridge_table(multicast_keys(), "127.0.0.1"));
  auto alice = join_lan(host.port, "alice");
  auto receiver = UdpPeer::receiver(kPort, kGroup);
  host.chatd.write_config(basic_config(host.port, bridge_table(multicast_keys(), "127.0.0.1", "ttl = 9\n")));
  REQUIRE(host.chatd.send_signal(SIGHUP));
  REQUIRE(wait_for_log(host.chatd, "reload: bridge changed (takes effect after a restart)"));
  alice.send("PRIVMSG #lan :after reload");
  auto d = receiver.receive();
  REQUIRE(d);
  CHECK(d->payload == "<alice> after reload");
  CHECK(d->ttl == 1);
}
