// chatd: the LAN chat daemon. Parses the command line, loads the config and runs the
// Server in the foreground (it never forks: systemd or the shell manages it).
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options.hpp"
#include "config/config_loader.hpp"
#include "irc/server_context.hpp"
#include "log/logging.hpp"
#include "server/server.hpp"
#include "sys/fatal.hpp"
#include "sys/password_hash.hpp"
#include "tls/tls_context.hpp"

namespace {

constexpr const char* kDefaultConfig = "/etc/chatd/chatd.toml";

// Everything chatd accepts: the parser below and --help both read this table.
constexpr chatd::cli::OptionSpec kOptions[] = {
    {'c', "--config", "PATH", "configuration file (default /etc/chatd/chatd.toml)"},
    {0, "--check-config", "",
     "validate the configuration (and the [tls] certificate and key),\nprint every error, exit 0 or 1"},
    {0, "--hash-password", "",
     "read a password from stdin (not echoed on a terminal) and\nprint its yescrypt hash for an [[operator]] "
     "password_hash"},
    {'V', "--version", "", "print the version and exit"},
    {'h', "--help", "", "print this help and exit"},
};

void usage() {
  std::printf(
      "Usage: chatd %s\n"
      "\n"
      "The chatd LAN chat server: IRC clients, line clients and multicast bridges.\n"
      "\n"
      "%s"
      "\n"
      "chatd runs in the foreground. SIGTERM or SIGINT shut it down gracefully;\n"
      "SIGHUP (or `chatctl reload`) re-reads the configuration. See chatd(8),\n"
      "chatctl(8) and chatd.toml(5).\n",
      chatd::cli::synopsis(kOptions).c_str(), chatd::cli::option_help(kOptions).c_str());
}

// Reads one line from stdin with echo off when it is a terminal, and prints its hash.
int hash_password_command() {
  termios saved{};
  bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    std::fprintf(stderr, "Password: ");
  }
  std::string password;
  for (int c; (c = std::fgetc(stdin)) != EOF && c != '\n';) password += static_cast<char>(c);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) {
    std::fprintf(stderr, "chatd: empty password\n");
    return 1;
  }
  try {
    std::printf("%s\n", chatd::sys::hash_password(password).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chatd: %s\n", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  chatd::cli::Args args;
  try {
    args = chatd::cli::parse_args(std::vector<std::string>(argv + 1, argv + argc), kOptions);
    if (!args.positional.empty()) throw chatd::cli::UsageError("unexpected argument '" + args.positional[0] + "'");
  } catch (const chatd::cli::UsageError& e) {
    return chatd::cli::usage_error("chatd", e.what(), "chatd");
  }
  if (args.has("--help")) {
    usage();
    return 0;
  }
  if (args.has("--version")) {
    std::printf("%s\n", chatd::irc::kVersion);
    return 0;
  }
  if (args.has("--hash-password")) return hash_password_command();
  const std::string config_path = args.has("--config") ? args.options["--config"] : kDefaultConfig;
  const bool check_only = args.has("--check-config");

  std::shared_ptr<const chatd::config::Config> config;
  try {
    config = std::make_shared<const chatd::config::Config>(chatd::config::load_config(config_path));
  } catch (const chatd::config::ConfigError& e) {
    for (const auto& error : e.errors()) std::fprintf(stderr, "%s\n", error.c_str());
    std::fprintf(stderr, "chatd: %zu error(s) in %s\n", e.errors().size(), config_path.c_str());
    return 1;
  }
  if (check_only) {
    for (const auto& warning : chatd::config::config_warnings(*config)) {
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
    // The certificate and key too: what would stop the start-up must show here.
    if (config->tls) {
      try {
        auto tls = chatd::tls::TlsContext::load(*config->tls);
        for (const auto& warning : tls->warnings()) std::fprintf(stderr, "warning: %s\n", warning.c_str());
      } catch (const chatd::tls::TlsError& e) {
        std::fprintf(stderr, "%s\nchatd: 1 error(s) in %s\n", e.what(), config_path.c_str());
        return 1;
      }
    }
    std::printf("%s: configuration OK\n", config_path.c_str());
    return 0;
  }

  chatd::log::setup(config->log.level);
  chatd::sys::log_uncaught_exceptions();
  try {
    chatd::server::Server server(config);
    return server.run();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
}
