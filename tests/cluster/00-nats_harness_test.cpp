// Self-test of NatsCluster (tests/support/nats_cluster.hpp), run without chatd: the three
// nats-server nodes really form one cluster, JetStream really has a meta leader, and kill,
// restart, stop and partition do to the cluster what they say. If these fail, every other
// cluster test failure is suspect.
#include <doctest/doctest.h>
#include <signal.h>

#include <set>
#include <stdexcept>
#include <string>

#include "support/http_client.hpp"
#include "support/nats_cluster.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;

// The server_id node i reports in /varz.
std::string server_id(NatsCluster& nats, int i) {
  const auto varz = nats.monitor(i, "/varz");
  REQUIRE_MESSAGE(varz.has_value(), nats.name(i) << " does not answer /varz");
  return (*varz)["server_id"].get<std::string>();
}

// The server_ids of the nodes node i has routes to, from its /routez.
std::set<std::string> route_peers(NatsCluster& nats, int i) {
  std::set<std::string> peers;
  const auto routez = nats.monitor(i, "/routez");
  if (!routez) return peers;
  for (const auto& route : (*routez)["routes"]) peers.insert(route["remote_id"].get<std::string>());
  return peers;
}

// True when nodes a and b name the same meta leader and it is neither of `not_leader`.
bool majority_leader(NatsCluster& nats, int a, int b, int not_leader) {
  const auto la = nats.meta_leader(a);
  const auto lb = nats.meta_leader(b);
  return la && lb && *la == *lb && *la != nats.name(not_leader);
}

// "nats0: nats1, nats1: nats1, nats2: (none)": who names which meta leader, for failure messages.
std::string leaders(NatsCluster& nats) {
  std::string out;
  for (int i = 0; i < nats.size(); ++i) {
    out += (i == 0 ? "" : ", ") + nats.name(i) + ": " + nats.meta_leader(i).value_or("(none)");
  }
  return out;
}

}  // namespace

TEST_CASE("nats-harness: three servers form one cluster with a JetStream meta leader") {
  NatsCluster nats;
  REQUIRE(nats.size() == 3);

  // Every node is routed to exactly the other two (by server_id, so not to some other server).
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(server_id(nats, i));
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 3);
  for (int i = 0; i < 3; ++i) {
    CAPTURE(nats.name(i));
    CHECK(nats.wait_for_routes(i, 2));
    CHECK(nats.route_count(i) == 2);
    std::set<std::string> others;
    for (int j = 0; j < 3; ++j) {
      if (j != i) others.insert(ids[static_cast<std::size_t>(j)]);
    }
    CHECK(route_peers(nats, i) == others);
  }

  // One meta leader, named by all three, in a meta group of three.
  const auto leader = nats.leader_index();
  REQUIRE(leader.has_value());
  for (int i = 0; i < 3; ++i) {
    CAPTURE(nats.name(i));
    const auto jsz = nats.monitor(i, "/jsz");
    REQUIRE(jsz.has_value());
    CHECK((*jsz)["meta_cluster"]["cluster_size"].get<int>() == 3);
    CHECK((*jsz)["meta_cluster"]["leader"].get<std::string>() == nats.name(*leader));
    CHECK((*jsz)["config"]["store_dir"].get<std::string>().rfind(nats.dir(i) + "/store", 0) == 0);
  }

  // What chatd's [cluster] table is given.
  const auto urls = nats.urls();
  REQUIRE(urls.size() == 3);
  CHECK(urls[0] == "nats://127.0.0.1:" + std::to_string(nats.client_port(0)));
  CHECK(std::set<std::string>(urls.begin(), urls.end()).size() == 3);
  CHECK(nats.toml_list() == "[\"" + urls[0] + "\", \"" + urls[1] + "\", \"" + urls[2] + "\"]");
}

TEST_CASE("nats-harness: kill(1) leaves a meta leader among the other two") {
  NatsCluster nats;
  const pid_t pid = nats.pid(1);
  CHECK(nats.kill(1) == 128 + SIGKILL);
  CHECK_FALSE(nats.running(1));
  CHECK(::kill(pid, 0) == -1);  // reaped: the PID is gone, not a zombie
  CHECK_FALSE(nats.monitor(1, "/varz").has_value());

  CHECK(nats.wait_for_routes(0, 1));
  CHECK(nats.wait_for_routes(2, 1));
  const auto leader = nats.wait_for_meta_leader();
  REQUIRE(leader.has_value());
  CHECK(*leader != 1);
  CHECK(nats.meta_leader(0) == nats.meta_leader(2));
}

TEST_CASE("nats-harness: killing the meta leader makes the other two elect a new one") {
  NatsCluster nats;
  const auto old_leader = nats.leader_index();
  REQUIRE(old_leader.has_value());
  nats.kill(*old_leader);
  const auto new_leader = nats.wait_for_meta_leader();
  REQUIRE_MESSAGE(new_leader.has_value(), "no new leader; logs:\n" << nats.log((*old_leader + 1) % 3));
  CHECK(*new_leader != *old_leader);
}

