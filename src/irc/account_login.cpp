#include "irc/account_login.hpp"

#include "irc/capabilities.hpp"
#include "irc/line_builder.hpp"
#include "irc/monitor_notify.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::irc {

std::string change_account(Session& s, const std::string& account) {
  std::string mask;
  std::shared_ptr<chat::Audience> audience;
  chat::SharedVariants line;
  {
    sys::MutexLock lock(s.server().registry.mutex());
    chat::User& me = s.user();
    me.account = account;
    mask = std::string(s.nick()) + "!" + (me.username.empty() ? "*" : me.username) + "@" + me.host;
    if (me.registered) {
      audience = change_audience(s.server().registry, me, kCapAccountNotify, false);
      if (audience->size > 0) {
        line =
            make_variants(make_line(me.prefix(), "ACCOUNT", {account.empty() ? "*" : account}), {.account = account});
      }
    }
  }
  if (line) s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
  return mask;
}

void log_in(Session& s, const std::string& account) {
  const std::string mask = change_account(s, account);
  s.numeric(Numeric::RPL_LOGGEDIN, {mask, account}, "You are now logged in as " + account);
}

}  // namespace chatd::irc
