// [cluster]: the node's name and the NATS URLs are required and checked; the replicas default
// follows the number of servers; a standalone config has no cluster at all.
#include <doctest/doctest.h>

#include <string>

#include "config/config_loader.hpp"

using chatd::config::ConfigError;
using chatd::config::parse_config;

namespace {

const std::string kListen = "[[listen]]\naddress = \"127.0.0.1:6667\"\n";

std::string error_of(const std::string& cluster) {
  try {
    parse_config(kListen + "[cluster]\n" + cluster, "c.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("config::cluster: absent means standalone; present takes its defaults") {
  CHECK_FALSE(parse_config(kListen, "c.toml").cluster.has_value());
  auto one = parse_config(kListen + "[cluster]\nnode = \"a\"\nnats = [\"nats://127.0.0.1:4222\"]\n", "c.toml");
  REQUIRE(one.cluster.has_value());
  CHECK(one.cluster->node == "a");
  CHECK(one.cluster->subject_prefix == "chatd");
  CHECK(one.cluster->replicas == 1);
  CHECK(one.cluster->node_timeout == 10);
  auto three = parse_config(kListen +
                                "[cluster]\nnode = \"b\"\nnats = [\"nats://h1:4222\", \"nats://h2:4222\", "
                                "\"tls://h3:4222\"]\n",
                            "c.toml");
  CHECK(three.cluster->replicas == 3);
}

TEST_CASE("config::cluster: bad names, URLs and ranges are errors naming the key") {
  CHECK(error_of("nats = [\"nats://h:1\"]\n").find("cluster.node: required key is missing") != std::string::npos);
  CHECK(error_of("node = \"a\"\n").find("cluster.nats: required key is missing") != std::string::npos);
  CHECK(error_of("node = \"A.b\"\nnats = [\"nats://h:1\"]\n").find("cluster.node") != std::string::npos);
  CHECK(error_of("node = \"a\"\nnats = []\n").find("at least one") != std::string::npos);
  CHECK(error_of("node = \"a\"\nnats = [\"http://h:1\"]\n").find("nats:// or tls://") != std::string::npos);
  CHECK(error_of("node = \"a\"\nnats = [\"nats://h:1\"]\nsubject_prefix = \"a.b\"\n").find("subject_prefix") !=
        std::string::npos);
  CHECK(error_of("node = \"a\"\nnats = [\"nats://h:1\"]\nnode_timeout = 16\n").find("node_timeout") !=
        std::string::npos);
  CHECK(error_of("node = \"a\"\nnats = [\"nats://h:1\"]\nreplicas = 0\n").find("replicas") != std::string::npos);
}
