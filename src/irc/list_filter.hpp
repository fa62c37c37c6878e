// ListFilter: what LIST's parameter asks for, under ELIST=CMNTU: channel masks (M) and
// !masks (N), user counts (U: ">n" more than n users, "<n" fewer), creation time (C: "C>n"
// created more than n minutes ago, "C<n" less) and topic time (T: "T>n" / "T<n", channels
// with a topic only). Parsing and matching are pure; safe from any thread.
#pragma once

#include <cstddef>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "irc/glob.hpp"

namespace chatd::irc {

// One channel as LIST sees it, copied out of the registry.
struct ListedChannel {
  std::string name;
  std::size_t users = 0;
  std::string topic;
  std::time_t created = 0;
  std::time_t topic_time = 0;  // 0: no topic
};

class ListFilter {
 public:
  // The filter for LIST's comma-separated items; nullopt when one of them is malformed (a
  // bad number, an unknown C/T form, a mask over the caps), with that item in `bad`.
  static std::optional<ListFilter> parse(std::span<const std::string_view> items, std::string_view& bad);

  // Every condition holds, the channel matches one of the masks (if any) and none of the
  // !masks.
  bool accepts(const ListedChannel& channel, std::time_t now) const noexcept;

  // When the items are nothing but channel names without wildcards: those names, which the
  // caller may look up directly instead of scanning every channel. Empty otherwise.
  const std::vector<std::string_view>& exact_names() const noexcept { return exact_names_; }

 private:
  // An open interval (above, below) on a number; nullopt ends are unbounded.
  struct Range {
    std::optional<long> above, below;
    bool contains(long value) const noexcept { return (!above || value > *above) && (!below || value < *below); }
    bool any() const noexcept { return above || below; }
  };

  std::vector<GlobMask> masks_;
  std::vector<GlobMask> excluded_;
  Range users_;
  Range created_minutes_;  // age in minutes
  Range topic_minutes_;
  std::vector<std::string_view> exact_names_;
};

}  // namespace chatd::irc
