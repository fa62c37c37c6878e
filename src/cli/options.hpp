// The command-line options of chatd and chatctl, each written once as an OptionSpec table that
// both the parser and --help read, so what a program accepts and what it says it accepts never
// differ (tests/blackbox/21-docs_test.cpp holds the man pages to the same tables). Also the one
// way both programs answer a usage error. Pure code, single-threaded like the programs.
#pragma once

#include <cstdio>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::cli {

inline constexpr int kExitUsage = 2;

struct OptionSpec {
  char short_name;              // 'c' for -c; 0: none
  std::string_view long_name;   // "--config"
  std::string_view value_name;  // "PATH"; empty: a flag
  std::string_view help;        // one line; '\n' continues it on the next line, aligned
};

// The command line is wrong: the message, then exit 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A command line after the program (or command) name: options by long name (flags map to "")
// and the rest, in order. "--" ends the options, so text starting with '-' can still be given.
struct Args {
  std::map<std::string, std::string, std::less<>> options;
  std::vector<std::string> positional;

  bool has(std::string_view option) const { return options.find(option) != options.end(); }
  // Positional args from `first` on, joined by spaces (an unquoted announcement still works).
  std::string rest_from(std::size_t first) const;
};

// The option `arg` names: "-c", "--config" or "--config=PATH" (then `inline_value` is set).
// nullptr when `arg` is none of them.
const OptionSpec* find_option(std::span<const OptionSpec> options, std::string_view arg, std::string& inline_value,
                              bool& has_inline_value);

// Parses all of `raw`; throws UsageError on an unknown option or a missing or extra value.
Args parse_args(const std::vector<std::string>& raw, std::span<const OptionSpec> options);

// "[--config PATH] [--check-config]": the options as a synopsis.
std::string synopsis(std::span<const OptionSpec> options);
// One aligned line per option ("  -c, --config PATH   configuration file"), for --help.
std::string option_help(std::span<const OptionSpec> options);

// "<program>: <message>" and "Try '<try_command> --help'." on stderr; returns kExitUsage.
int usage_error(std::string_view program, std::string_view message, std::string_view try_command);

}  // namespace chatd::cli
