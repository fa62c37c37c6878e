#include "http/response.hpp"

namespace chatd::http {

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 426:
      return "Upgrade Required";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string serialize(const Response& response, bool head_only) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " ";
  out += reason_phrase(response.status);
  // A 101 hands the connection over and a 304 points at the client's copy: neither has a body
  // to describe.
  if (response.status != 101 && response.status != 304) {
    out += "\r\nContent-Type: " + response.content_type;
    out += "\r\nContent-Length: " + std::to_string(response.body.size());
  }
  for (const Header& header : response.headers) out += "\r\n" + header.name + ": " + header.value;
  if (response.close) out += "\r\nConnection: close";
  out += "\r\n\r\n";
  if (!head_only) out += response.body;
  return out;
}

Response text_response(int status, std::string_view detail) {
  Response response;
  response.status = status;
  response.body = std::to_string(status) + " " + std::string(reason_phrase(status));
  if (!detail.empty()) response.body += ": " + std::string(detail);
  response.body += "\n";
  return response;
}

}  // namespace chatd::http
