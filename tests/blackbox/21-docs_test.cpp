// What the README, the man pages, --help and the bash completion say is what the programs do.
// The options each program accepts (chatd's and chatctl's option tables, which --help prints)
// are the ones chatd(8) and chatctl(8) document, and each is accepted when used; the README's
// tour shows what a user really sees. (The config keys are held to chatd.toml(5) by
// tests/unit/config/config_docs_test.cpp.) Reads README.md, man/ and contrib/ from the
// source tree, the working directory of `make check`.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/protocol.hpp"
#include "support/text_file.hpp"

namespace {

using chatd::test::basic_config;
using chatd::test::chatctl_binary;
using chatd::test::chatd_binary;
using chatd::test::ChatdProcess;
using chatd::test::free_port;
using chatd::test::IrcClient;
using chatd::test::read_text_file;
using chatd::test::run_program;
using chatd::test::RunResult;
using chatd::test::TempDir;
using chatd::test::text_lines;
using Options = std::set<std::string>;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "-c" and "--config" from every option-looking word of `text`.
Options option_words(const std::string& text) {
  Options found;
  const std::regex word(R"re((^|[\s,|\[("])(--[a-z][a-z-]*|-[A-Za-z])(?=$|[\s,|\]=)"]))re");
  for (std::sregex_iterator it(text.begin(), text.end(), word), end; it != end; ++it) found.insert((*it)[2]);
  return found;
}

// The option lines of a --help text after the line `heading` ("  -c, --config PATH  ...").
Options help_options(const std::string& help, const std::string& heading) {
  Options found;
  bool in = false;
  const std::regex option_line(R"re(^  (?:(-[A-Za-z]), )?\s*(--[a-z][a-z-]*))re");
  for (const auto& line : text_lines(help)) {
    if (line.starts_with(heading)) {
      in = true;
      continue;
    }
    if (!in) continue;
    if (line.empty()) {
      if (found.empty()) continue;  // the blank line between heading and options
      break;
    }
    std::smatch m;
    if (std::regex_search(line, m, option_line)) {
      if (m[1].matched) found.insert(m[1]);
      found.insert(m[2]);
    }
  }
  return found;
}

// Options taking a value, from the same lines: "--config" for "  -c, --config PATH".
Options help_value_options(const std::string& help) {
  Options found;
  const std::regex option_line(R"re(^  (?:-[A-Za-z], )?\s*(--[a-z][a-z-]*) [A-Z])re");
  for (const auto& line : text_lines(help)) {
    std::smatch m;
    if (std::regex_search(line, m, option_line)) found.insert(m[1]);
  }
  return found;
}

// A man page's section (".SH NAME" to the next .SH), with \- as -.
std::string man_section(const std::string& page, const std::string& name) {
  std::string text;
  bool in = false;
  for (const auto& line : text_lines(read_text_file(page))) {
    if (line.starts_with(".SH")) in = line == ".SH " + name;
    if (in) text += line + "\n";
  }
  for (auto at = text.find("\\-"); at != std::string::npos; at = text.find("\\-", at)) text.replace(at, 2, "-");
  for (const char* font : {"\\fB", "\\fR", "\\fI", "\\fP"}) {
    for (auto at = text.find(font); at != std::string::npos; at = text.find(font, at)) text.replace(at, 3, " ");
  }
  return text;
}

// The options in the tag lines (after .TP) of a man page section.
Options man_tag_options(const std::string& section) {
  Options found;
  const auto lines = text_lines(section);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i] == ".TP") found.merge(option_words(lines[i + 1]));
  }
  return found;
}

std::string joined(const Options& options) {
  std::string text;
  for (const auto& o : options) text += o + " ";
  return text;
}

}  // namespace

