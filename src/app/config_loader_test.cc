#include "app/config_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

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
  EXPECT_TRUE(c->FindCategory("20.02")->fallback);  // 意见建议(综合) yields to named matters
  EXPECT_TRUE(c->FindCategory("20")->fallback);
  EXPECT_FALSE(c->FindCategory("20.01")->fallback);  // not inherited from 20
  // A complaint about staff goes to the unit complained about, as a praise to the unit praised.
  EXPECT_TRUE(c->FindCategory("14.02")->to_named_unit);
  EXPECT_TRUE(c->FindCategory("20.01")->to_named_unit);
  // Village street lights are the village's (DOMAIN.md §6.4: 城市管理 村内 → territorial).
  EXPECT_EQ(c->FindCategory("03.06")->in_village, "03.09");
  EXPECT_EQ(c->FindCategory("03.02")->in_village, "");  // enforcement stays with 城管
  // A praise or a 作风 complaint naming a teacher or a bus driver goes to the unit over them.
  const auto& jyj = c->FindUnit("d.jyj")->aliases;
  EXPECT_NE(std::find(jyj.begin(), jyj.end(), "老师"), jyj.end());
  const auto& jtj = c->FindUnit("d.jtj")->aliases;
  EXPECT_NE(std::find(jtj.begin(), jtj.end(), "公交"), jtj.end());
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
  // Closed-loop rules (zone.yaml `rules:`) and the working calendar with 调休.
  EXPECT_DOUBLE_EQ(c->rules.yellow_share, 0.75);
  EXPECT_EQ(c->rules.extension_cutoff_minute, 17 * 60);
  EXPECT_EQ(c->rules.return_window.text, "1WD");
  EXPECT_EQ(c->rules.reopen_reply.text, "3WD");
  EXPECT_EQ(c->rules.visit_window.text, "1WD");
  EXPECT_EQ(c->rules.stage_reply_interval.text, "15WD");
  EXPECT_EQ(c->rules.ledger_max.unit, SlaDuration::Unit::kDays);
  EXPECT_EQ(c->rules.ledger_max.value, 180);
  EXPECT_EQ(c->max_returns_before_consult, 2);
  EXPECT_EQ(c->visit_max_attempts, 3);
  EXPECT_EQ(c->rules.upstream_channels,
            (std::vector<std::string>{"city_platform", "leader_board"}));
  EXPECT_DOUBLE_EQ(c->rules.repeat_min_similarity, 0.15);
  EXPECT_DOUBLE_EQ(c->rules.repeat_text_similarity, 0.4);
  EXPECT_DOUBLE_EQ(c->rules.repeat_verbatim_similarity, 0.8);
  ASSERT_EQ(c->rules.working_hours.size(), 2u);
  EXPECT_EQ(c->rules.working_hours[0].start_minute, 8 * 60 + 30);
  EXPECT_TRUE(c->calendar.HasOfficialData(2026));
  EXPECT_TRUE(c->calendar.IsWorkingDay({2026, 2, 14}));   // 调休 Saturday
  EXPECT_FALSE(c->calendar.IsWorkingDay({2026, 2, 16}));  // 春节
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
  // categories.yaml with `from` (which must be there) replaced by each of `bad` in turn must be
  // refused as invalid_config naming `key`.
  void ExpectRefusedInCategories(const std::string& from, std::initializer_list<const char*> bad,
                                 const std::string& key) {
    std::ifstream in(dir_ + "/categories.yaml");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_NE(text.find(from), std::string::npos) << from;
    for (const char* b : bad) {
      std::string changed = text;
      changed.replace(changed.find(from), from.size(), b);
      Write("categories.yaml", changed);
      auto c = LoadZoneConfig(dir_);
      ASSERT_FALSE(c.ok()) << b;
      EXPECT_EQ(c.status().error_code(), "invalid_config");
      EXPECT_NE(c.status().message().find(key), std::string::npos) << c.status().message();
    }
  }
  std::string dir_;
};

