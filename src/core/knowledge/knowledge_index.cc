#include "core/knowledge/knowledge_index.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace minsheng {
namespace {

// BM25 parameters. Titles are not length-normalised (b = 0): they are short, and it makes a
// single title hit worth kTitleWeight * 1.0, above the body's saturation limit (k1 + 1).
constexpr double kK1 = 1.2;
constexpr double kBodyB = 0.75;
static_assert(KnowledgeIndex::kTitleWeight > kK1 + 1, "title hits must outrank body hits");

constexpr char32_t kReplacement = 0xFFFD;
constexpr KnowledgeTerm kBigramFlag = KnowledgeTerm{1} << 42;

struct CodePoint {
  char32_t cp;
  uint32_t offset;  // byte offset in the input
  uint32_t length;  // bytes
};

// Decodes UTF-8; each invalid byte becomes one U+FFFD.
std::vector<CodePoint> Decode(std::string_view s, size_t max_chars = SIZE_MAX) {
  std::vector<CodePoint> out;
  out.reserve(std::min(s.size(), max_chars));
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n && out.size() < max_chars) {
    const unsigned char c = p[i];
    char32_t cp = kReplacement;
    size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else {
      size_t need = 0;
      char32_t min = 0;
      if ((c & 0xE0) == 0xC0) {
        need = 1, cp = c & 0x1F, min = 0x80;
      } else if ((c & 0xF0) == 0xE0) {
        need = 2, cp = c & 0x0F, min = 0x800;
      } else if ((c & 0xF8) == 0xF0) {
        need = 3, cp = c & 0x07, min = 0x10000;
      }
      bool ok = need > 0;
      for (size_t k = 1; ok && k <= need; ++k) {
        if (i + k >= n || (p[i + k] & 0xC0) != 0x80) {
          ok = false;
        } else {
          cp = (cp << 6) | (p[i + k] & 0x3F);
        }
      }
      if (ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        len = need + 1;
      } else {
        cp = kReplacement;
      }
    }
    out.push_back({cp, static_cast<uint32_t>(i), static_cast<uint32_t>(len)});
    i += len;
  }
  return out;
}

char32_t Normalize(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII → ASCII
  if (c == 0x3000) c = ' ';
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  return c;
}

// Letters, digits, CJK and other scripts; not whitespace, punctuation or symbols.
bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c <= 0xBF) return false;                   // Latin-1 punctuation and symbols
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // general punctuation, arrows, math, shapes
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK symbols and punctuation
  if (c >= 0xFE10 && c <= 0xFE1F) return false;  // vertical forms
  if (c >= 0xFE30 && c <= 0xFE4F) return false;  // CJK compatibility forms
  if (c >= 0xFF00 && c <= 0xFFFF) return false;  // remaining half/full-width forms, U+FFFD
  if (c >= 0x1F000) return false;                // emoji and pictographs
  return true;
}

KnowledgeTerm Unigram(char32_t a) { return static_cast<KnowledgeTerm>(a); }
KnowledgeTerm Bigram(char32_t a, char32_t b) {
  return kBigramFlag | (static_cast<KnowledgeTerm>(a) << 21) | static_cast<KnowledgeTerm>(b);
}

// Every unigram and bigram of the word runs of `text` (with repeats), for indexing.
void DocumentTerms(std::string_view text, std::vector<KnowledgeTerm>* out) {
  out->clear();
  const std::u32string n = NormalizeForSearch(text);
  for (size_t i = 0; i < n.size(); ++i) {
    if (!IsWordChar(n[i])) continue;
    out->push_back(Unigram(n[i]));
    if (i + 1 < n.size() && IsWordChar(n[i + 1])) out->push_back(Bigram(n[i], n[i + 1]));
  }
  std::sort(out->begin(), out->end());
}

}  // namespace

std::u32string NormalizeForSearch(std::string_view text) {
  std::u32string out;
  for (const CodePoint& c : Decode(text)) out.push_back(Normalize(c.cp));
  return out;
}

