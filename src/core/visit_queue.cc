// OrderService::VisitQueueFor — the 回访 workbench: orders whose reply was approved and that wait
// for a call-back (DOMAIN.md §6.5: 次日回访, at least visit_max_attempts attempts, then 回访失败).
#include <algorithm>
#include <cstdint>

#include "core/order_service.h"

namespace minsheng {

Result<VisitQueue> OrderService::VisitQueueFor(const Actor& actor, int limit) {
  if (actor.role != Role::kAdmin && actor.role != Role::kCentre)
    return PermissionDenied("forbidden", "只有热线中心可以查看回访工作台");
  if (limit < 1 || limit > 1000)
    return InvalidArgument("invalid_query", "limit 须在 1 到 1000 之间");
  const int64_t now = clock_.NowMs();
  VisitQueue out;
  OrderQuery q;
  q.status = OrderStatus::kPendingVisit;
  q.page_size = 500;
  std::vector<VisitQueueItem> all;
  for (q.page = 1;; ++q.page) {
    auto page = repo_.List(q);
    if (!page.ok()) return page.status();
    out.total = page->total;
    for (WorkOrder& o : page->items) {
      VisitQueueItem item;
      auto d = Deadlines(o, now);
      if (d.ok()) {
        for (const StageDeadline& s : d->stages) {
          if (s.stage != "visit") continue;
          item.due_ms = s.due_ms;
          item.alert = s.alert;
        }
      }
      item.attempts = o.unreachable_count;
      item.attempts_left = std::max(0, config_.visit_max_attempts - o.unreachable_count);
      for (const VisitRecord& v : o.visits)
        if (v.satisfaction == "unreachable")
          item.last_attempt_at = std::max(item.last_attempt_at, v.at);
      item.callers.push_back({o.id, o.number, o.citizen});
      item.order = std::move(o);
      all.push_back(std::move(item));
    }
    if (page->items.empty() || static_cast<int64_t>(q.page) * q.page_size >= page->total) break;
  }
  for (const VisitQueueItem& i : all)
    if (i.alert == SlaAlert::kRed) ++out.overdue;
  // Most urgent first: the earliest due (overdue ones are the earliest); ties by number.
  std::sort(all.begin(), all.end(), [](const VisitQueueItem& a, const VisitQueueItem& b) {
    const int64_t da = a.due_ms == 0 ? INT64_MAX : a.due_ms;
    const int64_t db = b.due_ms == 0 ? INT64_MAX : b.due_ms;
    if (da != db) return da < db;
    return a.order.number < b.order.number;
  });
  if (static_cast<int>(all.size()) > limit) all.resize(limit);
  // The callers of merged orders are visited through the master (one reply, every caller).
  for (VisitQueueItem& item : all) {
    for (int64_t child : item.order.merged_children) {
      auto c = repo_.Get(child);
      if (!c.ok()) continue;  // a vanished child never hides the master from the queue
      item.callers.push_back({c->id, c->number, c->citizen});
    }
  }
  out.items = std::move(all);
  return out;
}

}  // namespace minsheng
