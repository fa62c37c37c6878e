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
  if (text.size() > kMaxAccountBytes) {
    out.error = "larger than " + std::to_string(kMaxAccountBytes) + " bytes";
    return out;
  }
  try {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      out.error = "not a JSON object";
      return out;
    }
    FieldReader f(out.error);
    std::int64_t version = 0;
    f.number(j, "v", version);
    if (f.ok() && version != 1) f.fail("unknown version");
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
