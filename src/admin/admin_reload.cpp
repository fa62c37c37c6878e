// reload: re-read the configuration through the same path as SIGHUP (server/config_reload),
// and say what changed and what needs a restart, or every error (the old config stays).
#include "admin/commands.hpp"

namespace chatd::admin {

Json run_reload(CommandContext& context, const Request& request) {
  request.allow_only({});
  if (!context.reload) throw Error("reload is not available");
  config::ReloadReport report = context.reload();
  if (!report.ok) {
    throw Error("reload failed: " + std::to_string(report.errors.size()) + " error(s) in " + report.source +
                    "; the running configuration is unchanged",
                {{"errors", report.errors}});
  }
  Json changed = Json::array();
  Json restart = Json::array();
  for (const auto& change : report.changes) {
    changed.push_back({{"key", change.key}, {"restart", change.needs_restart}});
    if (change.needs_restart) restart.push_back(change.key);
  }
  return {{"source", report.source}, {"changed", std::move(changed)}, {"restart_needed", std::move(restart)}};
}

}  // namespace chatd::admin
