// Persons named in an appeal (fact_scan.h): surname + 某, surname + given name + title, a name
// after a phrase that introduces one, the familiar 老X / 小X.
#include <string>
#include <string_view>
#include <vector>

#include "dispatch/fact_chars.h"
#include "dispatch/fact_scan.h"
#include "dispatch/fact_words.h"

namespace minsheng::fact_scan {
namespace {

using fact_chars::CharSet;
using fact_chars::IsCjk;
using fact_words::kCompoundSurnames;
using fact_words::kNameIntros;
using fact_words::kNonNameOpeners;
using fact_words::kPersonTitles;
using fact_words::kSurnames;
using fact_words::kSurnameWords;

bool IsSurnameWord(const std::u32string& s, size_t i) {
  for (auto w : kSurnameWords) {
    if (s.compare(i, w.size(), w) == 0) return true;
  }
  return false;
}

bool IsGivenNameChar(char32_t c) {
  static const CharSet* not_given = new CharSet(
      U"不没很要想叫去来等某先后指接有表时总活心执罚拨打可务会能已以用回示私独认电无骗");
  return IsCjk(c) && !StopsName(c) && !not_given->Has(c);
}

}  // namespace

// Length of the surname at `i` (0 = none).
size_t SurnameAt(const std::u32string& s, size_t i) {
  for (auto c : kCompoundSurnames) {
    if (s.compare(i, c.size(), c) == 0) return c.size();
  }
  static const CharSet* surnames = new CharSet(kSurnames);
  return i < s.size() && surnames->Has(s[i]) ? 1 : 0;
}

// Persons named in the text: surname + 某/某某 (王某某), surname + up to two given-name
// characters + a title (张经理, 王建国书记), or a name after an introducing phrase (我叫张三).
void AddPersons(const std::u32string& s, const std::u32string& orig, std::string_view field,
                std::vector<Fact>* out) {
  const size_t n = s.size();
  // Surnames left out of kSurnames for the words they begin (任何, 如何, 许多, 曾多次 …), taken
  // where a title or 某 follows at once ("来电人任女士", "负责人何经理", "何某").
  // (facts probe sets 3 and 4: 尚某, 文先生, 康某, 蔺工 …)
  static const CharSet* kRareSurnames = new CharSet(U"曾任许金于何尚文蒲拓同苗康党蔺景巩");
  static const CharSet* kIntroEnds = [] {
    std::u32string ends;
    for (auto phrase : kNameIntros) ends.push_back(phrase.back());
    return new CharSet(ends);
  }();
  static const CharSet* kTitleEnds = [] {
    std::u32string ends;
    for (auto t : kPersonTitles) ends.push_back(t.back());
    return new CharSet(ends);
  }();
  auto is_introduced = [&](size_t i) {
    // A name right after an introducing phrase or a two-character title (我叫张三, 经理张伟).
    size_t k = i;
    while (k > 0 && (s[k - 1] == ':' || s[k - 1] == U'：' || s[k - 1] == ' ')) --k;
    if (k > 0 && kIntroEnds->Has(s[k - 1])) {
      for (auto phrase : kNameIntros) {
        if (EndsWithAt(s, k, phrase)) return true;
      }
    }
    if (i > 0 && kTitleEnds->Has(s[i - 1])) {
      for (auto t : kPersonTitles) {
        if (t.size() == 2 && EndsWithAt(s, i, t)) return true;
      }
    }
    return false;
  };
  // Phrases after which only a name can follow: "我叫", "名叫", "姓名：", "代表：", "业主代表".
  auto strongly_introduced = [&](size_t i) {
    size_t k = i;
    bool colon = false;
    while (k > 0 && (s[k - 1] == ':' || s[k - 1] == U'：' || s[k - 1] == ' ')) {
      colon = colon || s[k - 1] != ' ';
      --k;
    }
    // Called for most characters: the phrases' last characters first.
    if (k == 0 || std::u32string_view(U"叫名表人主").find(s[k - 1]) == std::u32string_view::npos) {
      return false;
    }
    for (std::u32string_view w :
         {U"我叫", U"名叫", U"姓名", U"业主代表", U"村民代表", U"居民代表"}) {
      if (EndsWithAt(s, k, w)) return true;
    }
    if (colon) {
      for (std::u32string_view w : {U"代表", U"联系人", U"投诉人", U"举报人", U"来电人", U"户主"}) {
        if (EndsWithAt(s, k, w)) return true;
      }
    }
    return false;
  };
  static const CharSet* kTitleFirst = [] {
    std::u32string firsts;
    for (auto t : kPersonTitles) firsts.push_back(t.front());
    return new CharSet(firsts);
  }();
  auto title_at = [&](size_t j) {
    if (j >= n || !kTitleFirst->Has(s[j])) return false;
    for (auto t : kPersonTitles) {
      if (s.compare(j, t.size(), t) == 0) return true;
    }
    return false;
  };
  for (size_t i = 0; i < n; ++i) {
    size_t sur = SurnameAt(s, i);
    if (sur == 0 && kRareSurnames->Has(s[i]) && i + 1 < n &&
        (title_at(i + 1) || s[i + 1] == U'某')) {
      sur = 1;
    }
    // Any surname, when the record introduces the person and a title or 某 follows ("来电人柴女士",
    // "房东康某").
    if (sur == 0 && IsCjk(s[i]) && !StopsName(s[i]) && i + 1 < n &&
        (title_at(i + 1) || s[i + 1] == U'某') && is_introduced(i)) {
      sur = 1;
    }
    // Any surname with one or two given-name characters after a phrase that can only introduce a
    // name: "我叫聂永刚", "代表：党春生", "村民代表史满仓".
    if (sur == 0 && IsGivenNameChar(s[i]) && strongly_introduced(i) &&
        std::none_of(std::begin(kNonNameOpeners), std::end(kNonNameOpeners),
                     [&](std::u32string_view w) { return s.compare(i, w.size(), w) == 0; })) {
      size_t end = i + 1;
      while (end < n && end - i < 3 && IsGivenNameChar(s[end])) ++end;
      if (end - i >= 2 && (end >= n || !IsCjk(s[end]) || StopsName(s[end]))) {
        Add(out, orig, "person", field, i, end);
        i = end - 1;
      }
      continue;
    }
    // 老周, 小王: a surname called by the speaker's familiar form, then a verb or a pause ("跟楼上
    // 老周说了", "物业小王来看过").
    // Not after 得: "堆得老高" is "piled high".
    if (sur == 0 && (s[i] == U'老' || s[i] == U'小') && i + 2 < n && SurnameAt(s, i + 1) == 1 &&
        !IsSurnameWord(s, i + 1) && !(i > 0 && s[i - 1] == U'得') &&
        (!IsCjk(s[i + 2]) || is_introduced(i) ||
         std::u32string_view(U"说来讲称的在和也都就还又给让把被对找打去跑").find(s[i + 2]) !=
             std::u32string_view::npos)) {
      Add(out, orig, "person", field, i, i + 2);
      ++i;
      continue;
    }
    if (sur == 0 || IsSurnameWord(s, i)) continue;
    const bool introduced = is_introduced(i);
    // Otherwise a surname must start a word or follow a function word ("高校长期" is not 高校长),
    // or follow an organisation when a title comes next ("项目部刘经理", "派出所李所长").
    if (!introduced && i > 0 && IsCjk(s[i - 1]) && !StopsName(s[i - 1]) && !AfterVerb(s, i) &&
        !(std::u32string_view(U"部局司办所队院处站会厂店行").find(s[i - 1]) !=
              std::u32string_view::npos &&
          (title_at(i + sur) || (i + sur + 1 < n && title_at(i + sur + 1)) ||
           (i + sur + 2 < n && title_at(i + sur + 2)))))
      continue;
    size_t j = i + sur;
    // 王某 / 王某某
    if (j < n && s[j] == U'某') {
      size_t end = j + 1;
      if (end < n && s[end] == U'某') ++end;
      Add(out, orig, "person", field, i, end);
      i = end - 1;
      continue;
    }
    // Surname + 0..2 given-name characters + a title: the shortest match wins.
    bool found = false;
    for (size_t given = 0; given <= 2 && !found; ++given) {
      if (given > 0 && !(j + given - 1 < n && IsGivenNameChar(s[j + given - 1]))) break;
      for (auto t : kPersonTitles) {
        if (s.compare(j + given, t.size(), t) == 0) {
          Add(out, orig, "person", field, i, j + given + t.size());
          i = j + given + t.size() - 1;
          found = true;
          break;
        }
      }
    }
    if (found || !introduced) continue;
    // Surname + 1..2 given-name characters.
    size_t end = j;
    while (end < n && end - j < 2 && IsGivenNameChar(s[end])) ++end;
    if (end > j) {
      Add(out, orig, "person", field, i, end);
      i = end - 1;
    }
  }
}

}  // namespace minsheng::fact_scan
