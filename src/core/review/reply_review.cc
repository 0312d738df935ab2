#include "core/review/reply_review.h"

#include <algorithm>
#include <set>

#include "core/order.h"
#include "core/text.h"

namespace minsheng {
namespace {

// Splits UTF-8 into code points (as strings), keeping content characters only (IsContentChar),
// so n-grams compare content words only.
std::vector<std::string> ContentChars(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t w = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (i + w > s.size()) break;
    uint32_t cp = w == 1 ? c : c & (0x7F >> w);
    for (size_t k = 1; k < w; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    std::string ch(s.substr(i, w));
    i += w;
    if (IsContentChar(cp)) out.push_back(std::move(ch));
  }
  return out;
}

const std::string* FirstFound(std::string_view text, const std::vector<std::string>& words) {
  for (const auto& w : words)
    if (text.find(w) != std::string_view::npos) return &w;
  return nullptr;
}

bool HasDate(std::string_view t) {
  // "2019年", "3月", "12日", "2019-01-02", "1月5号": a digit followed by a date unit.
  static const char* kUnits[] = {"年", "月", "日", "号", "-", "/", "时", "点"};
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') continue;
    size_t j = i;
    while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
    std::string_view rest = t.substr(j);
    for (const char* u : kUnits)
      if (rest.substr(0, std::char_traits<char>::length(u)) == u) return true;
    i = j;
  }
  // Chinese-numeral dates such as 三月 or 十二日 are rarer in replies; "近日/目前" are not dates.
  return false;
}

}  // namespace

std::vector<std::string> CharBigrams(std::string_view text) {
  std::vector<std::string> chars = ContentChars(text);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < chars.size(); ++i) out.push_back(chars[i] + chars[i + 1]);
  return out;
}

std::vector<ReviewFinding> ReviewReply(const ReplyReviewInput& in, const ReviewRules& rules) {
  std::vector<ReviewFinding> out;
  const std::string reply = TrimSpace(in.reply_text);
  const std::vector<std::string> chars = ContentChars(reply);

  // Strip boilerplate and see what is left.
  std::string stripped = reply;
  for (const auto& b : rules.boilerplate) {
    for (size_t p; (p = stripped.find(b)) != std::string::npos;) stripped.erase(p, b.size());
  }
  const size_t substance = ContentChars(stripped).size();
  if (chars.size() < rules.min_chars || substance < rules.min_chars / 2) {
    out.push_back({"no_substance",
                   "答复内容过短或只有客套话,未回应诉求(" + std::to_string(chars.size()) + " 字)",
                   reply.substr(0, 60)});
    // The remaining content rules would only repeat the same verdict.
    if (in.due_at > 0 && in.replied_at > in.due_at) out.push_back({"late", "答复超过办理时限", ""});
    return out;
  }

  // Topic overlap with the appeal title (and the first part of its text).
  // Topic = the title plus the opening of the appeal: a reply that shares almost no
  // two-character word with either is very likely a template or an answer to something else.
  std::vector<std::string> topic = CharBigrams(in.appeal_title);
  {
    std::vector<std::string> more = CharBigrams(in.appeal_text.substr(0, 450));
    topic.insert(topic.end(), more.begin(), more.end());
  }
  if (!topic.empty()) {
    std::set<std::string> stop(rules.common_bigrams.begin(), rules.common_bigrams.end());
    std::set<std::string> reply_grams;
    for (auto& g : CharBigrams(reply)) reply_grams.insert(std::move(g));
    std::set<std::string> shared;
    for (const auto& g : topic)
      if (reply_grams.count(g) && !stop.count(g)) shared.insert(g);
    if (static_cast<int>(shared.size()) < rules.min_shared_bigrams) {
      std::string words;
      for (const auto& g : shared) words += g + " ";
      out.push_back({"off_topic",
                     "答复与诉求内容几乎没有共同词语,可能答非所问(共同词 " +
                         std::to_string(shared.size()) + " 个)",
                     words});
    }
  }

  const std::string* result = FirstFound(reply, rules.result_words);
  if (result == nullptr) out.push_back({"no_concrete_result", "答复未说明具体办理措施或结果", ""});

  bool has_time_limit = FirstFound(reply, rules.time_limit_words) != nullptr;
  if (!HasDate(reply) && !has_time_limit)
    out.push_back({"no_date", "答复未给出办理时间或明确时限", ""});

  if (const std::string* refusal = FirstFound(reply, rules.refusal_words)) {
    if (FirstFound(reply, rules.basis_words) == nullptr)
      out.push_back(
          {"refusal_no_basis", "答复含不予办理/无法解决的表述,但未引用法律、政策依据", *refusal});
  }

  if (in.due_at > 0 && in.replied_at > in.due_at) out.push_back({"late", "答复超过办理时限", ""});
  return out;
}

std::vector<ReviewFinding> ReviewOrderReply(const WorkOrder& order, int64_t reply_due_ms,
                                            const ReviewRules& rules) {
  if (order.reply) {
    return ReviewReply(
        {order.title, order.content, order.reply->text, order.reply->at, reply_due_ms}, rules);
  }
  if (!order.direct_answer.empty())
    return ReviewReply({order.title, order.content, order.direct_answer, 0, 0}, rules);
  return {};
}

}  // namespace minsheng
