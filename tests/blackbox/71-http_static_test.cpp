// The web client's files on a websocket listener: GET and HEAD from web_root with MIME types
// and revalidation (ETag, Last-Modified, 304), 404/405/400, no directory listing, no way out
// of web_root ("..", %2e, symlinks, NUL, hidden names), and the bounds on a request's head
// (size, header count, idle time).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/account_admin.hpp"
#include "support/chatd_fixture.hpp"
#include "support/http_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

namespace {

using namespace chatd::test;

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// A web root beside a secret it must never serve, with the traps a traversal would use.
struct WebRoot {
  TempDir dir;
  std::string root = dir.path() + "/web";
  WebRoot() {
    REQUIRE(::mkdir(root.c_str(), 0755) == 0);
    REQUIRE(::mkdir((root + "/img").c_str(), 0755) == 0);
    REQUIRE(::mkdir((root + "/docs").c_str(), 0755) == 0);
    write_file(root + "/index.html", "<!doctype html><title>chatd</title>\n");
    write_file(root + "/app.js", "console.log('hi');\n");
    write_file(root + "/style.css", "body { margin: 0 }\n");
    write_file(root + "/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    write_file(root + "/docs/index.html", "docs\n");
    write_file(root + "/.htpasswd", "hidden\n");
    write_file(dir.path() + "/secret.txt", "secret\n");
    REQUIRE(::symlink((dir.path() + "/secret.txt").c_str(), (root + "/link.txt").c_str()) == 0);
    REQUIRE(::symlink(dir.path().c_str(), (root + "/up").c_str()) == 0);
  }
};

ChatdConfig serving(const std::string& root, std::string limits = "") {
  ChatdConfig config;
  config.limits = std::move(limits);
  config.listeners.push_back({.protocol = "websocket", .keys = "web_root = \"" + root + "\"\n"});
  return config;
}

HttpResponse get(std::uint16_t port, const std::string& path, const std::string& headers = "") {
  return http_exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
}

}  // namespace

TEST_CASE("web: GET and HEAD serve web_root's files with their MIME types") {
  WebRoot web;
  Chatd chatd(serving(web.root));
  const auto port = chatd.config.listeners.at(0).port;
  auto index = get(port, "/");
  CHECK(index.status == 200);
  CHECK(index.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(index.body == "<!doctype html><title>chatd</title>\n");
  CHECK(index.header("Cache-Control") == "no-cache");
  CHECK_FALSE(index.header("ETag").empty());
  CHECK_FALSE(index.header("Last-Modified").empty());
  CHECK(get(port, "/app.js").header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(get(port, "/style.css").header("Content-Type") == "text/css; charset=utf-8");
  CHECK(get(port, "/img/logo.svg").header("Content-Type") == "image/svg+xml");
  CHECK(get(port, "/docs/").body == "docs\n");
  CHECK(get(port, "/app.js?v=2").status == 200);

  auto head = http_exchange(port, "HEAD /app.js HTTP/1.1\r\nHost: x\r\n\r\n", /*head_only=*/true);
  CHECK(head.status == 200);
  CHECK(head.header("Content-Length") == "19");
  IrcClient raw(port);
  raw.send_raw("HEAD /app.js HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto lines = raw.read_until_closed();
  CHECK(lines.back().empty());  // the head's blank line is the last thing sent
}

TEST_CASE("web: ETag and Last-Modified revalidate to 304") {
  WebRoot web;
  Chatd chatd(serving(web.root));
  const auto port = chatd.config.listeners.at(0).port;
  const auto first = get(port, "/app.js");
  REQUIRE(first.status == 200);
  CHECK(get(port, "/app.js", "If-None-Match: " + first.header("ETag") + "\r\n").status == 304);
  CHECK(get(port, "/app.js", "If-None-Match: \"other\"\r\n").status == 200);
  CHECK(get(port, "/app.js", "If-Modified-Since: " + first.header("Last-Modified") + "\r\n").status == 304);
}

TEST_CASE("web: 404 for unknown paths and directories without index, 405 for other methods, 400 for bad paths") {
  WebRoot web;
  Chatd chatd(serving(web.root));
  const auto port = chatd.config.listeners.at(0).port;
  CHECK(get(port, "/missing.html").status == 404);
  CHECK(get(port, "/img/").status == 404);  // no listing
  CHECK(get(port, "/img").status == 404);
  auto post = http_exchange(port, "POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  CHECK(post.status == 405);
  CHECK(post.header("Allow") == "GET, HEAD");
  CHECK(http_exchange(port, "DELETE / HTTP/1.1\r\nHost: x\r\n\r\n").status == 405);
  CHECK(get(port, "/%zz").status == 400);
  CHECK(http_exchange(port, "GARBAGE\r\n\r\n").status == 400);
}

TEST_CASE("web: no path leaves web_root") {
  WebRoot web;
  Chatd chatd(serving(web.root));
  const auto port = chatd.config.listeners.at(0).port;
  for (const char* path : {"/../secret.txt", "/img/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                           "/img/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/link.txt", "/up/secret.txt",
                           "/.htpasswd", "/index.html%00.txt", "//etc/passwd", "/%2fetc/passwd"}) {
    CAPTURE(path);
    const auto response = get(port, path);
    CHECK(response.status >= 400);
    CHECK(response.body.find("secret") == std::string::npos);
    CHECK(response.body.find("hidden") == std::string::npos);
  }
}

TEST_CASE("web: no web_root serves nothing, but WebSocket still works") {
  ChatdConfig config;
  config.listeners.push_back({.protocol = "websocket"});
  Chatd chatd(config);
  CHECK(get(chatd.config.listeners.at(0).port, "/").status == 404);
}

TEST_CASE("web: a request's head is bounded in size, header count and idle time") {
  WebRoot web;
  Chatd chatd(serving(web.root, "registration_timeout = 1\n"));
  const auto port = chatd.config.listeners.at(0).port;
  CHECK(get(port, "/", "X-Big: " + std::string(10000, 'a') + "\r\n").status == 431);
  std::string many;
  for (int i = 0; i < 100; ++i) many += "X-H" + std::to_string(i) + ": 1\r\n";
  CHECK(get(port, "/", many).status == 431);
  // Slow headers: a client that never finishes its request is answered 408 and closed.
  IrcClient slow(port);
  slow.send_raw("GET / HTTP/1.1\r\nHost: x\r\n");
  const auto lines = slow.read_until_closed(10000);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.front() == "HTTP/1.1 408 Request Timeout");
}

TEST_CASE("web: the web client in web/ is served, with the labels its users and tests rely on") {
  // Tests run from the top of the tree, like the docs tests.
  Chatd chatd(serving(std::filesystem::absolute("web").string()));
  const auto port = chatd.config.listeners.at(0).port;
  const auto index = get(port, "/");
  REQUIRE(index.status == 200);
  for (const char* label : {">Nickname</label>", ">Channel</label>", ">Connect</button>", "aria-label=\"Message\"",
                            ">Send</button>", "src=\"app.js\"", "href=\"style.css\""}) {
    CAPTURE(label);
    CHECK(index.body.find(label) != std::string::npos);
  }
  // No CDN: the page loads nothing from elsewhere.
  CHECK(index.body.find("http") == std::string::npos);
  const auto script = get(port, "/app.js");
  CHECK(script.status == 200);
  CHECK(script.header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(script.body.find("text.ircv3.net") != std::string::npos);
  CHECK(script.body.find("innerHTML") == std::string::npos);  // text is never parsed as HTML
  CHECK(get(port, "/style.css").header("Content-Type") == "text/css; charset=utf-8");
}

TEST_CASE("web: /client.json gives the web client the listener's channel and the network's name") {
  WebRoot web;
  ChatdConfig config;
  config.server = "network = \"Lab\\\"net\"\n";
  config.listeners.push_back(
      {.protocol = "websocket", .keys = "channel = \"#lab\"\nweb_root = \"" + web.root + "\"\n"});
  // Without a channel the page keeps its own default; without web_root there is no page.
  config.listeners.push_back({.protocol = "websocket", .keys = "web_root = \"" + web.root + "\"\n"});
  config.listeners.push_back({.protocol = "websocket"});
  Chatd chatd(config);
  const auto answer = get(chatd.config.listeners.at(0).port, "/client.json");
  CHECK(answer.status == 200);
  CHECK(answer.header("Content-Type") == "application/json");
  CHECK(answer.header("Cache-Control") == "no-store");
  CHECK(answer.body == "{\"accounts\":false,\"channel\":\"#lab\",\"network\":\"Lab\\\"net\"}\n");
  CHECK(get(chatd.config.listeners.at(1).port, "/client.json").body ==
        "{\"accounts\":false,\"network\":\"Lab\\\"net\"}\n");
  CHECK(get(chatd.config.listeners.at(2).port, "/client.json").status == 404);
  const auto post = http_exchange(chatd.config.listeners.at(0).port,
                                  "POST /client.json HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  CHECK(post.status == 405);
}

TEST_CASE("web: /client.json says whether accounts are enabled (the page's Account and Password)") {
  WebRoot web;
  AccountAdmin admin;
  ChatdConfig config{.extra = admin.config_extra()};
  config.listeners.push_back({.protocol = "websocket", .keys = "web_root = \"" + web.root + "\"\n"});
  Chatd chatd(config);
  CHECK(get(chatd.config.listeners.at(0).port, "/client.json").body == "{\"accounts\":true,\"network\":\"chatd\"}\n");
}
