#include "dispatch/rules.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <utility>
#include <vector>

#include "dispatch/phrase_set.h"
#include "dispatch/rule_cues.h"
#include "dispatch/rules_internal.h"

namespace minsheng {
namespace rules_internal {

using rule_cues::Cue;
using rule_cues::kAcute;
using rule_cues::kMatter;
using rule_cues::kStanding;
using rule_cues::NotNowMarkers;
using rule_cues::RawEmergencyCues;
using rule_cues::RawEmergencyRules;
using rule_cues::RawRule;
using rule_cues::RawTypeCues;
using rule_cues::RawUrgentCues;

CueList Index(const std::vector<Cue>& cues, PhraseSet* set) {
  CueList out;
  for (const Cue& c : cues) out.push_back({c.word, c.weight, set->Add(c.word)});
  return out;
}

int Score(const std::vector<uint8_t>& found, const CueList& cues, std::string_view* best) {
  int total = 0;
  int best_weight = 0;
  for (const IndexedCue& c : cues) {
    if (found[c.phrase]) {
      total += c.weight;
      if (c.weight > best_weight) {
        best_weight = c.weight;
        *best = c.word;
      }
    }
  }
  return total;
}

const PhraseSet& NotNowSet() {
  static const PhraseSet* set = [] {
    auto* s = new PhraseSet();
    for (std::string_view w : NotNowMarkers()) s->Add(w);
    return s;
  }();
  return *set;
}

bool IsClauseEnd(std::string_view text, size_t i, size_t* len) {
  const char c = text[i];
  if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ':') {
    *len = 1;
    return true;
  }
  // 。 (U+3002) and … (U+2026); full-width ，！？；： are half-width after normalisation.
  if (text.compare(i, 3, "\xE3\x80\x82") == 0 || text.compare(i, 3, "\xE2\x80\xA6") == 0) {
    *len = 3;
    return true;
  }
  return false;
}

// Where the sentence holding byte `pos` starts: after the last 。 ! ? ; before it.
size_t SentenceStart(std::string_view text, size_t pos) {
  size_t start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '!' || text[i] == '?' || text[i] == ';') {
      start = i + 1;
    } else if (text.compare(i, 3, "\xE3\x80\x82") == 0) {
      start = i + 3;
    }
  }
  return start;
}

// Where the sentence holding byte `pos` ends: at the first 。 ! ? ; after it (or the text's end).
size_t SentenceEnd(std::string_view text, size_t pos) {
  for (size_t i = pos; i < text.size(); ++i) {
    if (text[i] == '!' || text[i] == '?' || text[i] == ';' ||
        text.compare(i, 3, "\xE3\x80\x82") == 0) {
      return i;
    }
  }
  return text.size();
}

// [begin, end) of the clause of `text` holding the bytes [pos, pos + len).
std::pair<size_t, size_t> ClauseAround(std::string_view text, size_t pos, size_t len) {
  size_t begin = 0, end = text.size(), n = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (IsClauseEnd(text, i, &n)) begin = i + n;
  }
  for (size_t i = pos + len; i < text.size(); ++i) {
    if (IsClauseEnd(text, i, &n)) {
      end = i;
      break;
    }
  }
  return {begin, end};
}

