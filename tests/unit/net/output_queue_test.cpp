// OutputQueue: gather/consume keep the byte stream exact across partial writes, and flush
// stops at a full socket without losing or repeating a byte.
#include "net/output_queue.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>

using chatd::chat::make_shared_line;
using chatd::net::OutputQueue;

namespace {
std::string joined(const iovec* iov, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
  return out;
}

std::string drain(int fd) {
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}
}  // namespace

TEST_CASE("net::OutputQueue: consume takes whole and partial lines; gather starts where it stopped") {
  OutputQueue queue;
  auto shared = make_shared_line("shared\r\n");
  queue.push(make_shared_line("one\r\n"));
  queue.push(shared);
  queue.push(make_shared_line(""));  // nothing to send: not queued
  queue.push(make_shared_line("three\r\n"));
  CHECK(queue.bytes() == 20);

  iovec iov[8];
  CHECK(queue.gather(iov, 8) == 3);
  CHECK(joined(iov, 3) == "one\r\nshared\r\nthree\r\n");
  CHECK(queue.gather(iov, 2) == 2);

  queue.consume(7);  // "one\r\n" and "sh"
  CHECK(queue.bytes() == 13);
  int count = queue.gather(iov, 8);
  CHECK(joined(iov, count) == "ared\r\nthree\r\n");
  queue.consume(13);
  CHECK(queue.empty());
  CHECK(queue.gather(iov, 8) == 0);
  CHECK(*shared == "shared\r\n");  // a shared line is referenced, never written into
}

TEST_CASE("net::OutputQueue: flush writes what the socket takes and says blocked, then resumes exactly") {
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
  int small = 4096;
  ::setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);

  OutputQueue queue;
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    std::string line = "line " + std::to_string(i) + " of a queue longer than the socket buffer\r\n";
    expected += line;
    queue.push(make_shared_line(line));
  }
  std::string received;
  CHECK(queue.flush(fds[0]) == OutputQueue::Flush::blocked);
  CHECK(queue.bytes() > 0);
  for (int round = 0; round < 1000 && !queue.empty(); ++round) {
    received += drain(fds[1]);
    auto result = queue.flush(fds[0]);
    CHECK(result != OutputQueue::Flush::failed);
  }
  received += drain(fds[1]);
  CHECK(queue.empty());
  CHECK(received == expected);

  ::close(fds[1]);
  queue.push(make_shared_line("to nobody\r\n"));
  auto old = std::signal(SIGPIPE, SIG_IGN);  // as in chatd (writev has no MSG_NOSIGNAL)
  CHECK(queue.flush(fds[0]) == OutputQueue::Flush::failed);
  CHECK(errno == EPIPE);
  std::signal(SIGPIPE, old);
  ::close(fds[0]);
}
