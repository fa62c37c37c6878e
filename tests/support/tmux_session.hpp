// TmuxSession: a program with a terminal, for tests that drive a real full-screen client (irssi):
// started in a detached tmux session on a tmux server of its own (its socket in a temp dir),
// typed at with send-keys, read with capture-pane, and the whole tmux server killed through
// that socket when the object goes (never by name).
//
// Use from the test's own thread only.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace chatd::test {

// Whether `program` is on PATH.
inline bool have_program(const std::string& program) {
  return run_program("sh", {"-c", "command -v \"$0\" >/dev/null", program}, 5000).status == 0;
}

class TmuxSession {
 public:
  // Runs `command` (a shell command line) in a 200x50 terminal. Throws std::runtime_error when
  // tmux cannot start it.
  explicit TmuxSession(const std::string& command) : socket_(dir_.path() + "/tmux.sock") {
    auto started = tmux({"new-session", "-d", "-s", "test", "-x", "200", "-y", "50", command});
    if (started.status != 0) throw std::runtime_error("tmux new-session: " + started.output);
  }
  ~TmuxSession() { tmux({"kill-server"}); }
  TmuxSession(const TmuxSession&) = delete;
  TmuxSession& operator=(const TmuxSession&) = delete;

  // Types `text` and presses Enter.
  void type_line(const std::string& text) const {
    tmux({"send-keys", "-t", "test", "-l", text});
    enter();
  }
  void enter() const { tmux({"send-keys", "-t", "test", "Enter"}); }
  // What the terminal shows now.
  std::string screen() const { return tmux({"capture-pane", "-p", "-t", "test"}).output; }
  // Waits (bounded) until the screen shows `text`.
  bool wait_for_screen(const std::string& text, int timeout_ms = 10000) const {
    return wait_until([&] { return contains(screen(), text); }, timeout_ms, 100);
  }
  const std::string& dir() const { return dir_.path(); }

 private:
  RunResult tmux(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-S", socket_});
    return run_program("tmux", args, 10000);
  }

  TempDir dir_;
  std::string socket_;
};

}  // namespace chatd::test
