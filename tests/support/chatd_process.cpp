#include "chatd_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

extern char** environ;

namespace chatd::test {
namespace {

using Clock = std::chrono::steady_clock;

std::system_error errno_error(const std::string& what) {
  return std::system_error(errno, std::generic_category(), what);
}

int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

int decode_status(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return -1;
}

// Closes an fd on scope exit; the harness has no use for a fuller fd type.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// posix_spawn's knobs, freed on scope exit. The child gets default signal dispositions and an
// empty mask so that whatever doctest or the test installed does not change how chatd behaves.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attr_);
    sigset_t none;
    sigemptyset(&none);
    sigset_t all;
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&attr_, &none);
    posix_spawnattr_setsigdefault(&attr_, &all);
    posix_spawnattr_setflags(&attr_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  // Standard input from this file ("/dev/null" unless a caller feeds a script its input).
  void set_stdin(const std::string& path) {
    posix_spawn_file_actions_addopen(&actions_, STDIN_FILENO, path.c_str(), O_RDONLY, 0);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  posix_spawn_file_actions_t* actions() { return &actions_; }

  // Spawns `binary` (searched in PATH when it has no '/') with argv[1..] = args; throws when
  // it cannot be started at all.
  pid_t spawn(const std::string& binary, const std::vector<std::string>& args) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, binary.c_str(), &actions_, &attr_, argv.data(), environ);
    if (rc != 0) {
      throw std::system_error(
          rc, std::generic_category(),
          "cannot start " + binary + (binary == chatd_binary() ? " (set CHATD to the chatd binary)" : ""));
    }
    return pid;
  }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attr_;
};

// One non-blocking connect attempt, so that a full backlog cannot stall the caller.
bool port_accepts(std::uint16_t port, int timeout_ms) {
  FdGuard fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return true;
  if (errno != EINPROGRESS) return false;
  pollfd p{fd.get(), POLLOUT, 0};
  if (::poll(&p, 1, timeout_ms) != 1) return false;
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
  return err == 0;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The end of a log is where the reason for a failed start is; keep exception messages readable.
std::string log_tail(const std::string& log) {
  constexpr std::size_t kMax = 4000;
  if (log.empty()) return "(chatd printed nothing)";
  if (log.size() <= kMax) return log;
  return "...\n" + log.substr(log.size() - kMax);
}

}  // namespace

std::uint16_t free_port() {
  FdGuard fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) throw errno_error("free_port: socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw errno_error("free_port: bind 127.0.0.1:0");
  }
  socklen_t len = sizeof addr;
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw errno_error("free_port: getsockname");
  }
  return ntohs(addr.sin_port);
}

namespace {
std::string binary_from_env(const char* variable, const char* fallback) {
  const char* env = std::getenv(variable);
  return env != nullptr && *env != '\0' ? std::string(env) : std::string(fallback);
}
}  // namespace

std::string chatd_binary() { return binary_from_env("CHATD", "build/chatd"); }

std::string chatctl_binary() { return binary_from_env("CHATCTL", "build/chatctl"); }

TempDir::TempDir() {
  std::string tmpl = "/tmp/chatd-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) throw errno_error("mkdtemp " + tmpl);
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::string& log_path, const std::string& stdin_path) {
  SpawnSetup setup;
  setup.set_stdin(stdin_path);
  posix_spawn_file_actions_addopen(setup.actions(), STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(setup.actions(), STDOUT_FILENO, STDERR_FILENO);
  pid_ = setup.spawn(program, args);
}

ChildProcess::~ChildProcess() { stop(); }

bool ChildProcess::reap(bool block) {
  if (reaped_) return true;
  if (pid_ <= 0) {
    reaped_ = true;
    return true;
  }
  int raw = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &raw, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    reaped_ = true;
    status_ = decode_status(raw);
  } else if (r < 0) {
    // ECHILD: nothing left to wait for; never signal a PID that may have been recycled.
    reaped_ = true;
  }
  return reaped_;
}

