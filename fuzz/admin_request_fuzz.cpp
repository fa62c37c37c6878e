// libFuzzer: admin::Request::parse on any line a local client might send. It either gives a
// request with a command, or throws admin::Error (which becomes an error reply); and both
// reply builders take whatever id came with it.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "admin/request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatd::admin;
  Json id;
  try {
    auto request = Request::parse(std::string_view(reinterpret_cast<const char*>(data), size), id);
    if (request.command().empty()) std::abort();
    try {
      request.allow_only({"nick", "channel", "text"});
      (void)request.optional_text("nick");
      (void)request.flag("all");
    } catch (const Error&) {
    }
    if (ok_reply(Json::object(), request.id()).back() != '\n') std::abort();
  } catch (const Error& e) {
    if (error_reply(e, id).back() != '\n') std::abort();
  }
  return 0;
}
