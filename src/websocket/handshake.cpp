#include "websocket/handshake.hpp"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace chatd::websocket {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls `each` with every trimmed element of a comma-separated header value until it says stop.
template <typename Each>
void for_each_token(std::string_view list, Each each) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (!each(trim(list.substr(0, comma)))) return;
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

bool has_token(const std::string* value, std::string_view token) {
  if (!value) return false;
  bool found = false;
  for_each_token(*value, [&](std::string_view t) {
    found = iequals(t, token);
    return !found;
  });
  return found;
}

// A Sec-WebSocket-Key is the base64 of 16 bytes: 22 characters and "==".
bool valid_key(std::string_view key) noexcept {
  if (key.size() != 24 || key.substr(22) != "==") return false;
  return std::all_of(key.begin(), key.begin() + 22,
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/'; });
}

// Numeric address -> its canonical text ("::ffff:10.0.0.1" and "10.0.0.1" stay different), or "".
std::string canonical_address(std::string_view text) {
  const std::string s(text);
  unsigned char bytes[16];
  char out[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, s.c_str(), bytes) == 1) return inet_ntop(AF_INET, bytes, out, sizeof out);
  if (inet_pton(AF_INET6, s.c_str(), bytes) == 1) return inet_ntop(AF_INET6, bytes, out, sizeof out);
  return {};
}

http::Response refuse(int status, std::string_view why) {
  http::Response response = http::text_response(status, why);
  response.close = true;
  return response;
}

}  // namespace

bool wants_websocket(const http::Request& request) noexcept {
  const std::string* upgrade = request.header("Upgrade");
  return upgrade && has_token(upgrade, "websocket");
}

std::string accept_key(std::string_view key) {
  std::string input(key);
  input += kGuid;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
}

Subprotocol choose_subprotocol(std::string_view offered) noexcept {
  Subprotocol chosen = Subprotocol::none;
  for_each_token(offered, [&](std::string_view token) {
    if (token == "binary.ircv3.net") chosen = Subprotocol::binary;
    if (token == "text.ircv3.net") chosen = Subprotocol::text;
    return chosen == Subprotocol::none;
  });
  return chosen;
}

bool origin_allowed(const std::string* origin, const std::string* host,
                    const std::vector<std::string>& allowed) noexcept {
  if (!origin) return true;
  if (!allowed.empty()) {
    return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return iequals(a, *origin); });
  }
  const auto scheme_end = origin->find("://");
  if (!host || scheme_end == std::string::npos) return false;  // "null" and other opaque origins
  return iequals(std::string_view(*origin).substr(scheme_end + 3), trim(*host));
}

bool trusted_proxy(std::string_view peer, const std::vector<std::string>& trusted) {
  if (trusted.empty()) return false;
  const std::string peer_address = canonical_address(peer);
  return std::any_of(trusted.begin(), trusted.end(),
                     [&](const std::string& t) { return canonical_address(t) == peer_address; });
}

std::string client_host(std::string_view peer, const std::string* forwarded, const std::vector<std::string>& trusted) {
  if (!forwarded || !trusted_proxy(peer, trusted)) return std::string(peer);
  // Each proxy appends the address it saw: the last entry is the one our proxy vouches for.
  const auto comma = forwarded->rfind(',');
  const std::string named = canonical_address(
      trim(comma == std::string::npos ? std::string_view(*forwarded) : std::string_view(*forwarded).substr(comma + 1)));
  return named.empty() ? std::string(peer) : named;
}

Upgrade accept_upgrade(const http::Request& request, const Settings& settings, std::string_view peer_host) {
  Upgrade out;
  if (request.method != "GET") {
    out.refusal = refuse(405, "a WebSocket upgrade is a GET");
    out.refusal.headers.push_back({"Allow", "GET, HEAD"});
    return out;
  }
  if (request.version_major != 1 || request.version_minor < 1 || !has_token(request.header("Connection"), "upgrade")) {
    out.refusal = refuse(400, "not a WebSocket upgrade (HTTP/1.1 with Connection: Upgrade)");
    return out;
  }
  const std::string* version = request.header("Sec-WebSocket-Version");
  if (!version || trim(*version) != "13") {
    out.refusal = refuse(426, "WebSocket version 13 only");
    out.refusal.headers.push_back({"Sec-WebSocket-Version", "13"});
    return out;
  }
  const std::string* key = request.header("Sec-WebSocket-Key");
  if (!key || !valid_key(trim(*key))) {
    out.refusal = refuse(400, "missing or malformed Sec-WebSocket-Key");
    return out;
  }
  if (!origin_allowed(request.header("Origin"), request.header("Host"), settings.allowed_origins)) {
    out.refusal = refuse(403, "origin not allowed");
    return out;
  }
  const std::string* offered = request.header("Sec-WebSocket-Protocol");
  out.subprotocol = offered ? choose_subprotocol(*offered) : Subprotocol::none;
  out.client_host = client_host(peer_host, request.header("X-Forwarded-For"), settings.trusted_proxies);
  out.answer =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
      accept_key(trim(*key)) + "\r\n";
  if (out.subprotocol == Subprotocol::binary) out.answer += "Sec-WebSocket-Protocol: binary.ircv3.net\r\n";
  if (out.subprotocol == Subprotocol::text) out.answer += "Sec-WebSocket-Protocol: text.ircv3.net\r\n";
  out.answer += "\r\n";
  out.accepted = true;
  return out;
}

}  // namespace chatd::websocket
