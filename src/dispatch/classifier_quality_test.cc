// Accuracy regression test: trains the category classifier on the TipDM training split with
// the default options and checks macro-F1 on the dev split (docs/dispatch.md has the figures).
// The data live outside the repository (../shared/data); the test is skipped without them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "dispatch/classifier.h"

namespace minsheng {
namespace {

// Measured level on dev (docs/dispatch.md) minus 0.01.
constexpr double kMinDevMacroF1 = 0.927;

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
}

}  // namespace
}  // namespace minsheng
