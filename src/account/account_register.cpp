// AccountService's registrations (IRCv3 REGISTER): an account created from a client, on the
// account thread, with the per-address limit. The order of the checks keeps the expensive
// part last: a taken name or a full table is answered without hashing anything.
#include <spdlog/spdlog.h>

#include <chrono>

#include "account/account_rules.hpp"
#include "account/account_service.hpp"
#include "irc/casemap.hpp"
#include "sys/password_hash.hpp"

namespace chatd::account {

namespace {

using Outcome = RegisterResult::Outcome;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void AccountService::register_account(RegisterRequest request, std::function<void(RegisterResult)> reply) {
  auto shared_reply = std::make_shared<std::function<void(RegisterResult)>>(std::move(reply));
  const bool queued = run([this, request = std::move(request), shared_reply](store::AccountDb&, AccountDirectory&) {
    RegisterResult result;
    try {
      result = create(request);
    } catch (const store::StoreError& e) {
      spdlog::error("accounts: the account {} could not be registered: {}", request.name, e.what());
      result = {};
    }
    (*shared_reply)(std::move(result));
  });
  if (!queued) (*shared_reply)(RegisterResult{});
}

RegisterResult AccountService::create(const RegisterRequest& request) {
  if (directory_.contains(request.name)) return {Outcome::kExists, {}, {}};
  if (directory_.size() >= kMaxAccounts) {
    spdlog::warn("accounts: REGISTER {} from {} refused: the server holds {} accounts, the most it may", request.name,
                 request.source, kMaxAccounts);
    return {Outcome::kFull, {}, {}};
  }
  const auto now = RegistrationThrottle::Clock::now();
  if (const auto wait = registration_limit_.wait(request.source, now); wait.count() > 0) {
    // Rounded up: "try again in 0 seconds" would be wrong.
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
    spdlog::info("accounts: REGISTER {} from {} refused: one account per address per {} s", request.name,
                 request.source, RegistrationThrottle::kInterval.count());
    return {Outcome::kThrottled, {}, seconds};
  }
  store::AccountRow row{irc::fold(request.name), request.name, sys::hash_password(request.password), now_ms(), {}};
  if (!db_.add(row)) return {Outcome::kExists, {}, {}};
  directory_.add(row.name);
  registration_limit_.record(request.source, now);
  spdlog::info("accounts: account {} registered by a client from {}", row.name, request.source);
  return {Outcome::kOk, row.name, {}};
}

}  // namespace chatd::account
