#include "account/account_service.hpp"

#include <doctest/doctest.h>

#include <future>

#include "account/account_rules.hpp"
#include "unit/store/store_temp_dir.hpp"

using namespace chatd::account;
using chatd::store::AccountDb;
using chatd::store::test::TempDir;

TEST_CASE("account: the directory is filled from the database at start and finds names in any case") {
  TempDir dir;
  const auto path = dir.file("a.db");
  {
    AccountDb db(path);
    db.add({"al{ice", "Al[ice", "$y$h", 1, {}});
  }
  AccountService service(path);
  CHECK(service.directory().size() == 1);
  CHECK(service.directory().find("AL[ICE") == "Al[ice");
  CHECK(service.directory().contains("al{ice"));
  CHECK_FALSE(service.directory().contains("bob"));

  // Jobs run on the account thread, in order, with the database and the directory.
  std::promise<std::size_t> done;
  CHECK(service.run([](AccountDb& db, AccountDirectory& directory) {
    db.add({"bob", "Bob", "$y$h", 2, {}});
    directory.add("Bob");
  }));
  CHECK(service.run([&done](AccountDb& db, AccountDirectory&) { done.set_value(db.list().size()); }));
  CHECK(done.get_future().get() == 2);
  CHECK(service.directory().find("BOB") == "Bob");
}

TEST_CASE("account: register_account creates the account once, then refuses the name and the address") {
  TempDir dir;
  const auto path = dir.file("a.db");
  AccountService service(path);
  auto ask = [&service](std::string name, std::string source) {
    std::promise<RegisterResult> done;
    service.register_account({std::move(name), "correct horse", std::move(source)},
                             [&done](RegisterResult result) { done.set_value(std::move(result)); });
    return done.get_future().get();
  };
  const RegisterResult first = ask("Ana", "10.0.0.1");
  CHECK(first.outcome == RegisterResult::Outcome::kOk);
  CHECK(first.account == "Ana");
  CHECK(service.directory().find("ana") == "Ana");
  // The name in any case is taken, whoever asks.
  CHECK(ask("ANA", "10.0.0.2").outcome == RegisterResult::Outcome::kExists);
  // The same address waits a minute for its next account; another address does not.
  const RegisterResult again = ask("Ben", "10.0.0.1");
  CHECK(again.outcome == RegisterResult::Outcome::kThrottled);
  CHECK(again.retry_after > std::chrono::seconds(0));
  CHECK(again.retry_after <= RegistrationThrottle::kInterval);
  CHECK(ask("Ben", "10.0.0.2").outcome == RegisterResult::Outcome::kOk);

  // The account is in the database with a hash, not the password.
  std::promise<std::optional<chatd::store::AccountRow>> row;
  CHECK(service.run([&row](AccountDb& db, AccountDirectory&) { row.set_value(db.find("ana")); }));
  const auto ana = row.get_future().get();
  REQUIRE(ana);
  CHECK(ana->name == "Ana");
  CHECK(ana->password_hash.find("correct horse") == std::string::npos);
  CHECK(ana->password_hash.starts_with("$y$"));

  // And a login with that password works.
  std::promise<LoginResult> login;
  LoginRequest request;
  request.name = "ana";
  request.password = "correct horse";
  request.source = "10.0.0.3";
  service.login(request, [&login](LoginResult result) { login.set_value(std::move(result)); });
  const LoginResult logged = login.get_future().get();
  CHECK(logged.outcome == LoginResult::Outcome::kOk);
  CHECK(logged.account == "Ana");
}

TEST_CASE("account: register_account refuses once the server holds kMaxAccounts accounts") {
  TempDir dir;
  AccountService service(dir.file("a.db"));
  // The cap is the directory's size; names alone fill it without hashing 10000 passwords.
  CHECK(service.run([](AccountDb&, AccountDirectory& directory) {
    for (std::size_t i = 0; i < kMaxAccounts; ++i) directory.add("user" + std::to_string(i));
  }));
  std::promise<RegisterResult> done;
  service.register_account({"Ana", "correct horse", "10.0.0.1"},
                           [&done](RegisterResult result) { done.set_value(std::move(result)); });
  CHECK(done.get_future().get().outcome == RegisterResult::Outcome::kFull);
  CHECK_FALSE(service.directory().contains("ana"));
}
