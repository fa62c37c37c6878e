#include "irc/nick_reservation.hpp"

#include <random>

#include "irc/casemap.hpp"
#include "irc/line_builder.hpp"
#include "irc/nick_change.hpp"

namespace chatd::irc {

namespace {

using Clock = std::chrono::steady_clock;

void notice(Session& s, std::string_view text) {
  s.send(make_line(s.server().server_name, "NOTICE", {s.nick()}, text));
}

// GuestNNNNN (fewer digits when the nick length limit is short), free and nobody's account.
// Random rather than counted: a counter would tell everyone how many were renamed, and two
// servers' guests would collide in order.
std::optional<std::string> pick_guest_nick(Session& s) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const std::size_t digits = std::min<std::size_t>(5, s.server().config()->limits.nick_length - 5);
  std::uniform_int_distribution<unsigned> digit(0, 9);
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::string nick = "Guest";
    for (std::size_t i = 0; i < digits; ++i) nick += static_cast<char>('0' + digit(random));
    if (s.server().accounts && s.server().accounts->directory().contains(nick)) continue;
    sys::MutexLock lock(s.server().registry.mutex());
    if (!s.server().registry.find_user(nick)) return nick;
  }
  return std::nullopt;
}

// Renames the session to a guest nick and tells it why; a session that cannot have one (every
// guest nick tried was taken) is disconnected rather than left on a nick that is not its own.
void rename_to_guest(Session& s, std::string_view why) {
  s.reservation_deadline.reset();
  const std::string old = s.user().nick;
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto guest = pick_guest_nick(s);
    if (!guest) break;
    if (change_nick(s, *guest) == NickChange::kChanged) {
      notice(s, "You are now " + *guest + ": " + std::string(why));
      return;
    }
  }
  s.quit("Nick " + old + " is reserved and no guest nick is free");
}

}  // namespace

Reservation reservation_mode(const ServerContext& server) {
  if (!server.accounts) return Reservation::kOff;
  const std::string& mode = server.config()->accounts.nick_reservation;
  if (mode == "rename") return Reservation::kRename;
  if (mode == "strict") return Reservation::kStrict;
  return Reservation::kOff;
}

std::optional<std::string> reserved_against(Session& s, std::string_view nick) {
  if (reservation_mode(s.server()) == Reservation::kOff) return std::nullopt;
  auto account = s.server().accounts->directory().find(nick);
  if (!account || equal_folded(*account, s.user().account)) return std::nullopt;
  return account;
}

bool owns_nick(Session& s, std::string_view nick) {
  return reservation_mode(s.server()) != Reservation::kOff && !s.user().account.empty() &&
         equal_folded(s.user().account, nick);
}

void start_grace(Session& s) {
  s.reservation_deadline.reset();
  if (reservation_mode(s.server()) != Reservation::kRename) return;
  auto account = reserved_against(s, s.user().nick);
  if (!account) return;
  const unsigned grace = s.server().config()->accounts.reservation_grace;
  s.reservation_deadline = Clock::now() + std::chrono::seconds(grace);
  notice(s, "The nick " + s.user().nick + " belongs to the account " + *account + ": log in to it (SASL) within " +
                std::to_string(grace) + " seconds or you will be renamed");
}

void enforce_grace(Session& s, Clock::time_point now) {
  if (!s.reservation_deadline || now < *s.reservation_deadline) return;
  s.reservation_deadline.reset();
  if (!reserved_against(s, s.user().nick)) return;  // logged in meanwhile, or reservation off
  rename_to_guest(s, "the nick " + s.user().nick + " belongs to an account you are not logged in to");
}

bool admit_nick_at_registration(Session& s) {
  if (reservation_mode(s.server()) != Reservation::kStrict || !reserved_against(s, s.user().nick)) return true;
  const std::string nick = s.user().nick;
  {
    sys::MutexLock lock(s.server().registry.mutex());
    s.server().registry.release_nick(s.user());
    s.user().nick.clear();
  }
  s.numeric(Numeric::ERR_NICKNAMEINUSE, {nick}, "Nickname is reserved by a different account");
  return false;
}

void reclaim_nick(Session& s, std::string nick) {
  std::shared_ptr<chat::Endpoint> holder;
  {
    sys::MutexLock lock(s.server().registry.mutex());
    if (chat::User* user = s.server().registry.find_user(nick)) holder = user->endpoint.lock();
  }
  std::weak_ptr<Session> weak = s.weak_session();
  const chat::Endpoint* self = s.endpoint_ptr();
  if (!holder || weak.expired() || !self) {
    s.numeric(Numeric::ERR_NICKNAMEINUSE, {nick});
    return;
  }
  const chat::Fanout* fanout = &s.server().fanout;
  const std::size_t home = self->loop_index();
  fanout->on_loop(holder->loop_index(), [fanout, holder, home, weak, nick = std::move(nick)]() mutable {
    holder->yield_nick(fold(nick));
    fanout->on_loop(home, [weak, nick = std::move(nick)] {
      auto session = weak.lock();
      if (!session || session->departed()) return;
      Session& s = *session;
      // The owner may have logged out or changed nick rules while the holder was renamed.
      if (!owns_nick(s, nick)) return;
      if (change_nick(s, nick) == NickChange::kInUse) s.numeric(Numeric::ERR_NICKNAMEINUSE, {nick});
      if (s.registered()) start_grace(s);
    });
  });
}

void yield_nick(Session& s, std::string_view folded) {
  if (s.departed() || s.user().folded != folded || owns_nick(s, s.user().nick)) return;
  rename_to_guest(s, "the owner of the account " + s.user().nick + " took the nick back");
}

}  // namespace chatd::irc