bool ContainsAny(std::string_view clause, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (clause.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// Whether every occurrence of a thanks word (感谢, 谢谢, 致谢) in the body is a courtesy rather
// than praise: most complaints close with "望尽快处理,谢谢!" or "感谢领导关注" (over hotspot.jsonl
// such closings made 249 of 4,326 messages "praise"). An occurrence is praise when its clause
// says what was done well (帮助, 热情, 解决了 …); otherwise it is a courtesy when the clause
// asks for something or addresses the reader (请, 望, 关注, 领导, 您 …), is the body's last
// clause, or is little more than the word itself ("谢谢", "万分感谢").
bool OnlyCourtesy(std::string_view body, std::string_view word) {
  bool any = false;
  for (size_t pos = body.find(word); pos != std::string_view::npos;
       pos = body.find(word, pos + word.size())) {
    any = true;
    const auto [begin, end] = ClauseAround(body, pos, word.size());
    const std::string_view clause = body.substr(begin, end - begin);
    // A request next to the thanks makes it a courtesy whatever else the clause says
    // ("求个满意的答复谢谢").
    if (ContainsAny(clause, {"请", "望", "盼", "恳", "求", "麻烦", "答复", "回复", "尽快", "早日",
                             "此致"})) {
      continue;
    }
    if (ContainsAny(clause,
                    {"帮助", "帮忙", "热情", "耐心", "辛苦", "负责任", "认真负责", "好评", "满意",
                     "为民", "办实事", "解决了", "处理了", "及时解决", "服务好", "表扬", "点赞"})) {
      return false;
    }
    size_t rest = end, n = 0;
    while (rest < body.size() && (IsClauseEnd(body, rest, &n) || body[rest] == ' ')) {
      rest += body[rest] == ' ' ? 1 : n;
    }
    const bool last = rest >= body.size();
    const bool courtesy = last || clause.size() <= word.size() + 12 ||
                          ContainsAny(clause, {"关注", "重视", "领导", "您", "在此", "提前", "先谢",
                                               "支持", "百忙", "首先", "再次"});
    if (!courtesy) return false;
  }
  return any;
}

const char* TypeName(std::string_view id) {
  if (id == "praise") return "表扬";
  if (id == "report") return "举报";
  if (id == "complaint") return "投诉";
  if (id == "help") return "求助";
  if (id == "suggestion") return "建议";
  if (id == "consultation") return "咨询";
  return "其他";
}

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables();
    for (const auto& [type, cues] : RawTypeCues()) {
      t->types.emplace_back(type, Index(cues, &t->cues));
    }
    t->emergency = Index(RawEmergencyCues(), &t->cues);
    t->urgent = Index(RawUrgentCues(), &t->cues);
    // The praise cues that may be a mere courtesy (their weights stay in the praise list).
    for (std::string_view w : {"感谢", "谢谢", "致谢"}) t->thanks.push_back({w, 0, t->cues.Add(w)});
    for (const RawRule& r : RawEmergencyRules()) {
      t->hand_over.push_back({r.target, r.what, Index(r.cues, &t->cues)});
    }
    return t;
  }();
  return *tables;
}

// Characters of the body in which urgency and hand-over cues count (WordingScan::body_head).
constexpr size_t kLiveBodyChars = 200;

// Words that tell an incident is happening now or has just happened and needs a response: the
// sign a kMatter hand-over cue needs. Not 目前 or 至今 (a letter's state of affairs), nor 立即,
// 马上 or 赶紧 (a letter's demands: "建议立即销毁").
constexpr std::string_view kNowSigns[] = {
    "正在", "现在", "此刻", "此时", "刚刚",   "刚才",     "速来",  "快来", "救命",
    "求救", "救救", "受伤", "流血", "被困",   "出人命",   "还在",  "仍在", "今天",
    "今晚", "今早", "今日", "今夜", "分钟前", "半小时前", "小时前"};

