#include "cluster/cluster.hpp"
#include "irc/cluster_events.hpp"
#include "irc/join.hpp"

namespace chatd::irc {

bool claim_cluster_channel(Session& s, std::string_view name, std::string_view key) {
  cluster::Cluster* cluster = s.server().cluster;
  std::weak_ptr<Session> weak = s.weak_session();
  const chat::Endpoint* self = s.endpoint_ptr();
  if (!cluster || weak.expired() || !self) return false;
  const chat::Fanout* fanout = &s.server().fanout;
  const std::size_t home = self->loop_index();
  cluster->claim_channel(std::string(name), [fanout, home, weak, name = std::string(name),
                                             key = std::string(key)](cluster::Claim answer) {
    fanout->on_loop(home, [weak, name, key, answer] {
      auto session = weak.lock();
      if (!session || session->departed()) return;
      if (answer == cluster::Claim::kUnavailable) {
        session->numeric(Numeric::ERR_UNKNOWNERROR, {"JOIN", name}, partition_refusal("no new channels"));
        return;
      }
      join_channel(*session, name, key, answer == cluster::Claim::kClaimed ? Creation::kCreator : Creation::kMember);
    });
  });
  return true;
}

}  // namespace chatd::irc
