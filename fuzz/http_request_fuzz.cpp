// libFuzzer: http::RequestParser over any byte stream, the way a connection feeds it: in reads
// cut where the first byte chooses, one request after another (reset() after each). It never
// crashes, never reports more bytes used than it was given, never keeps a head past its
// limit, fails only with a status it documents, and the same stream cut differently gives the
// same requests (and fails, if it does, after the same ones).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_parser.hpp"

namespace {

using chatd::http::RequestParser;

constexpr chatd::http::Limits kLimits{.max_head_bytes = 512, .max_headers = 8, .max_body_bytes = 64};

// Every request (method, target, headers, body) or failure, one string each.
std::vector<std::string> parse_all(std::string_view stream, std::size_t step) {
  RequestParser parser(kLimits);
  std::vector<std::string> out;
  std::string pending;
  for (std::size_t at = 0; at < stream.size();) {
    const std::size_t n = std::min(step, stream.size() - at);
    pending.append(stream.substr(at, n));
    at += n;
    while (!pending.empty()) {
      const std::size_t used = parser.feed(pending);
      if (used > pending.size()) std::abort();
      pending.erase(0, used);
      if (parser.status() == RequestParser::Status::incomplete) break;
      if (parser.status() == RequestParser::Status::failed) {
        const int status = parser.error_status();
        if (status != 400 && status != 413 && status != 431 && status != 505) std::abort();
        // Which limit or syntax error comes first may depend on the cut (a header counted from
        // its first piece, before a bad byte later in its name): only that it failed must not.
        out.push_back("failed");
        return out;  // a connection closes after a bad request
      }
      const auto& request = parser.request();
      std::size_t head = request.method.size() + request.target.size();
      for (const auto& header : request.headers) head += header.name.size() + header.value.size();
      if (head > kLimits.max_head_bytes || request.headers.size() > kLimits.max_headers ||
          request.body.size() > kLimits.max_body_bytes) {
        std::abort();
      }
      std::string text = request.method + " " + request.target + "\n";
      for (const auto& header : request.headers) text += header.name + ": " + header.value + "\n";
      out.push_back(text + request.body);
      if (request.upgrade) return out;  // what follows is another protocol
      parser.reset();
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = 1 + data[0] % 64;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (parse_all(stream, step) != parse_all(stream, stream.size() + 1)) std::abort();
  return 0;
}
