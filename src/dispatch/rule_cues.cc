#include "dispatch/rule_cues.h"

#include <iterator>

namespace minsheng::rule_cues {

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
      // … and one treated since ("丈夫10月份出了车祸一直住院"), a few days ago ("前几天有老人困在
      // 电梯里都打不出去电话"), or one whose liability is discussed ("非本人主要责任的交通事故")
      "住院", "住了院", "前几天", "前阵子", "前段时间", "主要责任", "次要责任", "全部责任",
      "着火后", "起火后", "火灾后", "就给停", "不交就", "不装就",
      // a rule, not an event ("现在禁止麻将赌博")
      "禁止", "严禁",
      // a fear told as such, and a fire said not to be burning ("冬天干燥怕起火", "现在没冒烟也没
      // 着火")
      "怕起火", "怕着火", "怕失火", "怕引起", "怕出事", "没着火", "没起火", "没有着火", "没有起火",
      "没冒烟",
      // a question about the heating season's end, not a cut ("啥时候停暖")
      "啥时候停暖", "什么时候停暖", "何时停暖", "几号停暖",
      // (the smoke of a barbecue, not a barbecue: "烧烤店门口现在有人在打架" is a fight)
      "烧烤浓烟", "烧烤烟", "烧烤冒烟", "油烟", "粉尘", "灰尘", "扬尘",
      // a victim's grievance or a dispute about money, not a crime in progress
      "受害", "维权", "集资", "平台", "钱财", "购房"};
  return *words;
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
        {"点个赞", 4},
        {"致谢", 4},
        {"锦旗", 4},
        {"称赞", 3},
        {"谢谢", 2},
        {"赞扬", 4}}},
      {"report",
       {{"举报", 6},
        // probe set 14: a school bus or a van carrying more than allowed ("核载19人…坐二十五六个";
        // not 超载: over hotspot.jsonl it is mostly lorry drivers' grievances and proposals)
        {"超员", 2},
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
        {"乱拉", 2},
        // intake probes, second day: flying leads to charge e-bikes, pitches of high returns
        // (not 集资 alone: 集资房), burning straw, discharging sewage (not 直排: 油烟直排 is a
        // nuisance complaint)
        {"飞线", 2},
        {"拉线充电", 2},
        {"扯电线", 2},
        {"私拉电线", 2},
        {"高息", 2},
        {"年收益", 2},
        {"烧秸秆", 3},
        {"焚烧秸秆", 3},
        {"烧玉米秆", 3},
        {"排污水", 2},
        // probe set 10: expired goods on sale, e-bikes charged in the stairwell, dumping, pitches
        // to the old ("开会发鸡蛋"), minors let into internet bars
        {"卖过期", 3},
        {"过期食品", 3},
        {"扯线", 2},
        {"楼道里充电", 2},
        {"楼道充电", 2},
        {"排黑水", 2},
        {"倒建筑垃圾", 2},
        {"偷倒", 3},
        {"发鸡蛋", 2},
        {"不查身份证", 2},
        {"接纳未成年", 3}}},
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
        {"为什么", 1},
        // a demand put as a question, a repair that never came ("能不能管一下", "还能不能用",
        // "报修了三次…就没下文了")
        {"能不能管", 2},
        {"还能不能", 2},
        {"管一管", 1},
        {"没下文", 2},
        {"就不能", 2},
        {"为啥", 1},
        // probe set 10 (after the Spring Festival): Shaanxi protests and demands ("凭啥让业主背锅",
        // "到底还给不给", "劳动监察是不是就不管了"), a nuisance told by its loudness
        {"凭啥", 3},
        {"到底", 1},
        {"不管了", 2},
        {"震耳", 2}}},
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
        {"上门看看", 2},
        {"派人上门", 2},
        {"派人来看", 2},
        {"下落", 2},
        {"能不能来人", 3},
        {"支援", 2},
        {"帮着", 2},
        // (probe set 16: "已经…转了2万元…现在觉得不对劲,不知道咋办")
        {"不知道咋办", 2},
        {"不知道怎么办", 2}}},
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
        {"要预约", 2},
        // intake probes, second day: A-not-A questions, 咋 and 啥 questions, asking the way
        // ("需不需要提前备案", "周六上不上班", "现在还能批不,啥条件,去哪申请?"; not 是不是, 在哪 or
        // 咋 alone: "是不是…", "…在哪里?", "这咋办?", "咋花的" mostly protest)
        {"需不需要", 2},
        {"行不行", 2},
        {"上不上班", 3},
        {"去哪", 2},
        {"啥条件", 3},
        {"啥材料", 3},
        {"什么程序", 3},
        {"多长时间", 2},
        // probe set 10: 补办 and 报名 asked plainly ("社保卡丢了咋补办")
        // probe set 12: "寒假哪天放"; set 14: "退役军人优待证咋办" (a document: how to get it)
        {"哪天", 1},
        {"证咋办", 3},
        {"咋补办", 3},
        {"怎么补办", 3},
        {"如何补办", 3},
        {"咋报名", 3},
        {"怎么报名", 3},
        {"咋交", 2},
        {"咋查", 2}}},
  };
  return *cues;
}

