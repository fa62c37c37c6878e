// Exposition: writes metrics in the Prometheus text format, version 0.0.4 (one "# HELP" and
// "# TYPE" line per family, then its samples; label values and help text escaped). Collectors
// write into it; the scrape sends its text.
//
// Thread rules: a value type; one thread at a time.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "metrics/histogram.hpp"

namespace chatd::metrics {

using Label = std::pair<std::string_view, std::string_view>;
using Labels = std::initializer_list<Label>;

inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

class Exposition {
 public:
  enum class Type { counter, gauge, histogram };

  // Starts a family. Its samples follow before the next family; a name is used once per scrape
  // (the metrics unit test holds chatd's scrape to that). Counter names end in _total.
  void family(std::string_view name, Type type, std::string_view help);
  // One sample; `name` is the family's, or with a suffix (_bucket, _sum, _count).
  void sample(std::string_view name, Labels labels, std::uint64_t value);
  void sample(std::string_view name, Labels labels, double value);
  // A family with one sample and no labels.
  void counter(std::string_view name, std::string_view help, std::uint64_t value);
  void gauge(std::string_view name, std::string_view help, double value);
  // A whole histogram family (latency buckets in seconds).
  void histogram(std::string_view name, std::string_view help, const HistogramSnapshot& snapshot);

  const std::string& text() const noexcept { return text_; }
  std::string take() noexcept { return std::move(text_); }

 private:
  void sample_start(std::string_view name, Labels labels, std::string_view extra_name = {},
                    std::string_view extra_value = {});

  std::string text_;
};

// A double as Prometheus reads it: shortest round-trip decimal, "+Inf", "-Inf", "NaN".
std::string format_value(double value);

}  // namespace chatd::metrics