std::vector<KnowledgeTerm> QueryTerms(std::string_view text, size_t max_chars) {
  std::vector<KnowledgeTerm> out;
  std::unordered_set<KnowledgeTerm> seen;
  auto add = [&](KnowledgeTerm t) {
    if (seen.insert(t).second) out.push_back(t);
  };
  std::vector<CodePoint> cps = Decode(text, max_chars);
  size_t i = 0;
  while (i < cps.size()) {
    if (!IsWordChar(Normalize(cps[i].cp))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cps.size() && IsWordChar(Normalize(cps[j].cp))) ++j;
    if (j - i == 1) {
      add(Unigram(Normalize(cps[i].cp)));
    } else {
      for (size_t k = i; k + 1 < j; ++k)
        add(Bigram(Normalize(cps[k].cp), Normalize(cps[k + 1].cp)));
    }
    i = j;
  }
  return out;
}

KnowledgeIndex::KnowledgeIndex(std::vector<KnowledgeItem> items) : items_(std::move(items)) {
  std::sort(items_.begin(), items_.end(),
            [](const KnowledgeItem& a, const KnowledgeItem& b) { return a.id < b.id; });
  const size_t n = items_.size();
  std::vector<uint32_t> body_len(n);
  double body_total = 0;
  std::vector<KnowledgeTerm> title_terms, body_terms;
  postings_.reserve(n * 64);  // distinct terms grow sub-linearly; avoids most rehashing
  for (size_t d = 0; d < n; ++d) {
    DocumentTerms(items_[d].title, &title_terms);
    DocumentTerms(items_[d].body, &body_terms);
    body_len[d] = static_cast<uint32_t>(body_terms.size());
    body_total += static_cast<double>(body_terms.size());
    // Merge the two sorted term lists into one posting per distinct term.
    size_t a = 0, b = 0;
    while (a < title_terms.size() || b < body_terms.size()) {
      KnowledgeTerm t;
      if (b >= body_terms.size() || (a < title_terms.size() && title_terms[a] <= body_terms[b])) {
        t = title_terms[a];
      } else {
        t = body_terms[b];
      }
      uint32_t tf_title = 0, tf_body = 0;
      while (a < title_terms.size() && title_terms[a] == t) ++a, ++tf_title;
      while (b < body_terms.size() && body_terms[b] == t) ++b, ++tf_body;
      postings_[t].push_back({static_cast<uint32_t>(d),
                              static_cast<uint16_t>(std::min<uint32_t>(tf_title, 65535)),
                              static_cast<uint16_t>(std::min<uint32_t>(tf_body, 65535))});
    }
  }
  const double avg_body = n > 0 ? body_total / static_cast<double>(n) : 0;
  body_norm_.resize(n);
  for (size_t d = 0; d < n; ++d) {
    const double rel = avg_body > 0 ? body_len[d] / avg_body : 1.0;
    body_norm_[d] = static_cast<float>(kK1 * (1 - kBodyB + kBodyB * rel));
  }
}

const KnowledgeItem* KnowledgeIndex::Find(int64_t id) const {
  auto it = std::lower_bound(items_.begin(), items_.end(), id,
                             [](const KnowledgeItem& a, int64_t v) { return a.id < v; });
  return it != items_.end() && it->id == id ? &*it : nullptr;
}

size_t KnowledgeIndex::DocumentFrequency(KnowledgeTerm term) const {
  auto it = postings_.find(term);
  return it == postings_.end() ? 0 : it->second.size();
}

