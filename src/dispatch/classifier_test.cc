// Unit tests of the classifier (classifier*.cc): training, the out-of-fold blend, save/load and
// hot swap, and the `dispatch train` / `dispatch eval` commands (cli.cc).
#include "dispatch/classifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "dispatch/cli.h"
#include "dispatch/test_util.h"

namespace minsheng {
namespace {

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

  // Above fold_max_messages one 20 % hold-out chooses the share instead of five folds.
  EXPECT_EQ(manifest["training"]["holdout"][0]["folds"], 5);
  TrainOptions one_split = opt;
  one_split.fold_max_messages = ToyData().size() - 1;
  auto big = TrainTextModel(ToyData(), one_split);
  ASSERT_TRUE(big.ok());
  const auto big_manifest = manifest_of(**big, "one_split");
  EXPECT_EQ(big_manifest["training"]["holdout"][0]["folds"], 1);
  EXPECT_LT(big_manifest["training"]["holdout"][0]["n"].get<size_t>(), ToyData().size() / 2);
  EXPECT_EQ(big_manifest["training"]["blend"]["tried"].size(), 7u);
  EXPECT_EQ(big_manifest["heads"].size(), 1u);  // folded all the same
  one_split.fold_max_messages = ToyData().size();
  auto at_limit = TrainTextModel(ToyData(), one_split);
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(manifest_of(**at_limit, "at_limit")["training"]["holdout"][0]["folds"], 5);

  opt.select_blend = false;  // both heads kept and averaged
  auto both = TrainTextModel(ToyData(), opt);
  ASSERT_TRUE(both.ok());
  const auto manifest2 = manifest_of(**both, "noblend");
  EXPECT_EQ(manifest2["heads"].size(), 2u);
  EXPECT_FALSE(manifest2["training"].contains("blend"));
}

// The nearest messages' share: fixed by default; chosen out of fold with -1 (the toy classes
// are separable: every share is perfect out of fold, so 0 is kept and the model holds no
// index); refused outside [0, 1].
TEST(ModelTest, NeighbourShareIsFixedOrChosenOutOfFold) {
  TrainOptions opt;
  opt.features.min_df = 1;
  auto fixed = TrainTextModel(ToyData(), opt);
  ASSERT_TRUE(fixed.ok());
  const auto given = nlohmann::json::parse((*fixed)->manifest_json())["training"]["neighbours"];
  EXPECT_EQ(given["share"].get<double>(), 0.35);
  EXPECT_EQ(given["messages"].get<size_t>(), ToyData().size());
  opt.neighbour_share = -1;
  auto chosen = TrainTextModel(ToyData(), opt);
  ASSERT_TRUE(chosen.ok());
  const auto oof = nlohmann::json::parse((*chosen)->manifest_json())["training"]["neighbours"];
  EXPECT_EQ(oof["tried"].size(), 5u);
  EXPECT_EQ(oof["share"].get<double>(), 0.0);
  EXPECT_EQ(oof["messages"].get<size_t>(), 0u);
  for (double bad : {1.5, -0.5, -2.0}) {
    opt.neighbour_share = bad;
    auto refused = TrainTextModel(ToyData(), opt);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.status().error_code(), "bad_train_options");
  }
  opt.neighbour_share = 0.35;
  for (double bad : {0.0, -0.1, 1.5}) {
    opt.neighbour_gate = bad;
    auto refused = TrainTextModel(ToyData(), opt);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.status().error_code(), "bad_train_options");
  }
}

// The index holds the last neighbour_max_messages messages only. Four messages of 甲, then
// four of 乙 and four of 丙 read alike; the neighbours are always asked (gate 1.01): with every
// message indexed, the ten nearest (ties to the earlier message) are four of 甲, four of 乙 and
// two of 丙; with the last four only, all are 丙.
TEST(ModelTest, TheNeighbourIndexHoldsTheLastMessagesOnly) {
  std::vector<LabeledText> data = ToyData();
  const std::string alike = "麒麟湾灯塔夜航信号灯闪烁不停";
  for (const char* label : {"甲", "乙", "丙"}) {
    for (int i = 0; i < 4; ++i) data.push_back({"", alike, label});
  }
  TrainOptions opt;
  opt.features.min_df = 1;
  opt.neighbour_gate = kMaxNeighbourGate;
  opt.neighbour_max_messages = 0;
  auto all = TrainTextModel(data, opt);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  opt.neighbour_max_messages = 4;
  auto last = TrainTextModel(data, opt);
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  const auto stats_of = [](const TextModel& m) {
    return nlohmann::json::parse(m.manifest_json())["training"]["neighbours"];
  };
  EXPECT_EQ(stats_of(**all)["messages"].get<size_t>(), data.size());
  EXPECT_EQ(stats_of(**last)["messages"].get<size_t>(), 4u);
  EXPECT_EQ(stats_of(**last)["max_messages"].get<size_t>(), 4u);

  const Prediction p_all = (*all)->Predict("", alike);
  const Prediction p_last = (*last)->Predict("", alike);
  ASSERT_EQ(p_all.neighbours.size(), 3u);
  EXPECT_NEAR(p_all.neighbours[0].second, 0.4, 1e-6);
  EXPECT_NEAR(p_all.neighbours[1].second, 0.4, 1e-6);
  EXPECT_EQ(p_all.neighbours[2].first, "丙");
  EXPECT_NEAR(p_all.neighbours[2].second, 0.2, 1e-6);
  ASSERT_EQ(p_last.neighbours.size(), 1u);
  EXPECT_EQ(p_last.neighbours[0].first, "丙");

  // A cap at or above the data's size indexes everything.
  opt.neighbour_max_messages = data.size();
  auto whole = TrainTextModel(data, opt);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(stats_of(**whole)["messages"].get<size_t>(), data.size());
  EXPECT_EQ((*whole)->Predict("", alike).neighbours, p_all.neighbours);
}

