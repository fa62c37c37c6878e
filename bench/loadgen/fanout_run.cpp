// Fan-out run: subscribers join first, then publishers; publishers send
// "PRIVMSG #bench :<publisher> <seq> <CLOCK_MONOTONIC ns> <filler>" either as fast as a
// bounded in-flight window allows or at a fixed rate. Each subscriber checks the sequence per
// publisher (servers keep one sender's order), so a gap is a loss and a step back a duplicate.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fleet.hpp"
#include "latency.hpp"
#include "proc_stats.hpp"
#include "runs.hpp"

namespace chatd::bench {

namespace {

constexpr std::uint64_t kNs = 1000000000ull;

bool parse_number(std::string_view& text, std::uint64_t& value) {
  value = 0;
  std::size_t i = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9')
    value = value * 10 + static_cast<unsigned>(text[i++] - '0');
  if (i == 0) return false;
  text.remove_prefix(i < text.size() ? i + 1 : i);
  return true;
}

// CPU seconds of each process, in order; a process that is gone counts 0.
std::vector<double> cpu_of(const std::vector<pid_t>& pids) {
  std::vector<double> seconds;
  for (pid_t pid : pids) seconds.push_back(process_cpu_seconds(pid).value_or(0));
  return seconds;
}

// after - before per process: "1.23,0.45" for the RESULT line; the sum in `total`.
std::string spent(const std::vector<double>& before, const std::vector<double>& after, double& total) {
  std::string text;
  total = 0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    char cell[32];
    std::snprintf(cell, sizeof cell, "%s%.2f", i ? "," : "", after[i] - before[i]);
    text += cell;
    total += after[i] - before[i];
  }
  return text;
}

class FanoutRun final : public LineSink {
 public:
  explicit FanoutRun(const Options& options)
      : options_(options),
        fleet_(Fleet::Settings{options.port, options.channel, options.max_pending, options.tls, options.websocket,
                               options.ports}),
        sent_(options.publishers, 0),
        done_(options.publishers, 0),
        resolved_(options.publishers) {
    fleet_.add(Role::subscriber, options.subscribers);
    fleet_.add(Role::publisher, options.publishers);
    filler_.assign(options.payload, 'x');
  }

  int run();
  bool on_line(Client& client, std::string_view line, std::uint64_t now_ns) override;

 private:
  bool settle(std::uint64_t deadline_ns);
  void send_due(std::uint64_t now);
  void send_one(std::uint64_t stamp);
  void resolve(std::size_t publisher, std::uint64_t seq);
  std::uint64_t tail_lost() const;