std::vector<KnowledgeHit> KnowledgeIndex::Query(
    const std::vector<KnowledgeTerm>& terms, int min_matched,
    const std::function<bool(const KnowledgeItem&)>& filter, size_t limit) const {
  std::vector<KnowledgeHit> hits;
  const size_t n = items_.size();
  if (n == 0 || terms.empty() || limit == 0) return hits;
  std::vector<float> score(n, 0.0f);
  std::vector<uint16_t> matched(n, 0);
  std::vector<uint8_t> in_title(n, 0);
  std::vector<uint32_t> touched;
  for (KnowledgeTerm t : terms) {
    auto it = postings_.find(t);
    if (it == postings_.end()) continue;
    const auto& list = it->second;
    const double df = static_cast<double>(list.size());
    const float idf =
        static_cast<float>(std::log(1.0 + (static_cast<double>(n) - df + 0.5) / (df + 0.5)));
    for (const Posting& p : list) {
      if (matched[p.doc] == 0) touched.push_back(p.doc);
      if (matched[p.doc] < UINT16_MAX) ++matched[p.doc];
      float s = 0;
      if (p.tf_title > 0) {
        s += static_cast<float>(kTitleWeight * p.tf_title * (kK1 + 1) / (p.tf_title + kK1));
        in_title[p.doc] = 1;
      }
      if (p.tf_body > 0) {
        s += static_cast<float>(p.tf_body * (kK1 + 1)) / (p.tf_body + body_norm_[p.doc]);
      }
      score[p.doc] += idf * s;
    }
  }
  for (uint32_t d : touched) {
    if (matched[d] < min_matched) continue;
    if (filter && !filter(items_[d])) continue;
    hits.push_back({&items_[d], score[d], matched[d], in_title[d] != 0});
  }
  auto better = [](const KnowledgeHit& a, const KnowledgeHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.item->id > b.item->id;
  };
  if (hits.size() > limit) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(limit), hits.end(),
                      better);
    hits.resize(limit);
  } else {
    std::sort(hits.begin(), hits.end(), better);
  }
  return hits;
}

KnowledgeSnippet KnowledgeIndex::Snippet(std::string_view body,
                                         const std::vector<KnowledgeTerm>& terms,
                                         size_t max_chars) {
  KnowledgeSnippet out;
  // Only the opening of a long body is scanned: a snippet is for a glance, and decoding every
  // character of five long replies dominated the cost of a suggestion (perf, kb_bench).
  constexpr size_t kScanChars = 1500;
  const std::vector<CodePoint> cps = Decode(body, kScanChars);
  const size_t n = cps.size();
  const bool truncated = cps.empty() ? false : cps.back().offset + cps.back().length < body.size();
  std::vector<KnowledgeTerm> sorted(terms);
  std::sort(sorted.begin(), sorted.end());
  auto wanted = [&sorted](KnowledgeTerm t) {
    return std::binary_search(sorted.begin(), sorted.end(), t);
  };
  std::vector<uint8_t> mark(n, 0);
  size_t first = n;
  for (size_t i = 0; i < n; ++i) {
    const char32_t a = Normalize(cps[i].cp);
    if (!IsWordChar(a)) continue;
    if (wanted(Unigram(a))) mark[i] = 1;
    if (i + 1 < n) {
      const char32_t b = Normalize(cps[i + 1].cp);
      if (IsWordChar(b) && wanted(Bigram(a, b))) mark[i] = mark[i + 1] = 1;
    }
    if (mark[i] && first == n) first = i;
  }
  if (first == n) first = 0;
  size_t start = first > max_chars / 4 ? first - max_chars / 4 : 0;
  const size_t end = std::min(n, start + max_chars);
  if (end - start < max_chars) start = end > max_chars ? end - max_chars : 0;
  const int base = start > 0 ? 1 : 0;
  if (start > 0) out.text = "…";
  for (size_t i = start; i < end; ++i) {
    const char32_t c = cps[i].cp;
    if (c == kReplacement && cps[i].length == 1) {
      out.text += "\xEF\xBF\xBD";
    } else if (c < 0x20) {
      out.text.push_back(' ');  // one line: newlines and tabs become spaces
    } else {
      out.text.append(body.substr(cps[i].offset, cps[i].length));
    }
  }
  if (end < n || truncated) out.text += "…";
  for (size_t i = start; i < end;) {
    if (!mark[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < end && mark[j]) ++j;
    out.highlights.emplace_back(base + static_cast<int>(i - start), static_cast<int>(j - i));
    i = j;
  }
  return out;
}

}  // namespace minsheng
