#include "core/zone_config.h"

#include <gtest/gtest.h>

namespace minsheng {
namespace {

TEST(SlaDurationTest, ParsesEveryUnit) {
  auto d = ParseSlaDuration("0.5WD");
  ASSERT_TRUE(d.ok());
  EXPECT_DOUBLE_EQ(d->value, 0.5);
  EXPECT_EQ(d->unit, SlaDuration::Unit::kWorkingDays);
  EXPECT_EQ(ParseSlaDuration("15min")->unit, SlaDuration::Unit::kMinutes);
  EXPECT_EQ(ParseSlaDuration("24h")->unit, SlaDuration::Unit::kHours);
  EXPECT_EQ(ParseSlaDuration("2WH")->unit, SlaDuration::Unit::kWorkingHours);
  EXPECT_EQ(ParseSlaDuration("180d")->unit, SlaDuration::Unit::kDays);
  EXPECT_FALSE(ParseSlaDuration("2 weeks").ok());
  EXPECT_FALSE(ParseSlaDuration("WD").ok());
  EXPECT_FALSE(ParseSlaDuration("1.2.3WD").ok());
}

ZoneConfig Minimal() {
  ZoneConfig c;
  c.units = {{.id = "gx.12345", .name = "中心"}, {.id = "d.cgj", .name = "城管局"}};
  c.centre_unit = "gx.12345";
  c.channels = {{"phone", "电话", ""}};
  c.order_types = {{"complaint", "投诉", ""}};
  c.urgencies = {{"normal", "一般", ""}};
  c.satisfaction_levels = {{"satisfied", "满意", ""}};
  c.reply_results = {{"resolved", "已解决", ""}};
  c.emergency_targets = {{"110", "110", ""}};
  c.return_reasons = {{"not_our_duty", "非本单位职责", ""}};
  c.refuse_reasons = {{"out_of_area", "非本辖区", ""}};
  c.categories = {
      {.code = "03", .name = "城市管理", .level = 1, .main_unit = "d.cgj"},
      {.code = "03.02", .name = "占道经营", .level = 2, .parent = "03", .main_unit = "d.cgj"}};
  c.BuildIndex();
  return c;
}

TEST(ZoneConfigTest, ValidatesCrossReferences) {
  ZoneConfig c = Minimal();
  EXPECT_TRUE(c.Validate().ok()) << c.Validate().ToString();
  ASSERT_NE(c.FindCategory("城市管理/占道经营"), nullptr);
  EXPECT_EQ(c.FindCategory("城市管理/占道经营")->code, "03.02");
  EXPECT_EQ(c.FindCategory("03")->name, "城市管理");

  ZoneConfig bad = Minimal();
  bad.categories[1].main_unit = "d.nope";
  bad.BuildIndex();
  Status st = bad.Validate();
  EXPECT_EQ(st.error_code(), "invalid_config");
  EXPECT_NE(st.message().find("d.nope"), std::string::npos);

  ZoneConfig dup = Minimal();
  dup.units.push_back({.id = "d.cgj", .name = "重复"});
  EXPECT_FALSE(dup.Validate().ok());
}

}  // namespace
}  // namespace minsheng
