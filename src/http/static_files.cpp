#include "http/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <utility>
#include <vector>

#include "sys/unique_fd.hpp"

namespace chatd::http {
namespace {

Response closing(Response response) {
  response.close = true;
  return response;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The path's components, or false for one that may not be served.
bool split_path(std::string_view path, std::vector<std::string_view>& parts, bool& bad_request) {
  if (path.empty() || path.front() != '/') {
    bad_request = true;
    return false;
  }
  path.remove_prefix(1);
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (part.empty() && slash != std::string_view::npos) return false;  // "//"
    // Hidden names (".git", ".htpasswd") and "." / ".." never name a served file.
    if (!part.empty() && part.front() == '.') return false;
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return true;
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[64];
  std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return out;
}

std::string etag_of(const struct stat& st) {
  char out[64];
  std::snprintf(out, sizeof out, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ull +
                    static_cast<unsigned long long>(st.st_mtim.tv_nsec));
  return out;
}

bool etag_matches(const std::string* if_none_match, const std::string& etag) {
  if (!if_none_match) return false;
  if (*if_none_match == "*") return true;
  // A weak comparison (W/ prefixes ignored) is what If-None-Match uses.
  std::string_view list = *if_none_match;
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view tag = list.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// Opens `parts` below `root` without following any symlink; a directory leads to its index.html.
sys::UniqueFd open_below(const std::string& root, const std::vector<std::string_view>& parts, struct stat& st,
                         std::string& name) {
  sys::UniqueFd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return {};
  std::vector<std::string_view> walk = parts;
  for (std::size_t i = 0;; ++i) {
    if (i == walk.size()) walk.push_back("index.html");
    const std::string part(walk[i]);
    sys::UniqueFd next(::openat(dir.get(), part.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!next || ::fstat(next.get(), &st) != 0) return {};
    if (S_ISDIR(st.st_mode)) {
      if (i + 1 == walk.size() && walk.size() > parts.size()) return {};  // index.html is a directory
      dir = std::move(next);
      continue;
    }
    if (!S_ISREG(st.st_mode) || i + 1 != walk.size()) return {};
    name = part;
    return next;
  }
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = hex_value(in[i + 1]);
    const int lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

std::string_view mime_type(std::string_view name) noexcept {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".wasm", "application/wasm"},
      {".map", "application/json"},
  }};
  for (const auto& [extension, type] : kTypes) {
    if (name.size() > extension.size() && name.ends_with(extension)) return type;
  }
  return "application/octet-stream";
}

Response serve_static(const Request& request, const std::string& root) {
  if (request.method != "GET" && request.method != "HEAD") {
    Response response = closing(text_response(405));
    response.headers.push_back({"Allow", "GET, HEAD"});
    return response;
  }
  std::string path;
  if (!percent_decode(request.path(), path) || path.find('\0') != std::string::npos) {
    return closing(text_response(400, "malformed path"));
  }
  std::vector<std::string_view> parts;
  bool bad_request = false;
  if (!split_path(path, parts, bad_request)) return closing(text_response(bad_request ? 400 : 404));
  if (root.empty()) return closing(text_response(404));
  struct stat st {};
  std::string name;
  sys::UniqueFd file = open_below(root, parts, st, name);
  if (!file) return closing(text_response(404));
  if (static_cast<std::size_t>(st.st_size) > kMaxStaticFileBytes) return closing(text_response(500, "file too large"));

  Response response;
  response.close = true;
  response.content_type = std::string(mime_type(name));
  const std::string etag = etag_of(st);
  const std::string modified = http_date(st.st_mtim.tv_sec);
  response.headers = {{"Cache-Control", "no-cache"},
                      {"ETag", etag},
                      {"Last-Modified", modified},
                      {"X-Content-Type-Options", "nosniff"}};
  const std::string* if_none_match = request.header("If-None-Match");
  const std::string* if_modified_since = request.header("If-Modified-Since");
  if (etag_matches(if_none_match, etag) || (!if_none_match && if_modified_since && *if_modified_since == modified)) {
    response.status = 304;
    return response;
  }
  response.body.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < response.body.size()) {
    const ssize_t n = ::read(file.get(), response.body.data() + done, response.body.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return closing(text_response(500, "read error"));
    done += static_cast<std::size_t>(n);
  }
  return response;
}

}  // namespace chatd::http
