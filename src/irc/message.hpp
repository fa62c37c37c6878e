// Parsing of one received IRC line (RFC 1459/2812 framing plus IRCv3 message tags) and
// tag-value escaping. Pure functions: a Message is a plain value of views into the caller's
// line, so it is valid only while that buffer lives and is safe to share between threads.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::irc {

inline constexpr std::size_t kMaxParams = 15;

struct Message {
  std::string_view tags;     // raw tag section without the leading '@'; empty if none
  std::string_view source;   // prefix without the leading ':'; empty if none
  std::string_view command;  // as sent (case preserved)
  std::array<std::string_view, kMaxParams> params{};
  std::size_t param_count = 0;

  // Empty view when i >= param_count, so handlers can read optional arguments without checks.
  // The kMaxParams bound also keeps a hand-built Message with a bogus count in bounds.
  std::string_view arg(std::size_t i) const noexcept {
    return i < param_count && i < kMaxParams ? params[i] : std::string_view{};
  }
};

// nullopt when the line holds no command (empty, only spaces, only tags and/or prefix).
// Runs of spaces between tokens are tolerated. A param starting with ':' is the trailing param
// (rest of the line, may be empty or contain spaces); the 15th param takes the rest of the line
// as well. The caller has already removed CR/LF; any other byte, NUL included, is data.
std::optional<Message> parse_message(std::string_view line) noexcept;

struct Tag {
  std::string_view key;
  std::string_view raw_value;  // still escaped; see unescape_tag_value
};

// Splits a raw tag section at ';' and '='. Keys without '=' get an empty value. Empty entries,
// and entries with an empty key, are skipped.
std::vector<Tag> split_tags(std::string_view raw);

// The raw (still escaped) value of `key` in a raw tag section, without allocating; when the
// key repeats the last one wins, as IRCv3 asks. nullopt when absent; "" for a key without '='.
std::optional<std::string_view> find_tag(std::string_view raw, std::string_view key) noexcept;

// IRCv3 message-tags: "\:" -> ';', "\s" -> ' ', "\\" -> '\', "\r" -> CR, "\n" -> LF,
// any other "\x" -> "x", and a trailing lone backslash is dropped.
std::string unescape_tag_value(std::string_view raw);

// Inverse of unescape_tag_value for the five bytes that need it.
std::string escape_tag_value(std::string_view value);

}  // namespace chatd::irc
