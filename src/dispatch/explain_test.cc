// Explanations of the category model: which words of an appeal decide its category.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "dispatch/classifier.h"
#include "dispatch/dispatcher.h"
#include "dispatch/features.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

std::vector<LabeledText> NoiseAndWaterData() {
  std::vector<LabeledText> data;
  const char* noise[] = {"夜间施工噪音", "广场舞噪音扰民", "工地噪音很大", "酒吧噪音扰民"};
  const char* water[] = {"小区停水三天", "自来水水质发黄", "水管爆裂停水", "供水压力不足"};
  const char* fee[] = {"物业有限公司乱收费", "停车费上涨", "物业费不合理", "收取公摊费用"};
  for (int rep = 0; rep < 5; ++rep) {
    for (int i = 0; i < 4; ++i) {
      data.push_back({noise[i], std::string("附近") + noise[i] + ",影响休息", "环保"});
      data.push_back({water[i], std::string("家里") + water[i] + ",请尽快处理", "供水"});
      data.push_back({fee[i], std::string("小区") + fee[i] + ",希望查处", "物业"});
    }
  }
  return data;
}

std::shared_ptr<const TextModel> Train() {
  TrainOptions opt;
  opt.features.min_df = 1;
  auto trained = TrainTextModel(NoiseAndWaterData(), opt);
  EXPECT_TRUE(trained.ok()) << trained.status().ToString();
  return trained.ok() ? std::shared_ptr<const TextModel>(std::move(trained).value()) : nullptr;
}

double LogOdds(const TextModel& m, const std::string& title, const std::string& text,
               const std::string& a, const std::string& b) {
  double pa = 0, pb = 0;
  for (const auto& [label, p] : m.Predict(title, text).ranked) {
    if (label == a) pa = p;
    if (label == b) pb = p;
  }
  return std::log(pa) - std::log(pb);
}

TEST(ExplainTest, TermKeysAreTheFeatureKeysOfTheText) {
  std::u32string w = U"下水道";
  std::vector<uint64_t> hashes{WordLexicon::HashWord(w.data(), w.size())}, prefixes;
  WordLexicon::AppendPrefixHashes(w.data(), w.size(), &prefixes);
  const WordLexicon lex(hashes, prefixes, true);
  FeatureConfig longer_title;
  longer_title.title_max_n = 5;
  // Default features with the lexicon, a longer title block, words from ICU (no lexicon).
  const std::vector<std::pair<FeatureConfig, const WordLexicon*>> setups = {
      {FeatureConfig{}, &lex}, {longer_title, &lex}, {FeatureConfig{}, nullptr}};
  for (const auto& [fc, l] : setups) {
    const PreparedText t = PrepareText("王贺村2组下水道堵塞ABC", "污水漫到路上,已经三天了。");
    std::vector<uint64_t> keys;
    ExtractFeatureKeys(t, fc, &keys, l);
    const std::set<uint64_t> known(keys.begin(), keys.end());
    std::vector<ExplainTerm> terms;
    ExplainTerms(t, fc, l, &terms);
    ASSERT_FALSE(terms.empty());
    const std::u32string all = t.title + U"。" + t.body;
    bool has_word = false;
    for (const ExplainTerm& term : terms) {
      EXPECT_TRUE(known.count(term.key)) << EncodeUtf8(term.text);
      EXPECT_NE(all.find(term.text), std::u32string::npos) << EncodeUtf8(term.text);
      has_word = has_word || (term.word && term.text == U"下水道");
    }
    EXPECT_TRUE(has_word);  // the lexicon and ICU both know 下水道
  }
}

