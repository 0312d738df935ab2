#include "store/sqlite_rows.h"

#include <string>
#include <utility>

#include "core/types.h"
#include "store/order_codec.h"

namespace minsheng::store_internal {

const char kOrderColumns[] =
    "o.id, o.number, o.channel, o.external_id, o.type, o.urgency, o.category, o.status, o.title, "
    "o.content, o.address, o.region_code, o.created_at, o.updated_at, o.closed_at, o.version, "
    "o.event_count, o.created_by, o.doc, o.suggestion";

Result<WorkOrder> ReadOrderRow(const Stmt& s) {
  WorkOrder o;
  o.id = s.Int(0);
  o.number = s.Text(1);
  o.channel = s.Text(2);
  o.external_id = s.Text(3);
  o.type = s.Text(4);
  o.urgency = s.Text(5);
  o.category = s.Text(6);
  const std::string status = s.Text(7);
  auto parsed = ParseOrderStatus(status);
  if (!parsed) return Internal("order " + std::to_string(o.id) + " has unknown status " + status);
  o.status = *parsed;
  o.title = s.Text(8);
  o.content = s.Text(9);
  o.address = s.Text(10);
  o.region_code = s.Text(11);
  o.created_at = s.Int(12);
  o.updated_at = s.Int(13);
  o.closed_at = s.Int(14);
  o.version = s.Int(15);
  o.event_count = static_cast<int>(s.Int(16));
  o.created_by = s.Text(17);
  MS_RETURN_IF_ERROR(DecodeOrderDoc(s.Text(18), &o));
  // Orders written before migration 0002 keep the suggestion inside `doc`.
  if (std::string suggestion = s.Text(19);
      suggestion != "{}" || o.dispatch_suggestion_json.empty()) {
    o.dispatch_suggestion_json = std::move(suggestion);
  }
  return o;
}

}  // namespace minsheng::store_internal