TEST_F(BrokenConfigTest, RulesAreValidated) {
  auto with_rules = [&](const std::string& rules) {
    Write("zone.yaml", "zone:\n  id: gx\n  centre_unit: gx.12345\nrules:\n" + rules);
    return LoadZoneConfig(dir_);
  };
  auto ok = with_rules(
      "  extension_cutoff: \"16:30\"\n  reopen_reply: 2WD\n  ledger_max: 90d\n"
      "  max_returns_before_consult: 3\n  yellow_share: 0.8\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->rules.extension_cutoff_minute, 16 * 60 + 30);
  EXPECT_EQ(ok->rules.reopen_reply.value, 2);
  EXPECT_EQ(ok->rules.ledger_max.value, 90);
  EXPECT_EQ(ok->max_returns_before_consult, 3);
  EXPECT_DOUBLE_EQ(ok->rules.yellow_share, 0.8);
  EXPECT_EQ(ok->rules.return_window.text, "1WD");  // default kept
  for (const char* bad :
       {"  yellow_share: 1.5\n", "  extension_cutoff: \"25:00\"\n", "  extension_cutoff: late\n",
        "  return_window: 0WD\n", "  stage_reply_interval: 2 weeks\n",
        "  max_returns_before_consult: 0\n", "  upstream_channels: [no_such_channel]\n",
        "  working_hours: [\"18:00-08:30\"]\n", "  repeat_text_similarity: 0\n",
        "  repeat_verbatim_similarity: 1.2\n", "  repeat_text_similarity: high\n"}) {
    auto c = with_rules(bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().error_code(), "invalid_config") << bad;
    EXPECT_NE(c.status().message().find("zone.yaml"), std::string::npos) << c.status().message();
  }
}

TEST_F(BrokenConfigTest, InVillageMustNameAnotherCategory) {
  auto ok = LoadZoneConfig(dir_);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->FindCategory("02.02")->in_village, "02.06");
  EXPECT_EQ(ok->FindCategory("02")->in_village, "");  // children do not pass it up
  ExpectRefusedInCategories("in_village: \"02.06\"",
                            {"in_village: \"99.99\"", "in_village: \"02.02\""}, "in_village");
}

TEST_F(BrokenConfigTest, NotKeywordsMustHoldAKeywordOfTheirCategory) {
  auto ok = LoadZoneConfig(dir_);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->FindCategory("10.01")->not_keywords, std::vector<std::string>{"上牌子"});
  // A phrase without any of the class's keywords, or no longer than one, says nothing.
  ExpectRefusedInCategories("not_keywords: [上牌子]",
                            {"not_keywords: [墙上的牌子]", "not_keywords: [上牌]"}, "not_keywords");
}

TEST_F(BrokenConfigTest, SeedAppealsAreOptionalAndChecked) {
  auto ok = LoadZoneConfig(dir_);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_GE(ok->seed_appeals.size(), 800u);  // the default zone's
  fs::remove(dir_ + "/seed_appeals.jsonl");
  auto none = LoadZoneConfig(dir_);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->seed_appeals.empty());
  for (const char* bad : {"{\"title\": \"停水\", \"content\": \"\", \"type\": \"nope\"}\n",
                          "{\"title\": \"停水\", \"type\": \"complaint\"}\n",
                          "{\"title\": \"\", \"content\": \"\", \"type\": \"complaint\"}\n",
                          "{\"title\": \"停水\", \"content\": \"\", \"type\": \"complaint\", "
                          "\"category\": \"99.99\"}\n",
                          "{\"title\": \"停水\", \"content\": \"\", \"type\": \"complaint\", "
                          "\"category\": 2}\n",
                          "\n[1, 2]\n", "{\"title\": \"停水\""}) {
    Write("seed_appeals.jsonl", bad);
    auto c = LoadZoneConfig(dir_);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().error_code(), "invalid_config") << bad;
    EXPECT_NE(c.status().message().find("seed_appeals.jsonl"), std::string::npos)
        << c.status().message();
    EXPECT_NE(c.status().message().find("行"), std::string::npos) << c.status().message();
  }
}

