// FieldReader: reads typed, size-checked fields out of one JSON object from the bus (events,
// history records, accounts). The first problem is kept as the reason the message is refused;
// later reads do nothing. Text fields never hold CR, LF or NUL: lines are built from them.
//
// Thread rules: one reader per decode, on the decoding thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace chatd::cluster {

inline constexpr std::size_t kMaxField = 1024;  // any name, mask, reason, topic, tag text

class FieldReader {
 public:
  explicit FieldReader(std::string& error) : error_(error) {}

  bool ok() const noexcept { return error_.empty(); }
  void fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }

  const nlohmann::json* member(const nlohmann::json& object, const char* key, bool required) {
    if (!ok()) return nullptr;
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) fail(std::string("missing \"") + key + "\"");
      return nullptr;
    }
    return &*it;
  }

  void text(const nlohmann::json& object, const char* key, std::string& out, bool required = false,
            std::size_t max = kMaxField) {
    const nlohmann::json* value = member(object, key, required);
    if (!value) return;
    if (!value->is_string()) return fail(std::string("\"") + key + "\" is not a string");
    const auto& s = value->get_ref<const std::string&>();
    if (s.size() > max) return fail(std::string("\"") + key + "\" is too long");
    // Lines are built from these fields: a CR, LF or NUL would end or split a line.
    if (s.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
      return fail(std::string("\"") + key + "\" holds CR, LF or NUL");
    out = s;
  }

  void flag(const nlohmann::json& object, const char* key, bool& out) {
    const nlohmann::json* value = member(object, key, false);
    if (!value) return;
    if (!value->is_boolean()) return fail(std::string("\"") + key + "\" is not a boolean");
    out = value->get<bool>();
  }

  template <class Int>
  void number(const nlohmann::json& object, const char* key, Int& out) {
    const nlohmann::json* value = member(object, key, false);
    if (!value) return;
    if (!value->is_number_integer()) return fail(std::string("\"") + key + "\" is not an integer");
    if constexpr (std::is_unsigned_v<Int>) {
      if (!value->is_number_unsigned()) return fail(std::string("\"") + key + "\" is negative");
    }
    out = value->get<Int>();
  }

  const nlohmann::json* array(const nlohmann::json& object, const char* key, std::size_t max) {
    const nlohmann::json* value = member(object, key, false);
    if (!value) return nullptr;
    if (!value->is_array()) {
      fail(std::string("\"") + key + "\" is not an array");
      return nullptr;
    }
    if (value->size() > max) {
      fail(std::string("\"") + key + "\" has too many entries");
      return nullptr;
    }
    return value;
  }

  const nlohmann::json* object(const nlohmann::json& parent, const char* key, bool required) {
    const nlohmann::json* value = member(parent, key, required);
    if (value && !value->is_object()) {
      fail(std::string("\"") + key + "\" is not an object");
      return nullptr;
    }
    return value;
  }

 private:
  std::string& error_;
};

// The opening every bus decoder shares: `text` as a JSON object of format version 1, or
// nullopt with the reason in `error` (too large, not JSON, not an object, another version).
// Never throws.
inline std::optional<nlohmann::json> parse_bus_object(std::string_view text, std::size_t max_bytes,
                                                      std::string& error) noexcept {
  if (text.size() > max_bytes) {
    error = "larger than " + std::to_string(max_bytes) + " bytes";
    return std::nullopt;
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    error = "not JSON";
    return std::nullopt;
  }
  if (!j.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  FieldReader r(error);
  std::int64_t version = 0;
  r.number(j, "v", version);
  if (r.ok() && version != 1) r.fail("unknown version");
  if (!r.ok()) return std::nullopt;
  return j;
}

}  // namespace chatd::cluster
