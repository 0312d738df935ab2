// Unit tests of the smart dispatch engine (src/dispatch).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencc/SimpleConverter.hpp>
#include <sstream>
#include <thread>

#include "dispatch/classifier.h"
#include "dispatch/cli.h"
#include "dispatch/dispatcher.h"
#include "dispatch/facts.h"
#include "dispatch/features.h"
#include "dispatch/rules.h"
#include "dispatch/test_util.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

// ------------------------------------------------------------------ normalisation
TEST(NormalizeTest, FullWidthToHalfWidthAndLowerCase) {
  EXPECT_EQ(TextNormalizer::Default().Normalize("ＡＢＣ１２３，ｘ"), "abc123,x");
}

TEST(NormalizeTest, TraditionalToSimplified) {
  const TextNormalizer& n = TextNormalizer::Default();
  ASSERT_TRUE(n.t2s_loaded()) << "OpenCC t2s.json not found";
  EXPECT_EQ(n.Normalize("國際機場噪音擾民"), "国际机场噪音扰民");
  EXPECT_EQ(n.Normalize("路灯不亮"), "路灯不亮");  // simplified text is untouched
}

TEST(NormalizeTest, PiecewiseConversionEqualsWholeTextConversion) {
  // OpenCC runs only on the pieces (between punctuation, spaces, Latin letters) that hold a
  // character some dictionary entry changes; the result must equal converting the whole text.
  const TextNormalizer& n = TextNormalizer::Default();
  ASSERT_TRUE(n.t2s_loaded()) << "OpenCC t2s.json not found";
  const TextNormalizer plain("/nonexistent/t2s.json");  // the same normalisation without t2s
  EXPECT_FALSE(plain.t2s_loaded());
  opencc::SimpleConverter t2s("/usr/share/opencc/t2s.json");
  for (const std::string s :
       {"天氣乾燥，小區的樹都枯了。物業說：這不歸我們管!", "一乾二淨, 乾隆年間的著作",
        "小区里显著增加了噪音,乾燥的天气", "電話13812345678,郵箱abc@x.com;地址:王賀村2組",
        "路灯不亮", "頭髮 發展 皇后 後來 只有 隻身 一隻", "ＡＢＣ國際，,。裏面"}) {
    EXPECT_EQ(n.Normalize(s), t2s.Convert(plain.Normalize(s))) << s;
    std::u32string direct;
    n.NormalizeTo(s, 0, &direct);
    EXPECT_EQ(EncodeUtf8(direct), n.Normalize(s)) << s;
  }
  // A phrase whose characters are all unchanged one by one still converts (乾 → 干 in 乾燥).
  EXPECT_EQ(n.Normalize("乾燥"), t2s.Convert("乾燥"));
}

TEST(NormalizeTest, MaskingArtefactsAndWhitespace) {
  const TextNormalizer& n = TextNormalizer::Default();
  EXPECT_EQ(n.Normalize("张**反映_x000D_\n  小区　停水 "), "张反映 小区 停水");
  EXPECT_EQ(n.Normalize("_X000D_第一行\r\n第二行"), "第一行 第二行");
  EXPECT_EQ(n.Normalize("电话138****1234, 金额3000元"), "电话1381234, 金额3000元");
  EXPECT_EQ(n.Normalize(""), "");
}

TEST(NormalizeTest, NormalizeToMatchesNormalizeAndStopsAtTheLimit) {
  const TextNormalizer& n = TextNormalizer::Default();
  for (std::string s : std::vector<std::string>{
           "张**反映_x000D_\n  小区　停水 ", "ＡＢＣ１２３，ｘ", "國際機場噪音擾民", "",
           "_X000D_第一行\r\n第二行", std::string("a\xff\xfe") + "b\xe4\xb8"}) {
    std::u32string direct;
    n.NormalizeTo(s, 0, &direct);
    EXPECT_EQ(EncodeUtf8(direct), n.Normalize(s)) << s;
    const std::u32string full = DecodeUtf8(n.Normalize(s));
    for (size_t limit : {1, 3, 5}) {
      n.NormalizeTo(s, limit, &direct);
      EXPECT_EQ(direct, full.substr(0, limit)) << s << " limit " << limit;
    }
  }
  PreparedText cut = PrepareText("标题", "一二三四五六", 4);
  EXPECT_EQ(cut.body, U"一二三四");
  EXPECT_EQ(cut.title, U"标题");
}

TEST(NormalizeTest, Utf8RoundTrip) {
  std::string s = "王贺村2组😀";
  EXPECT_EQ(EncodeUtf8(DecodeUtf8(s)), s);
  EXPECT_EQ(DecodeUtf8(s).size(), 6u);
  // Overlong forms, UTF-16 surrogates and code points beyond U+10FFFF are malformed: one
  // U+FFFD per byte (found by fuzz/normalize_fuzz.cc), which Normalize drops.
  EXPECT_EQ(DecodeUtf8("\xC0\xAF"), std::u32string(2, 0xFFFD));
  EXPECT_EQ(DecodeUtf8("a\xED\xA0\x80"), (std::u32string{'a', 0xFFFD, 0xFFFD, 0xFFFD}));
  EXPECT_EQ(DecodeUtf8("\xF4\x90\x80\x80"), std::u32string(4, 0xFFFD));
  EXPECT_EQ(TextNormalizer::Default().Normalize("停\xED\xA0\x80水"), "停水");
}

