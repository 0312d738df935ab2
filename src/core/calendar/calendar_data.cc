#include "core/calendar/calendar_data.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "core/text.h"

namespace minsheng {
namespace {

constexpr std::string_view kWhitespace = " \t";

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(kWhitespace);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(kWhitespace);
  return s.substr(b, e - b + 1);
}

// Removes a trailing " # comment". Values never contain '#', so the first '#' that starts the
// line or follows a space begins a comment.
std::string_view StripComment(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '#' && (i == 0 || s[i - 1] == ' ')) return s.substr(0, i);
  }
  return s;
}

class LineError {
 public:
  LineError(std::string_view file, int line) : file_(file), line_(line) {}
  Status operator()(const std::string& msg) const {
    std::string where = file_.empty() ? std::string("日历文件") : std::string(file_);
    return InvalidArgument("invalid_calendar", where + " 第" + std::to_string(line_) + "行:" + msg);
  }

 private:
  std::string_view file_;
  int line_;
};

// A scalar value: optional matching double quotes, no quote characters inside.
std::optional<std::string> Scalar(std::string_view v) {
  v = Trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.find('"') != std::string_view::npos || v.find('\'') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(v);
}

bool ParseYear(std::string_view s, int* out) {
  if (s.size() != 4) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v < 1900) return false;
  *out = v;
  return true;
}

// Strict "YYYY-MM-DD" that names a real date.
std::optional<CivilDate> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  CivilDate d{num(0, 4), num(5, 2), num(8, 2)};
  if (d.year < 0 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return std::nullopt;
  if (CivilFromDays(DaysFromCivil(d)) != d) return std::nullopt;  // e.g. 02-30
  return d;
}

std::string FormatDate(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// Parses the body of "- {date: 2026-01-01, kind: off, name: 元旦}" (between the braces).
Status ParseItem(std::string_view body, const LineError& err, CalendarDay* day) {
  std::optional<CivilDate> date;
  std::optional<DayKind> kind;
  std::optional<std::string> name;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t comma = body.find(',', pos);
    std::string_view field = Trim(
        body.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    pos = comma == std::string_view::npos ? body.size() + 1 : comma + 1;
    size_t colon = field.find(':');
    if (colon == std::string_view::npos) {
      return err("条目字段应写成“键: 值”,用英文逗号分隔:" + std::string(field));
    }
    std::string_view key = Trim(field.substr(0, colon));
    std::optional<std::string> value = Scalar(field.substr(colon + 1));
    if (!value) return err("值中不允许出现引号:" + std::string(field));
    if (key == "date") {
      if (date) return err("重复的字段 date");
      date = ParseDate(*value);
      if (!date) return err("日期格式错误,应为 YYYY-MM-DD:" + *value);
    } else if (key == "kind") {
      if (kind) return err("重复的字段 kind");
      // Not "off"/"on": YAML 1.1 tools read those as booleans.
      if (*value == "holiday") {
        kind = DayKind::kOff;
      } else if (*value == "workday") {
        kind = DayKind::kWork;
      } else {
        return err("kind 只能是 holiday(放假)或 workday(调休上班):" + *value);
      }
    } else if (key == "name") {
      if (name) return err("重复的字段 name");
      if (value->empty()) return err("name(节日名称)不能为空");
      name = *value;
    } else {
      return err("未知字段“" + std::string(key) + "”(可用字段:date、kind、name)");
    }
  }
  if (!date) return err("条目缺少 date");
  if (!kind) return err("条目缺少 kind");
  if (!name) return err("条目缺少 name");
  day->date = *date;
  day->kind = *kind;
  day->name = *name;
  return Status::Ok();
}

}  // namespace

std::string_view ToString(DayKind k) { return k == DayKind::kOff ? "holiday" : "workday"; }

