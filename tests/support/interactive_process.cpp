#include "support/interactive_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <system_error>

namespace chatd::test {

namespace {

std::system_error errno_error(const std::string& what) {
  return std::system_error(errno, std::generic_category(), what);
}

}  // namespace

InteractiveProcess::InteractiveProcess(const std::string& program, const std::vector<std::string>& args) {
  const std::string in = dir_.path() + "/stdin";
  const std::string out = dir_.path() + "/stdout";
  if (::mkfifo(in.c_str(), 0600) != 0 || ::mkfifo(out.c_str(), 0600) != 0)
    throw errno_error("mkfifo in " + dir_.path());
  // Opened before the child opens its ends, so neither open blocks: a FIFO opened for reading
  // without O_NONBLOCK waits for a writer, and ours (O_RDWR) is there first; the child's write
  // end finds our non-blocking reader.
  input_fd_ = ::open(in.c_str(), O_RDWR | O_CLOEXEC);
  output_fd_ = ::open(out.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (input_fd_ < 0 || output_fd_ < 0) throw errno_error("open " + in + " / " + out);
  child_.emplace(program, args, out, in);
}

InteractiveProcess::~InteractiveProcess() {
  child_.reset();  // stops it by PID before its pipes go
  if (input_fd_ >= 0) ::close(input_fd_);
  if (output_fd_ >= 0) ::close(output_fd_);
}

bool InteractiveProcess::type_line(std::string_view line) {
  if (!child_->running()) return false;
  std::string typed(line);
  typed += '\n';
  // A line fits the FIFO's buffer many times over; a full one means the process stopped reading.
  std::size_t done = 0;
  while (done < typed.size()) {
    ssize_t n = ::write(input_fd_, typed.data() + done, typed.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool InteractiveProcess::read_available() {
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(output_fd_, buffer, sizeof buffer);
    if (n > 0) {
      output_.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

bool InteractiveProcess::wait_output(int timeout_ms) {
  const std::size_t before = output_.size();
  pollfd p{output_fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) > 0) read_available();
  return output_.size() > before;
}

}  // namespace chatd::test
