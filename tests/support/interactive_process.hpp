// InteractiveProcess: a program driven the way a person at a terminal drives it. The test types
// lines into its standard input and reads what it prints (stdout and stderr together), for
// programs such as the lab's Python chat clients that prompt with input() and print what they
// receive. Both are FIFOs in a directory of its own, so the process is a ChildProcess like any
// other (stopped by PID on destruction).
//
// Use an object from the test's own thread only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/chatd_process.hpp"

namespace chatd::test {

class InteractiveProcess {
 public:
  // Starts `program` (searched in PATH) with `args`. Throws std::system_error when the FIFOs
  // cannot be made or the program cannot be started.
  InteractiveProcess(const std::string& program, const std::vector<std::string>& args);
  ~InteractiveProcess();
  InteractiveProcess(const InteractiveProcess&) = delete;
  InteractiveProcess& operator=(const InteractiveProcess&) = delete;

  // Types `line` and Enter. False when the process no longer reads its input.
  bool type_line(std::string_view line);

  // Appends whatever the process has printed by now to output() without waiting; false once
  // it has closed its output (exited).
  bool read_available();
  // Waits up to timeout_ms for output, then read_available(). True if anything arrived.
  bool wait_output(int timeout_ms);
  // Everything printed so far.
  const std::string& output() const { return output_; }
  // For poll()ing several processes at once (POLLIN: read_available() has something).
  int output_fd() const { return output_fd_; }

  ChildProcess& process() { return *child_; }

 private:
  TempDir dir_;
  int input_fd_ = -1;
  int output_fd_ = -1;
  std::string output_;
  std::optional<ChildProcess> child_;
};

}  // namespace chatd::test
