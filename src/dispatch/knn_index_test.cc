// The nearest-messages index: exact votes, ties, the heaviest query terms, re-keying and the
// serialised form (a damaged one is refused).
#include "dispatch/knn_index.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace minsheng {
namespace {

// Unit-norm vector of (key, weight) pairs.
SparseVector Unit(std::vector<std::pair<uint32_t, float>> v) {
  double n2 = 0;
  for (const auto& [k, w] : v) n2 += static_cast<double>(w) * w;
  for (auto& [k, w] : v) w = static_cast<float>(w / std::sqrt(n2));
  return v;
}

struct Toy {
  std::vector<SparseVector> docs;
  std::vector<uint32_t> labels;
  std::vector<size_t> rows;
};

Toy MakeToy() {
  Toy t;
  t.docs = {Unit({{0, 1}, {1, 1}}),          // label 0
            Unit({{0, 1}, {1, 1}, {2, 1}}),  // label 1
            Unit({{3, 1}, {4, 2}}),          // label 2
            Unit({{5, 1}})};                 // label 1
  t.labels = {0, 1, 2, 1};
  t.rows = {0, 1, 2, 3};
  return t;
}

TEST(KnnIndexTest, TheNearestMessagesVoteWithTheirSimilarity) {
  const Toy t = MakeToy();
  const KnnIndex index = KnnIndex::Build(t.docs, t.rows, t.labels, 6);
  EXPECT_EQ(index.num_docs(), 4u);
  EXPECT_EQ(index.num_postings(), 8u);
  // The query is message 2 itself: cosine ≈ 1 (8-bit codes), and no other shares a key.
  std::vector<double> votes(3, 0.0);
  ASSERT_TRUE(index.Votes(Unit({{3, 1}, {4, 2}}), 10, &votes));
  EXPECT_NEAR(votes[2], 1.0, 0.01);
  EXPECT_EQ(votes[0], 0.0);
  EXPECT_EQ(votes[1], 0.0);
  // Keys 0 and 1: message 0 (cosine 1) before message 1 (cosine √(2/3)); with k = 1 only the
  // first votes.
  votes.assign(3, 0.0);
  ASSERT_TRUE(index.Votes(Unit({{0, 1}, {1, 1}}), 1, &votes));
  EXPECT_NEAR(votes[0], 1.0, 0.01);
  EXPECT_EQ(votes[1], 0.0);
  votes.assign(3, 0.0);
  ASSERT_TRUE(index.Votes(Unit({{0, 1}, {1, 1}}), 2, &votes));
  EXPECT_NEAR(votes[1], std::sqrt(2.0 / 3.0), 0.01);
  // The scale of the query does not matter to who is nearest.
  std::vector<double> scaled(3, 0.0);
  ASSERT_TRUE(index.Votes({{0, 5.0f}, {1, 5.0f}}, 1, &scaled));
  EXPECT_GT(scaled[0], 0.0);
  EXPECT_EQ(scaled[1], 0.0);
  // No shared key (or an unknown one): no votes, nothing touched.
  votes.assign(3, 0.5);
  EXPECT_FALSE(index.Votes({{9, 1.0f}}, 10, &votes));
  EXPECT_EQ(votes, std::vector<double>(3, 0.5));
}

TEST(KnnIndexTest, EqualSimilaritiesGoToTheEarlierMessage) {
  const std::vector<SparseVector> docs = {Unit({{0, 1}}), Unit({{0, 1}}), Unit({{0, 1}})};
  const KnnIndex index = KnnIndex::Build(docs, {2, 1, 0}, {0, 1, 2}, 1);  // messages: rows 2, 1, 0
  std::vector<double> votes(3, 0.0);
  ASSERT_TRUE(index.Votes({{0, 1.0f}}, 1, &votes));
  EXPECT_GT(votes[2], 0.0);  // row 2 is message 0
  EXPECT_EQ(votes[0] + votes[1], 0.0);
}

TEST(KnnIndexTest, OnlyTheHeaviestQueryTermsAreLookedUp) {
  // Message 0 has only key n, message 1 only key 0. A query of n + 1 terms (key 0 heavy, keys
  // 1 … n light and equal) keeps kQueryTerms = n of them, the smaller keys among equals: key n is
  // not looked up, so message 0 gets no vote. With n terms every one is looked up.
  const uint32_t n = static_cast<uint32_t>(KnnIndex::kQueryTerms);
  const std::vector<SparseVector> docs = {Unit({{n, 1}}), Unit({{0, 1}})};
  const KnnIndex index = KnnIndex::Build(docs, {0, 1}, {0, 1}, n + 1);
  SparseVector query = {{0, 2.0f}};
  for (uint32_t k = 1; k <= n; ++k) query.emplace_back(k, 1.0f);
  std::vector<double> votes(2, 0.0);
  ASSERT_TRUE(index.Votes(query, 10, &votes));
  EXPECT_GT(votes[1], 0.0);
  EXPECT_EQ(votes[0], 0.0);
  query.erase(query.begin() + 1);  // keys 0, 2 … n: n terms
  votes.assign(2, 0.0);
  ASSERT_TRUE(index.Votes(query, 10, &votes));
  EXPECT_GT(votes[0], 0.0);
  EXPECT_GT(votes[1], 0.0);
}

TEST(KnnIndexTest, CodesKeepTwoDigitsOverTheRange) {
  EXPECT_EQ(KnnIndex::Quantise(1.0f), 255u);
  EXPECT_EQ(KnnIndex::Quantise(0.0f), 1u);  // a posting is never 0
  for (float v : {0.002f, 0.01f, 0.05f, 0.2f, 0.7f, 1.0f}) {
    const float back = KnnIndex::Dequantise(KnnIndex::Quantise(v));
    EXPECT_NEAR(back, v, std::max(0.002f, 0.02f * v)) << v;
  }
}

TEST(KnnIndexTest, RekeyedAndReadBackItVotesTheSame) {
  const Toy t = MakeToy();
  KnnIndex index = KnnIndex::Build(t.docs, t.rows, t.labels, 6);
  const SparseVector query = Unit({{0, 1}, {2, 1}, {4, 1}});
  std::vector<double> before(3, 0.0);
  ASSERT_TRUE(index.Votes(query, 2, &before));
  // Keys f → 10 + 3f (as a model re-keys features to table rows).
  std::vector<uint64_t> row_of;
  for (uint64_t f = 0; f < 6; ++f) row_of.push_back(10 + 3 * f);
  std::string bin;
  index.AppendTo({0, 1, 2, 3, 4, 5}, &bin);
  index.Rekey(row_of, 40);
  SparseVector moved;
  for (const auto& [k, v] : query) moved.emplace_back(static_cast<uint32_t>(row_of[k]), v);
  std::vector<double> after(3, 0.0);
  ASSERT_TRUE(index.Votes(moved, 2, &after));
  EXPECT_EQ(after, before);
  // Written by the re-keyed index in feature order, read back keyed by feature.
  std::string bin2;
  index.AppendTo(row_of, &bin2);
  EXPECT_EQ(bin2, bin);
  KnnIndex read;
  size_t pos = 0;
  ASSERT_TRUE(KnnIndex::ReadFrom(bin, &pos, 6, 3, &read));
  EXPECT_EQ(pos, bin.size());
  std::vector<double> again(3, 0.0);
  ASSERT_TRUE(read.Votes(query, 2, &again));
  EXPECT_EQ(again, before);
}

TEST(KnnIndexTest, DamagedBytesAreRefused) {
  const Toy t = MakeToy();
  const KnnIndex index = KnnIndex::Build(t.docs, t.rows, t.labels, 6);
  std::string bin;
  index.AppendTo({0, 1, 2, 3, 4, 5}, &bin);
  auto refused = [](const std::string& b, size_t nf, size_t nc) {
    KnnIndex out;
    size_t pos = 0;
    return !KnnIndex::ReadFrom(b, &pos, nf, nc, &out);
  };
  EXPECT_FALSE(refused(bin, 6, 3));
  EXPECT_TRUE(refused(bin, 6, 2));  // a label beyond the classes
  for (size_t cut : {size_t{0}, size_t{7}, size_t{8 + 16}, bin.size() - 1}) {
    EXPECT_TRUE(refused(bin.substr(0, cut), 6, 3)) << cut;
  }
  std::string b = bin;
  const size_t postings = 8 + 4 * 4 + 4 * 6;
  b[postings] = 0;  // code 0 is no value
  EXPECT_TRUE(refused(b, 6, 3));
  b = bin;
  const uint32_t beyond = 4u << 8 | 7u;  // message 4 of 4
  std::memcpy(b.data() + postings, &beyond, 4);
  EXPECT_TRUE(refused(b, 6, 3));
  b = bin;
  const uint64_t too_many = KnnIndex::kMaxDocs + 1;
  std::memcpy(b.data(), &too_many, 8);
  EXPECT_TRUE(refused(b, 6, 3));
  // An empty index is 8 bytes and reads back empty.
  std::string empty;
  KnnIndex().AppendTo({0, 1}, &empty);
  EXPECT_EQ(empty.size(), 8u);
  KnnIndex out;
  size_t pos = 0;
  EXPECT_TRUE(KnnIndex::ReadFrom(empty, &pos, 2, 3, &out));
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace minsheng
