// AdminClient: one connection to chatd's admin socket: send a request line, read its reply
// line, each within the timeout. Failing to get there or back is Unreachable (exit 3), with
// the socket's path and a hint at the likely cause.
// Single-threaded.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

#include "admin/request.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::chatctl {

struct Unreachable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class AdminClient {
 public:
  // Connects; throws Unreachable.
  AdminClient(std::string path, std::chrono::milliseconds timeout);

  // Sends one request and returns the parsed reply; throws Unreachable.
  admin::Json call(const admin::Json& request);

 private:
  std::string path_;
  std::chrono::milliseconds timeout_;
  sys::UniqueFd fd_;
  std::string buffer_;
};

}  // namespace chatd::chatctl
