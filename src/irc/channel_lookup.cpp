#include "irc/channel_lookup.hpp"

namespace chatd::irc {

chat::Channel* channel_of_member(Session& s, std::string_view name) {
  chat::Channel* channel = s.server().registry.find_channel(name);
  if (!channel) {
    s.numeric(Numeric::ERR_NOSUCHCHANNEL, {name});
    return nullptr;
  }
  if (!channel->has(&s.user()) && !s.user().oper) {
    s.numeric(Numeric::ERR_NOTONCHANNEL, {channel->name()});
    return nullptr;
  }
  return channel;
}

}  // namespace chatd::irc