Result<CalendarData> ParseCalendarFile(std::string_view text, std::string_view file_name) {
  CalendarData data;
  data.file = std::string(file_name);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  // Holiday names reach deadlines' explanations and reports (found by fuzz/calendar_fuzz.cc).
  if (!IsValidUtf8(text)) {
    return InvalidArgument("invalid_calendar",
                           std::string(file_name) + " 不是有效的 UTF-8 文本(请以 UTF-8 编码保存)");
  }

  bool have_year = false, have_source = false, in_days = false;
  int days_line = 0;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view raw =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    LineError err(file_name, line_no);
    if (raw.find('\t') != std::string_view::npos) return err("不允许使用制表符(Tab),请用空格");
    std::string_view line = StripComment(raw);
    if (Trim(line).empty()) continue;

    bool indented = line.front() == ' ';
    std::string_view content = Trim(line);
    if (indented) {
      if (!in_days) return err("只有 days: 之下的条目可以缩进");
      if (content.substr(0, 2) != "- ") return err("条目应以“- ”开头");
      std::string_view item = Trim(content.substr(2));
      if (item.size() < 2 || item.front() != '{' || item.back() != '}') {
        return err("条目应写成 - {date: YYYY-MM-DD, kind: holiday|workday, name: 节日名称}");
      }
      CalendarDay day;
      day.line = line_no;
      Status s = ParseItem(item.substr(1, item.size() - 2), err, &day);
      if (!s.ok()) return s;
      data.days.push_back(std::move(day));
      continue;
    }

    in_days = false;
    size_t colon = content.find(':');
    if (colon == std::string_view::npos) return err("应为“键: 值”:" + std::string(content));
    std::string_view key = Trim(content.substr(0, colon));
    std::string_view rest = content.substr(colon + 1);
    if (key == "year") {
      if (have_year) return err("重复的键 year");
      if (!ParseYear(Trim(rest), &data.year))
        return err("year 应为四位年份:" + std::string(Trim(rest)));
      have_year = true;
    } else if (key == "source") {
      if (have_source) return err("重复的键 source");
      std::optional<std::string> v = Scalar(rest);
      if (!v) return err("值中不允许出现引号");
      if (v->empty()) return err("source(通知文号或来源)不能为空");
      data.source = *v;
      have_source = true;
    } else if (key == "days") {
      if (days_line != 0) return err("重复的键 days");
      if (!Trim(rest).empty()) return err("days: 后应换行,逐行列出条目");
      in_days = true;
      days_line = line_no;
    } else {
      return err("未知的键“" + std::string(key) + "”(可用:year、source、days)");
    }
  }

  LineError file_err(file_name, line_no == 0 ? 1 : line_no);
  if (!have_year) return file_err("缺少 year(年份)");
  if (!have_source) return file_err("缺少 source(国务院办公厅通知的文号或来源)");
  if (days_line == 0) return file_err("缺少 days(日期列表)");

  std::map<CivilDate, int> seen;
  for (const CalendarDay& d : data.days) {
    LineError err(file_name, d.line);
    if (d.date.year < data.year - 1 || d.date.year > data.year + 1) {
      return err("日期 " + FormatDate(d.date) + " 与年份 " + std::to_string(data.year) +
                 " 相差超过一年");
    }
    auto [it, inserted] = seen.emplace(d.date, d.line);
    if (!inserted) {
      return err("日期 " + FormatDate(d.date) + " 重复(第" + std::to_string(it->second) +
                 "行已列出)");
    }
    if (d.kind == DayKind::kWork && Weekday(d.date) < 5) {
      return err("调休上班日 " + FormatDate(d.date) +
                 " 是工作日(周一至周五),只有周六、周日可标为 workday");
    }
  }
  std::sort(data.days.begin(), data.days.end(),
            [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
  return data;
}

Result<std::vector<CalendarData>> LoadCalendarDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return InvalidArgument("invalid_calendar", "无法读取节假日日历目录:" + dir);
  if (files.empty()) {
    return InvalidArgument("invalid_calendar", "节假日日历目录中没有 .yaml 文件:" + dir);
  }
  std::sort(files.begin(), files.end());
  std::vector<CalendarData> out;
  std::map<int, std::string> years;
  for (const fs::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return InvalidArgument("invalid_calendar", "无法打开日历文件:" + p.string());
    std::stringstream ss;
    ss << in.rdbuf();
    Result<CalendarData> r = ParseCalendarFile(ss.str(), p.filename().string());
    if (!r.ok()) return r.status();
    auto [it, inserted] = years.emplace(r->year, p.filename().string());
    if (!inserted) {
      return InvalidArgument("invalid_calendar", "年份 " + std::to_string(r->year) +
                                                     " 同时出现在 " + it->second + " 和 " +
                                                     p.filename().string() + " 中");
    }
    out.push_back(std::move(r).value());
  }
  return out;
}

}  // namespace minsheng
