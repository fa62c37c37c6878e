// libFuzzer: irc::ListFilter::parse on any LIST parameter (split at commas as the handler
// does), then accepts() on a fixed channel: no crash, no over-cap mask accepted, and a
// refused parameter names an item that was in it.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "irc/list_filter.hpp"
#include "irc/names.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto items = chatd::irc::split_list(input, 50);
  std::string_view bad;
  auto filter = chatd::irc::ListFilter::parse(items, bad);
  if (!filter) {
    bool named = false;
    for (std::string_view item : items) named = named || (item.data() == bad.data() && item.size() == bad.size());
    if (!named) std::abort();
    return 0;
  }
  chatd::irc::ListedChannel channel{"#lab", 5, "topic", 1000, 2000};
  (void)filter->accepts(channel, 100000);
  for (std::string_view name : filter->exact_names()) {
    if (!chatd::irc::is_channel_name(name)) std::abort();
  }
  return 0;
}
