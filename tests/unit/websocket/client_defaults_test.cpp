#include "websocket/client_defaults.hpp"

#include <doctest/doctest.h>

using namespace chatd::websocket;

namespace {
chatd::http::Request request(const char* method) {
  chatd::http::Request r;
  r.method = method;
  r.target = "/client.json";
  return r;
}
}  // namespace

TEST_CASE("websocket::client_defaults_response says whether the server has accounts") {
  // The page shows its Account and Password fields only when "accounts" is true.
  const auto with = client_defaults_response(request("GET"), {"#lab", "Lab", true});
  CHECK(with.status == 200);
  CHECK(with.content_type == "application/json");
  CHECK(with.body == "{\"accounts\":true,\"channel\":\"#lab\",\"network\":\"Lab\"}\n");
  const auto without = client_defaults_response(request("HEAD"), {"", "Lab", false});
  CHECK(without.body == "{\"accounts\":false,\"network\":\"Lab\"}\n");
  CHECK(client_defaults_response(request("POST"), {"#lab", "Lab", true}).status == 405);
}
