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
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

std::filesystem::path TempDir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("minsheng_dispatch_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

// `minsheng dispatch train --data DATA --out DIR/model` with min_df 1 (toy data sets are tiny).
DispatchTrainArgs ToyTrainArgs(const std::filesystem::path& data,
                               const std::filesystem::path& dir) {
  DispatchTrainArgs args;
  args.data = {data.string()};
  args.out = (dir / "model").string();
  args.options.features.min_df = 1;
  return args;
}

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

// A praise goes to the unit it names (by name, short name or alias), not the category's unit.
TEST(DispatcherTest, APraiseGoesToTheUnitItNames) {
  ZoneConfig z = TestZone();
  for (OrgUnit& u : z.units)
    if (u.id == "d.cgj") u.aliases = {"城管", "城管队员"};
  z.categories.push_back({.code = "20", .name = "其他", .level = 1, .route = RouteMode::kNone});
  z.categories.push_back({.code = "20.01",
                          .name = "表扬感谢",
                          .level = 2,
                          .parent = "20",
                          .route = RouteMode::kNone,
                          .keywords = {"表扬", "点赞"},
                          .order_type = "praise",
                          .to_named_unit = true});
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
  RoutingResult village = d.Route("13", g.Find("", "王贺村", ""));
  EXPECT_EQ(village.main.unit, "st.chongyelu");
  RoutingResult street = d.Route("13", g.Find("", "崇业办", ""));
  EXPECT_EQ(street.main.unit, "d.zjj");
  ASSERT_EQ(street.co.size(), 1u);
  EXPECT_EQ(street.co[0].unit, "st.chongyelu");
  RoutingResult territorial_no_place = d.Route("03.09", RegionMatch{});
  EXPECT_EQ(territorial_no_place.main.unit, "d.cgj");
  EXPECT_EQ(d.Route("99", RegionMatch{}).main.unit, "c.hotline");
}

// ------------------------------------------------------------------ model and dispatcher
std::vector<LabeledText> ToyData() {
  std::vector<LabeledText> data;
  const char* road[] = {"路灯不亮", "道路破损", "井盖缺失", "路面塌陷", "路灯坏了", "马路坑洼"};
  const char* school[] = {"学校收费", "孩子入学", "老师补课", "学生午餐", "校车安全", "幼儿园学位"};
  const char* wage[] = {"拖欠工资", "社保缴纳", "工伤认定", "劳动合同", "欠薪讨薪", "养老保险"};
  for (int rep = 0; rep < 4; ++rep) {
    for (int i = 0; i < 6; ++i) {
      data.push_back({std::string(road[i]) + "问题", "小区附近" + std::string(road[i]), "交通"});
      data.push_back({std::string(school[i]) + "问题", "", "教育"});
      data.push_back({"", std::string(wage[i]) + ",请处理", "劳动"});
    }
  }
  return data;
}

TEST(ModelTest, TrainSaveLoadRoundTripAndHotSwap) {
  TrainOptions opt;
  opt.features.min_df = 1;
  auto trained = TrainTextModel(ToyData(), opt);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const TextModel& m = **trained;
  EXPECT_EQ(m.labels(), (std::vector<std::string>{"交通", "劳动", "教育"}));
  Prediction p = m.Predict("路灯不亮", "");
  EXPECT_EQ(p.ranked[0].first, "交通");
  double sum = 0;
  for (const auto& [l, s] : p.ranked) sum += s;
  EXPECT_NEAR(sum, 1.0, 1e-6);

  auto dir = TempDir("model");
  ASSERT_TRUE(m.Save(dir.string()).ok());
  auto loaded = TextModel::Load(dir.string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->version(), m.version());
  for (const auto& d : ToyData()) {
    Prediction a = m.Predict(d.title, d.text), b = (*loaded)->Predict(d.title, d.text);
    ASSERT_EQ(a.ranked.size(), b.ranked.size());
    for (size_t i = 0; i < a.ranked.size(); ++i) {
      EXPECT_EQ(a.ranked[i].first, b.ranked[i].first);
      EXPECT_NEAR(a.ranked[i].second, b.ranked[i].second, 1e-9);
    }
  }
  // The fused prediction path agrees with Vectorize + Probabilities.
  for (const auto& d : ToyData()) {
    SparseVector x;
    m.Vectorize(PrepareText(d.title, d.text), &x);
    std::vector<double> probs;
    m.Probabilities(x, &probs);
    Prediction p2 = m.Predict(d.title, d.text);
    for (const auto& [label, score] : p2.ranked) {
      const size_t c = std::find(m.labels().begin(), m.labels().end(), label) - m.labels().begin();
      EXPECT_NEAR(probs[c], score, 1e-6) << d.title;
    }
  }
  auto manifest = nlohmann::json::parse(std::ifstream(dir / "manifest.json"));
  EXPECT_EQ(manifest["format_version"], kModelFormatVersion);
  EXPECT_EQ(manifest["labels"].size(), 3u);
  EXPECT_EQ(manifest["training"]["n"], ToyData().size());

  // A corrupt model is refused and the current one stays.
  ModelHolder holder;
  ASSERT_TRUE(holder.Reload(dir.string()).ok());
  auto before = holder.Get();
  { std::ofstream(dir / "model.bin", std::ios::trunc) << "garbage"; }
  EXPECT_FALSE(holder.Reload(dir.string()).ok());
  EXPECT_EQ(holder.Get(), before);

  // Hot swap while readers predict.
  std::atomic<bool> stop{false};
  std::atomic<int> predictions{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        auto model = holder.Get();
        if (model->Predict("拖欠工资", "").ranked[0].first == "劳动") ++predictions;
      }
    });
  }
  for (int i = 0; i < 50 || predictions.load() < 200; ++i) {
    holder.Swap(i % 2 ? before : *loaded);
    std::this_thread::yield();
  }
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_GE(predictions.load(), 200);
  std::filesystem::remove_all(dir);
}

