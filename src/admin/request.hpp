// Request and reply framing of the admin protocol: one JSON object per line each way.
//
//   request  {"v":1, "cmd":"kick", "nick":"alice", "channel":"#lab", "id":7}
//   reply    {"v":1, "ok":true,  "data":{...}, "id":7}
//            {"v":1, "ok":false, "error":"no such nick: alice", "id":7}
//
// "v" is the protocol version (only 1 exists); "id" is optional and echoed verbatim so a
// client may pipeline. Arguments sit beside "cmd"; a field a command does not know is an
// error, so a typo never silently does less than asked. The JSON parser refuses ill-formed
// UTF-8, so every string a command gets is valid UTF-8 and may go into IRC lines as it is
// (text fields also refuse CR, LF and NUL). Pure code: safe from any thread.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chatd::admin {

using Json = nlohmann::json;

inline constexpr int kProtocolVersion = 1;
// Longest request line accepted; longer ones are answered with an error and skipped.
inline constexpr std::size_t kMaxRequestBytes = 64 * 1024;

// A request or command that cannot be carried out. `details` (an object, may be null) is
// merged into the error reply, e.g. {"errors":[...]} for a failed reload.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, Json details = nullptr)
      : std::runtime_error(message), details_(std::move(details)) {}
  const Json& details() const noexcept { return details_; }

 private:
  Json details_;
};

class Request {
 public:
  // Parses one line. Throws Error for bad JSON, a non-object, a missing or wrong "v", or a
  // missing "cmd"; `id` (if the line got that far) is kept for the error reply.
  static Request parse(std::string_view line, Json& id);

  const std::string& command() const noexcept { return command_; }
  const Json& id() const noexcept { return id_; }

  // Throws Error naming the first field that is neither common ("v", "cmd", "id") nor listed.
  void allow_only(std::initializer_list<std::string_view> fields) const;
  // A required non-empty string field.
  std::string text(std::string_view field) const;
  // An optional string field (absent or null: nullopt; present but empty: an error).
  std::optional<std::string> optional_text(std::string_view field) const;
  // An optional boolean field, false when absent.
  bool flag(std::string_view field) const;

  const Json& body() const noexcept { return body_; }

 private:
  Request(Json body, std::string command, Json id)
      : body_(std::move(body)), command_(std::move(command)), id_(std::move(id)) {}

  Json body_;
  std::string command_;
  Json id_;
};

// One reply line, with its '\n'. Invalid UTF-8 in strings is replaced, never thrown on.
std::string ok_reply(const Json& data, const Json& id);
std::string error_reply(const Error& error, const Json& id);

}  // namespace chatd::admin
