// The metrics endpoint's numbers: promtool accepts the whole scrape, counters move by exactly
// what the clients did, gauges follow the clients, the fan-out latency histogram counts every
// delivery once, and chatctl stats shows the same counters.
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/admin_socket.hpp"
#include "support/chatd_fixture.hpp"
#include "support/http_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

constexpr const char* kPrivmsgs = "chatd_messages_relayed_total{command=\"PRIVMSG\"}";
constexpr const char* kReceived = "chatd_messages_received_total{command=\"PRIVMSG\"}";
constexpr const char* kDeliveries = "chatd_fanout_deliveries_total";
constexpr const char* kLatencyCount = "chatd_fanout_latency_seconds_count";
constexpr const char* kIrcClients = "chatd_clients{protocol=\"irc\",tls=\"false\"}";

// promtool from Debian's prometheus package, installed on demand; empty when it cannot be had.
std::string promtool() {
  if (run_program("sh", {"-c", "command -v promtool"}).status == 0) return "promtool";
  if (::geteuid() != 0) return {};
  const auto install = run_program(
      "sh", {"-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus"}, 600000);
  if (install.status != 0) {
    MESSAGE("apt-get install prometheus failed:\n" << install.output);
    return {};
  }
  return run_program("sh", {"-c", "command -v promtool"}).status == 0 ? "promtool" : "";
}

// Waits until the histogram has observed every delivery: the worker observes right after the
// flush that put the lines on the wire, so a reader can be a moment ahead of it.
bool histogram_caught_up(std::uint16_t port, std::map<std::string, double>& samples) {
  return wait_until([&] {
    samples = scrape(port);
    return value_of(samples, kLatencyCount) == value_of(samples, kDeliveries);
  });
}

}  // namespace

