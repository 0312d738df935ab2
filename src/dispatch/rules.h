// Wording rules of the smart dispatch engine: order type, urgency and the emergency screen of
// DOMAIN.md §6.3 (police matters → 110, fire → 119, medical → 120, trapped in a lift → 96333).
//
// The cue words of all three are found in one pass over the title and the body (ScanWording,
// a PhraseSet); the (title, body) overloads scan and decide in one call.
//
// Thread-safety: pure functions.
#ifndef MINSHENG_DISPATCH_RULES_H_
#define MINSHENG_DISPATCH_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng {

struct TypeGuess {
  std::string type;    // consultation|help|complaint|report|suggestion|praise|other
  std::string reason;  // Chinese, names the cue word
  int strength = 0;    // 2 = an explicit word in the title, 1 = cue words, 0 = no cue
  bool ironic = false;  // praise in quotation marks ("真得“表扬”一下"): no model may call it praise
};

struct UrgencyGuess {
  std::string urgency;  // emergency|urgent|normal
  std::string reason;
  std::string cue;  // the cue word behind emergency / urgent
};

// The hand-over screen flags incidents (警情) told as live. A cue word naming a matter rather
// than an incident (赌博, 殴打, 交通事故, 起火 …) flags only when told as happening now (正在,
// 刚刚, 有人受伤 …) or in a short note such as an operator's record of a call; otherwise `reason`
// says why it was not flagged.
struct EmergencyScreen {
  bool flag = false;
  std::string target;  // "110" / "119" / "120" / "96333"
  std::string cue;     // the cue word that flagged it
  // Chinese: the cue and the rule; when not flagged, why a cue word found was set aside (empty
  // when there was none).
  std::string reason;
};

// Whether `cue` occurs in `text` in a clause that reports something happening: a clause (text
// between , . ! ? ; : 。) holding a hazard or hypothesis (隐患, 一旦, 如果, 容易 …), something
// recurring or past (频发, 经常, 发生过, 去年 …), a case already with the police or a court
// (涉嫌, 立案, 派出所 …) or a negation (没有发生, 不是) does not; nor does a clause after a
// hypothesis (如果, 万一 …), a date or a past marker (以前, 早几年 …) earlier in its sentence
// (unless the sentence says the event goes on: 至今, 现在, 今天 …), nor one in a sentence telling
// news or hearsay (报道, 听说 …) or a fire put out (扑灭). When every occurrence is set aside,
// `*marker` (if given) is set to the first one's marker word.
bool LiveMention(std::string_view text, std::string_view cue, std::string_view* marker = nullptr);

// The cue words found in one appeal: index i is cue phrase i of the rules' PhraseSet.
struct WordingScan {
  std::vector<uint8_t> in_title;  // found in the title
  std::vector<uint8_t> in_text;   // found in the title or the body
  // The texts scanned (views: valid as long as the strings given to ScanWording). The urgency
  // and emergency rules read the clause around a cue word in them.
  std::string_view title;
  std::string_view body;
  // The first 200 characters of `body`: urgency and hand-over cues count there and in the title.
  std::string_view body_head;
};

// `title` and `body` are normalised text (TextNormalizer).
WordingScan ScanWording(std::string_view title, std::string_view body);
TypeGuess GuessOrderType(const WordingScan& scan);
UrgencyGuess GuessUrgency(const WordingScan& scan);
EmergencyScreen ScreenEmergency(const WordingScan& scan);

TypeGuess GuessOrderType(std::string_view title, std::string_view body);
UrgencyGuess GuessUrgency(std::string_view title, std::string_view body);
EmergencyScreen ScreenEmergency(std::string_view title, std::string_view body);

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_RULES_H_