TEST(ModelTest, DefaultBlendIsChosenOutOfFoldAndFoldedIntoOneHead) {
  TrainOptions opt;
  opt.features.min_df = 1;
  ASSERT_EQ(opt.heads.size(), 2u);  // SVM + complement NB
  auto manifest_of = [](const TextModel& model, const std::string& name) {
    const auto dir = TempDir(name);
    EXPECT_TRUE(model.Save(dir.string()).ok());
    nlohmann::json manifest;
    {
      std::ifstream in(dir / "manifest.json");
      manifest = nlohmann::json::parse(in);
    }
    std::filesystem::remove_all(dir);
    return manifest;
  };
  auto m = TrainTextModel(ToyData(), opt);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto manifest = manifest_of(**m, "blend");
  ASSERT_TRUE(manifest.contains("heads")) << manifest.dump();
  EXPECT_EQ(manifest["heads"].size(), 1u);  // folded
  const auto& blend = manifest["training"]["blend"];
  EXPECT_EQ(blend["tried"].size(), 7u);
  // The toy classes are separable: every share is perfect on the hold-out, so the smallest (the
  // SVM alone) is kept.
  EXPECT_EQ(blend["share"].get<double>(), 0.0);
  EXPECT_EQ((*m)->Predict("", "拖欠工资,请处理").ranked[0].first, "劳动");

  opt.select_blend = false;  // both heads kept and averaged
  auto both = TrainTextModel(ToyData(), opt);
  ASSERT_TRUE(both.ok());
  const auto manifest2 = manifest_of(**both, "noblend");
  EXPECT_EQ(manifest2["heads"].size(), 2u);
  EXPECT_FALSE(manifest2["training"].contains("blend"));
}

