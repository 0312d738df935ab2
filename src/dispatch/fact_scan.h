// Internal to the fact extractor: the scanning helpers shared by facts.cc (names: places and
// organisations), fact_numbers.cc (phones, plates, dates, amounts) and fact_persons.cc
// (persons). `s` is the width-folded text of a field, `orig` the text as written (spans and
// fact texts come from it).
#ifndef MINSHENG_DISPATCH_FACT_SCAN_H_
#define MINSHENG_DISPATCH_FACT_SCAN_H_

#include <string>
#include <string_view>
#include <vector>

#include "dispatch/facts.h"

namespace minsheng::fact_scan {

inline bool EndsWithAt(const std::u32string& s, size_t end, std::u32string_view suffix) {
  return end >= suffix.size() && s.compare(end - suffix.size(), suffix.size(), suffix) == 0;
}

// Characters that end a backwards scan for a name (function words, verbs, pronouns).
bool StopsName(char32_t c);

// Whether a verb (fact_words::kVerbs) ends right before position `i`.
bool AfterVerb(const std::u32string& s, size_t i);

// Appends the fact [start, end) of `field` unless it overlaps one already found there.
void Add(std::vector<Fact>* out, const std::u32string& orig, std::string_view kind,
         std::string_view field, size_t start, size_t end);

// Length of the surname at `i` (0 = none).
size_t SurnameAt(const std::u32string& s, size_t i);

// Phone numbers, vehicle plates, dates (with feasts, the lunar calendar, weekdays) and amounts
// (fact_numbers.cc).
void AddNumbersAndDays(const std::u32string& s, const std::u32string& orig, std::string_view field,
                       std::vector<Fact>* out);

// Persons named in the text (fact_persons.cc).
void AddPersons(const std::u32string& s, const std::u32string& orig, std::string_view field,
                std::vector<Fact>* out);

}  // namespace minsheng::fact_scan

#endif  // MINSHENG_DISPATCH_FACT_SCAN_H_
