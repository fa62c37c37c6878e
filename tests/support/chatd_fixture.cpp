#include "support/chatd_fixture.hpp"

#include <utility>

#include "support/text.hpp"
#include "support/wait.hpp"

namespace chatd::test {

std::string ChatdConfig::text(std::uint16_t port) const {
  std::string out = "# Written by the black-box test fixture.\n[server]\nname = \"" + name + "\"\n";
  if (workers) out += "workers = " + std::to_string(*workers) + "\n";
  out += server;
  out += "\n[[listen]]\naddress = \"127.0.0.1:" + std::to_string(port) + "\"\nprotocol = \"irc\"\n";
  for (const auto& listener : listeners) {
    out += "\n[[listen]]\naddress = \"127.0.0.1:" + std::to_string(listener.port) + "\"\nprotocol = \"" +
           listener.protocol + "\"\n" + listener.keys;
  }
  if (!limits.empty()) out += "\n[limits]\n" + limits;
  if (!extra.empty()) out += "\n" + extra;
  if (out.back() != '\n') out += '\n';
  return out;
}

namespace {

std::uint16_t last_port(std::uint16_t port, const ChatdConfig& config) {
  return config.listeners.empty() ? port : config.listeners.back().port;
}

ChatdConfig keys_and_extra(std::string_view server_keys, std::string_view extra) {
  ChatdConfig config;
  config.server = server_keys;
  config.extra = extra;
  return config;
}

}  // namespace

Chatd::Chatd(ChatdConfig config_in, ChatdOptions options)
    : Chatd(std::move(config_in), std::move(options), free_port()) {}

Chatd::Chatd(ChatdConfig config_in, ChatdOptions options, std::uint16_t port_in)
    : port(port_in),
      config(std::move(config_in)),
      process(config.text(port), last_port(port, config), std::move(options)) {}

Chatd::Chatd(std::string_view server_keys, std::string_view extra) : Chatd(keys_and_extra(server_keys, extra)) {}

IrcClient Chatd::registered(std::string_view nick) const {
  IrcClient client(port);
  client.register_as(nick);
  return client;
}

IrcClient Chatd::registered(std::string_view nick, std::vector<std::string>& welcome) const {
  IrcClient client(port);
  welcome = client.register_as(nick);
  return client;
}

void Chatd::write_config(ChatdConfig next) {
  config = std::move(next);
  process.write_config(config.text(port));
}

bool wait_for_log(const ChatdProcess& chatd, std::string_view needle, int timeout_ms) {
  return wait_until([&] { return contains(chatd.log(), needle); }, timeout_ms);
}

}  // namespace chatd::test
