// Unit tests of the fact extractor (facts.h): phones, dates, amounts, persons, places and
// organisations with their spans, administrative divisions, and the estate key of repeat
// detection.
#include "dispatch/facts.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng {
namespace {

// The facts of the given kinds found in `text`, as "kind:text" or, untagged, as the text alone.
std::vector<std::string> OfKinds(std::string_view text,
                                 std::initializer_list<std::string_view> kinds, bool tagged) {
  std::vector<std::string> out;
  for (const auto& f : ExtractFacts(text, "content")) {
    for (std::string_view k : kinds) {
      if (f.kind == k) out.push_back(tagged ? f.kind + ":" + f.text : f.text);
    }
  }
  return out;
}

// The places and organisations found in `text`, as "kind:text".
std::vector<std::string> Places(std::string_view text) {
  return OfKinds(text, {"place", "organization"}, true);
}

TEST(FactsTest, PhoneDateAmountWithSpans) {
  std::string text = "我叫张三,电话13812345678,2020年3月5日交了3000元,12345热线";
  auto facts = ExtractFacts(text, "content");
  auto find = [&](const std::string& kind) -> const Fact* {
    for (const auto& f : facts) {
      if (f.kind == kind) return &f;
    }
    return nullptr;
  };
  const Fact* phone = find("phone");
  ASSERT_NE(phone, nullptr);
  EXPECT_EQ(phone->text, "13812345678");
  EXPECT_EQ(phone->start, 7u);
  EXPECT_EQ(phone->end, 18u);
  EXPECT_EQ(phone->field, "content");
  const Fact* date = find("date");
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(date->text, "2020年3月5日");
  const Fact* amount = find("amount");
  ASSERT_NE(amount, nullptr);
  EXPECT_EQ(amount->text, "3000元");
  size_t phones = 0;
  for (const auto& f : facts) phones += f.kind == "phone";
  EXPECT_EQ(phones, 1u);  // 12345 is not a phone number of the caller
}

TEST(FactsTest, FullWidthDigitsKeepOriginalSpans) {
  auto facts = ExtractFacts("电话１３８１２３４５６７８", "title");
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].text, "１３８１２３４５６７８");
  EXPECT_EQ(facts[0].start, 2u);
  EXPECT_EQ(facts[0].end, 13u);
}

TEST(FactsTest, PlacesAndOrganisations) {
  auto facts = ExtractFacts("王贺村2组的下水道坏了,找了程明物业管理有限公司", "content");
  bool place = false, org = false;
  for (const auto& f : facts) {
    if (f.kind == "place" && f.text == "王贺村2组") place = true;
    if (f.kind == "organization" && f.text == "程明物业管理有限公司") org = true;
  }
  EXPECT_TRUE(place);
  EXPECT_TRUE(org);
  auto verb = ExtractFacts("投诉程明物业乱收费", "title");
  ASSERT_FALSE(verb.empty());
  EXPECT_EQ(verb[0].text, "程明物业");
  EXPECT_EQ(verb[0].start, 2u);
}

// Administrative divisions named on their own: provinces by name, masked codes, and the units
// after them; a longer name holding them wins; words that only hold a province name do not count.
TEST(FactsTest, AdministrativeDivisions) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Places("我是陕西省渭南市临渭区人,亲戚在湖北省武汉市"),
            (V{"place:陕西省渭南市临渭区", "place:湖北省武汉市"}));
  EXPECT_EQ(Places("住在A市的亲戚,A8县市也不管,我是广东人"),
            (V{"place:A市", "place:A8县市", "place:广东"}));
  EXPECT_EQ(Places("ａ７县的路"), (V{"place:ａ７县"}));  // full width, spans on the original
  EXPECT_EQ(Places("A市A7县星沙镇的A市政府"), (V{"place:A市A7县星沙镇", "organization:A市政府"}));
  // Inside a word: no division; a unit after a division is made of name characters only.
  EXPECT_EQ(Places("把东西藏起来"), V{});
  EXPECT_EQ(Places("KA市"), V{});
  EXPECT_EQ(Places("A市老旧社区,社区很好"), (V{"place:A市老旧社区"}));
  EXPECT_EQ(Places("A市,社区很好"), (V{"place:A市"}));
}

// Function words and verbs of motion end a name scan: the name starts after them.
TEST(FactsTest, VerbsOfMotionAndFunctionWordsBeginNoName) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Places("业主代表去忘仙桥社区反映"), (V{"place:忘仙桥社区"}));
  EXPECT_EQ(Places("黑恶势力进入谷山庭院小区"), (V{"place:谷山庭院小区"}));
  EXPECT_EQ(Places("多次跟程明物业协商"), (V{"organization:程明物业"}));
  EXPECT_EQ(Places("未取得省级商务厅批准"), (V{"organization:省级商务厅"}));
  // A time of day or a question word opens no name; a shop below a building is not the estate's.
  EXPECT_EQ(Places("每天晚上崇业路两边都是流动摊贩"), (V{"place:崇业路"}));
  EXPECT_EQ(Places("请问划片到哪个学校"), V{});
  EXPECT_EQ(Places("翠湖雅苑5栋楼下饭店没有油烟净化器"), (V{"place:翠湖雅苑5栋"}));
  EXPECT_EQ(Places("感谢崇业路街道办的李主任"), (V{"organization:崇业路街道办"}));
}

