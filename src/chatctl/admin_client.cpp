#include "chatctl/admin_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace chatd::chatctl {

namespace {

using Clock = std::chrono::steady_clock;

std::string why_not(int err) {
  switch (err) {
    case ENOENT:
      return "no such socket (is chatd running, with [admin] socket set to this path?)";
    case ECONNREFUSED:
      return "connection refused (chatd is not running; the socket file is left over)";
    case EACCES:
    case EPERM:
      return "permission denied (use root or a member of the group set in [admin] group)";
    default:
      return std::strerror(err);
  }
}

int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

}  // namespace

AdminClient::AdminClient(std::string path, std::chrono::milliseconds timeout)
    : path_(std::move(path)), timeout_(timeout) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path_.size() >= sizeof address.sun_path) throw Unreachable("cannot use " + path_ + ": path too long");
  std::memcpy(address.sun_path, path_.c_str(), path_.size() + 1);
  fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd_) throw Unreachable(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw Unreachable("cannot connect to " + path_ + ": " + why_not(errno));
  }
}

admin::Json AdminClient::call(const admin::Json& request) {
  const auto deadline = Clock::now() + timeout_;
  std::string line = request.dump() + "\n";
  std::string_view rest = line;
  while (!rest.empty()) {
    pollfd p{fd_.get(), POLLOUT, 0};
    if (::poll(&p, 1, ms_left(deadline)) == 0) throw Unreachable("timed out sending to " + path_);
    ssize_t n = ::send(fd_.get(), rest.data(), rest.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) break;  // a refusing daemon may close early: its reply can still be waiting
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  std::size_t lf;
  while ((lf = buffer_.find('\n')) == std::string::npos) {
    pollfd p{fd_.get(), POLLIN, 0};
    int ready = ::poll(&p, 1, ms_left(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      throw Unreachable("no reply from " + path_ + " within " + std::to_string(timeout_.count() / 1000.0).substr(0, 4) +
                        " s");
    }
    char chunk[65536];
    ssize_t n = ::recv(fd_.get(), chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Unreachable(path_ + " closed the connection without replying");
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
  std::string reply = buffer_.substr(0, lf);
  buffer_.erase(0, lf + 1);
  admin::Json parsed = admin::Json::parse(reply, nullptr, false);
  if (!parsed.is_object()) throw Unreachable(path_ + " sent a reply that is not a JSON object: " + reply);
  return parsed;
}

}  // namespace chatd::chatctl
