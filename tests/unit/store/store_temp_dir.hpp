// A scratch directory for the store's unit tests, removed at scope exit.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace chatd::store::test {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/chatd-store-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const char* name) const { return (path / name).string(); }
};

}  // namespace chatd::store::test
