// The lab's own TCP chat clients (tests/blackbox/lab/chat*_client*.py, section VI of the lab
// document, unchanged but for OCR typos and host/port from argv) against chatd's line listener,
// with an IRC user in the same channel. The clients send each message without a line end and
// read with recv(1024) in a fixed order, so they are driven the way a student drives them:
// each answers its "Masukkan Pesan" prompt (its message the first time, Enter after that), and
// when every client waits in recv the IRC user says something, as the lab's server admin did.
#include <doctest/doctest.h>
#include <poll.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/interactive_process.hpp"
#include "support/irc_client.hpp"
#include "support/line_listener.hpp"

namespace {

using chatd::test::ChatdProcess;
using chatd::test::free_port;
using chatd::test::InteractiveProcess;
using chatd::test::IrcClient;
using chatd::test::line_chat_config;
using chatd::test::run_program;

constexpr std::string_view kPrompt = "Masukkan Pesan : ";

struct LabClient {
  std::string script;
  std::string text;  // what the student types at the first prompt
  std::unique_ptr<InteractiveProcess> process;
  std::string nick;  // the guest nick chatd gave it
  std::size_t prompts_answered = 0;

  std::size_t prompts() const {
    std::size_t count = 0;
    for (auto at = process->output().find(kPrompt); at != std::string::npos;
         at = process->output().find(kPrompt, at + 1)) {
      ++count;
    }
    return count;
  }
  bool printed(const std::string& text) const { return process->output().find(text) != std::string::npos; }
};

std::string lab_dir() { return (std::filesystem::path(__FILE__).parent_path() / "lab").string(); }

bool python_missing() {
  if (run_program("python3", {"--version"}).status == 0) return false;
  MESSAGE("skipped: python3 is not installed");
  return true;
}

// Starts the client and waits until it has said which guest it is. REQUIRES: chatd is up.
void start(LabClient& client, std::uint16_t port, IrcClient& irc) {
  client.process = std::make_unique<InteractiveProcess>(
      "python3", std::vector<std::string>{"-u", lab_dir() + "/" + client.script, "127.0.0.1", std::to_string(port)});
  const std::regex you_are("You are (guest[0-9]+) in #lobby");
  std::smatch match;
  for (int i = 0; i < 150 && !std::regex_search(client.process->output(), match, you_are); ++i) {
    client.process->wait_output(100);
  }
  REQUIRE_MESSAGE(std::regex_search(client.process->output(), match, you_are),
                  client.script << " never got its guest nick; it printed:\n"
                                << client.process->output());
  client.nick = match[1];
  irc.expect(":" + client.nick + "!");  // its JOIN
}

// Everything reached everyone: each client printed the IRC user's text and every other
// client's text, as "nick: text", and has typed its own.
bool all_delivered(const std::vector<LabClient>& clients, const std::string& irc_line) {
  for (const auto& client : clients) {
    if (client.prompts_answered == 0 || !client.printed(irc_line)) return false;
    for (const auto& other : clients) {
      if (&other != &client && !client.printed(other.nick + ": " + other.text)) return false;
    }
  }
  return true;
}

// Each (script, text): a lab client started from tests/blackbox/lab/ and what it types first.
void chat_with_lab_clients(const std::vector<std::pair<std::string, std::string>>& scripts) {
  if (python_missing()) return;
  std::vector<LabClient> clients(scripts.size());
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    clients[i].script = scripts[i].first;
    clients[i].text = scripts[i].second;
  }
  const auto irc_port = free_port();
  const auto line_port = free_port();
  ChatdProcess chatd(line_chat_config(irc_port, line_port, "welcome = \"Selamat datang di Server...\"\n"), irc_port);
  IrcClient alice(irc_port);
  alice.register_as("alice");
  alice.send("JOIN #lobby");
  alice.expect(" 366 ");
  for (auto& client : clients) start(client, line_port, alice);

  // The lab's server admin speaks first; then each client answers its prompts as they come.
  const std::string first = "halo dari alice";
  alice.send("PRIVMSG #lobby :" + first);
  const std::string irc_line = "alice: " + first;
  int nudges = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!all_delivered(clients, irc_line) && std::chrono::steady_clock::now() < deadline) {
    std::vector<pollfd> fds;
    for (const auto& client : clients) fds.push_back({client.process->output_fd(), POLLIN, 0});
    const bool output = ::poll(fds.data(), fds.size(), 300) > 0;
    for (auto& client : clients) {
      client.process->read_available();
      for (; client.prompts_answered < client.prompts(); ++client.prompts_answered) {
        REQUIRE(client.process->type_line(client.prompts_answered == 0 ? client.text : ""));
      }
    }
    // Every client sits in recv() waiting for a line that is not coming: the admin talks.
    if (!output) alice.send("PRIVMSG #lobby :lanjut " + std::to_string(++nudges));
  }

  for (const auto& client : clients) {
    CAPTURE(client.script);
    CAPTURE(client.nick);
    INFO("it printed:\n" << client.process->output());
    CHECK(client.prompts_answered >= 1);
    CHECK(client.printed(irc_line));
    for (const auto& other : clients) {
      if (&other != &client) CHECK(client.printed(other.nick + ": " + other.text));
    }
  }
  // The IRC user got each client's message once, as a PRIVMSG from its guest nick (in the
  // order the clients happened to type).
  std::map<std::string, int> heard;
  std::size_t distinct = 0;
  while (distinct < clients.size()) {
    auto line = alice.read_line(10000);
    if (!line) break;
    for (const auto& client : clients) {
      if (line->starts_with(":" + client.nick + "!") && line->ends_with(" PRIVMSG #lobby :" + client.text)) {
        if (heard[client.nick]++ == 0) ++distinct;
      }
    }
  }
  for (const auto& line : alice.read_until_quiet(300)) {
    for (const auto& client : clients) {
      if (line.starts_with(":" + client.nick + "!") && line.ends_with(" PRIVMSG #lobby :" + client.text)) {
        ++heard[client.nick];
      }
    }
  }
  for (const auto& client : clients) CHECK_MESSAGE(heard[client.nick] == 1, client.nick << ": " << client.text);
}

}  // namespace

TEST_CASE("lab_clients: the lab's 4-client version and an IRC user chat in one channel") {
  std::vector<std::pair<std::string, std::string>> clients;
  for (int i = 1; i <= 4; ++i) {
    clients.emplace_back("chat4_client" + std::to_string(i) + ".py", "pesan dari client " + std::to_string(i));
  }
  chat_with_lab_clients(clients);
}

TEST_CASE("lab_clients: the lab's 2-client version and an IRC user chat in one channel") {
  chat_with_lab_clients({{"chat_client1.py", "halo, ini client 1"}, {"chat_client2.py", "halo juga dari client 2"}});
}
