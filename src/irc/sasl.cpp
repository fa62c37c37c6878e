// AUTHENTICATE: SASL login (IRCv3 sasl-3.1), before or after registration. The framing is
// SaslExchange's; the check runs on the account thread (hashing takes tens of milliseconds)
// and its answer comes back to this session's loop. Nothing the client sends is logged.
#include "account/account_rules.hpp"
#include "account/account_service.hpp"
#include "irc/account_login.hpp"
#include "irc/casemap.hpp"
#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"

namespace chatd::irc {
namespace {

using account::LoginRequest;
using account::LoginResult;

bool is_loopback(std::string_view host) {
  return host.starts_with("127.") || host == "::1" || host.starts_with("::ffff:127.");
}

void fail(Session& s, Numeric n) {
  s.sasl.reset();
  s.numeric(n);
}

// The check's answer, on the session's loop.
void finish_login(Session& s, const LoginResult& result) {
  s.login_pending = false;
  if (result.outcome != LoginResult::Outcome::kOk) {
    const char* why = result.outcome == LoginResult::Outcome::kThrottled ? "SASL authentication failed: too many "
                                                                           "failed attempts, try again later"
                      : result.outcome == LoginResult::Outcome::kBusy
                          ? "SASL authentication failed: the server is busy, try again"
                          : "SASL authentication failed";
    s.numeric(Numeric::ERR_SASLFAIL, {}, why);
    return;
  }
  log_in(s, result.account);
  s.numeric(Numeric::RPL_SASLSUCCESS);
}

// Hands `request` to the account thread; the answer is posted back to this session's loop.
void check_login(Session& s, LoginRequest request) {
  account::AccountService* accounts = s.server().accounts;
  std::shared_ptr<chat::Endpoint> endpoint = s.endpoint();
  std::weak_ptr<Session> weak = s.weak_session();
  if (!endpoint || weak.expired()) {
    s.numeric(Numeric::ERR_SASLFAIL);
    return;
  }
  s.login_pending = true;
  const chat::Fanout* fanout = &s.server().fanout;
  const std::size_t loop = endpoint->loop_index();
  accounts->login(std::move(request), [fanout, loop, weak](LoginResult result) {
    fanout->on_loop(loop, [weak, result = std::move(result)] {
      if (auto session = weak.lock()) finish_login(*session, result);
    });
  });
}

void complete(Session& s, SaslMechanism mechanism, const std::string& message) {
  LoginRequest request;
  request.source = s.user().host;
  if (mechanism == SaslMechanism::kExternal) {
    // The message is the authorization identity asked for, or empty for the certificate's.
    if (!message.empty() && !account::check_account_name(message).empty()) {
      s.numeric(Numeric::ERR_SASLFAIL);
      return;
    }
    request.kind = LoginRequest::Kind::kCertificate;
    request.name = message;
    request.certfp = s.user().certfp;
    check_login(s, std::move(request));
    return;
  }
  auto plain = parse_plain(message);
  // Logging in as someone else (authzid) is for services; here it must name the same account.
  if (!plain || !account::check_account_name(plain->authcid).empty() ||
      (!plain->authzid.empty() && !equal_folded(plain->authzid, plain->authcid)) ||
      plain->password.size() > account::kMaxPasswordBytes) {
    s.numeric(Numeric::ERR_SASLFAIL);
    return;
  }
  request.kind = LoginRequest::Kind::kPassword;
  request.name = std::move(plain->authcid);
  request.password = std::move(plain->password);
  check_login(s, std::move(request));
}

void start(Session& s, std::string_view mechanism_name) {
  if (mechanism_name == "*") {
    s.numeric(Numeric::ERR_SASLABORTED);
    return;
  }
  auto mechanism = find_sasl_mechanism(mechanism_name);
  if (!mechanism) {
    s.numeric(Numeric::RPL_SASLMECHS, {kSaslMechanisms});
    s.numeric(Numeric::ERR_SASLFAIL);
    return;
  }
  const chat::User& me = s.user();
  if (*mechanism == SaslMechanism::kPlain && !me.secure && !is_loopback(me.host) &&
      s.server().config()->accounts.require_tls_for_plain) {
    s.numeric(Numeric::ERR_SASLFAIL, {}, "SASL authentication failed: PLAIN needs a TLS connection here");
    return;
  }
  if (*mechanism == SaslMechanism::kExternal && me.certfp.empty()) {
    s.numeric(Numeric::ERR_SASLFAIL, {}, "SASL authentication failed: EXTERNAL needs a TLS client certificate");
    return;
  }
  s.sasl.emplace(*mechanism);
  s.send(make_line("", "AUTHENTICATE", {"+"}));
}

}  // namespace

void handle_authenticate(Session& s, const Message& m) {
  if (!s.server().accounts) {
    s.numeric(Numeric::ERR_SASLFAIL, {}, "SASL authentication failed: this server has no accounts");
    return;
  }
  if (!s.user().account.empty()) {
    s.numeric(Numeric::ERR_SASLALREADY);
    return;
  }
  if (s.login_pending) {
    // The answer to the login being checked is on its way; this one is refused.
    s.numeric(Numeric::ERR_SASLFAIL, {}, "SASL authentication failed: a login is being checked");
    return;
  }
  const std::string_view arg = m.arg(0);
  if (!s.sasl) {
    start(s, arg);
    return;
  }
  switch (s.sasl->feed(arg)) {
    case SaslExchange::Step::kMore:
      return;
    case SaslExchange::Step::kAborted:
      fail(s, Numeric::ERR_SASLABORTED);
      return;
    case SaslExchange::Step::kTooLong:
      fail(s, Numeric::ERR_SASLTOOLONG);
      return;
    case SaslExchange::Step::kInvalid:
      fail(s, Numeric::ERR_SASLFAIL);
      return;
    case SaslExchange::Step::kDone: {
      const SaslMechanism mechanism = s.sasl->mechanism();
      const std::string message = s.sasl->message();
      s.sasl.reset();
      complete(s, mechanism, message);
      return;
    }
  }
}

}  // namespace chatd::irc
