// Fact extraction (facts.h): ExtractFacts drives the scans — numbers and days
// (fact_numbers.cc), persons (fact_persons.cc), then places and organisations by their
// suffixes, here — and EstateKey. The zone's own names are in zone_names.cc.
#include "dispatch/facts.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dispatch/fact_chars.h"
#include "dispatch/fact_scan.h"
#include "dispatch/fact_words.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace fact_scan {

using fact_chars::CharSet;
using fact_words::kVerbs;

// Characters that end a backwards scan for a name (function words, verbs, pronouns).
bool StopsName(char32_t c) {
  static const CharSet* set = new CharSet(
      U"的在了是被向和与对给到从把我你他她们请让于及或将也都就还又说称因为所有这那其位住"
      U"往离跨找送读剩借拆占要以至坐乘靠"  // 往A路 / 离小区 / 找某镇 / 读某小学 / 以某局
      U"去跟么得进入"  // 去派出所 / 跟物业 / 怎么 / 获得政府 / 进入小区 (2026-12-03, night)
      U"由");  // 工程由渭南…有限公司承建 (facts probe set 4)
  return set->Has(c);
}

void Add(std::vector<Fact>* out, const std::u32string& orig, std::string_view kind,
         std::string_view field, size_t start, size_t end) {
  for (const Fact& f : *out) {
    if (f.field == field && start < f.end && f.start < end) return;  // overlap: keep first
  }
  Fact f;
  f.kind = std::string(kind);
  f.field = std::string(field);
  f.start = start;
  f.end = end;
  f.text = EncodeUtf8(std::u32string_view(orig).substr(start, end - start));
  out->push_back(std::move(f));
}

bool AfterVerb(const std::u32string& s, size_t i) {
  // Called for every character a name scan passes: test the verbs' last characters first.
  static const CharSet* kVerbEnds = [] {
    std::u32string ends;
    for (auto v : kVerbs) ends.push_back(v.back());
    return new CharSet(ends);
  }();
  // The verbs by their last character, so a hit reads only those that may end there.
  static const auto* kByEnd = [] {
    auto* by_end = new std::unordered_map<char32_t, std::vector<std::u32string_view>>;
    for (auto v : kVerbs) (*by_end)[v.back()].push_back(v);
    return by_end;
  }();
  if (i == 0 || !kVerbEnds->Has(s[i - 1])) return false;
  for (auto v : kByEnd->at(s[i - 1])) {
    if (EndsWithAt(s, i, v)) return true;
  }
  return false;
}

}  // namespace fact_scan

