// Unit tests of the wording rules (rules.*) and the phrase set they scan with (phrase_set.*).
#include "dispatch/rules.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dispatch/phrase_set.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

// ------------------------------------------------------------------ phrase set
TEST(PhraseSetTest, FindsExactlyWhatFindFinds) {
  // Random texts and phrases over a small alphabet of 1-, 2-, 3- and 4-byte characters, so that
  // phrases share first characters, overlap and sit at the ends of the text.
  const std::vector<std::string> alphabet = {"a", "?", "é", "路", "灯", "不", "亮", "😀"};
  uint64_t state = 12345;
  auto next = [&](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  auto random_text = [&](size_t max_chars) {
    std::string s;
    for (size_t i = 0, n = 1 + next(max_chars); i < n; ++i) s += alphabet[next(alphabet.size())];
    return s;
  };
  size_t checked = 0, found_total = 0;
  for (int round = 0; round < 200; ++round) {
    PhraseSet set;
    std::vector<std::string> phrases;
    for (int i = 0; i < 12; ++i) {
      phrases.push_back(random_text(4));
      const uint32_t index = set.Add(phrases.back());
      ASSERT_EQ(set.phrase(index), phrases.back());
    }
    const std::string text = random_text(40);
    std::vector<uint8_t> found;
    set.Scan(text, &found);
    ASSERT_EQ(found.size(), set.size());
    for (const std::string& p : phrases) {
      const uint32_t index = set.Add(p);  // the index it already has
      const bool expected = text.find(p) != std::string::npos;
      EXPECT_EQ(found[index] != 0, expected) << "text " << text << " phrase " << p;
      ++checked;
      found_total += expected;
    }
  }
  EXPECT_GT(found_total, checked / 10);  // the generator makes both outcomes common
  EXPECT_LT(found_total, checked);
}

TEST(PhraseSetTest, ScansAccumulateAndDuplicatesShareAnIndex) {
  PhraseSet set;
  const uint32_t a = set.Add("停水");
  const uint32_t b = set.Add("投诉");
  EXPECT_EQ(set.Add("停水"), a);
  EXPECT_EQ(set.size(), 2u);
  std::vector<uint8_t> found;
  set.Scan("小区停水三天", &found);
  EXPECT_EQ(found[a], 1);
  EXPECT_EQ(found[b], 0);
  set.Scan("投诉物业", &found);  // adds to what the first scan found
  EXPECT_EQ(found[a], 1);
  EXPECT_EQ(found[b], 1);
}

TEST(PhraseSetTest, FindAllGivesEveryOccurrenceWithItsRange) {
  PhraseSet set;
  const uint32_t pipe = set.Add("水管");
  const uint32_t frozen = set.Add("水管冻");
  std::vector<PhraseSet::Match> m;
  set.FindAll("水管冻了,新水管", &m);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].phrase, pipe);
  EXPECT_EQ(m[1].phrase, frozen);
  EXPECT_EQ(m[0].begin, 0u);
  EXPECT_EQ(m[1].end, std::string("水管冻").size());
  EXPECT_EQ(m[2].phrase, pipe);
  EXPECT_EQ(m[2].begin, std::string("水管冻了,新").size());
}

TEST(RulesTest, OrderType) {
  EXPECT_EQ(GuessOrderType("投诉某物业乱收停车费", "").type, "complaint");
  EXPECT_EQ(GuessOrderType("咨询公积金提取流程", "请问需要哪些材料").type, "consultation");
  EXPECT_EQ(GuessOrderType("举报有人偷排污水", "").type, "report");
  EXPECT_EQ(GuessOrderType("建议增设公交站点", "").type, "suggestion");
  EXPECT_EQ(GuessOrderType("表扬社区工作人员", "感谢他们").type, "praise");
  EXPECT_EQ(GuessOrderType("老人行动不便求助", "").type, "help");
  EXPECT_EQ(GuessOrderType("天气", "今天晴").type, "other");
}

// Most appeals do not name their type: a problem described, a question asked, a change
// proposed (hotspot.jsonl: 63 of 240 messages typed by hand were "other" before these cues).
TEST(RulesTest, OrderTypeFromWordingThatDoesNotNameIt) {
  // Problems described without 投诉.
  EXPECT_EQ(GuessOrderType("小区外墙渗水", "卧室墙面发霉,物业一直未处理").type, "complaint");
  EXPECT_EQ(GuessOrderType("配套幼儿园迟迟不开园", "交房两年多,小孩无处上学").type, "complaint");
  EXPECT_EQ(GuessOrderType("路面坑洼", "车辆经过颠簸,无人管").type, "complaint");
  EXPECT_EQ(GuessOrderType("工资", "包工头欠我8000元工资跑了").type, "complaint");
  EXPECT_EQ(GuessOrderType("公积金提取", "公积金提取需要什么手续").type, "consultation");
  // Questions without 咨询: a question as the title, or asking for an amount or the papers.
  const TypeGuess asked = GuessOrderType("城镇职工养老保险能一次缴费吗", "");
  EXPECT_EQ(asked.type, "consultation");
  EXPECT_NE(asked.reason.find("标题问句"), std::string::npos) << asked.reason;
  EXPECT_EQ(GuessOrderType("办理房产证", "需要哪些材料").type, "consultation");
  EXPECT_EQ(GuessOrderType("城乡居民基础养老金最低标准", "今年的标准是多少").type, "consultation");
  // "?", "!" or "。" closing the title do not hide the question.
  EXPECT_EQ(GuessOrderType("地铁5号线何时通车??", "").type, "consultation");
  EXPECT_EQ(GuessOrderType("医保卡能在外地用吗!", "").type, "consultation");
  // Proposals without 建议.
  EXPECT_EQ(GuessOrderType("希望805路改道走木莲中路", "周边居民多").type, "suggestion");
  EXPECT_EQ(GuessOrderType("应加强公园管理", "").type, "suggestion");
  // Wrongdoing to be punished without 举报.
  EXPECT_EQ(GuessOrderType("超市后面有老虎机", "").type, "report");
  EXPECT_EQ(GuessOrderType("请拆除楼顶违章建筑", "").type, "report");
  // A question about a problem that is also described: the problem outweighs a bare question.
  EXPECT_EQ(GuessOrderType("初中报名费为什么要470多?", "是不是存在乱收费问题").type, "complaint");
  // Questions that accuse rather than ask are complaints.
  EXPECT_EQ(GuessOrderType("小区停车收费", "物业凭什么收这个钱?难道没人管吗?").type, "complaint");
  EXPECT_EQ(GuessOrderType("绿化带被改成停车场", "这样做合法吗?").type, "complaint");
  // Without a cue word, something wrong told is a complaint (strength 0); nothing wrong told
  // stays "other" for the operator to decide.
  const TypeGuess told = GuessOrderType("楼道灯坏了半个月", "");
  EXPECT_EQ(told.type, "complaint");
  EXPECT_EQ(told.strength, 0);
  EXPECT_NE(told.reason.find("「坏」"), std::string::npos) << told.reason;
  EXPECT_EQ(GuessOrderType("天气", "今天晴").type, "other");
}

