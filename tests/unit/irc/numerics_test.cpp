#include "irc/numerics.hpp"

#include <doctest/doctest.h>

#include <string>

using chatd::irc::make_numeric;
using chatd::irc::Numeric;
using chatd::irc::numeric_name;
using chatd::irc::numeric_text;

TEST_CASE("irc::make_numeric uses the fixed text when no trailing is given") {
  CHECK(make_numeric("irc.example", "*", Numeric::ERR_NOTREGISTERED, {}) ==
        ":irc.example 451 * :You have not registered\r\n");
  CHECK(make_numeric("srv", "bob", Numeric::ERR_NEEDMOREPARAMS, {"JOIN"}) ==
        ":srv 461 bob JOIN :Not enough parameters\r\n");
  CHECK(make_numeric("srv", "bob", Numeric::ERR_NOSUCHNICK, {"alice"}) ==
        ":srv 401 bob alice :No such nick/channel\r\n");
  CHECK(make_numeric("srv", "bob", Numeric::RPL_ENDOFNAMES, {"#c"}) == ":srv 366 bob #c :End of /NAMES list\r\n");
}

TEST_CASE("irc::make_numeric pads codes to three digits") {
  CHECK(make_numeric("srv", "bob", Numeric::RPL_WELCOME, {}, "Welcome to the network bob") ==
        ":srv 001 bob :Welcome to the network bob\r\n");
  CHECK(make_numeric("srv", "bob", Numeric::RPL_ISUPPORT, {"CHANTYPES=#", "NICKLEN=30"}) ==
        ":srv 005 bob CHANTYPES=# NICKLEN=30 :are supported by this server\r\n");
  CHECK(make_numeric("srv", "bob", static_cast<Numeric>(7), {}) == ":srv 007 bob\r\n");
  CHECK(make_numeric("srv", "bob", static_cast<Numeric>(1234), {}) == ":srv 234 bob\r\n");
  CHECK(make_numeric("srv", "bob", static_cast<Numeric>(-1), {}).substr(0, 9) == ":srv 295 ");
}

TEST_CASE("irc::make_numeric without fixed text and without trailing has no colon") {
  CHECK(make_numeric("srv", "bob", Numeric::RPL_CHANNELMODEIS, {"#c", "+nt"}) == ":srv 324 bob #c +nt\r\n");
  CHECK(make_numeric("srv", "bob", Numeric::RPL_MOTDSTART, {}) == ":srv 375 bob\r\n");
}

TEST_CASE("irc::make_numeric explicit trailing overrides the fixed text, even when empty") {
  CHECK(make_numeric("srv", "bob", Numeric::ERR_UNKNOWNCOMMAND, {"FOO"}, "Unknown command, really") ==
        ":srv 421 bob FOO :Unknown command, really\r\n");
  CHECK(make_numeric("srv", "bob", Numeric::RPL_TOPIC, {"#c"}, "") == ":srv 332 bob #c :\r\n");
  CHECK(make_numeric("srv", "bob", Numeric::RPL_NAMREPLY, {"=", "#c"}, "@bob alice") ==
        ":srv 353 bob = #c :@bob alice\r\n");
}

TEST_CASE("irc::append_numeric appends and respects the line limit") {
  std::string out = "x";
  chatd::irc::append_numeric(out, "srv", "*", Numeric::ERR_NICKNAMEINUSE, {"bob"});
  CHECK(out == "x:srv 433 * bob :Nickname is already in use\r\n");

  const std::string line = make_numeric("srv", "bob", Numeric::RPL_MOTD, {}, std::string(1000, 'm'));
  CHECK(line.size() == 512);
  CHECK(line.substr(0, 15) == ":srv 372 bob :m");
}

