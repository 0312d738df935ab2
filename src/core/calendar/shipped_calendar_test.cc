// Cross-checks the shipped config/default/calendar/*.yaml against the official arrangements, typed
// in here independently from the State Council notices (as summarised in CALENDAR.md).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/calendar/calendar_data.h"
#include "core/calendar/calendar_test_util.h"
#include "core/calendar/working_calendar.h"

namespace minsheng {
namespace {

struct Block {
  const char* name;
  CivilDate first_off;
  int off_days;
  std::vector<CivilDate> make_up;  // 调休上班
};

// 2025: 国办发明电〔2024〕12号. 2026: 国务院办公厅 2025-11-04.
const std::vector<Block>& Official() {
  static const std::vector<Block> blocks = {
      {"元旦", {2025, 1, 1}, 1, {}},
      {"春节", {2025, 1, 28}, 8, {{2025, 1, 26}, {2025, 2, 8}}},
      {"清明节", {2025, 4, 4}, 3, {}},
      {"劳动节", {2025, 5, 1}, 5, {{2025, 4, 27}}},
      {"端午节", {2025, 5, 31}, 3, {}},
      {"国庆节、中秋节", {2025, 10, 1}, 8, {{2025, 9, 28}, {2025, 10, 11}}},
      {"元旦", {2026, 1, 1}, 3, {{2026, 1, 4}}},
      {"春节", {2026, 2, 15}, 9, {{2026, 2, 14}, {2026, 2, 28}}},
      {"清明节", {2026, 4, 4}, 3, {}},
      {"劳动节", {2026, 5, 1}, 5, {{2026, 5, 9}}},
      {"端午节", {2026, 6, 19}, 3, {}},
      {"中秋节", {2026, 9, 25}, 3, {}},
      {"国庆节", {2026, 10, 1}, 7, {{2026, 9, 20}, {2026, 10, 10}}},
  };
  return blocks;
}

TEST(ShippedCalendarTest, FilesParseAndCoverExactlyTheOfficialYears) {
  auto data = LoadCalendarDirectory(testing::ShippedCalendarDir());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->size(), 2u);
  EXPECT_EQ((*data)[0].year, 2025);
  EXPECT_EQ((*data)[0].file, "cn-2025.yaml");
  EXPECT_NE((*data)[0].source.find("国办发明电〔2024〕12号"), std::string::npos);
  EXPECT_EQ((*data)[1].year, 2026);
  EXPECT_EQ((*data)[1].file, "cn-2026.yaml");
  EXPECT_FALSE((*data)[1].source.empty());
  const WorkingCalendar& cal = testing::Shipped();
  EXPECT_FALSE(cal.HasOfficialData(2027)) << "no 2027 guess may be shipped";
}

TEST(ShippedCalendarTest, EveryOfficialDateIsClassifiedCorrectly) {
  const WorkingCalendar& cal = testing::Shipped();
  std::map<CivilDate, std::pair<DayKind, std::string>> expected;
  for (const Block& b : Official()) {
    for (int i = 0; i < b.off_days; ++i) {
      CivilDate d = CivilFromDays(DaysFromCivil(b.first_off) + i);
      expected[d] = {DayKind::kOff, b.name};
      DayInfo info = cal.Classify(d);
      EXPECT_FALSE(info.working) << b.name << " " << d.month << "-" << d.day;
      EXPECT_EQ(info.cls, DayClass::kHoliday) << b.name << " " << d.month << "-" << d.day;
      EXPECT_EQ(info.name, b.name);
    }
    for (const CivilDate& d : b.make_up) {
      expected[d] = {DayKind::kWork, b.name};
      EXPECT_GE(Weekday(d), 5) << "a make-up day is a weekend day";
      DayInfo info = cal.Classify(d);
      EXPECT_TRUE(info.working) << b.name << " " << d.month << "-" << d.day;
      EXPECT_EQ(info.cls, DayClass::kMakeUpWorkday) << b.name << " " << d.month << "-" << d.day;
      EXPECT_EQ(info.name, b.name);
    }
  }
  // The files list nothing else.
  auto data = LoadCalendarDirectory(testing::ShippedCalendarDir());
  ASSERT_TRUE(data.ok());
  size_t listed = 0;
  for (const CalendarData& y : *data) {
    for (const CalendarDay& d : y.days) {
      ++listed;
      auto it = expected.find(d.date);
      ASSERT_NE(it, expected.end()) << y.file << " line " << d.line << " is not official";
      EXPECT_EQ(it->second.first, d.kind) << y.file << " line " << d.line;
      EXPECT_EQ(it->second.second, d.name) << y.file << " line " << d.line;
    }
  }
  EXPECT_EQ(listed, expected.size());
  // Every other date of 2025–2026 follows the plain week.
  for (int64_t day = DaysFromCivil({2025, 1, 1}); day <= DaysFromCivil({2026, 12, 31}); ++day) {
    CivilDate d = CivilFromDays(day);
    if (expected.count(d)) continue;
    EXPECT_EQ(cal.IsWorkingDay(d), Weekday(d) < 5) << d.year << "-" << d.month << "-" << d.day;
  }
}

// A coarse regression check: counted from the notices by hand (weekdays − holidays that fall on
// weekdays + make-up days), 2025 and 2026 each have 248 working days.
TEST(ShippedCalendarTest, WorkingDaysPerYear) {
  const WorkingCalendar& cal = testing::Shipped();
  for (int year : {2025, 2026}) {
    int count = 0;
    for (int64_t day = DaysFromCivil({year, 1, 1}); day <= DaysFromCivil({year, 12, 31}); ++day) {
      count += cal.IsWorkingDay(CivilFromDays(day));
    }
    EXPECT_EQ(count, 248) << year;
  }
}

}  // namespace
}  // namespace minsheng
