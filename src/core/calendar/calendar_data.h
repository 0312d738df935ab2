// Official holiday arrangements (法定节假日 + 调休) as plain data, and a strict parser for the
// calendar file format documented in docs/calendar.md.
//
// Why a parser in the core: the core links the standard library only, so it cannot use a YAML
// library. The calendar files are written in a small, line-oriented YAML subset (every file is
// still valid YAML, so ordinary tools can read it) and this parser accepts exactly that subset,
// rejecting anything else with a line-numbered message in Simplified Chinese. A centre adds the
// next year's file when the State Council notice appears, without a new release.
//
// Thread-safety: value types and free functions without shared state.
#ifndef MINSHENG_CORE_CALENDAR_CALENDAR_DATA_H_
#define MINSHENG_CORE_CALENDAR_CALENDAR_DATA_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time_util.h"

namespace minsheng {

enum class DayKind {
  kOff,   // file value "holiday": 放假 — no work on this date, whatever the weekday
  kWork,  // file value "workday": 调休上班 — a Saturday or Sunday that is a working day
};

// The file values "holiday" / "workday" (not off/on, which YAML 1.1 reads as booleans).
std::string_view ToString(DayKind k);

struct CalendarDay {
  CivilDate date;
  DayKind kind = DayKind::kOff;
  std::string name;  // the holiday it belongs to, e.g. "春节" (also for its make-up days)
  int line = 0;      // 1-based source line, 0 when built in code
};

// One year's official arrangement, i.e. one notice. `year` is the year the notice is for; a
// notice may list a date of an adjacent year (e.g. 2022-12-31 in the 2023 notice), so dates
// must lie within year-1 .. year+1.
struct CalendarData {
  int year = 0;
  std::string source;  // the notice, e.g. "国办发明电〔2024〕12号(2024-11-12)"
  std::string file;    // file name, for messages; empty when built in code
  std::vector<CalendarDay> days;
};

// Parses one calendar file. `file_name` only labels error messages. Errors are
// InvalidArgument with error_code "invalid_calendar" and a message like
// "cn-2026.yaml 第12行:日期格式错误,应为 YYYY-MM-DD:2026-2-30".
// Also checks the content: valid dates within year±1, no duplicate date, and every
// make-up working day ("workday") falls on a Saturday or Sunday.
Result<CalendarData> ParseCalendarFile(std::string_view text, std::string_view file_name);

// Reads and parses every "*.yaml" file of `dir` (sorted by name). The only I/O in this module:
// the application calls it once at startup and hands the result to WorkingCalendar::Create.
// An empty or missing directory is an error (a deployment without any calendar is a mistake).
Result<std::vector<CalendarData>> LoadCalendarDirectory(const std::string& dir);

}  // namespace minsheng

#endif  // MINSHENG_CORE_CALENDAR_CALENDAR_DATA_H_
