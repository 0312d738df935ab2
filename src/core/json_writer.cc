#include "core/json_writer.h"

#include <cstdio>

namespace minsheng {

void JsonObjectWriter::AppendEscaped(std::string* out, std::string_view s) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out->append(buf);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void JsonObjectWriter::Key(std::string_view key) {
  if (!body_.empty()) body_.push_back(',');
  AppendEscaped(&body_, key);
  body_.push_back(':');
}

JsonObjectWriter& JsonObjectWriter::Add(std::string_view key, std::string_view value) {
  Key(key);
  AppendEscaped(&body_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Add(std::string_view key, int64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Add(std::string_view key, bool value) {
  Key(key);
  body_ += value ? "true" : "false";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Add(std::string_view key,
                                        const std::vector<std::string>& values) {
  Key(key);
  body_.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) body_.push_back(',');
    AppendEscaped(&body_, values[i]);
  }
  body_.push_back(']');
  return *this;
}

JsonObjectWriter& JsonObjectWriter::AddRaw(std::string_view key, std::string_view json) {
  Key(key);
  if (json.empty()) {
    body_ += "{}";
  } else {
    body_ += json;
  }
  return *this;
}

JsonObjectWriter& JsonObjectWriter::AddIfNotEmpty(std::string_view key, std::string_view value) {
  if (!value.empty()) Add(key, value);
  return *this;
}

}  // namespace minsheng
