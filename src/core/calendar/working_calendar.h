// WorkingCalendar: which local dates are working days (weekends, 法定节假日 and 调休 make-up
// days) and time arithmetic in working time. Built once from CalendarData at startup; every
// function is a pure function of (calendar, instants) — nothing here reads a clock
// (STYLE.md §3 practice 7).
//
// Definitions (see docs/calendar.md for examples):
// - A date is a working day when it is listed "workday" (调休上班), else when it is not listed
//   "holiday" and is Monday–Friday. Years without an official file are plain weekdays/weekends;
//   HasOfficialData(year) tells the admin screen to warn.
// - Working time is the union of the working periods (default 08:30–12:00 and 14:00–18:00
//   local time, 7.5 h a day) on working days. Instants are Unix epoch milliseconds (UTC);
//   local time is UTC + utc_offset_minutes (default +08:00; China has no DST).
// - 1 working day (WD) is the length of one day's working time (default 450 minutes);
//   0.5 WD is half of it. AddWorkingTime(start, x) returns the EARLIEST instant at which x of
//   working time has elapsed since `start`. Consequences:
//     * from inside working hours, N WD later is the same clock time N working days later
//       (Mon 10:00 + 1 WD = Tue 10:00; Fri 10:00 + 1 WD = next working day 10:00);
//     * from outside working hours the clock starts at the next working period, and a whole
//       number of WD ends at the end of a working day (Fri 18:30 + 1 WD = Mon 18:00;
//       07:00 + 1 WD = the same day 18:00 when it is a working day);
//     * a result that reaches its amount exactly at the end of a period is reported as that
//       end (12:00 or 18:00), never as the start of the next period.
// - SubtractWorkingTime(end, x) is the mirror image: the EARLIEST instant t with
//   WorkingTimeBetween(t, end) == x, so results also sit at period ends (Mon 10:00 − 1 WD =
//   previous working day 10:00; Sat 12:00 − 1 WD = Thu 18:00 if Fri is a working day).
// - WorkingTimeBetween(a, b) is the working time in [a, b) (negative when b < a); it is the
//   inverse of AddWorkingTime: WorkingTimeBetween(s, AddWorkingTime(s, x)) == x.
//
// Thread-safety: immutable after Create; share a const reference freely.
#ifndef MINSHENG_CORE_CALENDAR_WORKING_CALENDAR_H_
#define MINSHENG_CORE_CALENDAR_WORKING_CALENDAR_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/calendar/calendar_data.h"
#include "core/status.h"
#include "core/time_util.h"

namespace minsheng {

// A working period of a working day in local minutes since midnight, [start, end).
struct WorkingPeriod {
  int start_minute = 0;
  int end_minute = 0;
  auto operator<=>(const WorkingPeriod&) const = default;
};

struct WorkingCalendarOptions {
  // Sorted, non-overlapping, within 00:00–24:00, at least one non-empty period.
  // Default: 08:30–12:00 and 14:00–18:00 (common 机关 office hours).
  std::vector<WorkingPeriod> periods = {{8 * 60 + 30, 12 * 60}, {14 * 60, 18 * 60}};
  int utc_offset_minutes = 8 * 60;
};

// Why a date is or is not a working day.
enum class DayClass {
  kWeekday,        // Monday–Friday, not listed
  kWeekend,        // Saturday/Sunday, not listed
  kHoliday,        // listed "holiday" (法定节假日及其连休)
  kMakeUpWorkday,  // listed "workday" (调休上班)
};

struct DayInfo {
  DayClass cls = DayClass::kWeekday;
  bool working = true;
  std::string name;  // holiday name for kHoliday / kMakeUpWorkday
};

class WorkingCalendar {
 public:
  static constexpr int64_t kMinuteMs = 60 * 1000;
  static constexpr int64_t kHourMs = 60 * kMinuteMs;
  static constexpr int64_t kDayMs = 24 * kHourMs;

  // Default hours and offset, no official data (every year is plain weekdays/weekends).
  WorkingCalendar();

  // Merges the years (each year at most once; a date listed in two years' data must agree)
  // and validates the options. Errors are InvalidArgument("invalid_calendar", 中文说明).
  static Result<WorkingCalendar> Create(const std::vector<CalendarData>& years,
                                        WorkingCalendarOptions options = {});

  // --- Dates -------------------------------------------------------------------------------
  bool HasOfficialData(int year) const { return official_years_.count(year) > 0; }
  std::vector<int> OfficialYears() const {
    return {official_years_.begin(), official_years_.end()};
  }
  DayInfo Classify(const CivilDate& d) const;
  bool IsWorkingDay(const CivilDate& d) const;
  // The first working day strictly after `d` / strictly before `d`.
  CivilDate NextWorkingDay(const CivilDate& d) const;
  CivilDate PreviousWorkingDay(const CivilDate& d) const;
  // The local date of an instant.
  CivilDate LocalDate(int64_t ms) const;
  // True when `ms` lies inside a working period of a working day.
  bool IsWorkingTime(int64_t ms) const;

  // --- Working-time arithmetic (see the definitions above) --------------------------------
  int64_t DailyWorkingMs() const { return daily_ms_; }
  // amount_ms <= 0 returns `start` unchanged.
  int64_t AddWorkingTime(int64_t start_ms, int64_t amount_ms) const;
  int64_t SubtractWorkingTime(int64_t end_ms, int64_t amount_ms) const;
  int64_t WorkingTimeBetween(int64_t a_ms, int64_t b_ms) const;  // milliseconds

  // Convenience wrappers; fractional amounts are rounded to the nearest millisecond and a
  // negative amount moves backwards. Non-finite amounts return the start unchanged.
  int64_t AddWorkingDays(int64_t start_ms, double days) const;
  int64_t AddWorkingHours(int64_t start_ms, double hours) const;
  int64_t AddWorkingMinutes(int64_t start_ms, double minutes) const;
  double WorkingMinutesBetween(int64_t a_ms, int64_t b_ms) const {
    return static_cast<double>(WorkingTimeBetween(a_ms, b_ms)) / kMinuteMs;
  }

  // Natural (calendar) time: 紧急/加急 clocks and "d" durations. A natural day is 24 h
  // (fixed offset, so also the same local clock time N dates later).
  static int64_t AddNaturalMinutes(int64_t start_ms, double minutes);
  static int64_t AddNaturalHours(int64_t start_ms, double hours);
  static int64_t AddNaturalDays(int64_t start_ms, double days);

  const WorkingCalendarOptions& options() const { return options_; }

 private:
  int64_t OffsetMs() const { return int64_t{options_.utc_offset_minutes} * kMinuteMs; }
  bool IsWorkingDayNumber(int64_t day) const;

  WorkingCalendarOptions options_;
  int64_t daily_ms_ = 0;
  std::map<int64_t, CalendarDay> listed_;  // by DaysFromCivil
  std::set<int> official_years_;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_CALENDAR_WORKING_CALENDAR_H_
