#include "irc/isupport.hpp"

#include <algorithm>

#include "irc/limits.hpp"

namespace chatd::irc {

namespace {

std::string n(std::size_t value) { return std::to_string(value); }

// "b:100,e:100,I:100": each list has its own cap.
std::string maxlist() {
  std::string out;
  for (char letter : kListModes) {
    if (!out.empty()) out += ',';
    out += letter;
    out += ':' + n(kMaxListEntries);
  }
  return out;
}

}  // namespace

std::vector<std::string> isupport_tokens(const config::Config& config, bool history) {
  const auto& limits = config.limits;
  const std::string targets = n(kMaxTargets);
  const std::string joins = n(kMaxJoinsPerCommand);
  // Alphabetical, one token per entry, so that adding one is a one-line change.
  std::vector<std::string> tokens{
      "AWAYLEN=" + n(kAwayLength),
      "BOT=B",
      "CASEMAPPING=rfc1459",
      "CHANLIMIT=#:" + n(limits.max_channels_per_user),
      "CHANMODES=" + std::string(kListModes) + "," + std::string(kParamModes) + "," + std::string(kSetParamModes) +
          "," + std::string(kFlagModes),
      "CHANNELLEN=" + n(limits.channel_length),
      "CHANTYPES=#",
      "ELIST=CMNTU",
      "EXCEPTS=e",
      "INVEX=I",
      "KEYLEN=" + n(kKeyLength),
      "KICKLEN=" + n(kKickLength),
      "MAXLIST=" + maxlist(),
      "MAXTARGETS=" + targets,
      "MODES=" + n(kModes),
      "MONITOR=" + n(kMonitorLimit),
      "NAMELEN=" + n(kRealnameLength),
      "NETWORK=" + config.server.network,
      "NICKLEN=" + n(limits.nick_length),
      "PREFIX=(" + std::string(kPrefixModes) + ")" + std::string(kPrefixSymbols),
      "STATUSMSG=" + std::string(kPrefixSymbols),
      "TARGMAX=JOIN:" + joins + ",KICK:" + targets + ",LIST:" + joins + ",NAMES:" + joins + ",NOTICE:" + targets +
          ",PART:" + joins + ",PRIVMSG:" + targets + ",TAGMSG:" + targets + ",USERHOST:" + n(kMaxUserhostTargets) +
          ",WHOIS:" + targets,
      "TOPICLEN=" + n(limits.topic_length),
      "USERLEN=" + n(kUserLength),
      "UTF8ONLY",
      "WHOX",
  };
  if (history) {
    tokens.push_back("CHATHISTORY=" + std::to_string(kChathistoryLimit));
    tokens.push_back("MSGREFTYPES=msgid,timestamp");
  }
  // $a (account) masks in +b, +e and +I; without accounts nobody is logged in to match one.
  if (config.accounts.enabled) tokens.push_back("EXTBAN=$,a");
  return tokens;
}

}  // namespace chatd::irc
