// libFuzzer: irc::parse_who_options on any second WHO parameter, then the reply it asks for:
// every reply is one line within 512 bytes that ends in CR LF, and a WHOX reply carries one
// parameter per requested field.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "irc/whox.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view arg(reinterpret_cast<const char*>(data), size);
  auto options = chatd::irc::parse_who_options(arg);
  if (!options) return 0;
  if (options->token.size() > 3) std::abort();
  chatd::irc::WhoEntry entry;
  entry.username = "user";
  entry.host = "10.0.0.1";
  entry.nick = "nick";
  entry.flags = "H@";
  entry.realname = std::string(arg.substr(0, 600));
  std::string out;
  chatd::irc::append_who_reply(out, "server", "me", *options, entry);
  if (out.size() > 512 || !out.ends_with("\r\n") || out.find('\n') != out.size() - 1) std::abort();
  return 0;
}