TEST(FactsTest, EstateKeyWithoutDistrictsRoadsOrGenericWords) {
  EXPECT_EQ(EstateKey("A市A3区中海国际社区"), "中海国际社区");
  EXPECT_EQ(EstateKey("渭南市高新区翠湖雅苑"), "翠湖雅苑");
  EXPECT_EQ(EstateKey("丽发新城小区"), "丽发新城");
  EXPECT_EQ(EstateKey("劳动东路魅力之城小区"), "魅力之城");
  EXPECT_EQ(EstateKey("金麓小区"), "金麓小区");
  EXPECT_EQ(EstateKey("翠湖雅苑小区3栋2单元"), "翠湖雅苑");
  EXPECT_EQ(EstateKey("A市A3区中海国际社区三期"), "中海国际社区");
  // A facility or an address running on past the estate; a road named after one is none.
  EXPECT_EQ(EstateKey("A6区乾源国际广场停车场"), "乾源国际广场");
  EXPECT_EQ(EstateKey("A7县泉星社区泉星2号生活垃圾站"), "泉星社区");
  EXPECT_EQ(EstateKey("A市高新区谷苑路"), "");
  EXPECT_EQ(EstateKey("A市楚府东路"), "");
  EXPECT_EQ(EstateKey("馨香雅苑路口"), "馨香雅苑");
  // Estates named …府 (not a government's 政府, 县府 …); with 小区 after it, one estate.
  EXPECT_EQ(EstateKey("悦澜府"), "悦澜府");
  EXPECT_EQ(EstateKey("悦澜府小区"), "悦澜府");
  EXPECT_EQ(EstateKey("滨江府二期"), "滨江府");
  EXPECT_EQ(EstateKey("高新区政府"), "");
  EXPECT_EQ(EstateKey(""), "");
  EXPECT_EQ(EstateKey("苑"), "");
  EXPECT_EQ(EstateKey("A4区朝正苑城中村"), "朝正苑");  // 城中村 is no 城
  for (const char* none :
       {"周边小区", "共同诉求整个小区", "王贺村2组", "崇业路", "M9县城", "新区"}) {
    EXPECT_EQ(EstateKey(none), "") << none;
  }
}

// Openers are not part of a name, ordinary words ending in a suffix are no names, and magnitudes
// without a count are no amounts.
TEST(FactsTest, NamesWithoutOpenersOrdinaryWordsAndVagueAmounts) {
  auto texts = [](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& f : ExtractFacts(text, "content")) out.push_back(f.kind + ":" + f.text);
    return out;
  };
  EXPECT_EQ(texts("我们致电A5区工务局,几年前香樟小学就说过"),
            (std::vector<std::string>{"organization:A5区工务局", "organization:香樟小学"}));
  EXPECT_EQ(texts("该小区的道路坏了,这家公司已经跑路"), std::vector<std::string>{});
  EXPECT_EQ(texts("小区消防布局不合理,要交物业费"), std::vector<std::string>{});
  EXPECT_EQ(texts("损失几万元,赔了3万元"), std::vector<std::string>{"amount:3万元"});
  // A suffix inside another word ends no name (城市, 城管, 村民, 组织, 路灯); 街道 is one.
  EXPECT_EQ(texts("城市管理很差,城管不作为,当地村民组织起来"), std::vector<std::string>{});
  EXPECT_EQ(texts("楚龙街道的路灯坏了"), std::vector<std::string>{"place:楚龙街道"});
  // 村口, 村头 after a village or its group are no part of its name.
  EXPECT_EQ(texts("王贺村3组村口路灯坏了"), std::vector<std::string>{"place:王贺村3组"});
  EXPECT_EQ(texts("王贺村村头的路"), std::vector<std::string>{"place:王贺村"});
  EXPECT_EQ(texts("白杨村三组村西头"), std::vector<std::string>{"place:白杨村三组"});
  // A span still points at the name in the original text.
  const auto facts = ExtractFacts("问政A9市环保局", "title");
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].text, "A9市环保局");
  EXPECT_EQ(facts[0].start, 2u);
}

