#include "chatctl/cli.hpp"

namespace chatd::chatctl {

void require_positional(const Args& args, std::size_t min, std::size_t max) {
  if (args.positional.size() < min) throw UsageError("missing argument");
  if (args.positional.size() > max) throw UsageError("unexpected argument '" + args.positional[max] + "'");
}

Json new_request(std::string_view command) { return {{"v", admin::kProtocolVersion}, {"cmd", std::string(command)}}; }

Json build_request(const CommandSpec& command, const std::vector<std::string>& raw) {
  Args args = cli::parse_args(raw, command.options);
  if (command.request) return command.request(args);
  require_positional(args, 0, 0);
  return new_request(command.name);
}

}  // namespace chatd::chatctl
