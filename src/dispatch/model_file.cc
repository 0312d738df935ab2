// Category model files: `TextModel::Save`, `Load` and `FromBytes` — manifest.json (settings,
// labels, heads, training statistics, the checksum of model.bin) and model.bin (feature keys,
// idf, the int8 rows, biases, the nearest messages' postings, the lexicon). Formats 1 to 4 are
// read (see kModelFormatVersion); every count and value of a file is checked before it is used,
// so a damaged file is refused with model_invalid (model_file_test.cc, fuzz/model_fuzz.cc).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "dispatch/classifier.h"
#include "dispatch/classifier_internal.h"

namespace minsheng {
namespace {

using classifier_internal::Fnv64;
using nlohmann::json;
constexpr char kMagic[8] = {'M', 'S', 'D', 'M', 'B', 'I', 'N', '1'};

json FeaturesToJson(const FeatureConfig& f) {
  return json{{"char_min_n", f.char_min_n},
              {"char_max_n", f.char_max_n},
              {"title_max_n", f.title_max_n},
              {"title_block", f.title_block},
              {"words", f.words},
              {"title_weight", f.title_weight},
              {"doc_weight", f.doc_weight},
              {"word_weight", f.word_weight},
              {"sublinear_tf", f.sublinear_tf},
              {"min_df", f.min_df},
              {"lexicon", f.lexicon},
              {"title_words", f.title_words},
              {"max_body_chars", f.max_body_chars},
              {"word_max_chars", f.word_max_chars}};
}

// An integer setting of the manifest, or `fallback` when absent. A number that is not an
// integer in int's range is refused (std::invalid_argument, caught as a damaged manifest):
// nlohmann converts a float such as 1e54 to int with undefined behaviour (found by the fuzzer).
int IntValue(const json& j, const char* key, int fallback) {
  const auto it = j.find(key);
  if (it == j.end()) return fallback;
  const bool in_range =
      (it->is_number_unsigned() &&
       it->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int>::max())) ||
      (it->is_number_integer() && !it->is_number_unsigned() &&
       it->get<int64_t>() >= std::numeric_limits<int>::min() &&
       it->get<int64_t>() <= std::numeric_limits<int>::max());
  if (!in_range) throw std::invalid_argument(std::string(key) + " is not an integer");
  return static_cast<int>(it->get<int64_t>());
}

FeatureConfig FeaturesFromJson(const json& j) {
  FeatureConfig f;
  f.char_min_n = IntValue(j, "char_min_n", f.char_min_n);
  f.char_max_n = IntValue(j, "char_max_n", 3);  // absent only in pre-release manifests
  f.title_max_n = IntValue(j, "title_max_n", 0);
  f.title_block = j.value("title_block", f.title_block);
  f.words = j.value("words", f.words);
  f.title_weight = j.value("title_weight", f.title_weight);
  f.doc_weight = j.value("doc_weight", f.doc_weight);
  f.word_weight = j.value("word_weight", f.word_weight);
  f.sublinear_tf = j.value("sublinear_tf", f.sublinear_tf);
  f.min_df = IntValue(j, "min_df", f.min_df);
  f.lexicon = j.value("lexicon", f.lexicon);
  f.title_words = j.value("title_words", f.title_words);
  f.max_body_chars = IntValue(j, "max_body_chars", f.max_body_chars);
  f.word_max_chars = IntValue(j, "word_max_chars", f.word_max_chars);
  return f;
}

template <typename T>
void WriteVec(std::string* out, const std::vector<T>& v) {
  out->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <typename T>
bool ReadVec(std::string_view in, size_t* pos, size_t n, std::vector<T>* v) {
  if (*pos > in.size() || n > (in.size() - *pos) / sizeof(T)) return false;
  v->resize(n);
  if (n == 0) return true;  // memcpy must not get the null data() of an empty vector
  std::memcpy(v->data(), in.data() + *pos, n * sizeof(T));
  *pos += n * sizeof(T);
  return true;
}

// Format 4's rows: a bitmap of ceil(nw / 8) bytes per feature (bit k: weight k is not 0), then
// the non-zero weights in feature order; expanded into `rows` (nf × nw). Returns why the bytes
// are refused, or nullptr. Only what Save writes is read: no bits beyond nw, no listed 0.
const char* ReadSparseRows(std::string_view in, size_t* pos, uint64_t nf, size_t nw,
                           std::vector<int8_t>* rows) {
  const size_t mask_bytes = (nw + 7) / 8;
  std::vector<uint8_t> masks;
  if (nf > SIZE_MAX / mask_bytes || !ReadVec(in, pos, nf * mask_bytes, &masks)) {
    return "truncated";
  }
  const uint8_t last_mask = nw % 8 == 0 ? 0xff : static_cast<uint8_t>((1u << (nw % 8)) - 1);
  size_t nonzero = 0;
  for (size_t f = 0; f < nf; ++f) {
    const uint8_t* m = masks.data() + f * mask_bytes;
    if ((m[mask_bytes - 1] & ~last_mask) != 0) return "weight bitmap beyond the classes";
    for (size_t b = 0; b < mask_bytes; ++b) nonzero += static_cast<size_t>(std::popcount(m[b]));
  }
  std::vector<int8_t> values;
  if (!ReadVec(in, pos, nonzero, &values)) return "truncated";
  rows->assign(nf * nw, 0);
  size_t next = 0;
  for (size_t f = 0; f < nf; ++f) {
    const uint8_t* m = masks.data() + f * mask_bytes;
    for (size_t k = 0; k < nw; ++k) {
      if ((m[k / 8] >> (k % 8) & 1) == 0) continue;
      if (values[next] == 0) return "a listed weight is 0";
      (*rows)[f * nw + k] = values[next++];
    }
  }
  return nullptr;
}

Status WriteFileAtomic(const std::filesystem::path& path, const std::string& data) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status(StatusCode::kInternal, "model_write_failed", "无法写入模型文件", tmp.string());
    }
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      return Status(StatusCode::kInternal, "model_write_failed", "无法写入模型文件", tmp.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return Status(StatusCode::kInternal, "model_write_failed", "无法写入模型文件", ec.message());
  }
  return Status::Ok();
}

}  // namespace