// Left boundaries checked against names annotated by hand in hotspot.jsonl (docs/dispatch.md
// "Facts checked by hand"): a verb or preposition in front ends the name, upper-case masked
// codes (A3区) and long addresses are kept whole, generic nouns are no name.
TEST(FactsTest, NameBoundariesAndGenericNouns) {
  auto texts = [](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& f : ExtractFacts(text, "content")) out.push_back(f.kind + ":" + f.text);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(texts("购买了A3区咸嘉湖西路星语林阿普阿布小区"),
            (V{"place:A3区咸嘉湖西路星语林阿普阿布小区"}));
  EXPECT_EQ(texts("多次向A市住建局反映"), (V{"organization:A市住建局"}));
  EXPECT_EQ(texts("学校告知长房云时代小学已满"), (V{"organization:长房云时代小学"}));
  EXPECT_EQ(texts("每天往万家丽路方向堵车"), (V{"place:万家丽路"}));
  EXPECT_EQ(texts("孩子只能去读双湖小学"), (V{"organization:双湖小学"}));
  EXPECT_EQ(texts("车辆沿着东四路行驶"), (V{"place:东四路"}));
  EXPECT_EQ(texts("魅力之城小区临街门面"), (V{"place:魅力之城小区"}));
  EXPECT_EQ(texts("物业公司不管,自来水公司也不管,冻结部分银行账户"), V{});
  EXPECT_EQ(texts("小区必经之路是断头路,14栋和县城"), V{});
  // Second pass: government bodies, stations, lines, works; an address in front of an
  // organisation is a place of its own; "X和Y" bureaus stay whole.
  EXPECT_EQ(texts("反映给西地省人力资源和社会保障厅"),
            (V{"organization:西地省人力资源和社会保障厅"}));
  EXPECT_EQ(texts("请A市发改委和A7县人民政府回复"),
            (V{"organization:A市发改委", "organization:A7县人民政府"}));
  EXPECT_EQ(texts("从A市高铁南站坐地铁5号线"), (V{"place:A市高铁南站", "place:地铁5号线"}));
  EXPECT_EQ(texts("A3区桐梓坡路部落饭店油烟扰民"),
            (V{"place:A3区桐梓坡路", "organization:部落饭店"}));
  EXPECT_EQ(texts("东风路小学门口"), (V{"organization:东风路小学"}));
  EXPECT_EQ(texts("楼下的“金麦汇”KTV噪音扰民"), (V{"organization:金麦汇"}));
  EXPECT_EQ(texts("“翠湖雅苑”小区,“很吵”的"), (V{"place:翠湖雅苑"}));
  EXPECT_EQ(texts("物业和住建局都不管"), (V{"organization:住建局"}));
  EXPECT_EQ(texts("致A7县环保局:小区附近搅拌站噪音大,网站上查不到"),
            (V{"organization:A7县环保局"}));
  // Going to school is no school, counts and generic words are no names, a verb's 过 is no part
  // of one (2026-12-04, evening).
  EXPECT_EQ(texts("孩子明年上小学,户口在高新区金城社区"), (V{"date:明年", "place:高新区金城社区"}));
  EXPECT_EQ(texts("锦业路中段新建了好几个小区"), (V{"place:锦业路中段"}));
  EXPECT_EQ(texts("投诉某小区物业乱收费"), V{});
  EXPECT_EQ(texts("找过崇业路街道办没人管"), (V{"organization:崇业路街道办"}));
  EXPECT_EQ(texts("我家孩子在崇业路小学上学"), (V{"organization:崇业路小学"}));
  // A crossroads is one place; a name may begin with 和 after a word that ends a scan.
  EXPECT_EQ(texts("创业大道与新盛路十字东北角一棵大树刮倒了"),
            (V{"place:创业大道与新盛路十字东北角"}));
  EXPECT_EQ(texts("住在旁边和平里小区的居民"), (V{"place:和平里小区"}));
  EXPECT_EQ(texts("物业和住建局都不管"), (V{"organization:住建局"}));
}

TEST(FactsTest, DatesAndAmountsAsCallersSayThem) {
  auto facts = [](std::string_view text) { return OfKinds(text, {"date", "amount"}, true); };
  using V = std::vector<std::string>;
  EXPECT_EQ(facts("去年10月到今年3月一共欠3.6万元"),
            (V{"date:去年10月", "date:今年3月", "amount:3.6万元"}));
  EXPECT_EQ(facts("去年腊月开始,2022年底交房,上个月18日又去问"),
            (V{"date:去年腊月", "date:2022年底", "date:上个月18日"}));
  EXPECT_EQ(facts("上周五打过电话,下礼拜一去医院,4月底前退款"),
            (V{"date:上周五", "date:下礼拜一", "date:4月底"}));
  EXPECT_EQ(facts("交了2300多元,开发商欠2000多万元,想贷20万,问一下"),
            (V{"amount:2300多元", "amount:2000多万元", "amount:20万"}));
  // Not dates or amounts: durations, counts, months past 12, 万 of people.
  EXPECT_EQ(facts("干了3个月,13月,15万人,12个工人"), V{});
}