int ChildProcess::stop(int signal, int timeout_ms) {
  if (reap(false)) return status_;
  ::kill(pid_, signal);
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!reap(false)) {
    if (Clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      reap(true);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

bool ChildProcess::send_signal(int signal) {
  if (reap(false)) return false;
  return ::kill(pid_, signal) == 0;
}

bool ChildProcess::running() { return !reap(false); }

int ChildProcess::wait_exit(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!reap(false)) {
    if (Clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

ChatdProcess::ChatdProcess(std::string config_toml, std::uint16_t wait_port, ChatdOptions opts) {
  write_config(config_toml);
  std::vector<std::string> args{"--config", config_path()};
  args.insert(args.end(), opts.extra_args.begin(), opts.extra_args.end());
  child_.emplace(chatd_binary(), args, dir_.path() + "/chatd.log");
  if (opts.max_fds > 0) {
    // Set from outside (posix_spawn has no rlimit knob); chatd opens no client fd before it
    // listens, so the limit is in force before the first connection.
    rlimit limit{static_cast<rlim_t>(opts.max_fds), static_cast<rlim_t>(opts.max_fds)};
    if (::prlimit(child_->pid(), RLIMIT_NOFILE, &limit, nullptr) != 0) throw errno_error("prlimit RLIMIT_NOFILE");
  }

  if (!opts.expect_start) return;

  // A constructor that throws gets no destructor call, so every failure path reaps the child.
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (true) {
    if (!child_->running()) {
      throw std::runtime_error("chatd exited with status " + std::to_string(child_->stop()) +
                               " before listening on 127.0.0.1:" + std::to_string(wait_port) + "; its log:\n" +
                               log_tail(log()));
    }
    if (port_accepts(wait_port, std::max(1, std::min(200, ms_left(deadline))))) return;
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop(SIGKILL, 1000);
  throw std::runtime_error("chatd did not listen on 127.0.0.1:" + std::to_string(wait_port) +
                           " within 5 s; its log:\n" + log_tail(log()));
}

std::string ChatdProcess::log() const { return read_file(dir_.path() + "/chatd.log"); }

std::string ChatdProcess::config_path() const { return dir_.path() + "/chatd.toml"; }

void ChatdProcess::write_config(std::string_view config_toml) const {
  // Write-then-rename so that a reload triggered right after never reads half a file.
  const std::string tmp = config_path() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << config_toml;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, config_path());
}

ScopedEnv::ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
  if (const char* old = std::getenv(name_.c_str())) old_ = old;
  ::setenv(name_.c_str(), value.c_str(), 1);
}

ScopedEnv::~ScopedEnv() {
  if (old_) {
    ::setenv(name_.c_str(), old_->c_str(), 1);
  } else {
    ::unsetenv(name_.c_str());
  }
}

std::string basic_config(std::uint16_t port, std::string_view extra) {
  std::string text =
      "# Written by the black-box test harness.\n"
      "[server]\n"
      "name = \"test.chatd\"\n"
      "\n"
      "[[listen]]\n"
      "address = \"127.0.0.1:" +
      std::to_string(port) +
      "\"\n"
      "protocol = \"irc\"\n";
  if (!extra.empty()) {
    text += "\n";
    text += extra;
    if (text.back() != '\n') text += '\n';
  }
  return text;
}

RunResult run_chatd(const std::vector<std::string>& args) { return run_program(chatd_binary(), args); }

RunResult run_program(const std::string& program, const std::vector<std::string>& args, int timeout_ms,
                      const std::string& stdin_path) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw errno_error("run_program: pipe");
  FdGuard read_end(fds[0]);
  pid_t pid;
  {
    FdGuard write_end(fds[1]);
    SpawnSetup setup;
    setup.set_stdin(stdin_path);
    posix_spawn_file_actions_adddup2(setup.actions(), write_end.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(setup.actions(), write_end.get(), STDERR_FILENO);
    pid = setup.spawn(program, args);
  }  // our copy of the write end must go, or EOF never comes

  RunResult result{-1, {}};
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  while (true) {
    pollfd p{read_end.get(), POLLIN, 0};
    int n = ::poll(&p, 1, ms_left(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // out of time
    ssize_t got = ::read(read_end.get(), buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // EOF: every copy of the write end is closed
    result.output.append(buf, static_cast<std::size_t>(got));
  }

  int raw = 0;
  while (true) {
    pid_t r = ::waitpid(pid, &raw, WNOHANG);
    if (r == pid) {
      result.status = decode_status(raw);
      return result;
    }
    if (r < 0 && errno != EINTR) return result;
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
  }
  result.status = decode_status(raw);
  result.output += "\n[" + program + ": killed after " + std::to_string(timeout_ms) + " ms]\n";
  return result;
}

}  // namespace chatd::test
