// Upstream export (上级转办件回传): orders that came from the city platform or the leaders'
// message board (rules.upstream_channels) report their progress back — signed, replied
// (the approved reply), answered directly, refused, transferred, extended, stage replies,
// call-back results, reopened, merged, closed — as messages of format "minsheng.upstream/1"
// (docs/upstream.md).
//
// The exporter reads the global event feed (EventFeed) after the sink's cursor, turns the
// events of upstream orders into messages, hands each batch to an UpstreamSink (file or
// webhook, implemented outside the core) and advances the sink's cursor only after the batch
// was delivered: at-least-once, in commit order; receivers dedupe on `message_id`.
//
// Thread-safety: Run() for one sink must not run concurrently with itself (the server runs it
// from one PeriodicTask); different sinks have different cursors.
#ifndef MINSHENG_CORE_UPSTREAM_UPSTREAM_EXPORT_H_
#define MINSHENG_CORE_UPSTREAM_UPSTREAM_EXPORT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports.h"
#include "core/status.h"
#include "core/zone_config.h"

namespace minsheng {

struct UpstreamMessage {
  int64_t position = 0;  // the feed position, also the message_id
  std::string json;      // one JSON object
};

// Where messages go (port). Deliver is all-or-nothing from the exporter's view: on error the
// cursor stays and the batch is offered again next time.
class UpstreamSink {
 public:
  virtual ~UpstreamSink() = default;
  virtual std::string Consumer() const = 0;  // cursor name, e.g. "upstream-file"
  virtual Status Deliver(const std::vector<UpstreamMessage>& batch) = 0;
};

struct UpstreamExportResult {
  int scanned = 0;     // feed entries read
  int exported = 0;    // messages delivered
  int64_t cursor = 0;  // the sink's cursor afterwards
};

class UpstreamExporter {
 public:
  UpstreamExporter(const ZoneConfig& config, EventFeed& feed, OrderRepository& orders,
                   const Clock& clock)
      : config_(config), feed_(feed), orders_(orders), clock_(clock) {}

  // Delivers everything after the sink's cursor, `batch` feed entries at a time.
  Result<UpstreamExportResult> Run(UpstreamSink& sink, int batch = 200);

  // The messages among the feed entries after `after` (at most `limit` entries read), without
  // moving any cursor; *scanned_to is the last position read (for the next call).
  // *read (optional) counts the entries read.
  Result<std::vector<UpstreamMessage>> Peek(int64_t after, int limit, int64_t* scanned_to,
                                            int* read = nullptr);

  // The upstream message for one feed entry, or nullopt when the entry is not reported
  // upstream. `order` is the order with its timeline (needed for the approved reply's text).
  std::optional<std::string> MessageFor(const FeedEntry& entry, const WorkOrder& order) const;

  // The message kind of an action ("replied" for approve …), or "" when not exported.
  static std::string_view KindOf(Action action);

 private:
  bool IsUpstream(const FeedEntry& e) const;

  const ZoneConfig& config_;
  EventFeed& feed_;
  OrderRepository& orders_;
  const Clock& clock_;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_UPSTREAM_UPSTREAM_EXPORT_H_
