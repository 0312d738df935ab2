// TextModel::Explain: which terms of a message move the linear model towards its label.
#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "dispatch/classifier.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

// Terms weighing less than this share of the strongest one are noise to a reader.
constexpr double kMinShareOfTop = 0.1;
// Body characters whose terms are candidates.
constexpr size_t kExplainBodyChars = 300;

}  // namespace

std::vector<TermEvidence> TextModel::Explain(std::string_view title, std::string_view text,
                                             std::string_view label, std::string_view versus,
                                             size_t k) const {
  const auto a = std::find(labels_.begin(), labels_.end(), label);
  const auto b = std::find(labels_.begin(), labels_.end(), versus);
  if (k == 0 || a == labels_.end() || b == labels_.end() || a == b) return {};
  const size_t max_body = features_.max_body_chars > 0 ? features_.max_body_chars : 0;
  return ExplainPrepared(PrepareText(title, text, max_body),
                         static_cast<size_t>(a - labels_.begin()),
                         static_cast<size_t>(b - labels_.begin()), k);
}

Prediction TextModel::PredictExplained(std::string_view title, std::string_view text, size_t k,
                                       std::vector<TermEvidence>* evidence) const {
  const size_t max_body = features_.max_body_chars > 0 ? features_.max_body_chars : 0;
  const PreparedText prepared = PrepareText(title, text, max_body);
  std::vector<double> d, probs;
  const auto& rows = Decide(prepared, &d);
  Combine(d, &probs);
  std::vector<std::pair<std::string, double>> voted;
  BlendNeighbours(rows, &probs, &voted);
  Prediction p = Rank(probs);
  p.neighbours = std::move(voted);
  evidence->clear();
  if (p.ranked.size() >= 2 && k > 0) {
    auto index = [&](const std::string& label) {
      return static_cast<size_t>(std::find(labels_.begin(), labels_.end(), label) -
                                 labels_.begin());
    };
    *evidence = ExplainPrepared(prepared, index(p.ranked[0].first), index(p.ranked[1].first), k);
  }
  return p;
}