namespace {

using fact_scan::Add;
using fact_scan::AddNumbersAndDays;
using fact_scan::AddPersons;
using fact_scan::AfterVerb;
using fact_scan::EndsWithAt;
using fact_scan::StopsName;

using fact_chars::CharSet;
using fact_chars::IsCjk;
using fact_chars::IsDigit;
using fact_chars::IsNumChar;
using fact_words::kBrands;
using fact_words::kNonNameOpeners;
using fact_words::kNotNameEnds;
using fact_words::kNotNames;
using fact_words::kTradeWords;

// The suffixes of a residential estate's own name (翠湖雅苑, 金域华府, 龙湖湾): a phase after it is
// part of the place ("中梁首府三期"); with 大厦, 社区 and 广场 they end the estate key of repeat
// detection (EstateKey).
constexpr std::u32string_view kEstateNameSuffix[] = {U"小区", U"花园", U"家园", U"公寓",
                                                     U"苑",   U"城",   U"华府", U"首府",
                                                     U"名都", U"绿洲", U"湾",   U"府"};

// The length of the estate name suffix ending at `end` of `s`, 0 for none: 府 only after a name
// of two characters at least and not in a government, a mansion or an academy (政府, 县府, 王府,
// 学府) — the places' own rule for 府 below.
size_t EstateSuffixAt(const std::u32string& s, size_t end) {
  for (std::u32string_view suf : kEstateNameSuffix) {
    if (!EndsWithAt(s, end, suf)) continue;
    if (suf == U"府" &&
        (end < 3 || std::u32string_view(U"政王官学首华县市省镇乡区知新双").find(s[end - 2]) !=
                        std::u32string_view::npos)) {
      return 0;
    }
    return suf.size();
  }
  return 0;
}

// Whether the 和 at `pos` joins the two halves of a government body's name ending at `end`:
// after 资源, 住房, 市场, 卫生, 发展 …, with the name ending in 局, 厅, 委, 部 or 会
// (发展和改革委员会 gave 改革委员会).
bool AndInBureauName(const std::u32string& s, size_t pos, size_t end) {
  static constexpr std::u32string_view kBefore[] = {U"资源", U"住房", U"市场", U"卫生", U"科学",
                                                    U"工业", U"文化", U"社会", U"商务", U"发展"};
  if (end == 0 ||
      std::u32string_view(U"局厅委部会").find(s[end - 1]) == std::u32string_view::npos) {
    return false;
  }
  for (std::u32string_view w : kBefore) {
    if (EndsWithAt(s, pos, w)) return true;
  }
  return false;
}

// Scans back from `end` (exclusive) over CJK/alnum name characters, at most `max_len`.
size_t ScanNameBack(const std::u32string& s, size_t end, size_t suffix_len, size_t max_len) {
  size_t start = end - suffix_len;
  while (start > 0 && end - start < max_len) {
    char32_t c = s[start - 1];
    // A middle dot inside a name: "天泽·公园里小区" (facts probe set 11).
    if (c == U'·' && start >= 2 && IsCjk(s[start - 2]) && IsCjk(s[start])) {
      --start;
      continue;
    }
    if (!(IsCjk(c) || IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
    // 住建局 and 住房和城乡建设局 are names; so are the bureaus named "X和Y" (人力资源和社会保障厅,
    // 市场和质量监督局).
    // 和 joins two names, except in a bureau's ("人力资源和社会保障局") and where it begins one
    // right after a word that ends a scan anyway ("住在旁边和平里小区", "我住和园小区").
    // 和 before an estate's last character is inside its name: "泰和苑小区", "祥和园".
    if (c == U'和' &&
        std::u32string_view(U"苑园城居府庄").find(s[start]) != std::u32string_view::npos) {
      --start;
      continue;
    }
    // 都 before an estate's kind is inside its name ("阳光丽都小区", "帝都花园"; facts probe set
    // 10), not the adverb.
    if (c == U'都' && std::u32string_view(U"小花家公苑城广大商国市购").find(s[start]) !=
                          std::u32string_view::npos) {
      --start;
      continue;
    }
    // 和堂 is inside a pharmacy's or clinic's name ("仁和堂大药房", "保和堂诊所"), no 和 joins a
    // name to 堂.
    if (c == U'和' && s[start] == U'堂') {
      --start;
      continue;
    }
    // 和平, 和谐 begin names ("良田街道和平小区", "和谐家园"); a two-character name ending in 和
    // after an address or a stop runs on into an estate ("高新区天和嘉园小区"; facts probe set 9).
    if (c == U'和' && (s[start] == U'平' || s[start] == U'谐')) {
      --start;
      continue;
    }
    if (c == U'和' && suffix_len >= 2 && start >= 2 && IsCjk(s[start - 2]) &&
        !StopsName(s[start - 2]) &&
        (start == 2 || !IsCjk(s[start - 3]) || StopsName(s[start - 3]) ||
         std::u32string_view(U"区县市镇道").find(s[start - 3]) != std::u32string_view::npos) &&
        (EndsWithAt(s, end, U"小区") || EndsWithAt(s, end, U"家园") ||
         EndsWithAt(s, end, U"花园"))) {
      --start;
      continue;
    }
    // Otherwise 和 before one character and 小区, 家园 … begins the estate's name
    // ("良田街道和顺小区"): no estate is named by one character (but 星城, 楚府 are names:
    // "二小和星城" joins two).
    if (c == U'和' && suffix_len >= 2 && end - start == suffix_len + 1 &&
        EstateSuffixAt(s, end) == suffix_len) {
      --start;
      break;
    }
    // (Not before the bare suffix: "派出所和社区" names no 和社区.)
    if (c == U'和' && end - start >= 2 && end - start > suffix_len &&
        (start == 1 || !IsCjk(s[start - 2]) || StopsName(s[start - 2]) ||
         AfterVerb(s, start - 1))) {
      --start;
      break;
    }
    // 有 stops a name ("有一家…") but not a company's 有限公司 / 有限责任公司 ("…农业有限责任公司"
    // gave 限责任公司); a place after a company's name still stops there.
    if (StopsName(c) && !(c == U'住' && (s[start] == U'建' || s[start] == U'房')) &&
        !(c == U'有' && s[start] == U'限' && s[end - 1] == U'司') &&
        !(c == U'和' && AndInBureauName(s, start - 1, end))) {
      break;
    }
    if (AfterVerb(s, start)) break;
    --start;
  }
  return start;
}

// The start of an organisation or place name in [start, end) once openers are stripped; `end`
// when what is left is no more than the suffix or an ordinary word.
// After a time of day at `start` ("7点半", "6点多", "10点左右"), else `start`: no part of a name
// ("早上7点半高新一小门口").
size_t SkipTimeOfDay(const std::u32string& s, size_t start, size_t end, size_t suffix_len) {
  if (end - start <= suffix_len || !IsNumChar(s[start])) return start;
  size_t j = start;
  while (j < end && j - start < 3 && IsNumChar(s[j])) ++j;
  if (j >= end || s[j] != U'点') return start;
  ++j;
  if (j < end && std::u32string_view(U"半多钟整").find(s[j]) != std::u32string_view::npos) ++j;
  if (s.compare(j, 2, U"左右") == 0) j += 2;
  return end - j > suffix_len ? j : start;
}

size_t TrimNameStart(const std::u32string& s, size_t start, size_t end, size_t suffix_len) {
  // The scan stops at 这/那 (StopsName): "这家公司" leaves the measure word 家 in front.
  if (start > 0 && end - start > suffix_len &&
      std::u32string_view(U"这那哪").find(s[start - 1]) != std::u32string_view::npos &&
      std::u32string_view(U"家所个条座栋间片").find(s[start]) != std::u32string_view::npos) {
    ++start;
  }
  // The rest of a word the scan stopped inside: 进一步 (进 ends a scan: "进一步稳定房地产市场"),
  // 所谓
  // ("所谓A市国资集团").
  if (start > 0 && end - start > suffix_len + 2 &&
      ((s[start - 1] == U'进' && s.compare(start, 2, U"一步") == 0) ||
       (s[start - 1] == U'所' && s[start] == U'谓'))) {
    start += s[start] == U'谓' ? 1 : 2;
  }
  static const CharSet* kOpenerFirst = [] {
    std::u32string firsts;
    for (auto w : kNonNameOpeners) firsts.push_back(w[0]);
    return new CharSet(firsts);
  }();
  for (bool again = true; again && end - start > suffix_len && kOpenerFirst->Has(s[start]);) {
    again = false;
    for (std::u32string_view w : kNonNameOpeners) {
      if (end - start > w.size() + suffix_len - 1 && s.compare(start, w.size(), w) == 0 &&
          !(w == U"问" && s[start + 1] == U'题') &&  // 问题小区
          // 物业 opens "物业渭南宏达物业管理有限公司", not 物业管理/服务有限公司 itself
          !(w == U"物业" &&
            (s.compare(start + 2, 2, U"管理") == 0 || s.compare(start + 2, 2, U"服务") == 0 ||
             s.compare(start + 2, 2, U"公司") == 0 || s.compare(start + 2, 2, U"有限") == 0))) {
        start += w.size();
        again = true;
        break;
      }
    }
  }
  start = SkipTimeOfDay(s, start, end, suffix_len);
  if (end - start <= suffix_len) return end;
  const std::u32string_view name(s.data() + start, end - start);
  for (std::u32string_view w : kNotNames) {
    if (name == w) return end;
  }
  for (std::u32string_view w : kNotNameEnds) {
    if (name.size() >= w.size() && name.substr(name.size() - w.size()) == w) return end;
  }
  return start;
}

// Whether [start, end) is a company named by its trades alone before a company suffix of
// `suffix_len` characters: "物业服务有限公司", "装饰工程公司" (no company in particular).
// The end of a floor right at `e` ("7楼", "15层"; `chinese`: "三楼" too), else `e`; not "楼下",
// "楼道", "楼以上".
size_t FloorEnd(const std::u32string& s, size_t e, bool chinese) {
  const size_t n = s.size();
  size_t f = e;
  while (f < n && f - e < 2 && (chinese ? IsNumChar(s[f]) : IsDigit(s[f]))) ++f;
  if (f > e && f < n && (s[f] == U'楼' || s[f] == U'层') &&
      !(f + 1 < n &&
        std::u32string_view(U"以下上道顶梯房").find(s[f + 1]) != std::u32string_view::npos)) {
    return f + 1;
  }
  return e;
}

// Whether a house number follows a road, street or lane ending at `e` ("育才巷12号", not "12号线"
// or "12号楼"); `*end` receives the end of the number.
bool HouseNumberEnd(const std::u32string& s, size_t e, size_t* end, std::u32string_view name) {
  const size_t n = s.size();
  const bool road = name.ends_with(U"路") || name.ends_with(U"街") || name.ends_with(U"巷");
  if (!road) return false;
  size_t d = e;
  while (d < n && d - e < 4 && IsDigit(s[d])) ++d;
  if (d == e || d >= n || s[d] != U'号' || (d + 1 < n && (s[d + 1] == U'线' || s[d + 1] == U'楼')))
    return false;
  *end = d + 1;
  return true;
}

bool IsTradeOnly(const std::u32string& s, size_t start, size_t end, size_t suffix_len) {
  const std::u32string_view suffix(s.data() + end - suffix_len, suffix_len);
  if (suffix != U"公司" && suffix != U"有限公司" && suffix != U"集团") return false;
  size_t p = start;
  while (p < end - suffix_len) {
    size_t next = p;
    for (std::u32string_view w : kTradeWords) {
      if (p + w.size() <= end - suffix_len && s.compare(p, w.size(), w) == 0) {
        next = p + w.size();
        break;
      }
    }
    if (next == p) return false;
    p = next;
  }
  return p > start;
}

}  // namespace

std::vector<Fact> ExtractFacts(std::string_view text, std::string_view field,
                               const KnownNames* known) {
  std::vector<Fact> out;
  const std::u32string orig = DecodeUtf8(text);
  std::u32string s(orig.size(), U' ');
  for (size_t i = 0; i < orig.size(); ++i) s[i] = FoldWidth(orig[i]);
  const size_t n = s.size();

  AddNumbersAndDays(s, orig, field, &out);
  AddPersons(s, orig, field, &out);

  // Organisations and places: a name ending in a known suffix.
  // The longer of two suffixes with the same ending first (党工委 before 委; 有限公司 before 公司).
  // The second line on (2026-12-03, from names marked by hand in hotspot.jsonl): government
  // bodies and their units (发改委, 市委, 人民政府, 教育厅, 执法大队, 街道办, 打非办), colleges,
  // works, hotels and shops named as such.
  static const std::u32string_view kOrgSuffix[] = {
      U"有限公司", U"公司", U"集团", U"医院", U"卫生院", U"学校", U"小学", U"中学", U"大学",
      U"幼儿园", U"银行", U"派出所", U"居委会", U"村委会", U"委员会", U"街道办事处", U"办事处",
      U"管委会", U"物业", U"局", U"酒店", U"超市", U"市场", U"中心", U"党工委", U"委", U"政府",
      U"厅", U"大队", U"支队", U"学院", U"机构", U"街道办", U"打非办", U"渣土办", U"综治办",
      U"维稳办", U"信访办", U"棚改办", U"拆迁办", U"征收办", U"扶贫办", U"房改办", U"文明办",
      U"创文办", U"创卫办", U"督查办", U"人防办", U"网信办", U"应急办", U"防汛办", U"治超办",
      U"宾馆", U"饭店", U"直营店", U"专卖店", U"药店", U"厂", U"项目部",
      // (facts probe set 1: banks' branches, gyms, shops, a power supply office, a clinic)
      U"支行", U"分行", U"营业厅", U"健身房", U"便利店", U"面馆", U"供电所", U"卫生服务站",
      U"卫生室", U"诊所",
      // (facts probe set 2) shops and offices named as such; KTV is folded to lower case
      U"药房", U"火锅店", U"烧烤店", U"饭馆", U"餐馆", U"中介", U"保健院", U"ktv",
      // (facts probe set 3) parcel lockers and studios named as such
      U"驿站", U"工作室",
      // (facts probe set 7) branches; shops named by their trade without 店 ("老碗鱼火锅",
      // "名流造型", "靓丽发艺"; not 烧烤 or 管理部: over hotspot.jsonl "摆烧烤", "广场烧烤",
      // "城市管理部", "监督管理部" outnumbered the names)
      U"营业部", U"支局", U"火锅", U"造型", U"发艺", U"驾校", U"汽修", U"婚纱摄影",
      // (facts probe set 9)
      U"酒楼", U"养生馆", U"体育馆",
      // (facts probe set 10)
      U"游泳馆", U"营业所",
      // (facts probe set 11) hospital campuses, offices, shops; schools by number (高新一中)
      U"院区", U"管理处", U"包子铺", U"一中", U"二中", U"三中", U"四中", U"五中", U"一小", U"二小",
      U"三小", U"店"};
  // Second line on (2026-12-03): stations and lines, parks, lakes, bridges, car parks, areas.
  static const std::u32string_view kPlaceSuffix[] = {
      U"小区", U"花园", U"家园", U"公寓", U"大厦", U"广场", U"社区", U"大道", U"号楼", U"单元",
      U"街道", U"路", U"街", U"巷", U"村", U"组", U"苑", U"城", U"镇", U"栋", U"站", U"号线",
      U"公园", U"湖", U"大桥", U"停车场", U"片区", U"景区", U"开发区", U"经开区", U"高新区",
      U"物流园", U"动物园", U"工业园", U"产业园", U"科技园",
      // (facts probe set 3) national and provincial roads by number (310国道), compounds
      // (供电局家属院, 高新壹号院)
      U"国道", U"省道", U"号院", U"家属院", U"家属区",
      // (facts probe set 7) estates named 华府, 首府, 名都, 绿洲, …湾
      U"华府", U"首府", U"名都", U"绿洲", U"湾",
      // (facts probe set 10) night markets; estates named …府 (悦澜府, 苍岚府; not 政府, 王府)
      U"夜市", U"府"};
  // A suffix whose next character makes it part of another word ends no name: 城市, 城管, 城区;
  // 村民, 村委; 组织, 组成; 路灯, 路面; 局长, 局面; 市场秩序. Over hotspot.jsonl "城" was followed
  // by 市 460 times, 管 148, 区 92; "组" by 织 186; "街" by 道 440 (街道 is now a suffix itself).
  static const std::pair<std::u32string_view, std::u32string_view> kNotBefore[] = {
      {U"城", U"市管区乡镇改际铁建投郊墙中"},
      {U"村", U"民委集干级务支主长道"},
      {U"组", U"织成团建合员件长"},
      {U"街", U"道头坊"},
      {U"路", U"灯面况线费人基政车段桥"},
      {U"局", U"长面势部限"},
      {U"栋", U"梁"},
      {U"广场", U"舞"},
      {U"巷", U"道子"},
      {U"市场", U"秩价监经化行"},
      {U"委", U"托员屈婉会"},
      {U"厅", U"长级"},
      {U"厂", U"家长区房商方"},
      {U"站", U"长在起立点岗住着出满牌"},  // 站牌: "公交站无站牌"
      {U"湖", U"南北区面边"},
      {U"政府", U"部门工信采补购"},
      {U"物业", U"科"},
      // pupils, students and bank cards, not a school or a bank: "初中生小学生", "就业大学生",
      // "结果银行卡里被转走" (seed appeals of 2026-12-05)
      {U"小学", U"生"},
      {U"大学", U"生"},
      {U"银行", U"卡"},
      // an estate's name going on: "金水湾小区", "双湾国际小区", "华府御园"
      {U"湾", U"小花家公苑城区御国路街村镇"},
      {U"华府", U"小花家公苑城区御国"},
      {U"首府", U"小花家公苑城区御国"},
      {U"名都", U"小花家公苑城区御国市"},
      {U"绿洲", U"小花家公苑城区御国"}};
  auto part_of_word = [&](std::u32string_view suf, size_t end) {
    if (end >= n) return false;
    if (suf == U"站" && s.compare(end, 3, U"出站口") == 0) return false;  // 渭南北站出站口
    // "崇业路路边停车位": the second 路 begins 路边 (路口, 路旁 …); the first ends the road.
    if (suf == U"路" && end >= 2 && s[end - 2] == U'路') return true;
    // A school by its number ends before a stop or its gate: "高新一中门口", not "一中学生".
    if (suf.size() == 2 && (suf[1] == U'中' || suf[1] == U'小') &&
        std::u32string_view(U"一二三四五").find(suf[0]) != std::u32string_view::npos) {
      if (end >= 3 && (s[end - 3] == U'届' || s[end - 3] == U'第'))
        return true;  // 十八届三中(全会)
      return IsCjk(s[end]) && !StopsName(s[end]) &&
             std::u32string_view(U"门校的").find(s[end]) == std::u32string_view::npos;
    }
    // 村道 is a village road ("压坏村道"), but "三张村道路积水" names 三张村.
    if (suf == U"村" && s.compare(end, 2, U"道路") == 0) return false;
    for (const auto& [what, next] : kNotBefore) {
      if (what == suf) return next.find(s[end]) != std::u32string_view::npos;
    }
    return false;
  };
  struct Candidate {
    size_t start, end;
    const char* kind;
  };
  std::vector<Candidate> cands;
  static const CharSet* kSuffixEnds = [] {
    std::u32string ends;
    for (auto suf : kOrgSuffix) ends.push_back(suf.back());
    for (auto suf : kPlaceSuffix) ends.push_back(suf.back());
    return new CharSet(ends);
  }();
  for (size_t end = 1; end <= n; ++end) {
    if (!kSuffixEnds->Has(s[end - 1])) continue;
    for (auto suf : kOrgSuffix) {
      if (EndsWithAt(s, end, suf)) {
        // 物业费 / 物业管理费 are fees, not the company; "阳光城小区物业" is the estate's
        // property company, named by the estate (a place of its own, found below).
        if ((suf == U"物业" && end < n && s[end] == U'费') || part_of_word(suf, end)) break;
        if (suf == U"物业" && EndsWithAt(s, end - 2, U"小区")) break;
        // "流转费公司一直没给": a fee, then the company.
        if (end > suf.size() && s[end - suf.size() - 1] == U'费') break;
        size_t start = TrimNameStart(s, ScanNameBack(s, end, suf.size(), 24), end, suf.size());
        // An office (管理处) needs a name of two characters at least: not "市管理处".
        if (suf == U"管理处" && end - start < suf.size() + 2) break;
        // "金域华府物业" is the estate's property company, named by the estate (facts probe set 7),
        // like "阳光城小区物业" above.
        if (suf == U"物业" && end - start > 4 &&
            !EstateKey(EncodeUtf8(std::u32string_view(s).substr(start, end - 2 - start))).empty()) {
          break;
        }
        // An address in front of an organisation is a place of its own: "A3区桐梓坡路" and
        // "部落饭店", "…荷塘坪组" and "丰国砖厂" (but 东风路小学 is one name: at least two
        // characters of the organisation's own name must follow the place). Only address parts
        // split: 城, 苑, 湖 … often begin a brand (星城实验学校, 长城物业).
        static constexpr std::u32string_view kAddressEnds[] = {
            U"小区", U"社区", U"大道", U"街道", U"路",   U"街",   U"巷",  U"村",
            U"组",   U"镇",   U"东段", U"西段", U"南段", U"北段", U"中段"};
        // But a body every place has is named by its place: "良田街道便民服务中心",
        // "金城社区居委会", "电信胜利大街营业厅" (facts probe set 7; sets 1–6 mark 孙王村村委会,
        // 白杨街道中心小学).
        static constexpr std::u32string_view kPlacesBodies[] = {
            U"便民服务中心", U"卫生服务中心", U"服务中心", U"营业厅",   U"村委会", U"居委会",
            U"派出所",       U"卫生院",       U"卫生室",   U"中心小学", U"供电所", U"营业部",
            U"管理部",       U"支行",         U"分行",     U"农贸市场", U"菜市场"};
        for (size_t p = end - suf.size() - 2; p > start + 1 && p <= end; --p) {
          const auto* place =
              std::find_if(std::begin(kAddressEnds), std::end(kAddressEnds),
                           [&](auto w) { return EndsWithAt(s, p, w) && !part_of_word(w, p); });
          if (place != std::end(kAddressEnds)) {
            // (A bare 街道 names no place: "去了街道便民服务中心".)
            const std::u32string_view rest(s.data() + p, end - p);
            if (p - start <= place->size() ||
                std::find(std::begin(kPlacesBodies), std::end(kPlacesBodies), rest) ==
                    std::end(kPlacesBodies)) {
              start = TrimNameStart(s, p, end, suf.size());  // "…小区物业渭南宏达物业管理有限公司"
            }
            break;
          }
        }
        // 和 inside a company's own name: "渭南嘉和物业服务有限公司" stops the scan at 和 with
        // only the trade left ("物业服务有限公司"); go on through it when what is in front is a
        // name of at least two characters, not another organisation ("住建局和物业公司").
        // Likewise a two-character name ending in 和 before a bare suffix: "仁和诊所", "协和医院".
        // (A bare suffix leaves start == end.)
        if (const size_t he = end - suf.size() - 1;
            start == end && end >= suf.size() + 2 && s[he] == U'和' && IsCjk(s[he - 1]) &&
            !StopsName(s[he - 1]) && (he < 2 || !IsCjk(s[he - 2]) || StopsName(s[he - 2])) &&
            std::u32string_view(U"局司委办所院校队会厂店站部处民人党").find(s[he - 1]) ==
                std::u32string_view::npos) {
          start = he - 1;
        }
        if (start >= 3 && s[start - 1] == U'和' && IsTradeOnly(s, start, end, suf.size()) &&
            IsCjk(s[start - 2]) && !StopsName(s[start - 2]) &&
            std::u32string_view(U"局司委办所院校队会厂店站部处").find(s[start - 2]) ==
                std::u32string_view::npos) {
          // The scan must end at a stop within six characters: "由渭南安和…" running on into
          // "…停车场由渭南安" is no name.
          const size_t scan = ScanNameBack(s, start - 1, 0, 6);
          const size_t front = TrimNameStart(s, scan, start - 1, 0);
          if (start - 1 - scan < 6 && front + 2 <= start - 1) start = front;
        }
        // A shop (店) named by its trade alone is no name: 奶茶店, 家具店, 4S店 (a name has at
        // least five characters: 欧雅家具店, 甜蜜时光蛋糕店).
        if (suf == U"店" && end - start < 5) break;
        // Nor is an estate's or a street's branch ("…有限公司A5区桔园小区店").
        if (suf == U"店" &&
            std::u32string_view(U"区路街村镇号").find(s[end - 2]) != std::u32string_view::npos) {
          break;
        }
        if (end - start > suf.size() && !IsTradeOnly(s, start, end, suf.size())) {
          cands.push_back({start, end, "organization"});
        }
        break;
      }
    }
    for (auto suf : kPlaceSuffix) {
      if (EndsWithAt(s, end, suf)) {
        if (part_of_word(suf, end)) break;
        // A road's night market is the road ("石泉路夜市"; "高新夜市", "金城夜市" are names).
        if (suf == U"夜市" && end >= 3 && (s[end - 3] == U'路' || s[end - 3] == U'街')) break;
        // 府 names an estate, not a government (县府, 市府, 镇府), a mansion or an academy.
        if (suf == U"府" &&
            (end < 3 || std::u32string_view(U"政王官学首华县市省镇乡区知新双").find(s[end - 2]) !=
                            std::u32string_view::npos)) {
          break;
        }
        // 村 right after a village or its group begins a word of its own: "王贺村3组村口",
        // "王贺村村头", "白杨村三组村西头" name 王贺村3组, 王贺村, 白杨村三组.
        if (suf == U"村" && end >= 2 && end < n &&
            std::u32string_view(U"组村").find(s[end - 2]) != std::u32string_view::npos &&
            std::u32string_view(U"口头里内边道东西南北").find(s[end]) !=
                std::u32string_view::npos) {
          break;
        }
        size_t start = TrimNameStart(s, ScanNameBack(s, end, suf.size(), 24), end, suf.size());
        // A bare number (14栋, 3单元) or count (两组, 全组, 几栋) names no place without the estate
        // in front; a road's number does (310国道).
        static const CharSet* kCountChars =
            new CharSet(U"0123456789零一二三四五六七八九十百千两几全每各整半多数好");
        // A count after 共 too ("小区共6栋").
        const size_t count_start =
            s[start] == U'共' && end - suf.size() > start + 1 && kCountChars->Has(s[start + 1])
                ? start + 1
                : start;
        const bool bare_number =
            suf != U"国道" && suf != U"省道" &&
            std::all_of(s.begin() + count_start, s.begin() + (end - suf.size()),
                        [](char32_t c) { return kCountChars->Has(c); });
        if (end - start > suf.size() && !bare_number) cands.push_back({start, end, "place"});
        break;
      }
    }
  }
  // Administrative divisions named on their own ("住在A市", "湖北省武汉市的亲戚", "广东人"): a run
  // of units, each a province (by name, with or without 省/市/自治区), a masked code as public
  // exports write them (A市, A7县, A8县市) or, after another unit, two or three name characters
  // with 市, 县, 区, 州 or 旗 (陕西省渭南市临渭区). A longer name holding the run wins below
  // ("A市A7县星沙镇", "A市政府"). 24 % of the names marked by hand and missed on the first set
  // were such runs (docs/dispatch.md "Facts").
  static constexpr std::u32string_view kProvinces[] = {
      U"黑龙江", U"内蒙古", U"北京", U"天津", U"上海", U"重庆", U"河北", U"山西", U"辽宁",
      U"吉林",   U"江苏",   U"浙江", U"安徽", U"福建", U"江西", U"山东", U"河南", U"湖北",
      U"湖南",   U"广东",   U"海南", U"四川", U"贵州", U"云南", U"陕西", U"甘肃", U"青海",
      U"台湾",   U"广西",   U"西藏", U"宁夏", U"新疆", U"香港", U"澳门"};
  static constexpr std::u32string_view kProvinceEnds[] = {
      U"壮族自治区", U"回族自治区", U"维吾尔自治区", U"特别行政区", U"自治区", U"省", U"市"};
  static const CharSet* kProvinceFirst = [] {
    std::u32string firsts;
    for (auto p : kProvinces) firsts.push_back(p[0]);
    return new CharSet(firsts);
  }();
  auto is_latin = [](char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  // The end of the unit at `i` (i when none); `chained`: right after another unit.
  auto admin_unit = [&](size_t i, bool chained) -> size_t {
    if (i >= n) return i;
    // `s` is folded to lower case: a masked code is a letter (a市, a7县).
    if (s[i] >= 'a' && s[i] <= 'z' && (i == 0 || !(is_latin(s[i - 1]) || IsDigit(s[i - 1])))) {
      size_t j = i + 1;
      while (j < n && j - i <= 2 && IsDigit(s[j])) ++j;
      for (std::u32string_view end : {U"县市", U"省", U"市", U"县", U"区"}) {
        if (s.compare(j, end.size(), end) == 0) return j + end.size();
      }
      return i;
    }
    for (std::u32string_view p : kProvinces) {
      if (p[0] != s[i] || s.compare(i, p.size(), p) != 0) continue;
      size_t j = i + p.size();
      for (std::u32string_view end : kProvinceEnds) {
        if (s.compare(j, end.size(), end) == 0) {
          j += end.size();
          break;
        }
      }
      return j;
    }
    if (!chained) return i;
    if (!IsCjk(s[i]) || StopsName(s[i])) return i;
    for (size_t len = 2; len <= 3 && i + len < n; ++len) {
      if (!IsCjk(s[i + len - 1]) || StopsName(s[i + len - 1])) break;
      if (std::u32string_view(U"市县区州旗").find(s[i + len]) != std::u32string_view::npos) {
        return i + len + 1;
      }
    }
    return i;
  };
  for (size_t i = 0; i < n; ++i) {
    // A run starts with a letter or a province's first character, after a character that begins
    // no name part (not inside a word: 东西藏起来).
    if (!((s[i] >= 'a' && s[i] <= 'z') || kProvinceFirst->Has(s[i]))) continue;
    size_t end = admin_unit(i, false);
    if (end == i || (i > 0 && IsCjk(s[i - 1]) && !StopsName(s[i - 1]) && !AfterVerb(s, i))) {
      continue;
    }
    for (size_t next = admin_unit(end, true); next > end; next = admin_unit(end, true)) end = next;
    // A run running into a name without a suffix ("A市地铁", "A3区书院") is still named: the
    // division is a place of its own, and the name after it is not found anyway.
    cands.push_back({i, end, "place"});
    i = end - 1;
  }
  // A name in quotes followed by what it names: "“金麦汇”KTV", "“前程优学”培训机构" (brand
  // names carry no suffix of their own).
  static constexpr std::u32string_view kQuotedKinds[] = {
      U"KTV",  U"ktv",  U"超市", U"酒吧", U"茶楼", U"公司", U"店",   U"培训", U"教育", U"健身",
      U"网吧", U"餐厅", U"宾馆", U"酒店", U"会所", U"足浴", U"按摩", U"楼盘", U"小区", U"机构"};
  static constexpr std::u32string_view kQuotedTrades[] = {
      U"烧烤", U"网咖", U"网吧", U"火锅", U"饭庄", U"酒家", U"食府",   U"大院", U"小吃", U"烤肉",
      U"面馆", U"饭店", U"餐厅", U"超市", U"药房", U"诊所", U"酒店",   U"宾馆", U"茶楼", U"KTV",
      U"ktv",  U"健身", U"瑜伽", U"美容", U"美发", U"足浴", U"洗车",   U"汽修", U"驾校", U"教育",
      U"培训", U"家电", U"家具", U"建材", U"商行", U"商店", U"便利店", U"水果", U"蛋糕", U"奶茶"};
  for (size_t open = 0; open < n; ++open) {
    if (s[open] != U'“' && s[open] != U'「' && s[open] != U'"') continue;
    const char32_t close_char = s[open] == U'“' ? U'”' : s[open] == U'「' ? U'」' : U'"';
    size_t close = open + 1;
    while (close < n && close - open <= 13 && s[close] != close_char &&
           (IsCjk(s[close]) || IsDigit(s[close]) || (s[close] >= 'a' && s[close] <= 'z') ||
            (s[close] >= 'A' && s[close] <= 'Z'))) {
      ++close;
    }
    if (close >= n || s[close] != close_char || close - open - 1 < 2) continue;
    // Or a shop whose quoted name holds its trade ("“老秦家烧烤”", "“极速网咖”"), or whose kind
    // of shop follows within a few characters ("“茶香里”奶茶店").
    const std::u32string_view inside(s.data() + open + 1, close - open - 1);
    const bool trade_inside =
        std::any_of(std::begin(kQuotedTrades), std::end(kQuotedTrades), [&](std::u32string_view k) {
          return inside.size() > k.size() && inside.substr(inside.size() - k.size()) == k;
        });
    bool shop_after = false;
    for (size_t k = close + 1; k < n && k <= close + 4 && IsCjk(s[k]); ++k) {
      if (std::u32string_view(U"店馆").find(s[k]) != std::u32string_view::npos) {
        shop_after = true;
        break;
      }
    }
    if (trade_inside || shop_after ||
        std::any_of(std::begin(kQuotedKinds), std::end(kQuotedKinds), [&](std::u32string_view k) {
          return s.compare(close + 1, k.size(), k) == 0;
        })) {
      cands.push_back({open + 1, close, "organization"});
    }
    open = close;
  }
  // The zone's own names start a name a verb or an adverb runs into.
  if (known != nullptr) {
    for (Candidate& c : cands) c.start = known->NameStart(s, c.start, c.end);
    for (const KnownNames::Span& k : known->FindAll(s)) {
      cands.push_back({k.start, k.end, k.place ? "place" : "organization"});
    }
  }
  // A ring road by its side ("南二环", "西北二环"; facts probe set 9), with the street or district
  // right in front ("良田街道南二环"); not a verb's object ("连通西二环" names 西二环 only).
  for (size_t i = 1; i + 1 < n; ++i) {
    if (s[i + 1] != U'环' ||
        std::u32string_view(U"一二三").find(s[i]) == std::u32string_view::npos) {
      continue;
    }
    size_t start = i;
    while (start > 0 && i - start < 2 &&
           std::u32string_view(U"东西南北").find(s[start - 1]) != std::u32string_view::npos) {
      --start;
    }
    if (start == i || (i + 2 < n && s[i + 2] == U'境')) continue;
    size_t front = start;
    for (const Candidate& c : cands) {
      if (c.end == start && std::string_view(c.kind) == "place" &&
          (EndsWithAt(s, c.end, U"街道") || EndsWithAt(s, c.end, U"区") ||
           EndsWithAt(s, c.end, U"市") || EndsWithAt(s, c.end, U"县"))) {
        front = c.start;
      }
    }
    cands.push_back({front, i + 2, "place"});
  }
  // An estate's building right after it is part of the place ("恒大名都12号楼": 都 ends a scan
  // back from 号楼, so the building alone would be a bare number).
  for (Candidate& c : cands) {
    if (std::string_view(c.kind) != "place") continue;
    size_t d = c.end;
    while (d < n && d - c.end < 3 && IsDigit(s[d])) ++d;
    if (d == c.end) continue;
    for (std::u32string_view b : {U"号楼", U"栋", U"幢"}) {
      if (s.compare(d, b.size(), b) == 0 &&
          !EstateKey(EncodeUtf8(std::u32string_view(s).substr(c.start, c.end - c.start))).empty()) {
        c.end = d + b.size();
        break;
      }
    }
  }
  // What follows a place and belongs to it: a flat after its building ("11号楼1单元602室",
  // "2单元401"), a section of a road ("朝阳大街东段"), a phase of an estate ("翠湖雅苑二期").
  for (Candidate& c : cands) {
    if (std::string_view(c.kind) != "place") continue;
    const std::u32string_view name(s.data() + c.start, c.end - c.start);
    auto ends_with = [&](std::u32string_view w) {
      return name.size() >= w.size() && name.substr(name.size() - w.size()) == w;
    };
    size_t e = c.end;
    if (ends_with(U"单元") || ends_with(U"号楼") || ends_with(U"栋")) {
      size_t d = e;
      while (d < n && d - e < 4 && IsDigit(s[d])) ++d;
      if (d - e >= 3 && !(d < n && (IsDigit(s[d]) || s[d] == U'元' || s[d] == U'年'))) {
        e = d;
        if (e < n && std::u32string_view(U"室号户").find(s[e]) != std::u32string_view::npos) ++e;
      } else {
        // A floor by its number: "和平里小区11号楼7楼" (sets 1, 7, 8, 9 leave "3号楼一楼", a
        // ground-floor shop's address, at the building).
        e = FloorEnd(s, e, false);
      }
    } else if ((ends_with(U"大厦") || ends_with(U"写字楼") || ends_with(U"园") ||
                ends_with(U"公寓")) &&
               e + 1 < n && ((s[e] >= 'a' && s[e] <= 'z') || IsDigit(s[e])) && s[e + 1] == U'座') {
      e += 2;  // "创业大厦B座"
      size_t d = e;
      while (d < n && d - e < 4 && IsDigit(s[d])) ++d;
      if (d - e >= 3) {
        e = d + (d < n && s[d] == U'室' ? 1 : 0);  // "锦业时代公寓B座1806室"
      } else {
        e = FloorEnd(s, e, true);  // "B座15层"
      }
    } else if (ends_with(U"广场") || ends_with(U"商场")) {
      // A floor of a mall ("万达广场三楼"; set 3 marks "锦华大厦" without its floor).
      e = FloorEnd(s, e, true);
    } else if (ends_with(U"大厦")) {
      e = FloorEnd(s, e, false);  // "金鼎大厦5楼" (facts probe set 11)
    } else if (ends_with(U"路") || ends_with(U"街") || ends_with(U"大道") || ends_with(U"巷")) {
      if (e + 1 < n && std::u32string_view(U"东西南北中").find(s[e]) != std::u32string_view::npos &&
          s[e + 1] == U'段') {
        e += 2;
      } else if (HouseNumberEnd(s, e, &e, name)) {
        // a house number: "育才巷12号" (facts probe set 10)
      } else if (s.compare(e, 3, U"延伸段") == 0) {
        e += 3;  // "高新大道延伸段" (facts probe set 8)
      } else if (s.compare(e, 2, U"十字") == 0 &&
                 !(c.start > 0 && std::u32string_view(U"与和跟").find(s[c.start - 1]) !=
                                      std::u32string_view::npos)) {
        // A road's crossing named by the road alone: "从崇业路十字到白杨路十字" (facts probe set
        // 9); the second road of "A与B十字" is left to the junction below.
        e += s.compare(e, 4, U"十字路口") == 0 ? 4 : 2;
      }
    } else if (EstateSuffixAt(s, e) > 0) {
      size_t d = e;
      while (d < n && d - e < 2 && IsNumChar(s[d])) ++d;
      if (d > e && d < n && s[d] == U'期') e = d + 1;
    }
    c.end = e;
  }
  // A gate or an exit of a named place is where the caller stands ("湿地公园南门", "体育中心
  // 南门", "渭南北站出站口"; facts probe set 4); an estate's gate is the estate (sets 1–3 mark
  // "润泽苑小区" in "润泽苑小区东门").
  for (Candidate& c : cands) {
    for (std::u32string_view gate :
         {U"东门", U"南门", U"西门", U"北门", U"正门", U"后门", U"出站口", U"进站口"}) {
      if (s.compare(c.end, gate.size(), gate) == 0) {
        if (EstateKey(EncodeUtf8(std::u32string_view(s).substr(c.start, c.end - c.start)))
                .empty()) {
          c.end += gate.size();
        }
        break;
      }
    }
  }
  // National platforms and chains named without a suffix ("用滴滴打车", "乐天大街华润万家",
  // "在美团上点的外卖"): consumer complaints name them as often as a shop.
  for (size_t i = 0; i + 1 < n; ++i) {
    static const CharSet* kBrandFirst = [] {
      std::u32string firsts;
      for (auto b : kBrands) firsts.push_back(b[0]);
      return new CharSet(firsts);
    }();
    if (!kBrandFirst->Has(s[i])) continue;
    for (std::u32string_view b : kBrands) {
      if (b[0] == s[i] && s.compare(i, b.size(), b) == 0) {
        // "第二天猫就死了", "当天猫粮" name no 天猫: 天 ends a day word there.
        if (b == U"天猫" && i > 0 &&
            std::u32string_view(U"一二三四五六七八九十两几第当每今昨明前后这那半整")
                    .find(s[i - 1]) != std::u32string_view::npos) {
          break;
        }
        size_t end = i + b.size();
        // "中通快递", "美团外卖", "京东超市": the brand's service is part of its name.
        for (std::u32string_view tail : {U"快递", U"外卖", U"超市", U"商城", U"平台", U"单车"}) {
          if (s.compare(end, tail.size(), tail) == 0) {
            end += tail.size();
            break;
          }
        }
        cands.push_back({i, end, "organization"});
        i = end - 1;
        break;
      }
    }
  }
  // An organisation's branch named by its place right after it is one name: "渭南农商银行" +
  // "崇业路支行", "渭南住房公积金管理中心" + "高新区管理部" (facts probe set 7).
  for (size_t a = 0, count = cands.size(); a < count; ++a) {
    if (std::string_view(cands[a].kind) != "organization") continue;
    for (size_t b = 0; b < count; ++b) {
      const Candidate& branch = cands[b];
      if (b == a || branch.start != cands[a].end) continue;
      for (std::u32string_view w : {U"支行", U"分行", U"支局", U"营业厅", U"营业部", U"营业所",
                                    U"管理部", U"分公司", U"分店", U"院区", U"分院"}) {
        if (EndsWithAt(s, branch.end, w)) {
          cands.push_back({cands[a].start, branch.end, "organization"});
          break;
        }
      }
    }
  }
  // A place running into an organisation split off its address ("…融圣国际小区长城" against
  // "长城物业") is no name.
  std::erase_if(cands, [&](const Candidate& c) {
    if (std::string_view(c.kind) != "place") return false;
    return std::any_of(cands.begin(), cands.end(), [&](const Candidate& o) {
      return std::string_view(o.kind) == "organization" && c.start < o.start && o.start < c.end &&
             c.end < o.end;
    });
  });
  // A crossroads is one place: "锦业路与创业大道十字路口", "朝阳大街和秦风路十字",
  // "创业大道与新盛路十字东北角" (facts probe sets 1 and 2: both annotators mark the junction
  // whole, and it is where the unit must go).
  static constexpr std::u32string_view kJunctions[] = {
      U"十字路口", U"丁字路口", U"交叉路口", U"交叉口", U"十字口", U"十字", U"路口"};
  static constexpr std::u32string_view kCorners[] = {U"东北角", U"西北角", U"东南角", U"西南角"};
  for (size_t a = 0, count = cands.size(); a < count; ++a) {
    const Candidate first = cands[a];
    if (std::string_view(first.kind) != "place" || first.end + 1 >= n ||
        std::u32string_view(U"和与跟").find(s[first.end]) == std::u32string_view::npos) {
      continue;
    }
    for (size_t b = 0; b < count; ++b) {
      const Candidate& second = cands[b];
      if (std::string_view(second.kind) != "place" || second.start != first.end + 1) continue;
      for (std::u32string_view j : kJunctions) {
        if (s.compare(second.end, j.size(), j) != 0) continue;
        size_t end = second.end + j.size();
        for (std::u32string_view corner : kCorners) {
          if (s.compare(end, corner.size(), corner) == 0) end += corner.size();
        }
        cands.push_back({first.start, end, "place"});
        break;
      }
    }
  }
  // Longest names first; overlapping shorter ones are dropped.
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    return a.end - a.start > b.end - b.start;
  });
  for (const Candidate& c : cands) Add(&out, orig, c.kind, field, c.start, c.end);
  std::sort(out.begin(), out.end(), [](const Fact& a, const Fact& b) { return a.start < b.start; });
  return out;
}

std::string EstateKey(std::string_view place) {
  // Words that, before a suffix, name no particular estate (周边小区, 附近小区, 老旧小区).
  static constexpr std::u32string_view kGeneric[] = {
      U"周边", U"附近", U"周围", U"隔壁", U"对面",   U"所在", U"我们", U"我家", U"他们",
      U"其他", U"其它", U"老旧", U"安置", U"商品房", U"住宅", U"新建", U"高档", U"同一",
      U"多个", U"两个", U"几个", U"各个", U"全市",   U"城区", U"小区", U"导致", U"进出",
      U"进入", U"整个", U"所有", U"全体", U"业主",   U"居民", U"住户", U"旁边", U"门口"};
  // The same words at the end of a longer name ("共同诉求整个小区", "红星商圈附近小区").
  static constexpr std::u32string_view kGenericEnd[] = {U"周边", U"附近", U"周围", U"整个",
                                                        U"所有", U"旁边", U"进出", U"导致"};
  // Length of the estate suffix ending at `end` of `s` (0 = none).
  auto suffix_at = [](const std::u32string& s, size_t end) -> size_t {
    if (const size_t n = EstateSuffixAt(s, end); n > 0) return n;
    for (std::u32string_view suf : {U"大厦", U"社区", U"广场"}) {
      if (EndsWithAt(s, end, suf)) return suf.size();
    }
    return 0;
  };
  std::u32string s = DecodeUtf8(place);
  // A facility named after its estate is in it ("乾源国际广场停车场", "五一广场站").
  for (std::u32string_view tail : {U"停车场", U"地铁站", U"公交站", U"站", U"公园"}) {
    if (EndsWithAt(s, s.size(), tail) && suffix_at(s, s.size() - tail.size()) > 0) {
      s.resize(s.size() - tail.size());
      break;
    }
  }
  // Buildings, units and phases after the estate ("翠湖雅苑3栋2单元", "中海国际社区三期") go: cut
  // at a suffix ending right before such a tail (小区 itself ends in 区, a building character).
  static const CharSet* kBuildingChars = new CharSet(U"栋幢号楼单元期座门层室区组-#");
  for (size_t cut = s.size(); cut > 0; --cut) {
    const char32_t c = s[cut - 1];
    if (!(IsNumChar(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          kBuildingChars->Has(c))) {
      break;
    }
    if (suffix_at(s, cut - 1) > 0) {
      s.resize(cut - 1);
      break;
    }
  }
  size_t suffix = suffix_at(s, s.size());
  if (suffix == 0) {
    if (s.size() < 4) return "";
    // An address running on past its estate ("泉星社区泉星2号生活垃圾站"): the last estate
    // suffix inside it ends the estate (not 城 of 城市, 城管, 城区 …).
    size_t cut = s.size() - 1;
    for (; cut >= 3; --cut) {
      // A road or village named after an estate (谷苑路, 汽配城路) is no estate; the crossing or
      // stretch of road at one is (馨香雅苑路口, 兰亭风景小区路段).
      // So is one with its side or a flyover (楚府东路, 楚府高架).
      const bool road_named =
          (std::u32string_view(U"路街巷道村组").find(s[cut]) != std::u32string_view::npos &&
           !(s[cut] == U'路' && cut + 1 < s.size() &&
             (s[cut + 1] == U'口' || s[cut + 1] == U'段'))) ||
          (cut + 1 < s.size() &&
           std::u32string_view(U"东西南北中").find(s[cut]) != std::u32string_view::npos &&
           (s[cut + 1] == U'路' || s[cut + 1] == U'街')) ||
          s.compare(cut, 2, U"高架") == 0;
      if (suffix_at(s, cut) > 0 && !road_named &&
          !(s[cut - 1] == U'城' &&
            std::u32string_view(U"市管区乡镇改际铁建投郊墙中").find(s[cut]) !=
                std::u32string_view::npos)) {
        break;
      }
    }
    if (cut < 3) return "";
    s.resize(cut);
    suffix = suffix_at(s, s.size());
  }
  // "丽发新城小区" and "丽发新城" are one estate: a 小区 after another suffix is dropped.
  if (suffix == 2 && EndsWithAt(s, s.size(), U"小区")) {
    if (const size_t inner = suffix_at(s, s.size() - 2); inner > 0 && s.size() - 2 - inner >= 2) {
      s.resize(s.size() - 2);
      suffix = inner;
    }
  }
  const size_t name_end = s.size() - suffix;  // the name before the suffix
  // Districts and roads in front: cut after the last 省/市/区/县/镇/乡/路/街 (or 街道) that leaves
  // at least two characters of name ("劳动东路魅力之城" → 魅力之城).
  size_t start = 0;
  for (size_t i = 0; i + 1 < name_end; ++i) {
    const bool cut =
        std::u32string_view(U"省市区县镇乡路街").find(s[i]) != std::u32string_view::npos ||
        (i > 0 && s[i - 1] == U'街' && s[i] == U'道');
    if (cut && name_end - (i + 1) >= 2) start = i + 1;
  }
  if (name_end - start < 2) return "";
  const std::u32string_view name(s.data() + start, name_end - start);
  for (std::u32string_view g : kGeneric) {
    if (name == g) return "";
  }
  for (std::u32string_view g : kGenericEnd) {
    if (name.size() >= g.size() && name.substr(name.size() - g.size()) == g) return "";
  }
  // Towns, not estates.
  if (EndsWithAt(s, s.size(), U"省城") || EndsWithAt(s, s.size(), U"县城")) return "";
  return EncodeUtf8(std::u32string_view(s).substr(start));
}

}  // namespace minsheng
