// Helpers shared by the config unit tests (tests/unit/config/): parse errors of a text, and a
// scratch directory for config files. Test thread only.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_loader.hpp"
#include "support/text.hpp"

namespace chatd::config::test {

inline constexpr std::string_view kName = "test.toml";

// The ConfigError messages for `text`; fails the test if it parses.
inline std::vector<std::string> errors_of(std::string_view text) {
  try {
    parse_config(text, kName);
  } catch (const ConfigError& e) {
    return e.errors();
  }
  FAIL("expected a ConfigError");
  return {};
}

// The single error `text` must produce.
inline std::string only_error(std::string_view text) {
  const auto errors = errors_of(text);
  REQUIRE(errors.size() == 1);
  return errors.front();
}

using chatd::test::contains;
using chatd::test::starts_with;

// A scratch directory removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "chatd-config-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, std::string_view content) const {
    const auto file = path_ / name;
    std::ofstream(file) << content;
    return file.string();
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace chatd::config::test
