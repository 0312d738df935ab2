// Functional tests of the one-shot CLI commands: migrate, import, user add (bad input),
// dispatch suggest with the zone configuration and with a trained model.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "harness.h"

namespace minsheng::testing {
namespace {

TEST(CliTest, MigrateCreatesTheDatabase) {
  const std::string db = MakeTempDir() + "/m.db";
  ProcessResult r = RunCli({"migrate", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("版本"), std::string::npos) << r.output;
  EXPECT_NE(RunCli({"migrate"}).exit_code, 0);  // --db is required
}

TEST(CliTest, ImportReportsBadRowsWithLineNumbers) {
  const std::string dir = MakeTempDir();
  const std::string file = dir + "/orders.jsonl";
  {
    std::ofstream f(file);
    f << R"({"channel":"phone","type":"complaint","title":"白杨街道噪音扰民","content":"夜间施工噪音","created_at":"2025-06-01T10:00:00+08:00"})"
      << "\n"
      << R"({"channel":"web","type":"consultation","title":"公积金提取咨询","content":"如何提取"})"
      << "\n"
      << "{not json\n"
      << R"({"channel":"pigeon","type":"complaint","title":"未知渠道"})"
      << "\n";
  }
  ProcessResult r = RunCli({"import", "--db", dir + "/i.db", "--config", ConfigDir(), file});
  EXPECT_EQ(r.exit_code, 3) << r.output;  // finished, but some rows were rejected
  EXPECT_NE(r.output.find("成功导入 2 行"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("第 3 行"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("第 4 行"), std::string::npos) << r.output;

  ProcessResult missing = RunCli({"import", "--db", dir + "/i.db", dir + "/nope.jsonl"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("命令行参数错误"), std::string::npos) << missing.output;
}

TEST(CliTest, DispatchSuggestRoutesWithTheZoneConfiguration) {
  // No model: wording rules, facts, the gazetteer and the category keywords of the zone.
  ProcessResult r = RunCli({"dispatch", "suggest", "--config", ConfigDir(), "--title",
                            "王贺村2组下水道堵塞", "--text", "污水外溢一个星期, 联系人王先生"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"unit\": \"st.chongyelu\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"code\": \"02.06\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"urgency\": \"urgent\""), std::string::npos) << r.output;  // 污水外溢

  ProcessResult bad =
      RunCli({"dispatch", "suggest", "--config", MakeTempDir() + "/nope", "--title", "路灯不亮"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("配置目录不存在"), std::string::npos) << bad.output;
}

TEST(CliTest, DispatchSuggestWithAModelShowsWhyItChoseTheCategory) {
  const std::string dir = MakeTempDir();
  const std::string file = dir + "/train.jsonl";
  {
    std::ofstream f(file);
    const char* noise[] = {"夜间施工噪音", "广场舞噪音", "工地噪音扰民", "酒吧噪音太大"};
    const char* water[] = {"小区停水", "自来水发黄", "水管爆裂停水", "供水压力不足"};
    for (int rep = 0; rep < 4; ++rep) {
      for (int i = 0; i < 4; ++i) {
        f << nlohmann::json{{"title", noise[i]}, {"text", "影响休息"}, {"label", "环境"}}.dump()
          << "\n"
          << nlohmann::json{{"title", water[i]}, {"text", nullptr}, {"label", "供水"}}.dump()
          << "\n";
      }
    }
  }
  ProcessResult train = RunCli({"dispatch", "train", "--data", file, "--out", dir + "/m"});
  ASSERT_EQ(train.exit_code, 0) << train.output;
  ProcessResult r = RunCli({"dispatch", "suggest", "--config", ConfigDir(), "--model", dir + "/m",
                            "--title", "楼下工地噪音", "--text", "晚上十一点还在施工"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  EXPECT_EQ(j["categories"][0]["label"], "环境") << r.output;
  const auto& evidence = j["category_evidence"];
  ASSERT_TRUE(evidence.is_array() && !evidence.empty()) << r.output;
  EXPECT_EQ(evidence[0]["text"], "噪音") << r.output;
  EXPECT_EQ(evidence[0]["field"], "title");
  EXPECT_EQ(evidence[0]["start"], 4);  // 楼下工地|噪音
  EXPECT_EQ(evidence[0]["end"], 6);
}

TEST(CliTest, DispatchTrainFailureKeepsItsExitCodeAndMessage) {
  // One class only: training is refused with its own message and exit code 1, not reported as
  // a command-line error.
  const std::string dir = MakeTempDir();
  const std::string file = dir + "/one_class.jsonl";
  {
    std::ofstream f(file);
    f << R"({"title":"路灯不亮","text":null,"label":3})"
      << "\n"
      << R"({"title":"路灯坏了","text":"晚上很黑","label":3})"
      << "\n";
  }
  ProcessResult r = RunCli({"dispatch", "train", "--data", file, "--out", dir + "/m"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("2 条有效"), std::string::npos) << r.output;  // class numbers read
  EXPECT_NE(r.output.find("至少需要两个不同的类别"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("命令行参数错误"), std::string::npos) << r.output;
}

TEST(CliTest, DispatchSuggestRefusesBytesThatAreNotUtf8) {
  // A byte that is not UTF-8 in the phone reached the JSON writer, whose exception ended the
  // process (found by fuzz/suggest_fuzz.cc): now a refusal naming the field.
  ProcessResult r =
      RunCli({"dispatch", "suggest", "--config", ConfigDir(), "--title", "楼道停电", "--phone",
              "13812\xD2"
              "345678"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("来电号码不是有效的 UTF-8 文本"), std::string::npos) << r.output;
}

TEST(CliTest, UserAddRejectsBadInputInChinese) {
  const std::string db = MakeTempDir() + "/u.db";
  ProcessResult unit = RunCli({"user", "add", "--db", db, "--username", "u1", "--role", "unit",
                               "--unit", "st.nowhere", "--config", ConfigDir()},
                              "Good-Passw0rd\n");
  EXPECT_EQ(unit.exit_code, 1) << unit.output;
  EXPECT_NE(unit.output.find("未知的单位"), std::string::npos) << unit.output;
  ProcessResult role = RunCli(
      {"user", "add", "--db", db, "--username", "u2", "--role", "king", "--config", ConfigDir()},
      "Good-Passw0rd\n");
  EXPECT_EQ(role.exit_code, 1) << role.output;
  ProcessResult ok = RunCli(
      {"user", "add", "--db", db, "--username", "u3", "--role", "centre", "--config", ConfigDir()},
      "Good-Passw0rd\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  ProcessResult dup = RunCli(
      {"user", "add", "--db", db, "--username", "u3", "--role", "centre", "--config", ConfigDir()},
      "Good-Passw0rd\n");
  EXPECT_EQ(dup.exit_code, 1) << dup.output;
  ProcessResult nostdin = RunCli(
      {"user", "add", "--db", db, "--username", "u4", "--role", "centre", "--config", ConfigDir()});
  EXPECT_NE(nostdin.exit_code, 0) << nostdin.output;
}

}  // namespace
}  // namespace minsheng::testing
