// libFuzzer: AUTHENTICATE payloads. The input, cut into lines, is fed to a SaslExchange as
// a client would send its chunks; a finished message is parsed as PLAIN. No crash, a chunk
// sequence always ends within the size cap, and a decoded message is never longer than the
// encoded text allows.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "irc/sasl_exchange.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using chatd::irc::SaslExchange;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  SaslExchange exchange(size % 2 ? chatd::irc::SaslMechanism::kPlain : chatd::irc::SaslMechanism::kExternal);
  std::size_t fed = 0;
  while (!input.empty()) {
    const auto end = input.find('\n');
    std::string_view chunk = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    fed += chunk.size();
    const SaslExchange::Step step = exchange.feed(chunk);
    if (step == SaslExchange::Step::kMore) {
      if (fed > chatd::irc::kMaxSaslEncoded) std::abort();
      continue;
    }
    if (step == SaslExchange::Step::kDone) {
      if (exchange.message().size() > chatd::irc::kMaxSaslEncoded / 4 * 3) std::abort();
      (void)chatd::irc::parse_plain(exchange.message());
    }
    break;
  }
  (void)chatd::irc::decode_base64(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
