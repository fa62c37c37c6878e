// REGISTER and VERIFY (IRCv3 draft/account-registration): a client creates an account named
// for its current nick, before or after connection registration, and is logged in to it as
// after SASL. [accounts] registration decides whether it may: "open" lets it, "admin" answers
// FAIL ... DISALLOWED (accounts come from chatctl), "off" makes both commands unknown, as on
// a server without the extension. The name and password are checked here, on the loop; the
// hash and the insert run on the account thread, whose answer comes back to this session's
// loop. The e-mail argument is ignored (chatd sends no mail), so no registration ever waits
// for VERIFY. Nothing the client sends as a password is logged.
#include "account/account_rules.hpp"
#include "account/account_service.hpp"
#include "irc/account_login.hpp"
#include "irc/casemap.hpp"
#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"

namespace chatd::irc {
namespace {

using account::RegisterRequest;
using account::RegisterResult;

enum class Mode { kOff, kAdmin, kOpen };

Mode mode(Session& s) {
  if (!s.server().accounts) return Mode::kOff;
  const std::string& registration = s.server().config()->accounts.registration;
  return registration == "open" ? Mode::kOpen : registration == "admin" ? Mode::kAdmin : Mode::kOff;
}

// "FAIL <command> <code> <account> :<text>" (standard replies, with the account as context).
void fail(Session& s, std::string_view command, std::string_view code, std::string_view account,
          std::string_view text) {
  s.send(make_line(s.server().server_name, "FAIL", {command, code, account}, text));
}

// The account thread's answer, on the session's loop.
void finish_register(Session& s, const std::string& name, const RegisterResult& result) {
  s.login_pending = false;
  using Outcome = RegisterResult::Outcome;
  switch (result.outcome) {
    case Outcome::kOk:
      s.send(make_line(s.server().server_name, "REGISTER", {"SUCCESS", result.account}, "Account created"));
      log_in(s, result.account);
      return;
    case Outcome::kExists:
      fail(s, "REGISTER", "ACCOUNT_EXISTS", name, "An account of that name exists already");
      return;
    case Outcome::kFull:
      fail(s, "REGISTER", "TEMPORARILY_UNAVAILABLE", name, "This server holds as many accounts as it may");
      return;
    case Outcome::kThrottled:
      fail(s, "REGISTER", "TEMPORARILY_UNAVAILABLE", name,
           "One account per address per minute: try again in " + std::to_string(result.retry_after.count()) +
               " seconds");
      return;
    case Outcome::kBusy:
      fail(s, "REGISTER", "TEMPORARILY_UNAVAILABLE", name, "The server is busy, try again");
      return;
  }
}

// Hands `request` to the account thread; the answer is posted back to this session's loop.
void create(Session& s, RegisterRequest request) {
  std::shared_ptr<chat::Endpoint> endpoint = s.endpoint();
  std::weak_ptr<Session> weak = s.weak_session();
  if (!endpoint || weak.expired()) {
    fail(s, "REGISTER", "TEMPORARILY_UNAVAILABLE", request.name, "Registration is not available here");
    return;
  }
  s.login_pending = true;
  const chat::Fanout* fanout = &s.server().fanout;
  const std::size_t loop = endpoint->loop_index();
  std::string name = request.name;
  s.server().accounts->register_account(std::move(request), [fanout, loop, weak, name](RegisterResult result) {
    fanout->on_loop(loop, [weak, name, result = std::move(result)] {
      if (auto session = weak.lock()) finish_register(*session, name, result);
    });
  });
}

}  // namespace

void handle_register(Session& s, const Message& m) {
  const Mode now = mode(s);
  if (now == Mode::kOff) {
    s.numeric(Numeric::ERR_UNKNOWNCOMMAND, {m.command.substr(0, 32)});
    return;
  }
  if (m.param_count < 3) {
    s.numeric(Numeric::ERR_NEEDMOREPARAMS, {"REGISTER"});
    return;
  }
  const std::string_view nick = s.user().nick;
  const bool for_nick = m.arg(0) == "*";
  const std::string_view asked = echo_token(m.arg(0));  // safe to echo
  // The account named in replies: the nick for "*", else what was asked for.
  const std::string_view account = for_nick && !nick.empty() ? nick : asked;
  if (now == Mode::kAdmin) {
    fail(s, "REGISTER", "DISALLOWED", account, "accounts are created by the administrator (chatctl account add)");
    return;
  }
  if (nick.empty()) {
    fail(s, "REGISTER", "NEED_NICK", "*", "Choose a nick first: the account is named for it");
    return;
  }
  // REGISTER before connection registration must not get around the server password, so
  // with one set it waits for registration (and CAP LS does not say before-connect).
  if (!s.registered() && !s.server().config()->server.password.empty()) {
    s.send(make_line(s.server().server_name, "FAIL", {"REGISTER", "COMPLETE_CONNECTION_REQUIRED"},
                     "Complete connection registration first"));
    return;
  }
  if (!for_nick && !equal_folded(m.arg(0), nick)) {
    fail(s, "REGISTER", "ACCOUNT_NAME_MUST_BE_NICK", asked,
         "The account is named for your nick: register " + std::string(nick) + " or *");
    return;
  }
  if (!s.user().account.empty()) {
    fail(s, "REGISTER", "ALREADY_AUTHENTICATED", s.user().account, "You are logged in to an account already");
    return;
  }
  if (s.login_pending) {
    fail(s, "REGISTER", "TEMPORARILY_UNAVAILABLE", nick, "A login or registration is being checked");
    return;
  }
  if (std::string why = account::check_account_name(nick); !why.empty()) {
    fail(s, "REGISTER", "BAD_ACCOUNT_NAME", nick, "Your nick cannot name an account: " + why);
    return;
  }
  const std::string_view password = m.arg(2);
  if (std::string why = account::check_password(password); !why.empty()) {
    // Only a short password is weak; a too long one has a code of its own.
    const bool weak = password.size() < account::kMinPasswordLength;
    fail(s, "REGISTER", weak ? "WEAK_PASSWORD" : "UNACCEPTABLE_PASSWORD", nick, why);
    return;
  }
  create(s, RegisterRequest{std::string(nick), std::string(password), s.user().host});
}

void handle_verify(Session& s, const Message& m) {
  if (mode(s) == Mode::kOff) {
    s.numeric(Numeric::ERR_UNKNOWNCOMMAND, {m.command.substr(0, 32)});
    return;
  }
  if (m.param_count < 2) {
    s.numeric(Numeric::ERR_NEEDMOREPARAMS, {"VERIFY"});
    return;
  }
  const std::string_view account = echo_token(m.arg(0));
  if (!s.user().account.empty()) {
    fail(s, "VERIFY", "ALREADY_AUTHENTICATED", s.user().account, "You are logged in to an account already");
    return;
  }
  fail(s, "VERIFY", "INVALID_CODE", account, "No registration here waits for a code: REGISTER needs no verification");
}

}  // namespace chatd::irc
