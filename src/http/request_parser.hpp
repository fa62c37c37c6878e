// RequestParser: incremental parsing of HTTP/1.x requests on one connection, built on
// Debian's http-parser (the C parser that came from Node.js). Bytes go in as they are read;
// once a request is complete the parser stops there (the rest is the next request, or, after
// an upgrade, another protocol's bytes) and request() holds it until reset(). It enforces
// what a server must bound: the request line and headers together (431), the number of
// headers (431), the body (413); anything malformed is 400, an HTTP major version other than
// 1 is 505. It does no I/O and knows nothing of what is served, so the metrics endpoint and
// the WebSocket upgrade use it alike.
//
// Thread rules: a value type; one thread at a time.
#pragma once

#include <http_parser.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace chatd::http {

struct Limits {
  std::size_t max_head_bytes = 8192;  // request line and headers, up to the last header's end
  std::size_t max_headers = 64;
  std::size_t max_body_bytes = 0;  // GET and HEAD carry none
};

class RequestParser {
 public:
  enum class Status { incomplete, complete, failed };

  explicit RequestParser(Limits limits = {});
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Parses the next bytes of the stream; returns how many belong to the request being parsed
  // (all of them while it is incomplete; fewer once it completes or fails). Never throws but
  // std::bad_alloc.
  std::size_t feed(std::string_view bytes);
  Status status() const noexcept { return status_; }
  // REQUIRES: status() == complete.
  const Request& request() const noexcept { return request_; }
  // When failed: the HTTP status to answer with (400, 413, 431, 505) and why.
  int error_status() const noexcept { return error_status_; }
  const std::string& error() const noexcept { return error_; }
  // Ready for the next request on the same connection.
  void reset();

 private:
  static const http_parser_settings kSettings;
  static RequestParser& of(http_parser* p) noexcept { return *static_cast<RequestParser*>(p->data); }
  static int on_url(http_parser* p, const char* at, std::size_t n);
  static int on_header_field(http_parser* p, const char* at, std::size_t n);
  static int on_header_value(http_parser* p, const char* at, std::size_t n);
  static int on_headers_complete(http_parser* p);
  static int on_body(http_parser* p, const char* at, std::size_t n);
  static int on_message_complete(http_parser* p);
  // Records a failure and returns the non-zero that stops http_parser.
  int fail(int status, std::string why);
  // Whether the head, up to `end` in the bytes being fed, is within the limit; fails if not.
  bool within_head_limit(const char* end);

  Limits limits_;
  http_parser parser_{};
  Request request_;
  Status status_ = Status::incomplete;
  int error_status_ = 0;
  std::string error_;
  std::size_t head_bytes_ = 0;        // head bytes in earlier feeds
  const char* feed_start_ = nullptr;  // the bytes being fed
  bool headers_done_ = false;
  bool in_value_ = false;  // the last header callback was a value: a field starts a new header
};

}  // namespace chatd::http
