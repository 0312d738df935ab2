#include "core/calendar/working_calendar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace minsheng {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string FormatDate(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// Rounds a finite double amount of milliseconds; non-finite becomes 0 (no movement).
int64_t ToMs(double amount, int64_t unit_ms) {
  double ms = amount * static_cast<double>(unit_ms);
  if (!std::isfinite(ms)) return 0;
  return std::llround(ms);
}

}  // namespace

WorkingCalendar::WorkingCalendar() {
  for (const WorkingPeriod& p : options_.periods) {
    daily_ms_ += int64_t{p.end_minute - p.start_minute} * kMinuteMs;
  }
}

Result<WorkingCalendar> WorkingCalendar::Create(const std::vector<CalendarData>& years,
                                                WorkingCalendarOptions options) {
  auto bad = [](const std::string& msg) { return InvalidArgument("invalid_calendar", msg); };
  WorkingCalendar cal;
  cal.options_ = std::move(options);
  const auto& periods = cal.options_.periods;
  if (periods.empty()) return bad("工作时段不能为空");
  cal.daily_ms_ = 0;
  int prev_end = 0;
  for (size_t i = 0; i < periods.size(); ++i) {
    const WorkingPeriod& p = periods[i];
    if (p.start_minute < 0 || p.end_minute > 24 * 60 || p.start_minute >= p.end_minute) {
      return bad("工作时段无效(应在 00:00–24:00 之间且开始早于结束)");
    }
    if (i > 0 && p.start_minute < prev_end) return bad("工作时段必须按时间顺序排列且互不重叠");
    prev_end = p.end_minute;
    cal.daily_ms_ += int64_t{p.end_minute - p.start_minute} * kMinuteMs;
  }
  if (cal.options_.utc_offset_minutes < -14 * 60 || cal.options_.utc_offset_minutes > 14 * 60) {
    return bad("UTC 偏移量超出范围(−14:00 至 +14:00)");
  }
  for (const CalendarData& y : years) {
    if (!cal.official_years_.insert(y.year).second) {
      return bad("年份 " + std::to_string(y.year) + " 的节假日安排重复加载");
    }
    for (const CalendarDay& d : y.days) {
      if (d.kind == DayKind::kWork && Weekday(d.date) < 5) {
        return bad("调休上班日 " + FormatDate(d.date) + " 不是周六或周日");
      }
      auto [it, inserted] = cal.listed_.emplace(DaysFromCivil(d.date), d);
      if (!inserted && it->second.kind != d.kind) {
        return bad("日期 " + FormatDate(d.date) + " 在不同年份的安排中互相矛盾");
      }
    }
  }
  return cal;
}

