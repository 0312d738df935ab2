// Appeals as they reach intake, written and answered blind by helper sessions playing an
// experienced operator of the model zone (testdata/intake_probes.jsonl; original text, not taken
// from any data set): short colloquial records of calls and messages with 王贺村, 金城社区, the
// three 街道 and the zone's roads. Each gives the category (second level), the order type, the
// urgency, the hand-over line and the 主办 an operator would choose, with the other defensible
// answers. Sets 1 (80), 3 (100) and 4 (100) were used to find and fix what the engine got wrong
// (2026-12-04); sets 2 (80) and 5 (80, "a typical month"), written by two other helpers, are held
// out: only their figures were looked at — set 2's after each round, set 5's once, at the end
// (docs/dispatch.md "Intake probes").
//
// The engine runs as a centre on its first day: the default zone's keywords and rules, no model.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/config_loader.h"
#include "dispatch/dispatcher.h"

namespace minsheng {
namespace {

std::filesystem::path SourceDir() {
  const char* src = std::getenv("MINSHENG_SOURCE_DIR");
  return src ? std::filesystem::path(src) : std::filesystem::current_path();
}

// Whether `got` is the answer `key` or one of `key`_alt.
bool Agrees(const std::string& got, const nlohmann::json& c, const std::string& key) {
  const nlohmann::json& v = c.at(key);
  if (v.is_null() ? got.empty() : v.is_string() && got == v.get<std::string>()) return true;
  auto alt = c.find(key + "_alt");
  if (alt == c.end() || !alt->is_array()) return false;
  for (const auto& a : *alt)
    if (a.is_string() && got == a.get<std::string>()) return true;
  return false;
}

struct Tally {
  int n = 0;
  std::map<std::string, int> exact, either;
};

TEST(IntakeProbeTest, AppealsAsAnOperatorRecordsThem) {
  auto zone = LoadZoneConfig((SourceDir() / "config" / "default").string());
  ASSERT_TRUE(zone.ok()) << zone.status().ToString();
  Dispatcher dispatcher(*zone, nullptr);
  std::ifstream in(SourceDir() / "src" / "dispatch" / "testdata" / "intake_probes.jsonl");
  ASSERT_TRUE(in) << "testdata/intake_probes.jsonl";
  std::map<int, Tally> by_set;
  for (std::string line; std::getline(in, line);) {
    const auto c = nlohmann::json::parse(line);
    auto s = dispatcher.Suggest({.title = c.at("title").get<std::string>(),
                                 .content = c.at("content").get<std::string>(),
                                 .address = c.value("address", "")});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    const auto j = nlohmann::json::parse(s->json);
    const std::string category =
        j.at("units").value("category", nlohmann::json::object()).value("code", "");
    const std::string handover =
        j.at("emergency").value("flag", false) ? j.at("emergency").value("target", "") : "";
    const std::map<std::string, std::string> got = {{"category", category},
                                                    {"type", s->type},
                                                    {"urgency", s->urgency},
                                                    {"handover", handover},
                                                    {"main_unit", s->main_unit}};
    Tally& t = by_set[c.at("set").get<int>()];
    ++t.n;
    for (const auto& [key, value] : got) {
      const nlohmann::json& want = c.at(key);
      t.exact[key] += want.is_null() ? value.empty() : want.is_string() && value == want;
      t.either[key] += Agrees(value, c, key);
    }
    t.exact["category_first_level"] +=
        category.substr(0, 2) == c.at("category").get<std::string>().substr(0, 2);
  }
  for (const auto& [set, t] : by_set) {
    std::cout << "intake probes set " << set << (set == 2 || set == 5 ? " (held out)" : " (tuning)")
              << ": n=" << t.n;
    for (const auto& [key, count] : t.exact) {
      std::cout << " " << key << "=" << static_cast<double>(count) / t.n;
      if (auto e = t.either.find(key); e != t.either.end() && e->second != count)
        std::cout << "/" << static_cast<double>(e->second) / t.n;
    }
    std::cout << "\n";
  }
  // Set 1, measured on 2026-12-04 before / after the fixes it and set 3 led to (exact / or
  // another defensible answer): category 0.713 / 0.825 → 0.900 / 0.975, type 0.588 / 0.738 →
  // 0.738 / 0.913, urgency 0.863 → 0.988, hand-over 0.963 → 1.0, 主办 0.713 / 0.750 → 0.887 /
  // 0.925.
  const Tally& tuning = by_set[1];
  ASSERT_EQ(tuning.n, 80);
  EXPECT_GE(tuning.either.at("category"), 0.95 * tuning.n);
  EXPECT_GE(tuning.either.at("type"), 0.87 * tuning.n);
  EXPECT_GE(tuning.exact.at("urgency"), 0.94 * tuning.n);
  EXPECT_GE(tuning.exact.at("handover"), 0.98 * tuning.n);
  EXPECT_GE(tuning.either.at("main_unit"), 0.9 * tuning.n);
  // Set 3: category 0.71 / 0.84 → 0.85 / 0.97, type 0.69 / 0.78 → 0.83 / 0.93, urgency 0.91 →
  // 0.99, hand-over 0.97 → 1.0, 主办 0.73 / 0.78 → 0.86 / 0.92.
  const Tally& tuning3 = by_set[3];
  ASSERT_EQ(tuning3.n, 100);
  EXPECT_GE(tuning3.either.at("category"), 0.94 * tuning3.n);
  EXPECT_GE(tuning3.either.at("type"), 0.9 * tuning3.n);
  EXPECT_GE(tuning3.either.at("urgency"), 0.95 * tuning3.n);
  EXPECT_GE(tuning3.either.at("main_unit"), 0.89 * tuning3.n);
  // Set 4: category 0.76 / 0.83 → 0.85 / 0.91, type 0.78 / 0.91 → 0.78 / 0.93, urgency 0.94 →
  // 0.95, hand-over 0.98, 主办 0.78 / 0.84 → 0.83 / 0.89.
  const Tally& tuning4 = by_set[4];
  ASSERT_EQ(tuning4.n, 100);
  EXPECT_GE(tuning4.either.at("category"), 0.88 * tuning4.n);
  EXPECT_GE(tuning4.either.at("type"), 0.9 * tuning4.n);
  EXPECT_GE(tuning4.either.at("urgency"), 0.92 * tuning4.n);
  EXPECT_GE(tuning4.either.at("main_unit"), 0.86 * tuning4.n);
  // Set 2 (held out) at the session's start / after set 1's fixes / after set 3's: category
  // 0.663 / 0.788 → 0.738 / 0.863 → 0.775 / 0.888 (first level 0.713 → 0.788 → 0.825), type
  // 0.575 / 0.688 → 0.625 / 0.725 → 0.675 / 0.775, urgency 0.850 / 0.863 → 0.900 / 0.913 →
  // 0.913 / 0.925, hand-over 0.950 → 0.963 → 0.963, 主办 0.700 / 0.725 → 0.788 / 0.800 → 0.825 /
  // 0.838; after set 4's round: category 0.825 / 0.913, 主办 0.850 / 0.863, the rest unchanged.
  const Tally& held_out = by_set[2];
  ASSERT_EQ(held_out.n, 80);
  EXPECT_GE(held_out.either.at("category"), 0.88 * held_out.n);
  EXPECT_GE(held_out.either.at("type"), 0.75 * held_out.n);
  EXPECT_GE(held_out.either.at("urgency"), 0.9 * held_out.n);
  EXPECT_GE(held_out.exact.at("handover"), 0.94 * held_out.n);
  EXPECT_GE(held_out.either.at("main_unit"), 0.83 * held_out.n);
  // Set 5 (held out, looked at once at the end): category 0.825 / 0.875 (first level 0.85), type
  // 0.800 / 0.912, urgency 0.975, hand-over 0.988, 主办 0.825 / 0.887.
  const Tally& month = by_set[5];
  ASSERT_EQ(month.n, 80);
  EXPECT_GE(month.either.at("category"), 0.84 * month.n);
  EXPECT_GE(month.either.at("type"), 0.88 * month.n);
  EXPECT_GE(month.either.at("urgency"), 0.95 * month.n);
  EXPECT_GE(month.exact.at("handover"), 0.96 * month.n);
  EXPECT_GE(month.either.at("main_unit"), 0.85 * month.n);
}

}  // namespace
}  // namespace minsheng
