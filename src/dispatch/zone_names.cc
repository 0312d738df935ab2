// The zone's own names, from its configuration (declared in facts.h): KnownNames, where facts
// begin and which names are facts on their own, and the Gazetteer, which street, village or
// community an appeal is in (DOMAIN.md §6.2).
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include "dispatch/fact_chars.h"
#include "dispatch/fact_words.h"
#include "dispatch/facts.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {

using fact_chars::CharSet;
using fact_chars::IsCjk;
using fact_chars::IsDigit;
using fact_words::kNotNames;

KnownNames::KnownNames(const ZoneConfig& config) {
  // name → {a place, a fact when named on its own, an anchor}
  struct Kind {
    bool place, standalone, anchor;
  };
  std::map<std::u32string, Kind> names;
  auto add = [&](const std::string& name, size_t min_len, bool place, bool standalone = true,
                 bool anchor = true) {
    std::u32string u = DecodeUtf8(name);
    for (char32_t& c : u) c = FoldWidth(c);
    // Only names written in Chinese characters (and digits, 王贺村2组): not "党政办公室(…)".
    if (u.size() < min_len ||
        !std::all_of(u.begin(), u.end(), [](char32_t c) { return IsCjk(c) || IsDigit(c); })) {
      return;
    }
    // Generic words (燃气公司, 教育局) are no fact on their own and start no name ("A7县润三
    // 燃气公司"), whatever unit they name.
    const std::u32string_view view(u);
    if (std::find(std::begin(kNotNames), std::end(kNotNames), view) != std::end(kNotNames)) {
      standalone = anchor = false;
    }
    names.emplace(std::move(u), Kind{place, standalone, anchor});
  };
  for (const Region& r : config.regions) {
    add(r.name, 2, true);
    for (const auto& a : r.aliases) add(a, 2, !a.ends_with("办"));
    for (const Village& v : r.villages) {
      add(v.name, 2, true);
      for (const auto& a : v.aliases) add(a, 2, true);
      for (const auto& g : v.groups) add(v.name + g, 2, true);
    }
  }
  // Units: names, short names and aliases of three characters or more (城管, 民警 are words,
  // not names); an area's or a community's name is a place (高新区, 金城社区), the rest are
  // organisations (崇业办, 交通运输局). Aliases are the words callers use for a unit (派出所,
  // 班主任, 自来水公司): they start a name, but are no fact on their own.
  for (const OrgUnit& u : config.units) {
    auto is_place = [](const std::string& a) {
      return a.ends_with("区") || a.ends_with("社区") || a.ends_with("村") || a.ends_with("街道") ||
             a.ends_with("镇");
    };
    // A department's name alone is a generic word (交通运输局, 生态环境分局: every district
    // has one), a fact with the district in front ("高新生态环境分局"), found by its suffix;
    // so are the words callers use for a unit (人社局, 自来水公司), except an area's (高新区).
    const bool department = u.kind == "department";
    add(u.name, 3, is_place(u.name), !department, !department);
    add(u.short_name, 3, is_place(u.short_name), true, !department);
    for (const std::string& a : u.aliases) add(a, 3, is_place(a), false, is_place(a));
  }
  // A department named with the area is no generic word ("税务局高新区分局").
  for (const OrgUnit& u : config.units) {
    if (u.kind != "department") continue;
    std::u32string name = DecodeUtf8(u.name);
    for (char32_t& c : name) c = FoldWidth(c);
    auto it = names.find(name);
    if (it == names.end()) continue;
    for (const auto& [other, kind] : names) {
      if (kind.place && other.size() >= 3 && name.find(other) != std::u32string::npos) {
        it->second.standalone = it->second.anchor = true;
        break;
      }
    }
  }
  for (const auto& [text, kind] : names) {
    by_first_[text[0]].push_back({text, kind.place, kind.standalone, kind.anchor});
  }
  std::u32string firsts;
  for (const auto& [first, list] : by_first_) firsts.push_back(first);
  first_chars_ = CharSet(firsts);
  for (auto& [first, list] : by_first_) {
    std::sort(list.begin(), list.end(),
              [](const Name& a, const Name& b) { return a.text.size() > b.text.size(); });
  }
  count_ = names.size();
}