// ------------------------------------------------------------------ features
TEST(FeaturesTest, CharNgramsPerBlockAndDeterministic) {
  FeatureConfig fc;
  fc.words = false;
  PreparedText t = PrepareText("路灯", "不亮");
  std::vector<uint64_t> keys;
  ExtractFeatureKeys(t, fc, &keys);
  size_t title = 0, doc = 0;
  for (uint64_t k : keys) (KeyBlock(k) == kTitleChars ? title : doc)++;
  // Title (1–3-grams): 路, 灯, 路灯 = 3; doc "路灯|不亮" (1–2-grams by default): 4 unigrams,
  // 路灯/灯|/|不/不亮.
  EXPECT_EQ(title, 3u);
  EXPECT_EQ(doc, 4u + 4u);
  std::vector<uint64_t> again;
  ExtractFeatureKeys(t, fc, &again);
  EXPECT_EQ(keys, again);
  // Doc 3-grams on request: + 路灯|/灯|不/|不亮.
  fc.char_max_n = 3;
  keys.clear();
  ExtractFeatureKeys(t, fc, &keys);
  doc = 0;
  for (uint64_t k : keys) doc += KeyBlock(k) == kDocChars;
  EXPECT_EQ(doc, 4u + 4u + 3u);
}

TEST(FeaturesTest, IcuWordsAndLexiconSegmentation) {
  FeatureConfig fc;
  PreparedText t = PrepareText("小区下水道堵塞", "");
  std::vector<std::u32string> words;
  IcuWords(t, fc, &words);
  ASSERT_FALSE(words.empty());
  std::u32string w = U"下水道";
  WordLexicon lex({WordLexicon::HashWord(w.data(), w.size())});
  std::vector<uint64_t> keys;
  ExtractFeatureKeys(t, fc, &keys, &lex);
  size_t word_keys = 0;
  for (uint64_t k : keys) word_keys += KeyBlock(k) == kDocWords;
  // 小, 区, 下水道, 堵, 塞 → 5 words + 4 bigrams.
  EXPECT_EQ(word_keys, 9u);
}

TEST(FeaturesTest, LexiconPrefixesGiveTheSameSegmentation) {
  // Maximum matching with the prefix table stops early; the words must not change.
  std::vector<std::u32string> words = {U"下水道", U"下水",   U"小区", U"小区物业管理",
                                       U"物业",   U"管理处", U"堵塞", U"ab"};
  std::vector<uint64_t> hashes, prefixes;
  for (const auto& w : words) {
    hashes.push_back(WordLexicon::HashWord(w.data(), w.size()));
    WordLexicon::AppendPrefixHashes(w.data(), w.size(), &prefixes);
  }
  WordLexicon plain(hashes), fast(hashes, prefixes, true);
  ASSERT_TRUE(fast.has_prefixes());
  std::u32string xiaoqu = U"小区物业";  // a prefix, not a word
  EXPECT_EQ(fast.Lookup(WordLexicon::HashWord(xiaoqu.data(), xiaoqu.size())), 1);
  EXPECT_EQ(fast.Lookup(hashes[0]), 2);
  FeatureConfig fc;
  fc.title_block = false;
  for (const char* text : {"小区下水道堵塞", "小区物业管理处不作为,下水堵塞", "小区物业管理",
                           "下水道下水下", "abc 小区物业物业管理处"}) {
    PreparedText t = PrepareText(text, "");
    std::vector<uint64_t> a, b;
    ExtractFeatureKeys(t, fc, &a, &plain);
    ExtractFeatureKeys(t, fc, &b, &fast);
    EXPECT_EQ(a, b) << text;
  }
}

TEST(FeaturesTest, VectorizeIsL2NormalisedPerBlock) {
  FeatureConfig fc;
  fc.words = false;
  std::vector<uint64_t> keys;
  ExtractFeatureKeys(PrepareText("路灯", "不亮不亮"), fc, &keys);
  std::vector<uint64_t> vocab_keys = keys;
  std::sort(vocab_keys.begin(), vocab_keys.end());
  vocab_keys.erase(std::unique(vocab_keys.begin(), vocab_keys.end()), vocab_keys.end());
  Vocabulary vocab(vocab_keys, std::vector<float>(vocab_keys.size(), 1.0f));
  for (uint64_t k : vocab_keys) EXPECT_GE(vocab.Find(k), 0);
  EXPECT_EQ(vocab.Find(12345), -1);
  SparseVector x;
  Vectorize(&keys, vocab, fc, &x);
  double norm[kNumBlocks] = {0, 0, 0};
  for (const auto& [i, v] : x) norm[KeyBlock(vocab_keys[i])] += v * v;
  EXPECT_NEAR(norm[kTitleChars], 1.0, 1e-5);
  EXPECT_NEAR(norm[kDocChars], 1.0, 1e-5);
}