Status TextModel::Save(const std::string& dir) const {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status(StatusCode::kInternal, "model_write_failed", "无法创建模型目录", ec.message());
  }
  std::string bin(kMagic, sizeof(kMagic));
  uint64_t nf = keys_.size();
  uint32_t nc = static_cast<uint32_t>(labels_.size());
  uint32_t nh = static_cast<uint32_t>(heads_.size());
  bin.append(reinterpret_cast<const char*>(&nf), sizeof(nf));
  bin.append(reinterpret_cast<const char*>(&nc), sizeof(nc));
  bin.append(reinterpret_cast<const char*>(&nh), sizeof(nh));
  WriteVec(&bin, keys_);
  WriteVec(&bin, idf_);
  // Format 2: the table's rows, a feature's power-of-two exponent and its int8 weights (head 0's
  // classes, then head 1's …): a quarter of the float weights of format 1. Format 4 writes the
  // rows sparsely: a bitmap per feature of its non-zero weights, then those weights in feature
  // order. A zone's ~100 categories leave 3 of 4 weights of a row at 0 (a feature seen in a few
  // messages moves only their classes): 41 → 15 MB of rows for the 103-category model.
  const size_t nw = static_cast<size_t>(nc) * nh;
  const size_t mask_bytes = (nw + 7) / 8;
  std::vector<int8_t> exponents(nf), weights;
  std::vector<uint8_t> masks(nf * mask_bytes, 0);
  for (size_t f = 0; f < nf; ++f) {
    const uint64_t pos = static_cast<uint64_t>(FindSlot(keys_[f]));
    exponents[f] = static_cast<int8_t>(Row(pos)[6]);
    const int8_t* w = reinterpret_cast<const int8_t*>(RowWeights(pos));
    for (size_t k = 0; k < nw; ++k) {
      if (w[k] == 0) continue;
      masks[f * mask_bytes + k / 8] |= static_cast<uint8_t>(1u << (k % 8));
      weights.push_back(w[k]);
    }
  }
  WriteVec(&bin, exponents);
  WriteVec(&bin, masks);
  WriteVec(&bin, weights);
  for (const Head& h : heads_) WriteVec(&bin, h.bias);
  // Format 3: the nearest-messages section, its settings, then the index by feature order.
  const uint32_t knn_k = knn_k_;
  const float knn_share = knn_share_, knn_gate = knn_gate_;
  bin.append(reinterpret_cast<const char*>(&knn_k), sizeof(knn_k));
  bin.append(reinterpret_cast<const char*>(&knn_share), sizeof(knn_share));
  bin.append(reinterpret_cast<const char*>(&knn_gate), sizeof(knn_gate));
  knn_.AppendTo(RowOfFeatures(), &bin);
  uint64_t nlex = lexicon_.hashes().size();
  bin.append(reinterpret_cast<const char*>(&nlex), sizeof(nlex));
  WriteVec(&bin, lexicon_.hashes());
  if (lexicon_.has_prefixes()) {  // optional section (older builds stop reading before it)
    uint64_t npre = lexicon_.prefixes().size();
    bin.append(reinterpret_cast<const char*>(&npre), sizeof(npre));
    WriteVec(&bin, lexicon_.prefixes());
  }
  json manifest = json::parse(manifest_json_);
  manifest["format_version"] = kModelFormatVersion;
  manifest["model_version"] = version_;
  manifest["labels"] = labels_;
  manifest["features"] = FeaturesToJson(features_);
  json heads = json::array();
  for (const Head& h : heads_) {
    heads.push_back(json{{"solver", h.options.solver},
                         {"c", h.options.c},
                         {"weight", h.options.weight},
                         {"temperature", h.temperature}});
  }
  manifest["heads"] = heads;
  manifest["model_file"] = "model.bin";
  manifest["model_bytes"] = bin.size();
  char hash[17];
  std::snprintf(hash, sizeof(hash), "%016llx", static_cast<unsigned long long>(Fnv64(bin)));
  manifest["model_fnv64"] = hash;
  std::filesystem::path p(dir);
  if (Status s = WriteFileAtomic(p / "model.bin", bin); !s.ok()) return s;
  return WriteFileAtomic(p / "manifest.json", manifest.dump(2) + "\n");
}

