// The HTTP half of a WebSocket listener, as pure functions of a parsed request: the RFC 6455
// upgrade (Sec-WebSocket-Key -> Sec-WebSocket-Accept, the IRCv3 subprotocol, the Origin
// check) and the client's address (X-Forwarded-For, from trusted proxies only). No I/O.
//
// Thread rules: pure functions and value types; any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "websocket/client_defaults.hpp"

namespace chatd::websocket {

// What one websocket listener allows, copied from its [[listen]] table at accept time.
struct Settings {
  std::vector<std::string> allowed_origins;  // empty: the page's own origin only
  std::vector<std::string> trusted_proxies;  // numeric addresses
  std::string web_root;                      // "": no static files (and no /client.json)
  ClientDefaults client;                     // what /client.json tells the web client
  std::size_t max_message = 8703;            // bytes of one received message (an IRC line)
  // Takes a per-address slot for a client a trusted proxy forwarded (max_per_ip applies to
  // the user behind the proxy, not to the proxy); null = that address is full. Unset: none.
  std::function<std::shared_ptr<const void>(const std::string& host)> admit_forwarded;
};

// The IRCv3 WebSocket subprotocols; `none` is spoken like `text`.
enum class Subprotocol { none, text, binary };

// The outcome of an upgrade request: either `accepted` with the 101 answer's bytes, or the
// refusal to send (400, 403, 405, 426).
struct Upgrade {
  bool accepted = false;
  std::string answer;  // the full 101 response when accepted
  http::Response refusal;
  Subprotocol subprotocol = Subprotocol::none;
  std::string client_host;  // the socket peer, or what a trusted proxy forwarded
};

// Whether the request asks for a WebSocket (Upgrade: websocket); anything else is plain HTTP.
bool wants_websocket(const http::Request& request) noexcept;

Upgrade accept_upgrade(const http::Request& request, const Settings& settings, std::string_view peer_host);

// RFC 6455 section 4.2.2: base64(SHA-1(key + the protocol's GUID)).
std::string accept_key(std::string_view key);

// The first subprotocol of the client's comma-separated list that chatd speaks.
Subprotocol choose_subprotocol(std::string_view offered) noexcept;

// Whether a browser page at `origin` may connect. No Origin header (`origin` null): not a
// browser, nothing to protect. With `allowed` empty, the origin's host[:port] must equal the
// Host header (the page chatd served itself); otherwise it must be one of `allowed`.
bool origin_allowed(const std::string* origin, const std::string* host,
                    const std::vector<std::string>& allowed) noexcept;

// Whether `peer` is one of `trusted` (numeric addresses, compared in canonical form).
bool trusted_proxy(std::string_view peer, const std::vector<std::string>& trusted);

// The client's address: the last X-Forwarded-For entry when `peer` is a trusted proxy and
// that entry is a numeric address, `peer` otherwise.
std::string client_host(std::string_view peer, const std::string* forwarded, const std::vector<std::string>& trusted);

}  // namespace chatd::websocket
