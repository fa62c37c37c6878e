// Static files: answers GET and HEAD with the files under one directory (the web client on a
// WebSocket listener). Nothing outside the directory can be reached: the path is
// percent-decoded once, "..", "." and hidden names are refused, and each component is opened
// below the root with O_NOFOLLOW, so no symlink is followed at all. Directories are never
// listed (a directory answers with its index.html, if it has one).
//
// Answers carry Cache-Control: no-cache with an ETag and Last-Modified, so a browser revalidates
// and gets 304 while the file is unchanged; an upgraded package shows at once.
//
// Thread rules: pure functions (they read the file system); any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace chatd::http {

// Files larger than this are not served (the web client is a few files of some KiB).
inline constexpr std::size_t kMaxStaticFileBytes = 4 * 1024 * 1024;

// The answer to `request` from `root` ("": none, every path is 404). Other methods get 405.
// The response's body is filled for HEAD too (for Content-Length); serialize() leaves it out.
Response serve_static(const Request& request, const std::string& root);

// The Content-Type for a file name, by its extension.
std::string_view mime_type(std::string_view name) noexcept;

// "%41" -> "A"; false for a malformed escape.
bool percent_decode(std::string_view in, std::string& out);

}  // namespace chatd::http
