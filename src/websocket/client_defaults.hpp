// The web client's defaults, served as GET /client.json on a websocket listener: the channel
// its connect form suggests (the listener's `channel`), the network's name and whether the
// server has accounts (the form hides its Account and Password fields when it has none), so
// the page the package installs suits every server without being edited.
//
// Thread rules: a pure function; any thread.
#pragma once

#include <string>

#include "http/request.hpp"
#include "http/response.hpp"

namespace chatd::websocket {

inline constexpr std::string_view kClientDefaultsPath = "/client.json";

struct ClientDefaults {
  std::string channel;  // "" = the page's own default
  std::string network;
  bool accounts = false;  // [accounts] enabled: SASL logins are possible
};

// 200 with the JSON object {"channel": ..., "network": ..., "accounts": ...} for GET and HEAD;
// 405 otherwise.
http::Response client_defaults_response(const http::Request& request, const ClientDefaults& defaults);

}  // namespace chatd::websocket
