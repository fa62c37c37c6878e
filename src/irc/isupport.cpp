#include "irc/isupport.hpp"

#include "irc/limits.hpp"

namespace chatd::irc {

std::vector<std::string> isupport_tokens(const config::Config& config) {
  const auto& limits = config.limits;
  return {
      "AWAYLEN=" + std::to_string(kAwayLength),
      "BOT=B",
      "CASEMAPPING=rfc1459",
      "CHANLIMIT=#:" + std::to_string(limits.max_channels_per_user),
      "CHANMODES=b,k,l,imnst",
      "CHANNELLEN=" + std::to_string(limits.channel_length),
      "CHANTYPES=#",
      "KICKLEN=" + std::to_string(kKickLength),
      "MAXLIST=b:" + std::to_string(kMaxBans),
      "MAXTARGETS=" + std::to_string(kMaxTargets),
      "MODES=4",
      "MONITOR=" + std::to_string(kMonitorLimit),
      "NAMELEN=" + std::to_string(kRealnameLength),
      "NETWORK=" + config.server.network,
      "NICKLEN=" + std::to_string(limits.nick_length),
      "PREFIX=(ov)@+",
      "TARGMAX=PRIVMSG:" + std::to_string(kMaxTargets) + ",NOTICE:" + std::to_string(kMaxTargets) +
          ",WHOIS:" + std::to_string(kMaxTargets) + ",JOIN:,PART:",
      "TOPICLEN=" + std::to_string(limits.topic_length),
  };
}

}  // namespace chatd::irc
