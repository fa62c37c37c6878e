// The "text" datagram format, both ways, as pure functions: a channel's IRC lines become
// datagrams a plain receiver can print ("<alice> hi", "* alice waves"), and a received
// datagram becomes the sanitised text lines that go to the channel. Also the name of the
// pseudo-user a datagram's sender appears as. No I/O, no state; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sys/socket_address.hpp"

namespace chatd::bridge {

// The datagrams for one formatted IRC line (CR LF optional): PRIVMSG and NOTICE become
// "<nick> text", CTCP ACTION "* nick text", UTF-8 without CR LF; each datagram is at most
// `max_datagram` bytes, the text split at character boundaries and every piece carrying the
// prefix so it reads on its own. Anything else (JOIN, MODE, other CTCPs) yields nothing.
// The nick is the source up to '!', so a server NOTICE shows as "<server.name> text".
// REQUIRES: max_datagram >= 64 (the config's minimum).
std::vector<std::string> encode_text(std::string_view irc_line, std::size_t max_datagram);

// The chat lines in one received datagram: split at LF, CR and NUL removed, invalid UTF-8
// replaced with U+FFFD, empty lines dropped. The IRC line limit is left to the line builder.
std::vector<std::string> decode_text(std::string_view payload);

// "udp-10-0-0-7" for 10.0.0.7, "udp-fe80--1" for fe80::1: the sender's address with '.' and
// ':' turned into '-', which keeps it a valid nick (it starts with a letter).
std::string pseudo_nick(const sys::SocketAddress& sender);

// "udp-10-0-0-7!udp@10.0.0.7", the source of the PRIVMSG a datagram becomes. An IPv6 host
// that starts with ':' gets a leading '0' so the prefix still parses ("0::1").
std::string pseudo_source(const sys::SocketAddress& sender);

}  // namespace chatd::bridge
