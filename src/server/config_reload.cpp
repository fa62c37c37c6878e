#include "server/config_reload.hpp"

#include <spdlog/spdlog.h>

#include "config/config_loader.hpp"
#include "irc/declared_channels.hpp"
#include "log/logging.hpp"
#include "metrics/labels.hpp"
#include "metrics/loop_counters.hpp"

namespace chatd::server {

config::ReloadReport reload_config(irc::ServerContext& context, const config::Config& started) {
  auto running = context.config();
  config::ReloadReport report;
  report.source = running->source;
  std::shared_ptr<const config::Config> fresh;
  try {
    fresh = std::make_shared<const config::Config>(config::load_config(running->source));
  } catch (const config::ConfigError& e) {
    report.errors = e.errors();
    for (const auto& error : report.errors) spdlog::error("reload: {}", error);
    spdlog::error("reload failed; keeping the running configuration");
    metrics::this_loop().reloads[metrics::kResultFailed].add();
    return report;
  }
  report.ok = true;
  report.changes = config::diff_config(started, *running, *fresh);
  log::set_level(fresh->log.level);
  irc::apply_declared_channels(context, *fresh, started.listen);
  context.set_config(std::move(fresh));
  for (const auto& change : report.changes) {
    spdlog::info("reload: {} changed{}", change.key, change.needs_restart ? " (takes effect after a restart)" : "");
  }
  spdlog::info("configuration reloaded from {} ({} key(s) changed)", report.source, report.changes.size());
  metrics::this_loop().reloads[metrics::kResultOk].add();
  return report;
}

}  // namespace chatd::server
