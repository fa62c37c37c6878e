#include "cli/options.hpp"

#include <algorithm>

namespace chatd::cli {

namespace {

std::string left_column(const OptionSpec& option) {
  std::string text = "  ";
  text += option.short_name ? std::string{'-', option.short_name, ','} + " " : std::string("    ");
  text += option.long_name;
  if (!option.value_name.empty()) {
    text += ' ';
    text += option.value_name;
  }
  return text;
}

}  // namespace

std::string Args::rest_from(std::size_t first) const {
  std::string joined;
  for (std::size_t i = first; i < positional.size(); ++i) {
    if (i > first) joined += ' ';
    joined += positional[i];
  }
  return joined;
}

const OptionSpec* find_option(std::span<const OptionSpec> options, std::string_view arg, std::string& inline_value,
                              bool& has_inline_value) {
  has_inline_value = false;
  if (arg.size() == 2 && arg[0] == '-' && arg[1] != '-') {
    for (const auto& option : options) {
      if (option.short_name == arg[1]) return &option;
    }
    return nullptr;
  }
  std::string_view name = arg;
  if (auto eq = name.find('='); eq != std::string_view::npos && name.starts_with("--")) {
    inline_value = std::string(name.substr(eq + 1));
    has_inline_value = true;
    name = name.substr(0, eq);
  }
  for (const auto& option : options) {
    if (option.long_name == name) return &option;
  }
  return nullptr;
}

Args parse_args(const std::vector<std::string>& raw, std::span<const OptionSpec> options) {
  Args args;
  bool options_done = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string& arg = raw[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      args.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string value;
    bool inline_value = false;
    const OptionSpec* spec = find_option(options, arg, value, inline_value);
    if (!spec) throw UsageError("unknown option '" + arg + "'");
    const std::string name(spec->long_name);
    if (!spec->value_name.empty() && !inline_value) {
      if (i + 1 >= raw.size()) throw UsageError(name + " needs a value (" + std::string(spec->value_name) + ")");
      value = raw[++i];
    } else if (spec->value_name.empty() && inline_value) {
      throw UsageError(name + " takes no value");
    }
    args.options[name] = value;
  }
  return args;
}

std::string synopsis(std::span<const OptionSpec> options) {
  std::string text;
  for (const auto& option : options) {
    if (!text.empty()) text += ' ';
    text += '[';
    text += option.long_name;
    if (!option.value_name.empty()) {
      text += ' ';
      text += option.value_name;
    }
    text += ']';
  }
  return text;
}

std::string option_help(std::span<const OptionSpec> options) {
  // The help texts start two spaces past the longest "-x, --long VALUE".
  std::size_t column = 0;
  for (const auto& option : options) column = std::max(column, left_column(option).size() + 2);
  std::string text;
  for (const auto& option : options) {
    std::string line = left_column(option);
    line.append(column - line.size(), ' ');
    for (char c : option.help) {
      line += c;
      if (c == '\n') line.append(column, ' ');
    }
    text += line + "\n";
  }
  return text;
}

int usage_error(std::string_view program, std::string_view message, std::string_view try_command) {
  std::fprintf(stderr, "%.*s: %.*s\nTry '%.*s --help'.\n", static_cast<int>(program.size()), program.data(),
               static_cast<int>(message.size()), message.data(), static_cast<int>(try_command.size()),
               try_command.data());
  return kExitUsage;
}

}  // namespace chatd::cli