TEST_F(BrokenConfigTest, CalendarIsRequiredAndChecked) {
  fs::remove_all(dir_ + "/calendar");
  EXPECT_FALSE(LoadZoneConfig(dir_).ok());
  fs::create_directories(dir_ + "/calendar");
  Write("calendar/cn-2026.yaml", "year: 2026\ndays:\n  - {date: 2026-02-30, kind: holiday}\n");
  auto c = LoadZoneConfig(dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().error_code(), "invalid_calendar");
}

TEST_F(BrokenConfigTest, UnknownUnitInCategoryIsNamed) {
  Write("categories.yaml", "categories:\n  - {code: \"01\", name: 住建, main: d.nope}\n");
  fs::remove(dir_ + "/seed_appeals.jsonl");  // their categories are not in this file
  auto c = LoadZoneConfig(dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().error_code(), "invalid_config");
  EXPECT_NE(c.status().message().find("d.nope"), std::string::npos);
}

TEST_F(BrokenConfigTest, UnknownUnitOfAVillageIsNamed) {
  Write("regions.yaml",
        "regions:\n  - code: \"610502008\"\n    name: 崇业路街道\n    unit: st.chongyelu\n"
        "    villages:\n      - {name: 王贺村, code: \"610502008201\", unit: vl.nope}\n");
  auto c = LoadZoneConfig(dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().error_code(), "invalid_config");
  EXPECT_NE(c.status().message().find("vl.nope"), std::string::npos) << c.status().message();
  EXPECT_NE(c.status().message().find("王贺村"), std::string::npos) << c.status().message();
}

TEST_F(BrokenConfigTest, SyntaxErrorGivesFileAndLine) {
  Write("org_units.yaml", "org_units:\n  - {id: a, name: [unclosed\n");
  auto c = LoadZoneConfig(dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("org_units.yaml"), std::string::npos);
  EXPECT_NE(c.status().message().find("行"), std::string::npos);
}

TEST_F(BrokenConfigTest, AWrongShapeOrEncodingIsAnErrorNotACrash) {
  // Found by fuzz/zone_config_fuzz.cc: a key under a scalar (a slip of indentation) made yaml-cpp
  // throw past the loader and end the process; a file saved as GBK put invalid UTF-8 into every
  // suggestion's JSON, which then threw.
  std::ifstream in(dir_ + "/zone.yaml");
  const std::string zone((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(zone.find("limits:\n"), std::string::npos);
  std::string scalar = zone;
  scalar.replace(scalar.find("limits:\n"), 8, "limits: 5\n");
  for (const auto& [file, text] : std::vector<std::pair<std::string, std::string>>{
           {"zone.yaml", scalar},
           {"org_units.yaml", "org_units: 5\n"},
           {"regions.yaml", "regions:\n  - 3\n"},
           {"categories.yaml", "categories: {a: 1}\n"},
           {"regions.yaml", "regions:\n  - {code: \"1\", name: \xB3\xE7\xD2\xB5}\n"}}) {
    std::ifstream keep(dir_ + "/" + file);
    const std::string original((std::istreambuf_iterator<char>(keep)),
                               std::istreambuf_iterator<char>());
    Write(file, text);
    auto c = LoadZoneConfig(dir_);
    ASSERT_FALSE(c.ok()) << file << ": " << text;
    EXPECT_EQ(c.status().error_code(), "invalid_config") << text;
    EXPECT_NE(c.status().message().find(file), std::string::npos) << c.status().message();
    Write(file, original);
  }
  ASSERT_TRUE(LoadZoneConfig(dir_).ok());  // the originals are back
  Write("server.yaml", "server: [1, 2]\n");
  auto s = LoadServerConfig(dir_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().error_code(), "invalid_config");
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
