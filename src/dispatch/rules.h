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
};

struct UrgencyGuess {
  std::string urgency;  // emergency|urgent|normal
  std::string reason;
};

struct EmergencyScreen {
  bool flag = false;
  std::string target;  // "110" / "119" / "120" / "96333"
  std::string reason;  // Chinese: the cue and the rule
};

// The cue words found in one appeal: index i is cue phrase i of the rules' PhraseSet.
struct WordingScan {
  std::vector<uint8_t> in_title;  // found in the title
  std::vector<uint8_t> in_text;   // found in the title or the body
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
