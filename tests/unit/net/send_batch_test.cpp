// SendBatch: every queued send comes back once, in order, with what the kernel did with it:
// all of it, part of it (full buffer), EAGAIN, or an error for a peer that is gone.
#include "net/send_batch.hpp"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

using chatd::net::SendBatch;

namespace {
struct Pair {
  Pair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0); }
  ~Pair() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  std::string read_all() {
    std::string out;
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(fds[1], buf, sizeof buf, MSG_DONTWAIT)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }
  int fds[2] = {-1, -1};
};

iovec view(const std::string& text) { return {const_cast<char*>(text.data()), text.size()}; }

struct Outcome {
  void* tag;
  ssize_t result;
  std::size_t offered;
};

std::vector<Outcome> run(SendBatch& batch) {
  std::vector<Outcome> outcomes;
  batch.run([&](void* tag, ssize_t result, std::size_t offered) { outcomes.push_back({tag, result, offered}); });
  return outcomes;
}

std::unique_ptr<SendBatch> make_batch() {
  auto batch = SendBatch::create();
  // Without io_uring (an old kernel, a seccomp filter) chatd writes one by one instead; the
  // fan-out black-box test checks that path. Said loudly so a missing ring is not mistaken
  // for a passing test.
  if (!batch) MESSAGE("io_uring is not available on this machine: SendBatch not tested");
  return batch;
}
}  // namespace

TEST_CASE("net::SendBatch: sends to many sockets in one run, results in the order added") {
  auto batch = make_batch();
  if (!batch) return;
  std::vector<Pair> pairs(5);
  const std::string head = ":alice!alice@127.0.0.1 PRIVMSG #lab :";
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < pairs.size(); ++i) bodies.push_back("hello " + std::to_string(i) + "\r\n");
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    iovec iov[2] = {view(head), view(bodies[i])};
    REQUIRE(batch->add(pairs[i].fds[0], iov, &pairs[i]));
  }
  CHECK(batch->size() == 5);
  auto outcomes = run(*batch);
  REQUIRE(outcomes.size() == 5);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    CHECK(outcomes[i].tag == &pairs[i]);
    CHECK(outcomes[i].offered == head.size() + bodies[i].size());
    CHECK(outcomes[i].result == static_cast<ssize_t>(outcomes[i].offered));
    CHECK(pairs[i].read_all() == head + bodies[i]);
  }
  CHECK(batch->size() == 0);
  CHECK(run(*batch).empty());  // an empty run is a no-op
}

TEST_CASE("net::SendBatch: a full socket gives a short send, then EAGAIN; a gone peer gives EPIPE") {
  auto batch = make_batch();
  if (!batch) return;
  Pair full, gone, fine;
  int small = 4096;
  ::setsockopt(full.fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  ::close(gone.fds[1]);
  gone.fds[1] = -1;
  const std::string big(1 << 20, 'x');
  const std::string line = "still here\r\n";

  REQUIRE(batch->add(full.fds[0], std::span<const iovec>(std::vector<iovec>{view(big)}), &full));
  REQUIRE(batch->add(gone.fds[0], std::span<const iovec>(std::vector<iovec>{view(line)}), &gone));
  REQUIRE(batch->add(fine.fds[0], std::span<const iovec>(std::vector<iovec>{view(line)}), &fine));
  auto outcomes = run(*batch);
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].result > 0);
  CHECK(outcomes[0].result < static_cast<ssize_t>(big.size()));
  CHECK(outcomes[1].result == -EPIPE);  // MSG_NOSIGNAL: an error, not a SIGPIPE
  CHECK(outcomes[2].result == static_cast<ssize_t>(line.size()));
  CHECK(fine.read_all() == line);

  REQUIRE(batch->add(full.fds[0], std::span<const iovec>(std::vector<iovec>{view(big)}), &full));
  outcomes = run(*batch);
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].result == -EAGAIN);
}

TEST_CASE("net::SendBatch: refuses more than kMaxSends until it has run") {
  auto batch = make_batch();
  if (!batch) return;
  Pair pair;
  const std::string byte = "x";
  iovec iov[1] = {view(byte)};
  for (std::size_t i = 0; i < SendBatch::kMaxSends; ++i) REQUIRE(batch->add(pair.fds[0], iov, nullptr));
  CHECK_FALSE(batch->add(pair.fds[0], iov, nullptr));
  CHECK(batch->size() == SendBatch::kMaxSends);
  auto outcomes = run(*batch);
  CHECK(outcomes.size() == SendBatch::kMaxSends);
  CHECK(pair.read_all() == std::string(SendBatch::kMaxSends, 'x'));
  CHECK(batch->add(pair.fds[0], iov, nullptr));
  CHECK_FALSE(batch->add(pair.fds[0], {}, nullptr));  // nothing to send is not a send
}
