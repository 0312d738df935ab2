#include "core/knowledge/knowledge_index.h"

#include <gtest/gtest.h>

#include "core/knowledge/knowledge_service.h"

namespace minsheng {
namespace {

KnowledgeItem Item(int64_t id, std::string title, std::string body) {
  KnowledgeItem item;
  item.id = id;
  item.title = std::move(title);
  item.body = std::move(body);
  item.owner_unit = "d.zjj";
  item.version = 1;
  return item;
}

std::vector<int64_t> Ids(const std::vector<KnowledgeHit>& hits) {
  std::vector<int64_t> out;
  for (const auto& h : hits) out.push_back(h.item->id);
  return out;
}

std::vector<KnowledgeHit> Search(const KnowledgeIndex& index, const std::string& q,
                                 int min_matched = 1) {
  return index.Query(QueryTerms(q), min_matched, {}, 10);
}

TEST(KnowledgeNormalizeTest, FullWidthAndCaseAreFolded) {
  EXPECT_EQ(NormalizeForSearch("ＡＢｃ１２３　Wi-Fi"), U"abc123 wi-fi");
  // One output code point per input code point, also for invalid bytes.
  EXPECT_EQ(NormalizeForSearch("水\xff电").size(), 3u);
}

TEST(KnowledgeQueryTermsTest, OneCharRunIsAUnigramLongerRunsAreBigrams) {
  EXPECT_EQ(QueryTerms("水").size(), 1u);
  EXPECT_EQ(QueryTerms("停水").size(), 1u);
  EXPECT_EQ(QueryTerms("医保报销").size(), 3u);   // 医保 保报 报销
  EXPECT_EQ(QueryTerms("停水,停电").size(), 2u);  // punctuation splits runs
  EXPECT_EQ(QueryTerms("水 电").size(), 2u);      // two unigrams
  EXPECT_EQ(QueryTerms("停水停水").size(), 2u);   // 停水 水停 (distinct only)
  EXPECT_TRUE(QueryTerms(",。!").empty());
  EXPECT_EQ(QueryTerms("ＷＩＦＩ"), QueryTerms("wifi"));
}

class KnowledgeIndexTest : public ::testing::Test {
 protected:
  KnowledgeIndex index_{std::vector<KnowledgeItem>{
      Item(1, "停水通知查询", "计划停水会提前在官网公告,可拨打供水热线查询。"),
      Item(2, "医保报销比例", "城乡居民医保住院报销比例为百分之七十。"),
      Item(3, "燃气开户办理", "办理燃气开户需携带身份证和房产证,停水期间不影响。"),
      Item(4, "路灯报修", "路灯不亮请说明具体位置。"),
      Item(5, "医疗保险异地就医", "异地就医的医保报销需先备案,再按比例报销。"),
  }};
};

TEST_F(KnowledgeIndexTest, OneCharacterQueryMatches) {
  auto ids = Ids(Search(index_, "水"));
  EXPECT_EQ(ids.size(), 2u);  // items 1 and 3
  EXPECT_EQ(ids.front(), 1);  // title match first
}

TEST_F(KnowledgeIndexTest, TwoCharacterQueryMatchesTitleAboveBody) {
  auto hits = Search(index_, "停水");
  ASSERT_EQ(Ids(hits), (std::vector<int64_t>{1, 3}));
  EXPECT_TRUE(hits[0].title_match);
  EXPECT_FALSE(hits[1].title_match);
  EXPECT_GT(hits[0].score, hits[1].score);
}

TEST_F(KnowledgeIndexTest, TitleHitOutranksManyBodyHits) {
  KnowledgeIndex index(std::vector<KnowledgeItem>{
      Item(1, "关于供暖", "停水停水停水停水停水停水停水停水停水停水停水停水"),
      Item(2, "停水", "相关说明见官网")});
  EXPECT_EQ(Ids(Search(index, "停水")), (std::vector<int64_t>{2, 1}));
}

TEST_F(KnowledgeIndexTest, LongerQueryMatchesWithMinimumCoverage) {
  // 医保报销: 医保 保报 报销; with two of three required item 2 and 5 match, item 3 not.
  auto ids = Ids(Search(index_, "医保报销", 2));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], 2);  // "医保报销" in the title
  EXPECT_EQ(ids[1], 5);
}