TEST(FactsTest, VehiclePlates) {
  auto plates = [](std::string_view text) { return OfKinds(text, {"plate"}, false); };
  using V = std::vector<std::string>;
  EXPECT_EQ(plates("车牌陕E12345的出租车拒载"), (V{"陕E12345"}));
  EXPECT_EQ(plates("陕E·D1234占道停车,还有陕ED12345、陕A1234学"),
            (V{"陕E·D1234", "陕ED12345", "陕A1234学"}));
  EXPECT_EQ(plates("车牌号：陕Ｅ５６７８９"), (V{"陕Ｅ５６７８９"}));
  // Not plates: words, too short, no digit, digits running on.
  EXPECT_TRUE(plates("陕西省渭南市高新区").empty());
  EXPECT_TRUE(plates("陕E123和京ABCDE,陕E1234567").empty());
  auto facts = ExtractFacts("投诉陕E12345", "title");
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].start, 2u);
  EXPECT_EQ(facts[0].end, 9u);
}

TEST(FactsTest, PersonsNamedInTheAppeal) {
  auto persons = [](std::string_view text) { return OfKinds(text, {"person"}, false); };
  using V = std::vector<std::string>;
  EXPECT_EQ(persons("物业公司的李经理说下周修,王建国书记不作为"), (V{"李经理", "王建国书记"}));
  EXPECT_EQ(persons("我叫张三,村支书王某某强占土地"), (V{"张三", "王某某"}));
  EXPECT_EQ(persons("联系人:欧阳明,物业经理张伟说不管"), (V{"欧阳明", "张伟"}));
  EXPECT_EQ(persons("李女士反映"), (V{"李女士"}));
  EXPECT_EQ(persons("向我收取1200元,负责人张建国拒不退还,房东:刘洋"), (V{"张建国", "刘洋"}));
  EXPECT_EQ(persons("举报人谢刚电话已留,负责人刘维无故停工"), (V{"谢刚", "刘维"}));
  EXPECT_EQ(persons("包工头张某欠我们工资,邻居王建军也被欠"), (V{"张某", "王建军"}));
  // Not persons: a surname character inside a word, a place, a company.
  EXPECT_TRUE(persons("高校长期拖欠教师工资").empty());
  EXPECT_TRUE(persons("要求对责任人严肃处理,当事人陈述材料已提交").empty());
  EXPECT_TRUE(persons("王贺村2组的下水道坏了,找了程明物业管理有限公司").empty());
  // Spans are code points into the original field.
  auto facts = ExtractFacts("投诉李经理", "title");
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].kind, "person");
  EXPECT_EQ(facts[0].start, 2u);
  EXPECT_EQ(facts[0].end, 5u);
}

// Facts probe set 3 (2026-12-04, night): what belongs to a place, shops and platforms named
// without a suffix, companies named by their trades, and the persons an intake record names.
TEST(FactsTest, IntakeRecordsThirdRound) {
  using V = std::vector<std::string>;
  // A flat, a floor, a road's section, an estate's phase, a national road, a compound.
  EXPECT_EQ(Places("住紫薇花园小区11号楼1单元602室,楼上"),
            (V{"place:紫薇花园小区11号楼1单元602室"}));
  EXPECT_EQ(Places("和平里小区11号楼7楼漏水"), (V{"place:和平里小区11号楼7楼"}));
  EXPECT_EQ(Places("阳光城小区18号楼23楼以上水压低"), (V{"place:阳光城小区18号楼"}));
  EXPECT_EQ(Places("良田街道朝阳大街东段的工地"), (V{"place:良田街道朝阳大街东段"}));
  EXPECT_EQ(Places("在翠湖雅苑二期买房"), (V{"place:翠湖雅苑二期"}));
  EXPECT_EQ(Places("小区南侧紧邻310国道,临路的几栋楼"), (V{"place:310国道"}));
  EXPECT_EQ(Places("崇业路供电局家属院老旧小区改造"), (V{"place:崇业路供电局家属院"}));
  // Counts and an estate's own square name no place; the estate's 物业 is the estate.
  EXPECT_EQ(Places("全组83户,两组充电桩"), V{});
  EXPECT_EQ(Places("在阳光水岸小区广场被狗追"), (V{"place:阳光水岸小区"}));
  EXPECT_EQ(Places("阳光城小区物业乱收停车费"), (V{"place:阳光城小区"}));
  // Shops: a quoted name holding its trade or followed by its kind, a 店 with a name, brands.
  EXPECT_EQ(Places("楼下临街的“老秦家烧烤”营业到凌晨,在“茶香里”奶茶店兼职"),
            (V{"organization:老秦家烧烤", "organization:茶香里"}));
  EXPECT_EQ(Places("所谓的“业主签字”,实行“跨省通办”"), V{});
  EXPECT_EQ(Places("在欧雅家具店买的,别的家具店也一样,奶茶店"), (V{"organization:欧雅家具店"}));
  EXPECT_EQ(Places("用滴滴打车到乐天大街华润万家"),
            (V{"organization:滴滴", "place:乐天大街", "organization:华润万家"}));
  // Companies: 和 inside a company's own name; trades alone or a fee name no company.
  EXPECT_EQ(Places("找渭南嘉和物业服务有限公司几次"), (V{"organization:渭南嘉和物业服务有限公司"}));
  EXPECT_EQ(Places("住建局和物业公司都不管,装修公司跑了"), (V{"organization:住建局"}));
  EXPECT_EQ(Places("两年的流转费公司一直没给"), V{});
  EXPECT_EQ(Places("领导协调自然资源和规划分局办证"), (V{"organization:自然资源和规划分局"}));
  // Persons.
  auto persons = [](std::string_view text) { return OfKinds(text, {"person"}, false); };
  EXPECT_EQ(persons("跟楼上老周说了好几回,物业小王来看过"), (V{"老周", "小王"}));
  EXPECT_EQ(persons("找过项目部刘经理,房东康某扣了押金"), (V{"刘经理", "康某"}));
  EXPECT_EQ(persons("我叫聂永刚,业主代表：张宏伟,代表：党春生"), (V{"聂永刚", "张宏伟", "党春生"}));
  EXPECT_EQ(persons("来电人米同学反映,主管肖主管说"), (V{"米同学", "肖主管"}));
  EXPECT_TRUE(persons("关于我父亲高龄补贴停发,小区和小学").empty());
  EXPECT_TRUE(persons("代表全体业主,老旧小区").empty());
  // Dates: feasts and weekdays, a year's accounts, a month with 份; this year alone is none.
  auto dates = [](std::string_view text) { return OfKinds(text, {"date"}, false); };
  EXPECT_EQ(dates("五一家里办事,春节前,星期六早上,2024年度汇算,9月份工资"),
            (V{"五一", "春节前", "星期六", "2024年度", "9月份"}));
  EXPECT_TRUE(dates("今年83岁,五一广场,张国庆说").empty());
}

