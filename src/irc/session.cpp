#include "irc/session.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <unordered_set>

#include "irc/capabilities.hpp"
#include "irc/cluster_events.hpp"
#include "irc/command_table.hpp"
#include "irc/handlers.hpp"
#include "irc/history_events.hpp"
#include "irc/line_builder.hpp"
#include "irc/message.hpp"
#include "irc/monitor_notify.hpp"
#include "irc/nick_reservation.hpp"
#include "irc/tagged_line.hpp"
#include "irc/utf8.hpp"
#include "metrics/loop_counters.hpp"

namespace chatd::irc {

namespace {
// RFC 1459: 512 bytes including CR LF.
constexpr std::size_t kMaxBodyBytes = kMaxLineBytes - 2;
// labeled-response depends on batch: a client must have both for its labels to count.
constexpr std::uint32_t kLabelCaps = kCapLabeledResponse | kCapBatch;
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
  if (!message->tags.empty() && (user_.caps & kLabelCaps) == kLabelCaps) {
    if (auto raw = find_tag(message->tags, "label")) {
      auto label = canonical_label(*raw);
      if (!label) {
        // Running it unlabeled would leave the client waiting for a reply it can recognise.
        send_fail(message->command, "INVALID_LABEL", "Labels are 1 to 64 bytes without control characters");
        return;
      }
      labeled_.begin(std::move(*label), server_.server_name, batch_ids_);
    }
  }
  dispatch(*this, *message);
  finish_labeled_response();
}

void Session::finish_labeled_response() noexcept {
  try {
    std::string out;
    labeled_.finish(out);
    if (!out.empty()) send(std::move(out));
  } catch (const std::exception&) {
    // Allocation only; the response stays unfinished, the client lives.
  }
}

void Session::send_fail(std::string_view command, std::string_view code, std::string_view text) noexcept {
  try {
    std::string upper(command.substr(0, 32));
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    send(make_line(server_.server_name, "FAIL", {upper, code}, text));
  } catch (const std::exception&) {
  }
}

bool Session::ChangeWindow::allow(unsigned per_10s) noexcept {
  auto now = std::chrono::steady_clock::now();
  if (now - start_ >= std::chrono::seconds(10)) {
    start_ = now;
    count_ = 0;
  }
  if (count_ >= per_10s) return false;
  ++count_;
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
  if (!admit_nick_at_registration(*this)) return;
  MonitorNotice online;
  {
    sys::MutexLock lock(server_.registry.mutex());
    user_.registered = true;
    user_.signon = user_.last_message = std::time(nullptr);
    server_.registry.count_registration(user_);
    cluster_user(server_, user_);
    online = monitor_online(server_.registry, server_.server_name, user_);
  }
  server_.unregistered.fetch_sub(1, std::memory_order_relaxed);
  metrics::this_loop().registrations.add();
  send_welcome(*this);
  online.send(server_.fanout);
  start_grace(*this);
}

void Session::depart(std::string_view quit_message) noexcept {
  if (departed_) return;
  departed_ = true;
  if (!user_.registered) server_.unregistered.fetch_sub(1, std::memory_order_relaxed);
  auto audience = std::make_shared<chat::Audience>();
  chat::SharedVariants line;
  MonitorNotice offline;
  HistoryEvents events(server_);
  {
    sys::MutexLock lock(server_.registry.mutex());
    server_.registry.monitors.clear(&user_);
    if (user_.registered) offline = monitor_offline(server_.registry, server_.server_name, user_.nick, user_.folded);
    if (user_.registered && !user_.channels.empty()) {
      // Everyone who shares a channel hears the QUIT once, however many channels they share.
      std::unordered_set<const chat::User*> seen{&user_};
      for (chat::Channel* channel : user_.channels) {
        events.add(*channel, user_.prefix(), "QUIT", {}, quit_message);
        for (const auto& member : channel->members()) {
          if (!seen.insert(member.user).second) continue;
          if (auto endpoint = member.user->endpoint.lock()) audience->add(std::move(endpoint));
        }
      }
      line = make_variants(make_line(user_.prefix(), "QUIT", {}, quit_message), {.account = user_.account});
    }
    if (user_.registered) {
      server_.whowas.record(user_.nick, user_, std::time(nullptr));
      cluster_quit(server_, user_.nick, quit_message);
    }
    if (server_.cluster && !user_.nick.empty()) release_cluster_nick(server_, user_.nick);
    server_.registry.leave_all(user_);
    server_.registry.count_departure(user_);
    server_.registry.release_nick(user_);
  }
  events.store();
  if (line && audience->size > 0) server_.fanout.to_audience(std::move(audience), std::move(line), nullptr);
  offline.send(server_.fanout);
}

}  // namespace chatd::irc
