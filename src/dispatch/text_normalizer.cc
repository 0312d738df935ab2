#include "dispatch/text_normalizer.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>
#include <opencc/SimpleConverter.hpp>

namespace minsheng {

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t len;
  for (size_t i = 0; i < s.size(); i += len) out.push_back(DecodeUtf8At(s, i, &len));
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t cp : s) AppendUtf8(cp, &out);
  return out;
}

char32_t FoldWidth(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp == 0x3000) cp = ' ';
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  return cp;
}

namespace {

constexpr std::string_view kDefaultConfig = "/usr/share/opencc/t2s.json";

inline bool IsSpace(char32_t cp) {
  if (cp > 0x20 && cp < 0xA0) return false;       // printable ASCII
  if (cp >= 0x3400 && cp < 0xA000) return false;  // CJK ideographs
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0xA0 || cp == 0x2028 || cp == 0x2029 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0xFEFF;
}

// Removes the Excel carriage-return artefact "_x000D_" (any case of the letters).
bool MatchesX000D(std::u32string_view s, size_t i) {
  static constexpr char32_t kPat[] = U"_x000d_";
  if (i + 7 > s.size()) return false;
  for (size_t k = 0; k < 7; ++k) {
    char32_t c = s[i + k];
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    if (c != kPat[k]) return false;
  }
  return true;
}

}  // namespace

TextNormalizer::TextNormalizer(const std::string& opencc_config) {
  std::string path = opencc_config.empty() ? std::string(kDefaultConfig) : opencc_config;
  std::ifstream probe(path);
  if (probe.good()) {
    try {
      converter_ = std::make_unique<opencc::SimpleConverter>(path);
    } catch (const std::exception&) {
      converter_.reset();
    }
  }
  traditional_bits_.assign(0x10000 / 64, 0);
  if (converter_ && ReadDictionaries(path)) return;
  traditional_bits_.assign(0x10000 / 64, 0);  // a failed read may have marked some: start again
  phrase_bits_.clear();
  if (converter_) {
    // Mark every CJK code point whose single-character conversion differs; phrases made of
    // simplified-only characters never change, so text without marked characters skips OpenCC.
    std::string buf;
    for (char32_t cp = 0x3400; cp < 0xFFFF; ++cp) {
      if (cp >= 0xD800 && cp < 0xE000) continue;
      if (!(cp < 0x4DC0 || (cp >= 0x4E00 && cp < 0xA000) || (cp >= 0xF900 && cp < 0xFB00))) {
        continue;
      }
      buf.clear();
      AppendUtf8(cp, &buf);
      if (converter_->Convert(buf) != buf) {
        traditional_bits_[cp >> 6] |= uint64_t{1} << (cp & 63);
      }
    }
  }
}

TextNormalizer::~TextNormalizer() = default;