size_t CountChars(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Whether the appeal is a short note or an operator's record of a call ("市民来电反映…",
// "来电人称…"), which tells what the caller sees now however long it is; not a letter.
bool IsNoteOrCall(const WordingScan& scan) {
  return CountChars(scan.body) <= kShortNoteChars ||
         scan.title.find("来电") != std::string_view::npos ||
         scan.body_head.find("来电") != std::string_view::npos;
}

// Whether `cue` is told as happening now: the appeal is a short note or the record of a call (not
// for a `standing` activity), the cue follows a progressive 在, or a sentence holding the cue (the
// title, or one in the body's opening) holds a now-sign.
bool TellsNow(const WordingScan& scan, std::string_view cue, bool standing) {
  if (!standing && IsNoteOrCall(scan)) return true;
  auto sentence_says_now = [&](std::string_view text) {
    for (size_t pos = text.find(cue); pos != std::string_view::npos;
         pos = text.find(cue, pos + cue.size())) {
      if (text.substr(0, pos).ends_with("在")) return true;  // 有人在打架: progressive 在
      const size_t begin = SentenceStart(text, pos);
      const std::string_view sentence =
          text.substr(begin, SentenceEnd(text, pos + cue.size()) - begin);
      for (std::string_view w : kNowSigns) {
        if (sentence.find(w) != std::string_view::npos) return true;
      }
    }
    return false;
  };
  return sentence_says_now(scan.title) || sentence_says_now(scan.body_head);
}

// The first cue (in list order) found in a live clause of the title or the body's opening; cues
// found only in clauses that do not report a present event are skipped (the first one is
// recorded in `aside`). With `title_follows_body` (the hand-over screen) the title and the body's
// opening must agree: a cue either of them sets aside is set aside.
std::string_view FirstLiveCue(const WordingScan& scan, std::span<const IndexedCue> cues,
                              bool title_follows_body, SetAside* aside) {
  for (const IndexedCue& c : cues) {
    if (!scan.in_text[c.phrase]) continue;
    std::string_view title_marker, body_marker;
    const bool in_title = scan.in_title[c.phrase] != 0;
    const bool title_live = in_title && LiveMention(scan.title, c.word, &title_marker);
    // For the hand-over the title names the event: a cue the title itself sets aside ("出了火灾
    // 怎么办?") is not brought back by the body restating it, and a cue the body's opening sets
    // aside (a date: "2月18日…被人…殴打") is the title's event too ("…停车无故被殴打"). For
    // urgency both stand alone: a need such as water cut off on a date may still go on ("…遭到
    // 恶意停水" over "9月8日晚…" was judged urgent by hand), and the first rule lost 3 of the 16
    // and 2 of the 15 needs judged urgent on the two hand-checked sets.
    const bool title_sets_aside = in_title && !title_live;
    if (!(title_follows_body && title_sets_aside)) {
      if (LiveMention(scan.body_head, c.word, &body_marker)) return c.word;
      if (title_live && (!title_follows_body || body_marker.empty())) return c.word;
    }
    std::string_view marker = !body_marker.empty() ? body_marker : title_marker;
    if (title_follows_body && title_sets_aside) marker = title_marker;
    if (marker.empty()) marker = "正文靠后的叙述";
    if (aside != nullptr && aside->cue.empty()) *aside = {c.word, marker};
  }
  return {};
}

// The first cue (in list order) told as a live incident: live (FirstLiveCue), and for a kMatter
// or kStanding word also told as happening now (TellsNow). The first live word that is not goes
// to `*not_now` (if given and still empty).
std::string_view FirstIncident(const WordingScan& scan, std::span<const IndexedCue> cues,
                               bool title_follows_body, SetAside* aside,
                               std::string_view* not_now) {
  for (const IndexedCue& c : cues) {
    if (!scan.in_text[c.phrase]) continue;
    if (FirstLiveCue(scan, {&c, 1}, title_follows_body, aside).empty()) continue;
    if (c.weight == kAcute || TellsNow(scan, c.word, c.weight == kStanding)) return c.word;
    if (not_now != nullptr && not_now->empty()) *not_now = c.word;
  }
  return {};
}

// Whether a (normalised) title ends as a question: "?" or 吗/么/呢, before any closing "!", "."
// or "。" ("…何时通车??", "…能一次缴费吗").
bool TitleIsQuestion(std::string_view title) {
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    if (!title.empty() && (title.back() == '!' || title.back() == '.' || title.back() == ' ')) {
      title.remove_suffix(1);
      trimmed = true;
    } else if (title.ends_with("。")) {
      title.remove_suffix(std::string_view("。").size());
      trimmed = true;
    }
  }
  if (!title.empty() && title.back() == '?') return true;
  // "…吗", and the spoken A-not-A question cut short: "今年过年能放烟花不", "暖气费能在手机上交不".
  for (std::string_view end : {"吗", "么", "呢", "不"}) {
    if (title.size() >= end.size() && title.substr(title.size() - end.size()) == end) return true;
  }
  return false;
}

// Whether `text` ends on "…不" (trailing punctuation and spaces aside): "能打不", "要预约不".
bool EndsOnSpokenQuestion(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '.' || text.back() == '!')) {
    text.remove_suffix(1);
  }
  while (text.ends_with("。")) text.remove_suffix(std::string_view("。").size());
  return text.ends_with("不");
}

// A title that says 谢谢 for something done ("暖气热了谢谢", "垃圾处理费解决了,谢谢"), not a
// courtesy after a question or a request ("请问…?谢谢", "请尽快处理谢谢", "…停水三天了,谢谢").
bool TitleSaysThankYou(std::string_view title) {
  const size_t pos = title.find("谢谢");
  if (pos == std::string_view::npos) return false;
  const std::string_view before = title.substr(0, pos);
  if (ContainsAny(title, {"请", "望", "盼", "恳", "求", "麻烦", "尽快", "吗", "?", "能否", "是否",
                          "怎么", "咋", "啥"})) {
    return false;
  }
  return ContainsAny(before, {"解决了", "处理了", "修好", "好了", "热了", "来了", "通了", "恢复了",
                              "办好", "办成", "落实了", "到位了", "已解决", "已处理"});
}