TEST_CASE("docs: chatd's options are the same in --help, chatd(8) and the README, and each works") {
  RunResult help = run_program(chatd_binary(), {"--help"});
  REQUIRE(help.status == 0);
  const Options listed = help_options(help.output, "The chatd LAN chat server");
  CAPTURE(joined(listed));
  REQUIRE(listed.size() >= 8);
  CHECK(man_tag_options(man_section("man/chatd.8", "OPTIONS")) == listed);
  // The synopsis in chatd(8) and the README usage line name every long option.
  const std::string usage = text_lines(help.output).front().substr(std::string("Usage: ").size());
  CHECK(contains(read_text_file("README.md"), "```\n" + usage + "\n```"));
  const Options synopsis = option_words(man_section("man/chatd.8", "SYNOPSIS"));
  for (const auto& option : listed) {
    if (option.starts_with("--")) CHECK_MESSAGE(synopsis.contains(option), option << " is not in chatd(8)'s SYNOPSIS");
  }
  // Each is accepted: never the usage error (status 2), whatever else goes wrong.
  const Options with_value = help_value_options(help.output);
  for (const auto& option : listed) {
    std::vector<std::string> args{option};
    if (with_value.contains(option) || option == "-c") args.push_back("/nonexistent/chatd.toml");
    args.insert(args.end(), {"--config", "/nonexistent/chatd.toml", "--check-config"});
    RunResult run = run_program(chatd_binary(), args);
    CHECK_MESSAGE(run.status != 2, option << ": " << run.output);
  }
  CHECK(run_program(chatd_binary(), {"--no-such-option"}).status == 2);  // the probe can fail
}

TEST_CASE("docs: chatctl's options are the same in --help, chatctl(8) and the completion, and each works") {
  RunResult help = run_program(chatctl_binary(), {"--help"});
  REQUIRE(help.status == 0);
  const Options global = help_options(help.output, "Options");
  CAPTURE(joined(global));
  REQUIRE(global.size() >= 10);
  CHECK(man_tag_options(man_section("man/chatctl.8", "OPTIONS")) == global);
  const Options synopsis = option_words(man_section("man/chatctl.8", "SYNOPSIS"));
  for (const auto& option : {"--socket", "--json", "--timeout"}) CHECK(synopsis.contains(option));
  const Options with_value = help_value_options(help.output);
  for (const auto& option : global) {
    std::vector<std::string> args{option};
    const bool timeout = option == "--timeout" || option == "-t";
    if (with_value.contains(option) || option == "-s" || timeout) args.push_back(timeout ? "1" : "/x");
    args.insert(args.end(), {"--socket", "/nonexistent/admin.sock", "status"});
    RunResult run = run_program(chatctl_binary(), args);
    CHECK_MESSAGE(run.status != 2, option << ": " << run.output);
  }

  // Every command, and each command's own options, in chatctl(8) as in `chatctl CMD --help`.
  std::map<std::string, Options> commands;
  bool in_commands = false;
  for (const auto& line : text_lines(help.output)) {
    if (line == "Commands:") {
      in_commands = true;
    } else if (in_commands && line.empty()) {
      break;
    } else if (in_commands) {
      const std::string name = line.substr(2, line.find(' ', 2) - 2);
      RunResult command_help = run_program(chatctl_binary(), {name, "--help"});
      CHECK(command_help.status == 0);
      commands[name] = help_options(command_help.output, "Options:");
    }
  }
  REQUIRE(commands.size() >= 9);
  std::map<std::string, Options> documented;
  const auto man = text_lines(man_section("man/chatctl.8", "COMMANDS"));
  for (std::size_t i = 0; i + 1 < man.size(); ++i) {
    if (man[i] != ".TP" || !man[i + 1].starts_with(".B ")) continue;
    std::istringstream words(man[i + 1].substr(3));
    std::string name;
    words >> name;
    documented[name] = option_words(man[i + 1]);
  }
  CHECK(documented == commands);
  for (const auto& [name, options] : commands) {
    for (const auto& option : options) {
      if (!option.starts_with("--")) continue;
      CAPTURE(name);
      CAPTURE(option);
      // account's one option names a file to read a password from: any readable one does.
      const std::vector<std::string> args =
          name == "account"
              ? std::vector<std::string>{"--socket", "/nonexistent/admin.sock", name, "add", "x", option, "README.md"}
              : std::vector<std::string>{"--socket", "/nonexistent/admin.sock", name, option, "#c", "x"};
      RunResult run = run_program(chatctl_binary(), args);
      CHECK(run.status != 2);
    }
  }

  // The bash completion offers the same long options.
  const auto completion = text_lines(read_text_file("contrib/bash-completion/chatctl"));
  Options completed_global, completed_announce, completed_values;
  for (std::size_t i = 0; i < completion.size(); ++i) {
    if (contains(completion[i], "compgen -W \"--socket")) completed_global = option_words(completion[i]);
    if (contains(completion[i], "announce)")) completed_announce = option_words(completion[i + 1]);
    if (contains(completion[i], "((i++))")) completed_values = option_words(completion[i]);
  }
  Options global_long, announce_long, value_long;
  for (const auto& o : global) {
    if (o.starts_with("--")) global_long.insert(o);
  }
  for (const auto& o : commands["announce"]) {
    if (o.starts_with("--")) announce_long.insert(o);
  }
  for (const auto& o : with_value) {
    if (global.contains(o)) value_long.insert(o);
  }
  std::erase_if(completed_global, [](const std::string& o) { return !o.starts_with("--"); });  // compgen's -W
  std::erase_if(completed_announce, [](const std::string& o) { return !o.starts_with("--"); });
  CHECK(completed_global == global_long);
  CHECK(completed_announce == announce_long);
  // The option values the completion skips: the long and short forms of --socket and --timeout.
  CHECK(completed_values == Options{"--socket", "--timeout", "-s", "-t"});
  CHECK(value_long == Options{"--socket", "--timeout"});
}

