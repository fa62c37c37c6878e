#include "chatctl/cli.hpp"

namespace chatd::chatctl {

std::string Args::rest_from(std::size_t first) const {
  std::string joined;
  for (std::size_t i = first; i < positional.size(); ++i) {
    if (i > first) joined += ' ';
    joined += positional[i];
  }
  return joined;
}

Args parse_args(const std::vector<std::string>& raw, std::initializer_list<OptionSpec> options) {
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
    std::string_view name = arg;
    std::string value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string_view::npos) {
      value = std::string(name.substr(eq + 1));
      name = name.substr(0, eq);
      inline_value = true;
    }
    const OptionSpec* spec = nullptr;
    for (const auto& option : options) {
      if (option.name == name) spec = &option;
    }
    if (!spec) throw UsageError("unknown option " + std::string(name));
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= raw.size()) throw UsageError(std::string(name) + " needs a value");
      value = raw[++i];
    } else if (!spec->takes_value && inline_value) {
      throw UsageError(std::string(name) + " takes no value");
    }
    args.options[std::string(name)] = value;
  }
  return args;
}

void require_positional(const Args& args, std::size_t min, std::size_t max) {
  if (args.positional.size() < min) throw UsageError("missing argument");
  if (args.positional.size() > max) throw UsageError("unexpected argument \"" + args.positional[max] + "\"");
}

Json new_request(std::string_view command) { return {{"v", admin::kProtocolVersion}, {"cmd", std::string(command)}}; }

Json build_request(const CommandSpec& command, const std::vector<std::string>& raw) {
  if (command.request) return command.request(raw);
  require_positional(parse_args(raw, {}), 0, 0);
  return new_request(command.name);
}

}  // namespace chatd::chatctl
