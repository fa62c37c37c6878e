// The documentation of the configuration cannot drift from the loader: every key the loader
// accepts is in chatd.toml(5) and in the shipped etc/chatd/chatd.toml, and nothing else is;
// the man page's type ranges, defaults and reload/restart marks are what the code does; the
// shipped file's values are the defaults. Reads man/chatd.toml.5 and etc/chatd/chatd.toml from
// the source tree (the working directory of `make check` and of the Debian build's tests).
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "config/config_diff.hpp"
#include "config/config_loader.hpp"
#include "support/config_test_util.hpp"
#include "support/text_file.hpp"

using chatd::config::accepted_keys;
using chatd::config::Config;
using chatd::config::ConfigError;
using chatd::config::diff_config;
using chatd::config::key_needs_restart;
using chatd::config::parse_config;

namespace {

using chatd::test::read_text_file;
using chatd::test::text_lines;

// The arguments of a roff macro line, quotes removed, joined: `.BR a " (b" c` -> "a (bc".
std::string macro_text(const std::string& line) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = line.find(' '); i < line.size(); ++i) {
    char c = line[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (c != ' ' || quoted) {
      out += c;
    }
  }
  // The escapes chatd.toml.5 uses in key entries.
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"\\(dq", "\""},
                                                                                 {"\\(em", "--"},
                                                                                 {"\\(rs", "\\"},
                                                                                 {"\\-", "-"},
                                                                                 {"\\fI", ""},
                                                                                 {"\\fR", ""},
                                                                                 {"\\fB", ""},
                                                                                 {"\\fP", ""}}) {
    for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size())) {
      out.replace(at, from.size(), to);
    }
  }
  return out;
}

struct ManKey {
  std::string type;  // "integer", "string", "boolean"
  std::optional<long long> min, max;
  std::optional<std::string> value;  // the default, as TOML
  bool required = false;             // always, not only with some other key's value
  std::string mark;                  // "reload" or "restart"
  std::string entry;
};

// Sections (".SH \"[server]\"" -> "server") and their keys ("server.name") with what the
// entry says: "name (string, default "chat.lan") -- restart".
struct ManPage {
  std::set<std::string> sections;
  std::map<std::string, ManKey> keys;
  std::vector<std::string> malformed;
};

ManPage read_man_page() {
  ManPage page;
  const std::regex section_re(R"re(^\.SH "\[\[?([a-z]+)\]\]?"$)re");
  const std::regex entry_re(
      R"re(^([a-z_0-9]+) \(([a-z]+)(?: ([0-9]+) to ([0-9]+))?(?:, default (.*)|, (required.*))?\) -- (reload|restart)$)re");
  const auto lines = text_lines(read_text_file("man/chatd.toml.5"));
  std::string section;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (lines[i].starts_with(".SH")) {
      section = std::regex_match(lines[i], m, section_re) ? m[1].str() : "";
      if (!section.empty()) page.sections.insert(section);
      continue;
    }
    if (section.empty() || lines[i] != ".TP" || i + 1 >= lines.size()) continue;
    const std::string& header = lines[i + 1];
    if (!header.starts_with(".B")) continue;
    const std::string text = macro_text(header);
    if (!std::regex_match(text, m, entry_re)) {
      page.malformed.push_back(header);
      continue;
    }
    ManKey key;
    key.type = m[2];
    if (m[3].matched) key.min = std::stoll(m[3]);
    if (m[4].matched) key.max = std::stoll(m[4]);
    if (m[5].matched) key.value = m[5];
    key.required = m[6].matched && m[6] == "required";  // not "required with protocol line"
    key.mark = m[7];
    key.entry = header;
    page.keys[section + "." + m[1].str()] = key;
  }
  return page;
}

// The sections that are arrays of tables ([[listen]]); the rest are plain tables.
const std::set<std::string> kArraySections = {"listen", "bridge", "channel", "operator"};