// Praise in quotation marks is irony: "真得“表扬”一下你们…打了三次没人管", "物业的“好”服务真得表扬:
// 停车费涨到…", "要“表扬”一下东门的垃圾箱…“坚持”五天没人拉". The quoted word, or empty. Only a
// quote that is nothing but such a word counts (被评为“好人”, “最美”环卫工 are praise).
std::string_view IronicQuote(std::string_view title, std::string_view body) {
  static constexpr std::string_view kWords[] = {"表扬", "点赞", "感谢", "谢谢", "好",   "好服务",
                                                "负责", "高效", "坚持", "贴心", "给力", "及时",
                                                "优质", "周到", "热情", "用心", "尽职", "效率高"};
  static constexpr std::pair<std::string_view, std::string_view> kQuotes[] = {
      {"“", "”"}, {"\"", "\""}, {"「", "」"}, {"‘", "’"}, {"'", "'"}};
  for (std::string_view text : {title, body}) {
    for (const auto& [open, close] : kQuotes) {
      for (size_t pos = text.find(open); pos != std::string_view::npos;
           pos = text.find(open, pos + open.size())) {
        const size_t begin = pos + open.size();
        const size_t end = text.find(close, begin);
        if (end == std::string_view::npos || end - begin > 9) continue;
        const std::string_view inner = text.substr(begin, end - begin);
        for (std::string_view w : kWords) {
          if (inner == w) return w;
        }
      }
    }
  }
  return {};
}

}  // namespace rules_internal

namespace rules_internal {

// Whether a clause names a date (2019年, 3月, 15日, 三月): an event told with its date is
// mostly one in the past ("2018年12月物业殴打业主"); one happening now is told without.
bool NamesADate(std::string_view clause) {
  static constexpr std::string_view kUnits[] = {"年", "月", "日"};
  static constexpr std::string_view kNumerals = "0123456789";
  static constexpr std::string_view kCnNumerals[] = {"一", "二", "三", "四", "五",
                                                     "六", "七", "八", "九", "十"};
  for (std::string_view unit : kUnits) {
    for (size_t pos = clause.find(unit); pos != std::string_view::npos;
         pos = clause.find(unit, pos + unit.size())) {
      if (pos == 0) continue;
      if (kNumerals.find(clause[pos - 1]) != std::string_view::npos) return true;
      if (unit != "年" && pos >= 3) {  // 三月, 十五日; not 一年 (a duration) or 今年
        for (std::string_view n : kCnNumerals) {
          if (clause.substr(pos - 3, 3) == n) return true;
        }
      }
    }
  }
  return false;
}
}  // namespace rules_internal

using rules_internal::ClauseAround;
using rules_internal::ContainsAny;
using rules_internal::EndsOnSpokenQuestion;
using rules_internal::GetTables;
using rules_internal::IndexedCue;
using rules_internal::IronicQuote;
using rules_internal::IsNoteOrCall;
using rules_internal::kLiveBodyChars;
using rules_internal::NamesADate;
using rules_internal::NotNowSet;
using rules_internal::OnlyCourtesy;
using rules_internal::Score;
using rules_internal::SentenceEnd;
using rules_internal::SentenceStart;
using rules_internal::Tables;
using rules_internal::TitleIsQuestion;
using rules_internal::TitleSaysThankYou;
using rules_internal::TypeName;

