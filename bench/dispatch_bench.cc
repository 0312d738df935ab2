// Smart dispatch latency per appeal: the category classifier alone (TextModel::Predict) and the
// whole suggestion (Dispatcher::Suggest: classifier, type/urgency, emergency screen, facts,
// gazetteer, routing, JSON) with the default zone configuration, single thread.
//
//   build/bench/dispatch_bench --model MODEL_DIR [--config DIR] [--data FILE.jsonl] [--rounds N]
//                              [--dump FILE] [--dump-first-days FILE] [--villages N]
//
// Appeals: ../shared/data/tipdm2020c/dev.jsonl (title + text). Every appeal is suggested
// `rounds` times (default 3), interleaved by round, so the figures include cold-cache rows.
// Results go to docs/benchmarks.md by hand. `--dump` writes every suggestion's JSON (first round)
// one per line, to compare two builds' outputs; `--dump-first-days` the same for the suggestions
// without a history model (seed models and keywords). Lines may carry `content` for `text` and an
// `address` (intake probes). `--villages N` also times Gazetteer::Find with the
// zone's regions holding N more synthetic villages (3 groups each), a province-size gazetteer.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/config_loader.h"
#include "dispatch/dispatcher.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

double ThreadCpuUs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

void Report(const char* what, std::vector<double> us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double v : us) sum += v;
  auto at = [&](double q) {
    return us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))];
  };
  std::printf("%-44s n %6zu   p50 %7.1f us   p99 %7.1f us   mean %7.1f us (CPU)\n", what, us.size(),
              at(0.5), at(0.99), sum / static_cast<double>(us.size()));
}

