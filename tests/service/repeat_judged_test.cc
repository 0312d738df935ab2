// Repeat detection (重复件) at intake against pairs judged by hand. Helper sessions that saw
// neither the rules nor the similarity scores read pairs of messages of the TipDM hotspot.jsonl
// posted within 30 days of each other and judged each `same` (merge them), `related` (the same
// kind of problem, another place or request) or `different` (testdata/hotspot_repeat_pairs.jsonl:
// the FNV-1a 64 keys of title + U+001F + text of both messages, no text). Sets 1 and 2 (400
// each, two helpers): every pair whose two-character-word Jaccard is >= 0.2 (680) and 120 drawn
// from 0.12-0.2. Set 3 (232, a third helper): every pair below 0.25 whose titles have a Jaccard
// >= 0.4 or whose words overlap >= 0.5 of the shorter message, i.e. the repeats the rule by
// place and whole wording could not see. The thresholds were chosen on all three
// (docs/dispatch.md "Repeat detection"). Set 4 (120, a fourth helper): pairs at one estate
// (as the engine recognises it) drawn at random from those below 0.2 that sets 1-3 left
// unjudged, 40 each from 0.08-0.12, 0.12-0.16 and 0.16-0.2 — the ones a lower bar for the same
// place would add (119 judged same: hotspot.jsonl is dominated by two estates' campaigns, so
// this set measures recall there, not false merges).
//
// The test replays the messages of the judged pairs in time order through the real engine
// (the place it recognises), OrderService::FindRepeats and the SQLite store, with the clock at
// each message's time, and counts the judged pairs proposed. The callers are left out (the
// messages carry no phone numbers): this is repeat detection by place and wording alone.
// Skipped without ../shared/data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/time_util.h"
#include "dispatch/dispatcher.h"
#include "testing/service_test_base.h"

namespace minsheng {
namespace {

namespace fs = std::filesystem;

fs::path SourceDir() {
  const char* src = std::getenv("MINSHENG_SOURCE_DIR");
  return src ? fs::path(src) : fs::current_path();
}
fs::path DataFile() {
  return SourceDir() / ".." / "shared" / "data" / "tipdm2020c" / "hotspot.jsonl";
}

std::string KeyOf(const std::string& title, const std::string& text) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : title + '\x1f' + text) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string Field(const nlohmann::json& row, const char* name) {
  auto it = row.find(name);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct JudgedPair {
  std::string earlier, later, verdict;
  int set = 0;
};

struct Message {
  int64_t at = 0;
  std::string key, title, text;
};

class RepeatJudgedTest : public testing::ServiceTestBase {};

TEST_F(RepeatJudgedTest, RepeatsProposedAgreeWithPairsJudgedByHand) {
  if (!fs::exists(DataFile()))
    GTEST_SKIP() << "跳过: 找不到 ../shared/data/tipdm2020c/hotspot.jsonl";
  std::vector<JudgedPair> pairs;
  std::set<std::string> keys;
  {
    std::ifstream in(SourceDir() / "tests" / "service" / "testdata" / "hotspot_repeat_pairs.jsonl");
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      pairs.push_back({j.at("earlier"), j.at("later"), j.at("verdict"), j.at("set")});
      keys.insert(pairs.back().earlier);
      keys.insert(pairs.back().later);
    }
  }
  ASSERT_EQ(pairs.size(), 1152u);
  std::vector<Message> messages;
  {
    std::ifstream in(DataFile());
    for (std::string line; std::getline(in, line);) {
      const auto row = nlohmann::json::parse(line);
      Message m{0, "", Field(row, "title"), Field(row, "text")};
      m.key = KeyOf(m.title, m.text);
      if (!keys.count(m.key)) continue;
      std::string time = Field(row, "time").substr(0, 19);
      if (time.size() == 19) time[10] = 'T';
      auto at = ParseIso8601(time, config_.utc_offset_minutes);
      ASSERT_TRUE(at.has_value()) << time;
      m.at = *at;
      messages.push_back(std::move(m));
    }
  }
  std::stable_sort(messages.begin(), messages.end(),
                   [](const Message& a, const Message& b) { return a.at < b.at; });
  ASSERT_GE(messages.size(), 900u);

  Dispatcher engine(config_, nullptr);
  const Actor admin{"admin", Role::kAdmin, ""};
  std::map<int64_t, std::string> key_of_order;
  std::set<std::pair<std::string, std::string>> proposed;  // (earlier key, later key)
  for (const Message& m : messages) {
    clock_.Set(m.at);
    auto s = engine.Suggest({.title = m.title, .content = m.text});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    SuggestRequest appeal{.title = m.title, .content = m.text, .place = s->place};
    auto repeats = service_->FindRepeats(admin, appeal, 50);
    ASSERT_TRUE(repeats.ok()) << repeats.status().ToString();
    for (const RepeatCandidate& c : *repeats) proposed.insert({key_of_order.at(c.id), m.key});
    NewOrderInput in;
    in.channel = "web";
    in.type = "complaint";
    in.title = m.title;
    in.content = m.text;
    in.place_key = s->place;
    auto created = service_->Create(admin, std::move(in));
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    key_of_order[created->order.id] = m.key;
  }

  struct Tally {
    int same = 0, same_proposed = 0, proposed = 0, proposed_not_same = 0;
  };
  std::map<int, Tally> by_set;
  std::set<std::pair<std::string, std::string>> judged;
  for (const JudgedPair& p : pairs) {
    judged.insert({p.earlier, p.later});
    Tally& t = by_set[p.set];
    const bool was_proposed = proposed.count({p.earlier, p.later}) > 0;
    t.same += p.verdict == "same";
    t.same_proposed += was_proposed && p.verdict == "same";
    t.proposed += was_proposed;
    t.proposed_not_same += was_proposed && p.verdict != "same";
  }
  int unjudged = 0;
  for (const auto& p : proposed) unjudged += !judged.count(p);
  for (const auto& [set, t] : by_set) {
    std::cout << "repeat pairs set " << set << ": judged same " << t.same << ", proposed "
              << t.proposed << " (same " << t.same_proposed << ", related or different "
              << t.proposed_not_same
              << ") precision=" << static_cast<double>(t.same_proposed) / std::max(1, t.proposed)
              << " recall=" << static_cast<double>(t.same_proposed) / std::max(1, t.same) << "\n";
  }
  std::cout << "proposed pairs nobody judged: " << unjudged << " of " << proposed.size() << "\n";
  // By place alone (the rule before wording was used): recall 0.325 / 0.303 / 0 on sets 1 / 2
  // / 3; by place and whole wording, without the title: 0.660 / 0.647 on sets 1 / 2; with the
  // title and the same place's bar at 0.25: 0.722 / 0.732 / 0.424 / 0; at 0.15: 0.775 / 0.797
  // / 0.507 / 0.319.
  ASSERT_EQ(by_set.size(), 4u);
  EXPECT_GE(by_set[1].same_proposed, 0.75 * by_set[1].same);
  EXPECT_GE(by_set[2].same_proposed, 0.75 * by_set[2].same);
  EXPECT_GE(by_set[3].same_proposed, 0.45 * by_set[3].same);  // the residue: see the header
  EXPECT_GE(by_set[4].same_proposed, 0.25 * by_set[4].same);
  for (const auto& [set, t] : by_set)
    EXPECT_LE(t.proposed_not_same, 0.03 * t.proposed) << "set " << set;
}

}  // namespace
}  // namespace minsheng
