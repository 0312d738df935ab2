// Encoding of the WorkOrder fields that have no column of their own into one JSON document.
//
// Storage-neutral (no SQLite here) so that a PostgreSQL adapter can store the same document in
// a JSONB column. The document is versionless by design: decoding tolerates missing keys
// (defaults), so adding a field to WorkOrder needs no migration; renaming a key does.
//
// Thread-safety: pure functions.
#ifndef MINSHENG_STORE_ORDER_CODEC_H_
#define MINSHENG_STORE_ORDER_CODEC_H_

#include <string>
#include <string_view>

#include "core/order.h"
#include "core/status.h"

namespace minsheng::store_internal {

// Serialises citizen, attachments, assignments, reply, visits, the side-path outcome fields,
// the pending-return fields, the counters and dispatch_suggestion_json (kept as a string, so
// it is returned verbatim). Never throws: invalid UTF-8 in a string is replaced by U+FFFD.
std::string EncodeOrderDoc(const WorkOrder& order);

// Fills the same fields of *order from `doc`. Internal("corrupt order document") when the
// document is not a JSON object or a value has the wrong type.
Status DecodeOrderDoc(std::string_view doc, WorkOrder* order);

}  // namespace minsheng::store_internal

#endif  // MINSHENG_STORE_ORDER_CODEC_H_