// ------------------------------------------------------------------ gazetteer (facts:
// facts_test.cc)
ZoneConfig TestZone() {
  ZoneConfig z;
  z.centre_unit = "c.hotline";
  z.units = {
      {.id = "c.hotline", .name = "12345热线中心", .short_name = "热线中心", .kind = "centre"},
      {.id = "st.chongyelu",
       .name = "崇业路街道办事处",
       .short_name = "崇业办",
       .kind = "street",
       .region = "610502008"},
      {.id = "st.liangtian",
       .name = "良田街道办事处",
       .short_name = "良田办",
       .kind = "street",
       .region = "610502007"},
      {.id = "d.cgj", .name = "城市管理执法局", .kind = "department"},
      {.id = "d.zjj", .name = "住房和城乡建设局", .kind = "department"},
      {.id = "d.ctgs", .name = "城投平台公司", .kind = "enterprise"}};
  z.regions = {
      {.code = "610502007", .name = "良田街道", .unit = "st.liangtian", .aliases = {"良田办"}},
      {.code = "610502008",
       .name = "崇业路街道",
       .unit = "st.chongyelu",
       .aliases = {"崇业办", "崇业路"},
       .villages = {{.name = "王贺村", .groups = {"2组"}, .aliases = {"王贺小区"}}}}};
  z.categories = {
      {.code = "02",
       .name = "水电气暖",
       .level = 1,
       .route = RouteMode::kIndustry,
       .main_unit = "d.zjj"},
      {.code = "02.02",
       .name = "市政排水与下水道",
       .level = 2,
       .parent = "02",
       .route = RouteMode::kIndustry,
       .main_unit = "d.zjj",
       .co_units = {"d.ctgs"},
       .in_village = "02.06"},
      {.code = "02.06",
       .name = "村组内排水设施",
       .level = 2,
       .parent = "02",
       .route = RouteMode::kTerritorial,
       .main_unit = "d.zjj"},
      {.code = "03",
       .name = "城市管理",
       .level = 1,
       .route = RouteMode::kIndustry,
       .main_unit = "d.cgj"},
      {.code = "03.02",
       .name = "占道经营与流动摊贩",
       .level = 2,
       .parent = "03",
       .route = RouteMode::kIndustry,
       .main_unit = "d.cgj"},
      {.code = "03.09",
       .name = "背街小巷与村内环境",
       .level = 2,
       .parent = "03",
       .route = RouteMode::kTerritorial,
       .main_unit = "d.cgj"},
      {.code = "13",
       .name = "农业农村",
       .level = 1,
       .route = RouteMode::kDual,
       .main_unit = "d.zjj"},
  };
  z.BuildIndex();
  return z;
}

TEST(GazetteerTest, VillageGroupAndAliases) {
  ZoneConfig z = TestZone();
  Gazetteer g(z);
  RegionMatch m = g.Find("", "王贺村2组主干道下水道塌陷", "");
  ASSERT_TRUE(m.found);
  EXPECT_EQ(m.code, "610502008");
  EXPECT_EQ(m.name, "崇业路街道");
  EXPECT_EQ(m.unit, "st.chongyelu");
  EXPECT_EQ(m.village, "王贺村");
  EXPECT_EQ(m.place, "王贺村2组");
  EXPECT_EQ(m.start, 0u);
  EXPECT_EQ(m.end, 5u);
  EXPECT_EQ(g.Find("", "王贺村二组", "").unit, "st.chongyelu");
  EXPECT_EQ(g.Find("", "", "王贺小区3号楼").village, "王贺村");
  RegionMatch street = g.Find("良田办门口", "", "");
  EXPECT_TRUE(street.found);
  EXPECT_EQ(street.unit, "st.liangtian");
  EXPECT_TRUE(street.village.empty());
  EXPECT_FALSE(g.Find("某地", "无关内容", "").found);
}

