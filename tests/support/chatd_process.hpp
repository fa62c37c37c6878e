// ChatdProcess: one real chatd daemon started for a black-box test, on a config the test writes
// into its own temporary directory, and reliably stopped again. Plus the small helpers that go
// with it (free ports, temp dirs, one-shot runs of the binary).
//
// The binary is $CHATD, or "build/chatd" (relative to the working directory) when unset.
// Nothing here is thread-safe: use each object from the test's own thread.
#pragma once

#include <sys/types.h>

#include <csignal>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::test {

// Picks a free TCP port on 127.0.0.1 (bind port 0, read it back, close).
// Another process may grab it before chatd binds it; on a test machine that race is rare enough.
std::uint16_t free_port();

// The chatd binary under test: $CHATD, or "build/chatd".
std::string chatd_binary();

// The chatctl binary under test: $CHATCTL, or "build/chatctl".
std::string chatctl_binary();

// Sets an environment variable for the length of a scope and then puts the old value back,
// e.g. CHATD pointing at a stand-in script in the harness self-test.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// A fresh directory under /tmp (mkdtemp), removed recursively with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct ChatdOptions {
  std::vector<std::string> extra_args;  // appended after "--config <file>"
  bool expect_start = true;             // false: do not wait for the listener (e.g. bad configs)
  int max_fds = 0;                      // > 0: RLIMIT_NOFILE for chatd (fd-exhaustion tests)
};

// A child process started with posix_spawnp, its stdout and stderr going to `log_path`. The
// destructor always stops and reaps it, so no test leaves a process behind; signals go to its
// PID only, and never after it has been reaped.
class ChildProcess {
 public:
  ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::string& log_path,
               const std::string& stdin_path = "/dev/null");
  ~ChildProcess();  // stop()
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Sends `signal`, waits up to timeout_ms for the exit, then SIGKILLs. Returns the exit status
  // (WEXITSTATUS, or 128+signal when killed by one). Idempotent: later calls return the same value.
  int stop(int signal = SIGTERM, int timeout_ms = 5000);

  // Sends a signal without waiting (e.g. SIGHUP to make chatd reload). False if it has exited.
  bool send_signal(int signal);

  // Whether the process is still alive (reaps it if it has exited).
  bool running();

  // Waits up to timeout_ms for the process to exit on its own; returns its status, or -1 if it is
  // still running (it is left running then).
  int wait_exit(int timeout_ms = 5000);

 private:
  bool reap(bool block);

  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = -1;
};

// A chatd child process. The destructor always reaps it, so no test leaves a daemon behind.
class ChatdProcess {
 public:
  // Writes `config_toml` to <tempdir>/chatd.toml, spawns CHATD --config <that file> with stdout and
  // stderr going to <tempdir>/chatd.log, and waits up to 5 s until 127.0.0.1:wait_port accepts a
  // TCP connection. Throws std::runtime_error (with chatd's log in the message) if it cannot be
  // spawned, exits early, or never listens; the child is already reaped by then.
  // With opts.expect_start == false it returns right after spawning.
  ChatdProcess(std::string config_toml, std::uint16_t wait_port, ChatdOptions opts = {});
  ~ChatdProcess() { stop(); }  // SIGTERM, up to 5 s, then SIGKILL
  ChatdProcess(const ChatdProcess&) = delete;
  ChatdProcess& operator=(const ChatdProcess&) = delete;

  pid_t pid() const { return child_->pid(); }
  // See ChildProcess.
  int stop(int signal = SIGTERM, int timeout_ms = 5000) { return child_->stop(signal, timeout_ms); }
  bool send_signal(int signal) { return child_->send_signal(signal); }
  bool running() { return child_->running(); }
  int wait_exit(int timeout_ms = 5000) { return child_->wait_exit(timeout_ms); }

  // Everything chatd printed so far (stdout and stderr interleaved).
  std::string log() const;

  // Its temp dir: tests may write more files there (a motd file, a second config for reload).
  const std::string& dir() const { return dir_.path(); }
  std::string config_path() const;

  // Replaces the config file's text, e.g. before send_signal(SIGHUP).
  void write_config(std::string_view config_toml) const;

 private:
  TempDir dir_;
  std::optional<ChildProcess> child_;
};

// A minimal config: server name "test.chatd" and one irc listener on 127.0.0.1:<port>, with `extra`
// appended verbatim (e.g. "[limits]\nping_interval = 1\n"). `extra` must not reopen [server] or
// redefine the listener: TOML forbids a table twice.
std::string basic_config(std::uint16_t port, std::string_view extra = "");

struct RunResult {
  int status;          // WEXITSTATUS, or 128+signal; 128+SIGKILL if it ran out of time
  std::string output;  // stdout and stderr interleaved
};

// Runs CHATD with `args` (no server expected).
RunResult run_chatd(const std::vector<std::string>& args);

// Runs `program` (searched in PATH), capturing its output and exit status, bounded to timeout_ms, stdin from
// stdin_path.
RunResult run_program(const std::string& program, const std::vector<std::string>& args, int timeout_ms = 10000,
                      const std::string& stdin_path = "/dev/null");

}  // namespace chatd::test