size_t KnownNames::NameStart(const std::u32string& s, size_t start, size_t end) const {
  if (by_first_.empty()) return start;
  // What ends a name part in front of a known name: 渭南市|高新区, 良田街道|朝阳大街.
  static const CharSet* kPartEnds = new CharSet(U"市省区县镇乡路街道村组局司团厂院校所处");
  // The first known name from `start` on decides ("渭南高新区…" begins with 渭南高新区, so the
  // 高新区 inside it starts nothing).
  for (size_t p = start; p + 1 < end; ++p) {
    if (!first_chars_.Has(s[p])) continue;
    auto it = by_first_.find(s[p]);
    if (it == by_first_.end()) continue;
    for (const Name& name : it->second) {
      if (name.anchor && p + name.text.size() <= end &&
          s.compare(p, name.text.size(), name.text) == 0) {
        if (p == start || kPartEnds->Has(s[p - 1]) || IsDigit(s[p - 1])) return start;
        return p;
      }
    }
  }
  return start;
}

std::vector<KnownNames::Span> KnownNames::FindAll(const std::u32string& s) const {
  std::vector<Span> out;
  if (by_first_.empty()) return out;
  for (size_t p = 0; p < s.size(); ++p) {
    if (!first_chars_.Has(s[p])) continue;
    auto it = by_first_.find(s[p]);
    if (it == by_first_.end()) continue;
    for (const Name& name : it->second) {
      if (name.text.size() < 3) break;  // longest first
      if (s.compare(p, name.text.size(), name.text) == 0) {
        if (!name.standalone) break;
        out.push_back({p, p + name.text.size(), name.place});
        p += name.text.size() - 1;
        break;
      }
    }
  }
  return out;
}

namespace {

constexpr char32_t kNoChar = 0x1FFFFF;  // second "character" of 1-character patterns

uint64_t PrefixKey(char32_t first, char32_t second) {
  return static_cast<uint64_t>(first) << 21 | (second & 0x1FFFFF);
}

}  // namespace

