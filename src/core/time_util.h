// Civil-time helpers with a fixed UTC offset (China has no DST; the offset is configuration).
#ifndef MINSHENG_CORE_TIME_UTIL_H_
#define MINSHENG_CORE_TIME_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace minsheng {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const CivilDate&) const = default;
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(const CivilDate& d);
CivilDate CivilFromDays(int64_t days);
// 0 = Monday … 6 = Sunday.
int Weekday(const CivilDate& d);

// "20261129" for the local date of `ms` at `offset_minutes`.
std::string FormatCompactDate(int64_t ms, int offset_minutes);
// "2026-11-29T13:10:57.123+08:00".
std::string FormatIso8601(int64_t ms, int offset_minutes);
// Accepts "2026-11-29" (local midnight), "2026-11-29T13:10:57", optional ".sss" and
// optional "Z" / "+08:00"; a missing zone means local time at `offset_minutes`.
std::optional<int64_t> ParseIso8601(std::string_view s, int offset_minutes);

}  // namespace minsheng

#endif  // MINSHENG_CORE_TIME_UTIL_H_
