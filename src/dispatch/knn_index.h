// The nearest training messages of a message, for the category classifier: cosine similarity
// over one block of TF-IDF features (the title+body character n-grams), an inverted index of
// the training messages' vectors, and the labels of the k most similar as votes.
//
// The linear head generalises; the neighbours remember: messages that read like a few earlier
// ones with a label of the platform's own convention. On TipDM, blending the votes of the 10
// nearest into the linear head's probabilities gave out of fold (5 folds over train.jsonl)
// macro-F1 0.9173 → 0.9205 and on dev 0.9372 → 0.94+ (docs/dispatch.md, fifteenth round).
//
// Postings are 32 bits: the message in the upper 24, the square root of its (unit-norm) value
// quantised to 8 bits in the lower 8. Keys are feature indices when built; a model re-keys them
// to its table's row positions (Rekey), which its lookups already give.
//
// Thread-safety: immutable after Build/Read/Rekey; Votes may run on many threads at once.
#ifndef MINSHENG_DISPATCH_KNN_INDEX_H_
#define MINSHENG_DISPATCH_KNN_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dispatch/features.h"

namespace minsheng {

class KnnIndex {
 public:
  static constexpr size_t kMaxDocs = size_t{1} << 24;

  KnnIndex() = default;
  // Messages vectors[rows[i]] (key < num_keys, values in (0, 1], unit norm) of classes
  // labels[rows[i]], as messages i = 0, 1, …; at most kMaxDocs (the caller checks).
  static KnnIndex Build(const std::vector<SparseVector>& vectors, const std::vector<size_t>& rows,
                        const std::vector<uint32_t>& labels, size_t num_keys);

  bool empty() const { return labels_.empty(); }
  size_t num_docs() const { return labels_.size(); }
  size_t num_postings() const { return postings_.size(); }

  // The k messages most similar to `query` (any positive scale; keys as the index's), ties to
  // the earlier message: votes[c] (sized by the caller to the classes) gets the similarity of
  // each of them labelled c. Returns false, votes untouched, when no message shares a key.
  // Only the query's kQueryTerms heaviest terms are looked up: the common characters' long
  // posting lists were 90 % of the work (224 k postings a message on TipDM, 25 k with 100
  // terms) for no accuracy (out of fold 0.9205 vs 0.9203).
  bool Votes(const SparseVector& query, size_t k, std::vector<double>* votes) const;
  static constexpr size_t kQueryTerms = 100;

  // Key f becomes new_key[f] (< num_keys; distinct for keys with postings).
  void Rekey(const std::vector<uint64_t>& new_key, size_t num_keys);

  // Serialised: u64 docs (0: nothing follows), u32 labels[docs], then per key f < key_of.size()
  // (the feature order of the file) a u32 count of the postings of key key_of[f], then all postings
  // in that order.
  void AppendTo(const std::vector<uint64_t>& key_of, std::string* out) const;
  // Reads what AppendTo wrote for `num_features` features (keyed by feature index) and
  // `num_classes` labels; false on truncated or inconsistent bytes.
  static bool ReadFrom(std::string_view bin, size_t* pos, size_t num_features, size_t num_classes,
                       KnnIndex* out);

  // The 8-bit code of a value in (0, 1] and back (sqrt scale: small values keep precision).
  static uint32_t Quantise(float value);
  static float Dequantise(uint32_t code);

 private:
  std::vector<uint32_t> begin_;     // key → first posting; begin_[num_keys] = end
  std::vector<uint32_t> postings_;  // doc << 8 | code
  std::vector<uint32_t> labels_;    // per doc
};

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_KNN_INDEX_H_
