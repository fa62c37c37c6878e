// Many client sockets read together with poll(), for load tests: no client's socket buffer
// fills up while the test waits on another, so the test never becomes the slow reader it is
// measuring. Sockets are addressed by their index in the vector the caller keeps.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::test {

struct PumpedSocket {
  int fd = -1;         // -1 once closed (poll skips it)
  std::string buffer;  // bytes after the last complete line
};

// Reads every socket that has data and hands each complete line (CR LF stripped) to `on_line`
// until `done()` or `deadline`. Returns done(). A socket that closes is reported once as the
// line "(closed)" and then skipped.
bool pump_lines(std::vector<PumpedSocket>& sockets, std::chrono::steady_clock::time_point deadline,
                const std::function<bool()>& done,
                const std::function<void(std::size_t index, std::string_view line)>& on_line);

// Sends all of `bytes`, waiting (bounded by `limit`) whenever the kernel buffer is full; works
// on blocking and non-blocking sockets. False when the peer is gone or the time ran out.
bool send_all(int fd, std::string_view bytes, std::chrono::milliseconds limit = std::chrono::seconds(10));

// Load tests open hundreds of sockets, and chatd (which inherits the limit) as many again:
// raises the soft RLIMIT_NOFILE to `want` where the hard limit allows.
void raise_nofile_limit(unsigned long want);

}  // namespace chatd::test
