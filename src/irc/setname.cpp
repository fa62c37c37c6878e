// SETNAME (IRCv3 setname): a registered user changes its realname. The change goes to the
// user and its channel peers that have the capability, and to those who MONITOR it with
// extended-monitor; a client without the capability may still send it and is answered
// silently, as the spec asks. Refusals are standard replies (FAIL SETNAME ...).
#include "irc/capabilities.hpp"
#include "irc/cluster_events.hpp"
#include "irc/handlers.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/monitor_notify.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::irc {

void handle_setname(Session& s, const Message& m) {
  std::string_view realname = m.arg(0);
  if (realname.empty() || realname.size() > kRealnameLength) {
    s.send_fail("SETNAME", "INVALID_REALNAME", "Realname is not valid");
    return;
  }
  if (!s.allow_realname_change(s.server().config()->limits.nick_changes_per_10s)) {
    s.send_fail("SETNAME", "CANNOT_CHANGE_REALNAME", "Slow down your realname changes");
    return;
  }
  std::shared_ptr<chat::Audience> audience;
  chat::SharedVariants line;
  {
    auto& registry = s.server().registry;
    sys::MutexLock lock(registry.mutex());
    chat::User& me = s.user();
    me.realname = realname;
    if (me.registered) cluster_user(s.server(), me);
    audience = change_audience(registry, me, kCapSetname, true);
    if (audience->size > 0)
      line = make_variants(make_line(me.prefix(), "SETNAME", {}, me.realname), {.account = me.account});
  }
  if (line) s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

}  // namespace chatd::irc
