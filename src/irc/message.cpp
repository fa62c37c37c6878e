#include "irc/message.hpp"

#include <algorithm>

namespace chatd::irc {
namespace {

// Cursor over the line. Views are built from data()+offset rather than substr() so that no
// path can throw out of this noexcept parser.
class Cursor {
 public:
  explicit Cursor(std::string_view line) noexcept : line_(line) {}

  bool done() const noexcept { return pos_ >= line_.size(); }
  char peek() const noexcept { return line_[pos_]; }
  void advance() noexcept { ++pos_; }

  void skip_spaces() noexcept {
    while (pos_ < line_.size() && line_[pos_] == ' ') ++pos_;
  }

  // Bytes up to the next space or the end of the line.
  std::string_view token() noexcept {
    std::size_t end = line_.find(' ', pos_);
    if (end == std::string_view::npos) end = line_.size();
    std::string_view tok(line_.data() + pos_, end - pos_);
    pos_ = end;
    return tok;
  }

  std::string_view rest() noexcept {
    std::string_view tail(line_.data() + pos_, line_.size() - pos_);
    pos_ = line_.size();
    return tail;
  }

 private:
  std::string_view line_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<Message> parse_message(std::string_view line) noexcept {
  Message msg;
  Cursor cur(line);
  if (!cur.done() && cur.peek() == '@') {
    cur.advance();
    msg.tags = cur.token();
  }
  cur.skip_spaces();
  if (!cur.done() && cur.peek() == ':') {
    cur.advance();
    msg.source = cur.token();
  }
  cur.skip_spaces();
  msg.command = cur.token();
  if (msg.command.empty()) return std::nullopt;

  while (true) {
    cur.skip_spaces();
    if (cur.done()) break;
    if (cur.peek() == ':') {
      cur.advance();
      msg.params[msg.param_count++] = cur.rest();
      break;
    }
    if (msg.param_count == kMaxParams - 1) {
      msg.params[msg.param_count++] = cur.rest();
      break;
    }
    msg.params[msg.param_count++] = cur.token();
  }
  return msg;
}

namespace {

// Calls f(tag) for each entry of a raw tag section, in order; keys may be empty.
template <class F>
void for_each_tag(std::string_view raw, F&& f) noexcept(noexcept(f(Tag{}))) {
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t end = raw.find(';', pos);
    if (end == std::string_view::npos) end = raw.size();
    const std::string_view entry(raw.data() + pos, end - pos);
    pos = end + 1;
    const std::size_t eq = entry.find('=');
    Tag tag;
    if (eq == std::string_view::npos) {
      tag.key = entry;
    } else {
      tag.key = entry.substr(0, eq);
      tag.raw_value = entry.substr(eq + 1);
    }
    f(tag);
  }
}

}  // namespace

std::vector<Tag> split_tags(std::string_view raw) {
  std::vector<Tag> tags;
  tags.reserve(static_cast<std::size_t>(std::count(raw.begin(), raw.end(), ';')) + 1);
  for_each_tag(raw, [&](const Tag& tag) {
    if (!tag.key.empty()) tags.push_back(tag);
  });
  return tags;
}

std::optional<std::string_view> find_tag(std::string_view raw, std::string_view key) noexcept {
  std::optional<std::string_view> found;
  for_each_tag(raw, [&](const Tag& tag) noexcept {
    if (tag.key == key) found = tag.raw_value;
  });
  return found;
}

std::string unescape_tag_value(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i == raw.size()) break;  // trailing lone backslash is dropped
    // The default case covers "\\" -> '\' as well as unknown "\x" -> 'x'.
    switch (raw[i]) {
      case ':':
        out.push_back(';');
        break;
      case 's':
        out.push_back(' ');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'n':
        out.push_back('\n');
        break;
      default:
        out.push_back(raw[i]);
        break;
    }
  }
  return out;
}

std::string escape_tag_value(std::string_view value) {
  std::string out;
  out.reserve(value.size() + value.size() / 8 + 4);
  for (const char c : value) {
    switch (c) {
      case ';':
        out += "\\:";
        break;
      case ' ':
        out += "\\s";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out.push_back(c);
        break;
    }
  }
  return out;
}

}  // namespace chatd::irc
