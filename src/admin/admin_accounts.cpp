// account_add, account_del, account_list, account_passwd, account_show, account_certfp_add and
// account_certfp_del: the accounts, changed and read on the account thread (hashing takes tens
// of milliseconds and SQLite never runs on a loop); account_del also logs out the sessions
// logged in to the account (irc/account_logout.hpp). A password arrives in the request and
// leaves only as a yescrypt hash: it is never logged (handle_request hides it) nor answered.
#include <spdlog/spdlog.h>

#include <chrono>

#include "account/account_rules.hpp"
#include "admin/commands.hpp"
#include "admin/thread_answer.hpp"
#include "irc/account_logout.hpp"
#include "irc/casemap.hpp"
#include "irc/history_format.hpp"
#include "irc/private_history.hpp"
#include "store/history_store.hpp"
#include "sys/password_hash.hpp"

namespace chatd::admin {
namespace {

using account::AccountDirectory;
using store::AccountDb;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <typename Work>
Json on_accounts(CommandContext& context, Work work) {
  account::AccountService* accounts = context.server.accounts;
  if (!accounts) throw Error("accounts are disabled ([accounts] enabled = false)");
  return ask_thread([accounts](auto job) { return accounts->run(std::move(job)); }, std::move(work),
                    "the account thread");
}

// The request's "name", valid as an account name.
std::string account_name(const Request& request) {
  std::string name = request.text("name");
  if (std::string why = account::check_account_name(name); !why.empty()) throw Error(why);
  return name;
}

std::string password(const Request& request) {
  std::string password = request.text("password");
  if (std::string why = account::check_password(password); !why.empty()) throw Error(why);
  return password;
}

std::string certfp(const Request& request) {
  const std::string text = request.text("certfp");
  std::string fp = account::normalize_certfp(text);
  if (fp.empty())
    throw Error("a certificate fingerprint is a SHA-256 digest: 64 hex digits, ':' between bytes allowed");
  return fp;
}

Error no_such_account(const std::string& name) { return Error("no such account: " + name); }

// Runs `work(db, directory, row)` on the account thread for the account called `name`.
template <typename Work>
Json on_named_account(CommandContext& context, const std::string& name, Work work) {
  return on_accounts(context, [name, work](AccountDb& db, AccountDirectory& directory) {
    const auto row = db.find(irc::fold(name));
    if (!row) throw no_such_account(name);
    return work(db, directory, *row);
  });
}

}  // namespace

Json run_account_add(CommandContext& context, const Request& request) {
  request.allow_only({"name", "password"});
  const std::string name = account_name(request);
  const std::string secret = password(request);
  return on_accounts(context, [name, secret](AccountDb& db, AccountDirectory& directory) {
    if (directory.size() >= account::kMaxAccounts) {
      throw Error("too many accounts (at most " + std::to_string(account::kMaxAccounts) + ")");
    }
    store::AccountRow row{irc::fold(name), name, sys::hash_password(secret), now_ms(), {}};
    if (!db.add(row)) throw Error("the account " + name + " exists already");
    directory.add(name);
    return Json{{"name", name}, {"created", irc::format_server_time(row.created_ms)}};
  });
}

Json run_account_del(CommandContext& context, const Request& request) {
  request.allow_only({"name"});
  const std::string name = account_name(request);
  Json data =
      on_named_account(context, name, [name](AccountDb& db, AccountDirectory& directory, const store::AccountRow& row) {
        if (!db.remove(row.key)) throw no_such_account(name);
        directory.remove(row.name);
        return Json{{"name", row.name}};
      });
  // Nobody stays logged in to an account that is gone: each session hears 901 on its own loop.
  data["logged_out"] = irc::log_out_everywhere(context.server, data["name"].get<std::string>());
  // Its private conversations go with it: an account created later under the same name must
  // not read them. Queued behind the records already waiting, so those go too.
  if (store::HistoryStore* history = context.server.history) {
    const std::string prefix = irc::private_history_prefix(name);
    if (!history->run([prefix](store::HistoryDb& db) {
          try {
            db.forget_prefix(prefix);
          } catch (const store::StoreError& e) {
            spdlog::error("history: cannot delete the private history of a deleted account: {}", e.what());
          }
        })) {
      spdlog::error("history: the store is busy; the private history of account {} was not deleted", name);
    }
  }
  return data;
}

Json run_account_list(CommandContext& context, const Request& request) {
  request.allow_only({});
  return on_accounts(context, [](AccountDb& db, AccountDirectory&) {
    Json list = Json::array();
    for (const store::AccountRow& row : db.list()) {
      list.push_back({{"name", row.name}, {"created", irc::format_server_time(row.created_ms)}});
    }
    return Json{{"accounts", std::move(list)}};
  });
}

Json run_account_passwd(CommandContext& context, const Request& request) {
  request.allow_only({"name", "password"});
  const std::string name = account_name(request);
  const std::string secret = password(request);
  return on_accounts(context, [name, secret](AccountDb& db, AccountDirectory&) {
    if (!db.set_password(irc::fold(name), sys::hash_password(secret))) throw no_such_account(name);
    return Json{{"name", name}};
  });
}

Json run_account_show(CommandContext& context, const Request& request) {
  request.allow_only({"name"});
  const std::string name = account_name(request);
  return on_named_account(context, name, [](AccountDb&, AccountDirectory&, const store::AccountRow& row) {
    return Json{{"name", row.name}, {"created", irc::format_server_time(row.created_ms)}, {"certfps", row.certfps}};
  });
}

Json run_account_certfp_add(CommandContext& context, const Request& request) {
  request.allow_only({"name", "certfp"});
  const std::string name = account_name(request);
  const std::string fp = certfp(request);
  return on_named_account(context, name, [fp](AccountDb& db, AccountDirectory&, const store::AccountRow& row) {
    if (row.certfps.size() >= account::kMaxCertfps) {
      throw Error(row.name + " has " + std::to_string(account::kMaxCertfps) + " fingerprints already (the most)");
    }
    if (!db.add_certfp(row.key, fp)) {
      const auto owner = db.owner_of(fp);
      throw Error("that fingerprint belongs to " + (owner == row.key ? row.name : std::string("another account")));
    }
    return Json{{"name", row.name}, {"certfp", fp}};
  });
}

Json run_account_certfp_del(CommandContext& context, const Request& request) {
  request.allow_only({"name", "certfp"});
  const std::string name = account_name(request);
  const std::string fp = certfp(request);
  return on_named_account(context, name, [fp](AccountDb& db, AccountDirectory&, const store::AccountRow& row) {
    if (!db.remove_certfp(row.key, fp)) throw Error("that fingerprint is not " + row.name + "'s");
    return Json{{"name", row.name}, {"certfp", fp}};
  });
}

}  // namespace chatd::admin
