#include "irc/msgid.hpp"

#include <sys/random.h>

#include <random>

namespace chatd::irc {

namespace {

constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";  // Crockford, ASCII order

// Writes the low 5*n bits of `value` as n base32 digits, most significant first.
void put_base32(char* out, std::uint64_t value, int n) noexcept {
  for (int i = n - 1; i >= 0; --i) {
    out[i] = kAlphabet[value & 31];
    value >>= 5;
  }
}

std::uint64_t random_bits() {
  std::uint64_t bits = 0;
  if (::getrandom(&bits, sizeof bits, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof bits)) {
    // Only very early boot has no entropy pool yet; random_device still differs per run.
    std::random_device device;
    bits = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }
  return bits;
}

}  // namespace

MessageIds::MessageIds() : process_(random_bits()) {}

MessageId MessageIds::next(std::chrono::system_clock::time_point now) noexcept {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::uint32_t count = counter_.fetch_add(1, std::memory_order_relaxed);
  MessageId id;
  put_base32(id.chars.data(), ms < 0 ? 0 : static_cast<std::uint64_t>(ms), 10);
  put_base32(id.chars.data() + 10, process_, 8);
  put_base32(id.chars.data() + 18, count, 6);
  return id;
}

}  // namespace chatd::irc