std::vector<TermEvidence> TextModel::ExplainPrepared(const PreparedText& prepared, size_t ca,
                                                     size_t cb, size_t k) const {
  std::vector<TermEvidence> out;
  const size_t nc = labels_.size();
  double total_weight = 0;
  for (const Head& h : heads_) total_weight += h.options.weight;
  if (total_weight <= 0 || k == 0) return out;

  // Every distinct feature of the message with its normalised value, and its share of the
  // margin between the two labels, by feature key.
  SparseVector x;
  std::vector<uint64_t> x_keys;
  Vectorize(prepared, &x, &x_keys);
  // (feature key, margin) in an open-addressing table twice the size (keys are hashes already).
  size_t cap = 16;
  while (cap < 2 * x.size()) cap <<= 1;
  int bits = 0;
  while ((size_t{1} << bits) < cap) ++bits;
  std::vector<std::pair<uint64_t, double>> margin_of(cap, {0, 0.0});
  auto slot = [&](uint64_t key) {
    size_t pos = static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
    while (margin_of[pos].first != 0 && margin_of[pos].first != key) pos = (pos + 1) & (cap - 1);
    return pos;
  };
  for (size_t i = 0; i < x.size(); ++i) {
    const uint8_t* row = Row(x[i].first);
    const int8_t* w = RowWeights(x[i].first);
    const double scale = static_cast<double>(x[i].second) * RowScale(row);
    double margin = 0;
    for (size_t h = 0; h < heads_.size(); ++h) {
      const double share = heads_[h].options.weight / total_weight / heads_[h].temperature;
      margin += share * scale * (w[h * nc + ca] - w[h * nc + cb]);
    }
    margin_of[slot(x_keys[i])] = {x_keys[i], margin};
  }
  // A feature's margin, once: a term that occurs again finds 0.
  auto take = [&](uint64_t key) {
    if (key == 0) return 0.0;
    auto& entry = margin_of[slot(key)];
    return entry.first == key ? std::exchange(entry.second, 0.0) : 0.0;
  };

  std::vector<ExplainTerm> terms;
  terms.reserve(4 * (prepared.title.size() + prepared.body.size()) + 16);
  // Terms from the title and the start of the body (their features' margins come from the whole
  // message): a long body would double the cost for words a reader seldom needs.
  if (prepared.body.size() > kExplainBodyChars) {
    PreparedText head;
    head.title = prepared.title;
    head.body = prepared.body.substr(0, kExplainBodyChars);
    ExplainTerms(head, features_, &lexicon_, &terms);
  } else {
    ExplainTerms(prepared, features_, &lexicon_, &terms);
  }
  // Margins summed per term text: words by text, n-grams by the hash of their text, so the
  // n-grams inside a term are looked up without building strings.
  std::unordered_map<std::u32string, double> word_score;
  std::vector<std::pair<uint64_t, double>> gram_score;   // (text hash, margin), merged below
  std::vector<std::pair<uint64_t, uint32_t>> gram_text;  // (text hash, a term index)
  for (uint32_t i = 0; i < terms.size(); ++i) {
    const ExplainTerm& t = terms[i];
    if (t.word) {
      if (t.text.size() >= 2) word_score[t.text] += take(t.key);
      continue;
    }
    const double margin = take(t.key);
    if (margin == 0) continue;
    const uint64_t h = WordLexicon::HashWord(t.text.data(), t.text.size());
    gram_score.emplace_back(h, margin);
    gram_text.emplace_back(h, i);
  }
  std::sort(gram_score.begin(), gram_score.end());
  size_t merged = 0;
  for (size_t i = 0; i < gram_score.size(); ++i) {
    if (merged > 0 && gram_score[merged - 1].first == gram_score[i].first) {
      gram_score[merged - 1].second += gram_score[i].second;
    } else {
      gram_score[merged++] = gram_score[i];
    }
  }
  gram_score.resize(merged);
  std::sort(gram_text.begin(), gram_text.end());
  auto gram_margin = [&](uint64_t h) {
    const auto it =
        std::lower_bound(gram_score.begin(), gram_score.end(), std::make_pair(h, -HUGE_VAL));
    return it != gram_score.end() && it->first == h ? it->second : 0.0;
  };
  // The margins of the n-grams inside a term (itself included).
  auto inner = [&](const std::u32string& t) {
    double total = 0;
    for (size_t i = 0; i + 2 <= t.size(); ++i) {
      uint64_t h = WordLexicon::HashStep(WordLexicon::kHashSeed, t[i], 0);
      for (size_t n = 2; i + n <= t.size(); ++n) {
        h = WordLexicon::HashStep(h, t[i + n - 1], n - 1);
        total += gram_margin(h | 1);
      }
    }
    return total;
  };
  static constexpr std::u32string_view kFunctionChars =
      U"的了是在和与及或我你他她它们这那有也就都而被把对于之其个吗呢吧啊";
  // A word of the segmentation may hold a function character (有限公司, 个体户, 的士); an
  // n-gram with one is mostly grammar.
  auto readable = [&](const std::u32string& g, bool word) {
    bool letter = false;
    for (size_t i = 0; i < g.size(); ++i) {
      const char32_t c = g[i];
      if (!word && kFunctionChars.find(c) != std::u32string_view::npos) return false;
      const bool ascii = c < 0x80;
      if (ascii && i > 0 && g[i - 1] >= 0x80) return false;  // 年k: a Latin word starts inside
      if (!(c >= '0' && c <= '9')) letter = true;
    }
    return letter;
  };
  // A reader sees words: a word carries the character n-grams inside it.
  std::vector<std::pair<double, std::u32string>> ranked;
  for (const auto& [word, s] : word_score) {
    if (!readable(word, true)) continue;
    const double total = s + inner(word);
    if (total > 0) ranked.emplace_back(total, word);
  }
  // Runs the segmentation left in single characters (廉租房 where the lexicon lacks the word)
  // are shown as n-grams — the strongest few by their own margin — but not an n-gram inside a
  // word, across two words (工噪 in 施工|噪音), with a function character (房的) or only digits.
  auto straddles_or_inside = [&](const std::u32string& g) {
    for (const auto& [w, unused] : word_score) {
      if (w.find(g) != std::u32string::npos) return true;
      for (size_t n = 1; n < g.size() && n < w.size(); ++n) {
        if (w.compare(w.size() - n, n, g, 0, n) == 0) return true;  // a word ends in g's start
        if (w.compare(0, n, g, g.size() - n, n) == 0) return true;  // a word starts with g's end
      }
    }
    return false;
  };
  std::vector<std::pair<double, uint64_t>> grams;
  for (const auto& [h, margin] : gram_score) {
    if (margin > 0) grams.emplace_back(margin, h);
  }
  const size_t consider = std::min(grams.size(), 3 * k);
  std::partial_sort(grams.begin(), grams.begin() + consider, grams.end(),
                    [](const auto& x, const auto& y) {
                      return x.first != y.first ? x.first > y.first : x.second < y.second;
                    });
  for (size_t i = 0; i < consider; ++i) {
    const auto at = std::lower_bound(gram_text.begin(), gram_text.end(),
                                     std::make_pair(grams[i].second, uint32_t{0}));
    const std::u32string& g = terms[at->second].text;
    if (word_score.count(g) || !readable(g, false) || straddles_or_inside(g)) continue;
    const double total = inner(g);
    if (total > 0) ranked.emplace_back(total, g);
  }
  // Strongest first; ties by the term, so the order does not depend on hashing.
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  std::vector<const std::u32string*> kept;
  for (const auto& candidate : ranked) {
    const double s = candidate.first;
    const std::u32string& term = candidate.second;
    if (out.size() >= k) break;
    if (!out.empty() && s < kMinShareOfTop * out.front().weight) break;
    // Sharing two characters in a row — nested (噪音 in 噪音扰民) or overlapping (县廉租 next to
    // 廉租房; every term has two or more): the stronger one stays.
    const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const std::u32string* t) {
      for (size_t i = 0; i + 2 <= term.size(); ++i) {
        if (t->find(term.substr(i, 2)) != std::u32string::npos) return true;
      }
      return false;
    });
    if (overlaps) continue;
    kept.push_back(&term);
    out.push_back({EncodeUtf8(term), s});
  }
  return out;
}

}  // namespace minsheng
