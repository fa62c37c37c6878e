#include "support/test_pki.hpp"

#include <sys/stat.h>

#include <cctype>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/text.hpp"

namespace chatd::test {
namespace {

// `openssl ca` takes explicit start and end dates (req -x509 takes only a positive -days).
const char* kCaConfig =
    "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n"
    "default_md = sha256\npolicy = any\nunique_subject = no\ncopy_extensions = copy\n[any]\ncommonName = supplied\n";

std::string utc(std::time_t when) {
  std::tm tm{};
  ::gmtime_r(&when, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &tm);
  return text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// A name made of digits and dots is an IPv4 address: clients check those against IP entries.
std::string alt_name(const std::string& name) {
  const bool address = name.find_first_not_of("0123456789.") == std::string::npos;
  return (address ? "IP:" : "DNS:") + name;
}

}  // namespace

bool have_openssl_command() { return run_program("openssl", {"version"}, 10000).status == 0; }

TestPki::TestPki() {
  std::ofstream(dir() + "/ca.cnf") << kCaConfig;
  std::ofstream(dir() + "/index.txt");
  std::ofstream(dir() + "/serial") << "1000\n";
  run({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir() + "/ca.key",
       "-out", dir() + "/ca.pem", "-subj", "/CN=chatd test CA", "-days", "30"});
}

void TestPki::run(const std::vector<std::string>& args) const {
  // openssl ca writes next to its database: run it in the PKI's directory.
  std::vector<std::string> shell_args = {"-c", "cd \"$0\" && exec openssl \"$@\"", dir()};
  shell_args.insert(shell_args.end(), args.begin(), args.end());
  auto result = run_program("sh", shell_args, 30000);
  if (result.status != 0) throw std::runtime_error("openssl " + args.front() + " failed:\n" + result.output);
}

CertFiles TestPki::sign(const std::string& name, const std::string& start, const std::string& end) const {
  static int serial = 0;
  const std::string base = dir() + "/" + name + "-" + std::to_string(++serial);
  CertFiles files{base + ".pem", base + ".key"};
  run({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", files.key, "-out",
       base + ".csr", "-subj", "/CN=" + name, "-addext", "subjectAltName=" + alt_name(name)});
  run({"ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", base + ".csr",
       "-out", base + ".leaf", "-startdate", start, "-enddate", end});
  std::ofstream(files.certificate) << read_file(base + ".leaf") << read_file(dir() + "/ca.pem");
  ::chmod(files.key.c_str(), 0600);
  return files;
}

CertFiles TestPki::issue(const std::string& name, int days) const {
  const std::time_t now = std::time(nullptr);
  return sign(name, utc(now - 86400), utc(now + static_cast<std::time_t>(days) * 86400));
}

CertFiles TestPki::issue_expired(const std::string& name) const {
  return sign(name, "20200101000000Z", "20200102000000Z");
}

std::string TestPki::fingerprint(const std::string& certificate) const {
  auto result = run_program("openssl", {"x509", "-in", certificate, "-noout", "-fingerprint", "-sha256"}, 10000);
  // "sha256 Fingerprint=AB:CD:..." -> "abcd..."
  std::string out;
  const auto eq = result.output.find('=');
  if (result.status != 0 || eq == std::string::npos) throw std::runtime_error("openssl x509: " + result.output);
  for (char c : result.output.substr(eq + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace chatd::test
