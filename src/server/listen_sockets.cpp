#include "server/listen_sockets.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include "sys/socket.hpp"
#include "sys/systemd.hpp"

namespace chatd::server {
namespace {

bool same_address(const sys::SocketAddress& a, const sys::SocketAddress& b) {
  return a.family() == b.family() && a.port() == b.port() && a.host() == b.host();
}

// Only a listening TCP socket can be served by an Acceptor; anything else (a datagram or
// unix socket someone added to the unit) must not be mistaken for one.
std::optional<sys::SocketAddress> listening_tcp_address(int fd) {
  int type = 0;
  int listening = 0;
  socklen_t len = sizeof type;
  if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_STREAM) return std::nullopt;
  len = sizeof listening;
  if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) < 0 || !listening) return std::nullopt;
  try {
    sys::SocketAddress address = sys::local_address(fd);
    if (address.family() != AF_INET && address.family() != AF_INET6) return std::nullopt;
    return address;
  } catch (const std::system_error&) {
    return std::nullopt;
  }
}

}  // namespace

std::vector<std::optional<std::size_t>> match_passed_sockets(const std::vector<config::ListenSpec>& specs,
                                                             const std::vector<PassedSocketInfo>& passed) {
  std::vector<std::optional<std::size_t>> match(specs.size());
  std::vector<bool> used(passed.size(), false);
  // Addresses first: an exact address is the stronger statement, and it must not be taken
  // by an earlier entry that merely shares the protocol name.
  for (std::size_t s = 0; s < specs.size(); ++s) {
    const auto wanted = sys::SocketAddress::from_numeric(specs[s].host, specs[s].port);
    for (std::size_t p = 0; p < passed.size(); ++p) {
      if (!used[p] && passed[p].address && same_address(*passed[p].address, wanted)) {
        match[s] = p;
        used[p] = true;
        break;
      }
    }
  }
  for (std::size_t s = 0; s < specs.size(); ++s) {
    if (match[s]) continue;
    for (std::size_t p = 0; p < passed.size(); ++p) {
      // The port must agree too: a unit left on 6667 must not quietly serve an entry the
      // administrator moved to another port.
      if (!used[p] && passed[p].address && passed[p].name == specs[s].protocol &&
          passed[p].address->port() == specs[s].port) {
        match[s] = p;
        used[p] = true;
        break;
      }
    }
  }
  return match;
}

std::vector<sys::UniqueFd> open_listen_sockets(const std::vector<config::ListenSpec>& specs) {
  std::vector<sys::systemd::PassedSocket> passed = sys::systemd::take_passed_sockets();
  std::vector<PassedSocketInfo> infos;
  for (const auto& socket : passed) infos.push_back({socket.name, listening_tcp_address(socket.fd.get())});
  const auto match = match_passed_sockets(specs, infos);

  std::vector<sys::UniqueFd> fds;
  std::vector<bool> used(passed.size(), false);
  for (std::size_t s = 0; s < specs.size(); ++s) {
    const auto& spec = specs[s];
    if (match[s]) {
      const std::size_t p = *match[s];
      used[p] = true;
      spdlog::info("listening on {} ({}{}) for {}, socket '{}' from systemd", infos[p].address->to_string(),
                   spec.protocol, spec.tls ? ", TLS" : "", spec.address, passed[p].name);
      fds.push_back(std::move(passed[p].fd));
    } else {
      auto address = sys::SocketAddress::from_numeric(spec.host, spec.port);
      fds.push_back(sys::listen_tcp(address));
      spdlog::info("listening on {} ({}{})", address.to_string(), spec.protocol, spec.tls ? ", TLS" : "");
    }
  }
  for (std::size_t p = 0; p < passed.size(); ++p) {
    if (used[p]) continue;
    spdlog::warn("closing socket '{}' ({}) passed by systemd: it matches no [[listen]] entry", passed[p].name,
                 infos[p].address ? infos[p].address->to_string() : "not a listening TCP socket");
  }
  return fds;
}

}  // namespace chatd::server
