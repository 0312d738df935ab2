// Appeals as they reach intake, written and answered blind by helper sessions playing an
// experienced operator of the model zone (original text, not taken from any data set; the
// held-out sets in testdata/intake_probes.jsonl, the tuning sets are the default zone's seed
// appeals, config/default/seed_appeals.jsonl): short colloquial records of calls and messages with
// 王贺村, 金城社区, the three 街道 and the zone's roads. Each gives the category (second level),
// the order type, the urgency, the hand-over line and the 主办 an operator would choose, with the
// other defensible answers. Sets 1 (80), 3 (100), 4 (100), 6 (100, "a winter month") and 8 (100, "a
// summer month") were used to find and fix what the engine got wrong (2026-12-04), then set 10
// (100, "after the Spring Festival"), set 12 (100, "winter weeks", hard order types), set 14 (100,
// "harvest and school start") and set 16 (100, city-platform transfers, 人民网 letters and WeChat);
// sets 2 (80), 5 (80, "a typical month"), 7 (80, "a spring week"), 9 (80, "an autumn week", a
// third of them letters), 11 (80, "summer orders from the city platform, 人民网 letters and
// WeChat"), 13 (80, "an autumn month", varied channels), 15 (80, "a spring month") and 17 (80, "a
// mixed month, all channels"), written by other helpers, are held out: only their figures were
// looked at — set 2's after each round, set 5's once at the end of the first day, set 7's before
// and after each round of the second, set 9's once at its end, set 11's before and after set 10's
// round, sets 13, 15 and 17 before and after the rounds of sets 12, 14 and 16 (docs/dispatch.md
// "Intake probes"; the titles and categories of the few 土地流转 cases of sets 7, 9, 11 and 13
// were seen once in a search). On 2026-12-05 eleven more helpers wrote sets 18–31 the same way:
// 18–21, 24–26 and 28–31 (100 each; four of them made to cover every category) were added to
// the seed appeals unread, 22, 23 and 27 (80 each) are held out (figures only).
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
#include "dispatch/facts.h"

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
  // The default zone: its order-type and category models trained from its seed appeals (the
  // tuning sets, so their type and category figures are in-sample), next to the rules and the
  // category keywords alone.
  Dispatcher dispatcher(*zone, nullptr);
  ASSERT_NE(dispatcher.seed_type_model(), nullptr);
  ASSERT_NE(dispatcher.seed_category_model(), nullptr);
  ZoneConfig rules_zone = *zone;
  rules_zone.seed_appeals.clear();
  Dispatcher rules_only(rules_zone, nullptr);
  ASSERT_EQ(rules_only.type_model(), nullptr);
  std::map<int, Tally> by_set;
  int held_out = 0, held_out_type = 0, held_out_type_rules = 0;
  int held_out_category = 0, held_out_category_keywords = 0, held_out_unit = 0,
      held_out_unit_keywords = 0;
  for (const std::filesystem::path& file :
       {SourceDir() / "config" / "default" / "seed_appeals.jsonl",
        SourceDir() / "src" / "dispatch" / "testdata" / "intake_probes.jsonl"}) {
    std::ifstream in(file);
    ASSERT_TRUE(in) << file;
    for (std::string line; std::getline(in, line);) {
      const auto c = nlohmann::json::parse(line);
      const SuggestRequest request{.title = c.at("title").get<std::string>(),
                                   .content = c.at("content").get<std::string>(),
                                   .address = c.value("address", "")};
      auto s = dispatcher.Suggest(request);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      auto r = rules_only.Suggest(request);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      if (file.filename() == "intake_probes.jsonl") {
        ++held_out;
        held_out_type += s->type == c.at("type");
        held_out_type_rules += r->type == c.at("type");
        const auto code = [](const std::string& json) {
          return nlohmann::json::parse(json)
              .at("units")
              .value("category", nlohmann::json::object())
              .value("code", "");
        };
        held_out_category += code(s->json) == c.at("category");
        held_out_category_keywords += code(r->json) == c.at("category");
        held_out_unit += s->main_unit == c.at("main_unit");
        held_out_unit_keywords += r->main_unit == c.at("main_unit");
      }
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
      t.exact["type_rules_only"] += r->type == c.at("type");
    }
  }
  for (const auto& [set, t] : by_set) {
    std::cout << "intake probes set " << set
              << (set == 2 || set == 5 || set == 7 || set == 9 || set == 11 || set == 13 ||
                          set == 15 || set == 17 || set == 22 || set == 23 || set == 27
                      ? " (held out)"
                      : " (tuning)")
              << ": n=" << t.n;
    for (const auto& [key, count] : t.exact) {
      std::cout << " " << key << "=" << static_cast<double>(count) / t.n;
      if (auto e = t.either.find(key); e != t.either.end() && e->second != count)
        std::cout << "/" << static_cast<double>(e->second) / t.n;
    }
    std::cout << "\n";
  }
  // Measured on 2026-12-04 (exact / or another defensible answer; docs/dispatch.md "Intake
  // probes"):
  // set 1 before / after the fixes it, set 3 and set 4 led to: category 0.713 / 0.825 → 0.900 /
  //   0.975, type 0.588 / 0.738 → 0.750 / 0.925, urgency 0.863 → 0.988, hand-over 0.963 → 1.0,
  //   主办 0.713 / 0.750 → 0.887 / 0.925;
  // set 3: category 0.71 / 0.84 → 0.85 / 0.97, type 0.69 / 0.78 → 0.83 / 0.93, urgency 0.91 →
  //   0.99, hand-over 0.97 → 1.0, 主办 0.73 / 0.78 → 0.86 / 0.92;
  // set 4: category 0.76 / 0.83 → 0.85 / 0.91, type 0.78 / 0.91 → 0.78 / 0.93, urgency 0.94 →
  //   0.95, hand-over 0.98, 主办 0.78 / 0.84 → 0.83 / 0.89;
  // set 2 (held out) at the session's start / after set 1's fixes / set 3's / set 4's: category
  //   0.663 / 0.788 → 0.738 / 0.863 → 0.775 / 0.888 → 0.825 / 0.913, type 0.575 / 0.688 →
  //   0.625 / 0.725 → 0.675 / 0.775, urgency 0.850 / 0.863 → 0.900 / 0.913 → 0.913 / 0.925,
  //   hand-over 0.950 → 0.963, 主办 0.700 / 0.725 → 0.788 / 0.800 → 0.825 / 0.838 → 0.850 / 0.863;
  // set 5 (held out, looked at once at the end) at the session's start / now: category 0.725 /
  //   0.800 → 0.825 / 0.875, type 0.675 / 0.763 → 0.800 / 0.912, urgency 0.925 → 0.975,
  //   hand-over 0.950 → 0.988, 主办 0.738 / 0.813 → 0.825 / 0.887;
  // set 6 (the second day's round) before / after it: category 0.640 / 0.750 → 0.880 / 0.970,
  //   type 0.760 / 0.920 → 0.860 / 0.990, urgency 0.880 / 0.900 → 0.960 / 0.980, hand-over
  //   0.960 → 1.0, 主办 0.730 / 0.800 → 0.900 / 0.970;
  // set 8 before / after its round: category 0.710 / 0.800 → 0.850 / 0.940, type 0.700 / 0.860
  //   → 0.780 / 0.950, urgency 0.900 / 0.930 → 0.940 / 0.980, hand-over 0.980 → 0.990, 主办
  //   0.780 / 0.820 → 0.870 / 0.910;
  // set 7 (held out) before / after set 6's round: category 0.675 / 0.800 → 0.738 / 0.838, type
  //   0.725 / 0.863 → 0.763 / 0.875, urgency 0.950 / 0.975 → 0.963 / 1.0, hand-over 0.975 →
  //   1.0, 主办 0.713 / 0.863 → 0.750 / 0.888 (set 5 after it: category 0.838 / 0.900, 主办
  //   0.813 / 0.888, type 0.800 / 0.900; set 2 after it: category 0.850 / 0.913, type 0.663 /
  //   0.775, 主办 0.863 / 0.875);
  // after set 8's round: set 2 category 0.863 / 0.913, type 0.688 / 0.800, urgency 0.925, 主办
  //   0.875 / 0.888; set 5 category 0.863 / 0.925, type 0.800 / 0.913, 主办 0.838 / 0.913; set 7
  //   category 0.750 / 0.850, 主办 0.763 / 0.900, the rest unchanged;
  // set 9 (held out, looked at once at the end of the second day) built at the day's start
  //   (2d56a57, its configuration) / now: category 0.725 / 0.813 → 0.825 / 0.900, type 0.725 /
  //   0.863 → 0.750 / 0.875, urgency 0.938 / 0.950 → 0.950 / 0.963, hand-over 0.975, 主办
  //   0.763 / 0.825 → 0.825 / 0.900;
  // set 10 (third day) before / after its round: category 0.750 / 0.860 → 0.880 / 0.990, type
  //   0.730 / 0.870 → 0.860 / 0.990, urgency 0.970 / 0.980 → 0.980 / 0.990, hand-over 1.0, 主办
  //   0.710 / 0.870 → 0.820 / 0.980; set 11 (held out) before / after it: category 0.688 / 0.800
  //   → 0.700 / 0.800, type 0.688 / 0.887, urgency 0.900 / 0.912, hand-over 1.0, 主办 0.738 /
  //   0.800 (all unchanged but category).
  // set 12 (fourth round) before / after it: category 0.750 / 0.830 → 0.910 / 0.990, type 0.760 /
  //   0.920 → 0.830 / 0.980, urgency 0.920 / 0.960 → 0.950 / 0.990, hand-over 0.990 → 1.0, 主办
  //   0.790 / 0.890 → 0.900 / 0.980; set 13 (held out) before / after it, unchanged: category
  //   0.775 / 0.875, type 0.738 / 0.863, urgency 0.938 / 0.963, hand-over 0.988, 主办 0.800 /
  //   0.850.
  // set 14 (fifth round) before / after it: category 0.700 / 0.850 → 0.840 / 0.970, type 0.800 /
  //   0.940 → 0.820 / 0.970, urgency 0.950 / 0.970 → 0.980 / 0.990, hand-over 0.980 → 1.0, 主办
  //   0.750 / 0.800 → 0.880 / 0.930; set 15 (held out) before / after it: category 0.713 / 0.813
  //   → 0.700 / 0.800, type 0.675 / 0.838, urgency 0.925 / 0.950, hand-over 0.950, 主办 0.738 /
  //   0.825 → 0.725 / 0.813; set 13 after it: category 0.813 / 0.900, urgency 0.950 / 0.975, 主办
  //   0.825 / 0.875.
  // set 16 (sixth round) before / after it: category 0.830 / 0.890 → 0.910 / 0.990, type 0.760 /
  //   0.890 → 0.810 / 0.930, urgency 0.960 / 0.970 → 0.970 / 0.980, hand-over 0.990, 主办 0.850 /
  //   0.930 → 0.920 / 0.990; set 17 (held out) before / after it, unchanged: category 0.863 /
  //   0.900, type 0.763 / 0.938, urgency 0.950 / 0.975, hand-over 0.988, 主办 0.863 / 0.888.
  // Seed appeals (2026-12-04, evening): the tuning sets became the zone's seed appeals
  // (config/default/seed_appeals.jsonl), from which the order-type model is trained; held-out
  // order type exact / either, rules only → with the seed model: set 2 0.725 → 0.775 / 0.950,
  //   set 5 0.800 → 0.900 / 0.963, set 7 0.750 → 0.925 / 0.988, set 9 0.763 → 0.863 / 0.975, set
  //   11 0.700 → 0.838 / 0.988, set 13 0.738 → 0.850 / 0.988, set 15 0.675 → 0.900 / 0.963, set
  //   17 0.763 → 0.800 / 0.975.
  // The seed appeals' categories (2026-12-04, night) train a category model too, which decides
  // where it is confident (≥ 0.5) or no keyword applies; held-out category exact / either and
  // 主办 exact / either, keywords only → with it: set 2 0.875 / 0.900 → 0.925 / 0.950, 主办 0.900 /
  //   0.913 → 0.963 / 0.975; set 5 0.875 / 0.938 → 0.938 / 0.988, 0.850 / 0.925 → 0.913 / 0.963;
  //   set 7 0.788 / 0.888 → 0.913 / 0.988, 0.788 / 0.925 → 0.875 / 0.950; set 9 0.838 / 0.913 →
  //   0.938 / 0.988, 0.838 / 0.913 → 0.913 / 0.938; set 11 0.725 / 0.813 → 0.838 / 0.900, 0.738 /
  //   0.825 → 0.800 / 0.888; set 13 0.800 / 0.900 → 0.950 / 0.988, 0.813 / 0.875 → 0.950 / 0.975;
  //   set 15 0.700 / 0.800 → 0.813 / 0.888, 0.725 / 0.813 → 0.850 / 0.900; set 17 0.863 / 0.900
  //   → 0.900 / 0.925, 0.863 / 0.888 → 0.913 / 0.925.
  // Each set must keep its figures less a margin (shares of the set, "or another defensible
  // answer" except for the hand-over line).
  struct Floor {
    int set, n;
    double category, type, urgency, handover, main_unit;
  };
  for (const Floor& f :
       {Floor{1, 80, 0.95, 0.87, 0.94, 0.98, 0.9}, Floor{3, 100, 0.94, 0.9, 0.95, 0.97, 0.89},
        Floor{4, 100, 0.88, 0.9, 0.92, 0.96, 0.86}, Floor{2, 80, 0.92, 0.92, 0.9, 0.94, 0.94},
        Floor{5, 80, 0.95, 0.93, 0.95, 0.96, 0.94}, Floor{6, 100, 0.94, 0.95, 0.95, 0.97, 0.94},
        Floor{7, 80, 0.92, 0.95, 0.96, 0.96, 0.92}, Floor{8, 100, 0.91, 0.92, 0.95, 0.97, 0.88},
        Floor{9, 80, 0.95, 0.94, 0.93, 0.95, 0.9}, Floor{10, 100, 0.95, 0.96, 0.96, 0.97, 0.94},
        Floor{11, 80, 0.87, 0.95, 0.88, 0.97, 0.85}, Floor{12, 100, 0.96, 0.95, 0.96, 0.97, 0.95},
        Floor{13, 80, 0.95, 0.95, 0.94, 0.96, 0.94}, Floor{14, 100, 0.94, 0.94, 0.96, 0.97, 0.9},
        Floor{15, 80, 0.85, 0.93, 0.92, 0.92, 0.86}, Floor{16, 100, 0.96, 0.9, 0.95, 0.96, 0.96},
        Floor{17, 80, 0.9, 0.94, 0.94, 0.96, 0.89},
        // 2026-12-05: seed sets 18–21, 24–26, 28–31 (in-sample) and held-out sets 22, 23, 27.
        Floor{18, 100, 0.97, 0.97, 0.93, 0.96, 0.95}, Floor{19, 100, 0.97, 0.97, 0.96, 0.97, 0.95},
        Floor{20, 100, 0.97, 0.97, 0.96, 0.96, 0.94}, Floor{21, 100, 0.97, 0.97, 0.91, 0.97, 0.97},
        Floor{22, 80, 0.97, 0.95, 0.94, 0.97, 0.94}, Floor{23, 80, 0.9, 0.94, 0.95, 0.97, 0.87},
        Floor{24, 100, 0.96, 0.96, 0.92, 0.97, 0.95}, Floor{25, 100, 0.96, 0.96, 0.94, 0.96, 0.94},
        Floor{26, 100, 0.97, 0.97, 0.95, 0.96, 0.94}, Floor{27, 80, 0.95, 0.95, 0.97, 0.97, 0.94},
        Floor{28, 100, 0.97, 0.97, 0.94, 0.95, 0.95}, Floor{29, 100, 0.97, 0.97, 0.95, 0.97, 0.95},
        Floor{30, 100, 0.97, 0.97, 0.96, 0.97, 0.95},
        Floor{31, 100, 0.96, 0.96, 0.94, 0.96, 0.95}}) {
    const Tally& t = by_set[f.set];
    ASSERT_EQ(t.n, f.n) << "set " << f.set;
    EXPECT_GE(t.either.at("category"), f.category * t.n) << "set " << f.set;
    EXPECT_GE(t.either.at("type"), f.type * t.n) << "set " << f.set;
    EXPECT_GE(t.either.at("urgency"), f.urgency * t.n) << "set " << f.set;
    EXPECT_GE(t.exact.at("handover"), f.handover * t.n) << "set " << f.set;
    EXPECT_GE(t.either.at("main_unit"), f.main_unit * t.n) << "set " << f.set;
  }
  // The seed model's gain on the held-out sets (2026-12-04: order type exact 0.856 against 0.739
  // for the rules alone, 640 appeals).
  std::cout << "held out: n=" << held_out
            << " type=" << static_cast<double>(held_out_type) / held_out
            << " type_rules_only=" << static_cast<double>(held_out_type_rules) / held_out
            << " category=" << static_cast<double>(held_out_category) / held_out
            << " category_keywords_only="
            << static_cast<double>(held_out_category_keywords) / held_out
            << " main_unit=" << static_cast<double>(held_out_unit) / held_out
            << " main_unit_keywords_only=" << static_cast<double>(held_out_unit_keywords) / held_out
            << "\n";
  // With the 1,980 seed appeals of 2026-12-05 (880 before), on the 880 held-out appeals: type
  // exact 0.881 (0.857 before; rules alone 0.743), category 0.936 (0.902; keywords alone 0.802),
  // 主办 0.914 (0.898; keywords alone 0.813). The type, category and 主办 floors fail with the 880.
  ASSERT_EQ(held_out, 880);
  EXPECT_GE(held_out_type, 0.86 * held_out);
  EXPECT_GE(held_out_type - held_out_type_rules, 0.10 * held_out);
  EXPECT_GE(held_out_category, 0.92 * held_out);
  EXPECT_GE(held_out_category - held_out_category_keywords, 0.11 * held_out);
  // 20.02 / 20.03 routed to 党政办 (2026-12-05): 主办 0.914 → 0.928; dual classes keep their
  // department as 主办 in a village (later the same day): → 0.942.
  EXPECT_GE(held_out_unit, 0.935 * held_out);
}