Gazetteer::Gazetteer(const ZoneConfig& config) {
  // `match` indexes matches_.
  auto add = [&](const std::string& pattern, size_t match) {
    if (pattern.empty()) return;
    std::u32string p = DecodeUtf8(pattern);
    for (char32_t& c : p) c = FoldWidth(c);
    entries_.push_back({std::move(p), static_cast<uint32_t>(match)});
  };
  auto keep = [&](RegionMatch m) {
    matches_.push_back(std::move(m));
    return matches_.size() - 1;
  };
  static const char* kCnDigits[] = {"零", "一", "二", "三", "四", "五",
                                    "六", "七", "八", "九", "十"};
  std::set<std::string> named;  // villages and communities named in the regions
  for (const Region& reg : config.regions) {
    RegionMatch street;
    street.found = true;
    street.code = reg.code;
    street.name = reg.name;
    street.unit = reg.unit;
    const size_t street_match = keep(street);
    add(reg.name, street_match);
    for (const auto& a : reg.aliases) add(a, street_match);
    for (const Village& v : reg.villages) {
      RegionMatch village = street;
      village.village = v.name;
      if (!v.unit.empty()) village.unit = v.unit;
      village.place_key = !v.code.empty() ? v.code : reg.code + ":" + v.name;
      named.insert(v.name);
      const size_t village_match = keep(std::move(village));
      add(v.name, village_match);
      for (const auto& a : v.aliases) add(a, village_match);
      for (const auto& g : v.groups) {
        add(v.name + g, village_match);
        // "2组" is also written "二组".
        std::u32string gu = DecodeUtf8(g);
        if (gu.size() == 2 && gu[0] >= '0' && gu[0] <= '9') {
          add(v.name + kCnDigits[gu[0] - '0'] + EncodeUtf8(gu.substr(1)), village_match);
        }
      }
    }
  }
  // Villages and communities connected to the platform as units of their own (DOMAIN.md §1.3:
  // 金城社区) are places too, owning their territorial matters, also when no region lists them.
  for (const OrgUnit& u : config.units) {
    if ((u.kind != "community" && u.kind != "village") || !u.dispatchable || named.count(u.name))
      continue;
    RegionMatch unit;
    unit.found = true;
    unit.unit = u.id;
    unit.village = u.name;
    unit.name = u.name;
    // Under a street with a region: that region.
    if (const OrgUnit* parent = config.FindUnit(u.parent); parent != nullptr) {
      for (const Region& reg : config.regions) {
        if (reg.code == parent->region && !reg.code.empty()) {
          unit.code = reg.code;
          unit.name = reg.name;
        }
      }
    }
    unit.place_key = unit.code.empty() ? "unit:" + u.id : unit.code + ":" + u.name;
    const size_t unit_match = keep(std::move(unit));
    add(u.name, unit_match);
    if (!u.short_name.empty()) add(u.short_name, unit_match);
  }
  // A village, group or community names the place more closely than its street, wherever each
  // occurs ("崇业路街道王贺村5组": 王贺村, whose matters the village's street or unit owns); among
  // names of one kind the longest wins.
  std::stable_sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
    const bool a_village = !matches_[a.match].village.empty();
    const bool b_village = !matches_[b.match].village.empty();
    if (a_village != b_village) return a_village;
    return a.pattern.size() > b.pattern.size();
  });
  for (size_t i = 0; i < entries_.size(); ++i) {
    const std::u32string& p = entries_[i].pattern;
    has_single_char_ = has_single_char_ || p.size() == 1;
    by_prefix_[PrefixKey(p[0], p.size() > 1 ? p[1] : kNoChar)].push_back(static_cast<uint32_t>(i));
  }
}

RegionMatch Gazetteer::FindIn(std::string_view text, std::string_view field) const {
  RegionMatch m;
  if (text.empty() || entries_.empty()) return m;
  std::u32string s = DecodeUtf8(text);
  for (char32_t& c : s) c = FoldWidth(c);
  // The first entry (longest first) occurring anywhere, at its first occurrence: scanning left
  // to right and keeping the smallest entry index gives exactly that.
  size_t best = entries_.size();
  size_t pos = 0;
  auto try_at = [&](size_t p, uint64_t key) {
    auto it = by_prefix_.find(key);
    if (it == by_prefix_.end()) return;
    for (uint32_t i : it->second) {
      if (i >= best) return;  // ascending: nothing better starts here
      if (s.compare(p, entries_[i].pattern.size(), entries_[i].pattern) == 0) {
        best = i;
        pos = p;
        return;
      }
    }
  };
  for (size_t p = 0; p < s.size(); ++p) {
    if (p + 1 < s.size()) try_at(p, PrefixKey(s[p], s[p + 1]));
    if (has_single_char_) try_at(p, PrefixKey(s[p], kNoChar));
  }
  if (best < entries_.size()) {
    const Entry& e = entries_[best];
    m = matches_[e.match];
    m.field = std::string(field);
    m.start = pos;
    m.end = pos + e.pattern.size();
    m.place = EncodeUtf8(std::u32string_view(DecodeUtf8(text)).substr(pos, e.pattern.size()));
    return m;
  }
  return m;
}

RegionMatch Gazetteer::Find(std::string_view title, std::string_view content,
                            std::string_view address) const {
  if (auto m = FindIn(address, "address"); m.found) return m;
  if (auto m = FindIn(title, "title"); m.found) return m;
  return FindIn(content, "content");
}

}  // namespace minsheng
