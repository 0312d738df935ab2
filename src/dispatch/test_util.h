// Helpers shared by the dispatch engine's unit tests (dispatch_test.cc, classifier_test.cc).
#ifndef MINSHENG_DISPATCH_TEST_UTIL_H_
#define MINSHENG_DISPATCH_TEST_UTIL_H_

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dispatch/classifier.h"
#include "dispatch/cli.h"

namespace minsheng {

// A fresh directory under the system's temporary directory, named for the test and the process.
inline std::filesystem::path TempDir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("minsheng_dispatch_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

// `minsheng dispatch train --data DATA --out DIR/model` with min_df 1 (toy data sets are tiny).
inline DispatchTrainArgs ToyTrainArgs(const std::filesystem::path& data,
                                      const std::filesystem::path& dir) {
  DispatchTrainArgs args;
  args.data = {data.string()};
  args.out = (dir / "model").string();
  args.options.features.min_df = 1;
  return args;
}

// Three labels, 72 short rows: roads (title and body), schools (title only), wages (body only).
inline std::vector<LabeledText> ToyData() {
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

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_TEST_UTIL_H_