// Thanks closing a complaint are a courtesy, not praise; thanks for something done well are.
TEST(RulesTest, ClosingThanksAreNotPraise) {
  EXPECT_EQ(GuessOrderType("垃圾站太吵", "晚上十点还在作业,严重影响休息。望尽快处理,谢谢!").type,
            "complaint");
  EXPECT_EQ(GuessOrderType("路灯不亮", "晚上很黑,感谢领导关注").type, "complaint");
  EXPECT_NE(GuessOrderType("门诊报销", "能不能提高报销比例。此致谢谢").type, "praise");
  EXPECT_EQ(GuessOrderType("社区工作人员", "感谢王书记热情帮助我们,下水道终于通了").type, "praise");
  EXPECT_EQ(GuessOrderType("感谢社区", "下水道终于通了").type, "praise");
}

TEST(RulesTest, Urgency) {
  EXPECT_EQ(GuessUrgency("主干道下水道塌陷", "").urgency, "emergency");
  EXPECT_EQ(GuessUrgency("小区停水三天", "").urgency, "urgent");
  EXPECT_EQ(GuessUrgency("路灯不亮", "").urgency, "normal");
  // 马上 and 紧急 alone are time words and names (紧急通道), not an urgent need.
  EXPECT_EQ(GuessUrgency("工地夜间施工扰民", "孩子马上就要高考了").urgency, "normal");
  EXPECT_EQ(GuessUrgency("消防通道被占", "紧急通道堆满杂物").urgency, "normal");
  EXPECT_EQ(GuessUrgency("急需熊猫血", "情况紧急,请帮忙转发").urgency, "urgent");
  EXPECT_EQ(GuessUrgency("", "如果停水怎么办").urgency, "normal");
}

// Checked against hotspot.jsonl messages judged by hand (docs/dispatch.md "Urgency and hand-over
// checked by hand"): words that only look like a cue, dated or hypothetical events, fraud cases
// and cues deep in a long letter raise no flag; a need that still goes on does.
TEST(RulesTest, UrgencyAndHandOverOnlyForWhatHappensNow) {
  EXPECT_FALSE(ScreenEmergency("12栋住户打架子鼓夜晚扰民", "").flag);
  EXPECT_FALSE(ScreenEmergency("", "孩子不能成为学校道德绑架家长的工具").flag);
  EXPECT_FALSE(ScreenEmergency("", "楼下烧烤浓烟滚滚").flag);
  EXPECT_FALSE(ScreenEmergency("", "2017年12月物业找人殴打业主").flag);
  EXPECT_FALSE(ScreenEmergency("某集团诈骗百姓钱财", "").flag);
  EXPECT_EQ(ScreenEmergency("", "我妈正在被骗,对方让她转账").target, "110");
  // A hypothesis covers the rest of its sentence, not what comes before it.
  EXPECT_FALSE(ScreenEmergency("", "万一发生火灾,机器燃烧,油桶爆炸,怎么收场").flag);
  EXPECT_EQ(ScreenEmergency("", "楼下着火了,如果再不来人就烧到二楼了").target, "119");
  // A date dates the event unless the sentence says it goes on.
  EXPECT_EQ(GuessUrgency("", "18年下半年小区停水,后来修好了").urgency, "normal");
  EXPECT_EQ(GuessUrgency("", "从九月五号起到今天已经连续三天停水").urgency, "urgent");
  EXPECT_EQ(GuessUrgency("物业强行关水限电", "").urgency, "urgent");
  // Only the opening of a long body counts; the title always does.
  std::string letter;
  for (int i = 0; i < 30; ++i) letter += "物业收费不合理,";
  EXPECT_EQ(GuessUrgency("物业问题", letter + "当年还停水").urgency, "normal");
  EXPECT_EQ(GuessUrgency("小区停水", letter).urgency, "urgent");
}

TEST(RulesTest, EmergencyScreen) {
  auto police = ScreenEmergency("小区门口有人打架", "");
  EXPECT_TRUE(police.flag);
  EXPECT_EQ(police.target, "110");
  EXPECT_EQ(ScreenEmergency("楼下着火了", "").target, "119");
  EXPECT_EQ(ScreenEmergency("老人晕倒在路边", "").target, "120");
  EXPECT_EQ(ScreenEmergency("", "十字路口发生交通事故").target, "110");
  EXPECT_FALSE(ScreenEmergency("路灯不亮", "晚上很黑").flag);
  EXPECT_TRUE(ScreenEmergency("老人可能中毒了", "").flag);
}