// A community connected to the platform as a unit of its own (DOMAIN.md §1.3, 金城社区) owns
// its territorial matters: as an org unit the regions do not list, or as a village record with
// a `unit`. Each village is its own place for repeat detection.
TEST(GazetteerTest, ConnectedCommunitiesOwnTheirTerritorialMatters) {
  ZoneConfig z = TestZone();
  z.units.push_back({.id = "gx.gwh", .name = "管委会", .kind = "government"});
  z.units.push_back(
      {.id = "cm.jincheng", .name = "金城社区", .kind = "community", .parent = "gx.gwh"});
  z.units.push_back(
      {.id = "cm.lijia", .name = "李家社区", .kind = "community", .parent = "st.chongyelu"});
  z.units.push_back({.id = "vl.zhang", .name = "张村村委会", .kind = "village"});
  z.regions[0].villages.push_back({.name = "张村", .code = "610502007201", .unit = "vl.zhang"});
  z.BuildIndex();
  Gazetteer g(z);
  RegionMatch jincheng = g.Find("", "金城社区3号楼前垃圾堆放", "");
  ASSERT_TRUE(jincheng.found);
  EXPECT_EQ(jincheng.unit, "cm.jincheng");
  EXPECT_EQ(jincheng.village, "金城社区");
  EXPECT_EQ(jincheng.code, "");  // its street is not configured
  EXPECT_EQ(jincheng.place_key, "unit:cm.jincheng");
  // Under a street with a region: that region's code.
  RegionMatch lijia = g.Find("李家社区路面坑洼", "", "");
  EXPECT_EQ(lijia.unit, "cm.lijia");
  EXPECT_EQ(lijia.code, "610502008");
  EXPECT_EQ(lijia.place_key, "610502008:李家社区");
  // A village record naming a unit and a code.
  RegionMatch zhang = g.Find("", "张村村口垃圾", "");
  EXPECT_EQ(zhang.unit, "vl.zhang");
  EXPECT_EQ(zhang.code, "610502007");
  EXPECT_EQ(zhang.place_key, "610502007201");
  EXPECT_EQ(g.Find("", "王贺村2组", "").place_key, "610502008:王贺村");
  EXPECT_EQ(g.Find("良田办门口", "", "").place_key, "");  // a street names no one place
  // Routing: a territorial category goes to the community unit, the department 协办.
  Dispatcher d(z, nullptr);
  auto s =
      d.Suggest({.title = "金城社区背街小巷环境脏乱", .content = "金城社区背街小巷垃圾无人清理"});
  ASSERT_TRUE(s.ok());
  const nlohmann::json j = nlohmann::json::parse(s->json);
  EXPECT_EQ(j["units"]["main"]["unit"], "cm.jincheng") << j.dump();
  EXPECT_TRUE(j["region"]["code"].is_null());
  EXPECT_EQ(s->place, "unit:cm.jincheng");
}

// 其他 / 表扬感谢: the order type praise's own category, routed to the unit a praise names.
void AddPraiseCategory(ZoneConfig* z) {
  z->categories.push_back({.code = "20", .name = "其他", .level = 1, .route = RouteMode::kNone});
  z->categories.push_back({.code = "20.01",
                           .name = "表扬感谢",
                           .level = 2,
                           .parent = "20",
                           .route = RouteMode::kNone,
                           .keywords = {"表扬", "点赞"},
                           .order_type = "praise",
                           .to_named_unit = true});
}

// A praise goes to the unit it names (by name, short name or alias), not the category's unit.
TEST(DispatcherTest, APraiseGoesToTheUnitItNames) {
  ZoneConfig z = TestZone();
  for (OrgUnit& u : z.units)
    if (u.id == "d.cgj") u.aliases = {"城管", "城管队员"};
  AddPraiseCategory(&z);
  z.BuildIndex();
  Dispatcher d(z, nullptr);
  auto s = d.Suggest({.title = "表扬城管队员", .content = "城管的李队员耐心给我讲政策,给他点赞"});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->type, "praise");
  EXPECT_EQ(s->main_unit, "d.cgj");
  const auto j = nlohmann::json::parse(s->json);
  EXPECT_EQ(j["units"]["category"]["code"], "20.01");
  EXPECT_NE(j["units"]["main"]["reason"].get<std::string>().find("所涉单位"), std::string::npos);
  // Without a unit named, the category's route decides (here: the centre).
  auto none = d.Suggest({.title = "表扬好人", .content = "给路边帮忙的好心人点赞"});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->main_unit, "c.hotline");
}

// Praise in quotation marks is irony (seed appeals of 2026-12-05: "真得“表扬”一下你们…回复都说
// “已处理”,结果照样冒"): a complaint whatever the seed type model learned of 表扬, and not filed
// as 表扬感谢 — the seed model's next category is.
TEST(DispatcherTest, IronicPraiseIsAComplaintAboutTheMatter) {
  ZoneConfig z = TestZone();
  AddPraiseCategory(&z);
  for (const char* p : {"东街", "西街", "南门", "北巷", "菜市场", "学校", "医院", "车站", "公园",
                        "广场", "桥头", "村口"}) {
    const std::string at = p;
    z.seed_appeals.push_back({"表扬" + at + "的环卫工人",
                              at + "的环卫工人每天把路扫得干干净净,要好好表扬一下", "praise",
                              "20.01"});
    z.seed_appeals.push_back(
        {at + "井盖污水冒出来", at + "窨井往外冒污水,臭得很,管道怕是堵了", "complaint", "02.02"});
  }
  z.BuildIndex();
  Dispatcher d(z, nullptr);
  ASSERT_NE(d.seed_type_model(), nullptr);
  ASSERT_NE(d.seed_category_model(), nullptr);
  const std::string story = "北门窨井往外冒污水一个月了,打了三次电话都说处理了,照样冒";
  auto s = d.Suggest({.title = "真要好好“表扬”一下", .content = story});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->type, "complaint") << s->json;
  auto j = nlohmann::json::parse(s->json);
  EXPECT_NE(j["type_reason"].get<std::string>().find("反语"), std::string::npos) << s->json;
  EXPECT_EQ(j["units"]["category"]["code"], "02.02") << s->json;
  for (const auto& c : j["categories"]) EXPECT_NE(c["code"], "20.01") << s->json;
  // The same words without the quotation marks: the title's 表扬 decides.
  auto plain = d.Suggest({.title = "真要好好表扬一下", .content = story});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->type, "praise") << plain->json;
  j = nlohmann::json::parse(plain->json);
  EXPECT_EQ(j["units"]["category"]["code"], "20.01") << plain->json;
}

