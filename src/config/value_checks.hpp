// Checks of single string values shared by the config sections. Each returns why the value
// is unacceptable, or "" when it is fine (the TomlReader::Check shape). Pure functions;
// safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace chatd::config {

bool is_control(char c);

// A value that ends up as one IRC parameter: no spaces, no control characters.
std::string check_word(std::string_view value);

// A channel name as a listener or bridge names it: '#' and at least one more character,
// no spaces, commas or control characters.
std::string check_channel(std::string_view value);

// A WebSocket listener's allowed Origin: "scheme://host[:port]" as a browser sends it, no path.
std::string check_origin(std::string_view value);

// A directory served to browsers: an absolute path, or "" for none.
std::string check_web_root(std::string_view value);

// A numeric IPv4 or IPv6 address (a trusted proxy); host names are not resolved.
std::string check_numeric_address(std::string_view value);

}  // namespace chatd::config