TEST(ModelTest, AClassWithOneExampleSurvivesTheFolds) {
  // Every row is held out once when the blend share is chosen, so some folds lack a class.
  std::vector<LabeledText> data = ToyData();
  data.push_back({"公积金提取", "住房公积金怎么提取", "住房"});
  auto m = TrainTextModel(data, TrainOptions{});
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ((*m)->labels().size(), 4u);
  const Prediction p = (*m)->Predict("", "拖欠工资,请处理");
  EXPECT_EQ(p.ranked[0].first, "劳动");
  double sum = 0;
  for (const auto& [label, prob] : p.ranked) {
    EXPECT_TRUE(std::isfinite(prob)) << label;
    sum += prob;
  }
  EXPECT_NEAR(sum, 1.0, 1e-6);
}

TEST(ModelTest, TwoLabelsAndEverySolver) {
  std::vector<LabeledText> two;
  for (const auto& d : ToyData()) {
    if (d.label != "教育") two.push_back(d);
  }
  for (int solver : {0, 1, 4, kNbSvmSolver, kCentroidSolver, kComplementNbSolver}) {
    TrainOptions opt;
    opt.features.min_df = 1;
    opt.heads = {HeadOptions{.solver = solver, .c = 1.0}};
    auto m = TrainTextModel(two, opt);
    ASSERT_TRUE(m.ok()) << solver;
    EXPECT_EQ((*m)->Predict("", "拖欠工资,请处理").ranked[0].first, "劳动") << solver;
    EXPECT_EQ((*m)->Predict("路灯不亮问题", "小区附近路灯不亮").ranked[0].first, "交通") << solver;
  }
}

TEST(ModelTest, ExampleWeightsDecideAConflict) {
  // The same mixed appeal labelled both ways: the side with the larger weight wins, so a
  // corrected dispatch (weight 2 in the learning loop) outweighs an old confirmed one.
  for (const bool school_heavier : {true, false}) {
    std::vector<LabeledText> data = ToyData();
    LabeledText road{"校车路灯", "校车路灯", "交通"};
    LabeledText school{"校车路灯", "校车路灯", "教育"};
    (school_heavier ? school : road).weight = 6;
    data.push_back(road);
    data.push_back(school);
    TrainOptions opt;
    opt.features.min_df = 1;
    auto m = TrainTextModel(data, opt);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ((*m)->Predict("校车路灯", "校车路灯").ranked[0].first,
              school_heavier ? "教育" : "交通");
  }
}

TEST(ModelTest, NeedsTwoLabels) {
  std::vector<LabeledText> one = {{"a", "b", "x"}, {"c", "d", "x"}};
  EXPECT_FALSE(TrainTextModel(one, TrainOptions{}).ok());
}

TEST(TrainCliTest, ClassNumbersAreLabels) {
  // Another centre's export numbers its classes: "label": 0, 1, 2 are the labels "0", "1", "2".
  auto dir = TempDir("numbers");
  auto data = dir / "train.jsonl";
  std::map<std::string, int> number;
  {
    std::ofstream out(data);
    for (const auto& d : ToyData()) {
      const int k = number.emplace(d.label, static_cast<int>(number.size())).first->second;
      out << nlohmann::json{{"title", d.title}, {"text", d.text}, {"label", k}}.dump() << "\n";
    }
  }
  std::vector<std::string> bad;
  auto rows = ReadLabeledJsonl(data.string(), &bad);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(bad.empty()) << bad.front();
  ASSERT_EQ(rows->size(), ToyData().size());
  EXPECT_EQ(rows->front().label, std::to_string(number.at(ToyData().front().label)));
  const DispatchTrainArgs args = ToyTrainArgs(data, dir);
  std::ostringstream out, err;
  ASSERT_EQ(RunDispatchTrain(args, out, err), 0) << err.str();
  DispatchEvalArgs eargs{args.out, data.string(), ""};
  std::ostringstream eout, eerr;
  ASSERT_EQ(RunDispatchEval(eargs, eout, eerr), 0) << eerr.str();
  std::string text = eout.str();
  text.pop_back();
  auto last = nlohmann::json::parse(text.substr(text.rfind('\n') + 1));
  EXPECT_EQ(last["unknown_labels"], 0);
  EXPECT_GT(last["accuracy"].get<double>(), 0.9);
  std::filesystem::remove_all(dir);
}

