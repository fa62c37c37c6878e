#include "irc/tagged_line.hpp"

#include <chrono>

#include "irc/message.hpp"

namespace chatd::irc {

std::string server_time_now() {
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t seconds = system_clock::to_time_t(now);
  auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(millis));
  return buf;
}

std::string client_only_tags(std::string_view raw_tags) {
  std::string out;
  for (const Tag& tag : split_tags(raw_tags)) {
    if (tag.key.size() < 2 || tag.key.front() != '+') continue;
    if (!out.empty()) out += ';';
    out += tag.key;
    // Unescape then escape so that whatever the sender wrote, recipients get canonical escapes.
    std::string value = unescape_tag_value(tag.raw_value);
    if (!value.empty()) out += "=" + escape_tag_value(value);
  }
  return out;
}

chat::SharedVariants make_variants(std::string line, std::string_view client_tags, bool tags_only_clients) {
  using V = chat::LineVariants;
  auto variants = std::make_shared<V>();
  std::string time = "time=" + server_time_now();
  auto plain = chat::make_shared_line(line);
  auto timed = chat::make_shared_line("@" + time + " " + line);
  if (!tags_only_clients) {
    variants->by_kind[0] = plain;
    variants->by_kind[V::kVariantTime] = timed;
  }
  if (client_tags.empty()) {
    variants->by_kind[V::kVariantTags] = plain;
    variants->by_kind[V::kVariantTags | V::kVariantTime] = timed;
  } else {
    std::string tags(client_tags);
    variants->by_kind[V::kVariantTags] = chat::make_shared_line("@" + tags + " " + line);
    variants->by_kind[V::kVariantTags | V::kVariantTime] = chat::make_shared_line("@" + time + ";" + tags + " " + line);
  }
  return variants;
}

}  // namespace chatd::irc
