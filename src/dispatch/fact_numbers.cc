// Phone numbers, vehicle plates, dates and amounts in an appeal (fact_scan.h).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "dispatch/fact_chars.h"
#include "dispatch/fact_scan.h"

namespace minsheng::fact_scan {
namespace {

using fact_chars::CharSet;
using fact_chars::IsCjk;
using fact_chars::IsDigit;
using fact_chars::IsNumChar;

// The end of a season, feast or part of a year right after a year ("去年|腊月", "2022年|底"), or
// `pos` when none follows.
size_t AfterSeason(const std::u32string& s, size_t pos) {
  static constexpr std::u32string_view kSeasons[] = {
      U"上半年", U"下半年", U"春节", U"春天", U"夏天", U"秋天", U"冬天", U"春季",
      U"夏季",   U"秋季",   U"冬季", U"腊月", U"正月", U"年底", U"年初", U"底",
      U"初",     U"元旦",   U"国庆", U"五一", U"中秋", U"端午", U"清明"};
  for (std::u32string_view w : kSeasons) {
    if (s.compare(pos, w.size(), w) == 0) return pos + w.size();
  }
  return pos;
}

}  // namespace

void AddNumbersAndDays(const std::u32string& s, const std::u32string& orig, std::string_view field,
                       std::vector<Fact>* out) {
  const size_t n = s.size();
  // Phone numbers: 11-digit mobiles (masking `*` allowed), landlines 0xxx-xxxxxxx, 12345-like
  // service numbers are ignored.
  for (size_t i = 0; i < n;) {
    if (!(IsDigit(s[i]) || s[i] == '*')) {
      ++i;
      continue;
    }
    size_t j = i;
    size_t digits = 0;
    while (j < n &&
           (IsDigit(s[j]) || s[j] == '*' || (s[j] == '-' && j + 1 < n && IsDigit(s[j + 1])))) {
      if (s[j] != '-') ++digits;
      ++j;
    }
    bool prev_ok = i == 0 || !(IsDigit(s[i - 1]) || s[i - 1] == '.');
    bool mobile = digits == 11 && s[i] == '1' && j - i == 11;
    bool landline = s[i] == '0' && digits >= 10 && digits <= 12;
    if (prev_ok && (mobile || landline) && !(j < n && (s[j] == U'元' || s[j] == U'年'))) {
      Add(out, orig, "phone", field, i, j);
    }
    i = j;
  }

  // Vehicle plates (车牌号): a province's one-character abbreviation, the issuing office's
  // letter, an optional separator, then 5 (6 for new-energy cars) letters and digits with at
  // least one digit, or 4 and 学/警/挂 ("陕E·12345", "陕ED12345", "陕e12345", "陕A1234学"); a plate
  // is what a unit needs to find a taxi, a bus or a car parked on the pavement.
  static const CharSet* provinces =
      new CharSet(U"京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼");
  auto is_upper = [](char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  for (size_t i = 0; i + 7 <= n; ++i) {
    if (!provinces->Has(s[i]) || !is_upper(s[i + 1])) continue;
    size_t j = i + 2;
    if (j < n && (s[j] == U'·' || s[j] == U'•' || s[j] == ' ' || s[j] == '-' || s[j] == '.')) {
      ++j;
    }
    size_t len = 0;
    size_t digits = 0;
    while (j + len < n && (IsDigit(s[j + len]) || is_upper(s[j + len])) && len < 7) {
      digits += IsDigit(s[j + len]);
      ++len;
    }
    size_t end = j + len;
    const bool special =  // 陕A1234学: a learner's, a police or a trailer plate
        end < n && std::u32string_view(U"学警挂").find(s[end]) != std::u32string_view::npos;
    if (!(len == 5 || len == 6 || (len == 4 && special)) || digits == 0) continue;
    end += special;
    Add(out, orig, "plate", field, i, end);
    i = end - 1;
  }

  // Dates: 2020年1月3日 / 1月3日 / 1月3号 / 2020-01-03 / 2020年1月 and a few relative words.
  for (size_t i = 0; i < n; ++i) {
    if (!IsNumChar(s[i]) || (i > 0 && IsNumChar(s[i - 1]))) continue;
    size_t j = i;
    auto num = [&](size_t k) {
      while (k < n && IsNumChar(s[k])) ++k;
      return k;
    };
    size_t a = num(j);
    if (a == j) continue;
    size_t end = 0;
    if (a < n && s[a] == U'年') {
      end = a + 1;
      size_t m = num(end);
      if (a - i == 4 && IsDigit(s[i]) && AfterSeason(s, end) > end) {
        end = AfterSeason(s, end);  // "2022年底", "2023年秋天"
      } else if (a - i == 4 && IsDigit(s[i]) && end < n && s[end] == U'度') {
        ++end;  // "2024年度汇算"
      } else if (m > end && m < n && s[m] == U'月') {
        end = m + 1;
        if (end < n && s[end] == U'份') {
          ++end;  // "今年3月份", "2024年3月份"
        }
        size_t d = num(end);
        if (d > end && d < n && (s[d] == U'日' || s[d] == U'号')) end = d + 1;
      } else if (a - i != 4 || !IsDigit(s[i])) {
        end = 0;  // "3年" is a duration, not a date
      }
    } else if (a < n && s[a] == U'月' && a - i <= 2) {
      size_t d = num(a + 1);
      if (d > a + 1 && d < n && (s[d] == U'日' || s[d] == U'号')) {
        end = d + 1;
      } else if (!(a + 1 < n && IsDigit(s[a + 1])) && IsDigit(s[i]) &&
                 (a - i == 1 || s[i] == '1') && !(a - i == 2 && s[i + 1] > '2') && s[i] != '0') {
        // A month alone, in digits (1..12): "10月份电费" (10月), "11月就交了材料", "4月底前退款".
        end = a + 1;
        if (end < n && s[end] == U'份') {
          ++end;  // "4月份"
        } else if (end < n &&
                   std::u32string_view(U"底初末").find(s[end]) != std::u32string_view::npos) {
          ++end;
        } else if (end + 1 < n &&
                   (s.compare(end, 2, U"中旬") == 0 || s.compare(end, 2, U"上旬") == 0 ||
                    s.compare(end, 2, U"下旬") == 0)) {
          end += 2;
        }
      }
    } else if (a - i == 4 && IsDigit(s[i]) && a < n &&
               (s[a] == '-' || s[a] == '.' || s[a] == '/')) {
      size_t m = num(a + 1);
      if (m > a + 1 && m - a - 1 <= 2 && m < n && s[m] == s[a]) {
        size_t d = num(m + 1);
        if (d > m + 1 && d - m - 1 <= 2) end = d;
      }
    }
    if (end > 0) {
      // A year or week word in front is part of it: "去年10月", "今年1月起".
      size_t start = i;
      if (i >= 2 && (s.compare(i - 2, 2, U"今年") == 0 || s.compare(i - 2, 2, U"去年") == 0 ||
                     s.compare(i - 2, 2, U"明年") == 0 || s.compare(i - 2, 2, U"前年") == 0)) {
        start = i - 2;
      }
      Add(out, orig, "date", field, start, end);
      i = end - 1;
    }
  }
  static constexpr std::u32string_view kRelativeDates[] = {
      U"今天", U"昨天", U"前天",   U"今晚",   U"昨晚",   U"今早", U"上周",
      U"本周", U"下周", U"上个月", U"这个月", U"下个月", U"本月", U"去年",
      U"今年", U"明年", U"上礼拜", U"下礼拜", U"前年"};
  static const CharSet* kRelativeFirst = [] {
    std::u32string firsts;
    for (auto w : kRelativeDates) firsts.push_back(w[0]);
    return new CharSet(firsts);
  }();
  for (size_t p = 0; p < n; ++p) {
    if (!kRelativeFirst->Has(s[p])) continue;
    for (std::u32string_view w : kRelativeDates) {
      if (s.compare(p, w.size(), w) == 0) {
        size_t end = p + w.size();
        // "今年1月" is one date, found with the month above.
        if (w.back() == U'年' && end < n && IsDigit(s[end])) {
          size_t m = end;
          while (m < n && IsDigit(s[m])) ++m;
          if (m < n && s[m] == U'月') break;
        }
        // A weekday after a week ("上周五", "本周末", "下礼拜一"), a day or part of a month after
        // a month ("上个月18日", "这个月初"), a season or feast after a year ("去年腊月",
        // "今年秋季", "去年下半年").
        if ((w.back() == U'周' || w.back() == U'拜') && end < n &&
            std::u32string_view(U"一二三四五六日天末").find(s[end]) != std::u32string_view::npos) {
          ++end;
        } else if (w.back() == U'月') {
          size_t d = end;
          while (d < n && IsDigit(s[d])) ++d;
          if (d > end && d < n && (s[d] == U'日' || s[d] == U'号')) {
            end = d + 1;
          } else if (d == end && end < n &&
                     std::u32string_view(U"初底末").find(s[end]) != std::u32string_view::npos) {
            ++end;
          }
        } else if (w.back() == U'年') {
          end = AfterSeason(s, end);
          // "今年83岁", "今年什么时候开始办": this year alone is no date an operator notes
          // (facts probe sets: marked once in 39 occurrences; 去年 is marked as a time).
          if (w == U"今年" && end == p + w.size()) break;
        }
        if (w == U"这个月" && end == p + w.size()) break;  // "这个月初" is a date, 这个月 alone not
        Add(out, orig, "date", field, p, end);
        p = end - 1;
        break;
      }
    }
  }
  // Feasts, days of the lunar calendar and weekdays named on their own ("五一家里还要办事",
  // "春节前结清", "除夕晚上", "腊月二十三", "大年初二", "年前把路修一下", "周六上午",
  // "星期六早上"), not as part of a name (五一广场, 五一路), a person (张国庆) or a school year
  // (初三年级).
  static constexpr std::u32string_view kDayDigits = U"一二三四五六七八九";
  // The end of a lunar day at `q` (初十, 十五, 二十三, 廿八, 三十), `q` when there is none.
  auto lunar_day = [&](size_t q) -> size_t {
    if (q + 1 < n && s[q] == U'初' &&
        (kDayDigits.find(s[q + 1]) != std::u32string_view::npos || s[q + 1] == U'十')) {
      return q + 2;
    }
    if (q < n && s[q] == U'十') {
      return q + 1 + (q + 1 < n && kDayDigits.find(s[q + 1]) != std::u32string_view::npos);
    }
    if (q + 1 < n && (s[q] == U'二' || s[q] == U'三') && s[q + 1] == U'十') {
      return q + 2 +
             (s[q] == U'二' && q + 2 < n && kDayDigits.find(s[q + 2]) != std::u32string_view::npos);
    }
    if (q + 1 < n && s[q] == U'廿' && kDayDigits.find(s[q + 1]) != std::u32string_view::npos) {
      return q + 2;
    }
    return q;
  };
  // "春节前", "元旦后", "春节前后".
  auto before_after = [&](size_t e) -> size_t {
    if (s.compare(e, 2, U"前后") == 0) return e + 2;
    if (e < n && (s[e] == U'前' || s[e] == U'后')) return e + 1;
    return e;
  };
  static constexpr std::u32string_view kFeasts[] = {
      U"春节", U"国庆", U"五一", U"中秋", U"元旦", U"端午", U"清明", U"除夕", U"星期", U"腊月",
      U"正月", U"冬月", U"大年", U"年前", U"年底", U"节前", U"节后", U"初",   U"周"};
  static const CharSet* kFeastFirst = [] {
    std::u32string firsts;
    for (auto w : kFeasts) firsts.push_back(w[0]);
    return new CharSet(firsts);
  }();
  // What before 年前 / 年底 makes a span of years or another word: "3年前", "几年前", "去年底".
  static const CharSet* kNotBeforeYear =
      new CharSet(U"0123456789零一二两三四五六七八九十百千万几多些去今明前往早每半周当近新跨");
  for (size_t p = 0; p < n; ++p) {
    if (!kFeastFirst->Has(s[p])) continue;
    for (std::u32string_view w : kFeasts) {
      if (w[0] != s[p] || s.compare(p, w.size(), w) != 0) continue;
      size_t start = p, end = p + w.size();
      const bool after_word = p == 0 || !IsCjk(s[p - 1]) || StopsName(s[p - 1]);
      if (w == U"星期" || w == U"周") {
        if (end >= n ||
            std::u32string_view(U"一二三四五六日天").find(s[end]) == std::u32string_view::npos) {
          break;
        }
        ++end;
        if (w == U"周" && ((end < n && s[end] == U'年') || (p > 0 && IsNumChar(s[p - 1])))) break;
        if (w == U"周" && p > 0 && s[p - 1] == U'这') start = p - 1;  // 这周一
      } else if (w == U"腊月" || w == U"正月" || w == U"冬月" || w == U"大年") {
        const size_t day = lunar_day(end);
        if (w == U"大年" && day == end) break;  // 大年 alone: a big year, not a day
        end = before_after(day);
      } else if (w == U"初") {
        // 初一 … 初十 alone; not 初三年级, 初中, 初二学生.
        const size_t day = lunar_day(p);
        if (day == p || (p > 0 && (s[p - 1] == U'月' || s[p - 1] == U'年'))) break;
        if (day < n &&
            std::u32string_view(U"年中学班级生的").find(s[day]) != std::u32string_view::npos)
          break;
        if (p > 0 && (s[p - 1] == U'上' || s[p - 1] == U'读')) break;  // 上初一: a school year
        end = day;
      } else if (w == U"年前" || w == U"年底") {
        if (p > 0 && kNotBeforeYear->Has(s[p - 1])) break;
        if (end < n && s[end] == U'年') break;  // "年前年后" is fine, "年底年" is not
        if (w == U"年底") end = before_after(end);
      } else if (w == U"节前" || w == U"节后") {
        if (!after_word) break;  // 季节后, 调节前
      } else {
        if (p > 0 && IsNumChar(s[p - 1])) break;       // "二十五一"
        if (p > 0 && SurnameAt(s, p - 1) == 1) break;  // 张国庆 is a person
        if (end < n && std::u32string_view(U"广路街道村桥楼巷里小").find(s[end]) !=
                           std::u32string_view::npos) {
          break;
        }
        if (end < n && s[end] == U'节') ++end;  // 国庆节, 中秋节
        // 国庆假期, 春节长假 (facts probe set 11)
        if (s.compare(end, 2, U"假期") == 0 || s.compare(end, 2, U"长假") == 0) end += 2;
        end = before_after(end);
      }
      Add(out, orig, "date", field, start, end);
      p = end - 1;
      break;
    }
  }

  // Amounts: a number followed by 元/万元/块/亿元/万.
  for (size_t i = 0; i < n; ++i) {
    if (!IsNumChar(s[i]) || (i > 0 && (IsNumChar(s[i - 1]) || s[i - 1] == '.'))) continue;
    size_t j = i;
    while (j < n && (IsNumChar(s[j]) || s[j] == '.' || s[j] == ',')) ++j;
    while (j > i && (s[j - 1] == ',' || s[j - 1] == '.')) --j;  // "想贷20万，问"
    size_t end = 0;
    bool has_digit = false, has_count = false;
    for (size_t k = i; k < j; ++k) {
      has_digit = has_digit || IsDigit(s[k]);
      // A count, not only magnitudes: "几万元" / "上百元" name no amount; "十元" does.
      has_count =
          has_count || IsDigit(s[k]) ||
          std::u32string_view(U"零一二两三四五六七八九").find(s[k]) != std::u32string_view::npos;
    }
    if (!has_count && s[i] != U'十') continue;
    // "More than" and a magnitude may come between: "4万多元", "2300多元", "2000多万元", "600余元"
    // (the number itself may end in a magnitude: 万 is a numeral character).
    size_t k = j;
    auto is_more = [&](size_t p) { return p < n && (s[p] == U'多' || s[p] == U'余'); };
    bool more = is_more(k);
    k += more;
    if (k < n && std::u32string_view(U"万亿千").find(s[k]) != std::u32string_view::npos) ++k;
    if (!more && is_more(k)) ++k;
    for (std::u32string_view unit : {U"元", U"块钱", U"块"}) {
      if (unit[0] == U'块' && !has_digit) continue;  // "一块空地" is not an amount
      if (s.compare(k, unit.size(), unit) == 0) {
        end = k + unit.size();
        break;
      }
    }
    // "想贷20万，", "每年15万": ten thousands of yuan, in digits, where the clause ends.
    size_t before_more = k;
    if (before_more > j && is_more(before_more - 1)) --before_more;
    if (end == 0 && has_digit && s[before_more - 1] == U'万' &&
        (k >= n || std::u32string_view(U"，,。；;！!？?、）) 的了").find(s[k]) !=
                       std::u32string_view::npos)) {
      end = k;
    }
    // A sum without its unit where money is paid, owed or charged ("一年交1200多,", "押金是
    // 3200,", "医保只报了200多"; facts probe sets 3 and 4): two digits or more right after such
    // a word, where the clause ends.
    static constexpr std::u32string_view kMoneyCues[] = {
        U"交了", U"交",   U"花了", U"付了", U"收了", U"收",   U"退了", U"退",     U"赔了",  U"赔",
        U"罚了", U"罚",   U"扣了", U"扣",   U"欠了", U"欠",   U"报了", U"押金",   U"定金",  U"订金",
        U"租金", U"房租", U"工资", U"费用", U"充了", U"借了", U"要价", U"押金是", U"工资是"};
    if (end == 0 && has_digit && j - i >= 2 && std::all_of(s.begin() + i, s.begin() + j, IsDigit) &&
        (k >= n ||
         std::u32string_view(U"，,。；;！!？?、）) ").find(s[k]) != std::u32string_view::npos) &&
        std::any_of(std::begin(kMoneyCues), std::end(kMoneyCues),
                    [&](std::u32string_view w) { return EndsWithAt(s, i, w); })) {
      end = k;
    }
    if (end > 0) {
      Add(out, orig, "amount", field, i, end);
      i = end - 1;
    }
  }
}

}  // namespace minsheng::fact_scan
