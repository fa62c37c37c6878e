#include "metrics/client_ticket.hpp"

#include "metrics/loop_counters.hpp"

namespace chatd::metrics {

namespace {
struct ClientTicket {
  ClientTicket(std::size_t kind, std::shared_ptr<const void> inner) : kind(kind), inner(std::move(inner)) {
    this_loop().clients_opened[kind].add();
  }
  ~ClientTicket() { this_loop().clients_closed[kind].add(); }
  ClientTicket(const ClientTicket&) = delete;
  ClientTicket& operator=(const ClientTicket&) = delete;

  std::size_t kind;
  std::shared_ptr<const void> inner;
};
}  // namespace

std::shared_ptr<const void> client_ticket(std::size_t kind, std::shared_ptr<const void> inner) {
  return std::make_shared<const ClientTicket>(kind % kClientKinds, std::move(inner));
}

}  // namespace chatd::metrics
