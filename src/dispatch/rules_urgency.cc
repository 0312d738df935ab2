// Urgency (紧急 / 加急 / 一般) and the emergency screen of DOMAIN.md §6.3 (110 / 119 / 120 / 96333)
// from the wording of an appeal; the cue tables and liveness helpers are in rules.cc
// (rules_internal.h).
#include <iterator>
#include <span>
#include <string>
#include <string_view>

#include "dispatch/rule_cues.h"
#include "dispatch/rules.h"
#include "dispatch/rules_internal.h"

namespace minsheng {

using rule_cues::kAcute;
using rule_cues::kMatter;
using rule_cues::kStanding;
using rules_internal::ContainsAny;
using rules_internal::CountChars;
using rules_internal::CueList;
using rules_internal::FirstIncident;
using rules_internal::FirstLiveCue;
using rules_internal::GetTables;
using rules_internal::HandOverRule;
using rules_internal::IndexedCue;
using rules_internal::IsHeatingCue;
using rules_internal::IsNoteOrCall;
using rules_internal::kShortNoteChars;
using rules_internal::SentenceEnd;
using rules_internal::SentenceStart;
using rules_internal::SetAside;
using rules_internal::Tables;
using rules_internal::TellsNow;
using rules_internal::TellsResolved;
using rules_internal::TitleThanks;

// A water main's burst (not a radiator's, a frozen pipe's: 暖气片爆, 冻爆).
static bool IsMainBurst(std::string_view cue) {
  return cue == "水管爆了" || cue == "管道爆了" || cue == "水管爆裂" || cue == "爆管";
}

// Whether what follows a word of the present ("现在每天19:00开始就开始水压下降,直至停水") tells a
// habit rather than this moment.
static bool Habitual(std::string_view after) {
  for (std::string_view w :
       {"每天", "每晚", "每到", "每逢", "天天", "一到", "经常", "总是", "老是"}) {
    if (after.starts_with(w)) return true;
  }
  return false;
}

// A word telling that the need found (`cue`) recurs or has lasted for months, in a sentence of
// the title or the body's opening that holds the cue; empty when none.
static std::string_view ChronicMarker(const WordingScan& scan, std::string_view cue) {
  static constexpr std::string_view kChronic[] = {
      "经常",     "频繁",   "时常",     "常年", "长期",     "总是",     "老是",
      "反复",     "多次",   "好多次",   "屡次", "三天两头", "隔三差五", "家常便饭",
      "时有发生", "每个月", "几乎每月", "每到", "一到",     "几个月",   "数月",
      "半年",     "一年多", "两年",     "几年", "多年"};
  // … unless the cue is told as having happened ("停水了") or a sentence holding it says it goes
  // on now ("目前…连续停水一个星期", "现在还处在停水中", "此次…又…停水"): a chronic problem can
  // be cut off today too.
  static constexpr std::string_view kNow[] = {"目前", "现在", "今天",   "今早", "至今", "连续",
                                              "此次", "这次", "这几天", "还在", "仍然", "依然"};
  std::string_view chronic;
  for (std::string_view text : {scan.title, scan.body_head}) {
    for (size_t pos = text.find(cue); pos != std::string_view::npos;
         pos = text.find(cue, pos + cue.size())) {
      const size_t begin = SentenceStart(text, pos);
      const std::string_view sentence =
          text.substr(begin, SentenceEnd(text, pos + cue.size()) - begin);
      // "停水了": it has happened, whatever the history.
      if (text.substr(pos + cue.size()).starts_with("了")) return {};
      for (std::string_view w : kNow) {
        for (size_t at = sentence.find(w); at != std::string_view::npos;
             at = sentence.find(w, at + w.size())) {
          if (!Habitual(sentence.substr(at + w.size()))) return {};
        }
      }
      for (std::string_view w : kChronic)
        if (chronic.empty() && sentence.find(w) != std::string_view::npos) chronic = w;
    }
  }
  return chronic;
}

// What a supply or passage cue is about: the title of an appeal about that need names it. Empty
// for the cues that are an urgency in themselves (情况紧急, 紧急求助 …).
static std::span<const std::string_view> CueSubject(std::string_view cue) {
  static constexpr std::string_view kWater[] = {"水"};
  static constexpr std::string_view kPower[] = {"电"};
  static constexpr std::string_view kGas[] = {"气"};
  static constexpr std::string_view kHeat[] = {"暖", "热"};
  static constexpr std::string_view kPassage[] = {"路", "行", "通", "桥", "堵", "出入"};
  static constexpr std::string_view kDrain[] = {"水", "堵", "管道", "粪"};
  if (cue == "下水道堵塞" || cue == "污水外溢") return kDrain;
  if (cue == "无法通行") return kPassage;
  if (IsHeatingCue(cue)) return kHeat;
  if (cue.starts_with("积水")) return kWater;
  if (cue == "停气") return kGas;
  if (cue.find("电") != std::string_view::npos) return kPower;
  if (cue.find("水") != std::string_view::npos || cue == "爆管") return kWater;
  return {};
}

// Whether the need found (`cue`) is a side remark in a letter about another matter: named only in
// the body of a letter (not a short note or the record of a call) whose title names something
// else — a rubbish station that stinks "因为停水许久", lifts that break where "水也是隔一两天停水",
// a swimming pool whose pipe "没有水流动". The title of an appeal about the need itself names it
// ("…经常停水", "…无水用", "请求解决…用水问题", "村民出行困难").
static bool SideMention(const WordingScan& scan, std::string_view cue) {
  const std::span<const std::string_view> subject = CueSubject(cue);
  if (subject.empty() || scan.title.empty()) return false;
  if (scan.title.find(cue) != std::string_view::npos) return false;
  if (CountChars(scan.body) <= kShortNoteChars) return false;
  if (scan.title.find("来电") != std::string_view::npos ||
      scan.body_head.find("来电") != std::string_view::npos) {
    return false;
  }
  for (std::string_view w : subject) {
    if (scan.title.find(w) != std::string_view::npos) return false;
  }
  return true;
}

// The past week, month or year a call record or a short note opens its story on ("来电人称上个月
// 18号…停了一整天电", "来电人称上个礼拜家里…着火") when nothing in it is said to go on (至今, 还在,
// 一直 …) and the day does not begin a span (从上周就没水了); empty otherwise. Not 昨天, 昨晚,
// 前天: what last night's storm did is often still there ("昨晚大风把树刮倒,横在路上"). Letters
// keep their own rules: a title's need may stand there whatever the body dates (FirstLiveCue).
static std::string_view PastStoryDay(const WordingScan& scan) {
  if (!IsNoteOrCall(scan)) return {};
  const std::string_view body = scan.body_head;
  const std::string_view first = body.substr(0, SentenceEnd(body, 0));
  std::string_view day;
  for (std::string_view w :
       {"上周", "上个礼拜", "上礼拜", "上星期", "上个星期", "上个月", "上月", "去年", "前年"}) {
    if (first.find(w) != std::string_view::npos) {
      day = w;
      break;
    }
  }
  if (day.empty()) return {};
  const size_t at = first.find(day);
  const size_t since = first.rfind("从", at);
  if (since != std::string_view::npos && ContainsAny(first.substr(at), {"开始", "就", "起"})) {
    return {};
  }
  if (ContainsAny(scan.body, {"至今", "到现在", "到今天", "现在还", "还在", "仍然", "仍在", "依然",
                              "一直", "目前", "还没"})) {
    return {};
  }
  return day;
}

static UrgencyGuess UrgencyOfCues(const WordingScan& scan);

UrgencyGuess GuessUrgency(const WordingScan& scan) {
  UrgencyGuess guess = UrgencyOfCues(scan);
  if (guess.urgency == "normal") return guess;
  // A past event told in a call record: the title's words ("停电把冰箱东西放坏了", "着火了消防车进
  // 不来") name what happened then; only the body's own telling counts.
  if (const std::string_view day = PastStoryDay(scan); !day.empty()) {
    const WordingScan body_only = ScanWording({}, scan.body);
    UrgencyGuess told = UrgencyOfCues(body_only);
    if (told.urgency != guess.urgency &&
        (told.urgency == "normal" || guess.urgency == "emergency")) {
      told.reason = "所述为过去的事(「" + std::string(day) + "」),按正文判断:" + told.reason;
      return told;
    }
  }
  return guess;
}

static UrgencyGuess UrgencyOfCues(const WordingScan& scan) {
  const Tables& t = GetTables();
  // An incident told as dealt with ("电梯困人…话务员已转接96333,被困人员已于14时40分解救…要求
  // 查处维保单位") leaves the rest of the appeal to the other cues.
  const bool resolved = TellsResolved(scan);
  if (auto w = FirstIncident(scan, t.emergency, false, nullptr, nullptr); !w.empty() && !resolved) {
    return {"emergency", "含「" + std::string(w) + "」→ 紧急(可能造成生命财产损失)",
            std::string(w)};
  }
  // An incident to hand over to 110/119/120/96333 now (a fight with people bleeding, someone
  // collapsed) is as urgent as anything the centre registers.
  if (const EmergencyScreen s = ScreenEmergency(scan); s.flag && !resolved) {
    return {"emergency", "含「" + s.cue + "」,需转接 " + s.target + " → 紧急", s.cue};
  }
  if (auto w = FirstLiveCue(scan, t.urgent, false, nullptr); !w.empty()) {
    // A supply that keeps failing for months is a standing problem for the department, not a
    // cut to restore today ("从今年4月份开始,小区就开始陷入频繁停水的困境"; "停电不少于9次").
    if (std::string_view chronic = ChronicMarker(scan, w); !chronic.empty()) {
      return {"normal", "「" + std::string(w) + "」为反复或长期存在的问题(「" +
                            std::string(chronic) + "」)→ 一般;如来电称正在中断,请改为加急"};
    }
    // A thank-you tells of a need already met ("昨晚我们小区停电,师傅冒雨抢修…点个赞").
    if (std::string_view thanks = TitleThanks(scan); !thanks.empty()) {
      return {"normal", "标题为表扬感谢(「" + std::string(thanks) + "」),所述「" + std::string(w) +
                            "」已处理 → 一般"};
    }
    if (SideMention(scan, w)) {
      return {"normal",
              "「" + std::string(w) +
                  "」仅在正文中附带提及,标题所述为其他事项 → 一般;如该中断正是诉求,请改为加急"};
    }
    // A water main bursting as a caller tells it (water spouting, a road flooding) is an incident
    // that may cause loss of property or life (DOMAIN.md: 紧急), as the zone's operators judged
    // 13 of 14 such calls in the seed appeals; a burst that has cut the supply is told with 停水
    // first and stays 加急, and so does one in a letter (over hotspot.jsonl: a monthly burst).
    if (IsMainBurst(w) && IsNoteOrCall(scan)) {
      return {"emergency", "含「" + std::string(w) + "」,供水管道爆裂正在发生 → 紧急(突发险情)",
              std::string(w)};
    }
    return {"urgent", "含「" + std::string(w) + "」→ 加急(水电气热中断、险情等及时性诉求)",
            std::string(w)};
  }
  return {"normal", "未发现紧急提示词 → 一般"};
}

// Whether the event a title names (`cue`, not in the body's opening) is retold by the body as
// past or feared: the body tells it with other words of the same line, all of them set aside
// ("家里失火想申请临时救助" over "上周家里电褥子短路着火…火当时就扑灭了"). A body that does not
// retell it leaves the title to speak ("小区着火了" over "3号楼冒黑烟").
static bool BodyRetellsAsNotNow(const WordingScan& scan, std::span<const IndexedCue> cues,
                                std::string_view cue, std::string_view* marker) {
  if (scan.body_head.find(cue) != std::string_view::npos) return false;
  bool retold = false;
  for (const IndexedCue& c : cues) {
    if (scan.body_head.find(c.word) == std::string_view::npos) continue;
    std::string_view m;
    if (LiveMention(scan.body_head, c.word, &m)) return false;
    if (!retold && marker != nullptr) *marker = m;
    retold = true;
  }
  return retold;
}

// The operator's own record of a transfer ("话务员已一键转接120", "已转96333电梯应急处置平台"):
// 转 (转接, 转至, 转到) followed by the number of a hand-over line, unless the record says it was
// not made (未转, 没转, 无需转, 不用转). Sets `rule` and returns the words ("转接120"), or empty.
static std::string_view TransferRecorded(const WordingScan& scan, const HandOverRule** rule) {
  constexpr std::string_view kTurn = "转";
  for (std::string_view text : {scan.title, scan.body}) {
    for (size_t pos = text.find(kTurn); pos != std::string_view::npos;
         pos = text.find(kTurn, pos + kTurn.size())) {
      size_t digits = pos + kTurn.size();
      for (std::string_view more : {"接", "至", "到"}) {
        if (text.substr(digits).starts_with(more)) digits += more.size();
      }
      size_t end = digits;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
      if (end == digits) continue;
      const std::string_view number = text.substr(digits, end - digits);
      const std::string_view before = text.substr(0, pos);
      bool refused = false;
      for (std::string_view no : {"未", "没", "无需", "不用", "不需", "无须"})
        refused = refused || before.ends_with(no);
      if (refused) continue;
      for (const HandOverRule& r : GetTables().hand_over) {
        if (number == r.target) {
          *rule = &r;
          return text.substr(pos, end - pos);
        }
      }
    }
  }
  return {};
}

// A telecom fraud told as just done (电信网络诈骗): money or a verification code has gone to the
// caller or a relative in the last minutes or hours ("一个小时前…刷单…已经转了3200元", "对方说是医
// 保局的…已经把银行卡号和验证码都输进去了,现在还在跟对方通话"). The first hours decide whether
// the bank can still stop the payment (止付), so the police line takes it now; the operators of
// the seed appeals marked every such call 110. Five things are read in the title or the body's
// opening: a scam (骗, 冒充, 对方说是 …), reached remotely (电话, 短信, QQ, APP …; the normaliser
// lower-cases ASCII), a loss that is not denied or conditional ("我没转", "钱还没转", "如已转账"
// are not), a recent time (刚, 一个小时前, 现在还在 …), and no report to the police yet (已报警,
// 派出所 …). Returns the loss words, or empty.
static std::string_view FraudJustDone(const WordingScan& scan) {
  static constexpr std::string_view kScam[] = {"骗",       "冒充",     "刷单",     "屏幕共享",
                                               "安全账户", "对方说是", "对方自称", "自称是"};
  static constexpr std::string_view kLoss[] = {
      "转了",       "转走",         "被转",       "转账",        "转过去",   "转完",
      "汇了",       "汇过去",       "付了",       "垫付了",      "验证码都", "验证码输",
      "输了验证码", "输入了验证码", "告诉了对方", "卡号和验证码"};
  // Telecom and network fraud reaches its victim by phone, message or app; a shop that "骗" a
  // customer face to face is a consumer dispute for the market regulator.
  static constexpr std::string_view kRemote[] = {"电话", "短信", "qq",       "微信", "app", "链接",
                                                 "网上", "软件", "屏幕共享", "群里", "网站"};
  static constexpr std::string_view kRecent[] = {"刚",       "分钟前",     "小时前",    "现在还在",
                                                 "对方还在", "还在跟对方", "还在和对方"};
  static constexpr std::string_view kReported[] = {"已报警", "已经报警", "报了警", "已报案",
                                                   "报了案", "已经报案", "派出所"};
  // Words in the four characters before a loss that deny it or make it a condition.
  static constexpr std::string_view kNotDone[] = {"没", "未", "不", "别", "如", "若", "防", "免"};
  const std::string_view texts[] = {scan.title, scan.body_head};
  auto told = [&](std::span<const std::string_view> words) {
    for (std::string_view t : texts) {
      for (std::string_view w : words) {
        if (t.find(w) != std::string_view::npos) return true;
      }
    }
    return false;
  };
  if (!told(kScam) || !told(kRemote) || !told(kRecent)) return {};
  // Already with the police: nothing to hand over.
  if (told(kReported)) return {};
  for (std::string_view t : texts) {
    for (std::string_view w : kLoss) {
      for (size_t pos = t.find(w); pos != std::string_view::npos; pos = t.find(w, pos + 1)) {
        size_t begin = pos;
        for (int back = 0; back < 4 && begin > 0; ++back) {
          do {
            --begin;
          } while (begin > 0 && (static_cast<unsigned char>(t[begin]) & 0xC0) == 0x80);
        }
        const std::string_view before = t.substr(begin, pos - begin);
        bool denied = false;
        for (std::string_view no : kNotDone)
          denied = denied || before.find(no) != std::string_view::npos;
        if (!denied) return w;
      }
    }
  }
  return {};
}

EmergencyScreen ScreenEmergency(const WordingScan& scan) {
  const HandOverRule* r = nullptr;
  if (const std::string_view words = TransferRecorded(scan, &r); !words.empty()) {
    EmergencyScreen s;
    s.flag = true;
    s.target = std::string(r->target);
    s.cue = std::string(words);
    s.reason = "记录中已「" + s.cue + "」→ " + std::string(r->what) + " (国办发〔2022〕12号)";
    return s;
  }
  // A title that thanks tells of an incident dealt with ("表扬医院急诊科": 中暑昏迷 … 已脱离危险).
  if (std::string_view thanks = TitleThanks(scan); !thanks.empty()) {
    EmergencyScreen s;
    s.reason = "标题为表扬感谢(「" + std::string(thanks) + "」),所述事项已处置,不提示转接";
    return s;
  }
  SetAside aside;
  std::string_view not_now;  // the first matter cue told live but not as happening now
  for (const HandOverRule& r : GetTables().hand_over) {
    if (auto w = FirstIncident(scan, r.cues, true, &aside, &not_now); !w.empty()) {
      if (std::string_view m; BodyRetellsAsNotNow(scan, r.cues, w, &m)) {
        if (aside.cue.empty()) aside = {w, m.empty() ? std::string_view("正文所述") : m};
        continue;
      }
      EmergencyScreen s;
      s.flag = true;
      s.target = std::string(r.target);
      s.cue = std::string(w);
      s.reason = "含「" + std::string(w) + "」→ " + std::string(r.what) + ",建议转 " +
                 std::string(r.target) + " (国办发〔2022〕12号)";
      return s;
    }
  }
  if (const std::string_view loss = FraudJustDone(scan); !loss.empty()) {
    EmergencyScreen s;
    s.flag = true;
    s.target = "110";
    s.cue = std::string(loss);
    s.reason = "电信网络诈骗刚发生(「" + s.cue +
               "」)→ 建议立即转 110 报警并联系银行止付 (国办发〔2022〕12号)";
    return s;
  }
  EmergencyScreen s;
  if (!not_now.empty()) {
    s.reason = "「" + std::string(not_now) +
               "」所述事项未说明正在发生(如「正在」「刚刚」「有人受伤」),按常规转办职能部门,"
               "不提示转接;如来电称正在发生,请转接";
  } else if (!aside.cue.empty()) {
    s.reason = "「" + std::string(aside.cue) +
               "」出现在隐患、假设、比喻、传闻、既往、已报案或正文靠后的叙述中(「" +
               std::string(aside.marker) + "」),不提示转接";
  }
  return s;
}

UrgencyGuess GuessUrgency(std::string_view title, std::string_view body) {
  return GuessUrgency(ScanWording(title, body));
}

EmergencyScreen ScreenEmergency(std::string_view title, std::string_view body) {
  return ScreenEmergency(ScanWording(title, body));
}

}  // namespace minsheng
