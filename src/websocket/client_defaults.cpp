#include "websocket/client_defaults.hpp"

#include <nlohmann/json.hpp>

namespace chatd::websocket {

http::Response client_defaults_response(const http::Request& request, const ClientDefaults& defaults) {
  if (request.method != "GET" && request.method != "HEAD") {
    http::Response response = http::text_response(405);
    response.headers.push_back({"Allow", "GET, HEAD"});
    response.close = true;
    return response;
  }
  nlohmann::json body = {{"network", defaults.network}, {"accounts", defaults.accounts}};
  if (!defaults.channel.empty()) body["channel"] = defaults.channel;
  http::Response response;
  response.content_type = "application/json";
  // Names are checked by the config loader; replace keeps a stray byte from throwing anyway.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  // A reload may rename the network: the page asks again each time it is loaded.
  response.headers = {{"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"}};
  response.close = true;
  return response;
}

}  // namespace chatd::websocket
