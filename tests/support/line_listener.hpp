// Configs for black-box tests of "line" listeners. The IRC listener comes last: chatd opens
// listeners in config order, so waiting for it (ChatdProcess's wait_port) means the line
// listener is open too, and no probe connection to the line port uses up a guest number.
// Use from the test's own thread.
#pragma once

#include <cstdint>
#include <string>

namespace chatd::test {

// Server "test.chatd"; a line listener on 127.0.0.1:<line_port> for `channel` with
// `line_keys` added to its table (e.g. "welcome = \"hi\"\n"); an IRC listener on
// 127.0.0.1:<irc_port>; then `extra` (more tables).
inline std::string line_chat_config(std::uint16_t irc_port, std::uint16_t line_port, const std::string& line_keys,
                                    const std::string& extra = "", const std::string& channel = "#lobby") {
  return "[server]\nname = \"test.chatd\"\n\n[[listen]]\naddress = \"127.0.0.1:" + std::to_string(line_port) +
         "\"\nprotocol = \"line\"\nchannel = \"" + channel + "\"\n" + line_keys +
         "\n[[listen]]\naddress = \"127.0.0.1:" + std::to_string(irc_port) + "\"\nprotocol = \"irc\"\n\n" + extra;
}

}  // namespace chatd::test
