#include "http/request_parser.hpp"

#include <limits>

namespace chatd::http {

const http_parser_settings RequestParser::kSettings = [] {
  http_parser_settings s{};
  s.on_url = on_url;
  s.on_header_field = on_header_field;
  s.on_header_value = on_header_value;
  s.on_headers_complete = on_headers_complete;
  s.on_body = on_body;
  s.on_message_complete = on_message_complete;
  return s;
}();

RequestParser::RequestParser(Limits limits) : limits_(limits) { reset(); }

void RequestParser::reset() {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
  request_ = Request{};
  status_ = Status::incomplete;
  error_status_ = 0;
  error_.clear();
  head_bytes_ = 0;
  headers_done_ = false;
  in_value_ = false;
}

int RequestParser::fail(int status, std::string why) {
  if (status_ != Status::failed) {
    status_ = Status::failed;
    error_status_ = status;
    error_ = std::move(why);
  }
  return 1;
}

bool RequestParser::within_head_limit(const char* end) {
  // Everything from the request's first byte up to `end` is head: the text the callbacks saw
  // and the spaces, colons and line ends between, which they do not.
  const std::size_t head = head_bytes_ + static_cast<std::size_t>(end - feed_start_);
  if (head <= limits_.max_head_bytes) return true;
  fail(431, "request line and headers longer than " + std::to_string(limits_.max_head_bytes) + " bytes");
  return false;
}

int RequestParser::on_url(http_parser* p, const char* at, std::size_t n) {
  RequestParser& self = of(p);
  if (!self.within_head_limit(at + n)) return 1;
  self.request_.target.append(at, n);
  return 0;
}

int RequestParser::on_header_field(http_parser* p, const char* at, std::size_t n) {
  RequestParser& self = of(p);
  if (!self.within_head_limit(at + n)) return 1;
  auto& headers = self.request_.headers;
  if (headers.empty() || self.in_value_) {
    if (headers.size() >= self.limits_.max_headers) {
      return self.fail(431, "more than " + std::to_string(self.limits_.max_headers) + " headers");
    }
    headers.emplace_back();
    self.in_value_ = false;
  }
  headers.back().name.append(at, n);
  return 0;
}

int RequestParser::on_header_value(http_parser* p, const char* at, std::size_t n) {
  RequestParser& self = of(p);
  if (!self.within_head_limit(at + n)) return 1;
  self.in_value_ = true;
  self.request_.headers.back().value.append(at, n);
  return 0;
}

int RequestParser::on_headers_complete(http_parser* p) {
  RequestParser& self = of(p);
  self.headers_done_ = true;
  Request& r = self.request_;
  r.method = http_method_str(static_cast<http_method>(p->method));
  r.version_major = p->http_major;
  r.version_minor = p->http_minor;
  r.keep_alive = http_should_keep_alive(p) != 0;
  // Here 1 and 2 mean "no body" and "upgrade" to http_parser: an error is any other value.
  constexpr int kStop = -1;
  if (p->http_major != 1) {
    self.fail(505, "HTTP/" + std::to_string(p->http_major) + " is not spoken here");
    return kStop;
  }
  // http_parser sets content_length to all ones when the header is absent.
  if (p->content_length != std::numeric_limits<std::uint64_t>::max() &&
      p->content_length > self.limits_.max_body_bytes) {
    self.fail(413, "a body of " + std::to_string(p->content_length) + " bytes is more than " +
                       std::to_string(self.limits_.max_body_bytes));
    return kStop;
  }
  return 0;
}

int RequestParser::on_body(http_parser* p, const char* at, std::size_t n) {
  RequestParser& self = of(p);
  if (self.request_.body.size() + n > self.limits_.max_body_bytes) {
    return self.fail(413, "a body of more than " + std::to_string(self.limits_.max_body_bytes) + " bytes");
  }
  self.request_.body.append(at, n);
  return 0;
}

int RequestParser::on_message_complete(http_parser* p) {
  RequestParser& self = of(p);
  if (self.status_ == Status::failed) return 1;
  self.status_ = Status::complete;
  // Stop right after this request: what follows is the next one (pipelining) or, after an
  // upgrade, not HTTP at all.
  http_parser_pause(p, 1);
  return 0;
}

std::size_t RequestParser::feed(std::string_view bytes) {
  if (status_ != Status::incomplete || bytes.empty()) return 0;
  feed_start_ = bytes.data();
  const std::size_t used = http_parser_execute(&parser_, &kSettings, bytes.data(), bytes.size());
  const auto error = HTTP_PARSER_ERRNO(&parser_);
  if (status_ == Status::failed) return used;
  if (error != HPE_OK && error != HPE_PAUSED) {
    fail(error == HPE_HEADER_OVERFLOW ? 431 : 400, http_errno_description(error));
    return used;
  }
  // Only the callbacks check the limit: the line ends after the last header are not seen by
  // one when the head arrives whole, and a check here would count them only when it arrives
  // in pieces. Separators use no memory, and http_parser caps a head at 80 KiB on its own.
  if (!headers_done_) head_bytes_ += used;
  if (status_ == Status::complete) {
    request_.upgrade = parser_.upgrade != 0;
  }
  return used;
}

}  // namespace chatd::http
