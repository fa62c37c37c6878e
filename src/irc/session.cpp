#include "irc/session.hpp"

#include <spdlog/spdlog.h>

#include <unordered_set>

#include "irc/command_table.hpp"
#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/message.hpp"
#include "irc/tagged_line.hpp"
#include "irc/utf8.hpp"
#include "metrics/loop_counters.hpp"

namespace chatd::irc {

namespace {
// RFC 1459: 512 bytes including CR LF.
constexpr std::size_t kMaxBodyBytes = kMaxLineBytes - 2;
}  // namespace

Session::Session(ServerContext& server, std::string host) : server_(server) {
  user_.host = std::move(host);
  server_.unregistered.fetch_add(1, std::memory_order_relaxed);
}

void Session::numeric(Numeric n, std::initializer_list<std::string_view> middle,
                      std::optional<std::string_view> trailing) noexcept {
  send(make_numeric(server_.server_name, nick(), n, middle, trailing));
}

void Session::handle_line(std::string_view line) noexcept {
  if (line.find('\0') != std::string_view::npos) {
    // NUL cannot be relayed faithfully by any IRC client; refuse the line, keep the client.
    send(make_line(server_.server_name, "NOTICE", {nick()}, "Line dropped: it contains a NUL byte"));
    return;
  }
  // The limit applies to the bytes the client sent: measured after repair, each invalid byte
  // would count three (U+FFFD) and a legal 510-byte line could be refused.
  std::string_view body = line;
  std::size_t tag_bytes = 0;
  if (!body.empty() && body.front() == '@') {
    auto space = body.find(' ');
    tag_bytes = space == std::string_view::npos ? body.size() - 1 : space - 1;
    body = space == std::string_view::npos ? std::string_view() : body.substr(space + 1);
  }
  if (body.size() > kMaxBodyBytes || tag_bytes > kMaxClientTagBytes) {
    numeric(Numeric::ERR_INPUTTOOLONG);
    return;
  }
  std::string repaired;
  if (!is_valid_utf8(line)) {
    // chatd speaks UTF-8 only: every line it relays is valid UTF-8 for every client.
    repaired = sanitize_utf8(line);
    line = repaired;
  }
  auto message = parse_message(line);
  if (!message) return;  // RFC 1459: empty messages are silently ignored
  dispatch(*this, *message);
}

bool Session::allow_nick_change(unsigned per_10s) noexcept {
  // A fixed window is enough here: it bounds a nick flood's fan-out to per_10s lines per
  // 10 s for every channel the user shares, and costs two fields.
  auto now = std::chrono::steady_clock::now();
  if (now - nick_window_start_ >= std::chrono::seconds(10)) {
    nick_window_start_ = now;
    nick_changes_in_window_ = 0;
  }
  if (nick_changes_in_window_ >= per_10s) return false;
  ++nick_changes_in_window_;
  return true;
}

void Session::try_register() noexcept {
  if (user_.registered || user_.nick.empty() || !has_user || cap_negotiating) return;
  auto config = server_.config();
  if (!config->server.password.empty() && password != config->server.password) {
    numeric(Numeric::ERR_PASSWDMISMATCH);
    quit("Bad password");
    return;
  }
  {
    sys::MutexLock lock(server_.registry.mutex());
    user_.registered = true;
    user_.signon = user_.last_message = std::time(nullptr);
    server_.registry.count_registration(user_);
  }
  server_.unregistered.fetch_sub(1, std::memory_order_relaxed);
  metrics::this_loop().registrations.add();
  send_welcome(*this);
}

void Session::depart(std::string_view quit_message) noexcept {
  if (departed_) return;
  departed_ = true;
  if (!user_.registered) server_.unregistered.fetch_sub(1, std::memory_order_relaxed);
  auto audience = std::make_shared<chat::Audience>();
  chat::SharedVariants line;
  {
    sys::MutexLock lock(server_.registry.mutex());
    if (user_.registered && !user_.channels.empty()) {
      // Everyone who shares a channel hears the QUIT once, however many channels they share.
      std::unordered_set<const chat::User*> seen{&user_};
      for (chat::Channel* channel : user_.channels) {
        for (const auto& member : channel->members()) {
          if (!seen.insert(member.user).second) continue;
          if (auto endpoint = member.user->endpoint.lock()) audience->add(std::move(endpoint));
        }
      }
      line = make_variants(make_line(user_.prefix(), "QUIT", {}, quit_message));
    }
    server_.registry.leave_all(user_);
    server_.registry.count_departure(user_);
    server_.registry.release_nick(user_);
  }
  if (line && audience->size > 0) server_.fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

}  // namespace chatd::irc
