// Reading the source tree's text files (README.md, man pages, the shipped config) in tests that
// hold the docs to the code. Paths are relative to the source tree, the working directory of
// `make check` and of the Debian build's unit tests. Header-only, so the unit tests use it too.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace chatd::test {

// The whole file; fails the test (REQUIRE) when it cannot be read.
inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path << " (run the tests from the source tree)");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// `text` cut at each '\n' (the line ends removed).
inline std::vector<std::string> text_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace chatd::test
