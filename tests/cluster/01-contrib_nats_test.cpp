// contrib/nats/ as an admin would run it: the three shipped configs (with accounts.conf) form a
// JetStream cluster, and the permissions of chatd's NATS user and account hold. Run on ports of
// the test's own and a store in its temp dir; everything else is the shipped text. The NATS
// client protocol is plain text lines, so IrcClient speaks it.
#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"
#include "support/nats_cluster.hpp"
#include "support/text_file.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;

struct ContribNode {
  std::string name;
  std::uint16_t client = free_port();
  std::uint16_t cluster = free_port();
  std::uint16_t monitor = free_port();
  std::unique_ptr<ChildProcess> process;
};

// Replaces every `from` in `text`; fails the test if there is none (the shipped file changed).
void replace_all(std::string& text, const std::string& from, const std::string& to, const std::string& file) {
  std::size_t count = 0;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    ++count;
  }
  CHECK_MESSAGE(count > 0, file << " has no " << from);
}

// Each (from, to) in `text`, through placeholders first: a new port such as 42223 must not be
// taken for the old 4222 by a later replacement.
void rewrite(std::string& text, const std::vector<std::pair<std::string, std::string>>& edits,
             const std::string& file) {
  for (std::size_t e = 0; e < edits.size(); ++e) {
    replace_all(text, edits[e].first, "@@" + std::to_string(e) + "@@", file);
  }
  for (std::size_t e = 0; e < edits.size(); ++e) {
    replace_all(text, "@@" + std::to_string(e) + "@@", edits[e].second, file);
  }
}

// A client of the cluster, logged in as user/password (CONNECT with verbose: every command
// answers +OK or -ERR).
IrcClient nats_login(std::uint16_t port, const std::string& user, const std::string& password) {
  IrcClient client(port);
  client.expect("INFO {");
  client.send(R"(CONNECT {"verbose":true,"pedantic":false,"user":")" + user + R"(","pass":")" + password + R"("})");
  client.expect("+OK");
  return client;
}

void publish(IrcClient& client, const std::string& subject, const std::string& payload, const std::string& reply = "") {
  client.send_raw("PUB " + subject + (reply.empty() ? "" : " " + reply) + " " + std::to_string(payload.size()) +
                  "\r\n" + payload + "\r\n");
}

// PING, and the lines that came before its PONG: everything the server had queued for us.
std::vector<std::string> drain(IrcClient& client) {
  client.send("PING");
  client.expect("PONG");
  return client.skipped();
}

bool mentions(const std::vector<std::string>& lines, const std::string& needle) {
  for (const auto& line : lines) {
    if (line.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("contrib-nats: the shipped configs form a JetStream cluster that keeps chatd's subjects to chatd") {
  const std::string binary = nats_server_binary();
  TempDir dir;
  std::vector<ContribNode> nodes(3);
  const std::string names = "abc";
  for (std::size_t k = 0; k < 3; ++k) nodes[k].name = std::string(1, names[k]);

  // The shipped text with the test's ports and store dirs in place of 4222-4224, 6222-6224,
  // 8222-8224 and /var/lib/nats.
  const std::string accounts = read_text_file("contrib/nats/accounts.conf");
  {
    std::ofstream out(dir.path() + "/accounts.conf");
    out << accounts;
  }
  for (std::size_t k = 0; k < 3; ++k) {
    const std::string file = "contrib/nats/nats-" + nodes[k].name + ".conf";
    std::string text = read_text_file(file);
    std::vector<std::pair<std::string, std::string>> edits;
    const auto address = [](int port) { return "127.0.0.1:" + std::to_string(port); };
    for (std::size_t j = 0; j < 3; ++j) {
      const int offset = static_cast<int>(j);
      if (j == k) {
        edits.emplace_back(address(4222 + offset), address(nodes[j].client));
        edits.emplace_back(address(8222 + offset), address(nodes[j].monitor));
      }
      edits.emplace_back(address(6222 + offset), address(nodes[j].cluster));
    }
    edits.emplace_back("/var/lib/nats/" + nodes[k].name, dir.path() + "/store-" + nodes[k].name);
    rewrite(text, edits, file);
    std::ofstream out(dir.path() + "/nats-" + nodes[k].name + ".conf");
    out << text;
  }
  for (auto& n : nodes) {
    n.process =
        std::make_unique<ChildProcess>(binary, std::vector<std::string>{"-c", dir.path() + "/nats-" + n.name + ".conf"},
                                       dir.path() + "/" + n.name + ".log");
  }

  // One cluster: two routes each, one meta leader everyone names.
  for (auto& n : nodes) {
    CAPTURE(n.name);
    CHECK(wait_until(
        [&] {
          const auto routez = nats_monitor(n.monitor, "/routez");
          return routez && (*routez)["num_routes"] == 2;
        },
        20000, 100));
  }
  std::string leader;
  CHECK(wait_until(
      [&] {
        std::vector<std::string> named;
        for (auto& n : nodes) {
          const auto jsz = nats_monitor(n.monitor, "/jsz");
          if (!jsz || !jsz->contains("meta_cluster") || !(*jsz)["meta_cluster"].contains("leader")) return false;
          named.push_back((*jsz)["meta_cluster"]["leader"].get<std::string>());
        }
        leader = named[0];
        return !leader.empty() && named[1] == leader && named[2] == leader;
      },
      20000, 100));
  CHECK((leader == "a" || leader == "b" || leader == "c"));

  // chatd's user: its own subjects and JetStream's, nothing else.
  IrcClient chatd = nats_login(nodes[0].client, "chatd", "CHANGE-ME-chatd-password");
  publish(chatd, "chatd.test", "hi");
  chatd.expect("+OK");
  publish(chatd, "other.subject", "hi");
  chatd.expect("Permissions Violation for Publish to \"other.subject\"");
  chatd.send("SUB other.subject 1");
  chatd.expect("Permissions Violation for Subscription to \"other.subject\"");
  chatd.send("SUB _INBOX.contrib 2");
  chatd.expect("+OK");
  publish(chatd, "$JS.API.INFO", "", "_INBOX.contrib");
  chatd.expect("+OK");
  chatd.expect("MSG _INBOX.contrib 2 ");
  const std::string info = chatd.expect("account_info_response");  // JetStream is on for CHATD
  CHECK(info.find("\"error\"") == std::string::npos);
  chatd.send("SUB chatd.> 3");
  chatd.expect("+OK");

  // Another account's user on the same server: what it publishes on chatd.> stays in its own
  // account (it sees it itself), and chatd's messages never reach it.
  IrcClient app = nats_login(nodes[0].client, "app", "CHANGE-ME-app-password");
  app.send("SUB chatd.> 1");
  app.expect("+OK");
  publish(app, "chatd.inject", "evil");
  app.expect("+OK");
  CHECK(mentions(drain(app), "MSG chatd.inject 1 4"));
  CHECK_FALSE(mentions(drain(chatd), "chatd.inject"));  // the server had handled the PUB already

  publish(chatd, "chatd.real", "real");
  chatd.expect("+OK");
  chatd.expect("MSG chatd.real 3 4");
  CHECK_FALSE(mentions(drain(app), "chatd.real"));

  // A wrong password is refused.
  IrcClient stranger(nodes[1].client);
  stranger.expect("INFO {");
  stranger.send(R"(CONNECT {"verbose":true,"user":"chatd","pass":"wrong"})");
  stranger.expect("Authorization Violation");

  for (auto& n : nodes) n.process->send_signal(SIGTERM);
  for (auto& n : nodes) n.process->stop(SIGTERM, 5000);
}
