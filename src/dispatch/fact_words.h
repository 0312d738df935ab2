// The word lists of the fact extractor (facts.cc): verbs and openers around names, ordinary
// words that look like names, surnames, titles and the phrases that introduce a person. Kept
// apart from the scanning code, as rule_cues.* is from rules.cc: a new word goes here.
#ifndef MINSHENG_DISPATCH_FACT_WORDS_H_
#define MINSHENG_DISPATCH_FACT_WORDS_H_

#include <string_view>

namespace minsheng::fact_words {

// Verbs that end a name scan: what follows them starts a name.
// The second line on: verbs and adverbs seen in front of names in hand-annotated hotspot.jsonl
// messages ("告知长房云时代小学", "等着A2区青园派出所", "沿着东四路"; docs/dispatch.md "Facts").
inline constexpr std::u32string_view kVerbs[] = {
    U"投诉", U"举报", U"反映", U"咨询", U"关于", U"要求", U"希望", U"建议", U"请求", U"位于",
    U"告知", U"反馈", U"知道", U"整治", U"包庇", U"等着", U"改革成", U"带着", U"无法上", U"送至",
    U"转交", U"调取", U"看中", U"入驻", U"进驻", U"退出", U"占用", U"占着", U"影响", U"破坏",
    U"质问", U"报告", U"表示", U"接受", U"包括", U"沿着", U"增设", U"拆除", U"连接", U"推至",
    U"购置", U"居住", U"租赁", U"承租", U"恐吓", U"解决", U"发现", U"选择", U"公布", U"设立",
    U"知悉", U"前往", U"来到", U"到达", U"路过", U"靠近", U"紧邻", U"毗邻", U"通往", U"开放",
    U"寒暑假", U"进出", U"随后", U"后来", U"然后", U"之后", U"以后", U"一下", U"时候", U"门口",
    U"区域", U"鉴定完", U"改道走", U"冻结",
    // 2026-12-03, second pass: places next to a name, and verbs before one
    U"附近", U"旁边", U"对面", U"隔壁", U"居然", U"关注", U"紧临", U"变成", U"用做", U"用作",
    U"比如", U"按照", U"促进", U"设置", U"委托", U"取缔", U"一个", U"联系", U"人行道", U"开展",
    U"周边", U"周围",
    // 2026-12-04: below or above a building ("翠湖雅苑5栋楼下饭店" is a restaurant under an
    // estate), thanks ("表扬崇业路街道工作人员", "感谢崇业路街道办的李主任")
    U"楼下", U"楼上", U"表扬", U"感谢", U"谢谢", U"致谢",
    // 2026-12-04, evening: "找过村委会", "去过派出所" (past tense after the verb)
    U"找过", U"问过", U"去过", U"到过", U"打过", U"来过",
    // (facts probe set 1, tuning: "已经通知物业", "穿过高新大道", "孙王村修建科创路",
    // "一家叫聚福苑")
    U"通知", U"督促", U"检查", U"穿过", U"横穿", U"途经", U"修建", U"家叫", U"名叫", U"门外",
    U"挨着", U"路上", U"街上", U"两个", U"小区里", U"月来", U"深受", U"拓宽", U"建立",
    // (facts probe set 2, after its first round: "询问高新区医保局", "安置楼盘王贺新苑")
    U"询问", U"小区旁", U"应该", U"调整", U"宣传", U"穿越", U"楼盘",
    // (facts probe set 3, after its round: "领导协调高新区交通运输局", "公司拖欠物业", "园区
    // 运营方渭南高新科创园区管理有限公司", "建议增开高新区至…", "正好碰上崇业路街道办")
    U"协调", U"拖欠", U"运营方", U"施工方", U"承建方", U"建设方", U"开发方", U"甲方", U"乙方",
    U"增开", U"开通", U"碰上", U"碰到", U"遇到", U"开个", U"完成", U"期间",
    // (hotspot.jsonl, read after the rounds: "依法责令小区", "重视J8县…")
    U"责令", U"重视",
    // (facts probe set 7: "围挡上写着中建三局", "来电人怀疑诊所", "市场管理方渭南惠民…",
    // "电梯频繁故障物业不修")
    U"写着", U"怀疑", U"管理方", U"经营方", U"故障", U"负责",
    // (hotspot.jsonl after the set 7 round: "后致电华悦城", "救救长龙湾", "例如龙湾")
    U"致电", U"救救", U"例如",
    // (facts probe set 8: "这个采暖季渭南高新热力…", "三方转接渭南秦华燃气…", "土地被征用修
    // 高新大道", "物业撤场小区", "地下车库漏水物业", "电梯困人物业")
    U"采暖季", U"转接", U"征用", U"撤场", U"漏水", U"困人", U"加强",
    // (facts probe set 9: "开始破路", "追着路过的", "查处该超市", "冒充燃气公司", "入职启航…",
    // "选举业主委员会")
    U"开始", U"追着", U"查处", U"冒充", U"入职时", U"入职", U"选举",
    // (hotspot.jsonl after the set 9 round)
    U"产生", U"交纳", U"提供", U"横行", U"类似", U"命令", U"围绕", U"实现", U"连通", U"加建",
    // (hotspot.jsonl after the set 10 round: "签定购买A市金茂府", "爆出…", "恢复…")
    U"签定", U"签订", U"购买", U"爆出", U"恢复",
    // (facts probe set 11: "出站打车回金城社区", "交钱时物业", "扣着小区"; not 在建, which
    // would cut "在建设银行")
    U"打车回", U"打车到", U"交钱时", U"扣着",
    // (seed appeals of 2026-12-05: "空地利用起来建个临时停车场")
    U"建个", U"建一个", U"建成",
    // (seed appeals of 2026-12-05, spoken records: "想问银行…", "拿去退超市", "还得跑大厅", "快递
    // 全扔驿站", "不送上门驿站", "取件超过两天驿站", "手被机器压伤公司不给…", "半夜娃发烧卫生院…",
    // "急需热力公司来人", "退伍回来想开店", "车库进水物业不管", "管网归热力公司管")
    U"想问", U"拿去退", U"得跑", U"用跑", U"要跑", U"去跑", U"全扔", U"送上门", U"超过", U"压伤",
    U"发烧", U"急需", U"想开", U"进水", U"归",
    // (the same, places: "刚骑车路过", "楼顶在装通信基站", "给加个基站", "门口设个站", "空地要建
    // 垃圾站", "天天组织小区里的老人", "先报街道", "想查村里", "主水管爆裂小区停水", "腿上出血站
    // 不起来", "打网约车回紫荆花园", "经核实龙背街道…"; not 代表 or 规划建设, which would cut
    // "人民代表大会常务委员会", "城乡规划建设局")
    U"骑车", U"在装", U"要装", U"加个", U"补建", U"设个", U"要建", U"天天组织", U"先报", U"想查",
    U"爆裂", U"出血", U"打网约车回", U"打出租车到", U"经核实"};

// Words that open a clause or qualify a noun and so begin no name: stripped from the front of an
// organisation or place ("致电A5区工务局" → A5区工务局, "该小区" → nothing, "几年前香樟小学" →
// 香樟小学). Longest first where one is a prefix of another.
inline constexpr std::u32string_view kNonNameOpeners[] = {
    U"严重影响", U"多次找", U"本人系", U"导致", U"造成", U"严重", U"解决", U"什么", U"可以",
    U"根据", U"多次", U"本人", U"相关", U"督促", U"很多", U"距离", U"如果", U"部分", U"地处",
    U"一条", U"周边", U"几年前", U"前几年", U"县级以上", U"这个", U"那个", U"整个", U"一个",
    U"这家", U"那家", U"一家", U"这所", U"一所", U"各个", U"全市", U"全县", U"全区", U"全省",
    U"全国", U"经过", U"通过", U"致电", U"入读", U"就读", U"名叫", U"名为", U"家叫", U"前往",
    U"以及", U"去年", U"今年", U"近日", U"最近", U"目前", U"现在", U"长期", U"多年", U"回复",
    U"过去", U"三问", U"再问", U"每天", U"每个", U"此致敬礼", U"此致", U"每次", U"此处", U"此事",
    U"问政", U"来自", U"而且", U"并且", U"本该", U"本市", U"本县", U"本区", U"各级", U"该", U"此",
    U"各", U"由", U"而", U"叫", U"并", U"且", U"但", U"却", U"去", U"来", U"每", U"问",
    // 2026-12-03, second pass: a letter's address (致…局), "former", "recently", "below", "some"
    U"近期", U"下面", U"致", U"即", U"原", U"某",
    // 2026-12-04: times of day ("每天晚上崇业路…") and questions ("划片到哪个学校")
    U"晚上", U"早上", U"上午", U"下午", U"中午", U"夜里", U"夜间", U"凌晨", U"白天", U"今天",
    U"昨天", U"哪个", U"哪家", U"哪所", U"哪些", U"哪里",
    // 2026-12-04, evening: counts ("好几个小区", "两个小区")
    U"好几个", U"好几家", U"几个", U"两个", U"多个", U"几家", U"多家",
    // (facts probe set 1: "打了好几次渭南华瑞热力有限公司的电话", "开发商渭南天瑞置业有限公司",
    // "锦业路北边中建三局", "当时高新区", "系崇业路街道王贺村3组村民")
    U"好几次", U"几次", U"购房时", U"开发商", U"北边", U"南边", U"东边", U"西边", U"当时", U"物业",
    U"系", U"老家", U"许多", U"使",
    // (facts probe set 2: "这几天小区里", "北侧中铁二十局")
    U"这几天", U"几天", U"北侧", U"南侧", U"东侧", U"西侧",
    // (facts probe set 3: "辖区派出所", "物业说…归物业管", "如今王贺村")
    U"辖区", U"如今", U"归", U"小区", U"个",
    // (facts probe set 4: "一刮风整条街", "整条仓程路", "一周翡翠城小区停了三次电")
    U"整条", U"这一周", U"一周",
    // (facts probe set 5: "打公交公司电话", "一共4栋"; over hotspot.jsonl every name found
    // beginning with 打 was such a call or 打开/打造)
    U"打电话问", U"打电话给", U"打不开", U"打开", U"打造", U"打", U"一共", U"总共", U"共计",
    // (facts probe set 7: "好像叫渭南鑫源塑业有限公司", "像御锦城、…", "好多小区", "这学期幼儿园",
    // "开一家小餐馆", "小区内超市", "要等维保公司")
    U"好像叫", U"好像是", U"好像", U"像", U"好多", U"这学期", U"学期", U"开一家", U"之间", U"内",
    U"等待", U"等",
    // (facts probe set 8: "修高新大道", "过高新大道"; hotspot.jsonl: "当初金毛湾", "一切双水湾",
    // "网传A8县…")
    U"修", U"过", U"当初", U"一切", U"网传",
    // (facts probe set 9: "或者社区", "这类托管机构", "孩子小学", "物业公司翠湖雅苑物业…",
    // "商场物业渭南万悦…")
    U"或者", U"这类", U"孩子", U"物业公司", U"商场物业",
    // (facts probe set 11: "或者社区" after the stop 或, "来电人问…", "另外小区", "较远学校",
    // "新物业陕西安居…")
    U"者", U"电人", U"另外", U"较远", U"新物业",
    // (seed appeals of 2026-12-05: "把旁边那块空地…", "这几年新建小区多")
    U"这几年", U"几年", U"块",
    // (the same: "额打燃气公司电话", "这些共享单车公司", "开小超市", "我公司渭南…有限公司", "开学季
    // 高新二小", "这种情况学校", "利息政府贴不贴", "瘫在床上银行", "结果银行", "七夕民政局",
    // "啥文化传播公司", "白杨街道段一家酒店", "没物业")
    U"额", U"些", U"开小", U"我公司", U"公司", U"开学季", U"这种情况", U"种情况", U"利息", U"床上",
    U"结果", U"七夕", U"啥", U"段一家", U"没", U"第二天", U"下游", U"场雨", U"院里",
    // (letters of hotspot.jsonl, 2026-12-05: "既然A市造价站", "未经小区同意", "不管哪个公司",
    // "谨代表晶华 美地小区", "代表市委市政府", "依法撤销…规划局", "虽然社区", "只能求助人民政府",
    // "已经上报街道", "不仅负一楼停车场", "监督物业", "经过银盆岭大桥", "全资子公司",
    // "老百姓只能…")
    U"既然", U"未经", U"不管", U"谨代表", U"代表", U"依法", U"虽然", U"只能", U"已经", U"不仅",
    U"监督", U"经过", U"全资", U"老百姓",
    // and the verbs left in front once those go ("只能求助人民政府", "只能拜访政府",
    // "已经上报街道", "依法撤销…规划局", "进一步稳定房地产市场", "进一步完善公交站",
    // "进一步提升小城镇")
    U"求助", U"拜访", U"切断", U"上报", U"确认", U"划分", U"撤销", U"稳定", U"完善", U"提升",
    U"提高", U"办实事", U"调查", U"直达", U"符合", U"享受", U"重点", U"已和", U"再等",
    // (a third sample: "控告A3区城市建设开发公司", "纠集上百人封堵小区", "拒绝违规作业公司",
    // "主管该菜市场", "无视小区", "关闭菜市场", "应聘教练员驾校", "A市加快商业中心",
    // "创建国家中心")
    U"控告", U"纠集", U"拒绝", U"主管", U"无视", U"关闭", U"应聘", U"加快", U"创建",
    // (over 3,000 hotspot + train messages, names beginning with a function word:
    // "同时搬迁滨江小学", "随着地铁4号线", "难道A2区教育局", "之前教育局", "不知市委市政府",
    // "相信A市交警支队", "加上楚银公寓", "然而A4区政府", "呼吁城铁公司", "当前A7县政府",
    // "利用便民服务站", "看看A4区恒大雅苑小区", "维护小区")
    U"同时", U"随着", U"难道", U"之前", U"不知", U"相信", U"加上", U"然而", U"呼吁", U"当前",
    U"利用", U"看看", U"维护",
    // (a fourth sample: "合理安置A4区营盘路", "请求硬化A8县…公路", "绕道赤锻村", "09年响应市政府",
    // "能否终点站", "必须保证湖开小区", "做好全市…公办学校", "错失劳动东路小学", "贻误A5区亭小学",
    // "前期处理砂子塘小学", "有一液化气站 … 出现气站 … 正规气站", "刚需众多政府", "您和政府")
    U"合理", U"安置", U"硬化", U"绕道", U"响应", U"能否", U"必须保证", U"必须", U"保证", U"做好",
    U"错失", U"贻误", U"前期", U"处理好", U"处理", U"出现", U"正规", U"刚需", U"您和",
    // (a fifth sample: "拉通书院路", "事实上A市生殖医学院", "扰乱医院", "据小区", "所述楚樟家园",
    // "提质改造小区", "无法认定A市金茂府", "大背景下市委市政府", "我方系L6县…公司",
    // "严抓公办幼儿园", "本来幼儿园")
    U"拉通", U"事实上", U"扰乱", U"据统计", U"据悉", U"据了解", U"据说", U"据", U"述", U"提质改造",
    U"无法认定", U"认定", U"大背景下", U"背景下", U"方系", U"严抓", U"本来",
    // (over all hotspot.jsonl names, the commonest openers left: "各位领导A7县时代星城小区",
    // "成立西地省郡健房地产公司"; not 建设, which begins 建设银行)
    U"领导", U"成立"};

// Whole "names" that are ordinary words ending in a suffix: `kNotNames` when they are the whole
// name (道路; but 人民道路 may be one), `kNotNameEnds` wherever they end one (思路 is no road, 布局
// no bureau, 已经跑路 no place).
inline constexpr std::u32string_view kNotNames[] = {
    U"公路", U"铁路", U"电路", U"大路", U"小路", U"门路", U"楼栋", U"本栋", U"城镇", U"乡镇",
    U"全局", U"小组", U"农村", U"乡村", U"本小区", U"本公司", U"本村", U"本社区", U"本校",
    U"本单位", U"本组",
    // generic nouns, no name (2026-12-03)
    U"县城", U"物业公司", U"物业管理公司", U"分公司", U"子公司", U"总公司", U"建筑公司",
    U"公立幼儿园", U"公办幼儿园", U"民办幼儿园", U"普惠性幼儿园", U"教育局", U"同组", U"通组",
    U"多栋", U"警局", U"老街", U"国家重点大学", U"自来水公司", U"接待中心", U"会议中心",
    U"国家中心",
    // generic nouns ending in the suffixes added on 2026-12-03
    U"工厂", U"车站", U"公交站", U"地铁站", U"加油站", U"收费站", U"垃圾站", U"当地政府",
    U"地方政府", U"人民政府", U"县级政府", U"基层政府", U"乡镇政府", U"客厅", U"餐厅", U"大厅",
    U"展厅", U"培训机构", U"金融机构", U"中介机构", U"医疗机构", U"鉴定机构", U"服务机构",
    U"教育机构", U"党委", U"村委", U"居委", U"停车场", U"公园", U"湖", U"纪委", U"农委", U"业委",
    U"交警大队", U"中央政府", U"国家政府", U"水泥厂", U"终点站", U"搅拌站", U"充电站", U"小区物业",
    U"沿路", U"村组", U"老旧小区", U"转运站", U"垃圾转运站", U"城中村",
    // (facts probe set 3) trades and facilities named by what they are, not by a name
    U"装修公司", U"装饰公司", U"劳务公司", U"家政公司", U"保洁公司", U"搬家公司", U"快递公司",
    U"中介公司", U"宠物医院", U"配套幼儿园", U"便民服务中心", U"快递驿站", U"同小区", U"整条路",
    U"开锁公司", U"小饭馆", U"小超市", U"燃气公司", U"天然气公司", U"热力公司", U"供热公司",
    U"供电公司", U"电力公司", U"环保局", U"民政局",
    // (facts probe set 4)
    U"税务局", U"公积金中心", U"市中心", U"邻村", U"小广场", U"地下停车场",
    // (facts probe set 5)
    U"农贸市场", U"菜市场", U"公交公司", U"当地街道",
    // (facts probe set 7) bodies named by what they are
    U"营业厅", U"支局", U"驿站", U"分拣中心", U"社区卫生服务中心", U"卫生服务中心", U"维保公司",
    U"小餐馆", U"路边烧烤", U"夜市烧烤", U"露天烧烤", U"街边烧烤", U"占道烧烤", U"户外烧烤",
    U"重庆火锅", U"四川火锅", U"发型造型", U"供水公司",
    // (facts probe set 8)
    U"新小区", U"新建小区", U"新物业", U"本街道", U"外村", U"求政府", U"婚纱摄影", U"湖湾",
    // (facts probe set 9)
    U"托管机构", U"手机维修店", U"出租车公司",
    // (facts probe set 10)
    U"划片学校", U"社保中心", U"社区卫生服务站", U"长租公寓", U"劳务中介", U"电子厂", U"政务大厅",
    U"王府", U"官府", U"学府", U"地府",
    // (facts probe set 11)
    U"保安公司", U"同村", U"医院停车场", U"公园停车场", U"市场管理处", U"公园管理处", U"物业管理处",
    // (seed appeals of 2026-12-05: "十字向北路边", "空地建个临时停车场")
    U"北路", U"南路", U"东路", U"西路", U"临时停车场", U"公共停车场", U"大医院", U"新医院",
    U"市里医院", U"村上村", U"背街", U"沿街", U"土路", U"半边路"};

inline constexpr std::u32string_view kNotNameEnds[] = {
    U"思路", U"出路", U"套路", U"跑路", U"走路", U"让路", U"带路", U"修路", U"绕路", U"堵路",
    U"挡路", U"封路", U"问路", U"布局", U"格局", U"结局", U"骗局", U"饭局", U"僵局", U"大局",
    U"赌局", U"困局", U"乱局", U"当局", U"工作组", U"专家组", U"调查组", U"经济组", U"督查组",
    U"巡视组", U"考察组", U"领导组", U"领导小组", U"工作小组", U"调查小组", U"专家小组", U"党组",
    U"道路", U"马路", U"线路", U"水泥路", U"临街", U"之路", U"断头路", U"十字路", U"一路", U"数路",
    U"两个路", U"网站", U"进站", U"出站", U"到站", U"靠站", U"过站", U"报站", U"停站", U"一站",
    U"出厂", U"进厂", U"建厂", U"办厂", U"回厂", U"入厂", U"客厅", U"搅拌站", U"工厂",
    // going to school, not a school's name ("孩子明年上小学")
    U"上小学", U"读小学", U"上中学", U"读中学", U"上初中", U"读初中", U"上高中", U"读高中",
    U"上大学", U"读大学", U"上幼儿园", U"读幼儿园",
    // racing cars on a street at night ("炸街")
    U"炸街",
    // (facts probe set 3: "不顺路", "这段路", "临路的几栋楼", "满街都是", "老旧小区", the middle of
    // an estate: "小区中心绿地")
    U"顺路", U"段路", U"条路", U"临路", U"满街", U"老旧小区", U"小区中心", U"省城",
    // an estate's own square or car park is the estate ("阳光水岸小区广场")
    U"小区广场", U"小区停车场", U"小区花园",
    // (facts probe set 4: "宏源广场停车场", "鼎泰家园等几个小区")
    U"广场停车场", U"个小区",
    // (facts probe set 5: "允许农村", "些村", "两边路")
    U"农村", U"些村", U"两边路",
    // (facts probe set 7: "到底划哪个学校")
    U"哪个学校", U"哪所学校", U"哪个小学", U"哪个中学",
    // (facts probe set 8: "只能返厂", "风一刮满村", "向北50米路边")
    U"返厂", U"满村", U"米路",
    // (facts probe set 9: "王贺村4组路口"; hotspot.jsonl: "走下坡路", "建设和谐小区")
    U"组路", U"下坡路", U"和谐小区",
    // (facts probe set 10: "撒得满路都是", "小区中心广场")
    U"满路", U"小区中心广场",
    // (facts probe set 11: "占了大半个路")
    U"个路",
    // (seed appeals of 2026-12-05: "在高新区哪些店买", "上游哪个厂子")
    U"哪些店", U"哪个厂",
    // ("万一出事整栋楼", "私家车沿路双排停放", "渣土车带泥上路")
    U"整栋", U"沿路", U"上路"};

// Trades a company name ends in before 公司/有限公司/集团 ("渭南嘉和物业服务有限公司"): a
// "company" named by trades alone ("物业服务有限公司", "劳务公司") names no company. Longest first
// where one is a prefix of another.
inline constexpr std::u32string_view kTradeWords[] = {
    U"物业服务", U"物业管理", U"物业",     U"房地产开发", U"房地产", U"置业", U"建筑劳务",
    U"建筑",     U"劳务",     U"装饰工程", U"装饰",       U"装修",   U"工程", U"科技",
    U"商贸",     U"贸易",     U"实业",     U"投资",       U"建设",   U"服务", U"管理",
    U"开发",     U"电子",     U"农业",     U"机械",       U"食品",   U"餐饮", U"汽车",
    U"文化",     U"传媒",     U"教育",     U"信息",       U"技术",   U"环保", U"新材料",
    U"材料",     U"制造",     U"包装",     U"物流",       U"运输",   U"保洁", U"家政",
    U"中介",     U"咨询",     U"发展",     U"集团",       U"股份",   U"有限", U"责任"};

// National platforms and chains that consumer complaints name without a suffix (facts probe
// sets: 美团, 滴滴, 华润万家). Longest first where one is a prefix of another.
inline constexpr std::u32string_view kBrands[] = {
    U"美团外卖", U"美团",     U"饿了么", U"滴滴出行", U"滴滴",     U"拼多多",   U"淘宝",
    U"天猫",     U"京东",     U"抖音",   U"快手",     U"闲鱼",     U"顺丰",     U"中通",
    U"圆通",     U"韵达",     U"申通",   U"极兔",     U"菜鸟驿站", U"华润万家", U"沃尔玛",
    U"永辉",     U"大润发",   U"肯德基", U"麦当劳",   U"蜜雪冰城", U"瑞幸",     U"中国移动",
    U"中国联通", U"中国电信", U"支付宝", U"花呗",     U"借呗",     U"哈啰",     U"青桔"};

// Common surnames (the most frequent ~100 single ones and four compound ones).
inline constexpr std::u32string_view kSurnames =
    U"王李张刘陈杨黄赵吴周徐孙马朱胡郭高林罗郑梁谢宋唐韩冯邓曹彭肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    U"沈姚卢姜崔钟谭陆汪范石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    U"戴莫孔汤";  // 曾/任/许/金/于/何 left out: 曾经, 任何, 许可, 金科, 关于, 如何 outnumber them
inline constexpr std::u32string_view kCompoundSurnames[] = {U"欧阳", U"司马", U"上官", U"诸葛"};

// Forms of address and titles that follow a surname (张经理, 王建国书记, 李女士).
inline constexpr std::u32string_view kPersonTitles[] = {
    U"先生", U"女士", U"小姐", U"师傅", U"经理", U"老板", U"主任", U"书记", U"支书",
    U"村长", U"组长", U"队长", U"局长", U"科长", U"所长", U"院长", U"校长", U"老师",
    U"医生", U"律师", U"会计", U"同志", U"大爷", U"阿姨", U"店长", U"大姐", U"大哥",
    U"大妈", U"大娘", U"奶奶", U"爷爷", U"总",   U"同学", U"主管", U"警官", U"站长",
    U"处长", U"厂长", U"部长", U"教练", U"老汉"};

// Phrases that introduce a name (我叫张三, 联系人:李四, 负责人王建国).
inline constexpr std::u32string_view kNameIntros[] = {
    U"我叫", U"本人", U"姓名", U"联系人", U"户主", U"业主", U"负责人", U"责任人", U"投诉人",
    U"举报人", U"当事人", U"法定代表人", U"经办人", U"房东", U"家人",
    // 2026-12-04, evening: the people a wage or neighbour dispute names ("包工头张某")
    U"包工头", U"工头", U"店主", U"司机", U"邻居", U"村民", U"法人",
    // the caller as the record names them ("来电人杜先生称", "市民李秀梅反映", "诉求人董先生"),
    // family and neighbours ("我父亲李长安", "一楼住户贾某", "物业王经理")
    U"来电人", U"市民", U"诉求人", U"反映人", U"来信人", U"居民", U"网友", U"家长", U"住户",
    U"租户", U"物业", U"父亲", U"母亲", U"丈夫", U"妻子", U"老伴", U"爱人", U"儿子", U"女儿",
    U"患者", U"工作人员", U"园长", U"人事", U"保安", U"保洁", U"护士", U"民警",
    // (facts probe set 2: "包工头叫马建军")
    U"工头叫", U"老板叫", U"名字叫", U"负责人叫",
    // (facts probe set 3: "村文书杜某", "设计师范某", "业主代表：张宏伟", "村民代表史满仓")
    U"文书", U"设计师", U"代表",
    // (facts probe set 8: "组长何长贵", "老板娘杨某")
    U"组长", U"老板娘", U"主人",
    // (facts probe set 4: "骑手刘师傅", "工作人员小刘")
    U"骑手", U"快递员", U"外卖员", U"快递小哥", U"店员", U"服务员"};

// Common words that begin with a surname character ("高中老师" is not a person).
inline constexpr std::u32string_view kSurnameWords[] = {
    U"高校", U"高中", U"高层", U"高速", U"马路", U"周边", U"周末", U"方面", U"方便", U"任何",
    U"曾经", U"何时", U"林业", U"白天", U"陆续", U"金融", U"程序", U"石油", U"严重", U"万元",
    U"黄牛", U"毛病", U"江边", U"龙头", U"田地", U"余额", U"许多", U"钟点", U"韩国", U"苏州",
    U"杨树", U"孙子", U"江苏", U"沈阳", U"武汉", U"郑州", U"汤圆", U"付款", U"傅家", U"谢谢",
    U"江山", U"林执", U"严肃", U"严格", U"严厉", U"严查", U"陈述", U"陈旧", U"马上", U"高度",
    U"高兴", U"高温", U"高峰", U"黄色", U"白色", U"周围", U"周一", U"周二", U"周三", U"周四",
    U"周五", U"周六", U"周日", U"周天", U"方式", U"付出", U"高龄"};

}  // namespace minsheng::fact_words

#endif  // MINSHENG_DISPATCH_FACT_WORDS_H_
