// libFuzzer: cli::parse_args over any command line (arguments separated by NUL bytes) against
// a table like chatd's and chatctl's. It either throws cli::UsageError or returns only options
// from the table (flags without a value) and the other arguments in order, none lost.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/options.hpp"

namespace {

constexpr chatd::cli::OptionSpec kOptions[] = {
    {'c', "--config", "PATH", "a value"},
    {0, "--check", "", "a flag"},
    {'V', "--version", "", "a short flag"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args;
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(std::move(current));
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  args.push_back(current);
  try {
    auto parsed = chatd::cli::parse_args(args, kOptions);
    std::size_t consumed = parsed.positional.size();
    for (const auto& [name, value] : parsed.options) {
      if (name != "--config" && name != "--check" && name != "--version") std::abort();
      if (name != "--config" && !value.empty()) std::abort();
      ++consumed;
    }
    if (consumed > args.size()) std::abort();
    (void)chatd::cli::synopsis(kOptions);
    (void)chatd::cli::option_help(kOptions);
  } catch (const chatd::cli::UsageError&) {
  }
  return 0;
}
