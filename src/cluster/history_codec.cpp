#include "cluster/history_codec.hpp"

#include <nlohmann/json.hpp>

#include "cluster/field_reader.hpp"

namespace chatd::cluster {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxText = 8192;  // a line's text, or its client tags

}  // namespace

std::string encode_history(const SharedRecord& s) {
  const store::HistoryRecord& r = s.record;
  return json{{"v", 1},
              {"node", s.node},
              {"boot", s.boot},
              {"target", r.target},
              {"name", r.target_name},
              {"time", r.time_ms},
              {"msgid", r.msgid},
              {"command", r.command},
              {"sender", r.sender},
              {"tags", r.client_tags},
              {"text", r.text},
              {"params", r.params},
              {"account", r.account}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

DecodedRecord decode_history(std::string_view text) noexcept {
  DecodedRecord out;
  try {
    const auto parsed = parse_bus_object(text, kMaxHistoryRecordBytes, out.error);
    if (!parsed) return out;
    const json& j = *parsed;
    FieldReader f(out.error);
    SharedRecord s;
    store::HistoryRecord& r = s.record;
    f.text(j, "node", s.node, true, 64);
    f.text(j, "boot", s.boot, true, 64);
    f.text(j, "target", r.target, true, 255);
    f.text(j, "name", r.target_name, true, 255);
    f.number(j, "time", r.time_ms);
    f.text(j, "msgid", r.msgid, true, 128);
    f.text(j, "command", r.command, true, 16);
    f.text(j, "sender", r.sender, true, 512);
    f.text(j, "tags", r.client_tags, false, kMaxText);
    f.text(j, "text", r.text, false, kMaxText);
    f.text(j, "params", r.params, false, kMaxField);
    f.text(j, "account", r.account, false, 64);
    if (f.ok() && (r.target.empty() || r.msgid.empty() || r.command.empty()))
      f.fail("a record without a target, msgid or command");
    if (f.ok() && r.time_ms <= 0) f.fail("a record without a time");
    if (!f.ok()) return out;
    out.shared = std::move(s);
  } catch (const std::exception& e) {
    out.shared.reset();
    out.error = e.what();
  }
  return out;
}

}  // namespace chatd::cluster