namespace {

// Trained weights, biases and idf values are far below this; larger ones (or non-finite ones)
// only come from a damaged file and would overflow the scores to infinity.
constexpr double kMaxModelValue = 1e6;

template <typename T>
bool AllInRange(const std::vector<T>& v) {
  return std::all_of(v.begin(), v.end(), [](T x) { return std::fabs(x) <= kMaxModelValue; });
}

}  // namespace

Result<std::shared_ptr<const TextModel>> TextModel::Load(const std::string& dir) {
  std::filesystem::path p(dir);
  std::ifstream mf(p / "manifest.json", std::ios::binary);
  if (!mf) {
    return Status(StatusCode::kNotFound, "model_not_found", "找不到模型目录或清单文件", dir);
  }
  const std::string manifest((std::istreambuf_iterator<char>(mf)),
                             std::istreambuf_iterator<char>());
  std::string model_file = "model.bin";
  try {
    model_file = json::parse(manifest).value("model_file", model_file);
  } catch (const std::exception&) {
    // FromBytes reports the manifest's error.
  }
  if (model_file.empty() || model_file.find('/') != std::string::npos || model_file == "..") {
    model_file = "model.bin";  // the binary lives beside its manifest
  }
  std::ifstream bf(p / model_file, std::ios::binary);
  if (!bf) {
    return Status(StatusCode::kInvalidArgument, "model_invalid", "模型文件无效或不完整",
                  dir + ": model.bin missing");
  }
  const std::string bin((std::istreambuf_iterator<char>(bf)), std::istreambuf_iterator<char>());
  return FromBytes(manifest, bin, dir);
}

