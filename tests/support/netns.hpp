// Network namespaces for the bridge tests: multicast and broadcast never leave a namespace the
// test made itself. Netns creates "chatd-t-<random>" (lo up, 224.0.0.0/4 routed to lo) and
// deletes it again, failure or not; NetnsScope moves the calling thread into one, so every
// socket it opens and every process it spawns (chatd, python peers) lives there; Lan wires
// several namespaces to one switch with veth pairs, addresses 10.99.0.0/24 inside them only.
//
// Everything here needs root (CAP_SYS_ADMIN) and `ip`; netns_unavailable() says why not.
// Use from the test's own thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::test {

// Empty when namespace tests can run here; otherwise the reason, for a MESSAGE.
std::string netns_unavailable();

// Runs `ip args...`; throws std::runtime_error with ip's output if it fails.
void run_ip(const std::vector<std::string>& args);

class Netns {
 public:
  // Creates the namespace with lo up and multicast routed to lo (the single-host setup).
  Netns();
  ~Netns();  // ip netns del
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  const std::string& name() const { return name_; }
  // `ip -n NAME args...`
  void ip(std::vector<std::string> args) const;

 private:
  std::string name_;
};

// While alive, the calling thread is in `ns`; the destructor puts it back where it was.
class NetnsScope {
 public:
  explicit NetnsScope(const Netns& ns);
  ~NetnsScope();
  NetnsScope(const NetnsScope&) = delete;
  NetnsScope& operator=(const NetnsScope&) = delete;

 private:
  int previous_ = -1;
};

// N hosts on one Ethernet segment: a "switch" namespace holding a bridge device (multicast
// snooping off, so it floods like a hub), and host i with eth0 = 10.99.0.(i+1)/24, broadcast
// 10.99.0.255, fd99::(i+1)/64, and 224.0.0.0/4 routed out of eth0 (so INADDR_ANY joins pick it).
class Lan {
 public:
  explicit Lan(std::size_t hosts);

  Netns& host(std::size_t i) { return *hosts_.at(i); }
  static std::string address(std::size_t i) { return "10.99.0." + std::to_string(i + 1); }
  static std::string broadcast() { return "10.99.0.255"; }
  static std::string address6(std::size_t i) { return "fd99::" + std::to_string(i + 1); }

 private:
  Netns switch_;
  std::vector<std::unique_ptr<Netns>> hosts_;
};

}  // namespace chatd::test
