#include "core/time_util.h"

#include <gtest/gtest.h>

namespace minsheng {
namespace {

constexpr int kCst = 480;

TEST(TimeUtilTest, CivilRoundTrip) {
  for (int64_t d = -800000; d < 800000; d += 37) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2026, 11, 29}), 20786);
}

TEST(TimeUtilTest, Weekday) {
  EXPECT_EQ(Weekday({2026, 11, 29}), 6);  // Sunday
  EXPECT_EQ(Weekday({2026, 2, 14}), 5);   // Saturday (a 调休 working day)
  EXPECT_EQ(Weekday({2025, 1, 1}), 2);    // Wednesday
}

TEST(TimeUtilTest, LocalDateAcrossMidnight) {
  // 2026-11-28T16:30:00Z is 00:30 on the 29th in Beijing.
  int64_t ms = (DaysFromCivil({2026, 11, 28}) * 86400 + 16 * 3600 + 30 * 60) * 1000;
  EXPECT_EQ(FormatCompactDate(ms, kCst), "20261129");
  EXPECT_EQ(FormatCompactDate(ms, 0), "20261128");
  EXPECT_EQ(FormatIso8601(ms, kCst), "2026-11-29T00:30:00.000+08:00");
}

TEST(TimeUtilTest, ParseIso8601) {
  int64_t midnight_local = (DaysFromCivil({2026, 11, 29}) * 86400 - 8 * 3600) * 1000;
  EXPECT_EQ(ParseIso8601("2026-11-29", kCst), midnight_local);
  EXPECT_EQ(ParseIso8601("2026-11-29T00:00:00+08:00", kCst), midnight_local);
  EXPECT_EQ(ParseIso8601("2026-11-28T16:00:00Z", kCst), midnight_local);
  EXPECT_EQ(ParseIso8601("2026-11-29T00:00:00.250", kCst), midnight_local + 250);
  auto round = FormatIso8601(midnight_local + 123456789, kCst);
  EXPECT_EQ(ParseIso8601(round, kCst), midnight_local + 123456789);
  EXPECT_FALSE(ParseIso8601("2026-02-30", kCst));
  EXPECT_FALSE(ParseIso8601("2026-13-01", kCst));
  EXPECT_FALSE(ParseIso8601("yesterday", kCst));
  EXPECT_FALSE(ParseIso8601("2026-11-29T25:00", kCst));
  EXPECT_FALSE(ParseIso8601("2026-11-29T10:00:00+0800", kCst));
}

}  // namespace
}  // namespace minsheng
