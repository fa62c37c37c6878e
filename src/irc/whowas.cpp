// WHOWAS: who used a nick before (modern.ircdocs.horse): 314 and 312 per entry, newest first,
// up to <count> entries (all of them when the count is missing, zero, negative or not a
// number), 406 when the history has none, and always 369 at the end.
#include <charconv>
#include <ctime>

#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"
#include "irc/utc_time.hpp"
#include "irc/whowas_history.hpp"

namespace chatd::irc {

namespace {

// 0 (= all) unless `text` is a positive number.
std::size_t whowas_count(std::string_view text) {
  long count = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc() || end != text.data() + text.size() || count <= 0) return 0;
  return static_cast<std::size_t>(count);
}

}  // namespace

void handle_whowas(Session& s, const Message& m) {
  std::string_view nick = echo_token(m.arg(0));
  if (m.param_count == 0 || m.arg(0).empty()) {
    s.numeric(Numeric::ERR_NONICKNAMEGIVEN);
    return;
  }
  std::vector<WhowasHistory::Entry> entries;
  {
    sys::MutexLock lock(s.server().registry.mutex());
    entries = s.server().whowas.find(nick, whowas_count(m.arg(1)));
  }
  const std::string& server = s.server().server_name;
  std::string replies;
  for (const auto& entry : entries) {
    append_numeric(replies, server, s.nick(), Numeric::RPL_WHOWASUSER, {entry.nick, entry.username, entry.host, "*"},
                   entry.realname);
    // The time the nick was left, as InspIRCd shows it: "Sat Mar 20 2022 10:59:26 UTC".
    append_numeric(replies, server, s.nick(), Numeric::RPL_WHOISSERVER, {entry.nick, server},
                   format_utc(entry.when, "%a %b %d %Y %H:%M:%S UTC"));
  }
  if (entries.empty()) append_numeric(replies, server, s.nick(), Numeric::ERR_WASNOSUCHNICK, {nick});
  append_numeric(replies, server, s.nick(), Numeric::RPL_ENDOFWHOWAS, {nick});
  s.send(std::move(replies));
}

}  // namespace chatd::irc
