// A main() for the fuzz targets when libFuzzer is not used (the default gcc build, `make test`):
// runs LLVMFuzzerTestOneInput over every file of the corpus directories given, then over
// deterministic mutations of them (byte flips, cuts, inserted fragments that matter to a Chinese
// text pipeline: broken UTF-8, full-width and traditional characters, masking artefacts,
// separators). A crash or a failed FUZZ_CHECK aborts the test; the input that did it is written
// to stderr as hex.
//
//   suggest_fuzz_replay [--mutations N] DIR...
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

const std::string* current = nullptr;

void DumpCurrent(int) {
  if (current != nullptr) {
    std::fprintf(stderr, "input (%zu bytes, hex):", current->size());
    for (unsigned char c : *current) std::fprintf(stderr, " %02x", c);
    std::fprintf(stderr, "\n");
  }
  std::_Exit(1);
}

struct Rng {
  uint64_t s;
  uint64_t Next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  size_t Below(size_t n) { return n == 0 ? 0 : Next() % n; }
};

const char* const kFragments[] = {
    "\xE4\xB8",  // a truncated three-byte sequence
    "\xFF",
    "\xC0\xAF",          // never valid; overlong '/'
    "\xED\xA0\x80",      // a UTF-16 surrogate
    "\xF4\x90\x80\x80",  // beyond U+10FFFF
    "\x1F",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\xE3\x80\x80",  // separators, ideographic space
    "_x000D_",
    "_X000D_",
    "*",
    "**",
    "\xE2\x80\x8D",                          // masking artefacts, ZWJ
    "\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98",  // full-width 138
    "13812345678",
    "138****5678",
    "029-12345678",
    "2026年3月5日",
    "3000元",
    "2.5万元",
    "王某某",
    "李经理",
    "我叫张伟",
    "有限公司",
    "小区",
    "王贺村2组",
    "崇业路",
    "街道",
    "燃气泄漏",
    "起火",
    "电梯困人",
    "打架",
    "隐患",
    "如果",
    "没有发生",
    "停水",
    "投诉",
    "咨询",
    "感谢",
    "謝謝",
    "臺灣",
    "\xF0\x9F\x98\x80",  // traditional; an emoji
    "{",
    "}",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "1e999",
    "-1",
    "0.5",
    "\"label\":",
    "\"title\":",
    "\"text\":",
    "\"weight\":",
};

std::string Mutate(const std::string& seed, Rng* rng) {
  std::string s = seed;
  const int steps = 1 + static_cast<int>(rng->Below(4));
  for (int k = 0; k < steps; ++k) {
    const size_t at = rng->Below(s.size() + 1);
    switch (rng->Below(6)) {
      case 0:
        if (!s.empty()) s[rng->Below(s.size())] ^= static_cast<char>(1 << rng->Below(8));
        break;
      case 1:
        s.insert(at, 1, static_cast<char>(rng->Below(256)));
        break;
      case 2:
        s.erase(at, rng->Below(8) + 1);
        break;
      case 3:
        s.resize(rng->Below(s.size() + 1));
        break;
      case 4:
        s.insert(at, kFragments[rng->Below(std::size(kFragments))]);
        break;
      default:
        if (!s.empty()) {
          const size_t from = rng->Below(s.size());
          s.insert(at, s.substr(from, rng->Below(24) + 1));
        }
        break;
    }
  }
  return s;
}

void Run(const std::string& input) {
  current = &input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  current = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGABRT, DumpCurrent);
  std::signal(SIGSEGV, DumpCurrent);
  size_t mutations = 200;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mutations") == 0 && i + 1 < argc) {
      mutations = std::strtoul(argv[++i], nullptr, 10);
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(argv[i])) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  if (seeds.empty()) {
    std::fprintf(stderr, "no corpus files given\n");
    return 2;
  }
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  size_t runs = 0;
  Rng rng{0x9E3779B97F4A7C15ULL};
  for (const std::string& seed : seeds) {
    Run(seed);
    ++runs;
    for (size_t m = 0; m < mutations; ++m, ++runs) Run(Mutate(seed, &rng));
  }
  Run(std::string());
  std::printf("%zu seeds, %zu inputs run, no failure\n", seeds.size(), runs + 1);
  return 0;
}
