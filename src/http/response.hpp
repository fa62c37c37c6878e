// Response: an HTTP/1.1 answer and its bytes on the wire. The length is always sent
// (Content-Length), so a persistent connection knows where the next answer starts; an answer
// to HEAD has the same headers and no body.
//
// Thread rules: pure functions and a value type; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace chatd::http {

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<Header> headers;  // more headers (Allow, Upgrade, ...)
  bool close = false;           // "Connection: close": no more requests on this connection
};

// The reason phrase of a status code chatd answers with ("Not Found"), "Unknown" otherwise.
std::string_view reason_phrase(int status) noexcept;

// Status line, headers and (unless `head_only`) the body.
std::string serialize(const Response& response, bool head_only);

// A plain-text answer: the status, its reason phrase and `detail` as the body.
Response text_response(int status, std::string_view detail = {});

}  // namespace chatd::http
