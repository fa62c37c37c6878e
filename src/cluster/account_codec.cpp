#include "cluster/account_codec.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "account/account_rules.hpp"
#include "cluster/field_reader.hpp"

namespace chatd::cluster {

using nlohmann::json;

std::string encode_account(const store::AccountRow& row) {
  return json{{"v", 1},
              {"key", row.key},
              {"name", row.name},
              {"hash", row.password_hash},
              {"created", row.created_ms},
              {"certfps", row.certfps}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

DecodedAccount decode_account(std::string_view text) noexcept {
  DecodedAccount out;
  try {
    const auto parsed = parse_bus_object(text, kMaxAccountBytes, out.error);
    if (!parsed) return out;
    const json& j = *parsed;
    FieldReader f(out.error);
    store::AccountRow row;
    f.text(j, "key", row.key, true, 64);
    f.text(j, "name", row.name, true, 64);
    f.text(j, "hash", row.password_hash, true, 512);
    f.number(j, "created", row.created_ms);
    if (const json* fps = f.array(j, "certfps", account::kMaxCertfps)) {
      for (const json& fp : *fps) {
        if (!fp.is_string() || fp.get_ref<const std::string&>().size() != 64 ||
            fp.get_ref<const std::string&>().find_first_not_of("0123456789abcdef") != std::string::npos) {
          f.fail("a certificate fingerprint is not 64 lowercase hex digits");
          break;
        }
        row.certfps.push_back(fp.get<std::string>());
      }
    }
    if (f.ok() && (row.key.empty() || row.name.empty() || row.password_hash.empty()))
      f.fail("an account without a key, name or password hash");
    if (!f.ok()) return out;
    std::sort(row.certfps.begin(), row.certfps.end());
    out.row = std::move(row);
  } catch (const std::exception& e) {
    out.row.reset();
    out.error = e.what();
  }
  return out;
}

}  // namespace chatd::cluster