// Cues of wording that may cost a life or property (紧急).
namespace {

// A gas leak as callers tell it, for the 紧急 cues and the 119 line alike: a smell of gas is a
// leak until the gas company says otherwise ("楼道里有很浓的燃气味, 怀疑燃气泄漏": the suspicion
// sets the second clause aside, not the smell); 泄露 is the common miswriting of 泄漏.
constexpr Cue kGasLeakTold[] = {{"燃气泄露", kAcute}, {"天然气泄露", kAcute}, {"煤气泄露", kAcute},
                                {"燃气味", kAcute},   {"煤气味", kAcute},     {"天然气味", kAcute},
                                {"液化气味", kAcute}, {"闻到燃气", kAcute},   {"闻到煤气", kAcute}};

void AddGasLeakTold(std::vector<Cue>* cues) {
  cues->insert(cues->end(), std::begin(kGasLeakTold), std::end(kGasLeakTold));
}

// A fire starting, told by what the caller sees ("配电箱冒烟了还有火苗"), for the 紧急 cues and the
// 119 line alike: not 火苗 alone (a gas stove's flame is a supply matter: "燃气灶火苗很小"), and
// smoke alone only from electrics, not from chimneys or barbecues (2026-12-04, evening).
constexpr Cue kFireTold[] = {{"有火苗", kAcute},     {"冒火苗", kAcute},   {"火苗窜", kAcute},
                             {"看到火苗", kAcute},   {"看见火苗", kAcute}, {"着起来", kAcute},
                             {"配电箱冒烟", kAcute}, {"电箱冒烟", kAcute}, {"电表箱冒烟", kAcute},
                             {"电线冒烟", kAcute},   {"插座冒烟", kAcute}, {"电动车冒烟", kAcute},
                             {"电瓶车冒烟", kAcute}};

void AddFireTold(std::vector<Cue>* cues) {
  cues->insert(cues->end(), std::begin(kFireTold), std::end(kFireTold));
}

}  // namespace

const std::vector<Cue>& RawEmergencyCues() {
  static const std::vector<Cue>* cues = [] {
    auto* v = new std::vector<Cue>{{"塌陷", kAcute},
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
                                   // told as an operator hears them (2026-12-04 probes): a manhole
                                   // gone, a road caved in
                                   {"井盖不见", kAcute},
                                   {"井盖没了", kAcute},
                                   {"井盖丢了", kAcute},
                                   {"井盖被偷", kAcute},
                                   {"井盖冲开", kAcute},
                                   {"井盖被冲", kAcute},
                                   {"井盖被水冲", kAcute},
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
    AddFireTold(v);
    AddGasLeakTold(v);
    return v;
  }();
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
      {"紧急维修", 1},
      // winter as callers tell it (probes of 2026-12-04): radiators gone cold, pipes frozen
      {"暖气片凉", 1},
      {"暖气片全凉", 1},
      {"暖气全凉", 1},
      {"暖气片冰", 1},
      {"没暖气", 1},
      {"没有暖气", 1},
      {"不供暖", 1},
      {"冻裂", 1},
      {"冻爆", 1},
      // (probe set 14: "树杈伸到电线上了…一刮风就噼里啪啦打火花"; set 16: a junction's lights
      // out at rush hour)
      {"打火花", 1},
      {"信号灯不亮", 1},
      {"红绿灯不亮", 1},
      // (probe set 12: "暖气片接口突然爆开,热水一直往外喷", "暖气完全不热了,摸着冰凉")
      {"暖气片爆", 1},
      {"暖气管爆", 1},
      {"爆开", 1},
      {"完全不热", 1},
      {"摸着冰凉", 1},
      {"水管冻住", 1},
      // something about to fall on people or lying across the way
      {"压断了", 1},
      {"被雪压断", 1},
      {"横在路", 1},
      {"横在马路", 1},
      {"横在非机动车道", 1},
      {"差点砸到", 1},
      {"吊臂晃", 1},
      {"快掉下来", 1},
      {"要掉下来", 1},
      {"摇摇欲坠", 1},
      {"砸人", 1},
      {"翘起来", 1},
      {"脱开", 1},
      {"脱落了", 1},
      // water pouring into a garage or a home now (not 倒灌: "雨水倒灌引起的问题" is a hazard)
      {"车库进水", 1},
      {"往车库里灌", 1},
      {"往屋里灌", 1},
      {"灌进", 1},
      // (seed appeals of 2026-12-05) a slope cracking after rain, something hanging over a
      // pavement, a building's heating cut with a pipe burst
      {"土崖", 1},
      {"土坡上", 1},
      {"随时可能掉", 1},
      {"随时会掉", 1},
      {"吊在", 1},
      {"砸下来", 1},
      {"已经脱了", 1},
      {"一点都不热", 1},
      {"冒热水", 1}};
  return *cues;
}

