#include "core/time_util.h"

#include <cstdio>

namespace minsheng {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool ReadInt(std::string_view s, size_t pos, size_t len, int* out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

// Algorithms from Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms".
int64_t DaysFromCivil(const CivilDate& d) {
  int64_t y = d.year - (d.month <= 2);
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t mp = (d.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{static_cast<int>(y + (m <= 2)), m, d};
}

int Weekday(const CivilDate& d) {
  int64_t days = DaysFromCivil(d);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::string FormatCompactDate(int64_t ms, int offset_minutes) {
  int64_t local = ms + int64_t{offset_minutes} * 60000;
  CivilDate d = CivilFromDays(FloorDiv(local, 86400000));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatIso8601(int64_t ms, int offset_minutes) {
  int64_t local = ms + int64_t{offset_minutes} * 60000;
  int64_t days = FloorDiv(local, 86400000);
  int64_t rem = local - days * 86400000;
  CivilDate d = CivilFromDays(days);
  int h = static_cast<int>(rem / 3600000), mi = static_cast<int>(rem / 60000 % 60),
      s = static_cast<int>(rem / 1000 % 60), milli = static_cast<int>(rem % 1000);
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", d.year, d.month,
                d.day, h, mi, s, milli, offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::optional<int64_t> ParseIso8601(std::string_view s, int offset_minutes) {
  CivilDate d;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!ReadInt(s, 0, 4, &d.year) || !ReadInt(s, 5, 2, &d.month) || !ReadInt(s, 8, 2, &d.day))
    return std::nullopt;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > DaysInMonth(d.year, d.month))
    return std::nullopt;
  int h = 0, mi = 0, sec = 0, milli = 0;
  size_t pos = 10;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    if (!ReadInt(s, pos + 1, 2, &h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ReadInt(s, pos + 4, 2, &mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!ReadInt(s, pos + 1, 2, &sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        size_t start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
        std::string frac(s.substr(start, std::min<size_t>(3, pos - start)));
        while (frac.size() < 3) frac += '0';
        milli = std::stoi(frac);
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  int off = offset_minutes;
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      off = 0;
    } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh, om;
      if (!ReadInt(s, pos + 1, 2, &oh) || !ReadInt(s, pos + 4, 2, &om)) return std::nullopt;
      off = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  int64_t local_ms =
      DaysFromCivil(d) * 86400000 + ((h * 60 + mi) * 60 + sec) * int64_t{1000} + milli;
  return local_ms - int64_t{off} * 60000;
}

}  // namespace minsheng
