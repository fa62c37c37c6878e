#include "irc/cluster_nick.hpp"

#include "cluster/cluster.hpp"
#include "irc/casemap.hpp"
#include "irc/cluster_events.hpp"

namespace chatd::irc {

bool claim_cluster_nick(Session& s, std::string_view nick) {
  cluster::Cluster* cluster = s.server().cluster;
  if (!cluster || s.local_nicks_only) return false;
  std::weak_ptr<Session> weak = s.weak_session();
  const chat::Endpoint* self = s.endpoint_ptr();
  if (weak.expired() || !self) return false;
  if (fold(nick) == s.user().folded) return false;  // a change of case keeps the claim
  {
    sys::MutexLock lock(s.server().registry.mutex());
    if (s.server().registry.find_user(nick)) return false;  // 433 or a reclaim, as standalone
  }
  if (s.nick_claim_pending) {
    s.numeric(Numeric::ERR_UNKNOWNERROR, {"NICK", nick}, "A nick change is already in progress");
    return true;
  }
  s.nick_claim_pending = true;
  const chat::Fanout* fanout = &s.server().fanout;
  const std::size_t home = self->loop_index();
  cluster->claim_nick(std::string(nick),
                      [fanout, home, weak, cluster, nick = std::string(nick)](cluster::Claim answer) {
                        fanout->on_loop(home, [weak, cluster, nick, answer] {
                          auto session = weak.lock();
                          if (!session || session->departed()) {
                            if (answer == cluster::Claim::kClaimed) cluster->release_nick(nick);
                            return;
                          }
                          Session& s = *session;
                          s.nick_claim_pending = false;
                          switch (answer) {
                            case cluster::Claim::kClaimed:
                              finish_nick(s, nick);
                              if (s.user().folded != fold(nick))
                                cluster->release_nick(nick);  // lost to a user here meanwhile
                              break;
                            case cluster::Claim::kTaken:
                              s.numeric(Numeric::ERR_NICKNAMEINUSE, {nick});
                              break;
                            case cluster::Claim::kUnavailable:
                              s.numeric(Numeric::ERR_UNKNOWNERROR, {"NICK", nick}, partition_refusal("no new nicks"));
                              break;
                          }
                        });
                      });
  return true;
}

}  // namespace chatd::irc