// A cue word in a clause about a hazard, a hypothesis, something recurring or past, or a case
// already with the police is not an emergency happening now; the same word in another clause is.
TEST(RulesTest, EmergencyScreenSetsAsideHazardsHypothesesAndPastEvents) {
  for (const char* body :
       {"小区存在严重的火灾隐患", "一旦发生火灾,后果不堪设想", "该路口交通事故频发,请增设红绿灯",
        "某人涉嫌盗窃电缆", "去年这里发生过交通事故", "万一有人被困电梯怎么办",
        // worry, suspicion, comparison, a death long past (hotspot.jsonl, 2026-12-03)
        "很担心会发生交通事故", "怀疑保安有盗窃行为", "噪音就像一个巨大的爆炸场声响",
        "2016年他因意外车祸身故", "交通事故频繁发生"}) {
    const EmergencyScreen s = ScreenEmergency("", body);
    EXPECT_FALSE(s.flag) << body;
    EXPECT_NE(s.reason.find("不提示转接"), std::string::npos) << body;
  }
  const EmergencyScreen hazard = ScreenEmergency("", "小区存在严重的火灾隐患");
  EXPECT_NE(hazard.reason.find("「火灾」"), std::string::npos) << hazard.reason;
  EXPECT_NE(hazard.reason.find("「隐患」"), std::string::npos) << hazard.reason;
  // The clause with the marker is set aside, another clause still reports a fire now.
  EXPECT_EQ(ScreenEmergency("", "楼下着火了,如果再不来人就烧到二楼了").target, "119");
  EXPECT_EQ(ScreenEmergency("", "这里经常发生交通事故。今天又发生交通事故,有人受伤").target, "110");
  // The title and the body are separate texts: a marker in one does not cover the other.
  EXPECT_EQ(ScreenEmergency("存在火灾隐患", "三楼已经起火").target, "119");
  EXPECT_EQ(ScreenEmergency("", "听说隔壁小区着火了。我家楼下也着火了,浓烟很大").target, "119");
  EXPECT_TRUE(LiveMention("电梯困人,请速来", "电梯困人"));
  std::string_view marker;
  EXPECT_FALSE(LiveMention("消防通道堵塞,一旦起火无法逃生", "起火", &marker));
  EXPECT_EQ(marker, "一旦");
  // A past event covers the rest of its sentence, unless the sentence says it goes on now.
  EXPECT_FALSE(ScreenEmergency("", "早几年曾发生过燃气爆炸事件,爆炸使楼房1楼墙体垮塌").flag);
  EXPECT_TRUE(LiveMention("以前没有注意,今天早上洗澡时停气了", "停气"));
  EXPECT_FALSE(LiveMention("以前这里停气,后来修好了", "停气", &marker));
  EXPECT_EQ(marker, "以前");
  // News anywhere in the sentence: the event happened elsewhere.
  EXPECT_FALSE(ScreenEmergency("", "近日看到重庆发生火灾,而消防车进不去的报道,居民很惶恐").flag);
  // Recurring, and what a fire would do.
  EXPECT_FALSE(ScreenEmergency("", "路口车流量大,交通事故较多,希望装红绿灯").flag);
  EXPECT_FALSE(ScreenEmergency("", "电表箱装在入户门处,发生火灾无处逃生").flag);
  // For the hand-over the title names the event the body dates; for urgency a need named in the
  // title stands (water cut off on a date may still be off).
  const EmergencyScreen dated =
      ScreenEmergency("小区保安聚众殴打业主", "1月3日晚7时许,物业招集7名保安聚众殴打1名业主");
  EXPECT_FALSE(dated.flag);
  EXPECT_NE(dated.reason.find("「日期」"), std::string::npos) << dated.reason;
  EXPECT_EQ(ScreenEmergency("小区保安聚众殴打业主", "保安还在打人,请速来").target, "110");
  EXPECT_EQ(GuessUrgency("住户家遭到恶意停水", "我们在9月8日晚11点遭到恶意停水").urgency, "urgent");
  // For the hand-over a cue the title sets aside stays aside when the body restates it; urgency
  // keeps the body's.
  EXPECT_FALSE(ScreenEmergency("出了火灾怎么办?", "消防通道被卖作车位,发生火灾消防车进不来").flag);
  EXPECT_EQ(GuessUrgency("小区经常停水", "今天早上又停水了,做饭都没水").urgency, "urgent");
  // "停水问题" names the matter in general.
  EXPECT_EQ(GuessUrgency("停水问题很严重", "停水问题严重影响居民生活").urgency, "normal");
  EXPECT_EQ(GuessUrgency("小区停水", "停水两天了").urgency, "urgent");
  // Urgency: a hazard is not an emergency either; a present collapse is.
  EXPECT_EQ(GuessUrgency("", "楼体存在倒塌隐患").urgency, "normal");
  EXPECT_EQ(GuessUrgency("", "楼体已经倒塌").urgency, "emergency");
}

// 国办发〔2022〕12号 hands incidents (警情) over: a word naming a police or fire matter flags only
// when the appeal tells it as happening now, or is a short note such as a record of a call
// (hotspot.jsonl: 55 flags → 3, docs/dispatch.md "Hand-over: incidents, not matters").
TEST(RulesTest, HandOverOnlyForIncidentsToldAsHappeningNow) {
  // A letter (a body of over 80 characters) about a matter, nothing told as happening now.
  const std::string letter_tail =
      "周边居民深受其害,多次向社区和物业反映均无结果,社区说不归他们管,物业说没有执法权,"
      "大家互相推诿,问题一直得不到解决。希望有关部门高度重视,依法依规严肃查处,"
      "还居民一个安宁的生活环境,谢谢!";
  const EmergencyScreen den = ScreenEmergency(
      "小区车库麻将馆聚众赌博扰民", "小区3栋车库被改成麻将馆,每晚聚众赌博到凌晨," + letter_tail);
  EXPECT_FALSE(den.flag);
  EXPECT_NE(den.reason.find("未说明正在发生"), std::string::npos) << den.reason;
  EXPECT_FALSE(
      ScreenEmergency("物业保安殴打业主", "物业保安殴打业主,态度极其恶劣," + letter_tail).flag);
  EXPECT_FALSE(
      ScreenEmergency("路口没有红绿灯", "这个路口车多人多,差点发生交通事故," + letter_tail).flag);
  // The same matters told as happening now.
  EXPECT_EQ(ScreenEmergency("物业保安殴打业主", "物业保安正在殴打业主,已经有人受伤。" + letter_tail)
                .target,
            "110");
  EXPECT_EQ(ScreenEmergency("", "楼下有人在赌博,吵得睡不着。" + letter_tail).target, "110");
  // A short note tells what happens as it happens; not a standing activity such as a den.
  EXPECT_EQ(ScreenEmergency("", "来电人反映小区门口发生交通事故,请求处理").target, "110");
  EXPECT_EQ(ScreenEmergency("小区5栋起火", "").target, "119");
  EXPECT_FALSE(ScreenEmergency("", "二楼摆放游戏机赌博,请取缔").flag);
  // So does the record of a call, however long.
  EXPECT_EQ(
      ScreenEmergency(
          "", "市民来电反映,高新区崇业路某小区5号楼2单元801室起火,浓烟从窗户冒出," + letter_tail)
          .target,
      "119");
  // An incident word flags in a letter too.
  EXPECT_EQ(ScreenEmergency("", "小区门口有人持刀伤人," + letter_tail).target, "110");
  // A demand is not a now-sign; a fire put out, a day past and recurring events are not live.
  EXPECT_FALSE(ScreenEmergency("", "后街依然摆放赌博机,建议立即销毁," + letter_tail).flag);
  EXPECT_FALSE(ScreenEmergency("饭店起火", "一饭店因厨房起火,保安扑救及时才扑灭。").flag);
  EXPECT_FALSE(ScreenEmergency("", "昨天市里又一个小区着火,死了两个。我们小区没有灭火器").flag);
  EXPECT_FALSE(ScreenEmergency("", "手机没有信号,数次业主被困电梯,无法求助").flag);
  // The 紧急 urgency reads fire and explosion words the same way.
  EXPECT_EQ(
      GuessUrgency("", "电动车棚紧贴住户通道,电动车充电爆炸事故会殃及住户," + letter_tail).urgency,
      "normal");
  EXPECT_EQ(GuessUrgency("", "小区5栋起火了").urgency, "emergency");
  EXPECT_EQ(GuessUrgency("", "三楼正在起火,浓烟很大。" + letter_tail).urgency, "emergency");
  // A fire starting, told by what the caller sees; a stove's small flame is no fire
  // (2026-12-04, evening).
  EXPECT_EQ(ScreenEmergency("", "我家楼下配电箱冒烟了还有火苗").target, "119");
  EXPECT_EQ(ScreenEmergency("", "楼道里的电表箱冒烟了").target, "119");
  EXPECT_EQ(ScreenEmergency("", "门口垃圾桶着起来了").target, "119");
  EXPECT_FALSE(ScreenEmergency("", "天然气灶火苗很小,做饭都做不熟").flag);
  EXPECT_FALSE(ScreenEmergency("", "楼下烧烤摊冒烟,烟味很大").flag);
  // Someone stabbed and bleeding: the ambulance first.
  EXPECT_EQ(ScreenEmergency("", "小区门口有人打架,有人被刀捅伤了流了很多血").target, "120");
  EXPECT_EQ(ScreenEmergency("", "小区门口有人被捅了").target, "110");
  // A bleeding head: a fight's is the police's (they bring the ambulance), a fall's the
  // ambulance's.
  EXPECT_EQ(
      ScreenEmergency("烧烤摊有人打架", "两伙人打起来了,有人抡酒瓶子,已经有人头上流血了").target,
      "110");
  EXPECT_EQ(ScreenEmergency("", "一个老汉在冰上滑倒了,头上流血,躺着起不来").target, "120");
}

