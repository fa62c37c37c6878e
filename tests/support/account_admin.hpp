// Accounts for the black-box tests: a directory holding chatd's admin socket, its [storage]
// database and password files, the config lines that turn accounts on there, and chatctl
// pointed at that socket (with a password file as its standard input when one is given).
//
//   AccountAdmin admin;
//   Chatd chatd({.extra = admin.config_extra()});
//   admin.add("alice", "correct horse");
//
// Use from the test's own thread only.
#pragma once

#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/admin_socket.hpp"
#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"

namespace chatd::test {

struct AccountAdmin {
  TempDir dir;
  std::string socket = dir.path() + "/admin.sock";

  // [admin], [storage] in this directory and [accounts] (`accounts_keys` after enabled).
  std::string config_extra(bool enabled = true, const std::string& accounts_keys = "") const {
    return admin_table(socket) + "[storage]\npath = \"" + dir.path() +
           "/chatd.db\"\n[accounts]\nenabled = " + (enabled ? "true" : "false") + "\n" + accounts_keys;
  }
  // A file holding `text`, for --password-file or standard input.
  std::string file(const std::string& name, const std::string& text) const {
    const std::string path = dir.path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  RunResult ctl(std::vector<std::string> args, const std::string& stdin_path = "/dev/null") const {
    args.insert(args.begin(), {"--socket", socket});
    return run_program(chatctl_binary(), args, 10000, stdin_path);
  }
  // The reply's "data" of a command that must succeed.
  nlohmann::json json(std::vector<std::string> args) const {
    args.push_back("--json");
    RunResult result = ctl(args);
    INFO(result.output);
    REQUIRE(result.status == 0);
    return nlohmann::json::parse(result.output)["data"];
  }
  // chatctl account add `name`, the password on standard input; the test stops if it fails.
  void add(const std::string& name, const std::string& password) const {
    RunResult result = ctl({"account", "add", name}, file("pw-" + name, password + "\n"));
    INFO(result.output);
    REQUIRE(result.status == 0);
  }
};

// `bytes` in base64, as AUTHENTICATE carries it.
inline std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// The SASL PLAIN message for `account` and `password` (no authorization identity), encoded.
inline std::string sasl_plain(const std::string& account, const std::string& password) {
  return base64(std::string(1, '\0') + account + std::string(1, '\0') + password);
}

// `client` (sasl acknowledged, or registered) logs in to `account` with SASL PLAIN and reads
// up to 903; the test stops if the server says anything else first.
inline void sasl_log_in(IrcClient& client, const std::string& account, const std::string& password) {
  client.send("AUTHENTICATE PLAIN");
  client.expect("AUTHENTICATE +");
  client.send("AUTHENTICATE " + sasl_plain(account, password));
  client.expect(" 903 ");
}

}  // namespace chatd::test
