#include "irc/labeled_response.hpp"

#include "irc/line_builder.hpp"
#include "irc/message.hpp"

namespace chatd::irc {

namespace {
constexpr std::size_t kMaxLabelBytes = 64;
}  // namespace

std::optional<std::string> canonical_label(std::string_view raw_value) {
  if (raw_value.empty() || raw_value.size() > kMaxLabelBytes) return std::nullopt;
  std::string value = unescape_tag_value(raw_value);
  if (value.empty()) return std::nullopt;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return std::nullopt;
  }
  return escape_tag_value(value);
}

void LabeledResponse::begin(std::string escaped_label, std::string_view server, BatchIds& ids) {
  label_tag_ = "label=" + escaped_label;
  server_ = server;
  ids_ = &ids;
  held_.clear();
  state_ = State::kEmpty;
}

void LabeledResponse::take(std::string_view lines, std::string& out) {
  while (!lines.empty()) {
    std::size_t end = lines.find('\n');
    end = end == std::string_view::npos ? lines.size() : end + 1;
    take_one(lines.substr(0, end), out);
    lines.remove_prefix(end);
  }
}

void LabeledResponse::take_one(std::string_view line, std::string& out) {
  switch (state_) {
    case State::kIdle:
      out += line;
      break;
    case State::kEmpty:
      held_.assign(line);
      state_ = State::kHolding;
      break;
    case State::kHolding:
      batch_ref_ = ids_->next();
      batch_tag_ = "batch=" + batch_ref_;
      append_with_tag(out, batch_start(server_, batch_ref_, "labeled-response"), label_tag_);
      append_in_batch(held_, out);
      held_.clear();
      append_in_batch(line, out);
      state_ = State::kBatched;
      break;
    case State::kBatched:
      append_in_batch(line, out);
      break;
  }
}

void LabeledResponse::append_in_batch(std::string_view line, std::string& out) {
  // A line of a nested batch is that batch's; its own BATCH start and end lines are ours.
  if (has_tag(line, "batch")) {
    out += line;
  } else {
    append_with_tag(out, line, batch_tag_);
  }
}

void LabeledResponse::finish(std::string& out) {
  switch (state_) {
    case State::kIdle:
      return;
    case State::kEmpty:
      append_with_tag(out, make_line(server_, "ACK", {}), label_tag_);
      break;
    case State::kHolding:
      append_with_tag(out, held_, label_tag_);
      held_.clear();
      break;
    case State::kBatched:
      out += batch_end(server_, batch_ref_);
      break;
  }
  state_ = State::kIdle;
}

}  // namespace chatd::irc
