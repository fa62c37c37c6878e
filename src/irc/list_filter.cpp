#include "irc/list_filter.hpp"

#include <charconv>

#include "irc/names.hpp"

namespace chatd::irc {

namespace {

// Counts and minutes: a plain decimal number, small enough that nothing overflows.
constexpr long kMaxNumber = 1'000'000'000;

std::optional<long> parse_number(std::string_view text) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > kMaxNumber) return std::nullopt;
  return value;
}

// "<n" or ">n" into `range`; false when malformed.
bool parse_bound(std::string_view item, auto& range) {
  auto number = parse_number(item.substr(1));
  if (!number) return false;
  (item[0] == '>' ? range.above : range.below) = *number;
  return true;
}

}  // namespace

std::optional<ListFilter> ListFilter::parse(std::span<const std::string_view> items, std::string_view& bad) {
  ListFilter filter;
  bool only_names = true;
  for (std::string_view item : items) {
    bad = item;
    const char first = item.empty() ? '\0' : item[0];
    const char second = item.size() > 1 ? item[1] : '\0';
    if (first == '>' || first == '<') {
      if (!parse_bound(item, filter.users_)) return std::nullopt;
      only_names = false;
    } else if ((first == 'C' || first == 'c' || first == 'T' || first == 't') && (second == '<' || second == '>')) {
      if (!parse_bound(item.substr(1), first == 'C' || first == 'c' ? filter.created_minutes_ : filter.topic_minutes_))
        return std::nullopt;
      only_names = false;
    } else if (first == '!') {
      auto mask = GlobMask::compile(item.substr(1));
      if (!mask || item.size() == 1) return std::nullopt;
      filter.excluded_.push_back(std::move(*mask));
      only_names = false;
    } else {
      auto mask = GlobMask::compile(item);
      if (!mask) return std::nullopt;
      only_names = only_names && mask->literal() && is_channel_name(item);
      if (mask->literal()) filter.exact_names_.push_back(item);
      filter.masks_.push_back(std::move(*mask));
    }
  }
  bad = {};
  if (!only_names) filter.exact_names_.clear();
  return filter;
}

bool ListFilter::accepts(const ListedChannel& channel, std::time_t now) const noexcept {
  if (!users_.contains(static_cast<long>(channel.users))) return false;
  if (created_minutes_.any() && !created_minutes_.contains(static_cast<long>((now - channel.created) / 60)))
    return false;
  if (topic_minutes_.any() &&
      (channel.topic_time == 0 || !topic_minutes_.contains(static_cast<long>((now - channel.topic_time) / 60))))
    return false;
  for (const auto& mask : excluded_) {
    if (mask.matches(channel.name)) return false;
  }
  if (masks_.empty()) return true;
  for (const auto& mask : masks_) {
    if (mask.matches(channel.name)) return true;
  }
  return false;
}

}  // namespace chatd::irc
