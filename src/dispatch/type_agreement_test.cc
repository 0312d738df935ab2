// Agreement of the order-type rules with types given by hand: 480 messages of the TipDM
// hotspot.jsonl were typed by two helper sessions that saw neither the rules nor each other's
// work (testdata/hotspot_types.jsonl: key = FNV-1a 64 of title + U+001F + text, the type, a
// second plausible type or ""). Set 1 was used to tune the cue words, set 2 only to check them
// (docs/dispatch.md "Order type from wording"). The messages live outside the repository
// (../shared/data); the test is skipped without them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "dispatch/classifier_internal.h"
#include "dispatch/rules.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

struct HandType {
  int set = 0;
  std::string type;
  std::string alt;
};

std::string KeyOf(std::string_view title, std::string_view text) {
  char buf[17];
  std::string joined = std::string(title) + '\x1f' + std::string(text);
  std::snprintf(buf, sizeof(buf), "%016llx",
                static_cast<unsigned long long>(classifier_internal::Fnv64(joined)));
  return buf;
}

std::string Field(const nlohmann::json& row, const char* name) {
  auto it = row.find(name);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

TEST(TypeAgreementTest, RulesAgreeWithTypesGivenByHand) {
  const char* src = std::getenv("MINSHENG_SOURCE_DIR");
  const std::filesystem::path base =
      src ? std::filesystem::path(src) : std::filesystem::current_path();
  const std::filesystem::path data = base / ".." / "shared" / "data" / "tipdm2020c";
  if (!std::filesystem::exists(data / "hotspot.jsonl")) {
    GTEST_SKIP() << "跳过: 找不到 " << (data / "hotspot.jsonl").string()
                 << " (set MINSHENG_SOURCE_DIR; data live in ../shared/data)";
  }
  std::map<std::string, HandType> hand;
  std::ifstream labels(base / "src" / "dispatch" / "testdata" / "hotspot_types.jsonl");
  ASSERT_TRUE(labels.good());
  for (std::string line; std::getline(labels, line);) {
    const auto j = nlohmann::json::parse(line);
    hand[j.at("key").get<std::string>()] = {j.at("set").get<int>(), j.at("type"), j.at("alt")};
  }
  ASSERT_EQ(hand.size(), 480u);

  // Per set: messages, exact agreements, agreements with the type or the second one, `other`.
  struct Tally {
    int n = 0, exact = 0, either = 0, other = 0;
  };
  std::map<int, Tally> tally;
  std::map<std::string, std::map<std::string, int>> confusion;  // set 2: hand → rules
  std::set<std::string> seen;
  const TextNormalizer& norm = TextNormalizer::Default();
  std::ifstream in(data / "hotspot.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto row = nlohmann::json::parse(line);
    const std::string title = Field(row, "title"), text = Field(row, "text");
    const std::string key = KeyOf(title, text);
    auto it = hand.find(key);
    if (it == hand.end() || !seen.insert(key).second) continue;  // 13 messages occur twice
    const std::string type = GuessOrderType(norm.Normalize(title), norm.Normalize(text)).type;
    Tally& t = tally[it->second.set];
    ++t.n;
    t.exact += type == it->second.type;
    t.either += type == it->second.type || type == it->second.alt;
    t.other += type == "other";
    if (it->second.set == 2) ++confusion[it->second.type][type];
  }
  ASSERT_EQ(tally[1].n, 240);
  ASSERT_EQ(tally[2].n, 240);
  for (const auto& [set, t] : tally) {
    std::cout << "set " << set << (set == 1 ? " (tuning)" : " (held out)") << ": n=" << t.n
              << " exact=" << static_cast<double>(t.exact) / t.n
              << " type_or_second=" << static_cast<double>(t.either) / t.n << " other=" << t.other
              << "\n";
  }
  for (const auto& [want, row] : confusion) {
    std::cout << "  hand " << want << ":";
    for (const auto& [got, n] : row) std::cout << " " << got << "=" << n;
    std::cout << "\n";
  }
  // Measured on 2026-12-03 (docs/dispatch.md), minus 0.02; the rules before the extended cue
  // lists reached 0.54 / 0.64 with 59 `other` on the held-out set.
  EXPECT_GE(tally[2].exact, 0.68 * 240);
  EXPECT_GE(tally[2].either, 0.79 * 240);
  EXPECT_LE(tally[2].other, 25);
}

}  // namespace
}  // namespace minsheng
