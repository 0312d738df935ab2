#include "api/knowledge_json.h"

#include "api/json_input.h"
#include "core/time_util.h"

namespace minsheng::api {
namespace {

using nlohmann::json;

Status ReadTime(const json& j, const char* key, int offset, int64_t* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (it->is_string() && it->get<std::string>().empty()) return Status::Ok();
  std::optional<int64_t> ms;
  if (it->is_string()) ms = ParseIso8601(it->get<std::string>(), offset);
  if (!ms)
    return InvalidField(key, "ISO 8601 日期或时间(如 2026-12-01 或 2026-12-01T18:00:00+08:00)");
  *out = *ms;
  return Status::Ok();
}

json Time(int64_t ms, const ZoneConfig& config) {
  if (ms == 0) return nullptr;
  return FormatIso8601(ms, config.utc_offset_minutes);
}

}  // namespace

Status ParseKnowledgeInput(const json& j, int offset, KnowledgeInput* in) {
  MS_RETURN_IF_ERROR(ReadString(j, "title", "title", &in->title));
  MS_RETURN_IF_ERROR(ReadString(j, "body", "body", &in->body));
  MS_RETURN_IF_ERROR(ReadStringArray(j, "categories", "categories", &in->categories));
  MS_RETURN_IF_ERROR(ReadString(j, "owner_unit", "owner_unit", &in->owner_unit));
  MS_RETURN_IF_ERROR(ReadTime(j, "valid_from", offset, &in->valid_from));
  MS_RETURN_IF_ERROR(ReadTime(j, "valid_to", offset, &in->valid_to));
  MS_RETURN_IF_ERROR(ReadTime(j, "review_due", offset, &in->review_due));
  MS_RETURN_IF_ERROR(ReadString(j, "note", "note", &in->note));
  MS_RETURN_IF_ERROR(ReadInt64(j, "expected_version", "expected_version", &in->expected_version));
  return Status::Ok();
}

json KnowledgeItemJson(const KnowledgeItem& item, const ZoneConfig& config) {
  const OrgUnit* unit = config.FindUnit(item.owner_unit);
  return json{{"id", item.id},
              {"title", item.title},
              {"body", item.body},
              {"categories", item.categories},
              {"owner_unit", item.owner_unit},
              {"owner_unit_name", unit != nullptr ? unit->name : item.owner_unit},
              {"valid_from", Time(item.valid_from, config)},
              {"valid_to", Time(item.valid_to, config)},
              {"review_due", Time(item.review_due, config)},
              {"status", std::string(ToString(item.status))},
              {"status_label", std::string(LabelZh(item.status))},
              {"version", item.version},
              {"created_by", item.created_by},
              {"created_at", Time(item.created_at, config)},
              {"updated_by", item.updated_by},
              {"updated_at", Time(item.updated_at, config)}};
}

json KnowledgeVersionJson(const KnowledgeVersion& version, const ZoneConfig& config) {
  json j = KnowledgeItemJson(version.item, config);
  j["change"] = version.change;
  j["note"] = version.note;
  return j;
}

json KnowledgeMatchJson(const KnowledgeMatch& match, const ZoneConfig& config) {
  json j = KnowledgeItemJson(match.item, config);
  j["score"] = match.score;
  j["title_match"] = match.title_match;
  json highlights = json::array();
  for (const auto& [start, length] : match.snippet.highlights)
    highlights.push_back(json::array({start, length}));
  j["snippet"] = json{{"text", match.snippet.text}, {"highlights", highlights}};
  return j;
}

}  // namespace minsheng::api
