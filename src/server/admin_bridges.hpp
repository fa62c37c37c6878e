// AdminBridges: the admin endpoint's view of the datagram bridges (admin::BridgeDirectory
// implemented over bridge::BridgeThread): their settings and counters, and announcements
// sent out through them.
//
// Thread rules: called on the main loop; announcements are posted to the bridge thread.
#pragma once

#include "admin/bridge_directory.hpp"
#include "bridge/bridge_thread.hpp"
#include "irc/server_context.hpp"

namespace chatd::server {

class AdminBridges final : public admin::BridgeDirectory {
 public:
  AdminBridges(bridge::BridgeThread& thread, irc::ServerContext& context) : thread_(thread), context_(context) {}

  admin::Json list() const override;
  std::size_t announce(std::string_view text) override;

 private:
  bridge::BridgeThread& thread_;
  irc::ServerContext& context_;
};

}  // namespace chatd::server