bool LiveMention(std::string_view text, std::string_view cue, std::string_view* marker) {
  const PhraseSet& markers = NotNowSet();
  std::vector<uint8_t> found;
  bool first_marker = true;
  for (size_t pos = text.find(cue); pos != std::string_view::npos;
       pos = text.find(cue, pos + cue.size())) {
    const auto [begin, end] = ClauseAround(text, pos, cue.size());
    found.assign(markers.size(), 0);
    markers.Scan(text.substr(begin, end - begin), &found);
    const auto hit = std::find(found.begin(), found.end(), 1);
    const std::string_view clause = text.substr(begin, end - begin);
    // A hypothesis or a date earlier in the same sentence covers the clauses after it ("万一发生
    // 火灾,机器燃烧,油桶爆炸"; "18年下半年因用电不慎,引起2次火灾"), not those before it ("楼下着火
    // 了,如果再不来人…" is live).
    const size_t sentence_start = SentenceStart(text, pos);
    const std::string_view before = text.substr(sentence_start, pos - sentence_start);
    std::string_view scoped;
    for (std::string_view w : {"如果", "万一", "一旦", "假如", "倘若", "若是", "要是", "试想"}) {
      if (before.find(w) != std::string_view::npos) scoped = w;
    }
    // News or hearsay anywhere in the sentence makes the whole sentence a report of elsewhere
    // ("近日看到重庆…发生火灾,而消防车进不去的报道"); a fire put out is over ("因厨房起火,保安扑救
    // 及时才扑灭").
    const std::string_view whole_sentence =
        text.substr(sentence_start, SentenceEnd(text, pos + cue.size()) - sentence_start);
    for (std::string_view w : {"听说", "据说", "新闻", "报道", "媒体", "扑灭", "灭火了"}) {
      if (scoped.empty() && whole_sentence.find(w) != std::string_view::npos) scoped = w;
    }
    // A date dates the event, unless the sentence says it still goes on ("从九月五号起到今天已经
    // 连续三天停水").
    const std::string_view sentence = text.substr(sentence_start, end - sentence_start);
    const bool ongoing = ContainsAny(sentence, {"至今", "到今天", "到现在", "连续", "仍然", "依然",
                                                "还没", "目前", "现在", "今天", "一直"});
    const bool dated = !ongoing && (NamesADate(before) || NamesADate(clause));
    if (scoped.empty() && dated) scoped = "日期";
    // So does an event said to be past ("早几年曾发生过燃气爆炸事件,爆炸使…墙体垮塌").
    if (!ongoing) {
      for (std::string_view w :
           {"发生过", "曾经", "曾发生", "去年", "前年", "往年", "以前", "当年", "几年前", "前几年",
            "早几年", "多年前", "昨天", "前天", "前两天", "上周", "上个礼拜", "上礼拜", "上星期",
            "上个星期", "上个月", "上月",
            // and a recurring or standing one ("经常有车主将车子停在人行道上,且堵的死死的,人无法
            // 通行")
            "经常", "常年", "长期", "频繁", "总是", "老是", "三天两头", "隔三差五", "动不动"}) {
        const size_t at = before.find(w);
        if (!scoped.empty() || at == std::string_view::npos) continue;
        // "从昨天晚上开始暖气完全不热了": since yesterday, not yesterday.
        const size_t since = before.rfind("从", at);
        if (since != std::string_view::npos && before.find("开始", at) != std::string_view::npos &&
            !ContainsAny(before.substr(since, at - since), {",", "，", "。", ";"})) {
          continue;
        }
        scoped = w;
      }
    }
    // "停水问题" names the matter in general, not a cut now.
    if (scoped.empty() && text.substr(pos + cue.size()).starts_with("问题")) scoped = "问题";
    if (hit == found.end() && scoped.empty()) return true;
    if (marker != nullptr && first_marker) {
      *marker = hit != found.end() ? markers.phrase(static_cast<uint32_t>(hit - found.begin()))
                : !scoped.empty()  ? scoped
                                   : std::string_view("日期");
      first_marker = false;
    }
  }
  return false;
}

WordingScan ScanWording(std::string_view title, std::string_view body) {
  const PhraseSet& set = GetTables().cues;
  WordingScan scan;
  scan.title = title;
  scan.body = body;
  // A long letter tells its matter first; a cue deep in its story is background ("…17年1月份被
  // 断电、断水后…"). Urgency and hand-over cues count in the opening only (a phone note fits).
  scan.body_head = body;
  for (size_t i = 0, chars = 0; i < body.size(); ++i) {
    if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80 && chars++ == kLiveBodyChars) {
      scan.body_head = body.substr(0, i);
      break;
    }
  }
  set.Scan(title, &scan.in_title);
  scan.in_text = scan.in_title;
  set.Scan(body, &scan.in_text);
  return scan;
}

