// Request: one parsed HTTP/1.x request, as RequestParser hands it out. Header names keep
// their spelling; header() looks them up without regard to case.
//
// Thread rules: a value type; one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chatd::http {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;  // "GET", "HEAD", ... as http_parser names it
  std::string target;  // as sent: "/metrics?x=1"
  unsigned version_major = 1;
  unsigned version_minor = 1;
  std::vector<Header> headers;
  std::string body;
  bool keep_alive = false;  // the connection may carry another request after the answer
  bool upgrade = false;     // an Upgrade (WebSocket) or CONNECT request: bytes after it are not HTTP

  // The target's path, without the query: "/metrics".
  std::string_view path() const noexcept;
  // What follows '?', without it; empty when there is none.
  std::string_view query() const noexcept;
  // The first header called `name` (any case), or nullptr.
  const std::string* header(std::string_view name) const noexcept;
};

// The value of `key` in a query string "a=1&b=2" (no percent-decoding); `found` says whether
// the key was there at all.
std::string_view query_value(std::string_view query, std::string_view key, bool& found) noexcept;

}  // namespace chatd::http