// Without a type cue word, a need the urgency rules flag is typed by what it is: a supply cut
// is a complaint against the supplier, a police incident is reported, anything else asks for
// help; a hazard that is not happening is a complaint.
TEST(RulesTest, ANeedToBeMetSoonIsTypedByWhatItIs) {
  const TypeGuess water = GuessOrderType("小区停水", "今天早上又停水了");
  EXPECT_EQ(water.type, "complaint");
  EXPECT_NE(water.reason.find("「停水」"), std::string::npos) << water.reason;
  EXPECT_EQ(GuessOrderType("暖气不热", "三号楼暖气不热,屋里才十度").type, "complaint");
  EXPECT_EQ(GuessOrderType("路面塌陷", "崇业路口路面塌陷一个大坑").type, "help");
  EXPECT_EQ(GuessOrderType("消防通道", "万一发生火灾,消防车进不来").type, "complaint");
  EXPECT_EQ(GuessUrgency("小区停水", "今天早上又停水了").cue, "停水");
}

// A recurring or standing need earlier in the sentence covers the cue (the labellers judged
// "经常停水" normal: a supply problem to fix, not a cut to restore now), unless the sentence says
// it goes on now.
TEST(RulesTest, RecurringNeedsAreNotUrgentUnlessTheyGoOnNow) {
  EXPECT_EQ(GuessUrgency("", "小区经常停水,而且事前也无通知,给生活带来极大不便").urgency, "normal");
  EXPECT_EQ(GuessUrgency("", "经常有车停在人行道上,堵的死死的,人无法通行").urgency, "normal");
  EXPECT_EQ(GuessUrgency("", "小区经常停水,今天又停水了").urgency, "urgent");
  EXPECT_EQ(GuessUrgency("", "小区停水了,经常这样").urgency, "urgent");
}

TEST(RulesTest, SuppliesFailingForMonthsAreNotUrgentUnlessCutNow) {
  // Recurrence or months of it anywhere in the sentence holding the cue: a standing problem.
  const UrgencyGuess chronic =
      GuessUrgency("小区用水高峰期就停水", "从今年4月份开始,小区陷入频繁停水的困境,已经几个月");
  EXPECT_EQ(chronic.urgency, "normal");
  EXPECT_NE(chronic.reason.find("反复或长期"), std::string::npos) << chronic.reason;
  EXPECT_EQ(GuessUrgency("", "小区停电好多次,每次都不说原因").urgency, "normal");
  // Cut off now as well: urgent.
  EXPECT_EQ(GuessUrgency("小区频繁停水", "目前已经连续停水一个星期,无法做饭洗澡").urgency,
            "urgent");
  EXPECT_EQ(GuessUrgency("小区经常停水", "现在还处在停水中").urgency, "urgent");
  EXPECT_EQ(GuessUrgency("小区停水", "今天早上又停水了").urgency, "urgent");
  // "现在每天…": the present of a habit, not of this moment.
  EXPECT_EQ(
      GuessUrgency("小区最近经常停水", "从今年4月份开始频繁停水,现在每天19:00开始水压下降,直至停水")
          .urgency,
      "normal");
  EXPECT_EQ(GuessUrgency("小区最近经常停水", "现在又停水了,一滴水都没有").urgency, "urgent");
}

// A smell of gas is an emergency for the gas company and 119 even when the caller only suspects a
// leak; 泄露 (the common miswriting) counts as 泄漏.
TEST(RulesTest, ASmellOfGasIsAnEmergency) {
  const std::string title = "楼道燃气味", body = "5号楼楼道里有很浓的燃气味,怀疑燃气泄漏";
  EXPECT_EQ(GuessUrgency(title, body).urgency, "emergency");
  EXPECT_EQ(ScreenEmergency(title, body).target, "119");
  EXPECT_EQ(ScreenEmergency("", "厨房天然气泄露了").target, "119");
  // A hazard is not a leak.
  EXPECT_FALSE(ScreenEmergency("", "燃气管道老化,存在燃气泄露隐患").flag);
}

