// Session: one IRC client as the protocol sees it: its User, its registration progress and a
// way to answer it. It knows no socket: the connection that owns it implements send(),
// quit() and endpoint(), so handlers stay pure protocol code that tests can drive directly.
//
// Thread rules: loop-only (the loop of the connection that owns it).
#pragma once

#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "chat/user.hpp"
#include "irc/batch.hpp"
#include "irc/labeled_response.hpp"
#include "irc/numerics.hpp"
#include "irc/sasl_exchange.hpp"
#include "irc/server_context.hpp"

namespace chatd::irc {

class Session {
 public:
  Session(ServerContext& server, std::string host);
  virtual ~Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  ServerContext& server() noexcept { return server_; }
  chat::User& user() noexcept { return user_; }
  const chat::User& user() const noexcept { return user_; }
  bool registered() const noexcept { return user_.registered; }
  // The nick for numerics: "*" before NICK.
  std::string_view nick() const noexcept { return user_.nick.empty() ? std::string_view("*") : user_.nick; }

  // Queues a line for this client alone.
  virtual void send(std::string line) noexcept = 0;
  // Ends the session after the current command with this reason (QUIT, KILL, bad password).
  virtual void quit(std::string_view reason) noexcept = 0;
  // This client as a delivery target, for channel audiences and private messages.
  virtual std::shared_ptr<chat::Endpoint> endpoint() noexcept = 0;
  virtual const chat::Endpoint* endpoint_ptr() const noexcept = 0;
  // Counts `extra_lines` more commands against this client's flood control, for a command
  // whose cost grows with the server (WHO, LIST): its sender's next lines wait, nobody else's.
  virtual void charge_flood(std::size_t extra_lines) noexcept = 0;
  // This session, for an answer that comes back to its loop later (a SASL login checked on
  // the account thread); empty for sessions that cannot be found again that way.
  virtual std::weak_ptr<Session> weak_session() noexcept { return {}; }

  // Sends ":server NNN nick middle... :trailing" to this client.
  void numeric(Numeric n, std::initializer_list<std::string_view> middle = {},
               std::optional<std::string_view> trailing = std::nullopt) noexcept;

  // Sends "FAIL COMMAND CODE :text" (IRCv3 standard replies).
  void send_fail(std::string_view command, std::string_view code, std::string_view text) noexcept;

  // Parses and runs one received line. Loop-only. A command labeled by a client with
  // labeled-response and batch has its replies reshaped by the LabeledResponse on the way out.
  void handle_line(std::string_view line) noexcept;

  // Whether a labeled command is running: every line for this client (replies and lines
  // delivered through its Endpoint alike) must then pass through label_output().
  bool labeling() const noexcept { return labeled_.active(); }
  // REQUIRES: labeling(). `lines` are on their way to this client; appends what to queue now.
  void label_output(std::string_view lines, std::string& out) { labeled_.take(lines, out); }
  // See LabeledResponse::detach(): the label for an answer that arrives after the command.
  std::string detach_label() { return labeled_.detach(); }
  // Ends the labeled response, if any, sending what it held back. Called after the command,
  // and by a connection that closes during one (its ERROR line is part of the response).
  void finish_labeled_response() noexcept;
  // While one lives, lines for this client are not part of the labeled response.
  class OutsideResponse {
   public:
    explicit OutsideResponse(Session& s) noexcept : labeled_(s.labeled_), was_(labeled_.pause()) {}
    ~OutsideResponse() { labeled_.resume(was_); }
    OutsideResponse(const OutsideResponse&) = delete;
    OutsideResponse& operator=(const OutsideResponse&) = delete;

   private:
    LabeledResponse& labeled_;
    bool was_;
  };
  // References for the batches this client receives (labeled responses, later chathistory).
  BatchIds& batch_ids() noexcept { return batch_ids_; }
  // Takes the user out of the chat and tells whoever shared a channel; idempotent.
  void depart(std::string_view quit_message) noexcept;
  // After depart() the user is out of the Registry for good: work posted back to this
  // session's loop (a reclaimed nick) must not put it back.
  bool departed() const noexcept { return departed_; }
  // Registers the user if NICK, USER and CAP negotiation are all done.
  void try_register() noexcept;

  // Registration progress.
  std::string password;
  bool has_user = false;
  bool cap_negotiating = false;

  // SASL: the exchange in progress (after "AUTHENTICATE <mechanism>"). login_pending: a login
  // (SASL) or an account creation (REGISTER) is on the account thread; until its answer is
  // back, neither command starts another.
  std::optional<SaslExchange> sasl;
  bool login_pending = false;

  // Cluster (doc/CLUSTER.md): a NICK waits for the network's nick bucket; until its answer
  // is back, another NICK is refused. local_nicks_only: a line client's guest nick, unique by
  // its node's name, is claimed here alone (a line client registers in one go).
  bool nick_claim_pending = false;
  bool local_nicks_only = false;

  // Counts a NICK change of a registered user against limits.nick_changes_per_10s; false
  // when this one is over it (the caller answers 438).
  bool allow_nick_change(unsigned per_10s) noexcept { return nick_changes_.allow(per_10s); }
  // The same for SETNAME, which fans out like a nick change and shares its limit.
  bool allow_realname_change(unsigned per_10s) noexcept { return realname_changes_.allow(per_10s); }

  // Nick reservation in rename mode: when the user is renamed unless they log in first.
  std::optional<std::chrono::steady_clock::time_point> reservation_deadline;

  // Liveness, driven by the owning connection's tick.
  std::chrono::steady_clock::time_point connected_at = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> ping_sent;

 private:
  ServerContext& server_;
  chat::User user_;
  bool departed_ = false;

  // At most `per_10s` events per 10 s. A fixed window is enough here: it bounds a flood's
  // fan-out to per_10s lines per 10 s for every channel the user shares, and costs two fields.
  class ChangeWindow {
   public:
    bool allow(unsigned per_10s) noexcept;

   private:
    std::chrono::steady_clock::time_point start_;
    unsigned count_ = 0;
  };
  ChangeWindow nick_changes_;
  ChangeWindow realname_changes_;
  LabeledResponse labeled_;
  BatchIds batch_ids_;
};

}  // namespace chatd::irc
