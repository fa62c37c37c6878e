#include "irc/sasl_exchange.hpp"

#include <array>
#include <cctype>

namespace chatd::irc {
namespace {

constexpr std::array<signed char, 256> kDecode = [] {
  std::array<signed char, 256> table{};
  for (auto& v : table) v = -1;
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  }
  return table;
}();

}  // namespace

std::optional<SaslMechanism> find_sasl_mechanism(std::string_view name) noexcept {
  auto same = [name](std::string_view upper) {
    if (name.size() != upper.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(name[i])) != upper[i]) return false;
    }
    return true;
  };
  if (same("PLAIN")) return SaslMechanism::kPlain;
  if (same("EXTERNAL")) return SaslMechanism::kExternal;
  return std::nullopt;
}

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int pad = 0;
    std::uint32_t bits = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=' && last && j >= 2) {
        ++pad;
        bits <<= 6;
        continue;
      }
      const int v = kDecode[static_cast<unsigned char>(c)];
      if (v < 0 || pad > 0) return std::nullopt;  // a digit after '=' is not base64
      bits = (bits << 6) | static_cast<std::uint32_t>(v);
    }
    out += static_cast<char>((bits >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((bits >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(bits & 0xff);
  }
  return out;
}

std::optional<PlainCredentials> parse_plain(std::string_view message) {
  const auto first = message.find('\0');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = message.find('\0', first + 1);
  if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  PlainCredentials out{std::string(message.substr(0, first)),
                       std::string(message.substr(first + 1, second - first - 1)),
                       std::string(message.substr(second + 1))};
  if (out.authcid.empty() || out.password.empty()) return std::nullopt;
  return out;
}

SaslExchange::Step SaslExchange::feed(std::string_view chunk) {
  if (chunk == "*") return Step::kAborted;
  if (chunk.size() > kSaslChunk) return Step::kTooLong;
  if (chunk != "+") {
    encoded_.append(chunk);
    if (encoded_.size() > kMaxSaslEncoded) return Step::kTooLong;
    if (chunk.size() == kSaslChunk) return Step::kMore;
  }
  auto decoded = decode_base64(encoded_);
  if (!decoded) return Step::kInvalid;
  message_ = std::move(*decoded);
  return Step::kDone;
}

}  // namespace chatd::irc
