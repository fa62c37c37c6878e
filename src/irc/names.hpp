// Nickname and channel-name validation and comma-list splitting for command arguments.
// Pure functions; results are views into the caller's input. Safe to call from any thread.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace chatd::irc {

// RFC 2812 nickname: first a letter or one of []\`_^{|}, then letters, digits, those specials
// or '-'; 1..max_len bytes.
bool is_valid_nick(std::string_view nick, std::size_t max_len) noexcept;

// True when s starts with a channel prefix; our CHANTYPES is "#".
bool is_channel_name(std::string_view s) noexcept;

// STATUSMSG: '@' or '+' when s is that prefix followed by a channel name ("@#lab"), else 0.
char status_prefix(std::string_view s) noexcept;

// '#' followed by 1+ bytes, none of NUL, BEL, CR, LF, space, ',' or ':'; at most max_len bytes.
bool is_valid_channel(std::string_view name, std::size_t max_len) noexcept;

// A client's word echoed back as a middle parameter: "NICK :a b" or "CAP ::x" must not turn
// one parameter into two, or into the trailing one, in the reply. At most 64 bytes.
std::string_view echo_token(std::string_view raw) noexcept;

// Splits "a,b,,c" into {"a","b","c"}: empty items are dropped and at most `limit` items are
// returned, so a hostile "JOIN ,,,,,..." cannot make us allocate per comma. Views point into s.
std::vector<std::string_view> split_list(std::string_view s, std::size_t limit = 512);

}  // namespace chatd::irc
