#include "app/config_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace minsheng {
namespace {

namespace fs = std::filesystem;

std::string DefaultDir() {
  const char* s = std::getenv("MINSHENG_SOURCE_DIR");
  return std::string(s ? s : ".") + "/config/default";
}

TEST(ConfigLoaderTest, DefaultZoneMatchesDomainSection6) {
  auto c = LoadZoneConfig(DefaultDir());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  // Units of DOMAIN.md §6.1 with exactly those ids.
  for (const char* id : {"st.chongyelu", "st.liangtian", "st.baiyang", "cm.jincheng", "d.zjj",
                         "d.cgj", "d.spj", "gx.12345", "wn.city12345", "e.water"}) {
    EXPECT_NE(c->FindUnit(id), nullptr) << id;
  }
  EXPECT_EQ(c->FindUnit("st.chongyelu")->short_name, "崇业办");
  EXPECT_EQ(c->FindUnit("st.chongyelu")->region, "610502008");
  EXPECT_FALSE(c->FindUnit("gx.12345")->dispatchable);
  EXPECT_TRUE(c->FindUnit("d.zjj")->dispatchable);
  int departments = 0;
  for (const auto& u : c->units) departments += u.kind == "department";
  EXPECT_EQ(departments, 28);  // + d.ctgs (enterprise-kind platform company) = 29 working units
  // 20 first-level categories, each level-2 code under its parent.
  int level1 = 0;
  for (const auto& cat : c->categories) {
    if (cat.level == 1) ++level1;
    if (cat.level == 2) {
      EXPECT_EQ(cat.code.substr(0, 3), cat.parent + ".");
    }
  }
  EXPECT_EQ(level1, 20);
  const Category* sewer = c->FindCategory("02.06");
  ASSERT_NE(sewer, nullptr);
  EXPECT_EQ(sewer->route, RouteMode::kTerritorial);
  EXPECT_EQ(c->FindCategory("04.04")->co_units, std::vector<std::string>{"d.cgj"});
  EXPECT_EQ(c->FindCategory("07.05")->main_unit, "d.kjj");  // child override
  EXPECT_EQ(c->FindCategory("07.01")->main_unit, "d.jyj");  // inherited
  // Regions and the article's village.
  ASSERT_EQ(c->regions.size(), 3u);
  EXPECT_EQ(c->regions[1].villages.at(0).name, "王贺村");
  // SLA table of §6.5.
  const SlaRule* complaint = c->FindSla("complaint");
  ASSERT_NE(complaint, nullptr);
  ASSERT_TRUE(complaint->reply.has_value());
  EXPECT_EQ(complaint->reply->text, "5WD");
  EXPECT_EQ(c->FindSla("emergency")->sign->unit, SlaDuration::Unit::kMinutes);
  EXPECT_EQ(c->FindIn(c->order_types, "举报")->id, "report");
  EXPECT_EQ(c->urgencies.front().id, "normal");
}

TEST(ConfigLoaderTest, ServerDefaults) {
  auto s = LoadServerConfig(DefaultDir());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->port, 8080);
  EXPECT_GE(s->worker_threads, 1);
}

class BrokenConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/minsheng-cfg-XXXXXX";
    dir_ = mkdtemp(tmpl);
    fs::copy(DefaultDir(), dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
  }
  std::string dir_;
};

TEST_F(BrokenConfigTest, UnknownUnitInCategoryIsNamed) {
  Write("categories.yaml", "categories:\n  - {code: \"01\", name: 住建, main: d.nope}\n");
  auto c = LoadZoneConfig(dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().error_code(), "invalid_config");
  EXPECT_NE(c.status().message().find("d.nope"), std::string::npos);
}

TEST_F(BrokenConfigTest, SyntaxErrorGivesFileAndLine) {
  Write("org_units.yaml", "org_units:\n  - {id: a, name: [unclosed\n");
  auto c = LoadZoneConfig(dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("org_units.yaml"), std::string::npos);
  EXPECT_NE(c.status().message().find("行"), std::string::npos);
}

TEST_F(BrokenConfigTest, BadDurationAndRouteAreRefused) {
  Write("sla.yaml", "sla:\n  - {class: complaint, reply: 5 weeks}\n");
  EXPECT_FALSE(LoadZoneConfig(dir_).ok());
  Write("sla.yaml", "sla: []\n");
  Write("categories.yaml", "categories:\n  - {code: \"01\", name: x, route: sideways}\n");
  auto c = LoadZoneConfig(dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("sideways"), std::string::npos);
}

TEST_F(BrokenConfigTest, MissingRequiredFileAndWrongTypes) {
  fs::remove(dir_ + "/dictionaries.yaml");
  EXPECT_FALSE(LoadZoneConfig(dir_).ok());
  EXPECT_FALSE(LoadZoneConfig(dir_ + "/nope").ok());
  Write("server.yaml", "server:\n  port: eighty\n");
  auto s = LoadServerConfig(dir_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("port"), std::string::npos);
}

}  // namespace
}  // namespace minsheng
