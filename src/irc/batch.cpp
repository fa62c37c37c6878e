#include "irc/batch.hpp"

#include <vector>

#include "irc/line_builder.hpp"

namespace chatd::irc {

std::string batch_start(std::string_view server, std::string_view ref, std::string_view type,
                        std::initializer_list<std::string_view> params) {
  std::vector<std::string_view> middle;
  middle.reserve(2 + params.size());
  std::string plus_ref = "+" + std::string(ref);
  middle.push_back(plus_ref);
  middle.push_back(type);
  middle.insert(middle.end(), params.begin(), params.end());
  std::string out;
  append_line_parts(out, server, "BATCH", {}, middle, std::nullopt);
  return out;
}

std::string batch_end(std::string_view server, std::string_view ref) {
  return make_line(server, "BATCH", {"-" + std::string(ref)});
}

void append_with_tag(std::string& out, std::string_view line, std::string_view tag) {
  out.reserve(out.size() + line.size() + tag.size() + 2);
  out += '@';
  out += tag;
  if (!line.empty() && line.front() == '@') {
    out += ';';
    out += line.substr(1);
  } else {
    out += ' ';
    out += line;
  }
}

bool has_tag(std::string_view line, std::string_view key) noexcept {
  if (line.empty() || line.front() != '@') return false;
  std::string_view section = line.substr(1, line.find(' ') - 1);
  while (!section.empty()) {
    std::size_t end = section.find(';');
    std::string_view entry = section.substr(0, end);
    if (entry.substr(0, entry.find('=')) == key) return true;
    if (end == std::string_view::npos) break;
    section.remove_prefix(end + 1);
  }
  return false;
}

}  // namespace chatd::irc
