#include "server/config_reload.hpp"

#include <spdlog/spdlog.h>

#include "cluster/cluster.hpp"
#include "config/config_loader.hpp"
#include "irc/declared_channels.hpp"
#include "log/logging.hpp"
#include "metrics/labels.hpp"
#include "metrics/loop_counters.hpp"

namespace chatd::server {

std::shared_ptr<const tls::TlsContext> load_tls(const config::Config& config) {
  auto context = tls::TlsContext::load(*config.tls);
  for (const auto& warning : context->warnings()) spdlog::warn("{}", warning);
  for (const auto& warning : config::config_warnings(config)) spdlog::warn("{}", warning);
  return context;
}

config::ReloadReport reload_config(irc::ServerContext& context, const config::Config& started,
                                   std::shared_ptr<const tls::TlsContext>& tls) {
  auto running = context.config();
  config::ReloadReport report;
  report.source = running->source;
  std::shared_ptr<const config::Config> fresh;
  std::shared_ptr<const tls::TlsContext> fresh_tls = tls;
  try {
    fresh = std::make_shared<const config::Config>(config::load_config(running->source));
    // Without [tls] the running listeners keep the certificate they have until a restart
    // (removing a TLS listener needs one too).
    if (fresh->tls) fresh_tls = load_tls(*fresh);
  } catch (const config::ConfigError& e) {
    report.errors = e.errors();
  } catch (const tls::TlsError& e) {
    report.errors = {e.what()};
  }
  if (!report.errors.empty()) {
    for (const auto& error : report.errors) spdlog::error("reload: {}", error);
    spdlog::error("reload failed; keeping the running configuration{}", tls ? " and certificate" : "");
    metrics::this_loop().reloads[metrics::kResultFailed].add();
    return report;
  }
  report.ok = true;
  if (fresh_tls && fresh_tls != tls) spdlog::info("reload: new TLS handshakes use {}", fresh_tls->summary());
  tls = std::move(fresh_tls);
  report.changes = config::diff_config(started, *running, *fresh);
  log::set_level(fresh->log.level);
  irc::apply_declared_channels(context, *fresh, started.listen);
  if (context.history) context.history->set_limits({fresh->history.channel_lines, fresh->history.max_age_days});
  if (context.cluster) context.cluster->set_history_limits({fresh->history.channel_lines, fresh->history.max_age_days});
  context.set_config(std::move(fresh));
  for (const auto& change : report.changes) {
    spdlog::info("reload: {} changed{}", change.key, change.needs_restart ? " (takes effect after a restart)" : "");
  }
  spdlog::info("configuration reloaded from {} ({} key(s) changed)", report.source, report.changes.size());
  metrics::this_loop().reloads[metrics::kResultOk].add();
  return report;
}

}  // namespace chatd::server
