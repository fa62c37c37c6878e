// RegistrationThrottle: at most one account created by REGISTER per source address per
// kInterval, so a script cannot fill the account table (kMaxAccounts) from one machine.
// Loopback counts like any other address. Only registrations that succeed are recorded: a
// refused name or password costs the client nothing here (those are checked before any
// hashing). Remembers at most kMaxKeys addresses; expired ones are forgotten first, and when
// all are fresh a new address waits too, which only a flood from thousands of addresses sees.
//
// Thread rules: the account thread only (no lock).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace chatd::account {

class RegistrationThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kInterval{60};
  static constexpr std::size_t kMaxKeys = 4096;

  // How long `source` must still wait before it may register; zero when it may now.
  Clock::duration wait(const std::string& source, Clock::time_point now);
  // Counts a registration from `source` (after wait() said zero).
  void record(const std::string& source, Clock::time_point now);
  std::size_t size() const noexcept { return last_.size(); }

 private:
  std::unordered_map<std::string, Clock::time_point> last_;  // address -> its last registration
};

}  // namespace chatd::account
