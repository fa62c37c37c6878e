// The network's account bucket (doc/CLUSTER.md) holds one JSON object per account under
// "a.<hex of its casefolded name>": name, password hash, creation time and certificate
// fingerprints. decode_account() is the only parser of what the bucket delivers.
//
// Thread rules: pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/account_db.hpp"

namespace chatd::cluster {

inline constexpr std::size_t kMaxAccountBytes = 16 * 1024;

std::string encode_account(const store::AccountRow& row);

struct DecodedAccount {
  std::optional<store::AccountRow> row;
  std::string error;  // why not, when row is empty
};
DecodedAccount decode_account(std::string_view json) noexcept;

}  // namespace chatd::cluster
