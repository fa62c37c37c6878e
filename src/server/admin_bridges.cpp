#include "server/admin_bridges.hpp"

#include "irc/line_builder.hpp"

namespace chatd::server {

admin::Json AdminBridges::list() const {
  admin::Json out = admin::Json::array();
  for (const auto& bridge : thread_.bridges()) {
    const auto& spec = bridge->spec();
    auto stats = bridge->snapshot();
    out.push_back({
        {"channel", spec.channel},
        {"kind", spec.kind},
        {"destination", spec.destination() + ":" + std::to_string(spec.port)},
        {"interface", spec.interface},
        {"datagrams_in", stats.datagrams_in},
        {"bytes_in", stats.bytes_in},
        {"datagrams_out", stats.datagrams_out},
        {"bytes_out", stats.bytes_out},
        {"dropped", stats.dropped},
        {"rate_limited", stats.rate_limited},
    });
  }
  return out;
}

std::size_t AdminBridges::announce(std::string_view text) {
  const std::string notice = "[announcement] " + std::string(text);
  for (const auto& bridge : thread_.bridges()) {
    // The bridge turns a server NOTICE into "<server.name> text", as for channel notices,
    // but only the bridge hears it: the channel's IRC members are not addressed.
    auto line =
        chat::make_shared_line(irc::make_line(context_.server_name, "NOTICE", {bridge->spec().channel}, notice));
    context_.fanout.to_endpoint(bridge, std::move(line));
  }
  return thread_.bridges().size();
}

}  // namespace chatd::server