// Facts probe sets 4 and 5 (2026-12-04, night): gates, the lunar calendar and the weeks around
// the Spring Festival, sums without a unit, 和 inside an estate's name.
TEST(FactsTest, IntakeRecordsFourthAndFifthRounds) {
  using V = std::vector<std::string>;
  auto dates = [](std::string_view text) { return OfKinds(text, {"date"}, false); };
  EXPECT_EQ(dates("腊月二十三到正月初十,大年初二晚上,除夕、初一和正月十五"),
            (V{"腊月二十三", "正月初十", "大年初二", "除夕", "初一", "正月十五"}));
  EXPECT_EQ(dates("年前把路修一下,春节前后,元旦后,周六上午,这周一以后,年底前"),
            (V{"年前", "春节前后", "元旦后", "周六", "这周一", "年底前"}));
  // Not dates: years ago, a school year, an anniversary, a big year, 这个月 alone.
  EXPECT_TRUE(dates("3年前,几年前,初三年级,十周年,大年夜,这个月电费").empty());
  EXPECT_EQ(dates("这个月初交的"), (V{"这个月初"}));
  auto amounts = [](std::string_view text) { return OfKinds(text, {"amount"}, false); };
  EXPECT_EQ(amounts("物业费一年交1200多,押金是3200,住了12天"), (V{"1200多", "3200"}));
  using V = std::vector<std::string>;
  EXPECT_EQ(Places("湿地公园南门,润泽苑小区东门,渭南北站出站口"),
            (V{"place:湿地公园南门", "place:润泽苑小区", "place:渭南北站出站口"}));
  EXPECT_EQ(Places("住泰和苑小区3号楼,创业大厦B座"),
            (V{"place:泰和苑小区3号楼", "place:创业大厦B座"}));
  EXPECT_EQ(Places("打公交公司电话,打开黄星大道"), (V{"place:黄星大道"}));
  EXPECT_EQ(Places("高新区创业大道北段渭南盛达建筑工程有限公司"),
            (V{"place:高新区创业大道北段", "organization:渭南盛达建筑工程有限公司"}));
  EXPECT_EQ(Places("用中通快递寄的"), (V{"organization:中通快递"}));
}