TEST_F(KnowledgeIndexTest, FilterAndLimitApply) {
  auto hits = index_.Query(
      QueryTerms("水"), 1, [](const KnowledgeItem& item) { return item.id != 1; }, 10);
  EXPECT_EQ(Ids(hits), (std::vector<int64_t>{3}));
  EXPECT_EQ(index_.Query(QueryTerms("报销"), 1, {}, 1).size(), 1u);
  EXPECT_TRUE(index_.Query(QueryTerms("地铁"), 1, {}, 10).empty());
  EXPECT_TRUE(KnowledgeIndex().Query(QueryTerms("水"), 1, {}, 10).empty());
}

TEST_F(KnowledgeIndexTest, FindAndDocumentFrequency) {
  ASSERT_NE(index_.Find(4), nullptr);
  EXPECT_EQ(index_.Find(4)->title, "路灯报修");
  EXPECT_EQ(index_.Find(99), nullptr);
  EXPECT_EQ(index_.DocumentFrequency(QueryTerms("报销")[0]), 2u);
}

TEST(KnowledgeSnippetTest, HighlightsMatchesInCodePoints) {
  KnowledgeSnippet s = KnowledgeIndex::Snippet("计划停水会提前公告", QueryTerms("停水"));
  EXPECT_EQ(s.text, "计划停水会提前公告");
  ASSERT_EQ(s.highlights.size(), 1u);
  EXPECT_EQ(s.highlights[0], std::make_pair(2, 2));
}

TEST(KnowledgeSnippetTest, CutsLongBodiesAroundTheFirstMatch) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "这";
  body += "停水\n通知";
  for (int i = 0; i < 100; ++i) body += "那";
  KnowledgeSnippet s = KnowledgeIndex::Snippet(body, QueryTerms("停水"), 40);
  ASSERT_EQ(s.highlights.size(), 1u);
  EXPECT_EQ(s.text.rfind("…", 0), 0u);                     // starts with an ellipsis
  EXPECT_NE(s.text.find("停水 通知"), std::string::npos);  // newline flattened
  // The highlight points at 停水: 1 (ellipsis) + 10 characters of context.
  EXPECT_EQ(s.highlights[0], std::make_pair(11, 2));
}

TEST(KnowledgeSnippetTest, NoMatchGivesTheOpening) {
  KnowledgeSnippet s = KnowledgeIndex::Snippet("路灯不亮请说明位置", QueryTerms("停水"), 4);
  EXPECT_EQ(s.text, "路灯不亮…");
  EXPECT_TRUE(s.highlights.empty());
}

TEST(KnowledgeCategoryTest, LevelOneCoversLevelTwo) {
  EXPECT_TRUE(KnowledgeCategoryMatches("03.02", "03.02"));
  EXPECT_TRUE(KnowledgeCategoryMatches("03.02", "03"));
  EXPECT_TRUE(KnowledgeCategoryMatches("03", "03.02"));
  EXPECT_FALSE(KnowledgeCategoryMatches("03.02", "03.01"));
  EXPECT_FALSE(KnowledgeCategoryMatches("13.02", "03"));
}

TEST(KnowledgeItemTest, ValidityWindowIsHalfOpen) {
  KnowledgeItem item = Item(1, "t", "b");
  item.valid_from = 100;
  item.valid_to = 200;
  EXPECT_FALSE(item.IsValidAt(99));
  EXPECT_TRUE(item.IsValidAt(100));
  EXPECT_FALSE(item.IsValidAt(200));
  item.valid_to = 0;
  EXPECT_TRUE(item.IsValidAt(1000000));
  item.status = KnowledgeStatus::kRetired;
  EXPECT_FALSE(item.IsValidAt(150));
}

}  // namespace
}  // namespace minsheng
