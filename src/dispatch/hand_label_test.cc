// Agreement of the engine's rules with labels given by hand: 480 messages of the TipDM
// hotspot.jsonl were typed and classified into the default zone's taxonomy by helper sessions
// that saw neither the rules nor the keywords nor each other's work
// (testdata/hotspot_hand_labels.jsonl: key = FNV-1a 64 of title + U+001F + text, the order type
// and a second plausible one, the second-level category and a second plausible one). Set 1 was
// used to tune the type cue words and the category keywords, set 2 only to check them
// (docs/dispatch.md "Order type from wording", "Category keywords"). The messages live outside
// the repository (../shared/data); the tests are skipped without them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "app/config_loader.h"
#include "dispatch/classifier_internal.h"
#include "dispatch/dispatcher.h"
#include "dispatch/facts.h"
#include "dispatch/rules.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

struct HandLabel {
  int set = 0;
  std::string type, type_alt, category, category_alt;
};

struct LabeledMessage {
  HandLabel hand;
  std::string title, text;
};

std::string KeyOf(const std::string& title, const std::string& text) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx",
                static_cast<unsigned long long>(classifier_internal::Fnv64(title + '\x1f' + text)));
  return buf;
}

std::string Field(const nlohmann::json& row, const char* name) {
  auto it = row.find(name);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::filesystem::path SourceDir() {
  const char* src = std::getenv("MINSHENG_SOURCE_DIR");
  return src ? std::filesystem::path(src) : std::filesystem::current_path();
}

// The hand-labelled messages (empty when ../shared/data is absent).
std::vector<LabeledMessage> LoadLabeled() {
  const std::filesystem::path data = SourceDir() / ".." / "shared" / "data" / "tipdm2020c";
  std::vector<LabeledMessage> out;
  if (!std::filesystem::exists(data / "hotspot.jsonl")) return out;
  std::map<std::string, HandLabel> hand;
  std::ifstream labels(SourceDir() / "src" / "dispatch" / "testdata" / "hotspot_hand_labels.jsonl");
  for (std::string line; std::getline(labels, line);) {
    const auto j = nlohmann::json::parse(line);
    hand[j.at("key").get<std::string>()] = {j.at("set").get<int>(), j.at("type"), j.at("type_alt"),
                                            j.at("category"), j.at("category_alt")};
  }
  EXPECT_EQ(hand.size(), 480u);
  std::set<std::string> seen;
  std::ifstream in(data / "hotspot.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto row = nlohmann::json::parse(line);
    std::string title = Field(row, "title"), text = Field(row, "text");
    const std::string key = KeyOf(title, text);
    auto it = hand.find(key);
    if (it == hand.end() || !seen.insert(key).second) continue;  // 13 messages occur twice
    out.push_back({it->second, std::move(title), std::move(text)});
  }
  EXPECT_EQ(out.size(), 480u);
  return out;
}

// Per set: messages, exact agreements, agreements with the label or the second one.
struct Tally {
  int n = 0, exact = 0, either = 0, other = 0;
  void Print(int set, const char* what) const {
    std::cout << what << " set " << set << (set == 1 ? " (tuning)" : " (held out)") << ": n=" << n
              << " exact=" << static_cast<double>(exact) / n
              << " label_or_second=" << static_cast<double>(either) / n << " none=" << other
              << "\n";
  }
};

TEST(HandLabelTest, OrderTypeRulesAgreeWithTypesGivenByHand) {
  const std::vector<LabeledMessage> messages = LoadLabeled();
  if (messages.empty()) GTEST_SKIP() << "跳过: 找不到 ../shared/data/tipdm2020c/hotspot.jsonl";
  std::map<int, Tally> tally;
  std::map<std::string, std::map<std::string, int>> confusion;  // set 2: hand → rules
  const TextNormalizer& norm = TextNormalizer::Default();
  for (const LabeledMessage& m : messages) {
    const std::string type = GuessOrderType(norm.Normalize(m.title), norm.Normalize(m.text)).type;
    Tally& t = tally[m.hand.set];
    ++t.n;
    t.exact += type == m.hand.type;
    t.either += type == m.hand.type || type == m.hand.type_alt;
    t.other += type == "other";
    if (m.hand.set == 2) ++confusion[m.hand.type][type];
  }
  ASSERT_EQ(tally[1].n, 240);
  ASSERT_EQ(tally[2].n, 240);
  for (const auto& [set, t] : tally) t.Print(set, "type");
  for (const auto& [want, row] : confusion) {
    std::cout << "  hand " << want << ":";
    for (const auto& [got, n] : row) std::cout << " " << got << "=" << n;
    std::cout << "\n";
  }
  // Measured on 2026-12-03 (docs/dispatch.md), minus 0.02; the rules before the extended cue
  // lists reached 0.54 / 0.64 with 54 `other` on the held-out set.
  EXPECT_GE(tally[2].exact, 0.68 * 240);
  EXPECT_GE(tally[2].either, 0.79 * 240);
  EXPECT_LE(tally[2].other, 25);
}

// Without a trained model (a centre on its first day) the zone's category names and keywords
// decide the category and hence the unit.
TEST(HandLabelTest, CategoryKeywordsAgreeWithCategoriesGivenByHand) {
  const std::vector<LabeledMessage> messages = LoadLabeled();
  if (messages.empty()) GTEST_SKIP() << "跳过: 找不到 ../shared/data/tipdm2020c/hotspot.jsonl";
  auto zone = LoadZoneConfig((SourceDir() / "config" / "default").string());
  ASSERT_TRUE(zone.ok()) << zone.status().ToString();
  Dispatcher dispatcher(*zone, nullptr);
  std::map<int, Tally> second_level, first_level, unit;
  for (const LabeledMessage& m : messages) {
    auto s = dispatcher.Suggest({.title = m.title, .content = m.text});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    const auto j = nlohmann::json::parse(s->json);
    const auto& cat = j.at("units").value("category", nlohmann::json::object());
    const std::string code = cat.value("code", "");
    const HandLabel& h = m.hand;
    const std::string alt = h.category_alt;
    Tally& t2 = second_level[h.set];
    ++t2.n;
    t2.exact += code == h.category;
    t2.either += code == h.category || (!alt.empty() && code == alt);
    t2.other += code.empty();
    Tally& t1 = first_level[h.set];
    const std::string top = code.substr(0, 2);
    ++t1.n;
    t1.exact += top == h.category.substr(0, 2);
    t1.either += top == h.category.substr(0, 2) || (!alt.empty() && top == alt.substr(0, 2));
    t1.other += code.empty();
    // The 主办 the hand category leads to (no place is recognised in these masked messages).
    Tally& tu = unit[h.set];
    ++tu.n;
    const std::string hand_unit = dispatcher.Route(h.category, RegionMatch{}).main.unit;
    tu.exact += !code.empty() && s->main_unit == hand_unit;
    tu.either += !code.empty() &&
                 (s->main_unit == hand_unit ||
                  (!alt.empty() && s->main_unit == dispatcher.Route(alt, RegionMatch{}).main.unit));
    tu.other += code.empty();
  }
  for (int set : {1, 2}) {
    second_level[set].Print(set, "category (second level)");
    first_level[set].Print(set, "category (first level)");
    unit[set].Print(set, "main unit");
  }
  // Measured on 2026-12-03 (docs/dispatch.md), minus 0.02; before the keywords (category names
  // only) the held-out set reached 0.13 / 0.18 / 0.18 with 139 messages without a category.
  EXPECT_GE(second_level[2].exact, 0.54 * 240);
  EXPECT_GE(first_level[2].exact, 0.60 * 240);
  EXPECT_GE(unit[2].exact, 0.60 * 240);
  EXPECT_LE(second_level[2].other, 15);
}

}  // namespace
}  // namespace minsheng