// Incidents as an operator records a call (2026-12-04 probes): what is handed over is 紧急 too,
// and words that only look like a cue raise nothing.
TEST(RulesTest, IncidentsToldAsACallerTellsThem) {
  const WordingScan fight =
      ScanWording("烧烤店门口打架", "一家烧烤店门口现在有五六个人在打架,已经有人流血了!");
  EXPECT_EQ(ScreenEmergency(fight).target, "110");
  const UrgencyGuess fight_urgency = GuessUrgency(fight);
  EXPECT_EQ(fight_urgency.urgency, "emergency");
  EXPECT_NE(fight_urgency.reason.find("需转接 110"), std::string::npos) << fight_urgency.reason;
  const TypeGuess fight_type = GuessOrderType(fight);
  EXPECT_EQ(fight_type.type, "report");
  EXPECT_NE(fight_type.reason.find("警情"), std::string::npos) << fight_type.reason;
  EXPECT_EQ(GuessOrderType("有人晕倒了", "公交站这儿有个老人突然倒在地上了,叫也不应").type, "help");
  const std::string collapsed = "公交站这儿有个老人突然倒在地上了,叫也不应,快叫救护车!";
  EXPECT_EQ(ScreenEmergency("有人晕倒了", collapsed).target, "120");
  EXPECT_EQ(GuessUrgency("有人晕倒了", collapsed).urgency, "emergency");
  EXPECT_EQ(GuessUrgency("井盖没了", "人行道上的井盖不见了,刚才差点有个娃掉下去").urgency,
            "emergency");
  EXPECT_EQ(GuessUrgency("路面塌了个大坑", "机动车道中间塌了一个一米多宽的坑").urgency,
            "emergency");
  EXPECT_EQ(GuessUrgency("家里暖气冰凉", "今天都12月10号了暖气还是冰的,屋里只有12度").urgency,
            "urgent");
  // Not a fire, not a power cut, not a fire now.
  EXPECT_EQ(GuessUrgency("高层水压小", "一到早晚用水高峰,热水器都打不着火").urgency, "normal");
  EXPECT_FALSE(ScreenEmergency("高层水压小", "一到早晚用水高峰,热水器都打不着火").flag);
  EXPECT_EQ(GuessUrgency("老楼加装电梯咨询", "我们是老家属院,6层没电梯,楼里老人多").urgency,
            "normal");
  EXPECT_FALSE(ScreenEmergency("楼道充电", "天天有人拉飞线给电动车充电,我怕哪天着火").flag);
  // A rule is not an event.
  EXPECT_FALSE(ScreenEmergency("麻将馆扰民严重", "每晚营业到24点,现在禁止麻将赌博。").flag);
}

// A letter stating a grievance in its title asks its body's questions rhetorically: a complaint;
// a title that asks, or a short note, keeps them consultations.
TEST(RulesTest, ALettersRhetoricalQuestionsAreAComplaint) {
  const std::string body =
      "本人多次反映,黄兴北路通车两年多了,还有拆迁补偿金不到位的情况,也不见回复,有关部门也没说"
      "什么时候给,有点就是不给,看来是要拖到底了,我们这些被拆迁户的生活已经很困难了,房子拆了两年"
      "多还在外面租房住,每个月的房租都是自己掏钱。";
  const TypeGuess letter = GuessOrderType("黄兴北路通车两年多了还有拆迁补偿金不到位", body);
  EXPECT_EQ(letter.type, "complaint") << letter.reason;
  EXPECT_NE(letter.reason.find("来信以问句诉说问题"), std::string::npos) << letter.reason;
  EXPECT_EQ(GuessOrderType("拆迁补偿金什么时候发?", body).type, "consultation");
  EXPECT_EQ(GuessOrderType("拆迁补偿金", "补偿金什么时候给").type, "consultation");
}

// Praise that sets up a grievance ("…老百姓交口称赞…但是…") is no praise; praise without a turn
// stays praise.
TEST(RulesTest, PraiseBeforeATurnToAGrievanceIsNoPraise) {
  const TypeGuess turn = GuessOrderType(
      "请加强对河堤的管理",
      "去年对捞刀河堤进行了改造,老百姓交口称赞办了件大实事。但是大堤路面被车辆压得坑坑洼洼,"
      "栏杆被撞断,晚上路灯成了摆设,请相关部门加强河堤的后续管理。");
  EXPECT_NE(turn.type, "praise") << turn.reason;
  EXPECT_EQ(
      GuessOrderType("河堤改造", "去年对捞刀河堤进行了改造,老百姓交口称赞办了件大实事。").type,
      "praise");
}

TEST(RulesTest, PastIncidentsThanksAndWishesAfterAGrievance) {
  // Told as past or put out: no hand-over.
  EXPECT_FALSE(ScreenEmergency("建议路口装红绿灯", "这个路口早晚车多,上个月刚出过一回车祸").flag);
  EXPECT_FALSE(
      ScreenEmergency("家里失火后没地方住", "前天晚上家里厨房着火,火已经被消防扑灭了").flag);
  // People stuck in a lift, told as the caller tells it.
  EXPECT_EQ(ScreenEmergency("电梯关人了", "电梯卡在两层中间不动了,按警铃没人应").target, "96333");
  // A thank-you tells of a need already met.
  const UrgencyGuess thanks =
      GuessUrgency("给供电抢修师傅点赞", "昨晚我们小区停电,师傅冒着雨抢修到凌晨两点");
  EXPECT_EQ(thanks.urgency, "normal");
  EXPECT_NE(thanks.reason.find("表扬感谢"), std::string::npos) << thanks.reason;
  // A wish at the end of a grievance is the complainant's demand; a proposal stays one.
  EXPECT_EQ(GuessOrderType("村巷子里垃圾成堆", "垃圾堆了快半个月没人拉,希望街道上管一管").type,
            "complaint");
  EXPECT_EQ(GuessOrderType("建议建个图书馆", "附近没有公共图书馆,建议在朝阳大街附近建一个").type,
            "suggestion");
}

TEST(RulesTest, QuestionsAndReportsInEverydayWords) {
  EXPECT_EQ(GuessOrderType("新生儿上户口", "娃刚出生,想上户口,需要带啥,去哪个派出所办?").type,
            "consultation");
  EXPECT_EQ(GuessOrderType("灵活就业交社保", "想交养老保险,去哪办,一年最低交多少?").type,
            "consultation");
  EXPECT_EQ(GuessOrderType("耕地上盖房子", "有户人在承包地里盖房子,占的是耕地,已经起到二层了").type,
            "report");
  EXPECT_EQ(GuessOrderType("退役军人优待证", "问退役军人优待证咋申请,现在还能办不?").type,
            "consultation");
  EXPECT_EQ(GuessOrderType("今年啥时候开始供暖", "").type, "consultation");
}

// A supply cut named in passing in a letter about another matter is not the need; the title of
// an appeal about the cut names it, and a short note tells its need whatever the title.
// A water main bursting as a caller tells it is an incident (紧急); a burst that has cut the
// supply (停水 told first) and one in a letter stay 加急; a radiator's burst is 加急.
TEST(RulesTest, AWaterMainBurstingNowIsAnEmergency) {
  const UrgencyGuess now = GuessUrgency(
      "路边水管爆了", "高新一路朝阳大街十字往东,路边自来水管爆了,水冒得老高,半幅路都淹了");
  EXPECT_EQ(now.urgency, "emergency");
  EXPECT_NE(now.reason.find("供水管道爆裂"), std::string::npos) << now.reason;
  EXPECT_EQ(GuessUrgency("主水管爆裂小区停水",
                         "市民来电:锦苑小区北门外的人行道下面水管爆了,水从地砖缝里往外冒,"
                         "小区从一个小时前开始停水。")
                .urgency,
            "urgent");
  EXPECT_EQ(GuessUrgency("小区几乎每个月都水管破裂",
                         "红树湾小区近3年几乎每月水管破裂、反复维修,1700多户居民生活受到严重影响,"
                         "最近一个月之内更是多次出现问题,现在小区爆管一处,开挖一处,地面环境也深受"
                         "影响,请领导督促供水公司彻底更换老化管网,解决居民的后顾之忧。")
                .urgency,
            "urgent");
  EXPECT_EQ(GuessUrgency("暖气片爆了", "家里暖气片接口爆开了,热水一直往外喷").urgency, "urgent");
}

