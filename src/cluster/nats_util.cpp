#include "cluster/nats_util.hpp"

#include "irc/casemap.hpp"

namespace chatd::cluster {

std::string hex_key(std::string_view kind, std::string_view raw) {
  static const char* digits = "0123456789abcdef";
  std::string key(kind);
  for (unsigned char c : raw) {
    key += digits[c >> 4];
    key += digits[c & 15];
  }
  return key;
}

std::string name_key(std::string_view kind, std::string_view name) { return hex_key(kind, irc::fold(name)); }

std::string status_text(natsStatus s) {
  const char* last = nats_GetLastError(nullptr);
  return std::string(natsStatus_GetText(s)) + (last && *last ? std::string(" (") + last + ")" : "");
}

bool is_unavailable(natsStatus s) {
  return s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS || s == NATS_CONNECTION_CLOSED || s == NATS_NOT_YET_CONNECTED ||
         s == NATS_CONNECTION_DISCONNECTED || s == NATS_IO_ERROR || s == NATS_ILLEGAL_STATE;
}

}  // namespace chatd::cluster
