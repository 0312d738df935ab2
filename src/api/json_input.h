// Shape checks for JSON request bodies: UTF-8 first, then syntax, then field types.
//
// Each helper returns InvalidArgument with a stable code (invalid_utf8, invalid_json,
// invalid_field) and a Chinese message naming the field. An absent field or JSON null leaves
// the output untouched; semantic checks (required, length, known ids) belong to the core.
#ifndef MINSHENG_API_JSON_INPUT_H_
#define MINSHENG_API_JSON_INPUT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace minsheng::api {

// Parses a request body that must be a JSON object. An empty body is an empty object when
// `allow_empty` (action bodies are optional).
Result<nlohmann::json> ParseJsonObject(std::string_view body, bool allow_empty);

Status InvalidField(std::string_view field, std::string_view expected);

Status ReadString(const nlohmann::json& obj, std::string_view key, std::string_view field,
                  std::string* out);
Status ReadBool(const nlohmann::json& obj, std::string_view key, std::string_view field, bool* out);
Status ReadOptionalBool(const nlohmann::json& obj, std::string_view key, std::string_view field,
                        std::optional<bool>* out);
Status ReadInt64(const nlohmann::json& obj, std::string_view key, std::string_view field,
                 int64_t* out);
Status ReadStringArray(const nlohmann::json& obj, std::string_view key, std::string_view field,
                       std::vector<std::string>* out);

// The length limit of a text field (`limits:` in zone.yaml) for routes that only read, such as
// the suggestion while an appeal is typed: the core checks the limits of what it stores itself.
// field_too_long (or invalid_utf8) with the message the core gives: "字段「标题」(title)超过 200
// 个字符的上限".
Status CheckTextLength(std::string_view value, int max_chars, std::string_view field,
                       std::string_view label);

// Parses a positive decimal id from a path segment.
std::optional<int64_t> ParseId(std::string_view s);

}  // namespace minsheng::api

#endif  // MINSHENG_API_JSON_INPUT_H_
