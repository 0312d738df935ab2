// Fuzz target: the calendar file parser of the core (config/default/calendar/*.yaml, the
// official holidays and make-up working days a centre adds each year; a hand-written parser of a
// YAML subset, since the core links the standard library only).
//
// Invariants: refusal is invalid_calendar with a message; an accepted file has its dates within
// year ± 1, no date twice, every make-up working day on a Saturday or Sunday, and its day names
// and source are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "core/calendar/calendar_data.h"
#include "core/text.h"
#include "core/time_util.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cal = minsheng::ParseCalendarFile(text, "fuzz.yaml");
  if (!cal.ok()) {
    FUZZ_CHECK(cal.status().error_code() == "invalid_calendar");
    FUZZ_CHECK(!cal.status().message().empty());
    return 0;
  }
  const minsheng::CalendarData& c = cal.value();
  FUZZ_CHECK(minsheng::IsValidUtf8(c.source));
  std::set<int64_t> seen;
  for (const minsheng::CalendarDay& d : c.days) {
    FUZZ_CHECK(d.date.year >= c.year - 1 && d.date.year <= c.year + 1);
    FUZZ_CHECK(d.date.month >= 1 && d.date.month <= 12 && d.date.day >= 1 && d.date.day <= 31);
    const int64_t days = minsheng::DaysFromCivil(d.date);
    FUZZ_CHECK(minsheng::CivilFromDays(days) == d.date);  // a real date, not 02-30
    FUZZ_CHECK(seen.insert(days).second);
    if (d.kind == minsheng::DayKind::kWork) {
      const int wd = minsheng::Weekday(d.date);
      FUZZ_CHECK(wd == 5 || wd == 6);  // Saturday, Sunday
    }
    FUZZ_CHECK(minsheng::IsValidUtf8(d.name));
  }
  return 0;
}