TEST(FactsTest, IntakeRecordsSixthAndSeventhRounds) {
  using V = std::vector<std::string>;
  // Estates named 华府, 首府, 名都, 绿洲, …湾, with their buildings, floors and phases; their
  // 物业 is the estate; "金水湾小区", "双湾国际小区" go on.
  EXPECT_EQ(
      Places("住在金域华府6号楼2单元1103,恒大名都12号楼,御锦城3号楼2单元6楼"),
      (V{"place:金域华府6号楼2单元1103", "place:恒大名都12号楼", "place:御锦城3号楼2单元6楼"}));
  EXPECT_EQ(Places("中梁首府三期的业主,龙湖湾小区门口,双湾国际小区"),
            (V{"place:中梁首府三期", "place:龙湖湾小区", "place:双湾国际小区"}));
  EXPECT_EQ(Places("金域华府物业乱收费"), (V{"place:金域华府"}));
  // A body every place has, named by its place; a branch after its company; not a bare 街道.
  EXPECT_EQ(Places("去良田街道便民服务中心,在电信胜利大街营业厅办的,去了街道便民服务中心"),
            (V{"organization:良田街道便民服务中心", "organization:电信胜利大街营业厅"}));
  EXPECT_EQ(Places("渭南农商银行崇业路支行门前"), (V{"organization:渭南农商银行崇业路支行"}));
  // Shops named by their trade; a two-character name ending in 和.
  EXPECT_EQ(Places("临街的老碗鱼火锅,朝阳大街上的名流造型,崇业路上的仁和诊所"),
            (V{"organization:老碗鱼火锅", "place:朝阳大街", "organization:名流造型", "place:崇业路",
               "organization:仁和诊所"}));
  EXPECT_EQ(Places("派出所和社区管一管,党和政府,摆烧烤"), (V{}));
  // Verbs and openers that begin no name; a mall's floor; a junction's 十字口; a road's 延伸段.
  EXPECT_EQ(Places("围挡上写着中建三局,好像叫渭南鑫源塑业有限公司,像御锦城"),
            (V{"organization:中建三局", "organization:渭南鑫源塑业有限公司", "place:御锦城"}));
  EXPECT_EQ(Places("万达广场三楼,东风大街与乐天大街十字口,高新大道延伸段"),
            (V{"place:万达广场三楼", "place:东风大街与乐天大街十字口", "place:高新大道延伸段"}));
  // A school year is no date; "堆得老高" no person; "业主代表多次" no name.
  EXPECT_TRUE(OfKinds("孩子上初一,初二的学生", {"date"}, false).empty());
  EXPECT_TRUE(OfKinds("垃圾堆得老高,业主代表多次反映", {"person"}, false).empty());
  EXPECT_EQ(OfKinds("其家人陆女士电话", {"person"}, false), (V{"陆女士"}));
}

TEST(FactsTest, IntakeRecordsEighthRound) {
  using V = std::vector<std::string>;
  // 和平/和谐 begin names; a two-character name ending in 和 runs on into an estate.
  EXPECT_EQ(Places("派驻在良田街道和平小区,家在高新区天和嘉园小区"),
            (V{"place:良田街道和平小区", "place:高新区天和嘉园小区"}));
  // A road's crossing by the road alone; ring roads by their side, with the street in front.
  EXPECT_EQ(Places("从崇业路十字到白杨路十字这一段,良田街道南二环施工,连通西二环"),
            (V{"place:崇业路十字", "place:白杨路十字", "place:良田街道南二环", "place:西二环"}));
  EXPECT_EQ(Places("王贺村4组路口的垃圾台"), (V{"place:王贺村4组"}));
  // Verbs and openers before names; 天猫 only where 天 ends no day word.
  EXPECT_EQ(Places("入职启航教育培训学校,物业公司翠湖雅苑物业服务有限公司,第二天猫就死了"),
            (V{"organization:启航教育培训学校", "organization:翠湖雅苑物业服务有限公司"}));
  EXPECT_EQ(OfKinds("狗主人宋某只愿意出300元", {"person"}, false), (V{"宋某"}));
}

TEST(FactsTest, IntakeRecordsNinthRound) {
  using V = std::vector<std::string>;
  // 都 inside an estate's name; a flat after 公寓 B座; a house number after a road or lane.
  EXPECT_EQ(Places("住在崇业路街道阳光丽都小区2号楼2单元302,锦业时代公寓B座1806室"),
            (V{"place:崇业路街道阳光丽都小区2号楼2单元302", "place:锦业时代公寓B座1806室"}));
  EXPECT_EQ(Places("家住金城社区育才巷12号,坐12号线"), (V{"place:金城社区育才巷12号"}));
  // Estates named …府, night markets; not 县府 or a road's night market; 路桥 is no road.
  EXPECT_EQ(Places("白杨街道悦澜府项目,金城夜市,县府门口,石泉路夜市"),
            (V{"place:白杨街道悦澜府", "place:金城夜市", "place:石泉路"}));
  EXPECT_EQ(Places("施工单位陕西路桥集团有限公司"), (V{"organization:陕西路桥集团有限公司"}));
  // A ground floor's shop stays at its building: "3号楼一楼".
  EXPECT_EQ(Places("翠湖雅苑小区8号楼一楼的超市"), (V{"place:翠湖雅苑小区8号楼"}));
}

