#include "bridge/datagram_bridge.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include "bridge/datagram_text.hpp"
#include "irc/cluster_events.hpp"
#include "irc/history_format.hpp"
#include "irc/line_builder.hpp"
#include "irc/tagged_line.hpp"
#include "sys/error.hpp"

namespace chatd::bridge {
namespace {

constexpr std::size_t kMaxDatagramBytes = 65536;  // more than any UDP payload
constexpr std::size_t kMaxQueuedBytes = 1 << 20;  // waiting for one flush; beyond it, drop
constexpr int kMaxReadsPerWakeup = 64;            // then let the other fds of the loop run
constexpr std::size_t kSendBatch = 64;            // datagrams per sendmmsg
constexpr double kLinesPerSecond = 10;            // per sender
constexpr double kBurstLines = 20;
constexpr std::chrono::seconds kMaxBackoff{60};

// Send errors that pass by themselves (a full socket buffer); every other one closes the
// sockets and starts over, since the interface or its address may have gone away.
bool transient(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS || err == EINTR; }

}  // namespace

DatagramBridge::DatagramBridge(config::BridgeSpec spec, event::EventLoop& loop, std::size_t loop_index,
                               irc::ServerContext& context)
    : chat::Endpoint(loop_index),
      spec_(std::move(spec)),
      context_(context),
      watch_(loop, *this),
      buffer_(kMaxDatagramBytes),
      limiter_(kLinesPerSecond, kBurstLines) {}

// close() has unregistered the socket when the thread stopped; a bridge that was
// never opened has nothing registered. The UniqueFds close whatever is left.
DatagramBridge::~DatagramBridge() = default;

std::string DatagramBridge::name() const {
  return "bridge " + spec_.channel + " (" + spec_.kind + " " + spec_.destination() + " port " +
         std::to_string(spec_.port) + ")";
}

void DatagramBridge::open() noexcept {
  try {
    BridgeSockets sockets = open_bridge_sockets(spec_);
    watch_.open(sockets.rx.get());
    if (!watch_.schedule(EPOLLIN)) sys::throw_errno("epoll_ctl(" + name() + ")");
    spdlog::info("{}: open on {}, sending from {}", name(), spec_.interface, sockets.tx_local.to_string());
    sockets_ = std::move(sockets);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void DatagramBridge::close() noexcept {
  watch_.cancel();
  sockets_.reset();
}

void DatagramBridge::fail(const std::string& why) noexcept {
  close();
  spdlog::warn("{}: {}; retrying in {} s", name(), why, backoff_.count());
  retry_at_ = Clock::now() + backoff_;
  backoff_ = std::min(backoff_ * 2, kMaxBackoff);
}

void DatagramBridge::tick(Clock::time_point now) noexcept {
  if (!sockets_ && now >= retry_at_) open();
}

void DatagramBridge::deliver(const chat::SharedLine& line) noexcept {
  std::string_view rest = *line;
  while (!rest.empty()) {
    const auto lf = rest.find('\n');
    for (auto& datagram : encode_text(rest.substr(0, lf), spec_.max_datagram)) {
      if (sockets_ && queued_bytes_ + datagram.size() <= kMaxQueuedBytes) {
        queued_bytes_ += datagram.size();
        queue_.push_back(std::move(datagram));
      } else {
        counters_.dropped();
      }
    }
    // Unlike a connection, a bridge may send from deliver(): a UDP send neither blocks nor
    // re-enters the fan-out, and a burst of posted messages would otherwise pile up here
    // until the loop is about to sleep.
    if (queue_.size() >= kSendBatch) flush();
    rest = lf == std::string_view::npos ? std::string_view() : rest.substr(lf + 1);
  }
}

void DatagramBridge::flush() noexcept {
  std::size_t done = 0;
  while (sockets_ && done < queue_.size()) {
    mmsghdr messages[kSendBatch] = {};
    iovec parts[kSendBatch];
    const std::size_t n = std::min(kSendBatch, queue_.size() - done);
    for (std::size_t i = 0; i < n; ++i) {
      parts[i] = iovec{queue_[done + i].data(), queue_[done + i].size()};
      messages[i].msg_hdr.msg_iov = &parts[i];
      messages[i].msg_hdr.msg_iovlen = 1;
      messages[i].msg_hdr.msg_name = sockets_->destination.data();
      messages[i].msg_hdr.msg_namelen = sockets_->destination.size();
    }
    const int sent = ::sendmmsg(sockets_->tx.get(), messages, static_cast<unsigned>(n), 0);
    if (sent < 0) {
      const int err = errno;
      if (err == EINTR) continue;
      if (transient(err)) {
        // A full socket buffer: the rest of this burst is lost, the bridge stays up.
        if (!send_failing_) spdlog::warn("{}: {}; dropping datagrams", name(), sys::errno_text(err, "sendmmsg"));
        send_failing_ = true;
        break;
      }
      counters_.dropped(queue_.size() - done);
      queue_.clear();
      queued_bytes_ = 0;
      fail(sys::errno_text(err, "sendmmsg to " + sockets_->destination.to_string()));
      return;
    }
    for (int i = 0; i < sent; ++i) counters_.sent(queue_[done + i].size());
    done += static_cast<std::size_t>(sent);
    backoff_ = std::chrono::seconds(1);
    send_failing_ = false;
  }
  if (done < queue_.size()) counters_.dropped(queue_.size() - done);
  queue_.clear();
  queued_bytes_ = 0;
}

void DatagramBridge::on_io(std::uint32_t events) noexcept {
  if (!sockets_) return;
  if (events & EPOLLERR) {
    int pending = 0;
    socklen_t size = sizeof pending;
    ::getsockopt(sockets_->rx.get(), SOL_SOCKET, SO_ERROR, &pending, &size);  // clears it
  }
  if (events & EPOLLIN) receive();
}

void DatagramBridge::receive() noexcept {
  for (int i = 0; i < kMaxReadsPerWakeup && sockets_; ++i) {
    sys::SocketAddress sender;
    *sender.size_ptr() = sys::SocketAddress::capacity();
    const ssize_t n =
        ::recvfrom(sockets_->rx.get(), buffer_.data(), buffer_.size(), 0, sender.data(), sender.size_ptr());
    if (n < 0) {
      if (errno == EINTR) continue;
      // EAGAIN: drained. Anything else on an unconnected UDP socket is a stale ICMP error.
      return;
    }
    if (sockets_->is_own(sender)) continue;
    counters_.received(static_cast<std::uint64_t>(n));
    backoff_ = std::chrono::seconds(1);
    inject(sender, std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
  }
}

void DatagramBridge::inject(const sys::SocketAddress& sender, std::string_view payload) noexcept {
  const auto lines = decode_text(payload);
  if (lines.empty()) {
    counters_.dropped();
    return;
  }
  const std::string host = sender.host();
  const auto now = Clock::now();
  std::vector<const std::string*> passed;
  for (const auto& text : lines) {
    const auto decision = limiter_.allow(host, now);
    if (decision.episode_dropped > 0) {
      spdlog::info("{}: {} is below its rate again; {} line(s) were dropped", name(), host, decision.episode_dropped);
    }
    if (decision.pass) {
      passed.push_back(&text);
      continue;
    }
    counters_.rate_limited();
    if (decision.episode_started) {
      spdlog::warn("{}: {} sends more than {} lines/s; dropping its lines until it slows down", name(), host,
                   kLinesPerSecond);
    }
  }
  if (passed.empty()) return;

  // Each line is a channel message like any other: a msgid, a server-time stamp, and a place in
  // the channel's history. Its variants are concatenated per kind, so the whole datagram is
  // still one hand-off per worker, however many lines it holds. A datagram's sender is logged
  // in to no account, so the account-tag kinds share the others' text.
  using V = chat::LineVariants;
  const std::string source = pseudo_source(sender);
  const auto when = std::chrono::system_clock::now();
  std::shared_ptr<const chat::Audience> audience;
  std::array<std::string, V::kVariantAccount> by_kind;
  std::vector<store::HistoryRecord> records;
  {
    sys::MutexLock lock(context_.registry.mutex());
    chat::Channel* found = context_.registry.find_channel(spec_.channel);
    if (!found) return;
    audience = found->audience();
    for (const std::string* text : passed) {
      const irc::MessageId msgid = context_.message_ids.next(when);
      const auto line = irc::make_variants(irc::make_line(source, "PRIVMSG", {found->name()}, *text),
                                           irc::RelayTags{.msgid = msgid.view()}, when);
      for (std::size_t kind = 0; kind < by_kind.size(); ++kind) by_kind[kind] += *line->by_kind[kind];
      // In a cluster the line reaches the channel's members on the other nodes too (queued
      // under the registry lock, like a client's, so the stream keeps this node's order).
      irc::cluster_message(context_,
                           irc::MessageSource{std::string_view(source).substr(0, source.find('!')), source, {}, false},
                           {"PRIVMSG", found->name(), std::string_view(*text), msgid.view(), {}, when});
      if (context_.history && found->history) {
        records.push_back(irc::history_record(*found, source, "PRIVMSG", *text, "", msgid.view(), when));
      }
    }
  }
  // Queued before anyone sees the lines, as a client's are (see irc/messaging.cpp).
  for (auto& record : records) context_.history->record(std::move(record));
  auto variants = std::make_shared<V>();
  for (std::size_t kind = 0; kind < by_kind.size(); ++kind) {
    variants->by_kind[kind] = chat::make_shared_line(std::move(by_kind[kind]));
    variants->by_kind[kind | V::kVariantAccount] = variants->by_kind[kind];
  }
  context_.fanout.to_audience(std::move(audience), std::move(variants), this);
}

}  // namespace chatd::bridge