bool WorkingCalendar::IsWorkingDayNumber(int64_t day) const {
  auto it = listed_.find(day);
  if (it != listed_.end()) return it->second.kind == DayKind::kWork;
  int64_t wd = ((day % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday (3); 0 = Monday
  return wd < 5;
}

DayInfo WorkingCalendar::Classify(const CivilDate& d) const {
  DayInfo info;
  auto it = listed_.find(DaysFromCivil(d));
  if (it != listed_.end()) {
    info.name = it->second.name;
    info.working = it->second.kind == DayKind::kWork;
    info.cls = info.working ? DayClass::kMakeUpWorkday : DayClass::kHoliday;
    return info;
  }
  info.working = Weekday(d) < 5;
  info.cls = info.working ? DayClass::kWeekday : DayClass::kWeekend;
  return info;
}

bool WorkingCalendar::IsWorkingDay(const CivilDate& d) const {
  return IsWorkingDayNumber(DaysFromCivil(d));
}

CivilDate WorkingCalendar::NextWorkingDay(const CivilDate& d) const {
  int64_t day = DaysFromCivil(d) + 1;
  while (!IsWorkingDayNumber(day)) ++day;
  return CivilFromDays(day);
}

CivilDate WorkingCalendar::PreviousWorkingDay(const CivilDate& d) const {
  int64_t day = DaysFromCivil(d) - 1;
  while (!IsWorkingDayNumber(day)) --day;
  return CivilFromDays(day);
}

CivilDate WorkingCalendar::LocalDate(int64_t ms) const {
  return CivilFromDays(FloorDiv(ms + OffsetMs(), kDayMs));
}

bool WorkingCalendar::IsWorkingTime(int64_t ms) const {
  int64_t local = ms + OffsetMs();
  int64_t day = FloorDiv(local, kDayMs);
  if (!IsWorkingDayNumber(day)) return false;
  int64_t in_day = local - day * kDayMs;
  for (const WorkingPeriod& p : options_.periods) {
    if (in_day >= p.start_minute * kMinuteMs && in_day < p.end_minute * kMinuteMs) return true;
  }
  return false;
}

int64_t WorkingCalendar::AddWorkingTime(int64_t start_ms, int64_t amount_ms) const {
  if (amount_ms <= 0) return start_ms;
  // Work in local milliseconds; the offset is constant so it cancels out at the end.
  int64_t cursor = start_ms + OffsetMs();
  int64_t day = FloorDiv(cursor, kDayMs);
  for (;; ++day) {
    if (!IsWorkingDayNumber(day)) continue;
    // Skip whole working days quickly when the cursor is at or before the day's start.
    if (cursor <= day * kDayMs && amount_ms > daily_ms_) {
      amount_ms -= daily_ms_;
      continue;
    }
    for (const WorkingPeriod& p : options_.periods) {
      int64_t s = day * kDayMs + p.start_minute * kMinuteMs;
      int64_t e = day * kDayMs + p.end_minute * kMinuteMs;
      int64_t lo = std::max(cursor, s);
      if (lo >= e) continue;
      if (amount_ms <= e - lo) return lo + amount_ms - OffsetMs();
      amount_ms -= e - lo;
    }
  }
}

int64_t WorkingCalendar::SubtractWorkingTime(int64_t end_ms, int64_t amount_ms) const {
  if (amount_ms <= 0) return end_ms;
  int64_t cursor = end_ms + OffsetMs();
  int64_t day = FloorDiv(cursor, kDayMs);
  for (;; --day) {
    if (!IsWorkingDayNumber(day)) continue;
    // Whole working days strictly before the cursor's day. `>=` keeps a remainder of zero for
    // the loop below, which then lands on the previous period's end (the earliest instant).
    if (cursor >= (day + 1) * kDayMs && amount_ms >= daily_ms_) {
      amount_ms -= daily_ms_;
      continue;
    }
    for (auto it = options_.periods.rbegin(); it != options_.periods.rend(); ++it) {
      int64_t s = day * kDayMs + it->start_minute * kMinuteMs;
      int64_t e = day * kDayMs + it->end_minute * kMinuteMs;
      int64_t hi = std::min(cursor, e);
      if (hi <= s) continue;
      if (amount_ms < hi - s) return hi - amount_ms - OffsetMs();
      amount_ms -= hi - s;  // may reach 0: continue to the previous period's end
    }
  }
}

int64_t WorkingCalendar::WorkingTimeBetween(int64_t a_ms, int64_t b_ms) const {
  if (b_ms < a_ms) return -WorkingTimeBetween(b_ms, a_ms);
  int64_t a = a_ms + OffsetMs(), b = b_ms + OffsetMs();
  int64_t total = 0;
  for (int64_t day = FloorDiv(a, kDayMs), last = FloorDiv(b, kDayMs); day <= last; ++day) {
    if (!IsWorkingDayNumber(day)) continue;
    if (a <= day * kDayMs && b >= (day + 1) * kDayMs) {
      total += daily_ms_;
      continue;
    }
    for (const WorkingPeriod& p : options_.periods) {
      int64_t s = std::max(a, day * kDayMs + p.start_minute * kMinuteMs);
      int64_t e = std::min(b, day * kDayMs + p.end_minute * kMinuteMs);
      if (e > s) total += e - s;
    }
  }
  return total;
}

int64_t WorkingCalendar::AddWorkingDays(int64_t start_ms, double days) const {
  int64_t ms = ToMs(days, daily_ms_);
  return ms >= 0 ? AddWorkingTime(start_ms, ms) : SubtractWorkingTime(start_ms, -ms);
}

int64_t WorkingCalendar::AddWorkingHours(int64_t start_ms, double hours) const {
  int64_t ms = ToMs(hours, kHourMs);
  return ms >= 0 ? AddWorkingTime(start_ms, ms) : SubtractWorkingTime(start_ms, -ms);
}

int64_t WorkingCalendar::AddWorkingMinutes(int64_t start_ms, double minutes) const {
  int64_t ms = ToMs(minutes, kMinuteMs);
  return ms >= 0 ? AddWorkingTime(start_ms, ms) : SubtractWorkingTime(start_ms, -ms);
}

int64_t WorkingCalendar::AddNaturalMinutes(int64_t start_ms, double minutes) {
  return start_ms + ToMs(minutes, kMinuteMs);
}
int64_t WorkingCalendar::AddNaturalHours(int64_t start_ms, double hours) {
  return start_ms + ToMs(hours, kHourMs);
}
int64_t WorkingCalendar::AddNaturalDays(int64_t start_ms, double days) {
  return start_ms + ToMs(days, kDayMs);
}

}  // namespace minsheng