TEST_CASE("nats-harness: restart(1) rejoins on the same ports and store") {
  NatsCluster nats;
  const auto jsz_before = nats.monitor(1, "/jsz");
  REQUIRE(jsz_before.has_value());
  const pid_t old_pid = nats.pid(1);
  nats.kill(1);
  REQUIRE(nats.wait_for_routes(0, 1));
  REQUIRE(nats.wait_for_routes(2, 1));
  REQUIRE_FALSE(nats.meta_leader(1).has_value());

  nats.restart(1);
  CHECK(nats.running(1));
  CHECK(nats.pid(1) != old_pid);
  const auto varz = nats.monitor(1, "/varz");
  REQUIRE(varz.has_value());
  CHECK((*varz)["server_name"] == nats.name(1));
  CHECK((*varz)["port"] == nats.client_port(1));
  CHECK((*varz)["http_port"] == nats.monitor_port(1));
  CHECK((*varz)["cluster"]["cluster_port"] == nats.cluster_port(1));
  for (int i = 0; i < 3; ++i) {
    CAPTURE(nats.name(i));
    CHECK(nats.wait_for_routes(i, 2));
  }
  // A fresh process knows no leader: naming the one the others name, it has rejoined the meta
  // group. The leader (unless it is node 1 itself) counts it as a current replica again.
  const auto leader = nats.wait_for_meta_leader();
  REQUIRE_MESSAGE(leader.has_value(), leaders(nats));
  if (*leader != 1) {
    CHECK(wait_until(
        [&] {
          const auto jsz = nats.monitor(*leader, "/jsz");
          if (!jsz) return false;
          for (const auto& replica : (*jsz)["meta_cluster"]["replicas"]) {
            if (replica["name"] == nats.name(1) && replica["current"] == true) return true;
          }
          return false;
        },
        20000, 100));
  }
  const auto jsz_after = nats.monitor(1, "/jsz");
  REQUIRE(jsz_after.has_value());
  CHECK((*jsz_after)["config"]["store_dir"] == (*jsz_before)["config"]["store_dir"]);
}

TEST_CASE("nats-harness: stop(i) is a graceful exit and the destructor stops every node") {
  std::uint16_t monitor = 0;
  {
    NatsCluster nats;
    monitor = nats.monitor_port(0);
    // nats-server shuts down on SIGTERM and exits 1 (0 after SIGINT): it was not killed.
    const int status = nats.stop(2);
    CHECK(status != 128 + SIGKILL);
    CHECK(nats.log(2).find("Server Exiting") != std::string::npos);
    CHECK_FALSE(nats.running(2));
    CHECK(nats.wait_for_routes(0, 1));
    CHECK(nats.wait_for_routes(1, 1));
  }
  CHECK_THROWS_AS(http_get_until_closed(monitor, "/varz"), std::runtime_error);
}

TEST_CASE("nats-harness: partition(2) cuts node 2 off while it runs, heal(2) joins it again") {
  NatsCluster nats;
  nats.partition(2);
  CHECK(nats.wait_for_routes(2, 0));
  CHECK(nats.wait_for_routes(0, 1));
  CHECK(nats.wait_for_routes(1, 1));
  CHECK(nats.running(2));
  // The majority side keeps (or elects) a leader of its own; the cut-off node gives up its
  // claim (a leader without quorum steps down after some seconds).
  CHECK(wait_until([&] { return majority_leader(nats, 0, 1, 2); }, 20000, 100));
  CHECK(wait_until([&] { return !nats.meta_leader(2).has_value(); }, 20000, 100));
  // The others keep trying, and are refused: the routes stay down, not just went down once.
  const auto refusals = [&] {
    const std::string log = nats.log(2);
    std::size_t n = 0;
    for (auto at = log.find("authentication error"); at != std::string::npos;
         at = log.find("authentication error", at + 1)) {
      ++n;
    }
    return n;
  };
  const std::size_t seen = refusals();
  CHECK(wait_until([&] { return refusals() >= seen + 2; }, 10000, 100));
  CHECK(nats.route_count(2) == 0);
  CHECK(nats.route_count(0) == 1);
  CHECK(nats.route_count(1) == 1);

  nats.heal(2);
  for (int i = 0; i < 3; ++i) {
    CAPTURE(nats.name(i));
    CHECK(nats.wait_for_routes(i, 2));
  }
  CHECK_MESSAGE(nats.wait_for_meta_leader().has_value(), leaders(nats) << "\n" << nats.log(2));
}

TEST_CASE("nats-harness: a single node has JetStream and no cluster") {
  NatsCluster nats(1);
  REQUIRE(nats.size() == 1);
  CHECK(nats.leader_index() == 0);
  CHECK(nats.route_count(0) == 0);
  const auto jsz = nats.monitor(0, "/jsz");
  REQUIRE(jsz.has_value());
  CHECK_FALSE(jsz->contains("meta_cluster"));
  CHECK(nats.toml_list() == "[\"" + nats.url(0) + "\"]");
  CHECK_THROWS_AS(nats.partition(0), std::logic_error);
}