TEST(TrainCliTest, EvalListsTheMostConfusedPairs) {
  // Evaluated against labels that swap two classes, every message of those classes is an error
  // of the same pair.
  auto dir = TempDir("confused");
  auto train = dir / "train.jsonl", swapped = dir / "swapped.jsonl";
  const std::vector<LabeledText> data = ToyData();
  std::map<std::string, size_t> count;
  for (const auto& d : data) ++count[d.label];
  ASSERT_GE(count.size(), 3u);
  const std::string a = count.begin()->first, b = std::next(count.begin())->first;
  {
    std::ofstream t(train), s(swapped);
    for (const auto& d : data) {
      t << nlohmann::json{{"title", d.title}, {"text", d.text}, {"label", d.label}}.dump() << "\n";
      const std::string l = d.label == a ? b : d.label == b ? a : d.label;
      s << nlohmann::json{{"title", d.title}, {"text", d.text}, {"label", l}}.dump() << "\n";
    }
  }
  const DispatchTrainArgs args = ToyTrainArgs(train, dir);
  std::ostringstream out, err;
  ASSERT_EQ(RunDispatchTrain(args, out, err), 0) << err.str();
  auto summary = [](const std::string& text) {
    const size_t end = text.find_last_not_of('\n');
    return nlohmann::json::parse(text.substr(text.rfind('\n', end) + 1));
  };
  nlohmann::json right;
  {
    std::ostringstream eout, eerr;
    ASSERT_EQ(RunDispatchEval({args.out, train.string(), ""}, eout, eerr), 0) << eerr.str();
    EXPECT_NE(eout.str().find("没有分错的样本"), std::string::npos) << eout.str();
    EXPECT_NE(eout.str().find("概率校准"), std::string::npos) << eout.str();
    right = summary(eout.str());
  }
  std::ostringstream eout, eerr;
  ASSERT_EQ(RunDispatchEval({args.out, swapped.string(), ""}, eout, eerr), 0) << eerr.str();
  const std::string text = eout.str();
  // Calibration figures: with every message right, the expected calibration error is 1 minus
  // the mean confidence; swapped labels cost log loss and Brier score, and a confidently wrong
  // class drives the calibration error up.
  const nlohmann::json wrong = summary(text);
  EXPECT_GE(right["log_loss"].get<double>(), 0.0);
  EXPECT_GT(wrong["log_loss"].get<double>(), right["log_loss"].get<double>() + 0.5);
  EXPECT_GT(wrong["brier"].get<double>(), right["brier"].get<double>());
  EXPECT_LE(wrong["brier"].get<double>(), 2.0);
  EXPECT_GT(wrong["ece"].get<double>(), right["ece"].get<double>());
  {
    auto model = TextModel::Load(args.out);
    ASSERT_TRUE(model.ok());
    double confidence = 0;
    for (const auto& d : data) confidence += (*model)->Predict(d.title, d.text).ranked[0].second;
    EXPECT_NEAR(right["ece"].get<double>(), 1.0 - confidence / data.size(), 1e-9);
  }
  const size_t at = text.find("最常混淆");
  ASSERT_NE(at, std::string::npos) << text;
  // Both directions are listed, each with its class's size (the larger first).
  const std::string ab = "  " + a + " → " + b + "  " + std::to_string(count[b]) + "\n";
  const std::string ba = "  " + b + " → " + a + "  " + std::to_string(count[a]) + "\n";
  EXPECT_NE(text.find(ab, at), std::string::npos) << text;
  EXPECT_NE(text.find(ba, at), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

TEST(TrainCliTest, BadLinesAreReportedAndSkipped) {
  auto dir = TempDir("cli");
  auto data = dir / "train.jsonl";
  {
    std::ofstream out(data);
    for (const auto& d : ToyData()) {
      nlohmann::json j{{"title", d.title}, {"label", d.label}};
      j["text"] = d.text.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.text);
      out << j.dump() << "\n";
    }
    out << "{not json\n";
    out << R"({"title": "路灯", "text": null})"
        << "\n";
    out << R"({"title": 5, "label": "交通"})"
        << "\n";
    out << R"({"title": "路灯不亮", "label": "交通", "weight": 0})"
        << "\n";
    out << R"({"title": "路灯不亮", "label": "交通", "weight": 3})"
        << "\n";
    out << R"({"title": "路灯不亮", "label": 1.5})"
        << "\n";
  }
  const size_t n = ToyData().size() + 1;  // + the line with weight 3
  std::vector<std::string> bad;
  auto rows = ReadLabeledJsonl(data.string(), &bad);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), n);
  EXPECT_EQ(rows->back().weight, 3);
  EXPECT_EQ(rows->front().weight, 1);
  ASSERT_EQ(bad.size(), 5u);
  EXPECT_NE(bad[0].find("第 " + std::to_string(n) + " 行"), std::string::npos);
  EXPECT_NE(bad[1].find("第 " + std::to_string(n + 1) + " 行"), std::string::npos);
  EXPECT_NE(bad[3].find("weight"), std::string::npos) << bad[3];
  EXPECT_NE(bad[4].find("label 必须是字符串或整数"), std::string::npos) << bad[4];

  const DispatchTrainArgs args = ToyTrainArgs(data, dir);
  std::ostringstream out, err;
  EXPECT_EQ(RunDispatchTrain(args, out, err), 0) << err.str();
  EXPECT_NE(err.str().find("第 " + std::to_string(n + 2) + " 行"), std::string::npos);
  EXPECT_NE(out.str().find("训练完成"), std::string::npos);

  DispatchEvalArgs eargs{args.out, data.string(), (dir / "pred.jsonl").string()};
  std::ostringstream eout, eerr;
  EXPECT_EQ(RunDispatchEval(eargs, eout, eerr), 0) << eerr.str();
  {
    // --predictions: one line per message, in input order, with every label's score.
    std::ifstream pin(eargs.predictions);
    std::string line;
    size_t lines = 0, right = 0;
    while (std::getline(pin, line)) {
      auto p = nlohmann::json::parse(line);
      EXPECT_EQ(p["i"], lines);
      EXPECT_EQ(p["label"], (*rows)[lines].label);
      EXPECT_EQ(p["scores"].size(), 3u);
      right += p["predicted"] == p["label"];
      ++lines;
    }
    EXPECT_EQ(lines, n);
    EXPECT_GT(right, n * 9 / 10);
  }
  std::string text = eout.str();
  text.pop_back();
  auto last = nlohmann::json::parse(text.substr(text.rfind('\n') + 1));
  EXPECT_EQ(last["n"], n);
  EXPECT_GT(last["accuracy"].get<double>(), 0.9);
  EXPECT_TRUE(last.contains("macro_f1"));
  EXPECT_TRUE(last.contains("top3_accuracy"));
  EXPECT_TRUE(last.contains("us_per_message"));
  // Timing: the median of at least 3 passes, between the fastest and the slowest pass.
  EXPECT_GE(last["timing_passes"].get<size_t>(), 3u);
  EXPECT_LE(last["us_per_message_min"].get<double>(), last["us_per_message"].get<double>());
  EXPECT_LE(last["us_per_message"].get<double>(), last["us_per_message_max"].get<double>());
  EXPECT_GT(last["us_per_message_min"].get<double>(), 0.0);
  std::filesystem::remove_all(dir);
}

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