// A class's not_keywords are phrases in which its keyword does not count: "墙上牌子" is no
// vehicle registration (上牌).
TEST(DispatcherTest, AKeywordInsideANotKeywordDoesNotCount) {
  ZoneConfig z = TestZone();
  z.categories.push_back({.code = "10", .name = "公共安全", .level = 1});
  z.categories.push_back({.code = "10.01",
                          .name = "户籍证件",
                          .level = 2,
                          .parent = "10",
                          .keywords = {"上牌", "驾照"},
                          .not_keywords = {"上牌子"}});
  z.BuildIndex();
  Dispatcher d(z, nullptr);
  auto plate = d.Suggest({.title = "电动车上牌", .content = "新买的电动车去哪上牌"});
  ASSERT_TRUE(plate.ok());
  EXPECT_EQ(nlohmann::json::parse(plate->json)["units"]["category"]["code"], "10.01")
      << plate->json;
  auto sign = d.Suggest({.title = "多收钱", .content = "墙上牌子写的价跟收的不一样"});
  ASSERT_TRUE(sign.ok());
  EXPECT_NE(nlohmann::json::parse(sign->json)["units"]["category"]["code"], "10.01") << sign->json;
}

// A fallback category (意见建议(综合)) takes an appeal only where no other category's keywords
// are found: "建议" names the kind of appeal, not its matter.
TEST(DispatcherTest, AFallbackCategoryYieldsToOneNamingTheMatter) {
  ZoneConfig z = TestZone();
  z.categories.push_back({.code = "20", .name = "其他", .level = 1, .route = RouteMode::kNone});
  z.categories.push_back({.code = "20.02",
                          .name = "意见建议(综合)",
                          .level = 2,
                          .parent = "20",
                          .route = RouteMode::kNone,
                          .keywords = {"建议", "意见"},
                          .fallback = true});
  for (Category& c : z.categories)
    if (c.code == "03.02") c.keywords = {"占道经营"};
  z.BuildIndex();
  Dispatcher d(z, nullptr);
  // 建议 (title and body), 意见 and the name 意见建议 outweigh 占道经营 (also a name part): without
  // the flag 20.02 would win (checked).
  auto bridge =
      d.Suggest({.title = "一条建议", .content = "提个意见建议:在路口设置占道经营疏导点"});
  ASSERT_TRUE(bridge.ok());
  EXPECT_NE(nlohmann::json::parse(bridge->json)["units"]["category"]["code"], "20.02")
      << bridge->json;
  auto general = d.Suggest({.title = "一点建议", .content = "建议政府多听听群众的声音"});
  ASSERT_TRUE(general.ok());
  EXPECT_EQ(nlohmann::json::parse(general->json)["units"]["category"]["code"], "20.02")
      << general->json;
}

