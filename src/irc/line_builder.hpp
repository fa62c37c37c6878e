// Formatting of outgoing IRC lines with the 512-byte limit enforced at a UTF-8 boundary.
// Pure functions that only append to the caller's buffer; safe to call from any thread.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chatd::irc {

inline constexpr std::size_t kMaxLineBytes = 512;  // including CRLF, excluding a tag section

// Appends "[:source ]COMMAND m1 m2 ... [:trailing]\r\n" to out; empty `source` -> no prefix.
// A middle param is cut at its first space, and an empty one or one starting with ':' is
// sent as "*", so echoed client text can never break the framing; a present trailing always
// gets ':' (even when empty or a single word). If the line would exceed 510 bytes before CRLF,
// the trailing (or, without one, the whole line) is cut at a UTF-8 character boundary to fit.
void append_line(std::string& out, std::string_view source, std::string_view command,
                 std::initializer_list<std::string_view> middle,
                 std::optional<std::string_view> trailing = std::nullopt);

std::string make_line(std::string_view source, std::string_view command, std::initializer_list<std::string_view> middle,
                      std::optional<std::string_view> trailing = std::nullopt);

// Same as append_line with middle params `lead` followed by `middle`; lets numerics put the
// target nick in front of the caller's params without copying an initializer_list.
void append_line_parts(std::string& out, std::string_view source, std::string_view command,
                       std::span<const std::string_view> lead, std::span<const std::string_view> middle,
                       std::optional<std::string_view> trailing);

}  // namespace chatd::irc