// A config where `section` holds `key = value` beside whatever it needs to be valid (an empty
// `value`: the same without `key`); the rest is one IRC listener. For [[listen]], keys that
// only a line listener takes get a line listener.
std::string config_with(const std::string& section, const std::string& key, const std::string& value) {
  static const std::map<std::string, std::map<std::string, std::string>> kNeeds = {
      {"listen", {{"address", "\"127.0.0.1:6667\""}}},
      {"bridge",
       {{"channel", "\"#lan\""},
        {"kind", "\"multicast\""},
        {"group", "\"224.1.1.1\""},
        {"port", "5004"},
        {"interface", "\"127.0.0.1\""}}},
      {"channel", {{"name", "\"#c\""}}},
      {"operator", {{"name", "\"op\""}, {"password_hash", "\"$y$x\""}}},
      {"tls", {{"certificate", "\"/c.pem\""}, {"key", "\"/k.pem\""}}},
      {"cluster", {{"node", "\"a\""}, {"nats", "[\"nats://127.0.0.1:4222\"]"}}},
  };

  std::map<std::string, std::string> keys;
  if (auto needs = kNeeds.find(section); needs != kNeeds.end()) keys = needs->second;
  if (section == "listen" && (key == "channel" || key == "welcome" || key == "idle_flush_ms")) {
    keys["protocol"] = "\"line\"";
    keys["channel"] = "\"#c\"";
  }
  if (section == "listen" && (key == "allowed_origins" || key == "web_root" || key == "trusted_proxies")) {
    keys["protocol"] = "\"websocket\"";
  }
  if (section == "bridge" && key == "address") {
    keys.erase("group");
    keys["kind"] = "\"broadcast\"";
  }
  if (value.empty()) {
    keys.erase(key);  // left out, in the same surroundings
  } else {
    keys[key] = value;
  }
  const bool array = kArraySections.contains(section);
  std::string text = array ? "[[" + section + "]]\n" : "[" + section + "]\n";
  for (const auto& [k, v] : keys) text += k + " = " + v + "\n";
  if (section != "listen") text += "[[listen]]\naddress = \"127.0.0.1:6667\"\n";
  return text;
}

