// [tls] and the `tls` key of [[listen]]: what is read, resolved and refused. The certificate
// files themselves are tls::TlsContext's business (tests/unit/tls).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "config/config_diff.hpp"
#include "support/config_test_util.hpp"

using chatd::config::Config;
using chatd::config::diff_config;
using chatd::config::KeyChange;
using chatd::config::parse_config;
using namespace chatd::config::test;

namespace {

std::string tls_config(std::string_view tls_keys, std::string_view listen_tls = "tls = true\n") {
  return "[[listen]]\naddress = \"127.0.0.1:6667\"\n\n[[listen]]\naddress = \"127.0.0.1:6697\"\n" +
         std::string(listen_tls) + "\n[tls]\n" + std::string(tls_keys);
}

constexpr std::string_view kFiles = "certificate = \"/etc/tls/cert.pem\"\nkey = \"/etc/tls/key.pem\"\n";

}  // namespace

TEST_CASE("config::[tls] with a TLS listener") {
  const Config c = parse_config(tls_config(std::string(kFiles) + "sts_port = 6697\nsts_duration = 86400\n"), kName);
  REQUIRE(c.listen.size() == 2);
  CHECK_FALSE(c.listen[0].tls);
  CHECK(c.listen[1].tls);
  REQUIRE(c.tls.has_value());
  CHECK(c.tls->certificate == "/etc/tls/cert.pem");
  CHECK(c.tls->key == "/etc/tls/key.pem");
  CHECK(c.tls->sts_port == 6697);
  CHECK(c.tls->sts_duration == 86400);
}

TEST_CASE("config::no [tls] table: no TLS, and sts is off") {
  const Config c = parse_config("[[listen]]\naddress = \"127.0.0.1:6667\"\n", kName);
  CHECK_FALSE(c.tls.has_value());
  CHECK_FALSE(c.listen[0].tls);
}

TEST_CASE("config::relative certificate and key paths are relative to the config file") {
  TempDir dir;
  const std::string file =
      dir.write("chatd.toml", tls_config("certificate = \"tls/cert.pem\"\nkey = \"/abs/key.pem\"\n"));
  const Config c = chatd::config::load_config(file);
  CHECK(c.tls->certificate == (dir.path() / "tls/cert.pem").string());
  CHECK(c.tls->key == "/abs/key.pem");
}

TEST_CASE("config::a TLS listener needs [tls]") {
  CHECK(only_error("[[listen]]\naddress = \"127.0.0.1:6697\"\ntls = true\n") ==
        "test.toml:3: listen[0].tls: needs a [tls] table with certificate and key");
}

TEST_CASE("config::[tls] needs certificate and key") {
  const auto errors = errors_of(tls_config("sts_port = 0\n"));
  CHECK(chatd::test::any_contains(errors, "tls.certificate"));
  CHECK(chatd::test::any_contains(errors, "tls.key"));
}

TEST_CASE("config::[tls] values out of range or of the wrong kind are refused") {
  CHECK(contains(only_error(tls_config(std::string(kFiles) + "sts_port = 70000\n")), "tls.sts_port"));
  CHECK(contains(only_error(tls_config(std::string(kFiles) + "certificate2 = \"x\"\n")), "certificate2"));
  CHECK(contains(only_error(tls_config(kFiles, "tls = \"yes\"\n")), "listen[1].tls"));
}

TEST_CASE("config::an sts_port that no TLS listener here has is a warning, not an error") {
  using chatd::config::config_warnings;
  CHECK(config_warnings(parse_config(tls_config(std::string(kFiles) + "sts_port = 6697\n"), kName)).empty());
  CHECK(config_warnings(parse_config(tls_config(std::string(kFiles) + "sts_duration = 60\n"), kName)).empty());
  // 6667 is a listener's port, but a plaintext one.
  const auto warnings = config_warnings(parse_config(tls_config(std::string(kFiles) + "sts_port = 6667\n"), kName));
  REQUIRE(warnings.size() == 1);
  CHECK(contains(warnings[0], "tls.sts_port: no [[listen]] here has tls = true on port 6667"));
}

TEST_CASE("config::[tls] changes apply on reload") {
  const Config before = parse_config(tls_config(kFiles), kName);
  const Config after =
      parse_config(tls_config("certificate = \"/etc/tls/new.pem\"\nkey = \"/etc/tls/key.pem\"\n"), kName);
  CHECK(diff_config(before, after) == std::vector<KeyChange>{{"tls.certificate", false}});
  const Config none = parse_config("[[listen]]\naddress = \"127.0.0.1:6667\"\n", kName);
  const auto removed = diff_config(before, none);
  CHECK(std::count(removed.begin(), removed.end(), KeyChange{"tls.key", false}) == 1);
}
