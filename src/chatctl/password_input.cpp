#include "chatctl/password_input.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "account/account_rules.hpp"
#include "chatctl/cli.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::chatctl {
namespace {

// One line from `fd`, at most kMaxPasswordBytes + 2 bytes read (so "too long" is seen without
// reading a whole file), without its "\n" or "\r\n".
std::string read_line(int fd, const std::string& from) {
  std::string line;
  char c = 0;
  for (;;) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UsageError("cannot read the password from " + from + ": " + std::strerror(errno));
    if (n == 0 || c == '\n') break;
    line += c;
    if (line.size() > account::kMaxPasswordBytes + 1) {
      throw UsageError("the password is too long (at most " + std::to_string(account::kMaxPasswordBytes) + " bytes)");
    }
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > account::kMaxPasswordBytes) {
    throw UsageError("the password is too long (at most " + std::to_string(account::kMaxPasswordBytes) + " bytes)");
  }
  if (line.empty()) throw UsageError("no password given on " + from);
  return line;
}

// Echo off while the user types; restored whatever happens.
class NoEcho {
 public:
  NoEcho() : ok_(::tcgetattr(STDIN_FILENO, &saved_) == 0) {
    if (!ok_) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  ~NoEcho() {
    if (ok_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    std::fputc('\n', stderr);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool ok_;
};

std::string ask(const std::string& prompt) {
  std::fprintf(stderr, "%s", prompt.c_str());
  std::fflush(stderr);
  NoEcho quiet;
  return read_line(STDIN_FILENO, "the terminal");
}

}  // namespace

std::string read_password(const std::string& file, const std::string& account) {
  if (!file.empty()) {
    sys::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw UsageError("cannot open " + file + ": " + std::strerror(errno));
    return read_line(fd.get(), file);
  }
  if (!::isatty(STDIN_FILENO)) return read_line(STDIN_FILENO, "standard input");
  std::string first = ask("New password for " + account + ": ");
  if (ask("Again: ") != first) throw UsageError("the two passwords differ");
  return first;
}

}  // namespace chatd::chatctl
