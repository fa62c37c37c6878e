#include "net/admission.hpp"

namespace chatd::net {

namespace {
// What a ticket owns: nothing but the duty to give the slot back.
struct Slot {
  Slot(Admission* owner, std::string host, void (*release)(Admission*, const std::string&))
      : owner(owner), host(std::move(host)), release(release) {}
  ~Slot() { release(owner, host); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  Admission* owner;
  std::string host;
  void (*release)(Admission*, const std::string&);
};
}  // namespace

Admission::Verdict Admission::admit(const std::string& host, std::size_t max_clients, std::size_t max_per_ip,
                                    Ticket& ticket) {
  {
    sys::MutexLock lock(mutex_);
    if (total_ >= max_clients) return Verdict::server_full;
    std::size_t& mine = per_host_[host];
    if (mine >= max_per_ip) {
      if (mine == 0) per_host_.erase(host);
      return Verdict::address_full;
    }
    ++mine;
    ++total_;
  }
  ticket = std::make_shared<const Slot>(this, host, [](Admission* a, const std::string& h) { a->release(h); });
  return Verdict::admitted;
}

void Admission::release(const std::string& host) noexcept {
  sys::MutexLock lock(mutex_);
  --total_;
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