  const Options& options_;
  Fleet fleet_;
  std::vector<Client*> publishers_;
  std::vector<std::uint64_t> sent_;                   // per publisher
  std::vector<std::uint64_t> done_;                   // per publisher: first seq not yet resolved everywhere
  std::vector<std::vector<std::uint32_t>> resolved_;  // per publisher, per seq: subscribers done with it
  std::uint64_t sent_total_ = 0;
  std::uint64_t in_flight_ = 0;
  std::uint64_t deliveries_ = 0;
  std::uint64_t lost_ = 0;
  std::uint64_t duplicates_ = 0;
  std::uint64_t start_ = 0;
  LatencySamples latency_;
  std::string filler_;
  std::string message_;
};

bool FanoutRun::on_line(Client& client, std::string_view line, std::uint64_t now_ns) {
  // ":nick!user@host PRIVMSG #chan :<publisher> <seq> <ns> <filler>"
  auto space = line.find(' ');
  if (line.front() != ':' || space == std::string_view::npos || line.compare(space + 1, 8, "PRIVMSG ") != 0) {
    return false;
  }
  if (client.role != Role::subscriber) return true;  // publishers hear each other; not measured
  auto colon = line.find(" :", space + 9);
  if (colon == std::string_view::npos) return false;
  std::string_view text = line.substr(colon + 2);
  std::uint64_t publisher, seq, stamp;
  if (!parse_number(text, publisher) || !parse_number(text, seq) || !parse_number(text, stamp) ||
      publisher >= sent_.size() || seq >= sent_[publisher]) {
    return true;  // not ours
  }
  std::uint64_t& expected = client.next_seq[publisher];
  if (seq < expected) {
    ++duplicates_;
    return true;
  }
  for (; expected < seq; ++expected) {
    ++lost_;
    resolve(publisher, expected);
  }
  expected = seq + 1;
  ++deliveries_;
  latency_.add(now_ns > stamp ? (now_ns - stamp) / 1000 : 0);
  resolve(publisher, seq);
  return true;
}

bool FanoutRun::settle(std::uint64_t deadline_ns) {
  if (options_.settle_command.empty()) return true;
  while (monotonic_ns() < deadline_ns && fleet_.failures() == 0) {
    if (std::system(options_.settle_command.c_str()) == 0) return true;
    for (std::uint64_t until = monotonic_ns() + 250000000ull; monotonic_ns() < until;) fleet_.poll(50);
  }
  return false;
}

void FanoutRun::resolve(std::size_t publisher, std::uint64_t seq) {
  auto& counts = resolved_[publisher];
  ++counts[seq];
  auto& done = done_[publisher];
  while (done < sent_[publisher] && counts[done] >= options_.subscribers) {
    ++done;
    --in_flight_;
  }
}

void FanoutRun::send_one(std::uint64_t stamp) {
  std::size_t p = sent_total_ % publishers_.size();
  std::uint64_t seq = sent_[p]++;
  resolved_[p].push_back(0);
  ++sent_total_;
  ++in_flight_;
  message_ = "PRIVMSG " + options_.channel + " :" + std::to_string(p) + ' ' + std::to_string(seq) + ' ' +
             std::to_string(stamp) + ' ' + filler_ + "\r\n";
  fleet_.queue(*publishers_[p], message_);
}

void FanoutRun::send_due(std::uint64_t now) {
  if (options_.rate <= 0) {
    while (in_flight_ < options_.window) send_one(now);
    return;
  }
  // Fixed rate: stamp the time each message was due, not when it went out, so a stalled
  // sender shows up as latency instead of hiding it (coordinated omission).
  auto due = static_cast<std::uint64_t>(static_cast<double>(now - start_) * options_.rate / 1e9) + 1;
  while (sent_total_ < due && in_flight_ < options_.window) {
    send_one(start_ + static_cast<std::uint64_t>(static_cast<double>(sent_total_) * 1e9 / options_.rate));
  }
}

std::uint64_t FanoutRun::tail_lost() const {
  std::uint64_t lost = 0;
  for (std::size_t p = 0; p < sent_.size(); ++p) {
    for (std::uint64_t s = done_[p]; s < sent_[p]; ++s) lost += options_.subscribers - resolved_[p][s];
  }
  return lost;
}

int FanoutRun::run() {
  std::uint64_t setup_deadline = monotonic_ns() + static_cast<std::uint64_t>(options_.setup_seconds * 1e9);
  std::string status = "ok";
  if (!fleet_.establish(setup_deadline)) status = "setup-failed";
  const std::uint64_t settle_start = monotonic_ns();
  if (status == "ok" && !settle(setup_deadline)) status = "settle-timeout";
  const double settle_seconds = static_cast<double>(monotonic_ns() - settle_start) / 1e9;
  for (auto& client : fleet_.clients()) {
    if (client.role == Role::publisher) publishers_.push_back(&client);
    client.next_seq.assign(options_.publishers, 0);
  }
  fleet_.set_sink(this);
  double expected =
      options_.rate > 0 ? options_.rate * options_.seconds * static_cast<double>(options_.subscribers) : 4e6;
  latency_.reserve(static_cast<std::size_t>(expected));

  std::vector<pid_t> chatd_pids{options_.server_pid};
  chatd_pids.insert(chatd_pids.end(), options_.more_pids.begin(), options_.more_pids.end());
  auto cpu_before = cpu_of(chatd_pids);
  auto nats_before = cpu_of(options_.nats_pids);
  double self_before = self_cpu_seconds();
  start_ = monotonic_ns();
  std::uint64_t stop_sending = start_ + static_cast<std::uint64_t>(options_.seconds * kNs);
  std::uint64_t give_up = stop_sending + static_cast<std::uint64_t>(options_.drain_seconds * kNs);
  std::uint64_t end = start_;
  while (status == "ok") {
    end = monotonic_ns();
    if (fleet_.failures() > 0) {
      status = "disconnected";
    } else if (end < stop_sending) {
      send_due(end);
    } else if (in_flight_ == 0) {
      break;
    } else if (end > give_up) {
      status = "drain-timeout";
      break;
    }
    fleet_.poll(options_.rate > 0 ? 1 : 10);
  }
  double span = static_cast<double>(end - start_) / 1e9;
  auto cpu_after = cpu_of(chatd_pids);
  auto nats_after = cpu_of(options_.nats_pids);
  double self_cpu = self_cpu_seconds() - self_before;
  double chatd_cpu = 0, nats_cpu = 0;
  const std::string chatd_split = spent(cpu_before, cpu_after, chatd_cpu);
  const std::string nats_split = spent(nats_before, nats_after, nats_cpu);
  // Everything the deliveries cost: every chatd node and every nats-server.
  double server_cpu = chatd_cpu + nats_cpu;
  std::uint64_t peak = 0;  // the chatd processes' peaks, summed
  for (pid_t pid : chatd_pids) peak += process_memory_kib(pid, "VmHWM").value_or(0);
  std::string cluster;
  if (chatd_pids.size() > 1 || !options_.nats_pids.empty()) {
    char text[128];
    std::snprintf(text, sizeof text, " settle_s=%.1f chatd_cpu_s=%.2f nats_cpu_s=%.2f", settle_seconds, chatd_cpu,
                  nats_cpu);
    cluster = text + std::string(" chatd_node_cpu_s=") + chatd_split +
              " nats_node_cpu_s=" + (nats_split.empty() ? "-" : nats_split);
  }
  std::uint64_t lost = lost_ + tail_lost();
  if (status == "ok" && (lost > 0 || duplicates_ > 0)) status = "lossy";
  double rate = span > 0 ? static_cast<double>(deliveries_) / span : 0;

  std::printf(
      "RESULT mode=fanout server=%s scenario=\"%s\" rep=%d status=%s subscribers=%zu publishers=%zu sent=%" PRIu64
      " deliveries=%" PRIu64
      " seconds=%.3f deliveries_per_s=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f"
      " lost=%" PRIu64 " duplicates=%" PRIu64 " server_cpu_s=%.2f deliveries_per_cpu_s=%.0f peak_rss_kib=%" PRIu64
      " loadgen_cpu_s=%.2f loadgen_busy=%.2f%s error=%s\n",
      options_.server.c_str(), options_.scenario.c_str(), options_.rep, status.c_str(), options_.subscribers,
      options_.publishers, sent_total_, deliveries_, span, rate, latency_.quantile_ms(0.5), latency_.quantile_ms(0.99),
      latency_.quantile_ms(0.999), latency_.max_ms(), lost, duplicates_, server_cpu,
      server_cpu > 0 ? static_cast<double>(deliveries_) / server_cpu : 0, peak, self_cpu,
      span > 0 ? self_cpu / span : 0, cluster.c_str(),
      fleet_.error().empty() ? "-" : ("\"" + fleet_.error() + "\"").c_str());
  std::fflush(stdout);
  if (!fleet_.error().empty())
    std::fprintf(stderr, "loadgen: %s: %s\n", options_.server.c_str(), fleet_.error().c_str());
  return status == "ok" ? 0 : 1;
}

}  // namespace

int run_fanout(const Options& options) {
  FanoutRun run(options);
  return run.run();
}

}  // namespace chatd::bench
