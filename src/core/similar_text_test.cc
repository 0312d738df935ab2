#include "core/similar_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>

namespace minsheng {
namespace {

int SharedKeys(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  int n = 0;
  for (int64_t k : a) n += std::count(b.begin(), b.end(), k) > 0;
  return n;
}

TEST(SimilarTextTest, ShinglesAreTwoCharacterWordsOfTitleAndOpening) {
  // 小区 区停 停水 | 今天 天停 停水 水了: punctuation is skipped, 停水 counted once.
  EXPECT_EQ(ProblemShingles("小区停水", "今天,停水了。").size(), 6u);
  EXPECT_EQ(ProblemShingles("小区停水", "今天,停水了。"),
            ProblemShingles("小区 停水!", "今天停水了"));
  EXPECT_TRUE(ProblemShingles("水", "。").empty());
  EXPECT_EQ(ProblemShingles("ab", "").size(), 1u);
  // Only the first 200 characters of the content count.
  std::string long_text;
  for (int i = 0; i < 200; ++i) long_text += "甲";
  EXPECT_EQ(ProblemShingles("", long_text + "噪音扰民"), ProblemShingles("", long_text));
  EXPECT_EQ(ProblemShingles("", long_text).size(), 1u);
  // Broken UTF-8 is read without reading past the end.
  EXPECT_LE(ProblemShingles("\xE5\xB0", "\xFF\xFE\xE5").size(), 2u);
}

TEST(SimilarTextTest, JaccardOfShingles) {
  const auto a = ProblemShingles("丽发新城搅拌站噪音", "");
  const auto b = ProblemShingles("丽发新城搅拌站粉尘", "");
  EXPECT_DOUBLE_EQ(ShingleJaccard(a, a), 1.0);
  EXPECT_NEAR(ShingleJaccard(a, b), 6.0 / 10.0, 1e-12);  // 6 shared of 8 + 8 − 6
  EXPECT_EQ(ShingleJaccard(a, {}), 0.0);
}

TEST(SimilarTextTest, KeysAreStableAndSharedByAppealsWordedAlike) {
  const std::string title = "A市丽发新城小区附近搅拌站噪音污染严重";
  const std::string text =
      "丽发新城小区旁边的搅拌站日夜施工,粉尘和噪音严重影响居民休息,请相关部门处理。";
  const auto keys = AppealTextKeys(title, text);
  ASSERT_EQ(keys.size(), 2u * kTextKeyBands);    // the whole appeal, the title
  EXPECT_EQ(keys, AppealTextKeys(title, text));  // deterministic
  // A repost with a word changed shares most bands; an unrelated appeal none.
  const auto repost = AppealTextKeys(
      "丽发新城小区附近搅拌站噪音污染严重",
      "丽发新城小区旁边的搅拌站日夜施工,粉尘和噪音严重影响居民休息,请有关部门处理。");
  EXPECT_GE(SharedKeys(keys, repost), 5);
  const auto other =
      AppealTextKeys("A4区教育局拖欠退休教师文明奖", "原七中退休教师的文明单位奖至今未发放。");
  EXPECT_EQ(SharedKeys(keys, other), 0);
  EXPECT_TRUE(AppealTextKeys("", "").empty());
  EXPECT_TRUE(AppealTextKeys("!", "。").empty());
}

TEST(SimilarTextTest, PlacesWrittenTwoWaysMayBeOne) {
  EXPECT_TRUE(PlacesMayBeOne("estate:丽发新城", "estate:丽发新城"));
  EXPECT_TRUE(PlacesMayBeOne("estate:丽发新城", "estate:丽发"));          // shortened
  EXPECT_TRUE(PlacesMayBeOne("estate:魅力之城", "estate:万科魅力之城"));  // brand in front
  EXPECT_TRUE(PlacesMayBeOne("estate:银杏嘉园", "estate:银杏小区"));      // same two first
  EXPECT_FALSE(PlacesMayBeOne("estate:魅力之城", "estate:森宇家园"));
  EXPECT_FALSE(PlacesMayBeOne("estate:金领公寓", "estate:金邻公寓"));  // one character only
  // Gazetteer keys are NBS codes: a village's begins with its street's.
  EXPECT_TRUE(PlacesMayBeOne("610502008", "610502008201"));
  EXPECT_FALSE(PlacesMayBeOne("610502008", "610502007"));
  EXPECT_FALSE(PlacesMayBeOne("610502008", "estate:王贺"));
  // A community holds estates: not the same, not different either.
  EXPECT_FALSE(PlacesMayBeOne("estate:辉煌国际城", "estate:西垅社区"));
  EXPECT_FALSE(PlacesDiffer("estate:辉煌国际城", "estate:西垅社区"));
  EXPECT_TRUE(PlacesDiffer("estate:魅力之城", "estate:森宇家园"));
  EXPECT_FALSE(PlacesDiffer("estate:魅力之城", "estate:万科魅力之城"));
  EXPECT_TRUE(PlacesDiffer("610502008", "610502007"));
}

TEST(SimilarTextTest, IndexFindsTheOrdersSharingKeysMostSharedFirst) {
  const auto mixing = AppealTextKeys("丽发新城搅拌站噪音污染严重", "搅拌站日夜施工,粉尘和噪音扰民");
  const auto repost =
      AppealTextKeys("丽发新城搅拌站噪音污染严重", "搅拌站日夜施工,粉尘和噪音扰民!");
  const auto other = AppealTextKeys("教师文明奖未发放", "原七中退休教师的文明单位奖至今未发放");
  TextKeyIndex index;
  index.Add(1, 1000, mixing);
  index.Add(2, 2000, other);
  index.Add(3, 3000, {mixing[0]});  // shares a single band with the appeal
  index.Add(1, 1000, mixing);       // added twice: kept once
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.Candidates(repost, 10), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(index.Candidates(repost, 1), (std::vector<int64_t>{1}));
  EXPECT_EQ(index.Candidates(other, 10), (std::vector<int64_t>{2}));
  EXPECT_TRUE(index.Candidates({}, 10).empty());
  // Orders registered before the window are forgotten.
  index.ExpireBefore(1500);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.Candidates(repost, 10), (std::vector<int64_t>{3}));
  // Enough orders expiring at once that the postings are rebuilt; the index works on.
  for (int64_t id = 100; id < 400; ++id) index.Add(id, 5000, other);
  EXPECT_EQ(index.Candidates(other, 500).size(), 301u);
  index.ExpireBefore(10000);
  EXPECT_EQ(index.size(), 0u);
  EXPECT_TRUE(index.Candidates(other, 10).empty());
  index.Add(400, 20000, other);
  EXPECT_EQ(index.Candidates(other, 10), (std::vector<int64_t>{400}));
  // Ids come in the repository's order: an id not after the last one is ignored.
  index.Add(4, 20000, mixing);
  EXPECT_TRUE(index.Candidates(mixing, 10).empty());
}

// The flat table against a plain reference over random adds and expiries: growth, rebuilds that
// drop expired entries, orders registered slightly out of time order, keys shared by many.
TEST(SimilarTextTest, IndexAgreesWithAPlainReference) {
  std::mt19937_64 rng(42);
  TextKeyIndex index;
  struct Ref {
    int64_t at;
    std::vector<int64_t> keys;
  };
  std::map<int64_t, Ref> ref;
  int64_t from = INT64_MIN;
  std::vector<int64_t> pool(3000);
  for (int64_t& k : pool) k = static_cast<int64_t>(rng());
  auto keys_of = [&] {
    std::vector<int64_t> k;
    for (int i = 0; i < 20; ++i) k.push_back(pool[rng() % pool.size()]);
    std::sort(k.begin(), k.end());
    k.erase(std::unique(k.begin(), k.end()), k.end());
    return k;
  };
  int64_t id = 0, now = 0;
  for (int step = 0; step < 40000; ++step) {
    now += 10;
    const int64_t at = now - static_cast<int64_t>(rng() % 50);  // slightly out of time order
    std::vector<int64_t> k = keys_of();
    index.Add(++id, at, k);
    if (at >= from) ref[id] = {at, k};
    if (step % 97 == 0) {
      from = now - 20000;
      index.ExpireBefore(from);
      std::erase_if(ref, [&](const auto& r) { return r.second.at < from; });
    }
    if (step % 211 == 0) {
      const std::vector<int64_t> asked = keys_of();
      std::vector<std::pair<int, int64_t>> ranked;
      for (const auto& [rid, r] : ref) {
        int shared = 0;
        for (int64_t a : asked) shared += std::count(r.keys.begin(), r.keys.end(), a) > 0;
        if (shared > 0) ranked.emplace_back(shared, rid);
      }
      std::sort(ranked.begin(), ranked.end(), std::greater<>());
      std::vector<int64_t> want;
      for (size_t i = 0; i < ranked.size() && i < 30; ++i) want.push_back(ranked[i].second);
      ASSERT_EQ(index.Candidates(asked, 30), want) << "step " << step;
    }
  }
  EXPECT_GT(ref.size(), 1000u);
}

}  // namespace
}  // namespace minsheng