namespace rules_internal {

// The first word telling that something is wrong (不, 没, 坏, 脏 …), in the title or the body;
// empty when none.
std::string_view WrongTold(const WordingScan& scan) {
  // (Second line: probe set 10, "音响开得震耳朵", "机器还轰轰响", "保质期…已经过期了".)
  for (std::string_view w :
       {"不",   "没",   "无", "难", "差", "坏", "乱",   "破",   "堵",   "脏",
        "臭",   "吵",   "慢", "贵", "欠", "横", "态度", "问题", "太大", "太多",
        "太高", "太响", "响", "震", "熏", "呛", "漏",   "过期", "丢了", "丢件"}) {
    if (scan.title.find(w) != std::string_view::npos || scan.body.find(w) != std::string_view::npos)
      return w;
  }
  return {};
}

// The praise word of a title that thanks ("…抢修师傅点赞", "感谢…民警"): what it tells has been
// dealt with. Empty when the title does not thank.
std::string_view TitleThanks(const WordingScan& scan) {
  if (!IronicQuote(scan.title, scan.body).empty()) return {};
  for (std::string_view thanks : {"点赞", "点个赞", "表扬", "感谢", "锦旗", "致谢"}) {
    if (scan.title.find(thanks) != std::string_view::npos) return thanks;
  }
  if (TitleSaysThankYou(scan.title)) return "谢谢";
  return {};
}

// Whether the body tells that the incident has been dealt with: a clause with 已 and a rescue
// done ("被困人员已于14时40分解救", "火已经扑灭了", "已送医"), or 脱离危险.
bool TellsResolved(const WordingScan& scan) {
  const std::string_view text = scan.body;
  if (text.find("脱离危险") != std::string_view::npos) return true;
  for (std::string_view done : {"解救", "救出", "送医", "扑灭", "脱困", "脱险"}) {
    for (size_t pos = text.find(done); pos != std::string_view::npos;
         pos = text.find(done, pos + done.size())) {
      const auto [begin, end] = ClauseAround(text, pos, done.size());
      if (text.substr(begin, end - begin).find("已") != std::string_view::npos) return true;
    }
  }
  return false;
}

// Whether an urgency cue is a supply cut (water, power, gas or heating off), not a hazard.
bool IsHeatingCue(std::string_view cue) {
  return cue.find("暖") != std::string_view::npos || cue.find("不热") != std::string_view::npos ||
         cue == "摸着冰凉";
}

bool IsSupplyCut(std::string_view cue) {
  if (IsHeatingCue(cue) && cue.find("爆") == std::string_view::npos) return true;
  for (std::string_view w :
       {"停水", "停电", "停气", "断水", "断电", "关水", "限电", "没水", "没电", "没有水"}) {
    if (cue == w) return true;
  }
  return false;
}

// How a need to be met now (`need`, found by the urgency rules) is typed when no type word
// outweighs it: a police incident told as happening is reported for enforcement ("门口现在有人在
// 打架" → 举报); a supply cut is a complaint against the supplier ("小区停水", "暖气不热");
// anything else — a road caved in, someone collapsed, a sign about to fall — asks for help. `told`
// opens the reason (what the wording held instead).
TypeGuess TypeOfNeed(const WordingScan& scan, const UrgencyGuess& need, const std::string& told) {
  if (const EmergencyScreen s = ScreenEmergency(scan); s.flag && s.target == "110") {
    return {"report", told + ",述及正在发生的警情(「" + s.cue + "」)→ 举报", 0};
  }
  if (IsSupplyCut(need.cue)) {
    return {"complaint",
            told + ",述及水电气热中断(「" + need.cue + "」)→ 投诉;如来电只求尽快恢复,可改为求助",
            0};
  }
  return {"help", told + ",述及需尽快处置的情况(「" + need.cue + "」)→ 求助", 0};
}

}  // namespace rules_internal

using rules_internal::TypeOfNeed;
using rules_internal::WrongTold;