TEST_CASE("metrics: promtool check metrics accepts the whole scrape") {
  const std::string tool = promtool();
  if (tool.empty()) {
    MESSAGE("skipped: promtool (Debian package prometheus) is not installed and cannot be installed here");
    return;
  }
  TempDir dir;
  const std::uint16_t metrics_port = free_port();
  Chatd chatd({.listeners = {{.protocol = "line", .keys = "channel = \"#lobby\"\n"}},
               .extra = metrics_table(metrics_port) + admin_table(dir.path() + "/admin.sock")});
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#lab", {&alice, &bob});
  alice.send("PRIVMSG #lab :hello");
  bob.expect("PRIVMSG #lab :hello");
  chatctl(dir.path() + "/admin.sock", {"stats"});
  const HttpResponse response = http_get(metrics_port, "/metrics");
  REQUIRE(response.status == 200);
  CHECK(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  for (const char* family : {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                             "process_max_fds", "process_start_time_seconds", "chatd_build_info",
                             "chatd_fanout_latency_seconds", "chatd_worker_busy_seconds_total",
                             "chatd_admin_requests_total", "chatd_connection_refusals_total", "chatd_reloads_total"}) {
    CHECK_MESSAGE(contains(response.body, std::string("# TYPE ") + family + " "), family);
  }
  const std::string file = dir.path() + "/scrape.txt";
  std::ofstream(file) << response.body;
  const auto check = run_program(tool, {"check", "metrics"}, 30000, file);
  CHECK_MESSAGE(check.status == 0, "promtool check metrics:\n" << check.output);
  CHECK_MESSAGE(check.output.empty(), "promtool's lint:\n" << check.output);
}

TEST_CASE("metrics: N PRIVMSGs add N relayed and N x recipients deliveries, each observed once in the histogram") {
  const std::uint16_t metrics_port = free_port();
  Chatd chatd({.extra = metrics_table(metrics_port)});
  auto [alice, bob, carol, dave] = chatd.users("alice", "bob", "carol", "dave");
  join_all("#lab", {&alice, &bob, &carol, &dave});
  std::map<std::string, double> before;
  REQUIRE(histogram_caught_up(metrics_port, before));

  constexpr int kMessages = 25;
  for (int i = 0; i < kMessages; ++i) alice.send("PRIVMSG #lab :message " + std::to_string(i));
  for (IrcClient* reader : {&bob, &carol, &dave})
    reader->expect("PRIVMSG #lab :message " + std::to_string(kMessages - 1));

  std::map<std::string, double> after;
  REQUIRE(histogram_caught_up(metrics_port, after));
  auto delta = [&](const std::string& series) { return value_of(after, series) - value_of(before, series); };
  CHECK(delta(kPrivmsgs) == kMessages);
  CHECK(delta(kReceived) == kMessages);
  CHECK(delta(kDeliveries) == kMessages * 3);  // the sender does not hear itself
  CHECK(delta(kLatencyCount) == kMessages * 3);
  CHECK(delta("chatd_fanout_latency_seconds_bucket{le=\"+Inf\"}") == kMessages * 3);
  CHECK(delta("chatd_fanout_latency_seconds_sum") > 0);
  // Each of the three got the same line: its bytes, three times.
  const std::string line = ":alice!alice@127.0.0.1 PRIVMSG #lab :message 0\r\n";
  CHECK(delta("chatd_fanout_bytes_total") >= kMessages * 3 * static_cast<double>(line.size()));
  CHECK(delta("chatd_lines_received_total") == kMessages);

  // A private message: one relay, one delivery.
  alice.send("PRIVMSG bob :psst");
  bob.expect("PRIVMSG bob :psst");
  std::map<std::string, double> last;
  REQUIRE(histogram_caught_up(metrics_port, last));
  CHECK(value_of(last, kPrivmsgs) - value_of(after, kPrivmsgs) == 1);
  CHECK(value_of(last, kDeliveries) - value_of(after, kDeliveries) == 1);
}

TEST_CASE("metrics: the gauges follow clients by listener and registration state, and channels") {
  const std::uint16_t metrics_port = free_port();
  Chatd chatd(
      {.listeners = {{.protocol = "line", .keys = "channel = \"#lobby\"\n"}}, .extra = metrics_table(metrics_port)});
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#one");
  join_channel(bob, "#two");
  IrcClient pending = chatd.connect();  // never registers
  pending.send("NICK pending");
  fence(pending);
  IrcClient line(chatd.config.listeners[0].port);
  line.expect("You are guest");

  auto gauges_are = [&](double irc, double lines, double registered, double unregistered, double channels) {
    return wait_until([&] {
      const auto s = scrape(metrics_port);
      return value_of(s, kIrcClients) == irc &&
             value_of(s, "chatd_clients{protocol=\"line\",tls=\"false\"}") == lines &&
             value_of(s, "chatd_connections{state=\"registered\"}") == registered &&
             value_of(s, "chatd_connections{state=\"unregistered\"}") == unregistered &&
             value_of(s, "chatd_channels") == channels;
    });
  };
  // #lobby is declared for the line listener: it exists while empty.
  CHECK(gauges_are(3, 1, 3, 1, 3));
  bob.send("QUIT :bye");
  bob.read_until_closed();
  pending.close();
  CHECK(gauges_are(1, 1, 2, 0, 2));
  line.send_raw("/quit\n");
  line.read_until_closed();
  CHECK(gauges_are(1, 0, 1, 0, 2));
}

TEST_CASE("metrics: chatctl stats shows the same counters as the scrape") {
  TempDir dir;
  const std::string socket = dir.path() + "/admin.sock";
  const std::uint16_t metrics_port = free_port();
  Chatd chatd({.extra = metrics_table(metrics_port) + admin_table(socket)});
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#lab", {&alice, &bob});
  for (int i = 0; i < 7; ++i) alice.send("PRIVMSG #lab :n" + std::to_string(i));
  bob.expect("PRIVMSG #lab :n6");
  std::map<std::string, double> samples;
  REQUIRE(histogram_caught_up(metrics_port, samples));
  const auto stats = chatctl(socket, {"--json", "stats"});
  REQUIRE(stats.status == 0);
  const auto data = nlohmann::json::parse(stats.output)["data"];
  double relayed = 0;
  for (const auto& [series, value] : samples) {
    if (starts_with(series, "chatd_messages_relayed_total{")) relayed += value;
  }
  CHECK(data["messages_out"].get<double>() == relayed);
  CHECK(data["deliveries"].get<double>() == value_of(samples, kDeliveries));
  CHECK(data["lines_in"].get<double>() == value_of(samples, "chatd_lines_received_total"));
  CHECK(data["bytes_in"].get<double>() == value_of(samples, "chatd_received_bytes_total"));
  CHECK(data["sendq_kills"].get<double>() == value_of(samples, "chatd_sendq_disconnects_total"));
  // The admin request itself is counted, by command and result; so is one that fails.
  CHECK(chatctl(socket, {"kick", "#nowhere", "nobody"}).status != 0);
  const auto after = scrape(metrics_port);
  CHECK(value_of(after, "chatd_admin_requests_total{command=\"stats\",result=\"ok\"}") == 1);
  CHECK(value_of(after, "chatd_admin_requests_total{command=\"kick\",result=\"failed\"}") == 1);
}