// A call record opening on last week, month or year tells a past event: the title's words name
// what happened then. Since last week, or last night's storm, may still go on.
TEST(RulesTest, ACallRecordOfLastMonthTellsThePast) {
  const UrgencyGuess past =
      GuessUrgency("停电把冰箱东西放坏了",
                   "来电人称上个月18号她们小区停了一整天电,事先没接到任何通知,"
                   "冰箱里的肉和冻饺子全放坏了,问能不能找供电公司赔。");
  EXPECT_EQ(past.urgency, "normal");
  EXPECT_NE(past.reason.find("所述为过去的事(「上个月」)"), std::string::npos) << past.reason;
  EXPECT_EQ(GuessUrgency("家里着火后生活困难求助",
                         "来电人称上个礼拜家里电动车充电着火,两间房子烧没了,人没事,"
                         "想问政府能不能给点救助。")
                .urgency,
            "normal");
  EXPECT_EQ(GuessUrgency("停水好几天了", "来电人称小区从上周就没水了,到现在也没人管").urgency,
            "urgent");
  EXPECT_EQ(
      GuessUrgency("大风把树刮倒挡住路了", "来电人称昨晚大风把路边的树刮倒了,横在路上").urgency,
      "urgent");
}

TEST(RulesTest, ACutNamedInPassingInALetterAboutAnotherMatterIsNotUrgent) {
  const std::string about_lifts =
      "我们小区每栋楼的电梯几乎每周都坏,物业一直推脱,现在水也是隔一天停水,外墙还有开裂,"
      "业主多次找物业和社区都没有结果,老人小孩上下楼非常困难,一旦有人被关在电梯里出了事"
      "怎么办,请领导督促物业和开发商尽快解决。";
  const UrgencyGuess side = GuessUrgency("小区电梯经常坏无人修", about_lifts);
  EXPECT_EQ(side.urgency, "normal");
  EXPECT_NE(side.reason.find("附带提及"), std::string::npos) << side.reason;
  // The same body under a title that names the water: the cut is the need.
  EXPECT_EQ(GuessUrgency("小区电梯坏了又停水", about_lifts).urgency, "urgent");
  EXPECT_EQ(GuessUrgency("请求解决小区用水问题", about_lifts).urgency, "urgent");
  // "管理" is not a pipe: a drain blocked in a letter about rubbish is still a side remark.
  EXPECT_EQ(GuessUrgency("楼顶垃圾无人管理",
                         "楼顶堆满建筑垃圾和生活垃圾,社区每次回复都说已经清理,实际上没有清理,"
                         "已经多次拨打热线反映,均未得到有效处置,现在导致楼顶下水道堵塞,臭气熏天,"
                         "严重影响居民生活,希望相关部门不要只说不做。")
                .urgency,
            "normal");
  // A short note and the record of a call tell their need.
  EXPECT_EQ(GuessUrgency("小区电梯坏了", "三号楼今天停水了").urgency, "urgent");
  EXPECT_EQ(GuessUrgency("电梯故障", "市民来电反映:" + about_lifts).urgency, "urgent");
  // Words that are an urgency in themselves have no subject to name.
  EXPECT_EQ(GuessUrgency("急需熊猫血",
                         "一位病人因病现急需O型RH阴性血,已转至省人民医院,血色素已经很低,情况紧急,"
                         "大家身边如果有血源信息,请第一时间联系医院,拜托了,谢谢大家转发!")
                .urgency,
            "urgent");
}

// Winter and hazard wording from the sixth set of intake probes (examples written for the test).
TEST(RulesTest, WinterNeedsAndThingsAboutToFall) {
  EXPECT_EQ(GuessUrgency("暖气片凉了", "我家暖气片全凉了,屋里只有十度").urgency, "urgent");
  EXPECT_EQ(GuessUrgency("", "单元楼道的水管冻裂了,水流了一地").urgency, "urgent");
  const UrgencyGuess sign = GuessUrgency("", "商场门口的招牌被风吹得翘起来了,下面都是人");
  EXPECT_EQ(sign.urgency, "urgent");
  EXPECT_NE(sign.reason.find("险情"), std::string::npos) << sign.reason;
  // Without a type word, something about to fall on people asks for help.
  EXPECT_EQ(GuessOrderType("路边大树", "路边一棵大树被雪压断了,横在路中间").type, "help");
  // Not a wall's plaster flaking (a complaint about a leak, not a hazard to clear now).
  EXPECT_EQ(GuessUrgency("", "楼上漏水,我家墙皮一块块往下掉").urgency, "normal");
}

TEST(RulesTest, FearsAndFiresSaidNotToBurnAreNotHandedOver) {
  EXPECT_FALSE(ScreenEmergency("楼道堆杂物", "楼道里堆满纸箱子,冬天干燥怕起火").flag);
  EXPECT_FALSE(ScreenEmergency("电表箱响", "电表箱一直响,现在没冒烟也没着火").flag);
  // A title naming a fire whose story the body tells as past is not handed over ...
  const EmergencyScreen past =
      ScreenEmergency("房子失火申请救助", "前天夜里电线短路着火,火当时就扑灭了,现在没地方住");
  EXPECT_FALSE(past.flag) << past.reason;
  // ... but the title stands where the body does not retell it.
  EXPECT_EQ(ScreenEmergency("仓库着火了", "3号仓库冒出黑烟,快来人").target, "119");
  // The operator's own record of a transfer names the line, wherever it stands, and whatever
  // else its clause holds ("平台" is otherwise a marker of a money dispute) ...
  EXPECT_EQ(ScreenEmergency("老人摔倒", "一位老人在路上摔倒了,话务员已一键转接120").target, "120");
  const EmergencyScreen lift =
      ScreenEmergency("电梯停了", "3号楼电梯停在两层之间,里面有人。已转96333电梯应急处置平台");
  EXPECT_EQ(lift.target, "96333");
  EXPECT_NE(lift.reason.find("转96333"), std::string::npos) << lift.reason;
  // ... but not a record that none was made, nor another number.
  EXPECT_FALSE(ScreenEmergency("", "来电人情绪激动,经核实无需转120,已安抚").flag);
  EXPECT_FALSE(ScreenEmergency("", "请转1101分机的工作人员回电").flag);
}

