// libFuzzer: labeled responses. The first input line is a client's tag section: find_tag and
// canonical_label must accept or refuse any of it, and an accepted label must be safe inside a
// tag section. The rest is reply text for a LabeledResponse: whatever it holds, the label opens
// the output, and the output has exactly the lines it should (an ACK for none, the one line, or
// all of them inside a BATCH start and end).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "irc/labeled_response.hpp"
#include "irc/message.hpp"

namespace {

std::size_t count_lines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatd::irc;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nl = in.find('\n');
  std::string_view tags = in.substr(0, nl);
  std::string_view replies = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);

  std::string label = "L";
  if (auto raw = find_tag(tags, "label")) {
    if (raw->size() > tags.size()) std::abort();
    if (auto canonical = canonical_label(*raw)) {
      if (canonical->empty() || canonical->find_first_of(std::string_view("; \r\n\0", 5)) != std::string::npos)
        std::abort();
      label = *canonical;
    }
  }

  // Every reply handed over is whole lines; an unterminated tail gets its line end.
  std::string whole(replies);
  if (!whole.empty() && whole.back() != '\n') whole += '\n';
  const std::size_t lines_in = count_lines(whole);

  BatchIds ids;
  LabeledResponse response;
  response.begin(label, "srv", ids);
  std::string out;
  // Half line by line, half in one buffer, as replies and deliveries arrive.
  std::size_t half = whole.find('\n', whole.size() / 2);
  half = half == std::string::npos ? whole.size() : half + 1;
  std::string_view first(whole.data(), half);
  while (!first.empty()) {
    std::size_t end = first.find('\n') + 1;
    response.take(first.substr(0, end), out);
    first.remove_prefix(end);
  }
  if (half < whole.size()) response.take(std::string_view(whole).substr(half), out);
  response.finish(out);
  if (response.active()) std::abort();

  const std::size_t expected = lines_in == 0 ? 1 : lines_in == 1 ? 1 : lines_in + 2;
  if (count_lines(out) != expected) std::abort();
  if (out.rfind("@label=" + label + (lines_in == 1 ? "" : " "), 0) != 0) std::abort();
  if (out.empty() || out.back() != '\n') std::abort();
  return 0;
}
