// Admission: counts the open connections, in all and per peer address, so the main thread
// can refuse one past max_clients or max_per_ip before any worker spends memory on it.
// An admitted connection holds a Ticket; its slot is given back when the last copy of the
// ticket is dropped (Connection::close drops it), on whichever worker thread that is.
//
// Thread rules: safe from any thread (one mutex, taken once per accept and once per close).
// REQUIRES: outlives every Ticket it hands out.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "sys/mutex.hpp"

namespace chatd::net {

class Admission {
 public:
  using Ticket = std::shared_ptr<const void>;
  enum class Verdict { admitted, server_full, address_full };

  // Takes a slot for `host` unless that would pass either cap; `ticket` is set only when
  // admitted. The caps are passed in so a reload applies to the next accept.
  Verdict admit(const std::string& host, std::size_t max_clients, std::size_t max_per_ip, Ticket& ticket);

  // A slot for the address a trusted proxy forwarded, on top of the connection's own ticket
  // (which counted it toward max_clients, under the proxy's address): per address only.
  // Null when `host` already has max_per_ip.
  Ticket admit_address(const std::string& host, std::size_t max_per_ip);

  std::size_t total() const;

 private:
  // Counts one more connection from `host` unless it has `max_per_ip` already.
  bool take_address(const std::string& host, std::size_t max_per_ip) REQUIRES(mutex_);
  Ticket make_ticket(const std::string& host, bool counts_total);
  void release(const std::string& host, bool counts_total) noexcept EXCLUDES(mutex_);

  mutable sys::Mutex mutex_;
  std::size_t total_ GUARDED_BY(mutex_) = 0;
  std::unordered_map<std::string, std::size_t> per_host_ GUARDED_BY(mutex_);
};

// The text a refused client is told, as in "ERROR :Closing link: * [host] (<reason>)".
const char* refusal_reason(Admission::Verdict verdict) noexcept;

}  // namespace chatd::net
