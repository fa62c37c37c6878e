#include "chatctl/table.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace chatd::chatctl {

namespace {

// Terminal columns a cell takes: UTF-8 continuation bytes take none.
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void print_row(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) line += std::string(widths[i] - width(cells[i]) + 2, ' ');
  }
  std::printf("%s\n", line.c_str());
}

}  // namespace

void Table::print() const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t i = 0; i < headers_.size(); ++i) widths[i] = width(headers_[i]);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  }
  print_row(headers_, widths);
  for (const auto& row : rows_) print_row(row, widths);
}

void print_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::size_t label_width = 0;
  for (const auto& [label, value] : fields) label_width = std::max(label_width, label.size());
  for (const auto& [label, value] : fields) {
    std::printf("%s:%s %s\n", label.c_str(), std::string(label_width - label.size(), ' ').c_str(), value.c_str());
  }
}

std::string format_duration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  const std::int64_t units[] = {86400, 3600, 60, 1};
  const char* names[] = {"d", "h", "m", "s"};
  std::string text;
  for (int i = 0; i < 4; ++i) {
    std::int64_t n = seconds / units[i];
    seconds %= units[i];
    if (n > 0 || (i == 3 && text.empty())) text += (text.empty() ? "" : " ") + std::to_string(n) + names[i];
  }
  return text;
}

std::string format_time(std::int64_t unix_time) {
  std::time_t t = static_cast<std::time_t>(unix_time);
  std::tm local{};
  localtime_r(&t, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
  return buffer;
}

std::string text_of(const admin::Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) joined += (joined.empty() ? "" : " ") + text_of(item);
    return joined;
  }
  if (value.is_null()) return "";
  return value.dump();
}

}  // namespace chatd::chatctl
