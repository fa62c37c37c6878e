#include "irc/mode_echo.hpp"

#include "irc/line_builder.hpp"

namespace chatd::irc {

namespace {

// RFC 1459 allows 15 parameters; a MODE line spends two on the target and the mode letters.
constexpr std::size_t kMaxParamsPerLine = 13;

}  // namespace

void ModeEcho::add(bool adding, char letter, std::string param) {
  changes_.push_back({adding, letter, std::move(param)});
}

std::vector<std::string> ModeEcho::lines(std::string_view source, std::string_view target) const {
  std::vector<std::string> out;
  // ":source MODE target " and CR LF; the letters and " param"s come on top.
  const std::size_t fixed = 1 + source.size() + 6 + target.size() + 1 + 2;
  std::string letters;
  std::vector<std::string_view> params;
  std::size_t params_bytes = 0;
  char sign = 0;
  auto flush = [&] {
    if (letters.empty()) return;
    std::vector<std::string_view> middle{target, letters};
    middle.insert(middle.end(), params.begin(), params.end());
    std::string line;
    append_line_parts(line, source, "MODE", {}, middle, std::nullopt);
    out.push_back(std::move(line));
    letters.clear();
    params.clear();
    params_bytes = 0;
    sign = 0;
  };
  for (const Change& change : changes_) {
    const char wanted = change.adding ? '+' : '-';
    const std::size_t letter_bytes = wanted != sign ? 2 : 1;
    const std::size_t param_bytes = change.param.empty() ? 0 : 1 + change.param.size();
    const bool full = fixed + letters.size() + letter_bytes + params_bytes + param_bytes > kMaxLineBytes ||
                      (param_bytes > 0 && params.size() == kMaxParamsPerLine);
    if (full) flush();
    if (wanted != sign) letters += wanted;
    sign = wanted;
    letters += change.letter;
    if (!change.param.empty()) {
      params.push_back(change.param);
      params_bytes += param_bytes;
    }
  }
  flush();
  return out;
}

}  // namespace chatd::irc
