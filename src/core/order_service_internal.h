// Helpers shared by the OrderService translation units (order_service.cc, order_sweep.cc).
// Not part of the core's public surface.
#ifndef MINSHENG_CORE_ORDER_SERVICE_INTERNAL_H_
#define MINSHENG_CORE_ORDER_SERVICE_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/order.h"
#include "core/order_service.h"

namespace minsheng::order_internal {

// The next timeline event of `order` (numbers it and bumps order->event_count).
Event NewEvent(WorkOrder* order, Action action, std::optional<OrderStatus> from, OrderStatus to,
               const Actor& actor, const std::string& unit, int64_t now, std::string payload);
// "2026-11-30 09:00" in local time.
std::string LocalMinute(int64_t ms, int offset_minutes);
// Chinese label of a deadline stage ("reply" → "答复").
std::string StageLabel(std::string_view stage);

inline Status Missing(const char* field, const char* label) {
  return InvalidArgument("missing_field",
                         std::string("缺少必填字段「") + label + "」(" + field + ")");
}
inline Status Invalid(const std::string& code, const std::string& message) {
  return InvalidArgument(code, message);
}
// Marks a pending extension as lapsed (the unit replied, returned or the order moved on).
inline void LapsePendingExtension(WorkOrder* o, int64_t now) {
  if (ExtensionRequest* e = o->PendingExtension()) {
    e->status = "lapsed";
    e->decided_at = now;
  }
}

}  // namespace minsheng::order_internal

#endif  // MINSHENG_CORE_ORDER_SERVICE_INTERNAL_H_