std::optional<Config> try_parse(const std::string& text, std::string& error) {
  try {
    return parse_config(text, "doc.toml");
  } catch (const ConfigError& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace

TEST_CASE("config::docs: chatd.toml(5) documents exactly the keys and sections the loader accepts") {
  const ManPage page = read_man_page();
  CHECK_MESSAGE(page.malformed.empty(), "key entries the lint cannot read: " << page.malformed.front());
  std::set<std::string> loader_keys, loader_sections, man_keys;
  for (const auto& key : accepted_keys())
    (key.find('.') == std::string::npos ? loader_sections : loader_keys).insert(key);
  for (const auto& [key, entry] : page.keys) man_keys.insert(key);
  CHECK(man_keys == loader_keys);
  CHECK(page.sections == loader_sections);
  for (const auto& key : loader_keys) CHECK_MESSAGE(man_keys.contains(key), key << " is missing from chatd.toml(5)");
  for (const auto& key : man_keys) CHECK_MESSAGE(loader_keys.contains(key), key << " is not a key chatd accepts");
}

TEST_CASE("config::docs: chatd.toml(5)'s types, ranges, defaults and reload marks are the code's") {
  for (const auto& [path, key] : read_man_page().keys) {
    CAPTURE(key.entry);
    const std::string section = path.substr(0, path.find('.'));
    const std::string name = path.substr(path.find('.') + 1);
    std::string error;
    // Reload or restart, as config_diff reports a change of it.
    CHECK(key_needs_restart(path) == (key.mark == "restart"));
    // The documented range: both ends accepted, one past either refused, naming the key.
    if (key.min) {
      CHECK(try_parse(config_with(section, name, std::to_string(*key.min)), error).has_value());
      CHECK(try_parse(config_with(section, name, std::to_string(*key.max)), error).has_value());
      CHECK_FALSE(try_parse(config_with(section, name, std::to_string(*key.min - 1)), error).has_value());
      CHECK(error.find(name) != std::string::npos);
      CHECK_FALSE(try_parse(config_with(section, name, std::to_string(*key.max + 1)), error).has_value());
    }
    // The documented type: a value of another type is refused.
    CHECK_FALSE(try_parse(config_with(section, name, key.type == "string" ? "1" : "\"x\""), error).has_value());
    CHECK(error.find("expected a" + std::string(key.type == "integer" ? "n " : " ") + key.type) != std::string::npos);
    // The documented default: writing it changes nothing against leaving the key out.
    if (key.value) {
      auto with_default = try_parse(config_with(section, name, *key.value), error);
      auto without = try_parse(config_with(section, name, ""), error);
      REQUIRE(with_default.has_value());
      REQUIRE(without.has_value());
      CHECK(diff_config(*without, *with_default).empty());
    }
    // A required key: leaving it out is an error naming it.
    if (key.required) {
      CHECK_FALSE(try_parse(config_with(section, name, ""), error).has_value());
      const std::string where = kArraySections.contains(section) ? section + "[0]." : section + ".";
      CHECK(error.find(where + name + ": required key is missing") != std::string::npos);
    }
  }
}

TEST_CASE("config::docs: the shipped chatd.toml shows every key, each active one at its default") {
  // Keys appear as `key = value`, active or commented out, under their (possibly commented) table.
  const std::regex table_re(R"re(^#?\s*\[\[?([a-z]+)\]\]?\s*$)re");
  const std::regex key_re(R"re(^#?\s*([a-z][a-z_0-9]*)\s*=\s*\S.*$)re");
  std::set<std::string> shipped;
  std::string table;
  for (const auto& line : text_lines(read_text_file("etc/chatd/chatd.toml"))) {
    std::smatch m;
    if (std::regex_match(line, m, table_re)) {
      table = m[1];
    } else if (std::regex_match(line, m, key_re)) {
      CHECK_MESSAGE(!table.empty(), "a key before any table: " << line);
      shipped.insert(table + "." + m[1].str());
    }
  }
  std::set<std::string> loader;
  for (const auto& key : accepted_keys()) {
    if (key.find('.') != std::string::npos) loader.insert(key);
  }
  for (const auto& key : loader) CHECK_MESSAGE(shipped.contains(key), key << " is missing from etc/chatd/chatd.toml");
  for (const auto& key : shipped) CHECK_MESSAGE(loader.contains(key), key << " in etc/chatd/chatd.toml is no key");

  // Its active values are the defaults: against a file with only its listeners, an empty
  // [admin] and [metrics] (tables whose presence turns the endpoint on) and the [tls] files (Debian's snakeoil pair,
  // which have no default) and the history database the shipped file sets on purpose (the
  // default "" keeps history in memory, as suits every test's chatd), nothing differs.
  const Config shipped_config = chatd::config::load_config("etc/chatd/chatd.toml");
  const Config defaults = parse_config(
      "[[listen]]\naddress = \"0.0.0.0:6667\"\nprotocol = \"irc\"\n[[listen]]\naddress = \"0.0.0.0:6697\"\ntls = true\n"
      "[[listen]]\naddress = \"0.0.0.0:8097\"\nprotocol = \"websocket\"\nweb_root = \"/usr/share/chatd/web\"\n"
      "[[listen]]\naddress = \"0.0.0.0:8098\"\nprotocol = \"websocket\"\ntls = true\nweb_root = "
      "\"/usr/share/chatd/web\"\n"
      "[admin]\n[metrics]\n[storage]\npath = \"chatd.db\"\n[tls]\ncertificate = "
      "\"/etc/ssl/certs/ssl-cert-snakeoil.pem\"\n"
      "key = \"/etc/ssl/private/ssl-cert-snakeoil.key\"\n",
      "d.toml");
  CHECK(diff_config(defaults, shipped_config).empty());
  CHECK(shipped_config.storage.path == "chatd.db");
}
