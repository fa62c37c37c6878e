// Every command handler, grouped by family; the command table maps names to these.
// Handlers are loop-only (the session's loop) and take the Registry lock themselves for
// exactly as long as they read or change chat state.
#pragma once

#include "irc/message.hpp"
#include "irc/session.hpp"

namespace chatd::irc {

// registration.cpp: connection registration and liveness
void handle_pass(Session&, const Message&);
void handle_nick(Session&, const Message&);  // nick_change.cpp
void handle_user(Session&, const Message&);
void handle_cap(Session&, const Message&);           // cap.cpp
void handle_authenticate(Session&, const Message&);  // sasl.cpp: SASL login
void handle_register(Session&, const Message&);      // register.cpp: account registration
void handle_verify(Session&, const Message&);        // register.cpp
void handle_ping(Session&, const Message&);
void handle_pong(Session&, const Message&);
void handle_quit(Session&, const Message&);

// channel.cpp: joining, leaving and looking at channels
void handle_join(Session&, const Message&);
void handle_part(Session&, const Message&);
void handle_topic(Session&, const Message&);
void handle_names(Session&, const Message&);
void handle_list(Session&, const Message&);  // list.cpp

// mode.cpp and channel_modes.cpp: MODE for users and channels
void handle_mode(Session&, const Message&);
void channel_mode(Session&, const Message&);

// invite.cpp, kick.cpp: channel operators' commands
void handle_invite(Session&, const Message&);
void handle_kick(Session&, const Message&);

// oper.cpp: server operators
void handle_oper(Session&, const Message&);
void handle_kill(Session&, const Message&);
void handle_wallops(Session&, const Message&);

// messaging.cpp: PRIVMSG, NOTICE and TAGMSG
void handle_privmsg(Session&, const Message&);
void handle_notice(Session&, const Message&);
void handle_tagmsg(Session&, const Message&);

// who.cpp, user_query.cpp: questions about users
void handle_who(Session&, const Message&);
void handle_whois(Session&, const Message&);
void handle_away(Session&, const Message&);
void handle_ison(Session&, const Message&);
void handle_userhost(Session&, const Message&);
void handle_whowas(Session&, const Message&);  // whowas.cpp

// monitor.cpp, setname.cpp: IRCv3 MONITOR and SETNAME
void handle_monitor(Session&, const Message&);
void handle_setname(Session&, const Message&);
void handle_chathistory(Session&, const Message&);

// server_query.cpp, help.cpp: questions about the server
void handle_motd(Session&, const Message&);
void handle_lusers(Session&, const Message&);
void handle_version(Session&, const Message&);
void handle_time(Session&, const Message&);
void handle_info(Session&, const Message&);
void handle_links(Session&, const Message&);
void handle_help(Session&, const Message&);  // help.cpp: HELP and HELPOP

// welcome.cpp: what a client is told when it registers (also used by MOTD and LUSERS)
void send_welcome(Session&);
void send_lusers(Session&);
void send_motd(Session&);

}  // namespace chatd::irc
