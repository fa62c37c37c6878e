#include "irc/tagged_line.hpp"

#include "irc/message.hpp"

namespace chatd::irc {

std::string server_time(std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
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

namespace {

void append_tag(std::string& section, std::string_view tag) {
  if (tag.empty()) return;
  if (!section.empty()) section += ';';
  section += tag;
}

// "@a;b line" for a non-empty section, else a copy of the line.
chat::SharedLine tagged(std::string_view section, const std::string& line) {
  if (section.empty()) return chat::make_shared_line(line);
  std::string out;
  out.reserve(section.size() + 2 + line.size());
  out += '@';
  out += section;
  out += ' ';
  out += line;
  return chat::make_shared_line(std::move(out));
}

}  // namespace

chat::SharedVariants make_variants(std::string line, const RelayTags& tags, std::chrono::system_clock::time_point now) {
  using V = chat::LineVariants;
  auto variants = std::make_shared<V>();
  const std::string time = "time=" + server_time(now);
  std::string extra;  // what message-tags recipients get beyond @time
  extra.reserve(tags.msgid.size() + tags.client_tags.size() + 16);
  if (!tags.msgid.empty()) {
    extra += "msgid=";
    extra += tags.msgid;
  }
  if (tags.bot) append_tag(extra, "bot");
  append_tag(extra, tags.client_tags);

  auto plain = chat::make_shared_line(line);
  auto timed = tagged(time, line);
  if (!tags.tags_only_clients) {
    variants->by_kind[0] = plain;
    variants->by_kind[V::kVariantTime] = timed;
  }
  if (extra.empty()) {
    variants->by_kind[V::kVariantTags] = plain;
    variants->by_kind[V::kVariantTags | V::kVariantTime] = timed;
  } else {
    variants->by_kind[V::kVariantTags] = tagged(extra, line);
    variants->by_kind[V::kVariantTags | V::kVariantTime] = tagged(time + ";" + extra, line);
  }
  if (tags.account.empty()) {
    // The common case costs four pointer copies, no formatting.
    for (std::size_t kind = 0; kind < V::kVariantAccount; ++kind)
      variants->by_kind[kind | V::kVariantAccount] = variants->by_kind[kind];
    return variants;
  }
  const std::string account = "account=" + escape_tag_value(tags.account);
  const std::string account_extra = extra.empty() ? account : account + ";" + extra;
  if (!tags.tags_only_clients) {
    variants->by_kind[V::kVariantAccount] = tagged(account, line);
    variants->by_kind[V::kVariantAccount | V::kVariantTime] = tagged(time + ";" + account, line);
  }
  variants->by_kind[V::kVariantAccount | V::kVariantTags] = tagged(account_extra, line);
  variants->by_kind[V::kVariantAccount | V::kVariantTags | V::kVariantTime] = tagged(time + ";" + account_extra, line);
  return variants;
}

}  // namespace chatd::irc
