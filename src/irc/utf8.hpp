// UTF-8 validation, boundary-safe truncation and sanitizing for IRC text.
// Pure functions over byte strings; no state, safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chatd::irc {

// Strict RFC 3629: rejects overlongs, surrogates (U+D800..U+DFFF), code points above U+10FFFF
// and truncated sequences.
bool is_valid_utf8(std::string_view s) noexcept;

// Largest n <= max_bytes such that s[0, n) does not end inside a multi-byte sequence, so a
// truncated line never splits a character. Bytes that are not part of a sequence count as one.
std::size_t utf8_cut(std::string_view s, std::size_t max_bytes) noexcept;

// Replaces each maximal ill-formed subpart (Unicode ch. 3, "U+FFFD substitution of maximal
// subparts") with U+FFFD (EF BF BD). Valid input is returned unchanged.
std::string sanitize_utf8(std::string_view s);

}  // namespace chatd::irc