bool TextNormalizer::ReadDictionaries(const std::string& config_path) {
  // The dictionary files named in the configuration ({"type": "ocd2", "file": …} anywhere).
  std::vector<std::string> files;
  try {
    std::ifstream in(config_path);
    const nlohmann::json config = nlohmann::json::parse(in);
    std::vector<const nlohmann::json*> todo{&config};
    while (!todo.empty()) {
      const nlohmann::json* j = todo.back();
      todo.pop_back();
      if (j->is_object()) {
        auto type = j->find("type");
        auto file = j->find("file");
        if (file != j->end() && file->is_string()) {
          if (type == j->end() || !type->is_string() || type->get<std::string>() != "ocd2") {
            return false;  // another dictionary format: not read here
          }
          files.push_back(file->get<std::string>());
        }
        for (const auto& [k, v] : j->items()) todo.push_back(&v);
      } else if (j->is_array()) {
        for (const auto& v : *j) todo.push_back(&v);
      }
    }
  } catch (const std::exception&) {
    return false;
  }
  if (files.empty()) return false;
  phrase_bits_.assign(0x10000 / 64, 0);
  auto mark = [](std::vector<uint64_t>* bits, char32_t cp) {
    if (cp < 0x10000) (*bits)[cp >> 6] |= uint64_t{1} << (cp & 63);
  };
  const std::filesystem::path dir = std::filesystem::path(config_path).parent_path();
  try {
    for (const std::string& f : files) {
      auto dict = opencc::SerializableDict::NewFromFile<opencc::MarisaDict>((dir / f).string());
      const opencc::LexiconPtr lexicon = dict->GetLexicon();
      for (size_t e = 0; e < lexicon->Length(); ++e) {
        const opencc::DictEntry* entry = lexicon->At(e);
        const std::u32string key = DecodeUtf8(entry->Key());
        const std::u32string value = DecodeUtf8(entry->GetDefault());
        if (key.size() >= 2) {
          for (char32_t cp : key) mark(&phrase_bits_, cp);
        }
        if (value == key) continue;
        for (size_t i = 0; i < key.size(); ++i) {
          // Same length: the positions that change; otherwise every character of the key.
          if (value.size() != key.size() || value[i] != key[i]) mark(&traditional_bits_, key[i]);
        }
      }
    }
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

void TextNormalizer::ConvertPieces(std::u32string* s) const {
  if (phrase_bits_.empty()) {
    *s = DecodeUtf8(converter_->Convert(EncodeUtf8(*s)));
    return;
  }
  // Beyond the BMP nothing is known: such characters never cut and always convert.
  auto cuts = [&](char32_t cp) {
    return cp < 0x10000 && !((phrase_bits_[cp >> 6] >> (cp & 63)) & 1) && !MayBeTraditional(cp);
  };
  std::u32string out;
  out.reserve(s->size());
  size_t i = 0;
  const size_t n = s->size();
  while (i < n) {
    if (cuts((*s)[i])) {
      out.push_back((*s)[i++]);
      continue;
    }
    size_t j = i;
    bool marked = false;
    while (j < n && !cuts((*s)[j])) {
      marked = marked || (*s)[j] >= 0x10000 || MayBeTraditional((*s)[j]);
      ++j;
    }
    const std::u32string_view piece(s->data() + i, j - i);
    if (marked) {
      out += DecodeUtf8(converter_->Convert(EncodeUtf8(piece)));
    } else {
      out += piece;
    }
    i = j;
  }
  s->swap(out);
}

const TextNormalizer& TextNormalizer::Default() {
  static const TextNormalizer* instance = new TextNormalizer();
  return *instance;
}

std::string TextNormalizer::Normalize(std::string_view text) const {
  std::u32string in = DecodeUtf8(text);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  bool needs_t2s = false;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '_' && MatchesX000D(in, i)) {
      i += 6;
      pending_space = true;
      continue;
    }
    char32_t cp = FoldWidth(in[i]);
    if (cp == '*' || cp == 0xFFFD || cp == 0x200D || (cp < 0x20 && !IsSpace(cp)) || cp == 0x7F) {
      continue;  // masking artefacts and control characters
    }
    if (IsSpace(cp)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    if (!needs_t2s && MayBeTraditional(cp)) needs_t2s = true;
    AppendUtf8(cp, &out);
  }
  if (needs_t2s && converter_) {
    try {
      std::u32string u = DecodeUtf8(out);
      ConvertPieces(&u);
      return EncodeUtf8(u);
    } catch (const std::exception&) {
      return out;
    }
  }
  return out;
}

void TextNormalizer::NormalizeTo(std::string_view text, size_t max_chars,
                                 std::u32string* out) const {
  out->clear();
  out->reserve(max_chars > 0 ? std::min(max_chars, text.size()) : text.size());
  const size_t limit = max_chars > 0 ? max_chars : static_cast<size_t>(-1);
  bool pending_space = false;
  bool needs_t2s = false;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n && out->size() < limit) {
    if (text[i] == '_' && i + 7 <= n) {
      char32_t buf[7];
      for (size_t k = 0; k < 7; ++k) buf[k] = static_cast<unsigned char>(text[i + k]);
      if (MatchesX000D(std::u32string_view(buf, 7), 0)) {
        i += 7;
        pending_space = true;
        continue;
      }
    }
    size_t len;
    char32_t cp = DecodeUtf8At(text, i, &len);  // malformed bytes → U+FFFD, dropped below
    i += len;
    if (cp < 0x3400 ||
        cp >= 0xA000) {  // CJK ideographs (most of the text): nothing to fold or drop
      cp = FoldWidth(cp);
      if (cp == '*' || cp == 0xFFFD || cp == 0x200D || (cp < 0x20 && !IsSpace(cp)) || cp == 0x7F) {
        continue;
      }
      if (IsSpace(cp)) {
        pending_space = true;
        continue;
      }
    }
    if (pending_space && !out->empty()) {
      out->push_back(' ');
      if (out->size() >= limit) break;
    }
    pending_space = false;
    if (!needs_t2s && MayBeTraditional(cp)) needs_t2s = true;
    out->push_back(cp);
  }
  if (needs_t2s && converter_) {
    try {
      std::u32string converted = *out;
      ConvertPieces(&converted);
      if (converted.size() > limit) converted.resize(limit);
      out->swap(converted);
    } catch (const std::exception&) {
    }
  }
}

}  // namespace minsheng
