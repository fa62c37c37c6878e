#include "metrics/exposition.hpp"

#include <charconv>
#include <cmath>

namespace chatd::metrics {

namespace {

std::string_view type_name(Exposition::Type type) {
  switch (type) {
    case Exposition::Type::counter:
      return "counter";
    case Exposition::Type::gauge:
      return "gauge";
    case Exposition::Type::histogram:
      return "histogram";
  }
  return "untyped";
}

// HELP text escapes backslash and newline; label values also escape the double quote.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_number(std::string& out, std::uint64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

}  // namespace

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  // Fixed notation: "0.00025" rather than "2.5e-04", so `le` labels read as people write them.
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (result.ec != std::errc{}) result = std::to_chars(buffer, buffer + sizeof buffer, value);  // 1e300
  return std::string(buffer, result.ptr);
}

void Exposition::family(std::string_view name, Type type, std::string_view help) {
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  append_escaped(text_, help, false);
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += type_name(type);
  text_ += '\n';
}

void Exposition::sample_start(std::string_view name, Labels labels, std::string_view extra_name,
                              std::string_view extra_value) {
  text_ += name;
  if (labels.size() == 0 && extra_name.empty()) {
    text_ += ' ';
    return;
  }
  char separator = '{';
  auto label = [&](std::string_view key, std::string_view value) {
    text_ += separator;
    text_ += key;
    text_ += "=\"";
    append_escaped(text_, value, true);
    text_ += '"';
    separator = ',';
  };
  for (const auto& [key, value] : labels) label(key, value);
  if (!extra_name.empty()) label(extra_name, extra_value);
  text_ += "} ";
}

void Exposition::sample(std::string_view name, Labels labels, std::uint64_t value) {
  sample_start(name, labels);
  append_number(text_, value);
  text_ += '\n';
}

void Exposition::sample(std::string_view name, Labels labels, double value) {
  sample_start(name, labels);
  text_ += format_value(value);
  text_ += '\n';
}

void Exposition::counter(std::string_view name, std::string_view help, std::uint64_t value) {
  family(name, Type::counter, help);
  sample(name, {}, value);
}

void Exposition::gauge(std::string_view name, std::string_view help, double value) {
  family(name, Type::gauge, help);
  sample(name, {}, value);
}

void Exposition::histogram(std::string_view name, std::string_view help, const HistogramSnapshot& snapshot) {
  family(name, Type::histogram, help);
  const std::string base(name);
  for (std::size_t i = 0; i < snapshot.cumulative.size(); ++i) {
    const std::string le = i < kLatencyBounds.size() ? format_value(kLatencyBounds[i]) : "+Inf";
    sample_start(base + "_bucket", {}, "le", le);
    append_number(text_, snapshot.cumulative[i]);
    text_ += '\n';
  }
  sample(base + "_sum", {}, snapshot.sum_seconds);
  sample(base + "_count", {}, snapshot.count);
}

}  // namespace chatd::metrics
