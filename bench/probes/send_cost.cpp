// Probe behind doc/PERFORMANCE.md's io_uring figures: sender CPU per send of one line to each
// of N loopback TCP sockets, send() per socket vs one io_uring submission for all N, a reader
// thread on the other CPU draining. Loopback only; not part of any make target.
//
//   g++ -O2 -std=c++20 bench/probes/send_cost.cpp -o /tmp/send_cost -luring -pthread
//   /tmp/send_cost N ROUNDS MODE [BYTES [no-reader]]   (MODE 0 = send, 1 = io_uring)
#include <arpa/inet.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

static void pin(int cpu) {
  cpu_set_t s;
  CPU_ZERO(&s);
  CPU_SET(cpu, &s);
  pthread_setaffinity_np(pthread_self(), sizeof s, &s);
}

static double cpu_now() {
  rusage r;
  getrusage(RUSAGE_THREAD, &r);
  return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  int rounds = argc > 2 ? atoi(argv[2]) : 2000;
  int mode = argc > 3 ? atoi(argv[3]) : 0;  // 0 write, 1 io_uring
  rlimit rl{65536, 65536};
  setrlimit(RLIMIT_NOFILE, &rl);
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(lfd, (sockaddr*)&a, sizeof a);
  listen(lfd, 4096);
  socklen_t len = sizeof a;
  getsockname(lfd, (sockaddr*)&a, &len);
  std::vector<int> out, in;
  for (int i = 0; i < n; ++i) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (sockaddr*)&a, sizeof a);
    int one = 1;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    in.push_back(c);
    out.push_back(accept(lfd, nullptr, nullptr));
  }
  std::atomic<bool> done{false};
  bool no_reader = argc > 5;
  std::thread reader([&] {
    pin(1);
    if (no_reader) return;
    int ep = epoll_create1(0);
    for (int fd : in) {
      epoll_event ev{EPOLLIN, {.fd = fd}};
      epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    std::vector<epoll_event> evs(1024);
    char buf[65536];
    while (!done) {
      int k = epoll_wait(ep, evs.data(), evs.size(), 100);
      for (int i = 0; i < k; ++i) (void)!read(evs[i].data.fd, buf, sizeof buf);
    }
  });
  pin(0);
  // 'A's cut into 100-byte CRLF lines; a send takes the first BYTES of it.
  static char line[4096];
  memset(line, 'A', sizeof line);
  for (int i = 99; i < 4096; i += 100) {
    line[i - 1] = '\r';
    line[i] = '\n';
  }
  const size_t ll = argc > 4 ? atoi(argv[4]) : 70;
  io_uring ring;
  if (mode == 1) {
    io_uring_params p{};
    if (io_uring_queue_init_params(4096, &ring, &p) < 0) {
      perror("uring");
      return 1;
    }
  }
  usleep(100000);
  double c0 = cpu_now();
  timespec w0;
  clock_gettime(CLOCK_MONOTONIC, &w0);
  for (int r = 0; r < rounds; ++r) {
    if (mode == 0) {
      for (int fd : out) (void)!send(fd, line, ll, MSG_DONTWAIT | MSG_NOSIGNAL);
    } else {
      for (int fd : out) {
        io_uring_sqe* sqe = io_uring_get_sqe(&ring);
        io_uring_prep_send(sqe, fd, line, ll, MSG_DONTWAIT | MSG_NOSIGNAL);
        sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
      }
      io_uring_submit(&ring);
      io_uring_cqe* cqe;
      while (io_uring_peek_cqe(&ring, &cqe) == 0) io_uring_cqe_seen(&ring, cqe);
    }
  }
  double c1 = cpu_now();
  timespec w1;
  clock_gettime(CLOCK_MONOTONIC, &w1);
  done = true;
  reader.join();
  double sends = double(n) * rounds;
  double wall = (w1.tv_sec - w0.tv_sec) + (w1.tv_nsec - w0.tv_nsec) / 1e9;
  printf("%s n=%d rounds=%d: %.2f us CPU per send, %.2f M sends per CPU-s, wall %.2f s\n", mode ? "io_uring" : "send",
         n, rounds, (c1 - c0) / sends * 1e6, sends / (c1 - c0) / 1e6, wall);
}
