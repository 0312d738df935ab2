#include "app/importer.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/time_util.h"

namespace minsheng {
namespace {

using json = nlohmann::json;

// Splits one CSV record (RFC 4180: quoted fields may contain commas, quotes and newlines).
// Reads more physical lines from `in` while a quoted field is open. False at EOF.
bool ReadCsvRecord(std::istream& in, std::vector<std::string>* fields, int64_t* lines_read,
                   int64_t* bytes_read, bool* unterminated) {
  fields->clear();
  *unterminated = false;
  std::string line;
  if (!std::getline(in, line)) return false;
  ++*lines_read;
  *bytes_read += static_cast<int64_t>(line.size()) + 1;
  std::string field;
  bool quoted = false;
  size_t i = 0;
  while (true) {
    if (i >= line.size()) {
      if (quoted) {
        std::string more;
        if (!std::getline(in, more)) {
          *unterminated = true;
          break;
        }
        ++*lines_read;
        *bytes_read += static_cast<int64_t>(more.size()) + 1;
        field.push_back('\n');
        line = std::move(more);
        i = 0;
        continue;
      }
      break;
    }
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
    } else if (c != '\r' || i + 1 != line.size()) {
      field.push_back(c);
    }
    ++i;
  }
  fields->push_back(std::move(field));
  return true;
}

std::string StringField(const json& row, const char* key) {
  auto it = row.find(key);
  if (it == row.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  throw std::invalid_argument(std::string("字段 ") + key + " 须为文本");
}

// Maps a flat row (JSON object or CSV columns) to the create input.
Status RowToInput(const json& row, int utc_offset, NewOrderInput* in) {
  try {
    if (!row.is_object()) return InvalidArgument("invalid_row", "每行须为一个 JSON 对象");
    in->channel = StringField(row, "channel");
    if (in->channel.empty()) in->channel = "other";
    in->type = StringField(row, "type");
    if (in->type.empty()) in->type = "other";
    in->urgency = StringField(row, "urgency");
    in->category = StringField(row, "category");
    in->external_id = StringField(row, "external_id");
    in->title = StringField(row, "title");
    in->content = StringField(row, "content");
    if (in->content.empty()) in->content = StringField(row, "text");
    in->address = StringField(row, "address");
    in->region_code = StringField(row, "region_code");
    if (auto c = row.find("citizen"); c != row.end() && c->is_object()) {
      in->citizen.name = StringField(*c, "name");
      in->citizen.phone = StringField(*c, "phone");
    } else {
      in->citizen.name = StringField(row, "citizen_name");
      in->citizen.phone = StringField(row, "citizen_phone");
    }
    std::string when = StringField(row, "created_at");
    if (when.empty()) when = StringField(row, "time");
    if (!when.empty()) {
      auto ms = ParseIso8601(when, utc_offset);
      if (!ms) return InvalidArgument("invalid_time", "时间格式无法识别:" + when);
      in->created_at = *ms;
    }
  } catch (const std::exception& e) {
    return InvalidArgument("invalid_field", e.what());
  }
  return Status::Ok();
}

}  // namespace

Result<ImportSummary> ImportOrdersFile(
    OrderService& service, const Actor& actor, const std::string& path,
    const std::function<void(int64_t rows, int64_t bytes, int64_t size)>& progress) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int64_t size = static_cast<int64_t>(fs::file_size(path, ec));
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) return InvalidArgument("file_not_found", "无法读取导入文件:" + path);
  const bool csv = path.size() >= 4 && path.substr(path.size() - 4) == ".csv";
  if (!csv && !(path.size() >= 6 && path.substr(path.size() - 6) == ".jsonl") &&
      !(path.size() >= 5 && path.substr(path.size() - 5) == ".json"))
    return InvalidArgument("unsupported_format", "仅支持 .jsonl 或 .csv 文件:" + path);

  ImportSummary sum;
  int64_t line_no = 0, bytes = 0;
  std::vector<std::string> header;
  auto handle = [&](int64_t at_line, const json& row) {
    ++sum.total;
    NewOrderInput input;
    Status st = RowToInput(row, service.config().utc_offset_minutes, &input);
    if (st.ok()) {
      auto r = service.Create(actor, std::move(input));
      if (r.ok()) {
        r->existed ? ++sum.skipped_existing : ++sum.imported;
      } else {
        st = r.status();
      }
    }
    if (!st.ok()) sum.errors.push_back({at_line, st.error_code(), st.message()});
    if (progress && sum.total % 50 == 0) progress(sum.total, bytes, size);
  };

  if (csv) {
    std::vector<std::string> fields;
    bool unterminated = false;
    int64_t start = 0;
    while (true) {
      start = line_no + 1;
      if (!ReadCsvRecord(in, &fields, &line_no, &bytes, &unterminated)) break;
      if (header.empty()) {
        header = fields;
        if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0)
          header[0] = header[0].substr(3);  // UTF-8 BOM from Excel
        continue;
      }
      if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
      if (unterminated) {
        ++sum.total;
        sum.errors.push_back({start, "invalid_csv", "引号未闭合"});
        break;
      }
      if (fields.size() != header.size()) {
        ++sum.total;
        sum.errors.push_back({start, "invalid_csv",
                              "列数 " + std::to_string(fields.size()) + " 与表头列数 " +
                                  std::to_string(header.size()) + " 不一致"});
        continue;
      }
      bool utf8 = true;
      json row = json::object();
      for (size_t i = 0; i < header.size(); ++i) {
        utf8 &= IsValidUtf8(fields[i]);
        if (!fields[i].empty()) row[header[i]] = fields[i];
      }
      if (!utf8) {
        ++sum.total;
        sum.errors.push_back({start, "invalid_utf8", "该行不是有效的 UTF-8 文本"});
        continue;
      }
      handle(start, row);
    }
  } else {
    std::string line;
    while (std::getline(in, line)) {
      ++line_no;
      bytes += static_cast<int64_t>(line.size()) + 1;
      if (TrimSpace(line).empty()) continue;
      if (!IsValidUtf8(line)) {
        ++sum.total;
        sum.errors.push_back({line_no, "invalid_utf8", "该行不是有效的 UTF-8 文本"});
        continue;
      }
      json row;
      try {
        row = json::parse(line);
      } catch (const json::parse_error& e) {
        ++sum.total;
        sum.errors.push_back({line_no, "invalid_json", "JSON 格式错误"});
        continue;
      }
      handle(line_no, row);
    }
  }
  if (progress) progress(sum.total, size, size);
  return sum;
}

}  // namespace minsheng
