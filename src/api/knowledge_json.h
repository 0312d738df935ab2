// Knowledge base (知识库) JSON ⇄ core mapping, shared by the HTTP routes and the CLI importer
// (the KnowledgeItem, KnowledgeInput and KnowledgeMatch schemas of openapi.json).
//
// Times are ISO 8601 at the zone's UTC offset ("2026-12-01" = local midnight), or null.
#ifndef MINSHENG_API_KNOWLEDGE_JSON_H_
#define MINSHENG_API_KNOWLEDGE_JSON_H_

#include <nlohmann/json.hpp>

#include "core/knowledge/knowledge_service.h"
#include "core/status.h"
#include "core/zone_config.h"

namespace minsheng::api {

// Reads title, body, categories, owner_unit, valid_from, valid_to, review_due, note and
// expected_version. Shape errors only (invalid_field); semantic checks are the core's.
Status ParseKnowledgeInput(const nlohmann::json& j, int utc_offset_minutes, KnowledgeInput* in);

nlohmann::json KnowledgeItemJson(const KnowledgeItem& item, const ZoneConfig& config);
nlohmann::json KnowledgeVersionJson(const KnowledgeVersion& version, const ZoneConfig& config);
// The item plus score, title_match and snippet {text, highlights: [[start, length], …]}.
nlohmann::json KnowledgeMatchJson(const KnowledgeMatch& match, const ZoneConfig& config);

}  // namespace minsheng::api

#endif  // MINSHENG_API_KNOWLEDGE_JSON_H_
