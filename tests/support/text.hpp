// Small text helpers for assertions over received lines, chatd's log and program output.
// Pure functions, header-only (the unit tests use them too); any thread.
#pragma once

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::test {

inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

inline bool starts_with(std::string_view text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// How many of `lines` contain `part`.
inline int count_containing(const std::vector<std::string>& lines, std::string_view part) {
  return static_cast<int>(
      std::count_if(lines.begin(), lines.end(), [&](const auto& line) { return contains(line, part); }));
}

// Whether any of `lines` contains `part`, e.g. an ISUPPORT token in a welcome burst.
inline bool any_contains(const std::vector<std::string>& lines, std::string_view part) {
  return count_containing(lines, part) > 0;
}

inline std::vector<std::string> sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The words after the first " :" of a line (a 353 NAMES reply's nicks), sorted, so that an
// order the protocol leaves open does not matter.
inline std::vector<std::string> names_in(const std::string& line) {
  std::vector<std::string> names;
  auto colon = line.find(" :");
  if (colon == std::string::npos) return names;
  std::istringstream in(line.substr(colon + 2));
  for (std::string name; in >> name;) names.push_back(name);
  return sorted(std::move(names));
}

}  // namespace chatd::test