TEST_CASE("docs: `make run` builds chatctl too, as the README says") {
  TempDir build;
  RunResult dry = run_program("make", {"-n", "--no-print-directory", "run", "BUILD=" + build.path()}, 60000);
  if (dry.status == 127 || contains(dry.output, "No such file")) {
    MESSAGE("skipped: make is not installed");
    return;
  }
  CAPTURE(dry.output.substr(0, 2000));
  CHECK(contains(dry.output, "-o " + build.path() + "/chatctl"));
  CHECK(contains(dry.output, "-o " + build.path() + "/chatd"));
  const std::string readme = read_text_file("README.md");
  CHECK(contains(readme, "make run      # builds chatd and chatctl"));
  // And how chatctl reaches the root-only socket of a hand-started chatd.
  CHECK(contains(readme, "sudo build/chatctl status"));
}

TEST_CASE("docs: the README's irssi commands carry no ':' of their own, irssi adds it") {
  const std::regex irssi_command(R"re(`(/[a-z]+ [^`]*)`|^(/[a-z]+ .*)$)re");
  const std::string readme = read_text_file("README.md");
  int seen = 0;
  for (const auto& line : text_lines(readme)) {
    for (std::sregex_iterator it(line.begin(), line.end(), irssi_command), end; it != end; ++it) {
      const std::string command = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
      ++seen;
      CHECK_MESSAGE(!contains(command, " :"), command);
    }
  }
  CHECK(seen >= 5);
  CHECK(contains(readme, "`/kick #team carol bye`"));
}

TEST_CASE("docs: the tour's IRC line shows the user name irssi sends") {
  const auto port = free_port();
  ChatdProcess chatd(basic_config(port), port);
  IrcClient bob(port);
  bob.register_as("bob");
  bob.send("JOIN #lab");
  bob.expect(" 366 ");
  // irssi registers with the login name as its user name (root, under sudo).
  IrcClient alice(port);
  alice.send("NICK alice");
  alice.send("USER root root 127.0.0.1 :root");
  alice.expect(" 001 ");
  alice.send("JOIN #lab");
  alice.expect(" 366 ");
  alice.send("PRIVMSG #lab :hello everyone");
  const std::string seen = bob.expect("PRIVMSG #lab");
  const std::string readme = read_text_file("README.md");
  const auto start = readme.find("bob sees `");
  REQUIRE(start != std::string::npos);
  const auto from = start + std::string("bob sees `").size();
  // The README shows chat.lan's lines; this server is test.chatd, which is not in the prefix.
  CHECK(readme.substr(from, readme.find('`', from) - from) == seen);
}

