// chatctl announce: a notice from the server to everyone, one channel and/or the bridges.
#include <cstdio>

#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "--channel", "CHANNEL", "only the members of CHANNEL (it must exist)"},
    {'b', "--bridges", "",
     "out through every multicast/broadcast bridge (alone: only there;\n"
     "fails when no bridge is configured)"},
    {'a', "--all", "",
     "every user; the default when neither --channel nor --bridges is\n"
     "given, so `--all --bridges` reaches both"},
};

Json request(const Args& args) {
  if (args.positional.empty()) throw UsageError("missing the announcement text");
  Json req = new_request("announce");
  req["text"] = args.rest_from(0);
  if (args.has("--channel")) req["channel"] = args.options.find("--channel")->second;
  if (args.has("--all")) req["all"] = true;
  if (args.has("--bridges")) req["bridges"] = true;
  return req;
}

void print(const Json& data) {
  if (data.contains("users")) std::printf("announced to %s user(s)\n", text_of(data["users"]).c_str());
  if (data.contains("channel")) {
    std::printf("announced to %s (%s member(s))\n", text_of(data["channel"]["name"]).c_str(),
                text_of(data["channel"]["members"]).c_str());
  }
  if (data.contains("bridges")) std::printf("announced through %s bridge(s)\n", text_of(data["bridges"]).c_str());
}

}  // namespace

const CommandSpec kAnnounceCommand{
    "announce",
    "announce [--channel CHANNEL] [--all] [--bridges] TEXT...",
    "send a notice from the server to everyone, one channel, and/or the bridges",
    "Sends TEXT (several words are joined with spaces; at most 400 bytes) as a NOTICE from the\n"
    "server. IRC clients see it as\n"
    "    :<server.name> NOTICE <your nick> :[announcement] TEXT\n"
    "or, with --channel, once in the channel as\n"
    "    :<server.name> NOTICE #channel :[announcement] TEXT\n"
    "\n"
    "Examples:\n"
    "    chatctl announce \"Server restarts at 18:00\"\n"
    "    chatctl announce --channel '#lab' 'Lab closes early today'\n"
    "    chatctl announce --all --bridges 'Back in 5 minutes'\n",
    kOptions,
    request,
    print};

}  // namespace chatd::chatctl