// The emergency screen of DOMAIN.md §6.3, in order of precedence.
const std::vector<RawRule>& RawEmergencyRules() {
  static const std::vector<RawRule>* rules = [] {
    auto* v = new std::vector<RawRule>{
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
          {"爆炸", kMatter}}},
        // 120 and 110 cues added from the seed appeals of 2026-12-05: a fall with a bleeding
        // head ("老汉摔了,头上流血,叫也叫不应"), a fraud still going on ("对方还在让她继续转",
        // "对方还让其马上再去银行取5万元").
        {"120",
         "医疗急救",
         {{"昏迷", kAcute},       {"晕倒", kAcute},     {"不省人事", kAcute}, {"心脏病发", kAcute},
          {"需要急救", kAcute},   {"急需救治", kAcute}, {"呼吸困难", kAcute}, {"大量出血", kAcute},
          {"流血不止", kAcute},   {"中毒", kMatter},    {"抽搐", kAcute},     {"生命垂危", kAcute},
          {"受重伤", kMatter},    {"倒在地上", kAcute}, {"倒地不起", kAcute}, {"叫救护车", kAcute},
          {"叫也不应", kAcute},   {"没有意识", kAcute}, {"没意识", kAcute},   {"叫不醒", kAcute},
          {"流了很多血", kAcute}, {"血流不止", kAcute}, {"叫不应", kAcute}}},
        {"110",
         "刑事/治安/交通警情/群体性事件",
         {{"打架", kAcute},         {"斗殴", kMatter},      {"抢劫", kMatter},
          {"盗窃", kMatter},        {"被偷", kMatter},      {"小偷", kStanding},
          {"正在被骗", kAcute},     {"刚被骗", kAcute},     {"刚刚被骗", kAcute},
          {"马上再转", kAcute},     {"还让我再转", kAcute}, {"还让其再转", kAcute},
          {"继续转账", kAcute},     {"杀人", kAcute},       {"持刀", kAcute},
          {"砍人", kAcute},         {"绑架", kAcute},       {"家暴", kMatter},
          {"家庭暴力", kMatter},    {"吸毒", kStanding},    {"赌博", kStanding},
          {"交通事故", kMatter},    {"车祸", kMatter},      {"撞人", kAcute},
          {"肇事逃逸", kAcute},     {"聚众", kMatter},      {"群体性", kMatter},
          {"围堵", kMatter},        {"械斗", kAcute},       {"殴打", kMatter},
          {"威胁人身安全", kAcute}, {"跳楼", kAcute},       {"轻生", kAcute},
          {"捅伤", kAcute},         {"被捅", kAcute},       {"砍伤", kAcute},
          {"被砍", kAcute},         {"让她继续转", kAcute}, {"让他继续转", kAcute},
          {"让其继续转", kAcute},   {"再去银行取", kAcute}}},
        // A bleeding head alone after the police line: a fall in the street is the
        // ambulance's, a fight with people hurt ("两伙人打起来了…有人头上流血了") the police's,
        // who bring the ambulance (the operators of the seed appeals: 110 for all three such
        // calls). Life-threatening bleeding (流了很多血, 血流不止) stays before it. A leg cut in a
        // fall into an open manhole ("腿上划了个大口子一直流血", "腿上流血起不来"): 120 for both
        // such calls in the seed appeals.
        {"120",
         "医疗急救",
         {{"头上流血", kAcute},
          {"头流血", kAcute},
          {"后脑勺流血", kAcute},
          {"满脸是血", kAcute},
          {"一直流血", kAcute},
          {"流血起不来", kAcute}}},
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
    AddFireTold(&v->front().cues);  // the 119 line comes first
    AddGasLeakTold(&v->front().cues);
    return v;
  }();
  return *rules;
}

}  // namespace minsheng::rule_cues
