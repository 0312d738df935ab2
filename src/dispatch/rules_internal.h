// Internal to the wording rules: the cue tables and the liveness helpers shared by rules.cc
// (cue tables, liveness of a mention, order type) and rules_urgency.cc (urgency and the
// emergency screen).
#ifndef MINSHENG_DISPATCH_RULES_INTERNAL_H_
#define MINSHENG_DISPATCH_RULES_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "dispatch/phrase_set.h"
#include "dispatch/rules.h"

namespace minsheng::rules_internal {

// A cue list with each word's index in the rules' PhraseSet.
struct IndexedCue {
  std::string_view word;
  int weight;
  uint32_t phrase;
};
using CueList = std::vector<IndexedCue>;

struct HandOverRule {
  std::string_view target;
  std::string_view what;
  CueList cues;
};

// Every cue word in one PhraseSet and the cue lists indexed into it; built once (thread-safe
// static initialisation).
struct Tables {
  PhraseSet cues;
  std::vector<std::pair<std::string_view, CueList>> types;
  CueList emergency;
  CueList urgent;
  CueList thanks;  // 感谢, 谢谢, 致谢: praise, or only a courtesy (OnlyCourtesy)
  std::vector<HandOverRule> hand_over;
};

// The first cue set aside by LiveMention and its marker.
struct SetAside {
  std::string_view cue;
  std::string_view marker;
};

// A body this short is a note (an operator's record of a call, a one-line message) rather than a
// letter: what it tells is told as it happens.
inline constexpr size_t kShortNoteChars = 80;

const Tables& GetTables();

// Sentence and clause boundaries of `text` around byte `pos`.
size_t SentenceStart(std::string_view text, size_t pos);
size_t SentenceEnd(std::string_view text, size_t pos);
bool ContainsAny(std::string_view clause, std::initializer_list<std::string_view> words);
size_t CountChars(std::string_view text);

// Whether the appeal is a short note or an operator's record of a call ("市民来电反映…",
// "来电人称…"), which tells what the caller sees now however long it is; not a letter.
bool IsNoteOrCall(const WordingScan& scan);
// Whether `cue` is told as happening now (see rules.cc).
bool TellsNow(const WordingScan& scan, std::string_view cue, bool standing);
// The first cue of `cues` told live, and the first told live and as an incident (rules.cc).
std::string_view FirstLiveCue(const WordingScan& scan, std::span<const IndexedCue> cues,
                              bool title_follows_body, SetAside* aside);
std::string_view FirstIncident(const WordingScan& scan, std::span<const IndexedCue> cues,
                               bool title_follows_body, SetAside* aside, std::string_view* not_now);
// The praise word of a title that thanks; whether the body tells the incident dealt with;
// whether a cue is about heating (rules.cc).
std::string_view TitleThanks(const WordingScan& scan);
bool TellsResolved(const WordingScan& scan);
bool IsHeatingCue(std::string_view cue);

}  // namespace minsheng::rules_internal

#endif  // MINSHENG_DISPATCH_RULES_INTERNAL_H_
