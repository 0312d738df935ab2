// The rules' word lists (rules.cc, rules_urgency.cc): order-type cues, emergency and urgency cues,
// the hand-over rules of DOMAIN.md §6.3 and the words that set a cue aside. Data only; how they are
// read is in rules.cc. Internal to src/dispatch.
#ifndef MINSHENG_DISPATCH_RULE_CUES_H_
#define MINSHENG_DISPATCH_RULE_CUES_H_

#include <string_view>
#include <utility>
#include <vector>

namespace minsheng::rule_cues {

struct Cue {
  std::string_view word;
  int weight;
};

// How an emergency cue word counts (the weight of its Cue, for the hand-over screen and the
// 紧急 urgency).
// kAcute: the word tells an incident that is an emergency whenever it is told as live (持刀,
// 燃气泄漏, 晕倒, 电梯困人). kMatter: the word names a matter of the police, the fire service or a
// doctor (殴打, 交通事故, 起火, 中毒) that a letter mostly tells as a state of affairs
// or a grievance; 国办发〔2022〕12号 hands over 警情 — incidents needing a response now — so such a
// word flags only when told as happening now (TellsNow) or in a short note such as an operator's
// record of a call. Over the 4,270 distinct messages of hotspot.jsonl the screen flagged 55 before
// this split (3 after), nearly all letters about gambling dens, past fights and fire hazards
// (docs/dispatch.md "Hand-over: incidents, not matters").
// kStanding: a standing activity (a gambling den, drug taking, thieves about) — a matter for the
// police as a department; flagged only with a now-sign, in a short note too ("二楼摆放游戏机赌博"
// reports a den, "楼下有人在赌博" an incident).
inline constexpr int kMatter = 1;
inline constexpr int kAcute = 2;
inline constexpr int kStanding = 3;

// A hand-over line (110, 119, 120, 96333), what it is for and its cue words.
struct RawRule {
  std::string_view target;
  std::string_view what;
  std::vector<Cue> cues;
};

// Words that, in the clause of a cue, say it is not an event happening now (LiveMention).
const std::vector<std::string_view>& NotNowMarkers();
// Per order type, its cue words and their weights.
const std::vector<std::pair<std::string_view, std::vector<Cue>>>& RawTypeCues();
// Cues of wording that may cost a life or property (紧急).
const std::vector<Cue>& RawEmergencyCues();
// Cues of timely needs such as water, power, gas or heating cut off (加急).
const std::vector<Cue>& RawUrgentCues();
// The emergency screen of DOMAIN.md §6.3, in order of precedence.
const std::vector<RawRule>& RawEmergencyRules();

}  // namespace minsheng::rule_cues

#endif  // MINSHENG_DISPATCH_RULE_CUES_H_
