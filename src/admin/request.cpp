#include "admin/request.hpp"

namespace chatd::admin {

namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] "; the admin wants the rest.
std::string plain_message(const std::exception& e) {
  std::string_view text = e.what();
  if (!text.empty() && text.front() == '[') {
    auto end = text.find("] ");
    if (end != std::string_view::npos) text.remove_prefix(end + 2);
  }
  return std::string(text);
}

std::string field_name(std::string_view field) { return "\"" + std::string(field) + "\""; }

std::string finish(Json reply, const Json& id) {
  if (!id.is_null()) reply["id"] = id;
  return reply.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

Request Request::parse(std::string_view line, Json& id) {
  Json body;
  try {
    body = Json::parse(line);
  } catch (const Json::exception& e) {
    // parse_error, and out_of_range for a number too large for a double (found by fuzzing).
    throw Error("malformed JSON: " + plain_message(e));
  }
  if (!body.is_object()) throw Error("a request must be a JSON object");
  if (auto it = body.find("id"); it != body.end()) id = *it;
  auto version = body.find("v");
  if (version == body.end()) throw Error("missing \"v\" (the protocol version; this server speaks 1)");
  if (!version->is_number_integer() || version->get<long long>() != kProtocolVersion) {
    throw Error("unsupported protocol version " + version->dump() + " (this server speaks 1)");
  }
  auto command = body.find("cmd");
  if (command == body.end() || !command->is_string() || command->get_ref<const std::string&>().empty()) {
    throw Error("missing \"cmd\" (a command name such as \"status\")");
  }
  std::string name = *command;
  return Request(std::move(body), std::move(name), id);
}

void Request::allow_only(std::initializer_list<std::string_view> fields) const {
  for (const auto& [key, value] : body_.items()) {
    if (key == "v" || key == "cmd" || key == "id") continue;
    bool known = false;
    for (auto field : fields) known = known || key == field;
    if (!known) throw Error("unknown field " + field_name(key) + " for " + command_);
  }
}

std::optional<std::string> Request::optional_text(std::string_view field) const {
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw Error(field_name(field) + " must be a string");
  std::string value = *it;
  if (value.empty()) throw Error(field_name(field) + " must not be empty");
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
    throw Error(field_name(field) + " must not contain CR, LF or NUL");
  }
  return value;
}

std::string Request::text(std::string_view field) const {
  auto value = optional_text(field);
  if (!value) throw Error("missing " + field_name(field) + " for " + command_);
  return *value;
}

bool Request::flag(std::string_view field) const {
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return false;
  if (!it->is_boolean()) throw Error(field_name(field) + " must be true or false");
  return *it;
}

std::string ok_reply(const Json& data, const Json& id) {
  return finish({{"v", kProtocolVersion}, {"ok", true}, {"data", data}}, id);
}

std::string error_reply(const Error& error, const Json& id) {
  Json reply = {{"v", kProtocolVersion}, {"ok", false}, {"error", error.what()}};
  if (error.details().is_object()) {
    for (const auto& [key, value] : error.details().items()) reply[key] = value;
  }
  return finish(std::move(reply), id);
}

}  // namespace chatd::admin
