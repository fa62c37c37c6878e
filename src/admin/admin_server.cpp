#include "admin/admin_server.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "admin/admin_connection.hpp"
#include "sys/error.hpp"
#include "sys/socket.hpp"

namespace chatd::admin {

namespace {

constexpr std::size_t kScratchBytes = 64 * 1024;

// Connects to `path` and returns 0 when something accepts there, else connect's errno. Only
// ECONNREFUSED proves a socket file stale: EACCES, say, hides a live chatd we may not reach.
int connect_error(const std::string& path) {
  sys::UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!probe) return errno;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), std::min(path.size() + 1, sizeof address.sun_path - 1));
  return ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 ? 0 : errno;
}

// The directory must exist; a socket file left by a crashed daemon is replaced; anything else
// at the path is refused.
void prepare_socket_path(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (!std::filesystem::is_directory(directory)) {
    throw std::runtime_error("admin socket " + path + ": directory " + directory +
                             " does not exist (create it, e.g. with the unit's RuntimeDirectory=, or change "
                             "[admin] socket)");
  }
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return;
  if (!S_ISSOCK(st.st_mode)) throw std::runtime_error("admin socket " + path + " exists and is not a socket");
  const int error = connect_error(path);
  if (error == 0) throw std::runtime_error("admin socket " + path + " is in use by a running chatd");
  if (error == ENOENT) return;  // gone meanwhile
  if (error != ECONNREFUSED) {
    throw std::runtime_error("admin socket " + path + " may be in use by a running chatd: cannot connect to it (" +
                             std::strerror(error) + "), so it is left alone");
  }
  spdlog::info("admin: replacing stale socket {}", path);
  if (::unlink(path.c_str()) != 0) sys::throw_errno("unlink(" + path + ")");
}

std::optional<Peer> peer_of(int fd) {
  ucred credentials{};
  socklen_t size = sizeof credentials;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return std::nullopt;
  return Peer{credentials.pid, credentials.uid};
}

// Tells a peer we will not serve why, without blocking: a fresh socket has room for a line.
void refuse(int fd, const std::string& why) {
  std::string line = error_reply(Error(why), nullptr);
  (void)::send(fd, line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace

AdminServer::AdminServer(event::EventLoop& loop, const config::AdminSection& config, CommandContext context)
    : loop_(loop),
      path_(config.socket),
      policy_(config.group),
      context_(std::move(context)),
      scratch_(kScratchBytes),
      ticker_(loop, [this] { tick(); }) {
  prepare_socket_path(path_);
  sys::UniqueFd fd = sys::listen_unix(path_, policy_.gid() ? 0660 : 0600);
  if (policy_.gid() && ::chown(path_.c_str(), static_cast<uid_t>(-1), *policy_.gid()) != 0) {
    int err = errno;
    ::unlink(path_.c_str());
    sys::throw_error(err, "chown(" + path_ + ", group " + config.group + ")");
  }
  struct stat st;
  if (::stat(path_.c_str(), &st) == 0) {
    device_ = st.st_dev;
    inode_ = st.st_ino;
  }
  acceptor_ = std::make_unique<net::Acceptor>(
      loop_, std::move(fd), path_,
      [this](sys::UniqueFd client, const sys::SocketAddress&) { accept(std::move(client)); });
  spdlog::info("admin socket {} ({})", path_, policy_.gid() ? "group " + config.group : "root only");
  ticker_.schedule_every(std::chrono::seconds(1));
}

AdminServer::~AdminServer() {
  acceptor_.reset();
  connections_.clear();  // each one's FdWatch unregisters its fd before its UniqueFd closes it
  struct stat st;
  if (::stat(path_.c_str(), &st) == 0 && st.st_dev == device_ && st.st_ino == inode_) ::unlink(path_.c_str());
}

std::chrono::seconds AdminServer::idle_timeout() const {
  return std::chrono::seconds(context_.server.config()->admin.idle_timeout);
}

void AdminServer::accept(sys::UniqueFd fd) {
  auto peer = peer_of(fd.get());
  if (!peer) {
    spdlog::warn("{}", sys::errno_text(errno, "admin: SO_PEERCRED"));
    return;
  }
  const std::size_t open = connections_.size();
  if (open >= kMaxConnections || (open + 1 >= kMaxConnections && peer->uid != 0)) {
    spdlog::warn("admin: {} connections open; refusing uid {} pid {}", open, peer->uid, peer->pid);
    refuse(fd.get(), "too many admin connections open (" + std::to_string(open) + "); try again later");
    return;
  }
  auto connection = std::make_shared<AdminConnection>(*this, std::move(fd), *peer, policy_.refusal(peer->uid));
  connections_.emplace(connection.get(), connection);
  connection->start();
}

void AdminServer::tick() noexcept {
  const auto now = net::Connection::Clock::now();
  std::vector<std::shared_ptr<AdminConnection>> snapshot;
  for (auto& [raw, connection] : connections_) snapshot.push_back(connection);
  for (auto& connection : snapshot) connection->tick(now);
}

void AdminServer::mark_dirty(std::shared_ptr<net::Connection> connection) noexcept {
  loop_.defer([connection = std::move(connection)] { connection->flush(); });
}

void AdminServer::throttle(std::shared_ptr<net::Connection> connection) noexcept {
  // Unreachable at the admin rates (admin_connection.cpp); if it ever happens, the peer is a
  // runaway script, not an operator.
  loop_.defer([connection = std::move(connection)] { connection->close("Flooding the admin socket"); });
}

void AdminServer::forget(net::Connection* connection) noexcept {
  loop_.defer([this, connection] { connections_.erase(connection); });
}

}  // namespace chatd::admin
