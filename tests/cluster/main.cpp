// The doctest runner for the cluster suite (make check-cluster): each test starts real
// nats-server processes (tests/support/nats_cluster.hpp) and, once chatd has a cluster mode,
// real build/chatd daemons on them.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
