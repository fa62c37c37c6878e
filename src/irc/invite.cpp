// INVITE: a member asks someone into a channel; the invitation lets them past +i (and +l)
// once, within kInvitationSeconds. Channel operators with invite-notify hear about it.
#include <algorithm>

#include "irc/capabilities.hpp"
#include "irc/channel_lookup.hpp"
#include "irc/cluster_events.hpp"
#include "irc/handlers.hpp"
#include "irc/invitation.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::irc {

void remember_invitation(chat::User& invitee, const chat::Channel& channel) {
  auto& list = invitee.invitations;
  std::time_t now = std::time(nullptr);
  std::erase_if(list,
                [&](const chat::User::Invitation& i) { return i.expires <= now || i.channel == channel.folded(); });
  // Bounded so that a flood of INVITEs cannot grow a user without limit.
  if (list.size() >= kMaxInvitations) list.erase(list.begin());
  list.push_back({channel.folded(), now + kInvitationSeconds});
}

void handle_invite(Session& s, const Message& m) {
  auto& registry = s.server().registry;
  std::string_view nick = m.arg(0);
  std::string_view name = m.arg(1);
  std::shared_ptr<chat::Endpoint> invitee_endpoint;
  auto notify = std::make_shared<chat::Audience>();
  chat::SharedVariants line;
  std::string invitee_nick;
  {
    sys::MutexLock lock(registry.mutex());
    chat::User& me = s.user();
    chat::User* invitee = registry.find_user(nick);
    if (!invitee || !invitee->registered) {
      s.numeric(Numeric::ERR_NOSUCHNICK, {nick});
      return;
    }
    chat::Channel* channel = channel_of_member(s, name);
    if (!channel) return;
    if (channel->has(invitee)) {
      s.numeric(Numeric::ERR_USERONCHANNEL, {invitee->nick, channel->name()});
      return;
    }
    if (channel->invite_only && !channel->is_operator(&me)) {
      s.numeric(Numeric::ERR_CHANOPRIVSNEEDED, {channel->name()});
      return;
    }
    remember_invitation(*invitee, *channel);
    cluster_invite(s.server(), me, *invitee, *channel);
    invitee_nick = invitee->nick;
    invitee_endpoint = invitee->endpoint.lock();
    line = make_variants(make_line(me.prefix(), "INVITE", {invitee->nick, channel->name()}), {.account = me.account});
    for (const auto& member : channel->members()) {
      if (!member.op || member.user == &me || !(member.user->caps & kCapInviteNotify)) continue;
      if (auto endpoint = member.user->endpoint.lock()) notify->add(std::move(endpoint));
    }
    s.numeric(Numeric::RPL_INVITING, {invitee_nick, channel->name()});
  }
  if (invitee_endpoint) s.server().fanout.to_endpoint(std::move(invitee_endpoint), line);
  if (notify->size > 0) s.server().fanout.to_audience(std::move(notify), std::move(line), nullptr);
}

}  // namespace chatd::irc
