// Test helpers for the calendar tests (not part of the library).
#ifndef MINSHENG_CORE_CALENDAR_CALENDAR_TEST_UTIL_H_
#define MINSHENG_CORE_CALENDAR_CALENDAR_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/calendar/calendar_data.h"
#include "core/calendar/working_calendar.h"
#include "core/time_util.h"

namespace minsheng::testing {

constexpr int kCst = 8 * 60;

// UTC milliseconds of a Beijing local time.
inline int64_t Bj(int y, int mo, int d, int h = 0, int mi = 0) {
  return (DaysFromCivil({y, mo, d}) * 86400 + h * 3600 + mi * 60 - kCst * 60) * int64_t{1000};
}

// "2026-02-14T10:00" style rendering of a Beijing time (seconds shown only when non-zero), so
// failures read like the tables.
inline std::string Local(int64_t ms) {
  std::string s = FormatIso8601(ms, kCst);  // 2026-02-14T10:00:00.000+08:00
  if (s.substr(16, 7) == ":00.000") return s.substr(0, 16);
  return s.substr(0, 23);
}

// The repository root: $MINSHENG_SOURCE_DIR (set by CTest), else derived from this file's
// path so the binary also runs directly.
inline std::string SourceDir() {
  if (const char* env = std::getenv("MINSHENG_SOURCE_DIR"); env && *env) return env;
  std::string f = __FILE__;  // <root>/src/core/calendar/calendar_test_util.h
  size_t pos = f.rfind("/src/core/calendar/");
  return pos == std::string::npos ? std::string(".") : f.substr(0, pos);
}

inline std::string ShippedCalendarDir() { return SourceDir() + "/config/default/calendar"; }

// The calendar built from the shipped files with the default options.
inline const WorkingCalendar& Shipped() {
  static const WorkingCalendar* cal = [] {
    auto data = LoadCalendarDirectory(ShippedCalendarDir());
    if (!data.ok()) {
      std::fprintf(stderr, "%s\n", data.status().ToString().c_str());
      std::abort();
    }
    auto c = WorkingCalendar::Create(*data);
    if (!c.ok()) {
      std::fprintf(stderr, "%s\n", c.status().ToString().c_str());
      std::abort();
    }
    return new WorkingCalendar(std::move(c).value());
  }();
  return *cal;
}

}  // namespace minsheng::testing

#endif  // MINSHENG_CORE_CALENDAR_CALENDAR_TEST_UTIL_H_
