#include "core/review/reply_review.h"

#include <gtest/gtest.h>

namespace minsheng {
namespace {

std::vector<std::string> Codes(const ReplyReviewInput& in) {
  std::vector<std::string> out;
  for (const auto& f : ReviewReply(in)) out.push_back(f.code);
  return out;
}

const char* kTitle = "王贺村2组下水道堵塞污水外溢";
const char* kText = "王贺村2组主干道下水道堵塞两天,污水外溢到路面,请尽快疏通。";

TEST(ReplyReviewTest, AGoodReplyPasses) {
  ReplyReviewInput in{kTitle, kText,
                      "王先生您好!经核实,王贺村2组主干道下水道因淤泥堵塞导致污水外溢。崇业办已于"
                      "11月30日组织人员疏通下水道并清理路面,现已恢复正常,今后每月巡查一次。",
                      0, 0};
  EXPECT_TRUE(Codes(in).empty());
}

TEST(ReplyReviewTest, BoilerplateOnlyHasNoSubstance) {
  ReplyReviewInput in{kTitle, kText, "网友您好!您的留言已收悉,感谢您的关注。", 0, 0};
  EXPECT_EQ(Codes(in), std::vector<std::string>{"no_substance"});
}

TEST(ReplyReviewTest, OffTopicNoResultNoDate) {
  ReplyReviewInput in{kTitle, kText,
                      "关于您咨询的公积金贷款额度,本市最高可贷六十万元,具体以公积金中心审批为"
                      "准,请携带身份证明前往服务大厅咨询办理。",
                      0, 0};
  auto codes = Codes(in);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "off_topic"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "no_concrete_result"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "no_date"), codes.end());
}

TEST(ReplyReviewTest, RefusalNeedsABasis) {
  ReplyReviewInput bare{kTitle, kText,
                        "经现场核实,王贺村2组下水道属于村组自建设施,不属于市政管网,我单位无法"
                        "安排疏通,请联系村委会于12月1日前自行处理下水道堵塞问题。",
                        0, 0};
  auto codes = Codes(bare);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "refusal_no_basis"), codes.end());
  ReplyReviewInput cited = bare;
  cited.reply_text += "依据《城镇排水与污水处理条例》第二十条,村组内设施由产权人维护。";
  codes = Codes(cited);
  EXPECT_EQ(std::find(codes.begin(), codes.end(), "refusal_no_basis"), codes.end());
}

TEST(ReplyReviewTest, LateReplyIsFlaggedEvenWhenShort) {
  ReplyReviewInput in{kTitle, kText, "已收悉。", 2000, 1000};
  EXPECT_EQ(Codes(in), (std::vector<std::string>{"no_substance", "late"}));
  in.replied_at = 500;
  EXPECT_EQ(Codes(in), std::vector<std::string>{"no_substance"});
}

TEST(ReplyReviewTest, BigramsSkipPunctuation) {
  auto g = CharBigrams("路灯,不亮!");
  EXPECT_EQ(g, (std::vector<std::string>{"路灯", "灯不", "不亮"}));
}

}  // namespace
}  // namespace minsheng
