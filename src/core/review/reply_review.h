// Reply review assistant (审核助手): flags unit replies a centre reviewer should look at twice.
//
// Rules first (DOMAIN.md §2.4 答复规范, §6.7 答复规范率), each with a stable code:
//   no_substance       — empty, boilerplate only ("留言已收悉") or far too short to answer anything
//   off_topic          — shares almost no wording with the appeal (does not answer it)
//   no_concrete_result — no concrete action or result (已处理/已完成/已责令/查处/整改 …)
//   no_date            — neither a date nor a time limit for what was done or promised
//   refusal_no_basis   — refuses or says "cannot" without citing any law, rule or policy
//   late               — replied after the due time
// All thresholds and word lists are data (ReviewRules) so a centre can tune them.
//
// Pure functions; thread-safe.
#ifndef MINSHENG_CORE_REVIEW_REPLY_REVIEW_H_
#define MINSHENG_CORE_REVIEW_REPLY_REVIEW_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng {

struct ReviewRules {
  size_t min_chars = 40;  // replies shorter than this (in characters) lack substance
  // A reply must share at least this many two-character words with the appeal (title and
  // opening), not counting the greetings every reply carries.
  int min_shared_bigrams = 3;
  std::vector<std::string> common_bigrams = {"您好", "网友", "留言", "收悉", "反映", "回复",
                                             "如下", "有关", "情况", "问题", "感谢", "关注",
                                             "支持", "工作", "我们", "您的", "领导", "书记",
                                             "市长", "请求", "希望", "尊敬", "谢谢", "A市"};
  std::vector<std::string> boilerplate = {"留言已收悉", "您好",     "网友", "感谢您", "收悉",
                                          "谢谢",       "您的留言", "已转", "转交",   "相关部门"};
  std::vector<std::string> result_words = {
      "已经",     "已对",     "已将",     "已于",     "已安排", "已组织", "已责令", "已督促",
      "已完成",   "已解决",   "已处理",   "已修复",   "已清理", "已拆除", "已办理", "已发放",
      "已退还",   "已立案",   "已约谈",   "已整改",   "已下架", "已协调", "已联系", "已查处",
      "已疏通",   "完成",     "整改",     "查处",     "处罚",   "罚款",   "立案",   "修复",
      "清理",     "拆除",     "疏通",     "发放",     "退还",   "调查",   "核实",   "经查",
      "经核实",   "经调查",   "现场",     "约谈",     "协调",   "安排",   "督促",   "责令",
      "处理结果", "回复如下", "答复如下", "情况如下", "规定"};
  std::vector<std::string> refusal_words = {"不予", "无法",   "不能", "不符合", "不属于",
                                            "暂不", "不具备", "不在", "不支持", "难以"};
  std::vector<std::string> basis_words = {"《",   "根据", "依据", "按照", "规定",
                                          "条例", "办法", "政策", "第",   "法》",
                                          "文件", "通知", "标准", "要求", "细则"};
  std::vector<std::string> time_limit_words = {"工作日", "个月内", "天内",   "日内",   "周内",
                                               "年底前", "月底前", "近期将", "即日起", "年内",
                                               "本周",   "下周",   "今年",   "明年",   "春节前"};
};

struct ReviewFinding {
  std::string code;      // stable id, see the file comment
  std::string message;   // Chinese, for the reviewer
  std::string evidence;  // the words that triggered it, if any
};

struct ReplyReviewInput {
  std::string appeal_title;
  std::string appeal_text;
  std::string reply_text;
  int64_t replied_at = 0;  // epoch ms; 0 = unknown
  int64_t due_at = 0;      // epoch ms; 0 = no deadline known
};

// Returns the findings in a fixed order (empty = nothing to flag).
std::vector<ReviewFinding> ReviewReply(const ReplyReviewInput& input,
                                       const ReviewRules& rules = ReviewRules());

struct WorkOrder;
// Reviews the order's current reply (主办 reply, or the 直办 answer) against its appeal;
// `reply_due_ms` (0 = unknown) makes lateness a finding. Empty when there is no reply.
std::vector<ReviewFinding> ReviewOrderReply(const WorkOrder& order, int64_t reply_due_ms,
                                            const ReviewRules& rules = ReviewRules());

// Character bigrams of the CJK/alnum characters of `text` (punctuation and spaces dropped).
std::vector<std::string> CharBigrams(std::string_view text);

}  // namespace minsheng

#endif  // MINSHENG_CORE_REVIEW_REPLY_REVIEW_H_