TEST_CASE("irc::numeric_text has the standard texts") {
  CHECK(numeric_text(Numeric::ERR_NOTREGISTERED) == "You have not registered");
  CHECK(numeric_text(Numeric::ERR_NEEDMOREPARAMS) == "Not enough parameters");
  CHECK(numeric_text(Numeric::ERR_INPUTTOOLONG) == "Input line was too long");
  CHECK(numeric_text(Numeric::ERR_UNKNOWNCOMMAND) == "Unknown command");
  CHECK(numeric_text(Numeric::ERR_NICKNAMEINUSE) == "Nickname is already in use");
  CHECK(numeric_text(Numeric::ERR_ERRONEUSNICKNAME) == "Erroneous nickname");
  CHECK(numeric_text(Numeric::ERR_NONICKNAMEGIVEN) == "No nickname given");
  CHECK(numeric_text(Numeric::ERR_NOTEXTTOSEND) == "No text to send");
  CHECK(numeric_text(Numeric::ERR_NORECIPIENT) == "No recipient given");
  CHECK(numeric_text(Numeric::ERR_CANNOTSENDTOCHAN) == "Cannot send to channel");
  CHECK(numeric_text(Numeric::ERR_NOSUCHCHANNEL) == "No such channel");
  CHECK(numeric_text(Numeric::ERR_NOTONCHANNEL) == "You're not on that channel");
  CHECK(numeric_text(Numeric::ERR_USERNOTINCHANNEL) == "They aren't on that channel");
  CHECK(numeric_text(Numeric::ERR_CHANOPRIVSNEEDED) == "You're not channel operator");
  CHECK(numeric_text(Numeric::ERR_ALREADYREGISTERED) == "You may not reregister");
  CHECK(numeric_text(Numeric::ERR_PASSWDMISMATCH) == "Password incorrect");
  CHECK(numeric_text(Numeric::RPL_ENDOFWHO) == "End of /WHO list");
  CHECK(numeric_text(Numeric::RPL_ENDOFWHOIS) == "End of /WHOIS list");
  CHECK(numeric_text(Numeric::RPL_ENDOFMOTD) == "End of /MOTD command");
  CHECK(numeric_text(Numeric::ERR_NOMOTD) == "MOTD File is missing");
  CHECK(numeric_text(Numeric::RPL_LISTEND) == "End of /LIST");
  CHECK(numeric_text(Numeric::RPL_NOTOPIC) == "No topic is set");
  CHECK(numeric_text(Numeric::RPL_UNAWAY) == "You are no longer marked as being away");
  CHECK(numeric_text(Numeric::RPL_NOWAWAY) == "You have been marked as being away");
  CHECK(numeric_text(Numeric::RPL_ENDOFBANLIST) == "End of channel ban list");
  CHECK(numeric_text(Numeric::ERR_UNKNOWNMODE) == "is unknown mode char to me");
  CHECK(numeric_text(Numeric::ERR_INVITEONLYCHAN) == "Cannot join channel (+i)");
  CHECK(numeric_text(Numeric::ERR_BANNEDFROMCHAN) == "Cannot join channel (+b)");
  CHECK(numeric_text(Numeric::ERR_BADCHANNELKEY) == "Cannot join channel (+k)");
  CHECK(numeric_text(Numeric::ERR_CHANNELISFULL) == "Cannot join channel (+l)");
  CHECK(numeric_text(Numeric::ERR_BADCHANMASK) == "Bad Channel Mask");
  CHECK(numeric_text(Numeric::ERR_TOOMANYCHANNELS) == "You have joined too many channels");
  CHECK(numeric_text(Numeric::ERR_USERONCHANNEL) == "is already on channel");
  CHECK(numeric_text(Numeric::ERR_NOPRIVILEGES) == "Permission Denied- You're not an IRC operator");
  CHECK(numeric_text(Numeric::ERR_NOOPERHOST) == "No O-lines for your host");
  CHECK(numeric_text(Numeric::RPL_YOUREOPER) == "You are now an IRC operator");
  CHECK(numeric_text(Numeric::ERR_UMODEUNKNOWNFLAG) == "Unknown MODE flag");
  CHECK(numeric_text(Numeric::ERR_USERSDONTMATCH) == "Cant change mode for other users");
  CHECK(numeric_text(Numeric::ERR_TOOMANYTARGETS) == "Too many targets");
  CHECK(numeric_text(Numeric::ERR_INVALIDCAPCMD) == "Invalid CAP command");
}

TEST_CASE("irc::numeric_text is empty for replies that carry variable text") {
  for (const Numeric n : {Numeric::RPL_WELCOME, Numeric::RPL_YOURHOST, Numeric::RPL_MOTD, Numeric::RPL_MOTDSTART,
                          Numeric::RPL_LUSERCLIENT, Numeric::RPL_LOCALUSERS, Numeric::RPL_GLOBALUSERS,
                          Numeric::RPL_TOPIC, Numeric::RPL_NAMREPLY, Numeric::RPL_WHOREPLY}) {
    CHECK(numeric_text(n).empty());
    CHECK(!numeric_name(n).empty());
  }
  CHECK(numeric_text(static_cast<Numeric>(0)).empty());
  CHECK(numeric_text(static_cast<Numeric>(999)).empty());
  CHECK(numeric_text(static_cast<Numeric>(-5)).empty());
  CHECK(numeric_text(static_cast<Numeric>(100000)).empty());
}

TEST_CASE("irc::numeric_name spells the enum name") {
  CHECK(numeric_name(Numeric::ERR_NOSUCHNICK) == "ERR_NOSUCHNICK");
  CHECK(numeric_name(Numeric::RPL_WELCOME) == "RPL_WELCOME");
  CHECK(numeric_name(Numeric::RPL_ENDOFHELP) == "RPL_ENDOFHELP");
  CHECK(numeric_name(static_cast<Numeric>(999)).empty());
  CHECK(numeric_name(static_cast<Numeric>(-1)).empty());

  // Every required code is in the table with an RPL_/ERR_ name.
  constexpr int kRequired[] = {1,   2,   3,   4,   5,   221, 251, 252, 253, 254, 255, 265, 266, 301, 302, 303,
                               305, 306, 311, 312, 313, 315, 317, 318, 319, 321, 322, 323, 324, 329, 331, 332,
                               333, 341, 346, 347, 348, 349, 351, 352, 353, 366, 367, 368, 369, 372, 375, 376,
                               381, 391, 401, 402, 403, 404, 405, 407, 409, 411, 412, 413, 414, 417, 421, 422,
                               431, 432, 433, 436, 441, 442, 443, 451, 461, 462, 464, 465, 467, 471, 472, 473,
                               474, 475, 476, 477, 478, 481, 482, 483, 491, 501, 502, 524, 696, 704, 705, 706};
  for (const int code : kRequired) {
    CAPTURE(code);
    const std::string_view name = numeric_name(static_cast<Numeric>(code));
    CHECK((name.starts_with("RPL_") || name.starts_with("ERR_")));
    CHECK((code < 400 || code >= 700) == name.starts_with("RPL_"));
  }
}
