#include "sys/error.hpp"

#include <cerrno>
#include <cstring>

namespace chatd::sys {

void throw_errno(std::string_view what) { throw_error(errno, what); }

void throw_error(int err, std::string_view what) {
  throw std::system_error(err, std::generic_category(), std::string(what));
}

std::string errno_text(int err, std::string_view what) {
  std::string text(what);
  text += ": ";
  text += std::strerror(err);
  return text;
}

}  // namespace chatd::sys