TEST(ExplainTest, TheDecisiveWordsComeFirstAndRemovingThemCostsTheMargin) {
  const auto model = Train();
  ASSERT_NE(model, nullptr);
  const std::string title = "晚上工地噪音", text = "家门口工地噪音扰民,小区的人没法休息";
  const Prediction p = model->Predict(title, text);
  ASSERT_EQ(p.ranked[0].first, "环保");
  const std::string runner_up = p.ranked[1].first;
  const std::vector<TermEvidence> e = model->Explain(title, text, "环保", runner_up, 5);
  ASSERT_FALSE(e.empty());
  EXPECT_NE(std::string("噪音扰民").find(e[0].term), std::string::npos) << e[0].term;
  for (size_t i = 0; i < e.size(); ++i) {
    EXPECT_GT(e[i].weight, 0);
    if (i > 0) {
      EXPECT_LE(e[i].weight, e[i - 1].weight);
    }
    for (size_t j = 0; j < i; ++j) {
      EXPECT_EQ(e[i].term.find(e[j].term), std::string::npos);
      EXPECT_EQ(e[j].term.find(e[i].term), std::string::npos);
    }
  }
  // Without its strongest evidence the message leans less towards the label.
  auto without = [&](std::string s) {
    for (size_t at; (at = s.find(e[0].term)) != std::string::npos;) s.erase(at, e[0].term.size());
    return s;
  };
  EXPECT_LT(LogOdds(*model, without(title), without(text), "环保", runner_up),
            LogOdds(*model, title, text, "环保", runner_up));
  // The other way round, the same words weigh against: nothing favours the runner-up as much.
  const auto back = model->Explain(title, text, runner_up, "环保", 5);
  EXPECT_TRUE(back.empty() || back[0].weight < e[0].weight);
  EXPECT_TRUE(model->Explain(title, text, "环保", "环保", 5).empty());
  // A word may hold a function character (有); an n-gram with one (费不) is left out.
  bool company = false;
  for (const TermEvidence& t : model->Explain("某有限公司", "电梯费不合理", "物业", "供水", 5)) {
    company = company || t.term == "有限公司";
    EXPECT_EQ(t.term.find("费不"), std::string::npos) << t.term;
  }
  EXPECT_TRUE(company);
  EXPECT_TRUE(model->Explain(title, text, "环保", "没有的类别", 5).empty());
  EXPECT_TRUE(model->Explain(title, text, "环保", runner_up, 0).empty());
}

TEST(ExplainTest, SuggestionShowsTheEvidenceWhereTheAppealSaysIt) {
  const auto model = Train();
  ASSERT_NE(model, nullptr);
  Dispatcher d(ZoneConfig{}, model);
  SuggestRequest req;
  req.title = "ＡＢ小区停水";  // full-width Latin letters: offsets are those of the original
  req.content = "我家自来水发黄,已经停水两天";
  auto s = d.Suggest(req);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const auto j = nlohmann::json::parse(s->json);
  ASSERT_EQ(j["categories"][0]["label"], "供水");
  const auto& evidence = j["category_evidence"];
  ASSERT_TRUE(evidence.is_array());
  ASSERT_FALSE(evidence.empty());
  bool water = false;
  for (const auto& e : evidence) {
    const std::string term = e["text"];
    water = water || term.find("水") != std::string::npos;
    ASSERT_FALSE(e["field"].is_null()) << term;
    const std::u32string field = DecodeUtf8(e["field"] == "title" ? req.title : req.content);
    const size_t start = e["start"], end = e["end"];
    ASSERT_LE(end, field.size());
    EXPECT_EQ(TextNormalizer::Default().Normalize(EncodeUtf8(field.substr(start, end - start))),
              term);
  }
  EXPECT_TRUE(water) << evidence.dump();
}

// An appeal between two classes: the linear head is unsure, the nearest training messages vote,
// and the suggestion says whom for (shares of the vote summing to 1, best first); a clear one
// carries no votes.
TEST(ExplainTest, SuggestionShowsTheNeighboursVotesWhereTheyWereAsked) {
  const auto model = Train();
  ASSERT_NE(model, nullptr);
  ASSERT_GT(model->neighbour_share(), 0.0);
  Dispatcher d(ZoneConfig{}, model);
  SuggestRequest mixed;
  mixed.content = "停水 收费 噪音";  // the linear head: 供水 below 0.7
  const Prediction p = model->Predict(mixed.title, mixed.content);
  ASSERT_FALSE(p.neighbours.empty()) << p.ranked[0].first << " " << p.ranked[0].second;
  auto s = d.Suggest(mixed);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto j = nlohmann::json::parse(s->json);
  ASSERT_TRUE(j.contains("category_neighbours")) << s->json;
  EXPECT_EQ(j["category_neighbours"]["share"], 0.35);
  double total = 0, last = 1;
  for (const auto& v : j["category_neighbours"]["votes"]) {
    const double share = v["share"];
    EXPECT_LE(share, last);
    last = share;
    total += share;
  }
  EXPECT_NEAR(total, 1.0, 1e-9);
  SuggestRequest clear;
  clear.title = "小区停水";
  clear.content = "家里停水两天了";
  s = d.Suggest(clear);
  ASSERT_TRUE(s.ok());
  j = nlohmann::json::parse(s->json);
  EXPECT_FALSE(j.contains("category_neighbours")) << s->json;
  EXPECT_TRUE(model->Predict(clear.title, clear.content).neighbours.empty());
}

}  // namespace
}  // namespace minsheng