// max_features raises the minimum document frequency until the vocabulary fits: the capped
// model has the vocabulary of an uncapped one trained with that min_df.
TEST(ModelTest, TheVocabularyCapRaisesTheMinimumDocumentFrequency) {
  std::vector<LabeledText> data;
  auto cjk = [](int k) {  // the UTF-8 of U+4E00 + k (k < 4096)
    const int c = 0x4E00 + k;
    return std::string{static_cast<char>(0xE0 | (c >> 12)),
                       static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
                       static_cast<char>(0x80 | (c & 0x3F))};
  };
  for (int i = 0; i < 240; ++i) {
    std::string text = i % 2 ? "路灯不亮" : "拖欠工资";
    for (int j = 0; j < 14; ++j) text += cjk((i * 5 + j * j) % 600);
    data.push_back({"", text, i % 2 ? "城建" : "劳动"});
  }
  TrainOptions opt;
  opt.features.min_df = 1;
  opt.max_features = 0;
  auto all = TrainTextModel(data, opt);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  const auto stats_of = [](const TextModel& m) {
    return nlohmann::json::parse(m.manifest_json())["training"];
  };
  const size_t uncapped = stats_of(**all)["num_features"].get<size_t>();
  ASSERT_GT(uncapped, 2000u);
  EXPECT_EQ(stats_of(**all)["effective_min_df"], 1);

  opt.max_features = uncapped / 2;
  auto capped = TrainTextModel(data, opt);
  ASSERT_TRUE(capped.ok()) << capped.status().ToString();
  const auto capped_stats = stats_of(**capped);
  const size_t kept = capped_stats["num_features"].get<size_t>();
  const int min_df = capped_stats["effective_min_df"].get<int>();
  EXPECT_LE(kept, uncapped / 2);
  EXPECT_GT(kept, 0u);
  EXPECT_GT(min_df, 1);
  opt.max_features = 0;
  opt.features.min_df = min_df;
  auto raised = TrainTextModel(data, opt);
  ASSERT_TRUE(raised.ok());
  EXPECT_EQ(stats_of(**raised)["num_features"].get<size_t>(), kept);
  // One level lower would not have fitted.
  opt.features.min_df = min_df - 1;
  auto lower = TrainTextModel(data, opt);
  ASSERT_TRUE(lower.ok());
  EXPECT_GT(stats_of(**lower)["num_features"].get<size_t>(), uncapped / 2);

  opt.max_features = 999;  // too small to mean anything
  auto refused = TrainTextModel(data, opt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().error_code(), "bad_train_options");
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

// What the command line names but cannot be used exits 2 (the usage status: no file, no usable
// line), data that cannot train a model exits 1 (one label only, no feature in two messages),
// each with a message an operator reads; nothing is written.
TEST(TrainCliTest, BadInputIsRefusedAndWritesNoModel) {
  auto dir = TempDir("badinput");
  auto one_label = dir / "one.jsonl";
  {
    std::ofstream out(one_label);
    out << R"({"title": "路灯不亮", "text": "小区门口路灯不亮", "label": "城建"})"
        << "\n"
        << R"({"title": "路面坑洼", "text": null, "label": "城建"})"
        << "\n";
  }
  auto empty = dir / "empty.jsonl";
  std::ofstream(empty).close();
  // Two labels, but no character is in two messages (the minimum document frequency).
  auto no_shared_text = dir / "disjoint.jsonl";
  {
    std::ofstream out(no_shared_text);
    out << R"({"title": "路灯", "text": null, "label": "城建"})"
        << "\n"
        << R"({"title": "学校", "text": null, "label": "教育"})"
        << "\n";
  }
  const std::tuple<std::filesystem::path, std::string, int> cases[] = {
      {dir / "missing.jsonl", "无法打开", 2},
      {empty, "没有可用的训练数据", 2},
      {one_label, "至少需要两个不同的类别", 1},
      {no_shared_text, "训练数据太少", 1}};
  for (const auto& [data, message, status] : cases) {
    DispatchTrainArgs args = ToyTrainArgs(data, dir);
    args.options.features.min_df = 2;  // the default
    std::ostringstream out, err;
    EXPECT_EQ(RunDispatchTrain(args, out, err), status) << data;
    EXPECT_NE(err.str().find(message), std::string::npos) << err.str();
    EXPECT_FALSE(std::filesystem::exists(args.out)) << args.out;
  }
  std::filesystem::remove_all(dir);
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
  EXPECT_LE(last["neighbour_votes"].get<size_t>(), n);
  // Timing: the median of at least 3 passes, between the fastest and the slowest pass.
  EXPECT_GE(last["timing_passes"].get<size_t>(), 3u);
  EXPECT_LE(last["us_per_message_min"].get<double>(), last["us_per_message"].get<double>());
  EXPECT_LE(last["us_per_message"].get<double>(), last["us_per_message_max"].get<double>());
  EXPECT_GT(last["us_per_message_min"].get<double>(), 0.0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace minsheng
