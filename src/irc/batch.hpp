// IRCv3 batches (the `batch` capability): the BATCH start and end lines, reference tags, and
// adding a tag to a line that is already formatted. Labeled responses (labeled_response.hpp)
// open their batch through these, and so will chathistory and netsplit batches: a batch sent
// to one client takes its reference from that client's BatchIds; one batch formatted once for
// many clients must use a reference holding a letter (a msgid does), so the two never meet.
//
// Thread rules: pure functions, any thread; a BatchIds belongs to one session (its loop).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace chatd::irc {

// Reference tags for the batches sent to one client: "1", "2", ... (digits only).
class BatchIds {
 public:
  std::string next() { return std::to_string(++last_); }

 private:
  std::uint64_t last_ = 0;
};

// ":server BATCH +ref type params...\r\n" / ":server BATCH -ref\r\n".
std::string batch_start(std::string_view server, std::string_view ref, std::string_view type,
                        std::initializer_list<std::string_view> params = {});
std::string batch_end(std::string_view server, std::string_view ref);

// `line` (one line, with or without a tag section) with `tag` ("key" or "key=escaped-value")
// placed first in its tag section. Appended to `out`.
void append_with_tag(std::string& out, std::string_view line, std::string_view tag);

// Whether `line`'s tag section holds the key `key` (with or without a value).
bool has_tag(std::string_view line, std::string_view key) noexcept;

}  // namespace chatd::irc