TEST(RulesTest, DemandsPutAsQuestionsAndThanksInTheTitle) {
  EXPECT_EQ(GuessOrderType("广场音响太吵", "每天晚上音响开到最大,能不能管一下").type, "complaint");
  EXPECT_EQ(GuessOrderType("", "门口路灯报修了两次,到现在没下文").type, "complaint");
  EXPECT_EQ(GuessOrderType("", "我妈一个人住,电话一直打不通,请社区派人上门看看").type, "help");
  // Any praise word in the title decides: a title that thanks is a thank-you.
  const TypeGuess thanks = GuessOrderType("感谢环卫工人", "环卫工人把我丢的钱包送回来了");
  EXPECT_EQ(thanks.type, "praise");
  EXPECT_EQ(thanks.strength, 2);
}

// Summer wording from the eighth set of intake probes (examples written for the test).
TEST(RulesTest, TransfersDealtWithThanksAndSummerQuestions) {
  // A transfer recorded for an incident since dealt with: the line is still named, but the rest
  // of the appeal decides its urgency.
  const std::string lift =
      "3号楼电梯今天困人,话务员已转接96333,被困人员已于15时解救。要求查处维保单位";
  EXPECT_EQ(ScreenEmergency("电梯困人后续", lift).target, "96333");
  EXPECT_NE(GuessUrgency("电梯困人后续", lift).urgency, "emergency");
  EXPECT_EQ(GuessUrgency("电梯困人", "3号楼电梯困人,话务员已转接96333").urgency, "emergency");
  // A title that thanks tells of an incident dealt with.
  const EmergencyScreen thanks =
      ScreenEmergency("表扬医院急诊科", "父亲中暑昏迷送到急诊,医生抢救及时,已脱离危险");
  EXPECT_FALSE(thanks.flag);
  EXPECT_NE(thanks.reason.find("表扬感谢"), std::string::npos) << thanks.reason;
  EXPECT_EQ(GuessUrgency("井盖被冲走", "雨水把井盖冲开了,井口淹在水里看不见").urgency, "emergency");
  EXPECT_EQ(GuessUrgency("地下车库", "雨太大了,水正往车库里灌").urgency, "urgent");
  // Questions in everyday words.
  EXPECT_EQ(GuessOrderType("政务大厅", "暑假周六上不上班").type, "consultation");
  EXPECT_EQ(GuessOrderType("异地就医", "去外地住两个月,需不需要备案").type, "consultation");
  EXPECT_EQ(GuessOrderType("宅基地", "现在还能批不,啥条件,去哪申请").type, "consultation");
}

// Wording from the tenth set of intake probes, the weeks after the Spring Festival (examples
// written for the test).
TEST(RulesTest, CallsForAnAmbulanceAskForHelpAndShaanxiProtests) {
  // Someone hurt now, the ambulance line transferred: help, whatever else the caller says.
  const TypeGuess hurt = GuessOrderType(
      "工地有人摔伤", "刚才一个工人从脚手架上摔下来,头上流血,工地上没人管。已转接120");
  EXPECT_EQ(hurt.type, "help");
  EXPECT_NE(hurt.reason.find("120"), std::string::npos) << hurt.reason;
  // The same words about a fall long past are a complaint.
  EXPECT_EQ(GuessOrderType("工地摔伤老板不管", "去年在工地摔伤,老板不给报销,也没人管").type,
            "complaint");
  // A question that is a protest; a procedure asked plainly.
  EXPECT_EQ(GuessOrderType("房本办不下来", "开发商欠税凭啥让业主背锅?到底啥时候能办?").type,
            "complaint");
  EXPECT_EQ(GuessOrderType("社保卡丢了咋补办", "").type, "consultation");
  // A violation named by what is sold; a nuisance told by its loudness.
  EXPECT_EQ(GuessOrderType("超市卖过期汤圆", "货架上还有一堆").type, "report");
  EXPECT_EQ(GuessOrderType("", "厂里晚上十点以后机器还轰轰响").type, "complaint");
}

TEST(RulesTest, WinterCallsOfProbeSet12) {
  // "…不" closing a title asks (能放烟花不 = can one or not), it tells of nothing wrong.
  EXPECT_EQ(GuessOrderType("今年过年高新区能放烟花不", "").type, "consultation");
  EXPECT_EQ(GuessOrderType("暖气费能在手机上交不", "").type, "consultation");
  EXPECT_EQ(GuessOrderType("暖气费交了三次还不热", "").type, "complaint");
  // A wish about a need to be met now asks for help; one about heating gone cold is a complaint.
  const TypeGuess burst = GuessOrderType(
      "路边水管冻爆了", "水表井往外冒水,看着像管子冻裂了,希望自来水公司赶紧来关阀修管");
  EXPECT_EQ(burst.type, "help") << burst.reason;
  EXPECT_EQ(GuessOrderType("整栋暖气停了", "从昨天晚上开始暖气完全不热了,希望尽快派人抢修").type,
            "complaint");
  // A thank-you for something done is praise; 谢谢 after a request is a courtesy.
  const TypeGuess thanks = GuessOrderType("暖气热了谢谢", "热力公司连夜抢修好了");
  EXPECT_EQ(thanks.type, "praise");
  EXPECT_EQ(thanks.strength, 2);
  EXPECT_EQ(GuessOrderType("请问独生子女怎么认定?谢谢", "").type, "consultation");
  // "Since yesterday" is going on now; "yesterday" alone is over.
  EXPECT_EQ(GuessUrgency("整栋暖气停了", "从昨天晚上开始暖气完全不热了,摸着冰凉").urgency,
            "urgent");
  // An accident weeks ago, treated since, is nothing to hand over.
  EXPECT_FALSE(ScreenEmergency("交不起暖气费", "丈夫10月份出了车祸一直住院,想申请临时救助").flag);
}

TEST(RulesTest, HarvestSeasonCallsOfProbeSet14) {
  // A bus carrying more than allowed is reported; a document asked for with 咋办 is a question.
  EXPECT_EQ(GuessOrderType("校车超员", "核载19人,每次都坐二十五六个娃").type, "report");
  EXPECT_EQ(GuessOrderType("退役军人优待证咋办", "").type, "consultation");
  // Sparks where a branch touches a wire: a need to be met soon, so a request for help.
  const TypeGuess sparks =
      GuessOrderType("树枝搭电线打火花", "树杈伸到电线上了,一刮风就噼里啪啦打火花,底下是人行道");
  EXPECT_EQ(sparks.type, "help") << sparks.reason;
  // Someone stuck in a lift a few days ago, an accident whose liability is asked about: nothing
  // to hand over now.
  EXPECT_FALSE(ScreenEmergency("地下车库电梯无信号", "前几天有老人困在电梯里都打不出去电话").flag);
  EXPECT_FALSE(
      ScreenEmergency("上班途中交通事故能否认定工伤",
                      "劳动者在上班途中发生非本人主要责任的交通事故受伤,是否可以认定为工伤")
          .flag);
  EXPECT_TRUE(ScreenEmergency("电梯困人", "有老人困在电梯里了,打不出去电话").flag);
}