// Without a model the candidates come from the keywords: the category routed first, then the
// others the keywords point to, with their shares of the keyword weight; a first-level class is
// not listed beside its own child.
TEST(DispatcherTest, WithoutAModelTheKeywordsGiveTheCandidates) {
  ZoneConfig z = TestZone();
  for (Category& c : z.categories) {
    if (c.code == "03.02") c.keywords = {"占道经营", "摆摊"};
  }
  z.BuildIndex();
  Dispatcher d(z, nullptr);
  auto s = d.Suggest({.title = "摆摊占道", .content = "门口占道经营,下水道也堵了"});
  ASSERT_TRUE(s.ok());
  const nlohmann::json j = nlohmann::json::parse(s->json);
  const nlohmann::json& cats = j["categories"];
  ASSERT_GE(cats.size(), 2u) << s->json;
  EXPECT_EQ(cats[0]["code"], j["units"]["category"]["code"]);
  EXPECT_EQ(cats[0]["code"], "03.02");
  EXPECT_EQ(cats[0]["source"], "keywords");
  double total = 0;
  for (const auto& c : cats) {
    EXPECT_NE(c["code"], "03") << s->json;  // the parent of the first
    EXPECT_LE(c["score"].get<double>(), cats[0]["score"].get<double>());
    total += c["score"].get<double>();
  }
  EXPECT_GT(cats[0]["score"].get<double>(), 0.5);
  EXPECT_EQ(cats[1]["code"], "02.02") << s->json;
  EXPECT_LE(total, 1.0 + 1e-9);
  // Nothing the keywords know: no candidates.
  auto none = d.Suggest({.title = "你好", .content = "今天天气"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(nlohmann::json::parse(none->json)["categories"].empty()) << none->json;
}

// A centre's first days: the zone's seed appeals (区域示例工单, with the category its operators
// chose) train a category model that decides where it is confident or where no keyword applies;
// a model learned from the centre's history takes over.
TEST(DispatcherTest, TheZonesSeedAppealsGiveTheCategoryUntilTheHistoryDoes) {
  ZoneConfig z = TestZone();
  for (Category& c : z.categories) {
    if (c.code == "03.02") c.keywords = {"占道经营"};
  }
  const char* places[] = {"东街", "西街", "南门", "北巷", "菜市场", "学校", "医院", "车站"};
  for (const char* p : places) {
    const std::string at = p;
    z.seed_appeals.push_back(
        {at + "推车卖水果", at + "有人推着三轮车卖水果,把人行道都挡了", "complaint", "03.02"});
    z.seed_appeals.push_back(
        {at + "井盖污水冒出来", at + "窨井往外冒污水,臭得很,管道怕是堵了", "complaint", "02.02"});
    z.seed_appeals.push_back(
        {at + "背街巷子垃圾没人扫", at + "后面巷子里垃圾堆了一周没人扫", "complaint", "03.09"});
  }
  z.BuildIndex();
  Dispatcher d(z, nullptr);
  ASSERT_NE(d.seed_category_model(), nullptr);

  // No keyword of the zone in it: the seed appeals decide, and say so.
  const SuggestRequest sewage{.title = "公园门口井盖冒污水", .content = "窨井一直往外冒污水,很臭"};
  auto s = d.Suggest(sewage);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  nlohmann::json j = nlohmann::json::parse(s->json);
  EXPECT_EQ(j["units"]["category"]["code"], "02.02") << s->json;
  EXPECT_NE(j["units"]["category"]["reason"].get<std::string>().find("区域示例工单学习"),
            std::string::npos)
      << s->json;
  ASSERT_FALSE(j["categories"].empty());
  EXPECT_EQ(j["categories"][0]["code"], "02.02");
  EXPECT_EQ(j["categories"][0]["source"], "zone_examples");
  EXPECT_EQ(j["units"]["main"]["unit"], "d.zjj");
  ASSERT_FALSE(s->categories.empty());
  EXPECT_EQ(s->categories[0].first, "02.02");

  // Without seed categories: the keywords alone, as before (nothing found here).
  ZoneConfig bare = z;
  for (SeedAppeal& a : bare.seed_appeals) a.category.clear();
  Dispatcher keywords_only(bare, nullptr);
  EXPECT_EQ(keywords_only.seed_category_model(), nullptr);
  auto k = keywords_only.Suggest(sewage);
  ASSERT_TRUE(k.ok());
  EXPECT_NE(nlohmann::json::parse(k->json)["units"]["category"]["code"], "02.02") << k->json;

  // A model learned from the history replaces the seed model (its labels, category names, are
  // swapped here so that its answer shows: sewage → 占道经营).
  std::vector<LabeledText> history;
  for (const SeedAppeal& a : z.seed_appeals)
    history.push_back(
        {a.title, a.content, a.category == "02.02" ? "占道经营与流动摊贩" : "背街小巷与村内环境"});
  TrainOptions opt;
  opt.features.min_df = 1;
  auto learned = TrainTextModel(history, opt);
  ASSERT_TRUE(learned.ok());
  d.SetModel(std::shared_ptr<const TextModel>(std::move(learned).value()));
  auto h = d.Suggest(sewage);
  ASSERT_TRUE(h.ok());
  j = nlohmann::json::parse(h->json);
  EXPECT_EQ(j["categories"][0]["source"], "model") << h->json;
  EXPECT_EQ(j["units"]["category"]["code"], "03.02") << h->json;  // what the history says
}

// A keyword inside a longer keyword of the same class counts once, for the longer: "水管冻" is
// one word about a frozen pipe, not also "水管", and does not outweigh a toilet named twice.
TEST(DispatcherTest, AKeywordInsideALongerOneOfItsClassCountsOnce) {
  ZoneConfig z = TestZone();
  for (Category& c : z.categories) {
    if (c.code == "02.02") c.keywords = {"水管", "水管冻"};
    if (c.code == "03.02") c.keywords = {"厕所"};
  }
  z.BuildIndex();
  Dispatcher d(z, nullptr);
  std::vector<std::string> words;
  EXPECT_EQ(d.ResolveCategory("", "公园厕所冬天全锁了", "三个厕所全锁了,说是怕水管冻", &words),
            "03.02");
  // The shorter word found elsewhere in the text still counts.
  EXPECT_EQ(d.ResolveCategory("", "厕所没水", "厕所的水管冻了,院里的水管也坏了", &words), "02.02");
}

// ------------------------------------------------------------------ routing
// A village names the place more closely than its street, even where the street comes first
// and is longer (an address typed "街道 + 村 + 组").
TEST(GazetteerTest, AVillageWinsOverItsStreetNamedFirst) {
  Gazetteer g(TestZone());
  RegionMatch m = g.Find("", "", "崇业路街道王贺村5组");
  ASSERT_TRUE(m.found);
  EXPECT_EQ(m.village, "王贺村");
  EXPECT_EQ(m.place, "王贺村");
  EXPECT_EQ(m.unit, "st.chongyelu");
  // A street alone is still the street.
  EXPECT_TRUE(g.Find("", "崇业路街道办事处门口", "").village.empty());
}

TEST(GazetteerTest, LongestNameWinsAtItsFirstOccurrenceAmongManyVillages) {
  ZoneConfig z = TestZone();
  // Thousands of villages sharing first characters with the real ones (a province-size list).
  for (int i = 0; i < 3000; ++i) {
    z.regions[i % 2].villages.push_back(
        {.name = "王" + std::to_string(i) + "村", .groups = {"1组"}, .aliases = {}});
  }
  z.regions[0].villages.push_back({.name = "良", .groups = {}, .aliases = {}});  // 1 character
  Gazetteer g(z);
  // 王贺村2组 (5 characters) beats 王贺村 and the street alias 崇业路, wherever it stands.
  RegionMatch m = g.Find("", "崇业路旁王贺村的路灯, 王贺村2组下水道, 王贺村2组", "");
  ASSERT_TRUE(m.found);
  EXPECT_EQ(m.place, "王贺村2组");
  EXPECT_EQ(m.start, 12u);  // its first occurrence
  EXPECT_EQ(m.unit, "st.chongyelu");
  // A synthetic village with its group: the longest entry, at its first occurrence.
  RegionMatch v = g.Find("", "王12村口和王1234村1组门前", "");
  ASSERT_TRUE(v.found);
  EXPECT_EQ(v.place, "王1234村1组");
  EXPECT_EQ(v.start, 6u);
  EXPECT_EQ(v.village, "王1234村");
  EXPECT_EQ(v.unit, z.regions[1234 % 2].unit);
  // Only the 1-character village name: still found, and at the right place.
  RegionMatch one = g.Find("", "在良的东边", "");
  ASSERT_TRUE(one.found);
  EXPECT_EQ(one.start, 1u);
  EXPECT_EQ(one.village, "良");
  EXPECT_FALSE(g.Find("", "王村和贺村", "").found);
}

TEST(RoutingTest, TerritorialOverrideMakesStreetMain) {
  ZoneConfig z = TestZone();
  Dispatcher d(z, nullptr);
  Gazetteer g(z);
  RegionMatch village = g.Find("", "王贺村2组", "");
  RoutingResult r = d.Route("02.06", village);
  EXPECT_EQ(r.main.unit, "st.chongyelu");
  ASSERT_EQ(r.co.size(), 1u);
  EXPECT_EQ(r.co[0].unit, "d.zjj");  // the department stays 协办
  EXPECT_NE(r.main.reason.find("王贺村2组"), std::string::npos);
  EXPECT_NE(r.main.reason.find("崇业办"), std::string::npos);
}

TEST(RoutingTest, FacilityInsideAVillageGoesToItsInVillageCategory) {
  ZoneConfig z = TestZone();
  Dispatcher d(z, nullptr);
  Gazetteer g(z);
  // 王贺村2组的下水道: not the municipal drains (02.02, industry) but 02.06 (territorial).
  RoutingResult in_village = d.Route("02.02", g.Find("", "王贺村2组下水道堵了", ""));
  EXPECT_EQ(in_village.category_code, "02.06");
  EXPECT_EQ(in_village.main.unit, "st.chongyelu");
  ASSERT_EQ(in_village.co.size(), 1u);
  EXPECT_EQ(in_village.co[0].unit, "d.zjj");
  EXPECT_NE(in_village.main.reason.find("原类别 市政排水与下水道"), std::string::npos)
      << in_village.main.reason;
  // A street-level place or none: the municipal drains stay with the department.
  for (const RegionMatch& place : {g.Find("", "崇业路下水道堵了", ""), RegionMatch{}}) {
    RoutingResult r = d.Route("02.02", place);
    EXPECT_EQ(r.category_code, "02.02");
    EXPECT_EQ(r.main.unit, "d.zjj");
  }
}

TEST(RoutingTest, IndustryStaysWithDepartment) {
  ZoneConfig z = TestZone();
  Dispatcher d(z, nullptr);
  Gazetteer g(z);
  RoutingResult r = d.Route("占道经营与流动摊贩", g.Find("", "王贺村2组", ""));
  EXPECT_EQ(r.main.unit, "d.cgj");
  EXPECT_NE(r.main.reason.find("类别 城市管理/占道经营与流动摊贩"), std::string::npos);
  RoutingResult drain = d.Route("02.02", RegionMatch{});
  EXPECT_EQ(drain.main.unit, "d.zjj");
  ASSERT_EQ(drain.co.size(), 1u);
  EXPECT_EQ(drain.co[0].unit, "d.ctgs");
}

TEST(RoutingTest, DualAndUnknown) {
  ZoneConfig z = TestZone();
  Dispatcher d(z, nullptr);
  Gazetteer g(z);
  // A dual class keeps its department as 主办 wherever the place is, the street as 协办 (no
  // territorial override: that is for classes marked T, DOMAIN.md §6.4).
  RoutingResult village = d.Route("13", g.Find("", "王贺村", ""));
  EXPECT_EQ(village.main.unit, "d.zjj");
  ASSERT_EQ(village.co.size(), 1u);
  EXPECT_EQ(village.co[0].unit, "st.chongyelu");
  EXPECT_NE(village.co[0].reason.find("双派"), std::string::npos) << village.co[0].reason;
  RoutingResult street = d.Route("13", g.Find("", "崇业办", ""));
  EXPECT_EQ(street.main.unit, "d.zjj");
  ASSERT_EQ(street.co.size(), 1u);
  EXPECT_EQ(street.co[0].unit, "st.chongyelu");
  RoutingResult territorial_no_place = d.Route("03.09", RegionMatch{});
  EXPECT_EQ(territorial_no_place.main.unit, "d.cgj");
  EXPECT_EQ(d.Route("99", RegionMatch{}).main.unit, "c.hotline");
}

// ------------------------------------------------------------------ model and dispatcher
// (training, the blend, save/load and the CLI: classifier_test.cc)
TEST(DispatcherTest, LearnedUrgencyMayRaiseButNeverLower) {
  // A model that calls road appeals emergencies and everything else normal.
  std::vector<LabeledText> data = ToyData();
  for (auto& d : data) d.label = d.label == "交通" ? "emergency" : "normal";
  TrainOptions opt;
  opt.features.min_df = 1;
  auto m = TrainTextModel(data, opt);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ZoneConfig zone;
  // Rules: no cue → 一般; the model raises it.
  EXPECT_EQ(DecideUrgency("路灯不亮问题", "小区附近路灯不亮", nullptr, zone).urgency, "normal");
  UrgencyGuess raised = DecideUrgency("路灯不亮问题", "小区附近路灯不亮", m->get(), zone);
  EXPECT_EQ(raised.urgency, "emergency");
  EXPECT_NE(raised.reason.find("历史工单学习"), std::string::npos) << raised.reason;
  // Rules: 起火 → 紧急; the model says normal, the emergency stays.
  EXPECT_EQ(DecideUrgency("拖欠工资", "工地宿舍起火了", m->get(), zone).urgency, "emergency");
  // Type: the model's label replaces "no cue", an explicit title word wins over the model.
  std::vector<LabeledText> types = ToyData();
  for (auto& d : types) d.label = d.label == "交通" ? "help" : "consultation";
  auto t = TrainTextModel(types, opt);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(DecideOrderType("路灯不亮问题", "小区附近路灯不亮", t->get(), zone).type, "help");
  EXPECT_EQ(DecideOrderType("投诉路灯不亮", "小区附近路灯不亮", t->get(), zone).type, "complaint");
}

TEST(DispatcherTest, SuggestProducesFullJson) {
  ZoneConfig z = TestZone();
  TrainOptions opt;
  opt.features.min_df = 1;
  auto trained = TrainTextModel(ToyData(), opt);
  ASSERT_TRUE(trained.ok());
  Dispatcher d(z, std::shared_ptr<const TextModel>(std::move(trained).value()));
  SuggestRequest req;
  req.title = "王贺村2组主干道下水道塌陷";
  req.content = "村组内排水设施损坏,昨天有人差点掉进去,电话13812345678";
  auto s = d.Suggest(req);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto j = nlohmann::json::parse(s->json);
  EXPECT_EQ(j["categories"].size(), 3u);
  EXPECT_EQ(j["urgency"], "emergency");
  EXPECT_EQ(j["region"]["code"], "610502008");
  EXPECT_EQ(j["region"]["unit"], "st.chongyelu");
  EXPECT_EQ(j["units"]["main"]["unit"], "st.chongyelu");  // 02.06 is territorial
  EXPECT_EQ(j["units"]["co"][0]["unit"], "d.zjj");
  EXPECT_TRUE(j.contains("emergency"));
  EXPECT_TRUE(j["facts"].is_array());
  EXPECT_TRUE(j.contains("model_version"));
  EXPECT_EQ(s->main_unit, "st.chongyelu");
  EXPECT_EQ(s->region_code, "610502008");
  EXPECT_EQ(s->place, "610502008:王贺村");  // a village the gazetteer knows is the place key

  // Without such a village, the residential estate named is the place key of repeat detection,
  // written however the appeal wrote it.
  SuggestRequest estate;
  estate.title = "翠湖雅苑小区楼下烧烤油烟扰民";
  estate.address = "高新区翠湖雅苑3栋";
  auto e = d.Suggest(estate);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->place, "estate:翠湖雅苑");
  EXPECT_EQ(nlohmann::json::parse(e->json)["estate"], "翠湖雅苑");

  SuggestRequest empty;
  EXPECT_FALSE(d.Suggest(empty).ok());
  // Bytes that are not UTF-8 in any field are refused, not turned into a JSON exception.
  SuggestRequest broken;
  broken.title = "楼道着火";
  broken.phone =
      "13812\xD2"
      "345678";
  auto b = d.Suggest(broken);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().error_code(), "invalid_utf8");
  EXPECT_NE(b.status().message().find("来电号码"), std::string::npos);

  SuggestRequest fire;
  fire.title = "楼道着火";
  auto f = d.Suggest(fire);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->emergency_target, "119");

  // Concurrent suggestions while the model is swapped give identical answers.
  const std::string expected = s->json;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        auto r = d.Suggest(req);
        if (!r.ok() || r->json != expected) ++mismatches;
      }
    });
  }
  for (int i = 0; i < 20; ++i) d.SetModel(d.model());
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace minsheng
