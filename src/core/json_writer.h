// A minimal JSON object writer for event payloads built inside the core (which has no JSON
// library). Produces compact, valid JSON; strings are escaped per RFC 8259.
#ifndef MINSHENG_CORE_JSON_WRITER_H_
#define MINSHENG_CORE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng {

class JsonObjectWriter {
 public:
  JsonObjectWriter& Add(std::string_view key, std::string_view value);
  JsonObjectWriter& Add(std::string_view key, const char* value) {
    return Add(key, std::string_view(value));
  }
  JsonObjectWriter& Add(std::string_view key, int64_t value);
  JsonObjectWriter& Add(std::string_view key, int value) { return Add(key, int64_t{value}); }
  JsonObjectWriter& Add(std::string_view key, bool value);
  JsonObjectWriter& Add(std::string_view key, const std::vector<std::string>& values);
  // Adds `json` verbatim as the value; the caller guarantees it is valid JSON (e.g. a stored
  // event payload). Empty text is written as {}.
  JsonObjectWriter& AddRaw(std::string_view key, std::string_view json);
  // Adds only when `value` is non-empty.
  JsonObjectWriter& AddIfNotEmpty(std::string_view key, std::string_view value);
  std::string Finish() const { return "{" + body_ + "}"; }

  static void AppendEscaped(std::string* out, std::string_view s);

 private:
  void Key(std::string_view key);
  std::string body_;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_JSON_WRITER_H_
