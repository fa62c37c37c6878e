#include "irc/chathistory_args.hpp"

#include <cctype>
#include <chrono>

namespace chatd::irc {
namespace {

using Sub = ChathistoryRequest::Sub;

// A msgid chatd makes is 24 characters; other servers' (a future cluster peer's) may be
// longer, but never past a tag value a client could send back in 64 bytes.
constexpr std::size_t kMaxMsgidLength = 64;

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int digits(std::string_view text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

std::optional<Sub> find_sub(std::string_view name) {
  static constexpr std::pair<std::string_view, Sub> kSubs[] = {
      {"LATEST", Sub::kLatest}, {"BEFORE", Sub::kBefore},   {"AFTER", Sub::kAfter},
      {"AROUND", Sub::kAround}, {"BETWEEN", Sub::kBetween}, {"TARGETS", Sub::kTargets},
  };
  for (const auto& [text, sub] : kSubs) {
    if (text == name) return sub;
  }
  return std::nullopt;
}

// 1.. digits; anything past max_limit (however many digits) is max_limit.
std::optional<unsigned> parse_limit(std::string_view text, unsigned max_limit) {
  if (!all_digits(text)) return std::nullopt;
  while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
  if (text == "0") return std::nullopt;
  if (text.size() > 9) return max_limit;
  const auto value = static_cast<unsigned>(digits(text, 0, text.size()));
  return value > max_limit ? max_limit : value;
}

}  // namespace

std::optional<std::int64_t> parse_server_time(std::string_view t) {
  // "2026-11-24T03:16:15Z" at least: the seconds end at index 18.
  if (t.size() < 20 || t.size() > 30 || t.back() != 'Z') return std::nullopt;
  if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
  }
  std::int64_t ms = 0;
  if (t.size() > 20) {
    const std::string_view fraction = t.substr(19, t.size() - 20);  // ".123" before the Z
    if (fraction.size() < 2 || fraction.front() != '.' || !all_digits(fraction.substr(1))) return std::nullopt;
    const std::string_view frac = fraction.substr(1);
    for (std::size_t i = 0; i < 3; ++i) ms = ms * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  } else if (t.size() != 20) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{year{digits(t, 0, 4)}, month{static_cast<unsigned>(digits(t, 5, 2))},
                            day{static_cast<unsigned>(digits(t, 8, 2))}};
  const int hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
  // Nothing was said before 1970 (server-time cannot even write it).
  if (!date.ok() || date.year() < year{1970} || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const auto when = sys_days(date) + hours(hour) + minutes(minute) + seconds(second) + milliseconds(ms);
  return duration_cast<milliseconds>(when.time_since_epoch()).count();
}

std::optional<store::HistoryRef> parse_history_ref(std::string_view text, bool star_ok) {
  store::HistoryRef ref;
  if (text == "*") {
    if (!star_ok) return std::nullopt;
    return ref;
  }
  const auto equals = text.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  const std::string_view type = text.substr(0, equals);
  const std::string_view value = text.substr(equals + 1);
  if (type == "msgid") {
    if (value.empty() || value.size() > kMaxMsgidLength) return std::nullopt;
    for (char c : value) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == ';' || c == '\\') return std::nullopt;
    }
    ref.kind = store::HistoryRef::Kind::kMsgid;
    ref.msgid = std::string(value);
    return ref;
  }
  if (type == "timestamp") {
    auto ms = parse_server_time(value);
    if (!ms) return std::nullopt;
    ref.kind = store::HistoryRef::Kind::kTimestamp;
    ref.time_ms = *ms;
    return ref;
  }
  return std::nullopt;
}

void parse_chathistory(const std::vector<std::string_view>& args, unsigned max_limit,
                       std::optional<ChathistoryRequest>& request, std::optional<ChathistoryError>& error) {
  request.reset();
  error.reset();
  std::string sub_name(args.empty() ? std::string_view() : args[0].substr(0, 32));
  for (char& c : sub_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (args.empty() || sub_name.empty()) {
    error = ChathistoryError{"NEED_MORE_PARAMS", {}, "Missing parameters"};
    return;
  }
  const auto sub = find_sub(sub_name);
  if (!sub) {
    error = ChathistoryError{"UNKNOWN_COMMAND", {sub_name}, "Unknown subcommand"};
    return;
  }
  const std::size_t needed = *sub == Sub::kBetween ? 5 : 4;
  if (args.size() < needed) {
    error = ChathistoryError{"NEED_MORE_PARAMS", {sub_name}, "Missing parameters"};
    return;
  }
  auto invalid = [&](std::string_view what, std::string text) {
    error = ChathistoryError{"INVALID_PARAMS", {sub_name, std::string(what.substr(0, 100))}, std::move(text)};
  };
  ChathistoryRequest out;
  out.sub = *sub;
  out.subcommand = sub_name;
  std::size_t next = 1;
  if (*sub == Sub::kTargets) {
    for (store::HistoryRef* ref : {&out.from, &out.to}) {
      auto parsed = parse_history_ref(args[next], false);
      if (!parsed || parsed->kind != store::HistoryRef::Kind::kTimestamp) {
        invalid(args[next], "TARGETS takes two timestamp= references");
        return;
      }
      *ref = *parsed;
      ++next;
    }
  } else {
    out.target = std::string(args[next++]);
    auto first = parse_history_ref(args[next], *sub == Sub::kLatest);
    if (!first) {
      invalid(args[next], *sub == Sub::kLatest ? "Invalid message reference (msgid=, timestamp= or *)"
                                               : "Invalid message reference (msgid= or timestamp=)");
      return;
    }
    out.from = *first;
    ++next;
    if (*sub == Sub::kBetween) {
      auto second = parse_history_ref(args[next], false);
      if (!second) {
        invalid(args[next], "Invalid message reference (msgid= or timestamp=)");
        return;
      }
      out.to = *second;
      ++next;
    }
  }
  auto limit = parse_limit(args[next], max_limit);
  if (!limit) {
    invalid(args[next], "The limit must be a positive number");
    return;
  }
  out.limit = *limit;
  request = std::move(out);
}

}  // namespace chatd::irc
