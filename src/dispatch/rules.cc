#include "dispatch/rules.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <utility>
#include <vector>

#include "dispatch/phrase_set.h"

namespace minsheng {
namespace {

struct Cue {
  std::string_view word;
  int weight;
};

// A cue list with each word's index in the rules' PhraseSet.
struct IndexedCue {
  std::string_view word;
  int weight;
  uint32_t phrase;
};
using CueList = std::vector<IndexedCue>;

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

// Words that, in the clause of an emergency cue, say it is not an event happening now (see
// LiveMention in rules.h). Over the 4,326 messages of hotspot.jsonl the hand-over screen flagged
// 370 (8.6 %) before this check, mostly "存在火灾隐患", "一旦发生火灾", "交通事故频发", "涉嫌诈骗";
// docs/dispatch.md has the figures after it. "可能" is not a marker: "老人可能中毒了" must flag.
const std::vector<std::string_view>& NotNowMarkers() {
  static const auto* words = new std::vector<std::string_view>{
      // hazard, prevention, hypothesis
      "隐患", "以免", "避免", "防止", "预防", "防范", "谨防", "杜绝", "酿成", "容易", "极易",
      "易发", "易引发", "易造成", "如果", "万一", "一旦", "假如", "假若", "倘若", "若是", "要是",
      "如有", "如遇", "不堪设想", "不可设想", "怎么办", "将面临", "会不会", "宣传", "演练", "风险",
      "说不定", "大概率", "会引发", "会造成", "将会", "难道", "等到", "要等", "非得",
      "时代",  // 信息大爆炸的时代
      "担心", "担忧", "生怕", "以防", "怀疑",
      // comparison: 就像爆炸一样的噪音
      "就像", "如同", "仿佛", "犹如", "宛如",
      // hearsay and news of elsewhere
      "听说", "新闻", "报道", "媒体",
      // recurring or past
      "频发", "时有发生", "经常", "时常", "常年", "多次", "屡次", "发生过", "曾经", "去年", "前年",
      "往年", "以前", "当年", "多起", "几起", "近年", "几年前", "前几年", "早几年", "有时", "频繁",
      "屡屡", "身故", "去世", "过世", "多发", "高发", "较多", "数次", "几次",
      // a case already with the police, a court or an insurer
      "涉嫌", "立案", "一案", "案件", "诈骗案", "诈骗罪", "拘留", "判决", "法院", "起诉", "控告",
      "报案", "鉴定", "理赔", "保险", "赔偿", "责任认定", "事故认定", "出警", "民警", "派出所",
      "公安", "经侦",
      // negation
      "没有发生", "未发生", "不是", "并非",
      // Checked against 320 hotspot.jsonl messages whose urgency and hand-over were judged by
      // hand (docs/dispatch.md "Urgency and hand-over checked by hand"):
      // recurring, threatened or a standing danger rather than an event now
      "每个月", "每月", "反复", "总是", "老是", "三天两头", "隔三差五", "动不动", "长期", "威胁",
      "扬言", "要挟", "危险", "危房", "存在", "基金",
      // what a fire would do, said of a hazard ("发生火灾无处逃生")
      "无处逃生", "无法逃生", "未能及时",
      // words that only look like a cue: 打架子鼓, 道德绑架, 爆炸式增长, 跳楼价, 无异于抢劫,
      // smoke of a barbecue, breathing made hard by dust
      "架子鼓", "道德绑架", "爆炸式", "爆炸性", "跳楼价", "无异于", "等同于", "简直是", "明抢",
      // an igniter that does not light ("热水器都打不着火"), a lift or a phone, not the power
      // ("6层没电梯", "几天没电话"), a fear of some day ("我怕哪天着火")
      "打不着", "点不着", "打着火", "点着火", "没电梯", "没电话", "没电视", "没电脑", "没电动",
      "没电池", "哪天", "我怕", "就怕", "恐怕", "迟早", "早晚会",
      // past ("上个月刚出过一回车祸", "火已经被消防扑灭了") or a threat ("不装就给停气")
      "上个月", "上周", "上礼拜", "上星期", "上回", "出过", "前天", "扑灭", "灭了", "失火后",
      "着火后", "起火后", "火灾后", "就给停", "不交就", "不装就",
      // (the smoke of a barbecue, not a barbecue: "烧烤店门口现在有人在打架" is a fight)
      "烧烤浓烟", "烧烤烟", "烧烤冒烟", "油烟", "粉尘", "灰尘", "扬尘",
      // a victim's grievance or a dispute about money, not a crime in progress
      "受害", "维权", "集资", "平台", "钱财", "购房"};
  return *words;
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

// Type cue words and their weights; a title word counts double, an explicit word of weight ≥ 5
// in the title decides. The lists were extended on 2026-12-03 from reading 300 train.jsonl
// messages (the "other" ones, 32 % of them, were mostly problems described without the word
// 投诉, questions without 咨询, and proposals without 建议), then checked against hotspot.jsonl
// messages typed by hand: 240 to tune, 240 held out (hand_label_test; docs/dispatch.md
// "Order type from wording").
const std::vector<std::pair<std::string_view, std::vector<Cue>>>& RawTypeCues() {
  static const auto* cues = new std::vector<std::pair<std::string_view, std::vector<Cue>>>{
      {"praise",
       {{"表扬", 5},
        {"感谢", 3},
        {"点赞", 4},
        {"致谢", 4},
        {"锦旗", 4},
        {"称赞", 3},
        {"谢谢", 2},
        {"赞扬", 4}}},
      {"report",
       {{"举报", 6},
        {"偷排", 3},
        {"非法", 2},
        {"违法", 2},
        {"传销", 3},
        {"无证", 2},
        {"黑作坊", 3},
        {"私设", 2},
        {"违章建", 3},
        {"违建", 3},
        {"私搭乱建", 3},
        {"查处", 3},
        {"彻查", 3},
        {"严查", 3},
        {"取缔", 3},
        {"诈骗", 2},
        {"骗取", 2},
        {"赌博", 3},
        {"贪污", 3},
        {"受贿", 3},
        {"挪用", 2},
        {"侵吞", 3},
        {"偷税", 3},
        {"漏税", 3},
        {"假冒", 2},
        {"三无", 2},
        {"冒用", 2},
        {"黑车", 2},
        {"黑诊所", 3},
        {"制假", 3},
        {"售假", 3},
        {"盗采", 3},
        {"滥伐", 3},
        {"私卖", 2},
        {"黑幕", 2},
        {"老虎机", 3},
        {"假币", 3},
        {"假钱", 3},
        {"电鱼", 3},
        {"涉黄", 3},
        {"卖淫", 3},
        {"嫖娼", 3},
        {"无证办学", 3},
        {"敲诈", 2},
        {"勒索", 2},
        // 2026-12-04 probes: building on farmland, structures put up without leave
        {"占用耕地", 3},
        {"占的是耕地", 3},
        {"非法占地", 3},
        {"私搭", 2},
        {"私自搭建", 2},
        {"私拉", 2},
        {"乱拉", 2}}},
      {"complaint",
       {{"投诉", 6},
        {"太过分", 2},
        {"不作为", 3},
        {"扰民", 3},
        {"拖欠", 2},
        {"乱收费", 3},
        {"态度恶劣", 3},
        {"推诿", 3},
        {"严重影响", 2},
        {"噪音", 2},
        {"违规", 2},
        {"欠薪", 2},
        {"霸王条款", 3},
        {"不合理", 1},
        {"强制", 1},
        {"乱象", 2},
        {"乱停", 2},
        {"乱扔", 2},
        {"乱倒", 2},
        {"乱排", 2},
        {"坑洼", 2},
        {"无人管", 2},
        {"没人管", 2},
        {"无人处理", 2},
        {"不闻不问", 2},
        {"质量问题", 2},
        {"豆腐渣", 2},
        {"污染", 1},
        {"恶臭", 2},
        {"臭气", 2},
        {"刁难", 2},
        {"克扣", 2},
        {"未兑现", 2},
        {"没有兑现", 2},
        {"欺骗", 2},
        {"受骗", 2},
        {"苦不堪言", 2},
        {"深受其害", 2},
        {"怨声载道", 2},
        {"不满", 2},
        {"无门", 2},
        {"维权", 2},
        {"无故", 1},
        {"辞退", 1},
        {"侵害", 1},
        {"隐患", 1},
        {"拥堵", 1},
        {"堵塞", 1},
        {"影响休息", 2},
        {"至今未", 1},
        {"一直未", 1},
        {"得不到", 1},
        {"拖延", 1},
        {"推脱", 2},
        {"敷衍", 2},
        {"踢皮球", 3},
        {"服务态度", 2},
        {"态度差", 2},
        {"态度极差", 2},
        {"天价", 2},
        {"严重", 1},
        {"迟迟", 1},
        {"故障", 1},
        {"渗水", 2},
        {"漏水", 2},
        {"刺鼻", 2},
        {"卷款", 2},
        {"跑路", 2},
        {"不退", 2},
        {"押金", 1},
        {"上涨", 1},
        {"涨价", 1},
        {"霸占", 2},
        {"强行", 1},
        {"还没发", 2},
        {"未发", 1},
        {"破坏", 1},
        {"失实", 2},
        {"掉线", 2},
        {"不准时", 2},
        {"欺诈", 2},
        {"缩水", 2},
        {"吵", 1},
        // questions that accuse rather than ask (checked by hand: typed complaints)
        {"难道", 2},
        {"凭什么", 3},
        {"合法吗", 2},
        {"合理吗", 2},
        {"是否合法", 2},
        {"是否合理", 2},
        {"是否违规", 2},
        {"违规吗", 2},
        {"是否违法", 2},
        {"违法吗", 2},
        {"能行吗", 2},
        {"为什么", 1}}},
      {"help",
       {{"求助", 6},
        {"救助", 3},
        {"帮忙", 3},
        {"帮助", 2},
        {"无助", 2},
        {"困难", 1},
        {"求救", 4},
        {"救救", 3},
        {"做主", 2},
        {"无力承担", 2},
        {"走投无路", 3},
        {"无家可归", 3},
        {"请求支援", 3},
        {"求求", 3},
        {"寻找", 2},
        {"寻人", 3},
        {"下落", 2}}},
      {"suggestion",
       {{"建议", 5}, {"提议", 4}, {"希望增设", 4}, {"呼吁", 3},   {"增设", 2},     {"希望能", 1},
        {"意见", 1}, {"应该", 1}, {"应当", 1},     {"还应", 2},   {"应加强", 3},   {"加强", 1},
        {"加快", 1}, {"改进", 1}, {"完善", 1},     {"优化", 1},   {"希望开通", 3}, {"盼", 1},
        {"提请", 2}, {"倡议", 3}, {"看法", 2},     {"金点子", 4}, {"能否考虑", 3}, {"可否考虑", 3},
        {"更名", 2}, {"希望", 1}, {"增开", 2},     {"应建", 2},   {"迫切需要", 1}}},
      {"consultation",
       {{"咨询", 3},
        {"请问", 4},
        {"询问", 2},
        {"如何办理", 3},
        {"怎么办理", 3},
        {"是否", 1},
        {"能否", 1},
        {"吗?", 2},
        {"么?", 2},
        {"什么时候", 2},
        {"政策", 1},
        {"是多少", 3},
        {"多少钱", 2},
        {"需要哪些", 3},
        {"要哪些", 3},
        {"什么材料", 3},
        {"哪些材料", 3},
        {"在哪里", 2},
        {"在哪办", 3},
        {"哪里办", 3},
        {"怎样办理", 3},
        {"何时", 1},
        {"能不能", 1},
        {"可不可以", 2},
        {"可以吗", 3},
        {"符不符合", 3},
        {"是否符合", 2},
        {"有没有", 1},
        {"标准是", 2},
        {"流程", 1},
        {"什么条件", 3},
        {"哪个部门", 2},
        {"找哪个", 3},
        {"进度", 1},
        {"疑问", 2},
        // 2026-12-04: questions put without a question mark ("公积金提取需要什么手续")
        {"什么手续", 3},
        {"哪些手续", 3},
        {"需要什么", 2},
        {"怎么申请", 3},
        {"如何申请", 3},
        {"怎么查询", 3},
        {"如何查询", 3},
        {"怎么缴纳", 3},
        {"如何缴纳", 3},
        // colloquial: "需要带啥,去哪个派出所办?", "去哪办,一年最低交多少?", "想问问咋回事"
        {"想问问", 2},
        {"想问一下", 2},
        {"问一下", 1},
        {"去哪办", 3},
        {"去哪里办", 3},
        {"去哪个", 1},
        {"带啥", 2},
        {"要带", 2},
        {"咋回事", 2},
        {"交多少", 2},
        {"在哪申领", 3},
        {"申领", 1},
        {"在哪领", 3},
        // Shaanxi and spoken questions (set 3 of the intake probes): "现在还能办不?", "政府给不给
        // 补贴", "宅基地翻建要办啥手续", "啥时候开始供暖", "应该打哪个电话"
        {"要不要", 2},
        {"给不给", 2},
        {"算不算", 2},
        {"能办不", 3},
        {"不?", 2},
        {"问问", 1},
        {"问能不能", 3},
        {"咋申请", 3},
        {"咋操作", 3},
        {"咋办理", 3},
        {"咋领", 3},
        {"啥手续", 3},
        {"办啥", 2},
        {"准备啥", 3},
        {"啥时候", 2},
        {"哪里能", 2},
        {"打哪个", 3},
        {"要预约", 2}}},
  };
  return *cues;
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

// How an emergency cue word counts (the weight of its Cue, for the hand-over screen and the
// 紧急 urgency).
// kAcute: the word tells an incident that is an emergency whenever it is told as live (持刀,
// 燃气泄漏, 晕倒, 电梯困人). kMatter: the word names a matter of the police, the fire service or a
// doctor (殴打, 交通事故, 起火, 中毒) that a letter mostly tells as a state of affairs
// or a grievance; 国办发〔2022〕12号 hands over 警情 — incidents needing a response now — so such a
// word flags only when told as happening now (TellsNow) or in a short note such as an operator's
// record of a call. Over the 4,270 distinct messages of hotspot.jsonl the screen flagged 55 before
// this split (3 after), nearly all letters about gambling dens, past fights and fire hazards
// (docs/dispatch.md "Hand-over: incidents, not matters").
// kStanding: a standing activity (a gambling den, drug taking, thieves about) — a matter for the
// police as a department; flagged only with a now-sign, in a short note too ("二楼摆放游戏机赌博"
// reports a den, "楼下有人在赌博" an incident).
constexpr int kMatter = 1;
constexpr int kAcute = 2;
constexpr int kStanding = 3;

// Cues of wording that may cost a life or property (紧急).
const std::vector<Cue>& RawEmergencyCues() {
  static const auto* cues =
      new std::vector<Cue>{{"塌陷", kAcute},
                           {"坍塌", kAcute},
                           {"燃气泄漏", kAcute},
                           {"天然气泄漏", kAcute},
                           {"煤气泄漏", kAcute},
                           {"漏气", kAcute},
                           {"电梯困人", kAcute},
                           {"困在电梯", kAcute},
                           {"被困", kAcute},
                           {"井盖缺失", kAcute},
                           {"井盖丢失", kAcute},
                           {"没有井盖", kAcute},
                           {"触电", kAcute},
                           {"爆炸", kMatter},
                           {"倒塌", kAcute},
                           {"危及生命", kAcute},
                           {"生命危险", kAcute},
                           {"起火", kMatter},
                           {"着火", kAcute},
                           {"火灾", kMatter},
                           {"掉进", kAcute},
                           {"溺水", kAcute},
                           {"漏电", kAcute},
                           {"随时可能倒塌", kAcute},
                           // A smell of gas is a leak until the gas company says otherwise
                           // ("楼道里有很浓的燃气味, 怀疑燃气泄漏": the suspicion sets the second
                           // clause aside, not the smell); 泄露 is the common miswriting of 泄漏.
                           {"燃气味", kAcute},
                           {"煤气味", kAcute},
                           {"天然气味", kAcute},
                           {"液化气味", kAcute},
                           {"闻到燃气", kAcute},
                           {"闻到煤气", kAcute},
                           {"燃气泄露", kAcute},
                           {"煤气泄露", kAcute},
                           {"天然气泄露", kAcute},
                           // told as an operator hears them (2026-12-04 probes): a manhole
                           // gone, a road caved in
                           {"井盖不见", kAcute},
                           {"井盖没了", kAcute},
                           {"井盖丢了", kAcute},
                           {"井盖被偷", kAcute},
                           {"塌了", kAcute},
                           // a live wire down, a dyke giving way, cars stalled in a flood
                           {"冒火花", kAcute},
                           {"电线断", kAcute},
                           {"电线刮断", kAcute},
                           {"决堤", kAcute},
                           {"溃堤", kAcute},
                           {"溃坝", kAcute},
                           {"管涌", kAcute},
                           {"河堤裂", kAcute},
                           {"堤坝裂", kAcute},
                           {"堤坝出现", kAcute},
                           {"车熄火", kAcute},
                           {"熄火停在", kAcute},
                           {"熄火在", kAcute}};
  return *cues;
}

// Cues of timely needs such as water, power, gas or heating cut off (加急).
const std::vector<Cue>& RawUrgentCues() {
  static const auto* cues = new std::vector<Cue>{
      {"停水", 1},
      {"停电", 1},
      {"停气", 1},
      {"断水", 1},
      {"断电", 1},
      {"关水", 1},
      {"限电", 1},
      {"没水", 1},
      {"没电", 1},
      {"没有水", 1},
      {"暖气不热", 1},
      {"暖气冰凉", 1},
      {"暖气是冰的", 1},
      {"暖气还是冰的", 1},
      {"暖气冰冷", 1},
      {"暖气不暖", 1},
      {"水管爆了", 1},
      {"管道爆了", 1},
      {"积水很深", 1},
      {"积水太深", 1},
      {"刮倒", 1},
      {"上吐下泻", 1},
      {"呕吐腹泻", 1},
      {"树倒了", 1},
      {"停暖", 1},
      {"供暖中断", 1},
      {"水管爆裂", 1},
      {"爆管", 1},
      {"无法通行", 1},
      {"积水严重", 1},
      {"下水道堵塞", 1},
      {"污水外溢", 1},
      // Not 马上 / 紧急 alone: over hotspot.jsonl they were 103 of 203 "urgent" messages, nearly
      // all 马上就要开学 / 紧急通知 / 紧急通道 / 紧急联系人.
      {"情况紧急", 1},
      {"十分紧急", 1},
      {"非常紧急", 1},
      {"万分紧急", 1},
      {"紧急求助", 1},
      {"紧急抢修", 1},
      {"紧急维修", 1}};
  return *cues;
}

struct RawRule {
  std::string_view target;
  std::string_view what;
  std::vector<Cue> cues;
};

// The emergency screen of DOMAIN.md §6.3, in order of precedence.
const std::vector<RawRule>& RawEmergencyRules() {
  static const auto* rules = new std::vector<RawRule>{
      {"119",
       "火情/燃气泄漏",
       {{"着火", kAcute},
        {"起火", kMatter},
        {"失火", kMatter},
        {"火灾", kMatter},
        {"火情", kMatter},
        {"浓烟", kMatter},
        {"燃气泄漏", kAcute},
        {"天然气泄漏", kAcute},
        {"煤气泄漏", kAcute},
        {"燃气泄露", kAcute},
        {"天然气泄露", kAcute},
        {"煤气泄露", kAcute},
        {"燃气味", kAcute},
        {"煤气味", kAcute},
        {"天然气味", kAcute},
        {"液化气味", kAcute},
        {"闻到燃气", kAcute},
        {"闻到煤气", kAcute},
        {"爆炸", kMatter}}},
      {"120",
       "医疗急救",
       {{"昏迷", kAcute},     {"晕倒", kAcute},     {"不省人事", kAcute}, {"心脏病发", kAcute},
        {"需要急救", kAcute}, {"急需救治", kAcute}, {"呼吸困难", kAcute}, {"大量出血", kAcute},
        {"流血不止", kAcute}, {"中毒", kMatter},    {"抽搐", kAcute},     {"生命垂危", kAcute},
        {"受重伤", kMatter},  {"倒在地上", kAcute}, {"倒地不起", kAcute}, {"叫救护车", kAcute},
        {"叫也不应", kAcute}, {"没有意识", kAcute}, {"没意识", kAcute},   {"叫不醒", kAcute}}},
      {"110",
       "刑事/治安/交通警情/群体性事件",
       {{"打架", kAcute},     {"斗殴", kMatter},     {"抢劫", kMatter},        {"盗窃", kMatter},
        {"被偷", kMatter},    {"小偷", kStanding},   {"正在被骗", kAcute},     {"刚被骗", kAcute},
        {"刚刚被骗", kAcute}, {"杀人", kAcute},      {"持刀", kAcute},         {"砍人", kAcute},
        {"绑架", kAcute},     {"家暴", kMatter},     {"家庭暴力", kMatter},    {"吸毒", kStanding},
        {"赌博", kStanding},  {"交通事故", kMatter}, {"车祸", kMatter},        {"撞人", kAcute},
        {"肇事逃逸", kAcute}, {"聚众", kMatter},     {"群体性", kMatter},      {"围堵", kMatter},
        {"械斗", kAcute},     {"殴打", kMatter},     {"威胁人身安全", kAcute}, {"跳楼", kAcute},
        {"轻生", kAcute}}},
      {"96333",
       "电梯困人",
       {{"电梯困人", kAcute},
        {"困在电梯", kAcute},
        {"被困电梯", kAcute},
        {"电梯里被困", kAcute},
        {"电梯关人", kAcute},
        {"关在电梯", kAcute},
        {"电梯卡在", kAcute}}},
  };
  return *rules;
}

struct HandOverRule {
  std::string_view target;
  std::string_view what;
  CueList cues;
};

// Every cue word in one PhraseSet and the cue lists indexed into it; built once (thread-safe
// static initialisation).
struct Tables {
  PhraseSet cues;
  std::vector<std::pair<std::string_view, CueList>> types;
  CueList emergency;
  CueList urgent;
  CueList thanks;  // 感谢, 谢谢, 致谢: praise, or only a courtesy (OnlyCourtesy)
  std::vector<HandOverRule> hand_over;
};

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

// The first cue set aside by LiveMention and its marker.
struct SetAside {
  std::string_view cue;
  std::string_view marker;
};

// A body this short is a note (an operator's record of a call, a one-line message) rather than a
// letter: what it tells is told as it happens.
constexpr size_t kShortNoteChars = 80;

// Words that tell an incident is happening now or has just happened and needs a response: the
// sign a kMatter hand-over cue needs. Not 目前 or 至今 (a letter's state of affairs), nor 立即,
// 马上 or 赶紧 (a letter's demands: "建议立即销毁").
constexpr std::string_view kNowSigns[] = {"正在", "现在", "此刻",   "此时", "刚刚",   "刚才",
                                          "速来", "快来", "救命",   "求救", "救救",   "受伤",
                                          "流血", "被困", "出人命", "还在", "仍在",   "今天",
                                          "今晚", "今早", "今日",   "今夜", "分钟前", "半小时前"};

size_t CountChars(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Whether `cue` is told as happening now: the appeal is a short note or the record of a call (not
// for a `standing` activity), the cue follows a progressive 在, or a sentence holding the cue (the
// title, or one in the body's opening) holds a now-sign.
bool TellsNow(const WordingScan& scan, std::string_view cue, bool standing) {
  if (!standing && CountChars(scan.body) <= kShortNoteChars) return true;
  // An operator's record of a call ("市民来电反映…", "来电人称…") tells what the caller sees now,
  // however long it is.
  if (!standing && (scan.title.find("来电") != std::string_view::npos ||
                    scan.body_head.find("来电") != std::string_view::npos)) {
    return true;
  }
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
  for (std::string_view end : {"吗", "么", "呢"}) {
    if (title.size() >= end.size() && title.substr(title.size() - end.size()) == end) return true;
  }
  return false;
}

}  // namespace

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
            "早几年", "多年前", "昨天", "前天", "前两天", "上周", "上个月", "上月",
            // and a recurring or standing one ("经常有车主将车子停在人行道上,且堵的死死的,人无法
            // 通行")
            "经常", "常年", "长期", "频繁", "总是", "老是", "三天两头", "隔三差五", "动不动"}) {
        if (scoped.empty() && before.find(w) != std::string_view::npos) scoped = w;
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

// The first word telling that something is wrong (不, 没, 坏, 脏 …), in the title or the body;
// empty when none.
std::string_view WrongTold(const WordingScan& scan) {
  for (std::string_view w : {"不", "没", "无", "难", "差", "坏", "乱", "破", "堵", "脏", "臭", "吵",
                             "慢", "贵", "欠", "问题"}) {
    if (scan.title.find(w) != std::string_view::npos || scan.body.find(w) != std::string_view::npos)
      return w;
  }
  return {};
}

TypeGuess GuessOrderType(const WordingScan& scan) {
  const Tables& t = GetTables();
  // An explicit word in the title decides ("投诉XX物业…", "咨询…").
  for (const auto& [type, cues] : t.types) {
    for (const IndexedCue& c : cues) {
      if (c.weight >= 5 && scan.in_title[c.phrase]) {
        return {std::string(type), "标题含「" + std::string(c.word) + "」→ " + TypeName(type), 2};
      }
    }
  }
  // Thanks words that are only a courtesy (in the body, not the title) do not count as praise.
  const std::vector<uint8_t>* in_text = &scan.in_text;
  std::vector<uint8_t> without_courtesy;
  for (const IndexedCue& c : t.thanks) {
    if (scan.in_text[c.phrase] && !scan.in_title[c.phrase] && OnlyCourtesy(scan.body, c.word)) {
      if (without_courtesy.empty()) without_courtesy = scan.in_text;
      without_courtesy[c.phrase] = 0;
      in_text = &without_courtesy;
    }
  }
  int best_score = 0;
  std::string_view best_type = "other";
  std::string_view best_word;
  for (const auto& [type, cues] : t.types) {
    std::string_view word;
    int s = Score(*in_text, cues, &word);
    // Title words count double.
    std::string_view tword;
    s += Score(scan.in_title, cues, &tword);
    // A title put as a question ("…补贴在哪里领?", "…能一次缴费吗") asks for information.
    if (type == "consultation" && TitleIsQuestion(scan.title)) {
      s += 2;
      if (word.empty()) word = "标题问句";
    }
    if (s > best_score) {
      best_score = s;
      best_type = type;
      best_word = word;
    }
  }
  if (best_score == 0) {
    // Without a cue word, a need to be met soon (the urgency rules flag it: 停水, 停电, 路面塌陷
    // told as happening) asks for help: "小区停水", "三号楼停电" as an operator records a call.
    if (const UrgencyGuess need = GuessUrgency(scan); need.urgency != "normal") {
      return {"help", "未发现类型提示词,述及需尽快处置的情况(「" + need.cue + "」)→ 求助", 0};
    }
    // Without a cue word, an appeal that tells of something wrong is still a complaint, the
    // commonest type: "路灯不亮", "楼道灯坏了半个月" (checked by hand: of the messages the cues
    // left "other", the labellers typed most as complaints and none as other).
    if (std::string_view w = WrongTold(scan); !w.empty()) {
      return {"complaint", "未发现类型提示词,述及问题(「" + std::string(w) + "」)→ 投诉", 0};
    }
    return {"other", "未发现类型提示词", 0};
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
  // A wish alone (希望, 应该 …: one point) at the end of a story of something wrong is the
  // complainant's demand, not a proposal: "垃圾堆了快半个月没人拉…希望街道上管一管".
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

// A word telling that the need found (`cue`) recurs or has lasted for months, in a sentence of
// the title or the body's opening that holds the cue; empty when none.
std::string_view ChronicMarker(const WordingScan& scan, std::string_view cue) {
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
      for (std::string_view w : kNow)
        if (sentence.find(w) != std::string_view::npos) return {};
      for (std::string_view w : kChronic)
        if (chronic.empty() && sentence.find(w) != std::string_view::npos) chronic = w;
    }
  }
  return chronic;
}

// What a supply or passage cue is about: the title of an appeal about that need names it. Empty
// for the cues that are an urgency in themselves (情况紧急, 紧急求助 …).
std::span<const std::string_view> CueSubject(std::string_view cue) {
  static constexpr std::string_view kWater[] = {"水"};
  static constexpr std::string_view kPower[] = {"电"};
  static constexpr std::string_view kGas[] = {"气"};
  static constexpr std::string_view kHeat[] = {"暖", "热"};
  static constexpr std::string_view kPassage[] = {"路", "行", "通", "桥", "堵", "出入"};
  static constexpr std::string_view kDrain[] = {"水", "堵", "管道", "粪"};
  if (cue == "下水道堵塞" || cue == "污水外溢") return kDrain;
  if (cue == "无法通行") return kPassage;
  if (cue.find("暖") != std::string_view::npos) return kHeat;
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
bool SideMention(const WordingScan& scan, std::string_view cue) {
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

UrgencyGuess GuessUrgency(const WordingScan& scan) {
  const Tables& t = GetTables();
  if (auto w = FirstIncident(scan, t.emergency, false, nullptr, nullptr); !w.empty()) {
    return {"emergency", "含「" + std::string(w) + "」→ 紧急(可能造成生命财产损失)",
            std::string(w)};
  }
  // An incident to hand over to 110/119/120/96333 now (a fight with people bleeding, someone
  // collapsed) is as urgent as anything the centre registers.
  if (const EmergencyScreen s = ScreenEmergency(scan); s.flag) {
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
    for (std::string_view thanks : {"点赞", "表扬", "感谢", "锦旗", "致谢"}) {
      if (scan.title.find(thanks) != std::string_view::npos) {
        return {"normal", "标题为表扬感谢(「" + std::string(thanks) + "」),所述「" +
                              std::string(w) + "」已处理 → 一般"};
      }
    }
    if (SideMention(scan, w)) {
      return {"normal",
              "「" + std::string(w) +
                  "」仅在正文中附带提及,标题所述为其他事项 → 一般;如该中断正是诉求,请改为加急"};
    }
    return {"urgent", "含「" + std::string(w) + "」→ 加急(水电气热中断等及时性诉求)",
            std::string(w)};
  }
  return {"normal", "未发现紧急提示词 → 一般"};
}

EmergencyScreen ScreenEmergency(const WordingScan& scan) {
  SetAside aside;
  std::string_view not_now;  // the first matter cue told live but not as happening now
  for (const HandOverRule& r : GetTables().hand_over) {
    if (auto w = FirstIncident(scan, r.cues, true, &aside, &not_now); !w.empty()) {
      EmergencyScreen s;
      s.flag = true;
      s.target = std::string(r.target);
      s.cue = std::string(w);
      s.reason = "含「" + std::string(w) + "」→ " + std::string(r.what) + ",建议转 " +
                 std::string(r.target) + " (国办发〔2022〕12号)";
      return s;
    }
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

TypeGuess GuessOrderType(std::string_view title, std::string_view body) {
  return GuessOrderType(ScanWording(title, body));
}

UrgencyGuess GuessUrgency(std::string_view title, std::string_view body) {
  return GuessUrgency(ScanWording(title, body));
}

EmergencyScreen ScreenEmergency(std::string_view title, std::string_view body) {
  return ScreenEmergency(ScanWording(title, body));
}

}  // namespace minsheng
