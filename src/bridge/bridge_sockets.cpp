#include "bridge/bridge_sockets.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "sys/error.hpp"
#include "sys/socket.hpp"

namespace chatd::bridge {
namespace {

// The interface a bridge joins and sends on, found from a name or one of its addresses.
struct Interface {
  std::string name;
  unsigned index = 0;
  std::vector<sys::SocketAddress> addresses;  // of the bridge's family, port 0
};

bool same_host(const sys::SocketAddress& a, const sys::SocketAddress& b) noexcept {
  if (a.family() != b.family()) return false;
  if (a.family() == AF_INET) {
    return reinterpret_cast<const sockaddr_in*>(a.data())->sin_addr.s_addr ==
           reinterpret_cast<const sockaddr_in*>(b.data())->sin_addr.s_addr;
  }
  if (a.family() == AF_INET6) {
    return IN6_ARE_ADDR_EQUAL(&reinterpret_cast<const sockaddr_in6*>(a.data())->sin6_addr,
                              &reinterpret_cast<const sockaddr_in6*>(b.data())->sin6_addr);
  }
  return false;
}

sys::SocketAddress from_sockaddr(const sockaddr* sa) {
  sys::SocketAddress address;
  const socklen_t size = sa->sa_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  std::memcpy(address.data(), sa, size);
  *address.size_ptr() = size;
  return address;
}

// Every address of `family` on this host, on any interface.
std::vector<sys::SocketAddress> local_addresses(int family) {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) < 0) sys::throw_errno("getifaddrs");
  std::unique_ptr<ifaddrs, decltype(&::freeifaddrs)> owner(list, &::freeifaddrs);
  std::vector<sys::SocketAddress> out;
  for (const ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr != nullptr && ifa->ifa_addr->sa_family == family) out.push_back(from_sockaddr(ifa->ifa_addr));
  }
  return out;
}

Interface find_interface(const std::string& spec, int family) {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) < 0) sys::throw_errno("getifaddrs");
  std::unique_ptr<ifaddrs, decltype(&::freeifaddrs)> owner(list, &::freeifaddrs);
  std::optional<sys::SocketAddress> wanted;
  in6_addr probe{};
  if (::inet_pton(AF_INET, spec.c_str(), &probe) == 1 || ::inet_pton(AF_INET6, spec.c_str(), &probe) == 1) {
    wanted = sys::SocketAddress::from_numeric(spec, 0);
  }
  Interface found;
  for (const ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr == nullptr || ifa->ifa_addr->sa_family != family) continue;
    if (wanted ? !same_host(*wanted, from_sockaddr(ifa->ifa_addr)) : spec != ifa->ifa_name) continue;
    if (found.name.empty()) found.name = ifa->ifa_name;
    if (found.name == ifa->ifa_name) found.addresses.push_back(from_sockaddr(ifa->ifa_addr));
  }
  if (found.name.empty()) {
    sys::throw_error(EADDRNOTAVAIL, "interface " + spec + ": no " + (family == AF_INET ? "IPv4" : "IPv6") +
                                        " address of that name or value is up");
  }
  // A name or an explicit address pins the addresses we send from to this interface alone.
  if (wanted) found.addresses = {*wanted};
  found.index = ::if_nametoindex(found.name.c_str());
  if (found.index == 0) sys::throw_errno("if_nametoindex(" + found.name + ")");
  return found;
}

void set_option(int fd, int level, int name, const void* value, socklen_t size, const char* what) {
  if (::setsockopt(fd, level, name, value, size) < 0) sys::throw_errno(what);
}

void set_int(int fd, int level, int name, int value, const char* what) {
  set_option(fd, level, name, &value, sizeof value, what);
}

sys::UniqueFd udp_socket(int family) {
  sys::UniqueFd fd(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP));
  if (!fd) sys::throw_errno("socket(UDP)");
  return fd;
}

void bind_to(int fd, const sys::SocketAddress& address) {
  if (::bind(fd, address.data(), address.size()) < 0) sys::throw_errno("bind(" + address.to_string() + ")");
}

