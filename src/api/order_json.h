// WorkOrder → JSON text for the HTTP API (the Order schema of openapi.json).
//
// Times are ISO 8601 at the zone's UTC offset ("2026-11-29T13:10:57.123+08:00"), or null when
// unset. Stored JSON objects (event payloads, the dispatch suggestion) are inlined verbatim.
//
// Why a streaming writer and not an nlohmann::json DOM: order JSON is on the hottest read path
// (GET /orders/{id}, every action response); profiling showed building the DOM, re-parsing
// each stored payload and dumping it cost ~12% of a GET. Writing the text directly avoids all
// three. Request bodies are still parsed with nlohmann (json_input.h).
#ifndef MINSHENG_API_ORDER_JSON_H_
#define MINSHENG_API_ORDER_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/order.h"
#include "core/order_deadlines.h"
#include "core/order_service.h"
#include "core/review/reply_review.h"
#include "core/zone_config.h"

namespace minsheng::api {

// Values computed on read (never stored) that single-order views add.
struct OrderExtras {
  const OrderDeadlines* deadlines = nullptr;           // "deadlines"
  const std::vector<ReviewFinding>* review = nullptr;  // "reply_review"
};

// Appends the order as one JSON object; `with_timeline` adds the "timeline" array.
void AppendOrderJson(const WorkOrder& order, const ZoneConfig& config, bool with_timeline,
                     std::string* out, const OrderExtras* extras = nullptr);
std::string OrderJson(const WorkOrder& order, const ZoneConfig& config, bool with_timeline,
                      const OrderExtras* extras = nullptr);
void AppendEventJson(const Event& event, const ZoneConfig& config, std::string* out);

// Returns the JSON object `object_json` with a "duplicates" array of repeat candidates added
// (the dispatch suggestion plus 重复件 found by OrderService::FindRepeats).
// With `final_answers`, also a "final_answers" array (最终答复 of earlier orders on the same
// problem, OrderService::FindFinalAnswers).
std::string WithDuplicates(std::string object_json, const std::vector<RepeatCandidate>& repeats,
                           const ZoneConfig& config,
                           const std::vector<FinalAnswerCandidate>* final_answers = nullptr);

// Appends `text` when it is a stored JSON object, else `{}` (empty) or the text as a string.
void AppendInlineJson(std::string_view text, std::string* out);

}  // namespace minsheng::api

#endif  // MINSHENG_API_ORDER_JSON_H_
