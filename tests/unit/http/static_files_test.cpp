#include "http/static_files.hpp"

#include <doctest/doctest.h>

using namespace chatd::http;

TEST_CASE("http::percent_decode decodes once and refuses malformed escapes") {
  std::string out;
  CHECK(percent_decode("/a%20b", out));
  CHECK(out == "/a b");
  CHECK(percent_decode("/%252e", out));
  CHECK(out == "/%2e");  // once only
  CHECK_FALSE(percent_decode("/%2", out));
  CHECK_FALSE(percent_decode("/%zz", out));
}

TEST_CASE("http::mime_type by extension") {
  CHECK(mime_type("index.html") == "text/html; charset=utf-8");
  CHECK(mime_type("app.js") == "text/javascript; charset=utf-8");
  CHECK(mime_type("x.woff2") == "font/woff2");
  CHECK(mime_type("README") == "application/octet-stream");
  CHECK(mime_type(".js") == "application/octet-stream");
}

TEST_CASE("http::serve_static answers 405 and 404 without a root") {
  Request request;
  request.method = "POST";
  request.target = "/";
  CHECK(serve_static(request, "").status == 405);
  request.method = "GET";
  CHECK(serve_static(request, "").status == 404);
  request.target = "/../etc/passwd";
  CHECK(serve_static(request, "/").status == 404);
}
