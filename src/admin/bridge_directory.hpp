// BridgeDirectory: the seam between the admin endpoint and the datagram bridges (src/bridge/,
// which land from another branch). The server hands the admin a BridgeDirectory* once bridges
// exist; until then it is null, `bridges` answers {"bridges":[]} and announcements reach no
// bridge. Adding bridges to the admin means implementing these two calls, nothing else.
//
// Thread rules: both calls are made on the main loop; an implementation posts to whatever
// loop owns each bridge.
#pragma once

#include <cstddef>
#include <string_view>

#include "admin/request.hpp"

namespace chatd::admin {

class BridgeDirectory {
 public:
  virtual ~BridgeDirectory() = default;

  // One JSON object per bridge, the shape `chatctl bridges` and `chatctl stats` print:
  //   {"name":"lab-mcast", "kind":"multicast", "group":"239.1.2.3:5000", "channel":"#lab",
  //    "peers":3, "datagrams_in":120, "datagrams_out":118, "bytes_in":4800, "bytes_out":4700,
  //    "dropped":0}
  virtual Json list() const = 0;

  // Sends an announcement out through every bridge; returns how many bridges took it.
  virtual std::size_t announce(std::string_view text) = 0;
};

}  // namespace chatd::admin
