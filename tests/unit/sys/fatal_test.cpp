// A fault that ends chatd must say why in the log. Each case runs the fault in a forked child
// whose stdout (spdlog's default sink) goes to a pipe, and checks how the child ended.
#include "sys/fatal.hpp"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

#include "event/event_loop.hpp"
#include "net/worker.hpp"

namespace {

struct Ending {
  int signal = 0;  // 0: the child exited normally
  std::string output;
};

Ending run_in_child(const std::function<void()>& body) {
  int out[2];
  REQUIRE(::pipe(out) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    rlimit no_core{0, 0};  // the abort is the expected outcome, not something to keep
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::signal(SIGABRT, SIG_DFL);  // doctest's crash handler would report the abort as its own
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    body();
    ::_exit(0);
  }
  ::close(out[1]);
  Ending ending;
  char chunk[4096];
  for (ssize_t n; (n = ::read(out[0], chunk, sizeof chunk)) > 0;)
    ending.output.append(chunk, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) ending.signal = WTERMSIG(status);
  return ending;
}

[[noreturn]] void raise(const char* what) { throw std::runtime_error(what); }
void throw_through_noexcept() noexcept { raise("boom in a handler"); }

}  // namespace

TEST_CASE("fatal: a worker whose loop throws logs which worker and why, then aborts") {
  auto ending = run_in_child([] {
    chatd::net::Worker worker(3, false);
    worker.start();
    worker.loop().post([] { throw std::runtime_error("boom in a task"); });
    worker.join();
  });
  CHECK(ending.signal == SIGABRT);
  CHECK(ending.output.find("fatal: worker 3 died: boom in a task") != std::string::npos);
}

TEST_CASE("fatal: an exception escaping a noexcept path is logged before the abort") {
  auto ending = run_in_child([] {
    chatd::sys::log_uncaught_exceptions();
    throw_through_noexcept();
  });
  CHECK(ending.signal == SIGABRT);
  CHECK(ending.output.find("fatal: uncaught exception: boom in a handler") != std::string::npos);
}

#ifndef NDEBUG
TEST_CASE("fatal: a loop-only call from another thread while the loop runs is caught and logged") {
  auto ending = run_in_child([] {
    chatd::net::Worker worker(0, false);
    worker.start();
    std::atomic<bool> running{false};
    worker.loop().post([&] { running = true; });
    while (!running) std::this_thread::yield();
    worker.loop().defer([] {});  // loop-only, from the test's thread: a thread-rule slip
    worker.loop().stop();
    worker.join();
  });
  CHECK(ending.signal == SIGABRT);
  CHECK(ending.output.find("EventLoop::defer: loop-only call from another thread") != std::string::npos);
}
#endif
