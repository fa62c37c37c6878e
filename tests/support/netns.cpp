#include "netns.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <random>
#include <stdexcept>
#include <system_error>

#include "chatd_process.hpp"

namespace chatd::test {
namespace {

std::string random_name() {
  std::random_device random;
  std::string name = "chatd-t-";
  const char* digits = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) name += digits[random() % 16];
  return name;
}

}  // namespace

std::string netns_unavailable() {
  // Probed once per run: root in a container may still be refused namespaces.
  static const std::string why = []() -> std::string {
    if (::geteuid() != 0) return "namespace tests need root (CI runs them as root)";
    if (run_program("ip", {"-V"}).status != 0) return "namespace tests need `ip` (apt-get install iproute2)";
    const std::string probe = random_name();
    RunResult added = run_program("ip", {"netns", "add", probe});
    if (added.status != 0) return "cannot create network namespaces here: " + added.output;
    run_program("ip", {"netns", "del", probe});
    return {};
  }();
  return why;
}

void run_ip(const std::vector<std::string>& args) {
  RunResult r = run_program("ip", args);
  if (r.status != 0) {
    std::string command = "ip";
    for (const auto& a : args) command += " " + a;
    throw std::runtime_error(command + " failed (" + std::to_string(r.status) + "): " + r.output);
  }
}

Netns::Netns() : name_(random_name()) {
  run_ip({"netns", "add", name_});
  try {
    ip({"link", "set", "lo", "up"});
    ip({"route", "add", "224.0.0.0/4", "dev", "lo"});
  } catch (...) {
    run_program("ip", {"netns", "del", name_});
    throw;
  }
}

Netns::~Netns() { run_program("ip", {"netns", "del", name_}); }

void Netns::ip(std::vector<std::string> args) const {
  args.insert(args.begin(), {"-n", name_});
  run_ip(args);
}

NetnsScope::NetnsScope(const Netns& ns) {
  // thread-self: setns changes only this thread, so remember this thread's own namespace.
  previous_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (previous_ < 0) throw std::system_error(errno, std::generic_category(), "open own netns");
  const std::string path = "/run/netns/" + ns.name();
  const int target = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0 || ::setns(target, CLONE_NEWNET) != 0) {
    const int err = errno;
    if (target >= 0) ::close(target);
    ::close(previous_);
    throw std::system_error(err, std::generic_category(), "setns " + path);
  }
  ::close(target);
}

NetnsScope::~NetnsScope() {
  ::setns(previous_, CLONE_NEWNET);
  ::close(previous_);
}

Lan::Lan(std::size_t hosts) {
  switch_.ip({"link", "add", "br0", "type", "bridge", "mcast_snooping", "0"});
  switch_.ip({"link", "set", "br0", "up"});
  for (std::size_t i = 0; i < hosts; ++i) {
    hosts_.push_back(std::make_unique<Netns>());
    Netns& h = *hosts_.back();
    const std::string port = "p" + std::to_string(i);
    switch_.ip({"link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", h.name()});
    switch_.ip({"link", "set", port, "master", "br0", "up"});
    h.ip({"addr", "add", address(i) + "/24", "broadcast", broadcast(), "dev", "eth0"});
    // nodad: usable at once, so IPv6 tests need not wait a second for duplicate detection.
    h.ip({"addr", "add", address6(i) + "/64", "dev", "eth0", "nodad"});
    h.ip({"link", "set", "eth0", "up"});
    // The single-host route to lo would win the INADDR_ANY joins; here the wire is eth0.
    h.ip({"route", "replace", "224.0.0.0/4", "dev", "eth0"});
  }
}

}  // namespace chatd::test
