// RemoteState: the users of the other nodes, as this node's chat state shows them. Each is a
// chat::User with `node` set and no endpoint, claimed in the Registry and a member of its
// channels like anyone, so NAMES, WHO, WHOIS, LIST and every permission check see the whole
// network. apply() turns an event from another node into that state and into the lines this
// node's own clients see (formatted once here, handed to the normal Fanout).
//
// Thread rules: apply() and drop_node() take the registry mutex themselves (they run on a NATS
// delivery thread and on the cluster's ticker); lines go out through Fanout after it is
// released. Nothing here touches a loop's objects.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "cluster/event.hpp"
#include "irc/history_events.hpp"
#include "irc/monitor_notify.hpp"
#include "irc/server_context.hpp"

namespace chatd::cluster {

// Caps on what other nodes can make this node hold (a node's users are also capped by its own
// limits.max_clients; these hold against a buggy or foreign sender).
inline constexpr std::size_t kMaxNodes = 64;
inline constexpr std::size_t kMaxUsersPerNode = 200000;

class RemoteState {
 public:
  explicit RemoteState(irc::ServerContext& server) : server_(server) {}
  ~RemoteState();

  void apply(const Event& event);
  // Every user of `node` quits (`reason`) and its entry is forgotten. Returns how many.
  std::size_t drop_node(const std::string& node, const std::string& reason);
  // Users per node (for status); the registry lock is taken.
  std::map<std::string, std::size_t> users_per_node();

 private:
  struct Node {
    std::string boot;
    std::unordered_map<std::string, std::unique_ptr<chat::User>> users;  // by casefolded nick
  };
  struct Outgoing {
    std::shared_ptr<const chat::Audience> audience;
    chat::SharedVariants line;
  };
  // What applying one event produced: lines for this node's clients and history events,
  // both handed on after the registry lock is released.
  // A batch's history events: made up here (a dead node's users' QUITs: this node's alone),
  // or the echo of what the origin node recorded and shares itself (not recorded again).
  enum class History { kMadeHere, kFromOrigin };
  struct Batch {
    explicit Batch(irc::ServerContext& server) : events(server) {}
    std::vector<Outgoing> lines;
    irc::HistoryEvents events;
    std::vector<irc::MonitorNotice> monitors;  // 730/731 for watchers of users who came or went
  };

  // All REQUIRE the registry mutex.
  chat::User* find(Node& node, const std::string& nick) REQUIRES(server_.registry.mutex());
  void add_user(Node& node, const std::string& name, const RemoteUser& user, Batch& out)
      REQUIRES(server_.registry.mutex());
  void remove_user(Node& node, chat::User& user, const std::string& reason, Batch& out)
      REQUIRES(server_.registry.mutex());
  void drop_users(Node& node, const std::string& reason, Batch& out) REQUIRES(server_.registry.mutex());
  void join(chat::User& user, const std::string& channel, bool op, const ChannelState* state, Batch& out)
      REQUIRES(server_.registry.mutex());
  void apply_locked(Node& node, const Event& e, Batch& out) REQUIRES(server_.registry.mutex());
  void message(const Event& e, Batch& out) REQUIRES(server_.registry.mutex());
  void burst(Node& node, const Event& e, Batch& out) REQUIRES(server_.registry.mutex());
  void announce(const Event& e, Batch& out) REQUIRES(server_.registry.mutex());
  void send(Batch& out, History history);
  void invite(const Event& e, Batch& out) REQUIRES(server_.registry.mutex());

  irc::ServerContext& server_;
  std::map<std::string, Node> nodes_ GUARDED_BY(server_.registry.mutex());
};

}  // namespace chatd::cluster