TEST(FactsTest, IntakeRecordsTenthRound) {
  using V = std::vector<std::string>;
  // Schools by their number, not a plenary session; a hospital's campus; a middle dot; 都市.
  EXPECT_EQ(Places("高新一小门口,渭南高新一中,十八届三中全会,渭南市中心医院高新院区"),
            (V{"organization:高新一小", "organization:渭南高新一中",
               "organization:渭南市中心医院高新院区"}));
  EXPECT_EQ(Places("天泽·公园里小区,良田街道田园都市小区7号楼"),
            (V{"place:天泽·公园里小区", "place:良田街道田园都市小区7号楼"}));
  EXPECT_EQ(Places("崇业路街道东风大街金鼎大厦5楼的“启航教育”"),
            (V{"place:崇业路街道东风大街金鼎大厦5楼", "organization:启航教育"}));
  // Holidays with 假期, 前年; 管理处 with a name only.
  EXPECT_EQ(OfKinds("国庆假期,春节长假,前年", {"date"}, false),
            (V{"国庆假期", "春节长假", "前年"}));
  EXPECT_EQ(Places("找了盛世华庭物业管理处,市管理处"), (V{"organization:盛世华庭物业管理处"}));
  // A time of day in front of a name is no part of it.
  EXPECT_EQ(Places("早上7点半高新一小门口,6点多创新路与高新二路十字路口往北"),
            (V{"organization:高新一小", "place:创新路与高新二路十字路口"}));
  // A road's roadside (seed appeals of 2026-12-05: "崇业路路边停车位"): the second 路 is 路边's.
  EXPECT_EQ(Places("崇业路路边停车位,东七路路边摆摊"), (V{"place:崇业路", "place:东七路"}));
  EXPECT_EQ(Places("银双路与楚岳路路口堵车"), (V{"place:银双路与楚岳路路口"}));
  // Spoken records: a question, a return, pupils and bank cards are no organisation.
  EXPECT_EQ(Places("想问银行这样收费合不合理,拿去退超市人家不退,快递全扔驿站,网吧里有初中生小学生,"
                   "结果银行卡里的钱没了,额打燃气公司电话没人接,小区没物业,急需热力公司来人"),
            V{});
  EXPECT_EQ(Places("刚骑车路过新盛路,私家车沿路乱停,渣土车带泥上路,万一出事整栋楼都完了,"
                   "第二天路上全是泥,村上说要先报街道"),
            (V{"place:新盛路"}));
  EXPECT_EQ(Places("我公司渭南鑫锐电子科技有限公司于去年入驻"),
            (V{"organization:渭南鑫锐电子科技有限公司"}));
}

// 和 inside names (仁和堂大药房, 和顺小区), estates named …府, and a count of buildings after 共,
// which is no place (over 3,000 hotspot and train messages: 共14栋, 总共13栋, 共一栋, 共18栋). A
// letter's connectives and verbs in front of a name are no part of it (hotspot.jsonl letters: 既然,
// 虽然, 未经, 代表, 依法撤销, 进一步, 所谓 …).
TEST(FactsTest, ALettersConnectivesAndVerbsBeforeANameAreNotPartOfIt) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Places("既然中国人民银行有规定,谨代表晶华美地小区业主,依法撤销C4市规划局的许可"),
            (V{"organization:中国人民银行", "place:晶华美地小区", "organization:C4市规划局"}));
  // (What is left of "进一步稳定房地产市场" is still no organisation in particular, but no longer
  // begins with 一步.)
  const V rest = Places("要进一步稳定房地产市场,所谓A市国资集团");
  EXPECT_EQ(rest.back(), "organization:A市国资集团");
  for (const std::string& f : rest) EXPECT_EQ(f.find("一步"), std::string::npos) << f;
  EXPECT_EQ(Places("未经小区业主同意,虽然社区来过,只能求助人民政府,已经上报街道"), V{});
  EXPECT_EQ(Places("请求调查税苑小区业委会,没有直达金阳新城的公交"),
            (V{"place:税苑小区", "place:金阳新城"}));
  EXPECT_EQ(Places("控告A3区城市建设开发公司,请加快A6区桃花井社区改造"),
            (V{"organization:A3区城市建设开发公司", "place:A6区桃花井社区"}));
  EXPECT_EQ(Places("难道A2区教育局不管吗,看看A4区恒大雅苑小区"),
            (V{"organization:A2区教育局", "place:A4区恒大雅苑小区"}));
  // A stop's sign is no place of its own: "公交站无站牌".
  EXPECT_EQ(Places("A7县星沙部分地区公交站无站牌"), (V{"place:A7县星沙部分地区公交站"}));
  // 一步 goes only after 进: 一步两搭桥 is a place.
  EXPECT_EQ(Places("住在一步两搭桥小区"), (V{"place:一步两搭桥小区"}));
  // A fourth sample: verbs and qualifiers of a letter in front of names.
  EXPECT_EQ(Places("必须保证湖开小区供水,绕道银盆岭大桥"),
            (V{"place:湖开小区", "place:银盆岭大桥"}));
  EXPECT_EQ(Places("前期处理砂子塘小学的事,贻误A5区亭小学"),
            (V{"organization:砂子塘小学", "organization:A5区亭小学"}));
  EXPECT_EQ(Places("响应县委县政府号召,处理好A市家园小区"),
            (V{"organization:县委县政府", "place:A市家园小区"}));
  // A fifth: and 和 inside the development and reform commission's name.
  EXPECT_EQ(Places("事实上A市生殖医学院,据悉星沙街道"),
            (V{"organization:A市生殖医学院", "place:星沙街道"}));
  EXPECT_EQ(Places("L市发展和改革委员会发布公告"), (V{"organization:L市发展和改革委员会"}));
  // 有 stops a name, but not inside a company's 有限责任公司; a place after one still begins anew.
  EXPECT_EQ(Places("圣毅园现代农业有限责任公司的财务"),
            (V{"organization:圣毅园现代农业有限责任公司"}));
  EXPECT_EQ(Places("尊敬的各位领导A7县时代星城小区4幢,成立西地省郡健房地产公司"),
            (V{"place:A7县时代星城小区4幢", "organization:西地省郡健房地产公司"}));
}

