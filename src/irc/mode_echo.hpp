// ModeEcho: the MODE changes that took effect, as the channel hears them. However many there
// are, they go out as one or more complete MODE lines, each within the 512-byte line limit
// and the 15-parameter message limit, so nobody ever sees a change cut off (issue 13: a long
// "+i-i..." used to push a "+ok" past the end of a truncated echo). Pure; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chatd::irc {

class ModeEcho {
 public:
  // Appends one applied change; `param` is empty for modes without one.
  void add(bool adding, char letter, std::string param = {});
  bool empty() const noexcept { return changes_.empty(); }

  // ":source MODE target +ab-c p1 p2\r\n" lines that together carry every change in order.
  std::vector<std::string> lines(std::string_view source, std::string_view target) const;

 private:
  struct Change {
    bool adding;
    char letter;
    std::string param;
  };
  std::vector<Change> changes_;
};

}  // namespace chatd::irc
