#include "irc/line_builder.hpp"

#include <algorithm>

#include "irc/utf8.hpp"

namespace chatd::irc {
namespace {

constexpr std::size_t kMaxContent = kMaxLineBytes - 2;  // room left once CRLF is counted
// Bytes that would end or corrupt a line on the wire. Received lines never hold them (the
// reader splits at CR and LF, the session drops NUL), but config text, tag values and
// future callers might: a param is cut at the first one rather than break the framing.
constexpr std::string_view kLineStops("\r\n\0", 3);
constexpr std::string_view kMiddleStops(" \r\n\0", 4);

// Middle params often echo client text (a channel or nick that was refused). One with a
// space or a leading ':' would shift every later param, so only its first word goes out,
// and an empty one becomes "*".
std::string_view as_middle(std::string_view p) noexcept {
  p = p.substr(0, p.find_first_of(kMiddleStops));
  return (p.empty() || p.front() == ':') ? std::string_view("*") : p;
}

std::size_t params_size(std::span<const std::string_view> params) noexcept {
  std::size_t n = 0;
  for (const auto p : params) n += 1 + as_middle(p).size();
  return n;
}

void append_params(std::string& out, std::span<const std::string_view> params) {
  for (const auto p : params) {
    out.push_back(' ');
    out.append(as_middle(p));
  }
}

// reserve() with an exact size may reallocate on every call when a caller batches many lines
// into one buffer; growing geometrically keeps batching linear on any standard library.
void reserve_for(std::string& out, std::size_t extra) {
  const std::size_t need = out.size() + extra;
  if (need > out.capacity()) out.reserve(std::max(need, 2 * out.capacity()));
}

}  // namespace

void append_line_parts(std::string& out, std::string_view source, std::string_view command,
                       std::span<const std::string_view> lead, std::span<const std::string_view> middle,
                       std::optional<std::string_view> trailing) {
  std::size_t head = command.size() + params_size(lead) + params_size(middle);
  if (!source.empty()) head += source.size() + 2;

  std::string_view tail = trailing.value_or(std::string_view{});
  tail = tail.substr(0, tail.find_first_of(kLineStops));
  bool cut_whole_line = false;
  if (trailing) {
    if (head + 2 + tail.size() > kMaxContent) {
      if (head + 2 <= kMaxContent) {
        tail = tail.substr(0, utf8_cut(tail, kMaxContent - head - 2));
      } else {
        cut_whole_line = true;
      }
    }
  } else if (head > kMaxContent) {
    cut_whole_line = true;
  }

  const std::size_t start = out.size();
  reserve_for(out, head + (trailing ? 2 + tail.size() : 0) + 2);
  if (!source.empty()) {
    out.push_back(':');
    out.append(source);
    out.push_back(' ');
  }
  out.append(command);
  append_params(out, lead);
  append_params(out, middle);
  if (trailing) {
    out.append(" :");
    out.append(tail);
  }
  if (cut_whole_line) {
    // Only reachable with oversized middle params or source, which callers should never pass;
    // still keep the wire invariant rather than emit an overlong line.
    const std::string_view body(out.data() + start, out.size() - start);
    out.resize(start + utf8_cut(body, kMaxContent));
  }
  out.append("\r\n");
}

void append_line(std::string& out, std::string_view source, std::string_view command,
                 std::initializer_list<std::string_view> middle, std::optional<std::string_view> trailing) {
  append_line_parts(out, source, command, {}, std::span<const std::string_view>(middle.begin(), middle.size()),
                    trailing);
}

std::string make_line(std::string_view source, std::string_view command, std::initializer_list<std::string_view> middle,
                      std::optional<std::string_view> trailing) {
  std::string out;
  append_line(out, source, command, middle, trailing);
  return out;
}

}  // namespace chatd::irc
