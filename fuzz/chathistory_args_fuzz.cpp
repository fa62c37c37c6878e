// libFuzzer: CHATHISTORY's arguments as a client sends them (parse_message, then
// parse_chathistory). Exactly one of request and error comes out; a request's limit is within
// 1..max, its references are of the kind its subcommand allows, and a timestamp it accepted
// (before 2255) prints back (server_time) as a time that parses to the same millisecond.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "irc/chathistory_args.hpp"
#include "irc/message.hpp"
#include "irc/tagged_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatd::irc;
  using Kind = chatd::store::HistoryRef::Kind;
  const std::string line = "CHATHISTORY " + std::string(reinterpret_cast<const char*>(data), size);
  auto message = parse_message(line);
  if (!message) return 0;
  std::vector<std::string_view> args;
  for (std::size_t i = 0; i < message->param_count; ++i) args.push_back(message->arg(i));
  std::optional<ChathistoryRequest> request;
  std::optional<ChathistoryError> error;
  parse_chathistory(args, 100, request, error);
  if (request.has_value() == error.has_value()) std::abort();
  if (error && error->code.empty()) std::abort();
  if (!request) return 0;
  if (request->limit < 1 || request->limit > 100) std::abort();
  const bool targets = request->sub == ChathistoryRequest::Sub::kTargets;
  if (targets && (request->from.kind != Kind::kTimestamp || request->to.kind != Kind::kTimestamp)) std::abort();
  if (request->from.kind == Kind::kNone && request->sub != ChathistoryRequest::Sub::kLatest) std::abort();
  for (const auto* ref : {&request->from, &request->to}) {
    // system_clock counts nanoseconds in 64 bits: server_time() cannot print past 2262. A
    // reference may lie beyond (the store compares milliseconds), so only nearer ones print.
    if (ref->kind != Kind::kTimestamp || ref->time_ms > 9000000000000) continue;
    const auto when = std::chrono::system_clock::time_point(std::chrono::milliseconds(ref->time_ms));
    const auto again = parse_server_time(server_time(when));
    if (!again || *again != ref->time_ms) std::abort();
  }
  return 0;
}
