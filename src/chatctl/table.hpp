// Plain-text output for chatctl: aligned tables and readable durations and times.
// Single-threaded; writes to stdout.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "admin/request.hpp"

namespace chatd::chatctl {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Columns padded to their widest cell (counting UTF-8 characters); the last is not padded.
  void print() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// "label: value" lines with the values aligned.
void print_fields(const std::vector<std::pair<std::string, std::string>>& fields);

// 93784 -> "1d 2h 3m 4s"; 59 -> "59s".
std::string format_duration(std::int64_t seconds);
// Unix time -> "2026-11-24 14:05:00" in local time.
std::string format_time(std::int64_t unix_time);
// A JSON value as text: strings without quotes, arrays joined with spaces.
std::string text_of(const admin::Json& value);

}  // namespace chatd::chatctl
