// client_ticket: counts an accepted client as open until its connection lets go of the ticket.
// The accept counts the client opened (on the accepting thread's LoopCounters) and wraps the
// connection's other ticket (its net::Admission slot); the connection drops the ticket when it
// closes, on its worker, which counts it closed there. The open clients of a kind are the
// difference, summed at scrape time, so neither side shares a counter with the other.
//
// Thread rules: call on the accepting loop's thread; the ticket may be dropped on any thread.
#pragma once

#include <cstddef>
#include <memory>

namespace chatd::metrics {

// `kind` from metrics::client_kind(); `inner` is kept alive as long as the returned ticket.
std::shared_ptr<const void> client_ticket(std::size_t kind, std::shared_ptr<const void> inner);

}  // namespace chatd::metrics
