#include "irc/account_logout.hpp"

#include <memory>
#include <vector>

#include "irc/account_login.hpp"
#include "irc/casemap.hpp"

namespace chatd::irc {

void log_out(Session& s) {
  if (s.user().account.empty()) return;
  const std::string mask = change_account(s, "");
  s.numeric(Numeric::RPL_LOGGEDOUT, {mask});
}

std::size_t log_out_everywhere(ServerContext& server, const std::string& account) {
  std::vector<std::shared_ptr<chat::Endpoint>> endpoints;
  {
    sys::MutexLock lock(server.registry.mutex());
    for (const auto& [folded, user] : server.registry.users()) {
      if (user->account.empty() || !equal_folded(user->account, account)) continue;
      if (auto endpoint = user->endpoint.lock()) endpoints.push_back(std::move(endpoint));
    }
  }
  for (auto& endpoint : endpoints) {
    const std::size_t loop = endpoint->loop_index();
    server.fanout.on_loop(loop, [endpoint = std::move(endpoint), account] {
      // Every client endpoint is a session (IRC or line); a connection closed meanwhile, or one
      // that logged in to another account since, is left alone.
      auto* session = dynamic_cast<Session*>(endpoint.get());
      if (!session || session->departed() || !equal_folded(session->user().account, account)) return;
      log_out(*session);
    });
  }
  return endpoints.size();
}

}  // namespace chatd::irc
