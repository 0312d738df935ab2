// PhraseSet: which of a fixed set of phrases occur in a text, found in one pass.
//
// The wording rules (order type, urgency, emergency screen) and the category keywords test a few
// hundred short Chinese phrases against every appeal. `std::string::find` per phrase scans the
// text once per phrase and, since most CJK characters share a few UTF-8 lead bytes, stops at
// almost every character. PhraseSet scans the text once: at each character it tests a 4,096-bit
// filter of the phrases' first characters and compares only the phrases that start with that
// character. Matching is byte-exact (texts and phrases are normalised by the caller).
//
// Thread-safety: build once, then Scan from any number of threads.
#ifndef MINSHENG_DISPATCH_PHRASE_SET_H_
#define MINSHENG_DISPATCH_PHRASE_SET_H_

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace minsheng {

class PhraseSet {
 public:
  // Adds `phrase` (non-empty) and returns its index; adding the same phrase again returns the
  // index it already has.
  uint32_t Add(std::string_view phrase);

  // Sets found[i] = 1 for every phrase i occurring in `text`; `found` is grown to size() and
  // entries already set are kept (so several texts can be scanned into one vector).
  void Scan(std::string_view text, std::vector<uint8_t>* found) const;

  // One occurrence of a phrase: its index and its byte range in the text.
  struct Match {
    uint32_t phrase;
    uint32_t begin;
    uint32_t end;
  };
  // Appends every occurrence of every phrase in `text` to `out`, in order of `begin` (for the
  // same `begin`, in the order the phrases were added). Texts longer than 4 GiB are cut.
  void FindAll(std::string_view text, std::vector<Match>* out) const;

  size_t size() const { return phrases_.size(); }
  const std::string& phrase(uint32_t i) const { return phrases_[i]; }

 private:
  // Calls on_match(phrase, begin, end) for every occurrence, in order of `begin`.
  template <typename OnMatch>
  void Walk(std::string_view text, OnMatch on_match) const;

  static constexpr size_t kFilterBits = 4096;
  std::vector<std::string> phrases_;
  std::unordered_map<std::string, uint32_t> index_;
  // First character (its UTF-8 bytes packed in a u32) → phrases starting with it.
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_first_;
  std::bitset<kFilterBits> filter_;
};

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_PHRASE_SET_H_
