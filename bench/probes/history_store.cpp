// Probe behind doc/PERFORMANCE.md's history figures: how many records per second the history
// store's thread writes (the producer retries when the bounded queue is full, so the figure is
// the store's pace, not the queue's), and the store-side time of a CHATHISTORY LATEST 100
// while idle. 4 channels, channel_lines 2048 (so every batch also prunes). Not part of any
// make target.
//
//   g++ -O2 -std=c++20 -Isrc -DSPDLOG_SHARED_LIB -DSPDLOG_COMPILED_LIB -DSPDLOG_FMT_EXTERNAL \
//     bench/probes/history_store.cpp src/store/*.cpp -o /tmp/history_store -lspdlog -lfmt -lsqlite3 -pthread
//   /tmp/history_store DB-PATH [RECORDS]      ("" = memory)
#include "store/history_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>
#include <vector>

using namespace chatd::store;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB-PATH [RECORDS]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const int records = argc > 2 ? std::atoi(argv[2]) : 400000;
  HistoryStore store(path, {2048, 30});
  const auto start = std::chrono::steady_clock::now();
  long retries = 0;
  for (int i = 0; i < records; ++i) {
    HistoryRecord r{"#bench" + std::to_string(i % 4),
                    "#bench",
                    1700000000000 + i,
                    "01m8y3ym5yfph9p2sv" + std::to_string(100000 + i),
                    "PRIVMSG",
                    "pub!pub@127.0.0.1",
                    "",
                    "bench message payload 0123456789 abcdefghijklmnopqrstuvwxyz"};
    while (!store.record(r)) {
      ++retries;
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }
  std::promise<void> written;
  store.query({HistoryQuery::Kind::kLatest, "#bench0", {}, {}, 1}, [&](auto, bool) { written.set_value(); });
  written.get_future().wait();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%d records in %.2f s = %.0f records/s (queue-full retries %ld)\n", records, seconds, records / seconds,
              retries);
  std::vector<double> micros;
  for (int i = 0; i < 200; ++i) {
    std::promise<void> answered;
    const auto asked = std::chrono::steady_clock::now();
    store.query({HistoryQuery::Kind::kLatest, "#bench1", {}, {}, 100}, [&](auto, bool) { answered.set_value(); });
    answered.get_future().wait();
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - asked).count());
  }
  std::sort(micros.begin(), micros.end());
  std::printf("LATEST 100 (idle store): p50 %.0f us, p99 %.0f us\n", micros[100], micros[197]);
  return 0;
}
