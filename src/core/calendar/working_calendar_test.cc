#include "core/calendar/working_calendar.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/calendar/calendar_test_util.h"

namespace minsheng {
namespace {

using testing::Bj;
using testing::Local;
using testing::Shipped;

TEST(WorkingCalendarTest, ClassifiesSpecialDates) {
  const WorkingCalendar& cal = Shipped();
  struct Case {
    CivilDate date;
    bool working;
    DayClass cls;
  } cases[] = {
      {{2026, 2, 14}, true, DayClass::kMakeUpWorkday},   // Sat, 春节调休
      {{2026, 2, 28}, true, DayClass::kMakeUpWorkday},   // Sat, 春节调休
      {{2026, 1, 4}, true, DayClass::kMakeUpWorkday},    // Sun, 元旦调休
      {{2025, 9, 28}, true, DayClass::kMakeUpWorkday},   // Sun, 国庆调休
      {{2025, 10, 11}, true, DayClass::kMakeUpWorkday},  // Sat, 国庆调休
      {{2026, 2, 13}, true, DayClass::kWeekday},         // Fri before a 调休 Saturday
      {{2026, 2, 15}, false, DayClass::kHoliday},        // Sun, 春节 first day
      {{2026, 2, 16}, false, DayClass::kHoliday},        // Mon
      {{2026, 2, 23}, false, DayClass::kHoliday},        // Mon, last day
      {{2026, 2, 24}, true, DayClass::kWeekday},        {{2026, 1, 1}, false, DayClass::kHoliday},
      {{2026, 1, 3}, false, DayClass::kHoliday},   // Sat inside the break
      {{2025, 10, 8}, false, DayClass::kHoliday},  // Wed
      {{2025, 10, 9}, true, DayClass::kWeekday},        {{2026, 11, 28}, false, DayClass::kWeekend},
      {{2026, 11, 29}, false, DayClass::kWeekend},      {{2026, 11, 30}, true, DayClass::kWeekday},
      {{2027, 1, 1}, true, DayClass::kWeekday},  // no 2027 file: a plain Friday
      {{2027, 2, 6}, false, DayClass::kWeekend},
  };
  for (const Case& c : cases) {
    DayInfo info = cal.Classify(c.date);
    EXPECT_EQ(info.working, c.working) << c.date.year << "-" << c.date.month << "-" << c.date.day;
    EXPECT_EQ(info.cls, c.cls) << c.date.year << "-" << c.date.month << "-" << c.date.day;
    EXPECT_EQ(cal.IsWorkingDay(c.date), c.working);
  }
  EXPECT_EQ(cal.Classify({2026, 2, 14}).name, "春节");
  EXPECT_TRUE(cal.HasOfficialData(2025));
  EXPECT_TRUE(cal.HasOfficialData(2026));
  EXPECT_FALSE(cal.HasOfficialData(2027));
  EXPECT_FALSE(cal.HasOfficialData(2024));
  EXPECT_EQ(cal.OfficialYears(), (std::vector<int>{2025, 2026}));
}

TEST(WorkingCalendarTest, DefaultCalendarHasNoOfficialData) {
  WorkingCalendar cal;
  EXPECT_FALSE(cal.HasOfficialData(2026));
  EXPECT_FALSE(cal.IsWorkingDay({2026, 2, 14}));  // a plain Saturday without data
  EXPECT_TRUE(cal.IsWorkingDay({2026, 2, 16}));   // a plain Monday without data
  EXPECT_EQ(cal.DailyWorkingMs(), 450 * WorkingCalendar::kMinuteMs);
}

TEST(WorkingCalendarTest, NextAndPreviousWorkingDay) {
  const WorkingCalendar& cal = Shipped();
  struct Case {
    CivilDate from, next;
  } cases[] = {
      {{2026, 2, 13}, {2026, 2, 14}},    // Fri → 调休 Sat
      {{2026, 2, 14}, {2026, 2, 24}},    // across the 9-day 春节 break
      {{2026, 2, 27}, {2026, 2, 28}},    // Fri → 调休 Sat
      {{2026, 2, 28}, {2026, 3, 2}},     // Sat → Mon (03-01 Sun is off)
      {{2025, 12, 31}, {2026, 1, 4}},    // across 元旦 to the 调休 Sunday
      {{2025, 9, 26}, {2025, 9, 28}},    // Fri → 调休 Sun
      {{2025, 9, 30}, {2025, 10, 9}},    // across 国庆、中秋
      {{2025, 10, 10}, {2025, 10, 11}},  // Fri → 调休 Sat
      {{2026, 9, 24}, {2026, 9, 28}},    // across 中秋 (Fri–Sun)
      {{2026, 11, 27}, {2026, 11, 30}},  // ordinary weekend
      {{2026, 12, 31}, {2027, 1, 1}},    // no 2027 data
  };
  for (const Case& c : cases) {
    EXPECT_EQ(cal.NextWorkingDay(c.from), c.next) << c.from.month << "-" << c.from.day;
  }
  EXPECT_EQ(cal.PreviousWorkingDay({2026, 2, 24}), (CivilDate{2026, 2, 14}));
  EXPECT_EQ(cal.PreviousWorkingDay({2026, 1, 4}), (CivilDate{2025, 12, 31}));
  EXPECT_EQ(cal.PreviousWorkingDay({2026, 3, 2}), (CivilDate{2026, 2, 28}));
}

TEST(WorkingCalendarTest, LocalDateUsesTheOffsetNotUtc) {
  const WorkingCalendar& cal = Shipped();
  // 2026-11-29T16:30Z is Monday 00:30 in Beijing, but still Sunday in UTC.
  int64_t t = Bj(2026, 11, 30, 0, 30);
  EXPECT_EQ(cal.LocalDate(t), (CivilDate{2026, 11, 30}));
  EXPECT_EQ(FormatIso8601(t, 0).substr(0, 10), "2026-11-29");
  EXPECT_EQ(cal.LocalDate(Bj(2026, 11, 29, 23, 59)), (CivilDate{2026, 11, 29}));
  EXPECT_EQ(cal.LocalDate(Bj(2026, 11, 30, 0, 0)), (CivilDate{2026, 11, 30}));
}

TEST(WorkingCalendarTest, IsWorkingTimeBoundaries) {
  const WorkingCalendar& cal = Shipped();
  struct Case {
    int64_t t;
    bool working;
  } cases[] = {
      {Bj(2026, 11, 30, 8, 29), false},  {Bj(2026, 11, 30, 8, 30), true},
      {Bj(2026, 11, 30, 11, 59), true},  {Bj(2026, 11, 30, 12, 0), false},
      {Bj(2026, 11, 30, 13, 59), false}, {Bj(2026, 11, 30, 14, 0), true},
      {Bj(2026, 11, 30, 17, 59), true},  {Bj(2026, 11, 30, 18, 0), false},
      {Bj(2026, 2, 14, 10, 0), true},    // 调休 Saturday
      {Bj(2026, 2, 16, 10, 0), false},   // 春节 Monday
      {Bj(2026, 11, 29, 10, 0), false},  // Sunday
  };
  for (const Case& c : cases) EXPECT_EQ(cal.IsWorkingTime(c.t), c.working) << Local(c.t);
}

struct AddCase {
  const char* what;
  int64_t start;
  double amount;
  int64_t expected;
};

TEST(WorkingCalendarTest, AddWorkingDays) {
  const WorkingCalendar& cal = Shipped();
  const AddCase cases[] = {
      // Inside working hours: same clock time N working days later.
      {"Mon 10:00 +1", Bj(2026, 11, 23, 10, 0), 1, Bj(2026, 11, 24, 10, 0)},
      {"Fri 10:00 +1", Bj(2026, 11, 27, 10, 0), 1, Bj(2026, 11, 30, 10, 0)},
      {"Mon 10:00 +5", Bj(2026, 11, 23, 10, 0), 5, Bj(2026, 11, 30, 10, 0)},
      {"Mon 15:00 +2", Bj(2026, 11, 23, 15, 0), 2, Bj(2026, 11, 25, 15, 0)},
      // Outside working hours: the clock starts at the next period; whole WDs end at 18:00.
      {"Mon 07:00 +1", Bj(2026, 11, 30, 7, 0), 1, Bj(2026, 11, 30, 18, 0)},
      {"Mon 07:00 +2", Bj(2026, 11, 30, 7, 0), 2, Bj(2026, 12, 1, 18, 0)},
      {"Mon 12:30 +1 (lunch)", Bj(2026, 11, 30, 12, 30), 1, Bj(2026, 12, 1, 12, 0)},
      {"Mon 12:00 +1", Bj(2026, 11, 30, 12, 0), 1, Bj(2026, 12, 1, 12, 0)},
      {"Mon 18:00 +1", Bj(2026, 11, 30, 18, 0), 1, Bj(2026, 12, 1, 18, 0)},
      {"Mon 18:30 +1", Bj(2026, 11, 30, 18, 30), 1, Bj(2026, 12, 1, 18, 0)},
      {"Mon 23:59 +1", Bj(2026, 11, 30, 23, 59), 1, Bj(2026, 12, 1, 18, 0)},
      {"Fri 18:30 +1", Bj(2026, 11, 27, 18, 30), 1, Bj(2026, 11, 30, 18, 0)},
      {"Sat 10:00 +1", Bj(2026, 11, 28, 10, 0), 1, Bj(2026, 11, 30, 18, 0)},
      {"Mon 00:30 local (Sun in UTC) +1", Bj(2026, 11, 30, 0, 30), 1, Bj(2026, 11, 30, 18, 0)},
      {"Sun 23:59 local +1", Bj(2026, 11, 29, 23, 59), 1, Bj(2026, 11, 30, 18, 0)},
      // Half working days (225 minutes).
      {"Mon 09:00 +0.5", Bj(2026, 11, 30, 9, 0), 0.5, Bj(2026, 11, 30, 14, 45)},
      {"Mon 08:30 +0.5", Bj(2026, 11, 30, 8, 30), 0.5, Bj(2026, 11, 30, 14, 15)},
      {"Mon 15:00 +0.5", Bj(2026, 11, 30, 15, 0), 0.5, Bj(2026, 12, 1, 9, 15)},
      {"Mon 07:00 +0.5", Bj(2026, 11, 30, 7, 0), 0.5, Bj(2026, 11, 30, 14, 15)},
      {"Mon 10:00 +1.5", Bj(2026, 11, 30, 10, 0), 1.5, Bj(2026, 12, 1, 15, 45)},
      {"Fri 17:00 +0.5", Bj(2026, 11, 27, 17, 0), 0.5, Bj(2026, 11, 30, 11, 15)},
      // Make-up working days (调休).
      {"Fri before 调休 Sat +1", Bj(2026, 2, 13, 10, 0), 1, Bj(2026, 2, 14, 10, 0)},
      {"Fri before 调休 Sat +2", Bj(2026, 2, 13, 10, 0), 2, Bj(2026, 2, 24, 10, 0)},
      {"Fri 18:00 before 调休 Sat +1", Bj(2026, 2, 13, 18, 0), 1, Bj(2026, 2, 14, 18, 0)},
      {"调休 Sat +1 over 春节", Bj(2026, 2, 14, 10, 0), 1, Bj(2026, 2, 24, 10, 0)},
      {"Thu 16:00 +5 over 春节", Bj(2026, 2, 12, 16, 0), 5, Bj(2026, 2, 26, 16, 0)},
      {"春节 Wed +1", Bj(2026, 2, 18, 10, 0), 1, Bj(2026, 2, 24, 18, 0)},
      {"Fri 02-27 +1 → 调休 Sat 02-28", Bj(2026, 2, 27, 9, 0), 1, Bj(2026, 2, 28, 9, 0)},
      {"2025-09-26 Fri +1 → 调休 Sun", Bj(2025, 9, 26, 10, 0), 1, Bj(2025, 9, 28, 10, 0)},
      {"2025-09-28 调休 Sun +1", Bj(2025, 9, 28, 10, 0), 1, Bj(2025, 9, 29, 10, 0)},
      {"2025-09-30 +1 over 国庆", Bj(2025, 9, 30, 10, 0), 1, Bj(2025, 10, 9, 10, 0)},
      {"2025-10-10 Fri +1 → 调休 Sat", Bj(2025, 10, 10, 10, 0), 1, Bj(2025, 10, 11, 10, 0)},
      {"2025-12-31 15:00 +1 over 元旦", Bj(2025, 12, 31, 15, 0), 1, Bj(2026, 1, 4, 15, 0)},
      {"2026-09-24 +1 over 中秋", Bj(2026, 9, 24, 10, 0), 1, Bj(2026, 9, 28, 10, 0)},
      {"2026-09-30 +5 over 国庆", Bj(2026, 9, 30, 10, 0), 5, Bj(2026, 10, 13, 10, 0)},
      {"2026-12-31 +1 into 2027 (no data)", Bj(2026, 12, 31, 10, 0), 1, Bj(2027, 1, 1, 10, 0)},
      // Degenerate amounts.
      {"zero", Bj(2026, 11, 28, 10, 0), 0, Bj(2026, 11, 28, 10, 0)},
      {"negative -1", Bj(2026, 11, 30, 10, 0), -1, Bj(2026, 11, 27, 10, 0)},
  };
  for (const AddCase& c : cases) {
    EXPECT_EQ(Local(cal.AddWorkingDays(c.start, c.amount)), Local(c.expected)) << c.what;
  }
}

TEST(WorkingCalendarTest, AddWorkingHours) {
  const WorkingCalendar& cal = Shipped();
  const AddCase cases[] = {
      {"09:00 +2", Bj(2026, 11, 30, 9, 0), 2, Bj(2026, 11, 30, 11, 0)},
      {"11:00 +2 across lunch", Bj(2026, 11, 30, 11, 0), 2, Bj(2026, 11, 30, 15, 0)},
      {"10:00 +2 ends at 12:00", Bj(2026, 11, 30, 10, 0), 2, Bj(2026, 11, 30, 12, 0)},
      {"12:30 +2 (lunch)", Bj(2026, 11, 30, 12, 30), 2, Bj(2026, 11, 30, 16, 0)},
      {"11:45 +0.5", Bj(2026, 11, 30, 11, 45), 0.5, Bj(2026, 11, 30, 14, 15)},
      {"17:00 +2 overnight", Bj(2026, 11, 30, 17, 0), 2, Bj(2026, 12, 1, 9, 30)},
      {"Fri 17:30 +2 → 调休 Sat", Bj(2026, 2, 13, 17, 30), 2, Bj(2026, 2, 14, 10, 0)},
      {"调休 Sat 17:00 +2 over 春节", Bj(2026, 2, 14, 17, 0), 2, Bj(2026, 2, 24, 9, 30)},
      {"2026-09-30 18:30 +2 over 国庆", Bj(2026, 9, 30, 18, 30), 2, Bj(2026, 10, 8, 10, 30)},
      {"Mon 07:00 +7.5 = 1 WD", Bj(2026, 11, 30, 7, 0), 7.5, Bj(2026, 11, 30, 18, 0)},
      {"Sat 23:00 +1", Bj(2026, 11, 28, 23, 0), 1, Bj(2026, 11, 30, 9, 30)},
  };
  for (const AddCase& c : cases) {
    EXPECT_EQ(Local(cal.AddWorkingHours(c.start, c.amount)), Local(c.expected)) << c.what;
  }
  EXPECT_EQ(Local(cal.AddWorkingMinutes(Bj(2026, 11, 30, 11, 50), 15)),
            Local(Bj(2026, 11, 30, 14, 5)));
}

TEST(WorkingCalendarTest, SubtractWorkingDays) {
  const WorkingCalendar& cal = Shipped();
  const AddCase cases[] = {
      {"Mon 10:00 -1", Bj(2026, 11, 30, 10, 0), 1, Bj(2026, 11, 27, 10, 0)},
      {"Tue 15:00 -1", Bj(2026, 12, 1, 15, 0), 1, Bj(2026, 11, 30, 15, 0)},
      {"Mon 08:30 -1 (period start → previous end)", Bj(2026, 11, 30, 8, 30), 1,
       Bj(2026, 11, 26, 18, 0)},
      {"Sat 12:00 -1", Bj(2026, 11, 28, 12, 0), 1, Bj(2026, 11, 26, 18, 0)},
      {"Fri 23:59 -1", Bj(2026, 11, 27, 23, 59), 1, Bj(2026, 11, 26, 18, 0)},
      {"Tue 14:00 -1 (after lunch)", Bj(2026, 12, 1, 14, 0), 1, Bj(2026, 11, 30, 12, 0)},
      {"02-24 09:00 -1 over 春节", Bj(2026, 2, 24, 9, 0), 1, Bj(2026, 2, 14, 9, 0)},
      {"2026-01-05 10:00 -1 → 调休 Sun", Bj(2026, 1, 5, 10, 0), 1, Bj(2026, 1, 4, 10, 0)},
      {"Mon 14:45 -0.5", Bj(2026, 11, 30, 14, 45), 0.5, Bj(2026, 11, 30, 9, 0)},
  };
  for (const AddCase& c : cases) {
    EXPECT_EQ(Local(cal.AddWorkingDays(c.start, -c.amount)), Local(c.expected)) << c.what;
    EXPECT_EQ(Local(cal.SubtractWorkingTime(
                  c.start, std::llround(c.amount * static_cast<double>(cal.DailyWorkingMs())))),
              Local(c.expected))
        << c.what;
  }
}

TEST(WorkingCalendarTest, WorkingTimeBetween) {
  const WorkingCalendar& cal = Shipped();
  struct Case {
    const char* what;
    int64_t a, b;
    double minutes;
  } cases[] = {
      {"same day", Bj(2026, 11, 30, 9, 0), Bj(2026, 11, 30, 15, 0), 180 + 60},
      {"whole day", Bj(2026, 11, 30, 0, 0), Bj(2026, 12, 1, 0, 0), 450},
      {"lunch only", Bj(2026, 11, 30, 12, 0), Bj(2026, 11, 30, 14, 0), 0},
      {"Fri 17:00 → Mon 09:00", Bj(2026, 11, 27, 17, 0), Bj(2026, 11, 30, 9, 0), 90},
      {"over 春节", Bj(2026, 2, 13, 17, 0), Bj(2026, 2, 24, 9, 0), 60 + 450 + 30},
      {"weekend", Bj(2026, 11, 28, 0, 0), Bj(2026, 11, 30, 0, 0), 0},
      {"reversed", Bj(2026, 11, 30, 15, 0), Bj(2026, 11, 30, 9, 0), -240},
  };
  for (const Case& c : cases) {
    EXPECT_DOUBLE_EQ(cal.WorkingMinutesBetween(c.a, c.b), c.minutes) << c.what;
  }
}

// Add and Subtract are consistent with WorkingTimeBetween for every start minute over the
// holiday-dense months (every 7 minutes to keep it quick).
TEST(WorkingCalendarTest, ArithmeticIsConsistent) {
  const WorkingCalendar& cal = Shipped();
  const int64_t amounts[] = {cal.DailyWorkingMs() / 2,     cal.DailyWorkingMs(),
                             2 * WorkingCalendar::kHourMs, 5 * cal.DailyWorkingMs(),
                             15 * cal.DailyWorkingMs(),    1};
  struct Range {
    int64_t from, to;
  } ranges[] = {{Bj(2025, 9, 20), Bj(2025, 10, 15)},
                {Bj(2025, 12, 25), Bj(2026, 1, 8)},
                {Bj(2026, 2, 10), Bj(2026, 3, 3)}};
  for (const Range& r : ranges) {
    for (int64_t s = r.from; s < r.to; s += 7 * WorkingCalendar::kMinuteMs) {
      for (int64_t x : amounts) {
        int64_t due = cal.AddWorkingTime(s, x);
        ASSERT_EQ(cal.WorkingTimeBetween(s, due), x) << Local(s);
        // Earliest instant: one millisecond earlier is not enough.
        ASSERT_LT(cal.WorkingTimeBetween(s, due - 1), x) << Local(s);
        int64_t back = cal.SubtractWorkingTime(s, x);
        ASSERT_EQ(cal.WorkingTimeBetween(back, s), x) << Local(s);
        ASSERT_GT(cal.WorkingTimeBetween(back - 1, s), x) << Local(s);  // earliest
      }
    }
  }
}

TEST(WorkingCalendarTest, NaturalTime) {
  int64_t t = Bj(2026, 2, 14, 23, 0);
  EXPECT_EQ(Local(WorkingCalendar::AddNaturalMinutes(t, 15)), Local(Bj(2026, 2, 14, 23, 15)));
  EXPECT_EQ(Local(WorkingCalendar::AddNaturalHours(t, 2)), Local(Bj(2026, 2, 15, 1, 0)));
  EXPECT_EQ(Local(WorkingCalendar::AddNaturalHours(t, 24)), Local(Bj(2026, 2, 15, 23, 0)));
  EXPECT_EQ(Local(WorkingCalendar::AddNaturalDays(t, 180)), Local(Bj(2026, 8, 13, 23, 0)));
}

TEST(WorkingCalendarTest, CustomHoursAndOffset) {
  WorkingCalendarOptions opts;
  opts.periods = {{9 * 60, 17 * 60}};  // 09:00–17:00, no lunch break
  auto cal = WorkingCalendar::Create({}, opts);
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_EQ(cal->DailyWorkingMs(), 8 * WorkingCalendar::kHourMs);
  EXPECT_EQ(Local(cal->AddWorkingDays(Bj(2026, 11, 30, 10, 0), 0.5)),
            Local(Bj(2026, 11, 30, 14, 0)));
  EXPECT_EQ(Local(cal->AddWorkingDays(Bj(2026, 11, 30, 12, 30), 1)),
            Local(Bj(2026, 12, 1, 12, 30)));

  // UTC+0: the same instant falls on a different local day.
  WorkingCalendarOptions utc;
  utc.utc_offset_minutes = 0;
  auto cal0 = WorkingCalendar::Create({}, utc);
  ASSERT_TRUE(cal0.ok());
  int64_t t = Bj(2026, 11, 30, 0, 30);  // Mon 00:30 Beijing = Sun 16:30 UTC
  EXPECT_EQ(cal0->LocalDate(t), (CivilDate{2026, 11, 29}));
  EXPECT_FALSE(cal0->IsWorkingDay(cal0->LocalDate(t)));
  // +1 WD from Sun 16:30 UTC ends Mon 18:00 UTC.
  EXPECT_EQ(FormatIso8601(cal0->AddWorkingDays(t, 1), 0), "2026-11-30T18:00:00.000+00:00");
}

TEST(WorkingCalendarTest, RejectsBadOptionsAndData) {
  struct Case {
    const char* what;
    std::vector<WorkingPeriod> periods;
  } bad[] = {
      {"empty", {}},
      {"reversed", {{12 * 60, 9 * 60}}},
      {"empty period", {{9 * 60, 9 * 60}}},
      {"overlap", {{9 * 60, 12 * 60}, {11 * 60, 18 * 60}}},
      {"unsorted", {{14 * 60, 18 * 60}, {9 * 60, 12 * 60}}},
      {"past midnight", {{20 * 60, 25 * 60}}},
  };
  for (const Case& c : bad) {
    WorkingCalendarOptions o;
    o.periods = c.periods;
    auto r = WorkingCalendar::Create({}, o);
    EXPECT_FALSE(r.ok()) << c.what;
    if (!r.ok()) {
      EXPECT_EQ(r.status().error_code(), "invalid_calendar");
    }
  }
  CalendarData a{2026, "s", "a.yaml", {{{2026, 1, 1}, DayKind::kOff, "元旦", 0}}};
  CalendarData b{2026, "s", "b.yaml", {}};
  EXPECT_FALSE(WorkingCalendar::Create({a, b}).ok());  // the same year twice
  CalendarData c{2027, "s", "c.yaml", {{{2026, 1, 1}, DayKind::kWork, "x", 0}}};
  EXPECT_FALSE(WorkingCalendar::Create({a, c}).ok());  // contradictory; also a weekday
  CalendarData d{2025, "s", "d.yaml", {{{2026, 1, 1}, DayKind::kOff, "元旦", 0}}};
  EXPECT_TRUE(WorkingCalendar::Create({a, d}).ok());  // agreeing overlap is fine
}

}  // namespace
}  // namespace minsheng
