// HELP and HELPOP (modern.ircdocs.horse): 704 with a title, 705 lines, 706 to end; 524 for a
// topic chatd has no text for. Without a topic: the list of topics.
#include <string>

#include "irc/handlers.hpp"
#include "irc/help_text.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"

namespace chatd::irc {

namespace {

constexpr std::size_t kIndexLineBytes = 300;

void append_help(std::string& out, Session& s, std::string_view subject, std::string_view title,
                 std::span<const std::string> lines) {
  const std::string& server = s.server().server_name;
  append_numeric(out, server, s.nick(), Numeric::RPL_HELPSTART, {subject}, title);
  append_numeric(out, server, s.nick(), Numeric::RPL_HELPTXT, {subject}, "");
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    append_numeric(out, server, s.nick(), Numeric::RPL_HELPTXT, {subject}, lines[i]);
  append_numeric(out, server, s.nick(), Numeric::RPL_ENDOFHELP, {subject}, lines.empty() ? "" : lines.back());
}

// "Topics: AWAY CAP ..." wrapped into lines, then how to ask for one.
std::vector<std::string> index_lines() {
  std::vector<std::string> lines{"Topics:"};
  for (const HelpTopic& topic : help_topics()) {
    if (lines.back().size() + 1 + topic.name.size() > kIndexLineBytes) lines.emplace_back();
    if (!lines.back().empty()) lines.back() += ' ';
    lines.back() += topic.name;
  }
  lines.emplace_back("Try HELP <topic>, e.g. HELP PRIVMSG. See also doc/PROTOCOL.md and chatd(8).");
  return lines;
}

}  // namespace

void handle_help(Session& s, const Message& m) {
  std::string replies;
  if (m.param_count == 0 || m.arg(0).empty()) {
    append_help(replies, s, "*", "** chatd help **", index_lines());
    s.send(std::move(replies));
    return;
  }
  const HelpTopic* topic = find_help(m.arg(0));
  if (!topic) {
    s.numeric(Numeric::ERR_HELPNOTFOUND, {echo_token(m.arg(0))});
    return;
  }
  std::vector<std::string> lines(topic->lines.begin(), topic->lines.end());
  append_help(replies, s, topic->name, "** " + std::string(topic->name) + " **", lines);
  s.send(std::move(replies));
}

}  // namespace chatd::irc