namespace {

// Whether every occurrence of `word` in `body` is followed, later in the body, by a turn to a
// grievance (但是, 可是, 然而, 不过, 遗憾的是).
bool PraiseBeforeATurn(std::string_view body, std::string_view word) {
  bool any = false;
  for (size_t pos = body.find(word); pos != std::string_view::npos;
       pos = body.find(word, pos + word.size())) {
    if (!ContainsAny(body.substr(pos + word.size()),
                     {"但是", "可是", "然而", "不过", "遗憾的是"})) {
      return false;
    }
    any = true;
  }
  return any;
}

// `ironic`: the praise words do not count (IronicQuote).
TypeGuess GuessOrderTypeOf(const WordingScan& scan, bool ironic) {
  const Tables& t = GetTables();
  // An explicit word in the title decides ("投诉XX物业…", "咨询…"); for praise any of its words
  // does ("感谢…民警", "为…点赞": a title that thanks is a thank-you, not a courtesy).
  if (!ironic && TitleSaysThankYou(scan.title)) {
    return {"praise", "标题致谢(「谢谢」)→ 表扬", 2};
  }
  // A title that thanks and asks ("感谢高新区发展 盼小区早日通天然气") is a request put politely:
  // its thanks decide nothing.
  const bool title_asks = ContainsAny(scan.title, {"盼", "希望", "恳请", "请求", "呼吁"});
  for (const auto& [type, cues] : t.types) {
    if (ironic && type == "praise") continue;
    const int decisive = type == "praise" ? (title_asks ? 100 : 3) : 5;
    for (const IndexedCue& c : cues) {
      if (c.weight >= decisive && scan.in_title[c.phrase]) {
        return {std::string(type), "标题含「" + std::string(c.word) + "」→ " + TypeName(type), 2};
      }
    }
  }
  // Thanks words that are only a courtesy (in the body, not the title; or in a title that asks)
  // do not count as praise.
  const std::vector<uint8_t>* in_text = &scan.in_text;
  std::vector<uint8_t> without_courtesy;
  for (const IndexedCue& c : t.thanks) {
    const bool courtesy = scan.in_title[c.phrase]
                              ? title_asks && (scan.body.find(c.word) == std::string_view::npos ||
                                               OnlyCourtesy(scan.body, c.word))
                              : OnlyCourtesy(scan.body, c.word);
    if (scan.in_text[c.phrase] && courtesy) {
      if (without_courtesy.empty()) without_courtesy = scan.in_text;
      without_courtesy[c.phrase] = 0;
      in_text = &without_courtesy;
    }
  }
  // Praise that sets up a grievance ("…老百姓交口称赞办了件大实事。但是…路面被车辆压得坑坑洼洼…请
  // 相关部门加强管理"): every occurrence in the body followed by a turn (但是, 可是 …) counts for
  // nothing; the title's own praise still does.
  for (const auto& [type, cues] : t.types) {
    if (type != "praise") continue;
    for (const IndexedCue& c : cues) {
      if (!(*in_text)[c.phrase] || scan.in_title[c.phrase]) continue;
      if (!PraiseBeforeATurn(scan.body, c.word)) continue;
      if (without_courtesy.empty()) without_courtesy = *in_text;
      without_courtesy[c.phrase] = 0;
      in_text = &without_courtesy;
    }
  }
  int best_score = 0;
  std::string_view best_type = "other";
  std::string_view best_word;
  for (const auto& [type, cues] : t.types) {
    if (ironic && type == "praise") continue;
    std::string_view word;
    int s = Score(*in_text, cues, &word);
    // Title words count double.
    std::string_view tword;
    if (type != "praise" || !title_asks) s += Score(scan.in_title, cues, &tword);
    // A title put as a question ("…补贴在哪里领?", "…能一次缴费吗") asks for information; so,
    // less surely, does a message that ends on the spoken A-not-A cut short ("…晚上能打不").
    if (type == "consultation" && TitleIsQuestion(scan.title)) {
      s += 2;
      if (word.empty()) word = "标题问句";
    } else if (type == "consultation" && EndsOnSpokenQuestion(scan.body)) {
      s += 1;
      if (word.empty()) word = "句末「…不」问句";
    }
    if (s > best_score) {
      best_score = s;
      best_type = type;
      best_word = word;
    }
  }
  if (best_score == 0) {
    // Without a cue word, a need to be met soon (the urgency rules flag it) is typed by what it
    // is (TypeOfNeed). (Operators answering the intake probes blind typed them so, with 求助 as
    // the second answer.)
    if (const UrgencyGuess need = GuessUrgency(scan); need.urgency != "normal") {
      return TypeOfNeed(scan, need, "未发现类型提示词");
    }
    // Without a cue word, an appeal that tells of something wrong is still a complaint, the
    // commonest type: "路灯不亮", "楼道灯坏了半个月" (checked by hand: of the messages the cues
    // left "other", the labellers typed most as complaints and none as other).
    if (std::string_view w = WrongTold(scan); !w.empty()) {
      return {"complaint", "未发现类型提示词,述及问题(「" + std::string(w) + "」)→ 投诉", 0};
    }
    return {"other", "未发现类型提示词", 0};
  }
  // Someone hurt, trapped or a fire now, for 120, 96333 or 119: the caller asks for help, whatever
  // else is said ("工人从脚手架上摔下来…工地上没人管…已三方转接120"); only a type said outright
  // (投诉, 举报: six points) or as strongly outweighs it. (Operators answering the intake probes
  // blind typed every such 120 and 96333 call 求助, and the 119 calls 求助 with 举报 second.)
  if (best_type != "help" && best_score < 6) {
    if (const EmergencyScreen e = ScreenEmergency(scan);
        e.flag && (e.target == "120" || e.target == "96333" || e.target == "119")) {
      return {"help", "述及需转接 " + e.target + " 的险情(「" + e.cue + "」)→ 求助", 1};
    }
  }
  // A letter (not a note or a call record) whose title states a grievance and whose only
  // consultation cues are questions in its body about something wrong asks them rhetorically
  // ("…结果到了放寒假就说要收费…", "…也没说什么时候给,有点就是不给"): a complaint.
  if (best_type == "consultation" && best_score <= 2 && !IsNoteOrCall(scan) &&
      !TitleIsQuestion(scan.title)) {
    std::string_view unused;
    bool title_asks_info = false;
    for (const auto& [type, cues] : t.types) {
      if (type == "consultation") title_asks_info = Score(scan.in_title, cues, &unused) > 0;
    }
    if (std::string_view w = WrongTold(scan); !w.empty() && !title_asks_info) {
      return {
          "complaint",
          "来信以问句诉说问题(「" + std::string(best_word) + "」,「" + std::string(w) + "」)→ 投诉",
          0};
    }
  }
  // A question about a need to be met now ("停水…问啥时候能来水") asks for help, not information.
  if (best_type == "consultation" && best_score <= 2) {
    if (const UrgencyGuess need = GuessUrgency(scan); need.urgency != "normal") {
      return {"help",
              "述及需尽快处置的情况(「" + need.cue + "」),所问「" + std::string(best_word) +
                  "」为何时处置 → 求助",
              0};
    }
  }
  // A wish alone (希望, 应该 …: one point) about a need to be met now is typed as a need without
  // a cue word is (see above): "水表井往外冒水…管子冻裂了…希望自来水公司赶紧来关阀修管" asks for
  // help.
  if (best_type == "suggestion" && best_score <= 1) {
    if (const UrgencyGuess need = GuessUrgency(scan); need.urgency != "normal") {
      return TypeOfNeed(scan, need, "仅有「" + std::string(best_word) + "」");
    }
  }
  // A wish alone at the end of a story of something wrong is the complainant's demand, not a
  // proposal: "垃圾堆了快半个月没人拉…希望街道上管一管".
  if (best_type == "suggestion" && best_score <= 1) {
    if (std::string_view w = WrongTold(scan); !w.empty()) {
      return {"complaint",
              "仅有「" + std::string(best_word) + "」,述及问题(「" + std::string(w) + "」)→ 投诉",
              0};
    }
  }
  return {std::string(best_type), "含「" + std::string(best_word) + "」等 → " + TypeName(best_type),
          1};
}

}  // namespace

TypeGuess GuessOrderType(const WordingScan& scan) {
  const std::string_view irony = IronicQuote(scan.title, scan.body);
  if (irony.empty()) return GuessOrderTypeOf(scan, false);
  TypeGuess g = GuessOrderTypeOf(scan, true);
  // Irony reproaches: without another cue it is a complaint.
  if (g.type == "other") g = {"complaint", "其余未发现类型提示词 → 投诉", 0};
  g.reason = "引号中的「" + std::string(irony) + "」是反语,不按表扬计;" + g.reason;
  g.ironic = true;
  return g;
}

TypeGuess GuessOrderType(std::string_view title, std::string_view body) {
  return GuessOrderType(ScanWording(title, body));
}

}  // namespace minsheng
