// OutputQueue: gather/consume keep the byte stream exact across partial writes. (Writing to a
// socket that fills up is Connection's job: tests/unit/net/connection_test.cpp.)
#include "net/output_queue.hpp"

#include <doctest/doctest.h>

#include <string>

using chatd::chat::make_shared_line;
using chatd::net::OutputQueue;

namespace {
std::string joined(const iovec* iov, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
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
