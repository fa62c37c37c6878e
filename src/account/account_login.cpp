// AccountService's logins: password (SASL PLAIN) and certificate (SASL EXTERNAL) checks on the
// account thread, with the throttle.
#include <spdlog/spdlog.h>

#include "account/account_service.hpp"
#include "irc/casemap.hpp"
#include "sys/password_hash.hpp"

namespace chatd::account {

using Outcome = LoginResult::Outcome;

void AccountService::login(LoginRequest request, std::function<void(LoginResult)> reply) {
  auto shared_reply = std::make_shared<std::function<void(LoginResult)>>(std::move(reply));
  const bool queued = run([this, request = std::move(request), shared_reply](store::AccountDb&, AccountDirectory&) {
    (*shared_reply)(check(request));
  });
  if (!queued) (*shared_reply)(LoginResult{Outcome::kBusy, {}});
}

LoginResult AccountService::check(const LoginRequest& request) {
  try {
    return request.kind == LoginRequest::Kind::kPassword ? check_password(request) : check_certificate(request);
  } catch (const store::StoreError& e) {
    spdlog::error("accounts: a login could not be checked: {}", e.what());
    return {Outcome::kBusy, {}};
  }
}

LoginResult AccountService::check_password(const LoginRequest& request) {
  const auto now = LoginThrottle::Clock::now();
  const std::string key = irc::fold(request.name);
  const std::string account_key = "account " + key;
  const std::string source_key = "address " + request.source;
  if (throttle_.wait(account_key, now).count() > 0 || throttle_.wait(source_key, now).count() > 0) {
    return {Outcome::kThrottled, {}};
  }
  const auto row = db_.find(key);
  // No such account costs a hash too, so its answer takes as long as a wrong password's.
  const bool ok = sys::verify_password(request.password, row ? row->password_hash : dummy_hash_) && row;
  if (ok) {
    throttle_.record_success(account_key);
    throttle_.record_success(source_key);
    return {Outcome::kOk, row->name};
  }
  if (throttle_.record_failure(account_key, now)) {
    spdlog::warn("accounts: repeated failed logins to account {}; slowing them down", request.name);
  }
  if (throttle_.record_failure(source_key, now)) {
    spdlog::warn("accounts: repeated failed logins from {}; slowing them down", request.source);
  }
  return {Outcome::kFailed, {}};
}

LoginResult AccountService::check_certificate(const LoginRequest& request) {
  const auto owner = db_.owner_of(request.certfp);
  if (!owner) return {Outcome::kFailed, {}};
  if (!request.name.empty() && irc::fold(request.name) != *owner) return {Outcome::kFailed, {}};
  const auto row = db_.find(*owner);
  if (!row) return {Outcome::kFailed, {}};
  return {Outcome::kOk, row->name};
}

}  // namespace chatd::account
