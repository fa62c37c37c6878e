#include "store/store_path.hpp"

#include <filesystem>
#include <string_view>

namespace chatd::store {

std::string resolve_store_path(const std::string& configured, const char* state_directory) {
  if (configured.empty() || configured.front() == '/') return configured;
  if (state_directory == nullptr || *state_directory == '\0') return configured;
  std::string_view dirs(state_directory);
  const std::string_view first = dirs.substr(0, dirs.find(':'));
  return (std::filesystem::path(first) / configured).string();
}

}  // namespace chatd::store
