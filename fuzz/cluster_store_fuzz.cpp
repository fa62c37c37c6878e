// libFuzzer: the two parsers of what the network's store delivers (doc/CLUSTER.md): a history
// record from the history stream and an account from the account bucket, on any bytes (another
// node's, or a foreign client's). Neither throws; each gives a value or a reason; an accepted
// value survives encode/decode unchanged, and no history text holds CR, LF or NUL.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cluster/account_codec.hpp"
#include "cluster/history_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatd::cluster;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  DecodedRecord h = decode_history(input);
  if (h.shared) {
    const auto& r = h.shared->record;
    for (const std::string* s : {&r.target, &r.sender, &r.text, &r.client_tags, &r.params, &r.msgid})
      if (s->find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) std::abort();
    DecodedRecord again = decode_history(encode_history(*h.shared));
    if (!again.shared || !(*again.shared == *h.shared)) std::abort();
  } else if (h.error.empty()) {
    std::abort();
  }
  DecodedAccount a = decode_account(input);
  if (a.row) {
    DecodedAccount again = decode_account(encode_account(*a.row));
    if (!again.row || again.row->key != a.row->key || again.row->password_hash != a.row->password_hash ||
        again.row->certfps != a.row->certfps || again.row->created_ms != a.row->created_ms)
      std::abort();
  } else if (a.error.empty()) {
    std::abort();
  }
  return 0;
}