int Main(int argc, char** argv) {
  std::string model_dir, config_dir, data, dump, dump_first_days;
  int rounds = 3;
  int villages = 0;
  const char* src = std::getenv("MINSHENG_SOURCE_DIR");
  const std::filesystem::path base = src ? src : std::filesystem::current_path();
  config_dir = (base / "config" / "default").string();
  data = (base / ".." / "shared" / "data" / "tipdm2020c" / "dev.jsonl").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--model")
      model_dir = argv[i + 1];
    else if (k == "--config")
      config_dir = argv[i + 1];
    else if (k == "--data")
      data = argv[i + 1];
    else if (k == "--villages")
      villages = std::max(0, std::atoi(argv[i + 1]));
    else if (k == "--dump")
      dump = argv[i + 1];
    else if (k == "--dump-first-days")
      dump_first_days = argv[i + 1];
    else if (k == "--rounds")
      rounds = std::max(1, std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr, "未知参数 %s\n", argv[i]);
      return 2;
    }
  }
  if (model_dir.empty()) {
    std::fprintf(
        stderr,
        "用法: dispatch_bench --model 模型目录 [--config 配置目录] [--data JSONL] [--rounds N]\n");
    return 2;
  }
  auto zone = LoadZoneConfig(config_dir);
  if (!zone.ok()) {
    std::fprintf(stderr, "错误: %s\n", zone.status().ToString().c_str());
    return 1;
  }
  auto model = TextModel::Load(model_dir);
  if (!model.ok()) {
    std::fprintf(stderr, "错误: %s\n", model.status().ToString().c_str());
    return 1;
  }
  std::vector<SuggestRequest> appeals;
  std::ifstream in(data);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    SuggestRequest r;
    if (j.contains("title") && j["title"].is_string()) r.title = j["title"];
    if (j.contains("text") && j["text"].is_string()) r.content = j["text"];
    if (j.contains("content") && j["content"].is_string()) r.content = j["content"];
    if (j.contains("address") && j["address"].is_string()) r.address = j["address"];
    if (!r.title.empty() || !r.content.empty()) appeals.push_back(std::move(r));
  }
  if (appeals.empty()) {
    std::fprintf(stderr, "错误: 没有可用的诉求数据 %s\n", data.c_str());
    return 1;
  }
  Dispatcher dispatcher(*zone, *model);
  const TextModel& m = **model;
  (void)dispatcher.Suggest(appeals[0]);  // warm-up: OpenCC, ICU
  Gazetteer gazetteer(*zone);
  const TextNormalizer& norm = TextNormalizer::Default();
  std::vector<double> predict_us, suggest_us, facts_us, gazetteer_us, resolve_us, rules_us;
  size_t json_bytes = 0, suggest_bytes = 0;
  std::ofstream dump_out;
  if (!dump.empty()) dump_out.open(dump);
  for (int round = 0; round < rounds; ++round) {
    for (const SuggestRequest& r : appeals) {
      double t0 = ThreadCpuUs();
      Prediction p = m.Predict(r.title, r.content);
      double t1 = ThreadCpuUs();
      auto s = dispatcher.Suggest(r);
      double t2 = ThreadCpuUs();
      predict_us.push_back(t1 - t0);
      suggest_us.push_back(t2 - t1);
      // The parts of Suggest besides the classifier.
      double t3 = ThreadCpuUs();
      auto f1 = ExtractFacts(r.title, "title");
      auto f2 = ExtractFacts(r.content, "content");
      double t4 = ThreadCpuUs();
      RegionMatch region = gazetteer.Find(r.title, r.content, r.address);
      double t5 = ThreadCpuUs();
      const std::string ntitle = norm.Normalize(r.title);
      const std::string all = ntitle + " " + norm.Normalize(r.content);
      std::string code =
          dispatcher.ResolveCategory(p.ranked.empty() ? "" : p.ranked[0].first, ntitle, all);
      double t6 = ThreadCpuUs();
      const std::string nt = norm.Normalize(r.title), nc = norm.Normalize(r.content);
      const WordingScan wording = ScanWording(nt, nc);
      auto type = DecideOrderType(GuessOrderType(wording), r.title, r.content, nullptr, *zone);
      auto urgency = DecideUrgency(GuessUrgency(wording), r.title, r.content, nullptr, *zone);
      auto emergency = ScreenEmergency(wording);
      double t7 = ThreadCpuUs();
      facts_us.push_back(t4 - t3);
      gazetteer_us.push_back(t5 - t4);
      resolve_us.push_back(t6 - t5);
      rules_us.push_back(t7 - t6);
      json_bytes += f1.size() + f2.size() + region.found + code.size() + type.type.size() +
                    urgency.urgency.size() + emergency.flag;  // keep the results alive
      if (s.ok()) suggest_bytes += s->json.size();
      if (round == 0 && dump_out.is_open()) dump_out << (s.ok() ? s->json : "error") << '\n';
    }
  }
  std::printf("%zu appeals x %d rounds, model %s, config %s\n", appeals.size(), rounds,
              m.version().c_str(), config_dir.c_str());
  Report("TextModel::Predict (category classifier)", predict_us);
  Report("Dispatcher::Suggest (whole suggestion)", suggest_us);
  Report("  ExtractFacts (title + content)", facts_us);
  Report("  Gazetteer::Find", gazetteer_us);
  Report("  ResolveCategory (incl. normalising)", resolve_us);
  Report("  type + urgency + emergency rules (incl. norm.)", rules_us);
  std::printf("mean suggestion JSON: %zu bytes (checksum %zu)\n", suggest_bytes / suggest_us.size(),
              json_bytes);
  {
    // A centre's first days: no model from its history; the zone's seed appeals (category and
    // order type) and keywords decide.
    Dispatcher first_days(*zone, nullptr);
    (void)first_days.Suggest(appeals[0]);
    std::vector<double> us;
    size_t bytes = 0;
    std::ofstream first_days_out;
    if (!dump_first_days.empty()) first_days_out.open(dump_first_days);
    for (int round = 0; round < rounds; ++round) {
      for (const SuggestRequest& r : appeals) {
        double t0 = ThreadCpuUs();
        auto s = first_days.Suggest(r);
        us.push_back(ThreadCpuUs() - t0);
        if (s.ok()) bytes += s->json.size();
        if (round == 0 && first_days_out.is_open())
          first_days_out << (s.ok() ? s->json : "error") << '\n';
      }
    }
    Report(first_days.seed_category_model() != nullptr
               ? "Dispatcher::Suggest without a history model (seed models + keywords)"
               : "Dispatcher::Suggest without a history model (keywords)",
           us);
    std::printf("  (checksum %zu)\n", bytes);
  }
  if (villages > 0 && !zone->regions.empty()) {
    // Synthetic village names from a pool of common place-name characters, spread over the
    // zone's regions; one real appeal in 20 mentions one of them.
    const std::u32string pool =
        U"王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
        U"贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕"
        U"钱汤尹黎易常武乔贺赖龚文东西南北上下前后新老大小";
    ZoneConfig big = *zone;
    uint64_t state = 42;
    auto next = [&](uint64_t n) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<size_t>((state >> 33) % n);
    };
    std::vector<std::string> names;
    for (int v = 0; v < villages; ++v) {
      std::u32string name;
      for (size_t c = 0, n = 2 + next(2); c < n; ++c) name.push_back(pool[next(pool.size())]);
      name += v % 5 == 0 ? U"社区" : U"村";
      Village village{.name = EncodeUtf8(name), .groups = {"1组", "2组", "3组"}};
      names.push_back(village.name);
      big.regions[static_cast<size_t>(v) % big.regions.size()].villages.push_back(village);
    }
    Gazetteer province(big);
    std::vector<double> find_us;
    size_t found = 0;
    for (size_t a = 0; a < appeals.size(); ++a) {
      const SuggestRequest& r = appeals[a];
      const std::string content =
          a % 20 == 0 ? r.content + names[a % names.size()] + "2组" : r.content;
      double t0 = ThreadCpuUs();
      RegionMatch m = province.Find(r.title, content, r.address);
      double t1 = ThreadCpuUs();
      find_us.push_back(t1 - t0);
      found += m.found;
    }
    std::printf(
        "province gazetteer: %d synthetic villages, %zu entries, %zu of %zu appeals matched\n",
        villages, province.size(), found, appeals.size());
    Report("  Gazetteer::Find (province size)", find_us);
  }
  return 0;
}

}  // namespace
}  // namespace minsheng

int main(int argc, char** argv) { return minsheng::Main(argc, argv); }