// Facts marked by hand in appeals written blind by helper sessions playing the zone's operators
// (testdata/fact_probes.jsonl: set, id, title, content and the facts an operator wants
// highlighted — places, organisations, persons, phones, plates, dates, amounts — as the exact
// text of their field). Set 1 was used to find and fix what the extractor got wrong (2026-12-04,
// evening) while set 2 was held out; then set 2 was used for a second round while set 3 (written
// later by a third helper) was held out: only its figures were looked at; then set 3 for a third
// round (night) while set 4 (a fourth helper, asked for more shops and brands without a suffix
// and places given by landmarks) and set 5 (a fifth, asked for winter and Spring Festival appeals)
// were held out; then sets 4 and 5 for a fourth and fifth round. Set 6 (a sixth helper, a
// year's ordinary mix) was written after the fifth round and is held out: only its figures were
// looked at. Sets 7 (a seventh helper, asked for shops and estates without a suffix, branches
// named by their road, landmarks) and 8 (an eighth, an ordinary late-autumn month) were written
// after that: set 7 tuned a sixth round while set 8 was held out, then set 8 a seventh; set 9
// (a ninth, an ordinary spring month, written after the sixth round) was held out until it
// tuned an eighth round; set 10 (a tenth, an ordinary summer month, written after the seventh)
// was held out until it tuned a ninth round; set 11 (an eleventh, an ordinary autumn month,
// written after the eighth) was held out until it tuned a tenth round; set 12 (a twelfth, an
// ordinary January, written after the ninth) is held out. The extractor
// runs with the zone's own names (KnownNames of config/default), as the dispatcher runs it. A fact
// counts when the engine marks the same text in the same field, of any kind (a shop named 聚福苑
// may be a place or an organisation); repeated texts count as often as they are marked.
TEST(IntakeProbeTest, FactsAnOperatorWantsHighlighted) {
  auto zone = LoadZoneConfig((SourceDir() / "config" / "default").string());
  ASSERT_TRUE(zone.ok()) << zone.status().message();
  const KnownNames known(*zone);
  std::ifstream in(SourceDir() / "src" / "dispatch" / "testdata" / "fact_probes.jsonl");
  ASSERT_TRUE(in.good());
  struct Count {
    int found = 0, marked = 0, agreed = 0;
  };
  std::map<int, Count> by_set;
  for (std::string line; std::getline(in, line);) {
    const auto c = nlohmann::json::parse(line);
    Count& n = by_set[c.at("set").get<int>()];
    std::map<std::pair<std::string, std::string>, int> marked;
    for (const auto& f : c.at("facts")) {
      ++marked[{f.at("field").get<std::string>(), f.at("text").get<std::string>()}];
      ++n.marked;
    }
    for (const std::string field : {"title", "content"}) {
      for (const Fact& f : ExtractFacts(c.value(field, ""), field, &known)) {
        ++n.found;
        auto it = marked.find({field, f.text});
        if (it != marked.end() && it->second > 0) {
          --it->second;
          ++n.agreed;
        }
      }
    }
  }
  ASSERT_EQ(by_set.size(), 12u);
  for (const auto& [set, n] : by_set) {
    std::cout << "fact probes set " << set << (set == 6 || set == 12 ? " (held out)" : "")
              << ": found " << n.found << ", marked " << n.marked << ", agreed " << n.agreed
              << " precision=" << static_cast<double>(n.agreed) / n.found
              << " recall=" << static_cast<double>(n.agreed) / n.marked << "\n";
  }
  // Measured (docs/dispatch.md "Facts as an operator records them"), precision / recall:
  // set 1 0.756 / 0.635 before the first round, 0.948 / 0.938 now; set 2 0.711 / 0.629 before,
  // 0.805 / 0.780 while held out, 0.949 / 0.915 now; set 3 0.777 / 0.676 before, 0.864 / 0.837
  // while held out, 0.979 / 0.948 now; set 4 0.810 / 0.710 before the third round, 0.870 / 0.816
  // after it while held out, 0.938 / 0.868 now; set 5 0.832 / 0.657 before the third round,
  // 0.851 / 0.713 and 0.860 / 0.720 after the third and the fourth while held out, 0.928 /
  // 0.835 now.
  // Held-out set 6 (424 facts): 0.895 / 0.889 with the code before the third round (8af4db6),
  // 0.913 / 0.913 after the third, 0.922 / 0.917 after the fifth (both of its checks fail
  // before); 0.929 / 0.925 after the sixth and seventh rounds (sets 7, 8).
  // Set 7: 0.853 / 0.859 before its round (7bada10), 0.954 / 0.947 after; set 8: 0.917 / 0.921
  // before the sixth round, 0.921 / 0.921 after it while held out, 0.969 / 0.947 after its own;
  // set 9 (375 facts): 0.885 / 0.925 at 7bada10, 0.894 / 0.925 after both rounds while held
  // out, 0.950 / 0.971 after its own (the eighth); held-out set 10 (404 facts): 0.910 / 0.903 at
  // 7bada10, 0.918 / 0.911 after the sixth and seventh rounds, 0.922 / 0.911 after the eighth;
  // set 6 0.931 / 0.927 after the eighth. Set 10: 0.922 / 0.911 → 0.969 / 0.943 after its own
  // (the ninth); held-out set 11 (487 facts): 0.879 / 0.891 at 7bada10, 0.900 / 0.903 after the
  // eighth, 0.905 / 0.903 after the ninth, 0.964 / 0.947 after its own (the tenth); held-out
  // set 12 (416 facts): 0.890 / 0.918 at 7bada10, 0.921 / 0.930 after the ninth, 0.924 / 0.935
  // after the tenth; set 6 0.936 / 0.936 after the ninth, 0.939 / 0.939 after the tenth.
  // Floors: {set, precision, recall}.
  constexpr struct {
    int set;
    double precision, recall;
  } kFloors[] = {{1, 0.93, 0.92}, {2, 0.93, 0.90},  {3, 0.96, 0.93},  {4, 0.92, 0.85},
                 {5, 0.91, 0.82}, {6, 0.91, 0.90},  {7, 0.93, 0.92},  {8, 0.94, 0.92},
                 {9, 0.93, 0.95}, {10, 0.95, 0.92}, {11, 0.94, 0.92}, {12, 0.90, 0.91}};
  for (const auto& f : kFloors) {
    EXPECT_GE(by_set[f.set].agreed, f.precision * by_set[f.set].found) << "set " << f.set;
    EXPECT_GE(by_set[f.set].agreed, f.recall * by_set[f.set].marked) << "set " << f.set;
  }
}

}  // namespace
}  // namespace minsheng
