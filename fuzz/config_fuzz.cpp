// libFuzzer: config::parse_config on any text: it returns a Config or throws ConfigError,
// nothing else (no crash, no other exception).
#include <cstdint>
#include <string_view>

#include "config/config_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto config = chatd::config::parse_config(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    if (config.listen.empty()) __builtin_trap();
  } catch (const chatd::config::ConfigError&) {
  }
  return 0;
}
