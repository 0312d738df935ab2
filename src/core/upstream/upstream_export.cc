#include "core/upstream/upstream_export.h"

#include <algorithm>

#include "core/json_writer.h"
#include "core/time_util.h"

namespace minsheng {

std::string_view UpstreamExporter::KindOf(Action action) {
  switch (action) {
    case Action::kSign:
      return "accepted";  // 已签收,开始办理
    case Action::kApprove:
      return "replied";  // 答复(经中心审核)
    case Action::kDirectAnswer:
      return "answered";  // 中心直接答复
    case Action::kRefuse:
      return "refused";  // 不予受理
    case Action::kTransferEmergency:
      return "transferred";  // 转110/119/120
    case Action::kApproveExtension:
      return "extended";  // 延期获批
    case Action::kStageReply:
      return "stage_reply";  // 阶段性答复(挂账)
    case Action::kVisit:
      return "visited";  // 回访结果
    case Action::kReopen:
      return "reopened";  // 重办
    case Action::kMerge:
      return "merged";  // 并入主工单
    case Action::kClose:
      return "closed";  // 办结
    default:
      return "";
  }
}

bool UpstreamExporter::IsUpstream(const FeedEntry& e) const {
  if (e.external_id.empty()) return false;  // nothing the upstream platform could match
  const auto& ch = config_.rules.upstream_channels;
  return std::find(ch.begin(), ch.end(), e.channel) != ch.end();
}

std::optional<std::string> UpstreamExporter::MessageFor(const FeedEntry& entry,
                                                        const WorkOrder& order) const {
  if (!IsUpstream(entry)) return std::nullopt;
  const Event& e = entry.event;
  const std::string_view kind = KindOf(e.action);
  if (kind.empty()) return std::nullopt;
  const int off = config_.utc_offset_minutes;
  JsonObjectWriter m;
  m.Add("format", "minsheng.upstream/1")
      .Add("message_id", entry.position)
      .Add("zone", config_.zone_id)
      .Add("channel", entry.channel)
      .Add("upstream_no", entry.external_id)
      .Add("order_number", entry.order_number)
      .Add("kind", kind)
      .Add("action", ToString(e.action))
      .Add("at", FormatIso8601(e.at, off))
      .Add("status", ToString(e.to));
  std::string unit = e.actor_unit;
  std::string detail = e.payload_json;
  if (e.action == Action::kApprove) {
    // The approved reply: the last reply (or 销号 final reply) before this approval.
    for (auto it = order.timeline.rbegin(); it != order.timeline.rend(); ++it) {
      if (it->seq >= e.seq) continue;
      if (it->action == Action::kReply || it->action == Action::kClearLedger) {
        unit = it->actor_unit;
        detail = it->payload_json;
        break;
      }
    }
  }
  m.Add("unit", unit);
  if (const OrgUnit* u = config_.FindUnit(unit)) m.Add("unit_name", u->name);
  m.AddRaw("detail", detail);
  return m.Finish();
}

Result<std::vector<UpstreamMessage>> UpstreamExporter::Peek(int64_t after, int limit,
                                                            int64_t* scanned_to, int* read) {
  auto entries = feed_.ReadFeed(after, limit);
  if (!entries.ok()) return entries.status();
  if (read != nullptr) *read = static_cast<int>(entries->size());
  std::vector<UpstreamMessage> out;
  std::map<int64_t, WorkOrder> orders;  // loaded once per batch, with timelines
  *scanned_to = after;
  for (const FeedEntry& f : *entries) {
    *scanned_to = f.position;
    if (!IsUpstream(f) || KindOf(f.event.action).empty()) continue;
    auto it = orders.find(f.order_id);
    if (it == orders.end()) {
      auto o = orders_.Get(f.order_id);
      if (!o.ok()) return o.status();
      it = orders.emplace(f.order_id, std::move(o).value()).first;
    }
    if (auto json = MessageFor(f, it->second)) out.push_back({f.position, std::move(*json)});
  }
  return out;
}

Result<UpstreamExportResult> UpstreamExporter::Run(UpstreamSink& sink, int batch) {
  UpstreamExportResult r;
  auto cursor = feed_.FeedCursor(sink.Consumer());
  if (!cursor.ok()) return cursor.status();
  r.cursor = *cursor;
  for (;;) {
    int64_t scanned_to = r.cursor;
    int read = 0;
    auto messages = Peek(r.cursor, batch, &scanned_to, &read);
    if (!messages.ok()) return messages.status();
    if (read == 0) break;  // nothing new
    r.scanned += read;
    if (!messages->empty()) {
      MS_RETURN_IF_ERROR(sink.Deliver(*messages));
      r.exported += static_cast<int>(messages->size());
    }
    MS_RETURN_IF_ERROR(feed_.SetFeedCursor(sink.Consumer(), scanned_to, clock_.NowMs()));
    r.cursor = scanned_to;
  }
  return r;
}

}  // namespace minsheng
