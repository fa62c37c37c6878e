#include "account/account_service.hpp"

#include <doctest/doctest.h>

#include <future>

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
