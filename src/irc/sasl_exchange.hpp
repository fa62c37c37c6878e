// SaslExchange: the framing of one AUTHENTICATE conversation (IRCv3 sasl-3.1): the client
// sends the mechanism's message base64-encoded in chunks of 400 bytes, a chunk shorter than
// 400 (or "+" after a full one) ends it, "*" aborts. Also the decoding of what PLAIN carries.
// Pure code; loop-only state (a Session holds one while a login is in progress).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chatd::irc {

enum class SaslMechanism { kPlain, kExternal };

inline constexpr std::string_view kSaslMechanisms = "PLAIN,EXTERNAL";  // RPL_SASLMECHS, CAP LS 302
inline constexpr std::size_t kSaslChunk = 400;
// Encoded bytes one exchange may carry: PLAIN's largest message (two 30-byte names, a 256-byte
// password, two NULs) is 424 bytes encoded; more is ERR_SASLTOOLONG.
inline constexpr std::size_t kMaxSaslEncoded = 1200;

// PLAIN or EXTERNAL, in any case; nullopt for anything else.
std::optional<SaslMechanism> find_sasl_mechanism(std::string_view name) noexcept;

// Strict RFC 4648 base64 (padding required, no whitespace); nullopt when `text` is not that.
std::optional<std::string> decode_base64(std::string_view text);

// "authzid NUL authcid NUL password" (RFC 4616). nullopt unless there are exactly two NULs and
// authcid and password are not empty.
struct PlainCredentials {
  std::string authzid;  // empty: the same as authcid
  std::string authcid;
  std::string password;
};
std::optional<PlainCredentials> parse_plain(std::string_view message);

class SaslExchange {
 public:
  enum class Step {
    kMore,     // a full 400-byte chunk: more follows
    kDone,     // message() holds the decoded message
    kAborted,  // "*": ERR_SASLABORTED
    kTooLong,  // a chunk over 400 bytes or the whole over kMaxSaslEncoded: ERR_SASLTOOLONG
    kInvalid,  // not base64: ERR_SASLFAIL
  };

  explicit SaslExchange(SaslMechanism mechanism) noexcept : mechanism_(mechanism) {}
  SaslMechanism mechanism() const noexcept { return mechanism_; }
  // One AUTHENTICATE parameter after the mechanism was chosen.
  Step feed(std::string_view chunk);
  const std::string& message() const noexcept { return message_; }

 private:
  SaslMechanism mechanism_;
  std::string encoded_;
  std::string message_;
};

}  // namespace chatd::irc