TEST(FactsTest, AndInsideNamesEstatesOfFuAndCountsOfBuildings) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Places("在仁和堂大药房买的药过期了,保和堂诊所"),
            (V{"organization:仁和堂大药房", "organization:保和堂诊所"}));
  EXPECT_EQ(Places("小区共14栋楼,我们小区总共6栋,共计3栋"), V{});
  EXPECT_EQ(Places("共享单车公司乱收费"), (V{"organization:共享单车公司"}));
  // 和 begins an estate named by one more character; in a name of three it stays inside.
  EXPECT_EQ(Places("良田街道和顺小区门口,A7县家和院小区"),
            (V{"place:良田街道", "place:和顺小区", "place:A7县家和院小区"}));
  EXPECT_EQ(Places("住在悦澜府2期"), (V{"place:悦澜府2期"}));
}

// The zone's own names (KnownNames, from its configuration) start a name a verb runs into, and
// are facts when named on their own.
TEST(FactsTest, TheZonesOwnNamesStartNames) {
  ZoneConfig config;
  Region street;
  street.code = "610502008";
  street.name = "崇业路街道";
  street.aliases = {"崇业办", "崇业路"};
  Village village;
  village.name = "王贺村";
  street.villages.push_back(village);
  config.regions.push_back(street);
  OrgUnit area;
  area.id = "gx.gwh";
  area.name = "渭南高新区管委会";
  area.kind = "government";
  area.aliases = {"渭南高新区", "高新区"};
  OrgUnit water;
  water.id = "e.water";
  water.name = "渭南市自来水公司";
  water.kind = "enterprise";
  water.aliases = {"自来水公司"};
  OrgUnit transport;
  transport.id = "d.jtj";
  transport.name = "交通运输局";
  transport.kind = "department";
  config.units = {area, water, transport};
  const KnownNames known(config);
  auto places = [&](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& f : ExtractFacts(text, "content", &known)) {
      if (f.kind == "place" || f.kind == "organization") out.push_back(f.kind + ":" + f.text);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(places("恳请领导督办高新区交通运输局"), (V{"organization:高新区交通运输局"}));
  EXPECT_EQ(places("打渭南市自来水公司电话占线"), (V{"organization:渭南市自来水公司"}));
  EXPECT_EQ(places("如今王贺村耕地越来越少"), (V{"place:王贺村"}));
  EXPECT_EQ(places("其于2024年入职高新区新盛路的公司"), (V{"place:高新区新盛路"}));
  // A name part in front stays: 渭南市|高新区, and 渭南高新区 is known whole.
  EXPECT_EQ(places("渭南市高新区教育局"), (V{"organization:渭南市高新区教育局"}));
  EXPECT_EQ(places("渭南高新区东岳嘉园小区"), (V{"place:渭南高新区东岳嘉园小区"}));
  // Named on their own: names and short names, not the words callers use for a unit (aliases).
  EXPECT_EQ(places("崇业办两天就给解决了,渭南市自来水公司说从高新区到渭南北站"),
            (V{"organization:崇业办", "organization:渭南市自来水公司", "place:渭南北站"}));
  EXPECT_EQ(places("自来水公司说归物业管"), V{});
  // Without the zone's names what stands in front stays.
  EXPECT_EQ(places("村子西头王贺村1组的排水渠"), (V{"place:王贺村1组"}));
  EXPECT_EQ(Places("村子西头王贺村1组的排水渠"), (V{"place:村子西头王贺村1组"}));
}

}  // namespace
}  // namespace minsheng
