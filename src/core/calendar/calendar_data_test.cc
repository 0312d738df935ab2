#include "core/calendar/calendar_data.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace minsheng {
namespace {

constexpr char kGood[] =
    "# comment line\n"
    "year: 2026\n"
    "source: 国务院办公厅通知(2025-11-04)  # trailing comment\n"
    "\n"
    "days:\n"
    "  # 春节\n"
    "  - {date: 2026-02-15, kind: holiday, name: 春节}\n"
    "  - {name: \"春节\", kind: workday, date: 2026-02-14}   # fields in any order, quoted\n"
    "  - {date: 2025-12-31, kind: holiday, name: 元旦}\n";

TEST(CalendarDataTest, ParsesTheDocumentedSubset) {
  auto r = ParseCalendarFile(kGood, "cn-2026.yaml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->year, 2026);
  EXPECT_EQ(r->source, "国务院办公厅通知(2025-11-04)");
  EXPECT_EQ(r->file, "cn-2026.yaml");
  ASSERT_EQ(r->days.size(), 3u);
  // Sorted by date.
  EXPECT_EQ(r->days[0].date, (CivilDate{2025, 12, 31}));
  EXPECT_EQ(r->days[1].date, (CivilDate{2026, 2, 14}));
  EXPECT_EQ(r->days[1].kind, DayKind::kWork);
  EXPECT_EQ(r->days[1].name, "春节");
  EXPECT_EQ(r->days[1].line, 8);
  EXPECT_EQ(r->days[2].kind, DayKind::kOff);
  EXPECT_EQ(ToString(DayKind::kOff), "holiday");
  EXPECT_EQ(ToString(DayKind::kWork), "workday");
}

TEST(CalendarDataTest, AcceptsCrlfBomAndEmptyList) {
  auto r = ParseCalendarFile("\xEF\xBB\xBFyear: 2027\r\nsource: x\r\ndays:\r\n", "a.yaml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->year, 2027);
  EXPECT_TRUE(r->days.empty());
}

struct BadCase {
  const char* name;
  std::string text;
  const char* expected;  // substring of the message, including the line number
};

TEST(CalendarDataTest, RejectsWithLineNumberedChineseMessages) {
  const std::string head = "year: 2026\nsource: s\ndays:\n";  // lines 1-3
  const BadCase cases[] = {
      {"tab", "year: 2026\n\tsource: s\n", "第2行:不允许使用制表符"},
      {"unknown key", "year: 2026\nsauce: s\n", "第2行:未知的键“sauce”"},
      {"bad year", "year: 26\n", "第1行:year 应为四位年份"},
      {"duplicate year", "year: 2026\nyear: 2026\n", "第2行:重复的键 year"},
      {"no colon", "year 2026\n", "第1行:应为“键: 值”"},
      {"missing source", "year: 2026\ndays:\n", "缺少 source"},
      {"missing year", "source: s\ndays:\n", "缺少 year"},
      {"missing days", "year: 2026\nsource: s\n", "缺少 days"},
      {"value after days", "year: 2026\nsource: s\ndays: []\n", "第3行:days: 后应换行"},
      {"item outside days", "year: 2026\n  - {date: 2026-01-01, kind: holiday, name: 元旦}\n",
       "第2行:只有 days: 之下的条目可以缩进"},
      {"no dash", head + "  {date: 2026-01-01, kind: holiday, name: 元旦}\n",
       "第4行:条目应以“- ”开头"},
      {"block mapping", head + "  - date: 2026-01-01\n", "第4行:条目应写成 - {date"},
      {"bad date", head + "  - {date: 2026-02-30, kind: holiday, name: 春节}\n",
       "第4行:日期格式错误,应为 YYYY-MM-DD:2026-02-30"},
      {"short date", head + "  - {date: 2026-2-3, kind: holiday, name: 春节}\n",
       "第4行:日期格式错误"},
      {"off is not a kind", head + "  - {date: 2026-01-01, kind: off, name: 元旦}\n",
       "第4行:kind 只能是 holiday(放假)或 workday(调休上班):off"},
      {"empty name", head + "  - {date: 2026-01-01, kind: holiday, name: }\n",
       "第4行:name(节日名称)不能为空"},
      {"missing name", head + "  - {date: 2026-01-01, kind: holiday}\n", "第4行:条目缺少 name"},
      {"missing kind", head + "  - {date: 2026-01-01, name: 元旦}\n", "第4行:条目缺少 kind"},
      {"unknown field",
       head + "  - {date: 2026-01-01, kind: holiday, name: 元旦, to: 2026-01-03}\n",
       "第4行:未知字段“to”"},
      {"repeated field",
       head + "  - {date: 2026-01-01, date: 2026-01-02, kind: holiday, name: 元旦}\n",
       "第4行:重复的字段 date"},
      {"field without colon", head + "  - {date: 2026-01-01, holiday, name: 元旦}\n",
       "第4行:条目字段应写成“键: 值”"},
      {"quote inside", head + "  - {date: 2026-01-01, kind: holiday, name: 元\"旦}\n",
       "第4行:值中不允许出现引号"},
      {"workday on a weekday", head + "  - {date: 2026-02-13, kind: workday, name: 春节}\n",
       "第4行:调休上班日 2026-02-13 是工作日"},
      {"duplicate date",
       head + "  - {date: 2026-01-01, kind: holiday, name: 元旦}\n"
              "  - {date: 2026-01-01, kind: holiday, name: 元旦}\n",
       "第5行:日期 2026-01-01 重复(第4行已列出)"},
      {"date too far", head + "  - {date: 2028-01-01, kind: holiday, name: 元旦}\n",
       "第4行:日期 2028-01-01 与年份 2026 相差超过一年"},
      {"saved as GBK", head + "  - {date: 2026-01-01, kind: holiday, name: \xD4\xAA\xB5\xA9}\n",
       "不是有效的 UTF-8 文本"},
  };
  for (const BadCase& c : cases) {
    auto r = ParseCalendarFile(c.text, "cn-2026.yaml");
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(r.status().error_code(), "invalid_calendar") << c.name;
    EXPECT_NE(r.status().message().find(c.expected), std::string::npos)
        << c.name << ": " << r.status().message();
    EXPECT_EQ(r.status().message().rfind("cn-2026.yaml ", 0), 0u) << c.name;
  }
}

TEST(CalendarDataTest, LoadDirectoryErrors) {
  auto r = LoadCalendarDirectory("/nonexistent/minsheng/calendar");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().error_code(), "invalid_calendar");
}

TEST(CalendarDataTest, LoadDirectoryReportsTheFileAndDuplicateYears) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("minsheng_calendar_test_" +
                  std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const char* name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
  };
  write("cn-2030.yaml", "year: 2030\nsource: s\ndays:\n");
  write("notes.txt", "ignored: not a .yaml file\n");
  auto ok = LoadCalendarDirectory(dir.string());
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].file, "cn-2030.yaml");

  write("cn-2030-copy.yaml", "year: 2030\nsource: s\ndays:\n");
  auto dup = LoadCalendarDirectory(dir.string());
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("年份 2030 同时出现在"), std::string::npos)
      << dup.status().message();

  fs::remove(dir / "cn-2030-copy.yaml");
  write("cn-2031.yaml",
        "year: 2031\nsource: s\ndays:\n  - {date: 2031-13-01, kind: holiday, name: x}\n");
  auto bad = LoadCalendarDirectory(dir.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cn-2031.yaml 第4行:日期格式错误"), std::string::npos)
      << bad.status().message();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace minsheng
