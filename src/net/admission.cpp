#include "net/admission.hpp"

namespace chatd::net {

namespace {
// What a ticket owns: nothing but the duty to give the slot back.
struct Slot {
  using Release = void (*)(Admission*, const std::string&, bool);
  Slot(Admission* owner, std::string host, bool counts_total, Release release)
      : owner(owner), host(std::move(host)), counts_total(counts_total), release(release) {}
  ~Slot() { release(owner, host, counts_total); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  Admission* owner;
  std::string host;
  bool counts_total;
  Release release;
};
}  // namespace

bool Admission::take_address(const std::string& host, std::size_t max_per_ip) {
  std::size_t& mine = per_host_[host];
  if (mine >= max_per_ip) {
    if (mine == 0) per_host_.erase(host);
    return false;
  }
  ++mine;
  return true;
}

Admission::Ticket Admission::make_ticket(const std::string& host, bool counts_total) {
  return std::make_shared<const Slot>(this, host, counts_total,
                                      [](Admission* a, const std::string& h, bool t) { a->release(h, t); });
}

Admission::Verdict Admission::admit(const std::string& host, std::size_t max_clients, std::size_t max_per_ip,
                                    Ticket& ticket) {
  {
    sys::MutexLock lock(mutex_);
    if (total_ >= max_clients) return Verdict::server_full;
    if (!take_address(host, max_per_ip)) return Verdict::address_full;
    ++total_;
  }
  ticket = make_ticket(host, true);
  return Verdict::admitted;
}

Admission::Ticket Admission::admit_address(const std::string& host, std::size_t max_per_ip) {
  {
    sys::MutexLock lock(mutex_);
    if (!take_address(host, max_per_ip)) return nullptr;
  }
  return make_ticket(host, false);
}

void Admission::release(const std::string& host, bool counts_total) noexcept {
  sys::MutexLock lock(mutex_);
  if (counts_total) --total_;
  auto it = per_host_.find(host);
  if (it != per_host_.end() && --it->second == 0) per_host_.erase(it);
}

std::size_t Admission::total() const {
  sys::MutexLock lock(mutex_);
  return total_;
}

const char* refusal_reason(Admission::Verdict verdict) noexcept {
  switch (verdict) {
    case Admission::Verdict::server_full:
      return "Server is full";
    case Admission::Verdict::address_full:
      return "Too many connections from your address";
    case Admission::Verdict::admitted:
      break;
  }
  return "";
}

}  // namespace chatd::net