TEST_CASE("docs: nc users must answer PING, as the tour says, or they are dropped in its words") {
  const std::string readme = read_text_file("README.md");
  // 180 s in the README: the default ping_interval + ping_timeout (chatd.toml(5)).
  const std::regex timeout_line(R"re(`(ERROR :Closing link: bob\[127\.0\.0\.1\] \(Ping timeout: )180( seconds\))`)re");
  std::smatch m;
  REQUIRE(std::regex_search(readme, m, timeout_line));
  CHECK(contains(readme, "type `PONG :chat.lan` back"));

  const auto port = free_port();
  // Quick PINGs, and time enough for bob to answer on a loaded machine.
  ChatdProcess chatd(basic_config(port, "[limits]\nping_interval = 1\nping_timeout = 3\n"), port);
  IrcClient bob(port);  // answers every PING, as the README tells him
  bob.register_as("bob");
  IrcClient carol(port);  // does not
  carol.register_as("carol");
  int answered = 0;
  std::vector<std::string> carol_saw;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!carol.closed() && std::chrono::steady_clock::now() < deadline) {
    if (auto line = bob.read_line(100); line && line->starts_with("PING ")) {
      CHECK(*line == "PING :test.chatd");
      bob.send("PONG " + line->substr(5));
      ++answered;
    }
    while (auto line = carol.read_line(0)) carol_saw.push_back(*line);
  }
  REQUIRE(carol.closed());
  REQUIRE_FALSE(carol_saw.empty());
  CHECK(carol_saw.back() == std::regex_replace(m[1].str(), std::regex("bob"), "carol") + "4" + m[2].str());
  CHECK(answered >= 1);
  CHECK_FALSE(bob.closed());
  bob.send("PING :still");
  CHECK(bob.expect(":still") == ":test.chatd PONG test.chatd :still");
}

TEST_CASE("docs: the README's line-listener session is what a line client sees") {
  const std::string readme = read_text_file("README.md");
  // The [[listen]] table and the nc session shown after it.
  const auto intro = readme.find("**Without IRC at all**");
  REQUIRE(intro != std::string::npos);
  const auto toml_start = readme.find("```toml\n", intro) + 8;
  const std::string table = readme.substr(toml_start, readme.find("```", toml_start) - toml_start);
  const auto session_start = readme.find("$ nc 127.0.0.1 8080\n", intro);
  REQUIRE(session_start != std::string::npos);
  const auto body = session_start + std::string("$ nc 127.0.0.1 8080\n").size();
  const auto session = text_lines(readme.substr(body, readme.find("```", body) - body));
  REQUIRE(session.size() >= 5);

  const auto irc_port = free_port();
  const auto line_port = free_port();
  std::string listener = table;
  listener.replace(listener.find("127.0.0.1:8080"), 14, "127.0.0.1:" + std::to_string(line_port));
  // The README's table first, so that waiting for the IRC listener (the last) uses no guest.
  ChatdProcess chatd("[server]\nname = \"test.chatd\"\n\n" + listener +
                         "\n[[listen]]\naddress = \"127.0.0.1:" + std::to_string(irc_port) + "\"\n",
                     irc_port);
  IrcClient alice(irc_port);  // the README's alice, already in #lobby
  alice.register_as("alice");
  alice.send("JOIN #lobby");
  alice.expect(" 366 ");
  IrcClient plain(line_port);
  // Each line of the session is either typed by the user ("hello"), said by alice, or what the
  // line client receives, in that order.
  for (const auto& line : session) {
    CAPTURE(line);
    if (line == "hello") {
      plain.send(line);
      CHECK(alice.expect(" PRIVMSG #lobby :").ends_with(" :hello"));
    } else if (line.starts_with("alice: ")) {
      alice.send("PRIVMSG #lobby :" + line.substr(7));
      CHECK(plain.read_line().value_or("(nothing)") == line);
    } else {
      CHECK(plain.read_line().value_or("(nothing)") == line);
    }
  }
}
