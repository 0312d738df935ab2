// Key-fact extraction (places, phone numbers, dates, amounts, organisations) and the region
// gazetteer built from ZoneConfig.regions (names, aliases, villages, 村民小组).
//
// Spans are code-point offsets [start, end) into the field they were found in ("title",
// "content" or "address" of the request), on the original (unnormalised) text; full-width
// digits and letters are recognised.
//
// Thread-safety: Gazetteer is immutable after construction; functions are pure.
#ifndef MINSHENG_DISPATCH_FACTS_H_
#define MINSHENG_DISPATCH_FACTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/zone_config.h"
#include "dispatch/fact_chars.h"

namespace minsheng {

struct Fact {
  std::string kind;   // place|phone|plate|date|amount|organization|person
  std::string text;   // as written
  std::string field;  // title|content|address
  size_t start = 0;   // code points
  size_t end = 0;
};

// Names the zone's configuration knows — its streets and their aliases, villages and their
// groups, communities, and the units with their short names and aliases of three characters or
// more (高新区 as an alias of the 管委会, 渭南市自来水公司, 交通运输局). A place or organisation
// found by its suffix begins at such a name when only a verb or an adverb stands in front of it
// ("协调高新区交通运输局" → 高新区交通运输局, "如今王贺村" → 王贺村, "打渭南市自来水公司" →
// 渭南市自来水公司), but not when a name part ends there ("渭南市高新区…" keeps 渭南市).
class KnownNames {
 public:
  KnownNames() = default;
  explicit KnownNames(const ZoneConfig& config);
  // The start of the name in [start, end) of `s` (width-folded, as ExtractFacts scans it):
  // the first position after `start` where a known name begins and ends by `end`, behind text
  // that does not end in a name part; `start` when there is none.
  size_t NameStart(const std::u32string& s, size_t start, size_t end) const;
  // The known names of three characters or more in `s`, left to right, the longest at each
  // position: named on their own ("高新区到渭南北站", "崇业办给疏通的") they are facts too.
  struct Span {
    size_t start, end;
    bool place;  // a street, village, community or area; else an organisation
  };
  std::vector<Span> FindAll(const std::u32string& s) const;
  size_t size() const { return count_; }

 private:
  struct Name {
    std::u32string text;
    bool place;
    bool standalone;  // a fact when named on its own (not an alias)
    bool anchor;      // starts a name a verb runs into (not a department's generic name)
  };
  // First character → names beginning with it, longest first; the first characters as a set,
  // tested before the map for every character of an appeal.
  std::unordered_map<char32_t, std::vector<Name>> by_first_;
  fact_chars::CharSet first_chars_{U""};
  size_t count_ = 0;
};

// Extracts facts from one field; `known` (optional) holds the zone's own names.
std::vector<Fact> ExtractFacts(std::string_view text, std::string_view field,
                               const KnownNames* known = nullptr);

// The residential estate, community or square a place fact names, without the districts in
// front of it ("A市A3区中海国际社区" → 中海国际社区, "渭南市高新区阳光花园" → 阳光花园), so two
// appeals from the same 小区 meet in repeat detection however each wrote it; "" when `place`
// (the text of a place fact) ends in no estate suffix (小区, 花园, 家园, 公寓, 大厦, 苑, 城, 社区,
// 广场) or too little is left of it.
std::string EstateKey(std::string_view place);

struct RegionMatch {
  bool found = false;
  std::string code;
  std::string name;
  std::string unit;     // the unit owning its territorial matters: the street, or a connected
                        // village/community unit (金城社区)
  std::string place;    // the matched text (王贺村2组, 崇业办 …)
  std::string village;  // village/community name when the match is below street level
  // Below street level, the place key of repeat detection: the village's NBS code, else the
  // street's code and the village's name ("610502008:王贺村"), else "unit:<id>" for a connected
  // community whose street is not configured. Empty for street-level matches.
  std::string place_key;
  std::string field;
  size_t start = 0, end = 0;  // code points in `field`
};

class Gazetteer {
 public:
  explicit Gazetteer(const ZoneConfig& config);
  // The first match in the address, else the title, else the content: a village, group or
  // community name before any street-level name, the longest first within each kind.
  RegionMatch Find(std::string_view title, std::string_view content,
                   std::string_view address) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::u32string pattern;
    uint32_t match;  // index in matches_
  };
  RegionMatch FindIn(std::string_view text, std::string_view field) const;

  std::vector<Entry> entries_;  // sorted by descending pattern length
  // What a match tells (without field, span and matched text): one per street, village and
  // connected unit, shared by its names, aliases and groups.
  std::vector<RegionMatch> matches_;
  // The first two characters of a pattern (one for 1-character patterns, see PrefixKey) →
  // indices of the entries starting with them, ascending: one pass over the text finds the best
  // entry however large the gazetteer (a province has tens of thousands of villages and
  // communities, whose names share their first characters a lot).
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_prefix_;
  bool has_single_char_ = false;
};

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_FACTS_H_
