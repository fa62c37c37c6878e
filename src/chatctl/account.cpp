// chatctl account: the accounts users log in to with SASL (add, del, list, passwd, show,
// certfp add|del). Passwords are read from a file or standard input, never from the command
// line, and never printed.
#include <cstdio>

#include "chatctl/cli.hpp"
#include "chatctl/password_input.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

constexpr OptionSpec kOptions[] = {
    {0, "--password-file", "PATH",
     "add, passwd: read the password from the first line of PATH\n(default: standard input)"},
};

std::string password_of(const Args& args, const std::string& name) {
  auto it = args.options.find("--password-file");
  return read_password(it == args.options.end() ? std::string() : it->second, name);
}

Json request(const Args& args) {
  if (args.positional.empty()) throw UsageError("missing ACTION (add, del, list, passwd, show or certfp)");
  const std::string& action = args.positional[0];
  if (args.has("--password-file") && action != "add" && action != "passwd") {
    throw UsageError("--password-file goes with add and passwd only");
  }
  if (action == "list") {
    require_positional(args, 1, 1);
    return new_request("account_list");
  }
  if (action == "certfp") {
    require_positional(args, 2, 4);
    const std::string& what = args.positional[1];
    if (what != "add" && what != "del") throw UsageError("unknown certfp action '" + what + "' (add or del)");
    if (args.positional.size() < 4) throw UsageError("certfp " + what + " needs NAME and FINGERPRINT");
    Json req = new_request("account_certfp_" + what);
    req["name"] = args.positional[2];
    req["certfp"] = args.positional[3];
    return req;
  }
  if (action != "add" && action != "del" && action != "passwd" && action != "show") {
    throw UsageError("unknown action '" + action + "' (add, del, list, passwd, show or certfp)");
  }
  if (args.positional.size() < 2) throw UsageError(action + " needs NAME");
  require_positional(args, 2, 2);
  Json req = new_request("account_" + action);
  req["name"] = args.positional[1];
  if (action == "add" || action == "passwd") req["password"] = password_of(args, args.positional[1]);
  return req;
}

void print(const Json& data) {
  if (data.contains("accounts")) {
    Table table({"ACCOUNT", "CREATED"});
    for (const auto& a : data["accounts"]) table.add({text_of(a["name"]), text_of(a["created"])});
    table.print();
    return;
  }
  if (data.contains("certfps")) {
    print_fields({{"account", text_of(data["name"])},
                  {"created", text_of(data["created"])},
                  {"certificate fingerprints", data["certfps"].empty() ? "(none)" : text_of(data["certfps"])}});
    return;
  }
  if (data.contains("certfp")) {
    std::printf("%s: certificate fingerprint %s\n", text_of(data["name"]).c_str(), text_of(data["certfp"]).c_str());
    return;
  }
  if (data.contains("logged_out")) {
    const auto count = data["logged_out"].get<std::int64_t>();
    std::printf("%s: deleted; %lld session%s logged out\n", text_of(data["name"]).c_str(),
                static_cast<long long>(count), count == 1 ? "" : "s");
    return;
  }
  std::printf("%s: done\n", text_of(data["name"]).c_str());
}

}  // namespace

const CommandSpec kAccountCommand{
    "account",
    "account add|del|passwd|show NAME | account list | account certfp add|del NAME FINGERPRINT",
    "accounts users log in to with SASL: create, delete, list, change passwords, certificates",
    "account add NAME: creates the account NAME (the nick rules; any case finds it later). The\n"
    "    password (at least 8 bytes, at most 256) is read from the first line of standard input,\n"
    "    or of --password-file; on a terminal chatctl asks for it twice without echoing it.\n"
    "account passwd NAME: sets a new password the same way.\n"
    "account del NAME: deletes the account and its certificate fingerprints, and logs out the\n"
    "    clients logged in to it (901; ACCOUNT * to their account-notify peers).\n"
    "account list: every account and when it was created.\n"
    "account show NAME: one account: its name as created, when, and its fingerprints.\n"
    "account certfp add|del NAME FINGERPRINT: ties a TLS client certificate to the account (or\n"
    "    unties it) for SASL EXTERNAL. FINGERPRINT is the certificate's SHA-256 digest in hex,\n"
    "    with or without ':' (openssl x509 -noout -fingerprint -sha256 -in cert.pem); at most 8\n"
    "    per account, each tied to one account.\n"
    "Needs [accounts] enabled = true. Passwords are never printed nor logged.\n"
    "\n"
    "Example (a class of students, one password file each):\n"
    "    for s in ana ben eva; do chatctl account add \"$s\" --password-file \"pw/$s\"; done\n",
    kOptions,
    request,
    print};

}  // namespace chatd::chatctl
