// Server operators: OPER (against [[operator]] crypt(3) hashes or accounts), KILL and WALLOPS. Opers also
// act as channel operators in every channel (see Channel::is_operator).
#include "irc/casemap.hpp"
#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/tagged_line.hpp"
#include "sys/password_hash.hpp"

namespace chatd::irc {

void handle_oper(Session& s, const Message& m) {
  auto config = s.server().config();
  const config::Operator* entry = nullptr;
  for (const auto& oper : config->operators)
    if (oper.name == m.arg(0)) entry = &oper;
  if (!entry) {
    s.numeric(Numeric::ERR_NOOPERHOST);
    return;
  }
  // The session alone writes its account, so it reads it without the lock. A user logged in
  // to the operator's account needs no password; otherwise the password decides. Hashing is
  // slow on purpose (yescrypt); it runs outside the lock.
  const std::string& account = s.user().account;
  const bool by_account = !entry->account.empty() && !account.empty() && equal_folded(entry->account, account);
  if (!by_account && (entry->password_hash.empty() || !sys::verify_password(m.arg(1), entry->password_hash))) {
    s.numeric(Numeric::ERR_PASSWDMISMATCH);
    return;
  }
  chat::User& me = s.user();
  {
    sys::MutexLock lock(s.server().registry.mutex());
    if (me.oper) return;
    me.oper = true;
    ++s.server().registry.opers;
  }
  s.numeric(Numeric::RPL_YOUREOPER);
  s.send(make_line(me.nick, "MODE", {me.nick}, "+o"));
}

void handle_kill(Session& s, const Message& m) {
  std::shared_ptr<chat::Endpoint> victim;
  std::string reason;
  {
    sys::MutexLock lock(s.server().registry.mutex());
    if (!s.user().oper) {
      s.numeric(Numeric::ERR_NOPRIVILEGES);
      return;
    }
    chat::User* target = s.server().registry.find_user(m.arg(0));
    if (!target || !target->registered) {
      s.numeric(Numeric::ERR_NOSUCHNICK, {m.arg(0)});
      return;
    }
    victim = target->endpoint.lock();
    reason = "Killed (" + s.user().nick + " (" + std::string(m.arg(1)) + "))";
  }
  // The victim's own loop closes it: its QUIT to its channels carries the reason. The lock is
  // released first, because closing (inline, when it lives on this loop) takes it.
  if (victim) {
    std::size_t loop = victim->loop_index();
    s.server().fanout.on_loop(loop, [victim, reason] { victim->disconnect(reason); });
  }
}

void handle_wallops(Session& s, const Message& m) {
  auto audience = std::make_shared<chat::Audience>();
  chat::SharedVariants line;
  {
    auto& registry = s.server().registry;
    sys::MutexLock lock(registry.mutex());
    if (!s.user().oper) {
      s.numeric(Numeric::ERR_NOPRIVILEGES);
      return;
    }
    line = make_variants(make_line(s.user().prefix(), "WALLOPS", {}, m.arg(0)), {.account = s.user().account});
    for (const auto& [key, user] : registry.users()) {
      if (!user->registered || !(user->wallops || user->oper)) continue;
      if (auto endpoint = user->endpoint.lock()) audience->add(std::move(endpoint));
    }
  }
  if (audience->size > 0) s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

}  // namespace chatd::irc