// rx shares its port with other listeners on this host (the lab's receivers use SO_REUSEADDR).
sys::UniqueFd shared_receiver(int family) {
  sys::UniqueFd rx = udp_socket(family);
  set_int(rx.get(), SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
  set_int(rx.get(), SOL_SOCKET, SO_REUSEPORT, 1, "setsockopt(SO_REUSEPORT)");
  if (family == AF_INET6) set_int(rx.get(), IPPROTO_IPV6, IPV6_V6ONLY, 1, "setsockopt(IPV6_V6ONLY)");
  return rx;
}

void open_multicast_v4(const config::BridgeSpec& spec, const Interface& itf, BridgeSockets& s) {
  const in_addr group = reinterpret_cast<const sockaddr_in*>(s.destination.data())->sin_addr;
  const in_addr local = reinterpret_cast<const sockaddr_in*>(itf.addresses.front().data())->sin_addr;
  ip_mreqn mreq{};
  mreq.imr_multiaddr = group;
  mreq.imr_address = local;
  mreq.imr_ifindex = static_cast<int>(itf.index);

  s.rx = shared_receiver(AF_INET);
  // Bound to the group, not INADDR_ANY: other groups on the same port are not ours.
  bind_to(s.rx.get(), s.destination);
  set_int(s.rx.get(), IPPROTO_IP, IP_MULTICAST_ALL, 0, "setsockopt(IP_MULTICAST_ALL)");
  set_option(s.rx.get(), IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq, "setsockopt(IP_ADD_MEMBERSHIP)");

  s.tx = udp_socket(AF_INET);
  bind_to(s.tx.get(), itf.addresses.front());
  set_option(s.tx.get(), IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof mreq, "setsockopt(IP_MULTICAST_IF)");
  set_int(s.tx.get(), IPPROTO_IP, IP_MULTICAST_TTL, static_cast<int>(spec.ttl), "setsockopt(IP_MULTICAST_TTL)");
  set_int(s.tx.get(), IPPROTO_IP, IP_MULTICAST_LOOP, spec.loop ? 1 : 0, "setsockopt(IP_MULTICAST_LOOP)");
}

void open_multicast_v6(const config::BridgeSpec& spec, const Interface& itf, BridgeSockets& s) {
  auto* group = reinterpret_cast<sockaddr_in6*>(s.destination.data());
  // Link-scoped groups (ff02::...) need their interface named even to bind and send.
  group->sin6_scope_id = itf.index;
  ipv6_mreq mreq{};
  mreq.ipv6mr_multiaddr = group->sin6_addr;
  mreq.ipv6mr_interface = itf.index;

  s.rx = shared_receiver(AF_INET6);
  bind_to(s.rx.get(), s.destination);
  set_int(s.rx.get(), IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0, "setsockopt(IPV6_MULTICAST_ALL)");
  set_option(s.rx.get(), IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq, "setsockopt(IPV6_JOIN_GROUP)");

  s.tx = udp_socket(AF_INET6);
  // The kernel picks the source address (link-local for ff02:: groups); any address of this
  // host on tx's port is ours.
  bind_to(s.tx.get(), sys::SocketAddress::from_numeric("::", 0));
  s.own_hosts = local_addresses(AF_INET6);
  set_int(s.tx.get(), IPPROTO_IPV6, IPV6_MULTICAST_IF, static_cast<int>(itf.index), "setsockopt(IPV6_MULTICAST_IF)");
  set_int(s.tx.get(), IPPROTO_IPV6, IPV6_MULTICAST_HOPS, static_cast<int>(spec.ttl), "setsockopt(IPV6_MULTICAST_HOPS)");
  set_int(s.tx.get(), IPPROTO_IPV6, IPV6_MULTICAST_LOOP, spec.loop ? 1 : 0, "setsockopt(IPV6_MULTICAST_LOOP)");
}

void open_broadcast(const Interface& itf, BridgeSockets& s) {
  s.rx = shared_receiver(AF_INET);
  // Broadcasts arrive addressed to the subnet's or the limited broadcast address, so only
  // INADDR_ANY hears both.
  bind_to(s.rx.get(), sys::SocketAddress::from_numeric("0.0.0.0", s.destination.port()));

  s.tx = udp_socket(AF_INET);
  bind_to(s.tx.get(), itf.addresses.front());
  set_int(s.tx.get(), SOL_SOCKET, SO_BROADCAST, 1, "setsockopt(SO_BROADCAST)");
  // 255.255.255.255 leaves by the default route unless the socket is tied to a device; that
  // needs CAP_NET_RAW, so without it the limited broadcast follows the routing table.
  ::setsockopt(s.tx.get(), SOL_SOCKET, SO_BINDTODEVICE, itf.name.c_str(), static_cast<socklen_t>(itf.name.size()));
}

}  // namespace

bool BridgeSockets::is_own(const sys::SocketAddress& sender) {
  if (sender.port() != tx_local.port()) return false;
  if (sender.family() == AF_INET) return same_host(sender, tx_local);
  const auto known = [&] {
    return std::any_of(own_hosts.begin(), own_hosts.end(), [&](const auto& host) { return same_host(sender, host); });
  };
  if (known()) return true;
  try {
    own_hosts = local_addresses(AF_INET6);
  } catch (const std::exception&) {
    return false;
  }
  return known();
}

BridgeSockets open_bridge_sockets(const config::BridgeSpec& spec) {
  BridgeSockets s;
  s.destination = sys::SocketAddress::from_numeric(spec.destination(), spec.port);
  const Interface itf = find_interface(spec.interface, s.destination.family());
  if (!spec.multicast()) {
    open_broadcast(itf, s);
  } else if (s.destination.family() == AF_INET) {
    open_multicast_v4(spec, itf, s);
  } else {
    open_multicast_v6(spec, itf, s);
  }
  s.tx_local = sys::local_address(s.tx.get());
  return s;
}

}  // namespace chatd::bridge