Result<std::shared_ptr<const TextModel>> TextModel::FromBytes(std::string_view manifest_text,
                                                              std::string_view bin,
                                                              const std::string& origin) {
  auto bad = [&](const std::string& detail) {
    return Status(StatusCode::kInvalidArgument, "model_invalid", "模型文件无效或不完整",
                  origin + ": " + detail);
  };
  json manifest;
  try {
    manifest = json::parse(manifest_text);
  } catch (const std::exception& e) {
    return bad(std::string("manifest: ") + e.what());
  }
  auto model = std::make_shared<TextModel>();
  int format = 0;
  std::vector<int8_t> exponents, rows;  // format 2: the table's rows
  try {
    if (!manifest.is_object()) return bad("manifest is not an object");
    format = IntValue(manifest, "format_version", 0);
    // Formats 1 (float weights), 2 (no nearest messages) and 3 (dense int8 rows), written until
    // 2026-12-05, are still read.
    if (format < 1 || format > kModelFormatVersion) return bad("unsupported format_version");
    model->labels_ = manifest.at("labels").get<std::vector<std::string>>();
    model->features_ = FeaturesFromJson(manifest.at("features"));
    model->version_ = manifest.value("model_version", "");
    for (const auto& h : manifest.at("heads")) {
      Head head;
      head.options.solver = IntValue(h, "solver", 1);
      head.options.c = h.value("c", 1.0);
      head.options.weight = h.value("weight", 1.0);
      head.temperature = h.value("temperature", 1.0);
      if (!(head.options.weight >= 0 && head.options.weight <= kMaxModelValue) ||
          !(head.temperature >= 1 / kMaxModelValue && head.temperature <= kMaxModelValue)) {
        return bad("head weight or temperature out of range");
      }
      model->heads_.push_back(std::move(head));
    }
    if (manifest.contains("model_fnv64")) {
      char hash[17];
      std::snprintf(hash, sizeof(hash), "%016llx", static_cast<unsigned long long>(Fnv64(bin)));
      if (manifest["model_fnv64"] != hash) return bad("model.bin does not match manifest");
    }
  } catch (const std::exception& e) {
    return bad(std::string("manifest: ") + e.what());
  }
  if (!model->features_.Valid()) return bad("feature settings out of range");
  std::vector<std::string> sorted = model->labels_;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end() ||
      (!sorted.empty() && sorted.front().empty())) {
    return bad("labels empty or repeated");
  }
  if (model->heads_.empty() || model->heads_.size() > 16) return bad("1 to 16 heads");
  if (!std::any_of(model->heads_.begin(), model->heads_.end(),
                   [](const Head& h) { return h.options.weight > 0; })) {
    return bad("no head has a positive weight");  // the probabilities would all be 0
  }
  if (bin.size() < sizeof(kMagic) + 16 || std::memcmp(bin.data(), kMagic, sizeof(kMagic)) != 0) {
    return bad("bad magic");
  }
  size_t pos = sizeof(kMagic);
  uint64_t nf;
  uint32_t nc, nh;
  std::memcpy(&nf, bin.data() + pos, 8);
  std::memcpy(&nc, bin.data() + pos + 8, 4);
  std::memcpy(&nh, bin.data() + pos + 12, 4);
  pos += 16;
  if (nc != model->labels_.size() || nh != model->heads_.size() || nc < 2) {
    return bad("header does not match manifest");
  }
  // Every feature needs at least its key, idf and its weights (format 1: a float per class and
  // head; formats 2 and 3: an exponent and an int8 per class and head; format 4: an exponent and
  // a bitmap of the non-zero weights): a count the file cannot hold is refused before anything
  // is allocated or multiplied.
  const size_t per_feature = format == 1 ? sizeof(uint64_t) + sizeof(float) * (1 + size_t{nc} * nh)
                             : format <= 3
                                 ? sizeof(uint64_t) + sizeof(float) + 1 + size_t{nc} * nh
                                 : sizeof(uint64_t) + sizeof(float) + 1 + (size_t{nc} * nh + 7) / 8;
  if (nf > bin.size() / per_feature) return bad("truncated");
  if (!ReadVec(bin, &pos, nf, &model->keys_) || !ReadVec(bin, &pos, nf, &model->idf_)) {
    return bad("truncated");
  }
  if (!std::all_of(model->idf_.begin(), model->idf_.end(),
                   [](float v) { return v >= 0 && v <= kMaxModelValue; })) {
    return bad("idf out of range");
  }
  if (format == 1) {
    for (Head& h : model->heads_) {
      if (!ReadVec(bin, &pos, nf * nc, &h.weights) || !ReadVec(bin, &pos, nc, &h.bias)) {
        return bad("truncated");
      }
      if (!AllInRange(h.weights) || !AllInRange(h.bias)) return bad("weight out of range");
    }
  } else {
    const size_t nw = size_t{nc} * nh;
    if (!ReadVec(bin, &pos, nf, &exponents)) return bad("truncated");
    if (format <= 3) {
      if (!ReadVec(bin, &pos, nf * nw, &rows)) return bad("truncated");
    } else if (const char* why = ReadSparseRows(bin, &pos, nf, nw, &rows)) {
      return bad(why);
    }
    // The exponents Finalize writes (|w| ≤ 127 · 2^e stays far below kMaxModelValue for e ≤ 12)
    // and its weights, -127 … 127.
    for (int8_t e : exponents) {
      if (e < -126 || e > 12) return bad("weight out of range");
    }
    for (int8_t q : rows) {
      if (q == -128) return bad("weight out of range");
    }
    for (Head& h : model->heads_) {
      if (!ReadVec(bin, &pos, nc, &h.bias)) return bad("truncated");
      if (!AllInRange(h.bias)) return bad("weight out of range");
    }
  }
  if (format >= 3) {
    uint32_t knn_k;
    float knn_share, knn_gate;
    if (pos + 12 > bin.size()) return bad("truncated");
    std::memcpy(&knn_k, bin.data() + pos, 4);
    std::memcpy(&knn_share, bin.data() + pos + 4, 4);
    std::memcpy(&knn_gate, bin.data() + pos + 8, 4);
    pos += 12;
    if (knn_k < 1 || knn_k > 1000 || !(knn_share >= 0 && knn_share <= 1) ||
        !(knn_gate >= 0 && knn_gate <= static_cast<float>(kMaxNeighbourGate))) {
      return bad("neighbour settings out of range");
    }
    model->knn_k_ = knn_k;
    model->knn_share_ = knn_share;
    model->knn_gate_ = knn_gate;
    if (!KnnIndex::ReadFrom(bin, &pos, nf, nc, &model->knn_)) return bad("neighbours truncated");
  }
  uint64_t nlex = 0;
  if (pos + 8 > bin.size()) return bad("truncated");
  std::memcpy(&nlex, bin.data() + pos, 8);
  pos += 8;
  std::vector<uint64_t> lex;
  if (!ReadVec(bin, &pos, nlex, &lex)) return bad("truncated");
  std::vector<uint64_t> prefixes;
  const bool has_prefixes = pos + 8 <= bin.size();
  if (has_prefixes) {
    uint64_t npre = 0;
    std::memcpy(&npre, bin.data() + pos, 8);
    pos += 8;
    if (!ReadVec(bin, &pos, npre, &prefixes)) return bad("truncated");
  }
  if (pos != bin.size()) return bad("trailing bytes");
  model->lexicon_ = WordLexicon(std::move(lex), std::move(prefixes), has_prefixes);
  if (format == 1) {
    model->Finalize();
  } else {
    // The rows as saved: no float weights in between (a 100-class model of 400 k features
    // would need 160 MB of them).
    model->AllocateTable();
    const size_t nw = size_t{nc} * nh;
    for (size_t f = 0; f < nf; ++f) {
      uint8_t* row = model->PlaceRow(f);
      row[6] = static_cast<uint8_t>(exponents[f]);
      std::memcpy(row + kRowHeader, rows.data() + f * nw, nw);
    }
    model->KeyNeighboursByRow();
  }
  model->manifest_json_ = manifest.dump();
  return std::shared_ptr<const TextModel>(std::move(model));
}

}  // namespace minsheng
