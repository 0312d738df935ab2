// KnowledgeIndex: Chinese full-text search over knowledge items, in memory, standard library
// only (docs/knowledge.md explains the method and why it was chosen over SQLite FTS5).
//
// Text is normalised per code point (full-width ASCII → half-width, U+3000 → space, A–Z →
// a–z) and cut into runs of "word" characters at whitespace and punctuation. A document is
// indexed by every character unigram and every adjacent-pair bigram of its runs. A query run of
// one character looks up its unigram ("水"), a longer run its bigrams ("停水", "医保报销" →
// 医保 保报 报销), so 1- and 2-character queries work, unlike FTS5's trigram tokenizer.
//
// Ranking is BM25 per field, title weighted kTitleWeight times the body: one title hit of a
// term outscores any number of body hits of the same term, so title matches rank above body
// matches.
//
// Thread-safety: immutable after construction; Query/Snippet are safe from many threads.
#ifndef MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_INDEX_H_
#define MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_INDEX_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/knowledge/knowledge.h"

namespace minsheng {

// A search term: a unigram (one code point) or a bigram (two), packed into 64 bits.
using KnowledgeTerm = uint64_t;

// The normalised code points of `text` (1:1 with the input's code points; invalid bytes
// become U+FFFD). Exposed for tests.
std::u32string NormalizeForSearch(std::string_view text);

// Distinct query terms of `text` in first-seen order (see the header comment). At most
// `max_chars` code points of `text` are read.
std::vector<KnowledgeTerm> QueryTerms(std::string_view text, size_t max_chars = 4096);

// A body excerpt around the first match, with the matches marked.
struct KnowledgeSnippet {
  std::string text;                             // "…" marks cut text at either end
  std::vector<std::pair<int, int>> highlights;  // (start, length) in code points of `text`
};

struct KnowledgeHit {
  const KnowledgeItem* item = nullptr;  // owned by the index
  double score = 0;
  int matched_terms = 0;  // distinct query terms found in the title or body
  bool title_match = false;
};

class KnowledgeIndex {
 public:
  // Weight of a title hit relative to a body hit (see the header comment).
  static constexpr double kTitleWeight = 5.0;

  KnowledgeIndex() = default;
  explicit KnowledgeIndex(std::vector<KnowledgeItem> items);

  // Scores every item matching at least `min_matched` distinct `terms` and passing `filter`
  // (may be empty); best first (score, then newer id), at most `limit`.
  std::vector<KnowledgeHit> Query(const std::vector<KnowledgeTerm>& terms, int min_matched,
                                  const std::function<bool(const KnowledgeItem&)>& filter,
                                  size_t limit) const;

  // Items in ascending id order.
  const std::vector<KnowledgeItem>& items() const { return items_; }
  const KnowledgeItem* Find(int64_t id) const;
  // Number of documents containing `term` (title or body).
  size_t DocumentFrequency(KnowledgeTerm term) const;

  // An excerpt of `body` of about `max_chars` code points around the first match of `terms`,
  // with every matching character run highlighted. The start of the body when nothing matches.
  static KnowledgeSnippet Snippet(std::string_view body, const std::vector<KnowledgeTerm>& terms,
                                  size_t max_chars = 80);

 private:
  struct Posting {
    uint32_t doc;
    uint16_t tf_title;
    uint16_t tf_body;
  };
  std::vector<KnowledgeItem> items_;
  std::vector<float> title_norm_;  // BM25 length normalisation per doc, k1 folded in
  std::vector<float> body_norm_;
  std::unordered_map<KnowledgeTerm, std::vector<Posting>> postings_;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_INDEX_H_
