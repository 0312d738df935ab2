// Reading model files: a damaged model.bin or manifest is refused with model_invalid, never
// crashes (cases found while writing fuzz/model_fuzz.cc), and a good one reads back exactly.
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

#include "dispatch/classifier.h"

namespace minsheng {
namespace {

struct ModelFiles {
  std::unique_ptr<TextModel> model;
  std::string manifest;
  std::string bin;
};

// The model and the two files Save writes for it.
ModelFiles Saved(std::unique_ptr<TextModel> model) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("minsheng_model_file_test_" + std::to_string(::getpid()));
  EXPECT_TRUE(model->Save(dir.string()).ok());
  auto read = [&](const char* name) {
    std::ifstream in(dir / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  ModelFiles files{std::move(model), read("manifest.json"), read("model.bin")};
  std::filesystem::remove_all(dir);
  return files;
}

ModelFiles SavedToyModel() {
  std::vector<LabeledText> data;
  for (int rep = 0; rep < 3; ++rep) {
    data.push_back({"小区停水", "家里停水三天", "供水"});
    data.push_back({"夜间噪音", "工地施工噪音扰民", "环保"});
    data.push_back({"物业收费", "物业乱收费", "物业"});
  }
  TrainOptions opt;
  opt.features.min_df = 1;
  opt.heads = {HeadOptions{}};
  opt.neighbour_share = 0;  // the linear part alone: formats 1 and 2 read back the same
  auto trained = TrainTextModel(data, opt);
  EXPECT_TRUE(trained.ok());
  return Saved(std::move(trained).value());
}

// The manifest with model_fnv64 dropped, so a changed model.bin is read, not refused by the
// checksum (a file edited with its checksum updated).
std::string WithoutChecksum(const std::string& manifest) {
  nlohmann::json j = nlohmann::json::parse(manifest);
  j.erase("model_fnv64");
  return j.dump();
}

// model.bin's header after the magic: features, classes, heads.
struct BinHeader {
  uint64_t nf;
  uint32_t nc, nh;
  size_t Weights() const { return size_t{nc} * nh; }
  size_t MaskBytes() const { return (Weights() + 7) / 8; }
  // Format 4: after keys and idf (24 + 12 · nf) the exponents, then a bitmap per feature, then
  // the non-zero weights.
  size_t Masks() const { return 24 + 13 * nf; }
  size_t Values() const { return Masks() + nf * MaskBytes(); }
  // Where format 2 and 3 put the nearest-messages section (format 3) or the lexicon (format 2):
  // after keys, idf, exponents, dense int8 weights and the heads' biases.
  size_t DenseAfterBiases() const { return 24 + 13 * nf + nf * Weights() + size_t{nh} * nc * 4; }
};
BinHeader ReadHeader(const std::string& bin) {
  BinHeader h;
  std::memcpy(&h.nf, bin.data() + 8, 8);
  std::memcpy(&h.nc, bin.data() + 16, 4);
  std::memcpy(&h.nh, bin.data() + 20, 4);
  return h;
}

// Format 4: how many weights the bitmaps list.
size_t NonZeroWeights(const std::string& bin) {
  const BinHeader h = ReadHeader(bin);
  size_t n = 0;
  for (size_t i = h.Masks(); i < h.Values(); ++i) n += std::popcount(static_cast<uint8_t>(bin[i]));
  return n;
}

// Format 4: where the nearest-messages section starts (after the biases).
size_t AfterBiases(const std::string& bin) {
  const BinHeader h = ReadHeader(bin);
  return h.Values() + NonZeroWeights(bin) + size_t{h.nh} * h.nc * 4;
}

// The same model in format 3 (written until 2026-12-05): the int8 weights dense, nf × classes ×
// heads; the manifest without a checksum.
ModelFiles AsFormat3(const ModelFiles& f) {
  const BinHeader h = ReadHeader(f.bin);
  std::string bin = f.bin.substr(0, h.Masks());
  size_t value = h.Values();
  for (uint64_t i = 0; i < h.nf; ++i) {
    for (size_t k = 0; k < h.Weights(); ++k) {
      const bool listed =
          static_cast<uint8_t>(f.bin[h.Masks() + i * h.MaskBytes() + k / 8]) >> (k % 8) & 1;
      bin.push_back(listed ? f.bin[value++] : '\0');
    }
  }
  bin.append(f.bin, value, std::string::npos);
  nlohmann::json j = nlohmann::json::parse(f.manifest);
  j.erase("model_fnv64");
  j["format_version"] = 3;
  return {nullptr, j.dump(), bin};
}

// Format 3: where the nearest-messages section that starts at `at` (after the biases) ends.
size_t NeighboursEnd(const std::string& bin, size_t at, uint64_t nf) {
  uint64_t docs;
  std::memcpy(&docs, bin.data() + at + 12, 8);  // after k, share and gate
  size_t end = at + 20;
  if (docs == 0) return end;
  end += 4 * docs;
  uint64_t postings = 0;
  for (uint64_t f = 0; f < nf; ++f) {
    uint32_t count;
    std::memcpy(&count, bin.data() + end + 4 * f, 4);
    postings += count;
  }
  return end + 4 * nf + 4 * postings;
}

// The same model in format 2 (written until 2026-12-05): no nearest-messages section.
ModelFiles AsFormat2(const ModelFiles& four) {
  const ModelFiles f = AsFormat3(four);
  const BinHeader h = ReadHeader(f.bin);
  std::string bin = f.bin.substr(0, h.DenseAfterBiases());
  bin.append(f.bin, NeighboursEnd(f.bin, h.DenseAfterBiases(), h.nf), std::string::npos);
  nlohmann::json j = nlohmann::json::parse(f.manifest);
  j["format_version"] = 2;
  return {nullptr, j.dump(), bin};
}

// The same model in format 1 (written until 2026-12-05): float weights, head by head, each
// followed by its biases; the manifest without a checksum.
ModelFiles AsFormat1(const ModelFiles& four) {
  const ModelFiles f = AsFormat3(four);
  const auto [nf, nc, nh] = ReadHeader(f.bin);
  const size_t exponents = 24 + 12 * nf, weights = exponents + nf, biases = weights + nf * nc * nh;
  std::string bin = f.bin.substr(0, exponents);
  for (uint32_t k = 0; k < nh; ++k) {
    for (uint64_t i = 0; i < nf; ++i) {
      const float scale = std::ldexp(1.0f, static_cast<int8_t>(f.bin[exponents + i]));
      for (uint32_t c = 0; c < nc; ++c) {
        const float w =
            static_cast<float>(static_cast<int8_t>(f.bin[weights + (i * nh + k) * nc + c])) * scale;
        bin.append(reinterpret_cast<const char*>(&w), 4);
      }
    }
    bin.append(f.bin, biases + k * nc * 4, nc * 4);
  }
  // The lexicon (format 1 and 2 have no nearest-messages section).
  bin.append(f.bin, NeighboursEnd(f.bin, biases + nh * nc * 4, nf), std::string::npos);
  nlohmann::json j = nlohmann::json::parse(f.manifest);
  j["format_version"] = 1;
  return {nullptr, j.dump(), bin};
}

void ExpectRefused(const std::string& manifest, const std::string& bin) {
  auto m = TextModel::FromBytes(manifest, bin, "test");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().error_code(), "model_invalid");
}

TEST(ModelFileTest, AGoodModelReadsBackExactly) {
  const ModelFiles f = SavedToyModel();
  auto m = TextModel::FromBytes(f.manifest, f.bin, "test");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ((*m)->labels(), f.model->labels());
  EXPECT_EQ((*m)->version(), f.model->version());
  for (const char* text : {"停水", "工地噪音", "物业收费太高", "无关的话"}) {
    EXPECT_EQ((*m)->Predict(text, "").ranked, f.model->Predict(text, "").ranked) << text;
  }
  EXPECT_EQ((*m)->Predict("停水", "").ranked[0].first, "供水");
  // A model saved in format 1 (float weights) reads the same.
  const ModelFiles v1 = AsFormat1(f);
  EXPECT_GT(v1.bin.size(), f.bin.size());
  auto old = TextModel::FromBytes(v1.manifest, v1.bin, "test");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  for (const char* text : {"停水", "工地噪音", "物业收费太高", "无关的话"}) {
    EXPECT_EQ((*old)->Predict(text, "").ranked, f.model->Predict(text, "").ranked) << text;
  }
  // In format 3 (dense int8 weights).
  const ModelFiles v3 = AsFormat3(f);
  auto three = TextModel::FromBytes(v3.manifest, v3.bin, "test");
  ASSERT_TRUE(three.ok()) << three.status().ToString();
  for (const char* text : {"停水", "工地噪音", "物业收费太高", "无关的话"}) {
    EXPECT_EQ((*three)->Predict(text, "").ranked, f.model->Predict(text, "").ranked) << text;
  }
  // And in format 2 (no nearest-messages section).
  const ModelFiles v2 = AsFormat2(f);
  auto two = TextModel::FromBytes(v2.manifest, v2.bin, "test");
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  for (const char* text : {"停水", "工地噪音", "物业收费太高", "无关的话"}) {
    EXPECT_EQ((*two)->Predict(text, "").ranked, f.model->Predict(text, "").ranked) << text;
  }
  // One changed byte without a matching checksum is refused.
  std::string bin = f.bin;
  bin[bin.size() / 2] ^= 1;
  ExpectRefused(f.manifest, bin);
}

// A model with the nearest messages' votes (format 3) reads back exactly; the votes change unsure
// predictions; damaged neighbour settings or postings are refused.
TEST(ModelFileTest, AModelWithNeighboursReadsBackExactly) {
  std::vector<LabeledText> data;
  for (int rep = 0; rep < 3; ++rep) {
    data.push_back({"小区停水", "家里停水三天", "供水"});
    data.push_back({"夜间噪音", "工地施工噪音扰民", "环保"});
    data.push_back({"物业收费", "物业乱收费", "物业"});
    data.push_back({"停水又收费", "物业停水还乱收费" + std::to_string(rep), "物业"});
  }
  TrainOptions opt;
  opt.features.min_df = 1;
  opt.neighbour_share = 0.5;
  auto trained = TrainTextModel(data, opt);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const auto stats = nlohmann::json::parse((*trained)->manifest_json())["training"]["neighbours"];
  EXPECT_EQ(stats["share"].get<double>(), 0.5);
  EXPECT_EQ(stats["messages"].get<size_t>(), data.size());
  opt.neighbour_share = 0;
  auto plain = TrainTextModel(data, opt);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(nlohmann::json::parse((*plain)->manifest_json())["training"].contains("neighbours"));
  const char* const kTexts[] = {"停水",     "工地噪音",     "物业收费太高",
                                "停水收费", "小区噪音收费", "无关的话"};
  size_t changed = 0;
  for (const char* text : kTexts) {
    changed += (*trained)->Predict(text, "").ranked != (*plain)->Predict(text, "").ranked;
  }
  EXPECT_GT(changed, 0u) << "no prediction was unsure enough for the votes";

  const ModelFiles f = Saved(std::move(trained).value());
  const std::string& manifest = f.manifest;
  const std::string& bin = f.bin;
  auto m = TextModel::FromBytes(manifest, bin, "test");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  for (const char* text : kTexts) {
    EXPECT_EQ((*m)->Predict(text, "").ranked, f.model->Predict(text, "").ranked) << text;
  }
  // The section's settings follow the biases: k (u32), share, gate (floats).
  const BinHeader h = ReadHeader(bin);
  const size_t at = AfterBiases(bin);
  const std::string unchecked = WithoutChecksum(manifest);
  ASSERT_TRUE(TextModel::FromBytes(unchecked, bin, "test").ok());
  std::string b = bin;
  const uint32_t zero_k = 0;
  std::memcpy(b.data() + at, &zero_k, 4);
  ExpectRefused(unchecked, b);
  for (float bad : {2.0f, -0.5f, std::numeric_limits<float>::quiet_NaN()}) {
    b = bin;
    std::memcpy(b.data() + at + 4, &bad, 4);  // share
    ExpectRefused(unchecked, b);
  }
  const size_t end = NeighboursEnd(bin, at, h.nf);
  b = bin;
  b.erase(end - 4, 4);  // the last posting gone: the lexicon is read from the wrong place
  ExpectRefused(unchecked, b);
  b = bin;
  b[end - 4] = 0;  // the last posting's code
  ExpectRefused(unchecked, b);
}

// A model of many classes (a zone's own ~100 categories) keeps its rows densely behind an index
// (rows wider than a cache line); it predicts what it was trained on and reads back exactly.
TEST(ModelFileTest, AManyClassModelReadsBackExactly) {
  const char* const kThings[] = {"路灯", "井盖", "停水", "停电", "燃气", "暖气",
                                 "物业", "电梯", "噪音", "油烟", "垃圾", "占道",
                                 "违建", "广告", "绿化", "公交", "公厕"};
  const char* const kPlaces[] = {"东区", "西区", "南区", "北区", "新村"};
  std::vector<LabeledText> data;
  for (const char* thing : kThings) {
    for (const char* place : kPlaces) {
      const std::string label = std::string(place) + std::string(thing);  // 85 labels
      for (int rep = 0; rep < 2; ++rep) {
        data.push_back({label + "问题", std::string(place) + "的" + thing + "坏了" + thing, label});
      }
    }
  }
  TrainOptions opt;
  opt.features.min_df = 1;
  opt.heads = {HeadOptions{}};
  auto trained = TrainTextModel(data, opt);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  ASSERT_EQ((*trained)->labels().size(), 85u);
  // Every label, the last 5 too (85 = 10 · 8 + 5: Decide's 8-wide steps and the tail after).
  for (const LabeledText& t : data) {
    EXPECT_EQ((*trained)->Predict(t.title, t.text).ranked[0].first, t.label) << t.title;
  }
  EXPECT_EQ((*trained)->Predict("东区路灯问题", "东区的路灯坏了").ranked[0].first, "东区路灯");
  EXPECT_EQ((*trained)->Predict("新村公交问题", "").ranked[0].first, "新村公交");
  const auto dir = std::filesystem::temp_directory_path() /
                   ("minsheng_model_file_test_wide_" + std::to_string(::getpid()));
  ASSERT_TRUE((*trained)->Save(dir.string()).ok());
  auto read = TextModel::Load(dir.string());
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  for (const char* text : {"东区路灯问题", "西区停水", "北区电梯坏了", "南区油烟", "无关的话"}) {
    EXPECT_EQ((*read)->Predict(text, "").ranked, (*trained)->Predict(text, "").ranked) << text;
  }
  // Saved again, the same bytes.
  const auto again = dir.string() + "_again";
  ASSERT_TRUE((*read)->Save(again).ok());
  auto bytes = [](const std::filesystem::path& p) {
    std::ifstream in(p / "model.bin", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  EXPECT_EQ(bytes(dir), bytes(again));
  // Format 4 lists a row's non-zero weights: a feature moves the classes of the messages it is
  // in, a row of 85 classes has zeros (here a quarter; 3 of 4 in the 103-category model of
  // docs/dispatch.md), and format 3's dense rows are larger.
  const ModelFiles four{nullptr, "{}", bytes(dir)};
  const BinHeader h = ReadHeader(four.bin);
  EXPECT_LT(NonZeroWeights(four.bin), h.nf * h.Weights());
  EXPECT_GT(AsFormat3(four).bin.size(), four.bin.size());
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(again);
}

TEST(ModelFileTest, AFeatureCountBeyondTheFileIsRefusedBeforeAllocating) {
  const ModelFiles f = SavedToyModel();
  const std::string manifest = WithoutChecksum(f.manifest);
  // The header after the 8-byte magic: feature count (u64), classes (u32), heads (u32). 2^61
  // features of 8 bytes wrapped the size check around to 0 and then asked for 16 EiB.
  for (uint64_t nf : {uint64_t{1} << 61, std::numeric_limits<uint64_t>::max(), uint64_t{1} << 40}) {
    std::string bin = f.bin;
    std::memcpy(bin.data() + 8, &nf, 8);
    ExpectRefused(manifest, bin);
  }
  ExpectRefused(manifest, f.bin.substr(0, f.bin.size() - 3));  // truncated
  ExpectRefused(manifest, f.bin + "x");                        // trailing bytes
}

TEST(ModelFileTest, NonFiniteOrHugeNumbersAndOutOfRangeSettingsAreRefused) {
  const ModelFiles f = SavedToyModel();
  const std::string manifest = WithoutChecksum(f.manifest);
  ASSERT_TRUE(TextModel::FromBytes(manifest, f.bin, "test").ok());
  // The first idf value follows the keys: magic 8 + header 16 + 8 bytes per feature.
  uint64_t nf;
  std::memcpy(&nf, f.bin.data() + 8, 8);
  std::string bin = f.bin;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(bin.data() + 24 + 8 * nf, &nan, 4);
  ExpectRefused(manifest, bin);
  // Format 2: the features' exponents follow the idf values, then the int8 weights. An exponent
  // beyond what training writes would scale a weight past any trained value, and -128 is no
  // weight Finalize writes.
  for (int8_t e : {int8_t{13}, int8_t{127}, int8_t{-127}, int8_t{-128}}) {
    bin = f.bin;
    bin[24 + 12 * nf] = static_cast<char>(e);
    ExpectRefused(manifest, bin);
  }
  // Format 4: a bitmap per feature of its non-zero weights (here 3 classes: one byte, bits 0–2),
  // then those weights. -128, a listed 0, a bit beyond the classes, or a bitmap listing more
  // weights than follow are refused.
  const BinHeader h = ReadHeader(f.bin);
  ASSERT_EQ(h.MaskBytes(), 1u);
  ASSERT_GT(NonZeroWeights(f.bin), 0u);
  for (int8_t q : {int8_t{-128}, int8_t{0}}) {
    bin = f.bin;
    bin[h.Values()] = static_cast<char>(q);
    ExpectRefused(manifest, bin);
  }
  bin = f.bin;
  bin[h.Masks()] = static_cast<char>(bin[h.Masks()] | 0x08);
  ExpectRefused(manifest, bin);
  // One weight fewer listed than follow, or one more (where a feature has a 0 weight).
  bool fewer = false, more = false;
  for (size_t i = h.Masks(); i < h.Values(); ++i) {
    const uint8_t m = static_cast<uint8_t>(f.bin[i]);
    if (!fewer && m != 0) {
      bin = f.bin;
      bin[i] = static_cast<char>(m & (m - 1));
      ExpectRefused(manifest, bin);
      fewer = true;
    }
    if (!more && m != 0x07) {
      bin = f.bin;
      bin[i] = static_cast<char>(m | (m + 1));
      ExpectRefused(manifest, bin);
      more = true;
    }
  }
  EXPECT_TRUE(fewer);
  // Format 3: the dense int8 weights follow the exponents.
  const ModelFiles v3 = AsFormat3(f);
  bin = v3.bin;
  bin[24 + 13 * nf] = static_cast<char>(-128);
  ExpectRefused(v3.manifest, bin);
  // Format 1 (float weights): a non-finite weight, and a finite but huge one, which overflowed the
  // evidence weights to infinity (found by the fuzzer).
  const ModelFiles v1 = AsFormat1(f);
  ASSERT_TRUE(TextModel::FromBytes(v1.manifest, v1.bin, "test").ok());
  for (float w : {std::numeric_limits<float>::infinity(), 3e37f}) {
    bin = v1.bin;
    std::memcpy(bin.data() + 24 + 12 * nf, &w, 4);
    ExpectRefused(v1.manifest, bin);
  }
  // A denormal float weight is in range: the row of a feature whose weights are all that small
  // gets the smallest exponent (its log was -inf and went to int, found by the fuzzer).
  bin = v1.bin;
  const uint32_t nc = ReadHeader(v1.bin).nc;
  for (uint32_t c = 0; c < nc; ++c) {
    const float tiny = 1e-45f;
    std::memcpy(bin.data() + 24 + 12 * nf + 4 * c, &tiny, 4);
  }
  auto denormal = TextModel::FromBytes(v1.manifest, bin, "test");
  ASSERT_TRUE(denormal.ok()) << denormal.status().ToString();
  double sum = 0;
  for (const auto& [label, prob] : (*denormal)->Predict("停水", "").ranked) sum += prob;
  EXPECT_NEAR(sum, 1.0, 1e-9);

  for (const auto& [key, value] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"char_max_n", 40},
                                                           {"char_min_n", 0},
                                                           {"title_max_n", -1},
                                                           {"title_weight", -1.0},
                                                           {"min_df", 0},
                                                           {"max_body_chars", -5},
                                                           // Not integers: nlohmann turned 1e54
                                                           // into an int with undefined
                                                           // behaviour (found by the fuzzer).
                                                           {"char_max_n", 1e54},
                                                           {"min_df", 2.5},
                                                           {"max_body_chars", 3000000000LL}}) {
    nlohmann::json j = nlohmann::json::parse(manifest);
    j["features"][key] = value;
    ExpectRefused(j.dump(), f.bin);
  }
  nlohmann::json j = nlohmann::json::parse(manifest);
  for (const nlohmann::json& bad :
       {nlohmann::json(1e54), nlohmann::json(-1e300), nlohmann::json(4.0), nlohmann::json("4")}) {
    j["format_version"] = bad;
    ExpectRefused(j.dump(), f.bin);
    j = nlohmann::json::parse(manifest);
    j["heads"][0]["solver"] = bad;
    ExpectRefused(j.dump(), f.bin);
    j = nlohmann::json::parse(manifest);
  }
  for (double t : {0.0, -1.0, 1e-300}) {
    j["heads"][0]["temperature"] = t;
    ExpectRefused(j.dump(), f.bin);
  }
  // A head weight of 0 made every probability 0 (found by the fuzzer); negative ones are
  // no mixture either.
  j = nlohmann::json::parse(manifest);
  for (double w : {0.0, -0.5}) {
    j["heads"][0]["weight"] = w;
    ExpectRefused(j.dump(), f.bin);
  }
  j = nlohmann::json::parse(manifest);
  j["labels"][1] = j["labels"][0];
  ExpectRefused(j.dump(), f.bin);
  ExpectRefused("[1,2]", f.bin);
  ExpectRefused("{\"format_version\":1", f.bin);
}

TEST(ModelFileTest, TinyIdfValuesGiveFiniteEvidence) {
  // idf values of 1e-40 (a float denormal) made the block scale 1 / |x| overflow a float, and
  // the evidence weights were infinite (found by the fuzzer).
  const ModelFiles f = SavedToyModel();
  uint64_t nf;
  std::memcpy(&nf, f.bin.data() + 8, 8);
  std::string bin = f.bin;
  const float tiny = 1e-40f;
  for (uint64_t i = 0; i < nf; ++i) std::memcpy(bin.data() + 24 + 8 * nf + 4 * i, &tiny, 4);
  auto m = TextModel::FromBytes(WithoutChecksum(f.manifest), bin, "test");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  std::vector<TermEvidence> evidence;
  const Prediction p = (*m)->PredictExplained("小区停水", "家里停水三天", 5, &evidence);
  ASSERT_FALSE(evidence.empty());
  for (const auto& e : evidence) EXPECT_TRUE(std::isfinite(e.weight)) << e.term;
  double sum = 0;
  for (const auto& [label, prob] : p.ranked) sum += prob;
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST(ModelFileTest, TheTrainerRefusesWhatTheReaderWould) {
  std::vector<LabeledText> data = {{"停水", "", "供水"}, {"噪音", "", "环保"}};
  auto refused = [&](const TrainOptions& opt) {
    auto m = TrainTextModel(data, opt);
    return !m.ok() && m.status().error_code() == "bad_train_options";
  };
  TrainOptions opt;
  opt.features.title_weight = -1;
  EXPECT_TRUE(refused(opt));
  opt = TrainOptions();
  opt.features.char_max_n = 6;
  EXPECT_TRUE(refused(opt));
  opt = TrainOptions();
  opt.heads = {HeadOptions{4, 1.0, 0.0}};
  EXPECT_TRUE(refused(opt));
  opt.heads = {HeadOptions{4, -1.0, 1.0}};
  EXPECT_TRUE(refused(opt));
  opt = TrainOptions();
  opt.features.min_df = 1;
  EXPECT_FALSE(refused(opt));
}

}  // namespace
}  // namespace minsheng
