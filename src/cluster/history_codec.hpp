// The network's history stream (doc/CLUSTER.md) holds one JSON object per history record: the
// record as the node that relayed it stored it, and that node's name and start-up id (a node
// skips its own records of this run: it stored them when they happened). decode_history() is
// the only parser of what the stream delivers: sizes, types, CR/LF/NUL are checked.
//
// Thread rules: pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/history_record.hpp"

namespace chatd::cluster {

inline constexpr std::size_t kMaxHistoryRecordBytes = 64 * 1024;  // a 512-byte line with 8 KiB of tags fits

struct SharedRecord {
  std::string node, boot;
  store::HistoryRecord record;
  bool operator==(const SharedRecord&) const = default;
};

std::string encode_history(const SharedRecord& shared);

struct DecodedRecord {
  std::optional<SharedRecord> shared;
  std::string error;  // why not, when shared is empty
};
DecodedRecord decode_history(std::string_view json) noexcept;

}  // namespace chatd::cluster
