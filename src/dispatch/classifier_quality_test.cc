// Accuracy regression test: trains the category classifier on the TipDM training split with
// the default options and checks macro-F1 on the dev split (docs/dispatch.md has the figures).
// The data live outside the repository (../shared/data); the test is skipped without them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "dispatch/classifier.h"

namespace minsheng {
namespace {

// Measured level on dev (docs/dispatch.md) minus 0.01.
constexpr double kMinDevMacroF1 = 0.924;

TEST(ClassifierQualityTest, TipdmDevMacroF1) {
  const char* src = std::getenv("MINSHENG_SOURCE_DIR");
  std::filesystem::path base = src ? std::filesystem::path(src) : std::filesystem::current_path();
  std::filesystem::path dir = base / ".." / "shared" / "data" / "tipdm2020c";
  if (!std::filesystem::exists(dir / "train.jsonl") ||
      !std::filesystem::exists(dir / "dev.jsonl")) {
    GTEST_SKIP() << "跳过: 找不到训练数据 " << dir.string()
                 << " (set MINSHENG_SOURCE_DIR; data live in ../shared/data)";
  }
  std::vector<std::string> bad;
  auto train = ReadLabeledJsonl((dir / "train.jsonl").string(), &bad);
  ASSERT_TRUE(train.ok());
  auto dev = ReadLabeledJsonl((dir / "dev.jsonl").string(), &bad);
  ASSERT_TRUE(dev.ok());
  auto model = TrainTextModel(*train, TrainOptions{});
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EvalReport r = EvaluateModel(**model, *dev);
  std::cout << "dev n=" << r.n << " accuracy=" << r.accuracy << " macro_f1=" << r.macro_f1
            << " top3=" << r.top3_accuracy << " us/message=" << r.us_per_message << "\n";
  EXPECT_GE(r.macro_f1, kMinDevMacroF1);
  EXPECT_GE(r.top3_accuracy, 0.99);

  // The default blends the SVM with complement NB at the share chosen on the hold-out and folds
  // both into one head. Check the folding: the SVM and the NB trained alone (same hold-out, same
  // temperatures) give log p_svm + w · log p_nb, whose arg-max must be the folded model's top
  // label (up to the int8 weight rounding of near ties).
  const auto manifest = nlohmann::json::parse((*model)->manifest_json());
  const double share = manifest["training"]["blend"]["share"].get<double>();
  std::cout << "blend share " << share << "\n";
  ASSERT_GT(share, 0.0) << "the hold-out kept the SVM alone: the folding is not exercised";
  TrainOptions alone;
  alone.select_blend = false;
  alone.heads = {TrainOptions{}.heads[0]};
  auto svm = TrainTextModel(*train, alone);
  alone.heads = {TrainOptions{}.heads[1]};
  auto nb = TrainTextModel(*train, alone);
  ASSERT_TRUE(svm.ok() && nb.ok());
  size_t agree = 0;
  for (const LabeledText& d : *dev) {
    const Prediction a = (*svm)->Predict(d.title, d.text), b = (*nb)->Predict(d.title, d.text);
    std::map<std::string, double> blended;
    for (const auto& [label, p] : a.ranked) blended[label] += std::log(std::max(p, 1e-300));
    for (const auto& [label, p] : b.ranked) blended[label] += share * std::log(std::max(p, 1e-300));
    const auto best =
        std::max_element(blended.begin(), blended.end(),
                         [](const auto& x, const auto& y) { return x.second < y.second; });
    agree += best->first == (*model)->Predict(d.title, d.text).ranked[0].first;
  }
  std::cout << "folded head agrees with the blend on " << agree << " of " << dev->size() << "\n";
  EXPECT_GE(static_cast<double>(agree), 0.99 * static_cast<double>(dev->size()))
      << agree << " of " << dev->size();
}

}  // namespace
}  // namespace minsheng
