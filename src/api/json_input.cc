#include "api/json_input.h"

#include <charconv>

#include "core/text.h"

namespace minsheng::api {

using nlohmann::json;

Result<json> ParseJsonObject(std::string_view body, bool allow_empty) {
  // UTF-8 is checked before parsing so that the client learns the real problem (the parser
  // would report it as a syntax error, or accept it inside strings).
  if (!IsValidUtf8(body)) return InvalidArgument("invalid_utf8", "请求体不是有效的 UTF-8 文本");
  bool blank = true;
  for (char c : body) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      blank = false;
      break;
    }
  }
  if (blank) {
    if (allow_empty) return json::object();
    return InvalidArgument("invalid_json", "请求体为空,应为 JSON 对象");
  }
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("invalid_json", "请求体不是合法的 JSON");
  if (!j.is_object()) return InvalidField("body", "JSON 对象");
  return j;
}

Status InvalidField(std::string_view field, std::string_view expected) {
  return InvalidArgument("invalid_field",
                         "字段 " + std::string(field) + " 的类型错误,应为" + std::string(expected));
}

Status CheckTextLength(std::string_view value, int max_chars, std::string_view field,
                       std::string_view label) {
  const std::string name = "字段「" + std::string(label) + "」(" + std::string(field) + ")";
  if (!IsValidUtf8(value)) return InvalidArgument("invalid_utf8", name + "不是有效的 UTF-8 文本");
  if (Utf8Length(value) > static_cast<size_t>(max_chars)) {
    return InvalidArgument("field_too_long",
                           name + "超过 " + std::to_string(max_chars) + " 个字符的上限");
  }
  return Status::Ok();
}

namespace {
const json* Find(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}
}  // namespace

Status ReadString(const json& obj, std::string_view key, std::string_view field, std::string* out) {
  const json* v = Find(obj, key);
  if (!v) return Status::Ok();
  if (!v->is_string()) return InvalidField(field, "字符串");
  *out = v->get<std::string>();
  return Status::Ok();
}

Status ReadBool(const json& obj, std::string_view key, std::string_view field, bool* out) {
  const json* v = Find(obj, key);
  if (!v) return Status::Ok();
  if (!v->is_boolean()) return InvalidField(field, "布尔值");
  *out = v->get<bool>();
  return Status::Ok();
}

Status ReadOptionalBool(const json& obj, std::string_view key, std::string_view field,
                        std::optional<bool>* out) {
  const json* v = Find(obj, key);
  if (!v) return Status::Ok();
  if (!v->is_boolean()) return InvalidField(field, "布尔值");
  *out = v->get<bool>();
  return Status::Ok();
}

Status ReadInt64(const json& obj, std::string_view key, std::string_view field, int64_t* out) {
  const json* v = Find(obj, key);
  if (!v) return Status::Ok();
  if (!v->is_number_integer()) return InvalidField(field, "整数");
  *out = v->get<int64_t>();
  return Status::Ok();
}

Status ReadStringArray(const json& obj, std::string_view key, std::string_view field,
                       std::vector<std::string>* out) {
  const json* v = Find(obj, key);
  if (!v) return Status::Ok();
  if (!v->is_array()) return InvalidField(field, "字符串数组");
  out->clear();
  for (const auto& e : *v) {
    if (!e.is_string()) return InvalidField(field, "字符串数组");
    out->push_back(e.get<std::string>());
  }
  return Status::Ok();
}

std::optional<int64_t> ParseId(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace minsheng::api