TEST(RulesTest, LettersAndWeChatOfProbeSet16) {
  // A title that thanks and asks is a request put politely, not praise.
  const TypeGuess polite =
      GuessOrderType("感谢高新区发展 盼小区早日通天然气",
                     "首先衷心感谢市委市政府这些年对高新区的关心。小区交房四年了仍然用不上天然气,"
                     "恳请领导督促相关方面尽快通气。再次感谢领导在百忙之中看我的留言!");
  EXPECT_NE(polite.type, "praise") << polite.reason;
  EXPECT_EQ(GuessOrderType("感谢白杨街道便民服务中心", "上门办了高龄补贴,太暖心了").type, "praise");
  EXPECT_EQ(GuessOrderType("给白杨街道点个赞", "办高龄补贴人家直接上门来拍照采集").type, "praise");
  // A terse message that ends on "…不" asks; a parcel lost is something wrong.
  EXPECT_EQ(GuessOrderType("被狗咬了", "高新这边哪能打狂犬疫苗 晚上能打不").type, "consultation");
  EXPECT_EQ(GuessOrderType("快递网点丢件", "网点说放在门口丢了,只愿意赔300元").type, "complaint");
  // A junction's lights out: 加急.
  EXPECT_EQ(GuessUrgency("高新一路朝阳大街十字信号灯不亮", "早高峰车辆抢行,十分混乱").urgency,
            "urgent");
}

}  // namespace
// Praise in quotation marks is irony; a quoted word that is not only praise is not.
TEST(RulesTest, PraiseInQuotationMarksIsIrony) {
  for (const auto& [title, body] : std::vector<std::pair<std::string, std::string>>{
           {"真得“表扬”一下你们", "路口下水道堵了,打了两次电话,回复都说已处理,下雨照样冒"},
           {"物业的“好”服务", "停车费从60元涨到120元,没开业主大会也没公示"},
           {"表扬东门垃圾箱", "垃圾箱要“表扬”一下,五天没人拉了,真是“坚持”得好"}}) {
    const TypeGuess g = GuessOrderType(title, body);
    EXPECT_NE(g.type, "praise") << title << " " << g.reason;
    EXPECT_TRUE(g.ironic) << title;
    EXPECT_NE(g.reason.find("反语"), std::string::npos) << g.reason;
  }
  const TypeGuess praise =
      GuessOrderType("感谢社区网格员", "网格员小王被大家叫作“好人”,上周帮我家老人办好了高龄补贴");
  EXPECT_EQ(praise.type, "praise") << praise.reason;
  EXPECT_FALSE(praise.ironic);
}

// Out-of-fold misses over the seed appeals (2026-12-05), in words written for this test: a fall
// with a bleeding head, a fraud still going on, a slope cracking, a branch hanging over the
// pavement; and a question about when the heating season ends is no cut.
TEST(RulesTest, HazardsAndLiveFraudOfTheSeedAppeals) {
  const EmergencyScreen fall =
      ScreenEmergency("小区门口有人摔倒", "一个老太太摔倒了,头上流血,叫她也叫不应");
  EXPECT_TRUE(fall.flag);
  EXPECT_EQ(fall.target, "120");
  const EmergencyScreen fraud = ScreenEmergency(
      "接到假客服电话", "我妈刚才按对方说的转了一万块,对方还在电话里让她继续转,电话没挂");
  EXPECT_TRUE(fraud.flag);
  EXPECT_EQ(fraud.target, "110");
  EXPECT_EQ(GuessUrgency("村后土崖开裂", "下了几天雨,村后土崖裂了一道缝,还在往下掉土").urgency,
            "urgent");
  EXPECT_EQ(GuessUrgency("树枝断了", "路边大树枝断了一半,吊在人行道上面,随时可能掉下来").urgency,
            "urgent");
  EXPECT_EQ(GuessUrgency("暖气不热", "整栋楼暖气一点都不热了,地下室管子在冒热水").urgency,
            "urgent");
  EXPECT_EQ(GuessUrgency("咨询啥时候停暖", "想问一下今年还能不能延几天").urgency, "normal");
}

// A telecom fraud told as just done goes to 110 (止付 in the first hours); a scam only tried, a
// loss denied or conditional, a shop's face-to-face "骗" or a case already reported do not.
TEST(RulesTest, ATelecomFraudJustDoneIsHandedToThePolice) {
  const EmergencyScreen job = ScreenEmergency(
      "网上兼职被骗", "半小时前在微信群里看到招兼职刷单,先返了两次钱,后来让我垫付,已经转了4500元");
  // As Suggest reads it: normalised, "QQ" lower-cased.
  const TextNormalizer& norm = TextNormalizer::Default();
  EXPECT_TRUE(ScreenEmergency(norm.Normalize("冒充客服"),
                              norm.Normalize("刚才加了对方QQ,按他说的转了5000元"))
                  .flag);
  EXPECT_TRUE(job.flag) << job.reason;
  EXPECT_EQ(job.target, "110");
  EXPECT_NE(job.reason.find("电信网络诈骗"), std::string::npos) << job.reason;
  const EmergencyScreen code = ScreenEmergency("老人接到冒充社保局的电话",
                                               "对方说是社保局的,我爸刚把银行卡号和验证码都"
                                               "告诉对方了,现在还在跟对方通话");
  EXPECT_TRUE(code.flag) << code.reason;
  EXPECT_EQ(code.target, "110");
  EXPECT_NE(code.reason.find("电信网络诈骗"), std::string::npos) << code.reason;
  // Not done, or only as a condition.
  EXPECT_FALSE(ScreenEmergency("这是不是骗子电话",
                               "刚接到个电话说我的卡被冻结了,让我转到安全账户,我没转,挂了")
                   .flag);
  EXPECT_FALSE(ScreenEmergency("医保卡冻结电话",
                               "刚才对方自称医保局的,让加QQ,话务员已提醒不要"
                               "转账,如已转账请立即联系银行")
                   .flag);
  // Face to face, not telecom; already with the police.
  EXPECT_FALSE(
      ScreenEmergency("理发店骗人办卡", "刚在楼下理发店被骗办了一张卡,付了2000元,现在不给退").flag);
  EXPECT_FALSE(ScreenEmergency("刚被电话诈骗",
                               "刚才接到冒充客服的电话,转了3000元,已经报警了,"
                               "派出所让我来问问银行能不能追回")
                   .flag);
}

}  // namespace minsheng
