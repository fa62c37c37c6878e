// Helpers for black-box tests that administer chatd through its admin socket: the [admin]
// table for a socket in a test's temp dir, and the real chatctl ($CHATCTL) pointed at it.
// Use from the test's own thread.
#pragma once

#include <grp.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "support/chatd_process.hpp"

namespace chatd::test {

// The caller's primary group: a group the test may put on the socket and still use it.
inline std::string own_group() {
  group* g = ::getgrgid(::getgid());
  return g ? g->gr_name : "root";
}

// "[admin]" with the socket at `path`, owned by own_group().
inline std::string admin_table(const std::string& path) {
  return "[admin]\nsocket = \"" + path + "\"\ngroup = \"" + own_group() + "\"\n";
}

// chatctl --socket <socket> args...
inline RunResult chatctl(const std::string& socket, std::vector<std::string> args) {
  args.insert(args.begin(), {"--socket", socket});
  return run_program(chatctl_binary(), args);
}

}  // namespace chatd::test
