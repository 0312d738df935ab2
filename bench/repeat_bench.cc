// Repeat detection (重复件) at intake on a large store: the cost of OrderService::FindRepeats
// (same caller, same place, and the in-memory MinHash index of the wording), the first call
// included (it builds the index from the store), with N orders registered over a year.
//
//   build/bench/repeat_bench [--orders N] [--queries Q] [--data DIR] [--db PATH]
//   build/bench/repeat_bench --index-only N [--queries Q] [--data DIR]
//
// --index-only: the wording index alone (TextKeyIndex), no store: N orders of the corpus's keys
// added, the resident memory it took per order, and Candidates per appeal.
// Orders: the messages of DIR (../shared/data/tipdm2020c: train, dev, hotspot; ~11,500) in a
// cycle, spread evenly over the 365 days before the clock, so each text recurs about every
// 11,500 orders; appeals: Q hotspot messages. Results go to docs/benchmarks.md by hand.
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
#include "core/order_service.h"
#include "core/similar_text.h"
#include "store/sqlite_store.h"

namespace minsheng {
namespace {

using Steady = std::chrono::steady_clock;

struct Text {
  std::string title, body;
};

std::vector<Text> Read(const std::string& path) {
  std::vector<Text> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    Text t;
    if (j.contains("title") && j["title"].is_string()) t.title = j["title"];
    if (j.contains("text") && j["text"].is_string()) t.body = j["text"];
    if (!t.title.empty() || !t.body.empty()) out.push_back(std::move(t));
  }
  return out;
}

void Report(const char* what, std::vector<double> us) {
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double u : us) sum += u;
  std::printf("%-44s p50 %8.1f us   p99 %8.1f us   mean %8.1f us\n", what, us[us.size() / 2],
              us[us.size() * 99 / 100], sum / us.size());
}

// Resident set size in bytes (Linux /proc/self/statm), 0 when unknown.
size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * 4096;
}

int IndexOnly(size_t orders, size_t queries, const std::vector<Text>& corpus,
              const std::vector<Text>& appeals) {
  std::vector<std::vector<int64_t>> keys;
  keys.reserve(corpus.size());
  for (const Text& t : corpus) keys.push_back(AppealTextKeys(t.title, t.body));
  std::vector<std::vector<int64_t>> asked;
  for (size_t i = 0; i < queries; ++i) {
    const Text& a = appeals[(i * 7919) % appeals.size()];
    asked.push_back(AppealTextKeys(a.title, a.body));
  }
  const size_t before = ResidentBytes();
  TextKeyIndex index;
  auto t0 = Steady::now();
  for (size_t i = 0; i < orders; ++i) {
    // Each copy of a text gets keys of its own (as distinct appeals would): the key values are
    // salted per copy, so the index holds `orders` distinct key sets, not the corpus's few.
    std::vector<int64_t> k = keys[i % keys.size()];
    const int64_t salt = static_cast<int64_t>(i / keys.size()) * 0x9E3779B97F4A7C15LL;
    for (int64_t& v : k) v ^= salt;
    index.Add(static_cast<int64_t>(i) + 1, static_cast<int64_t>(i), k);
  }
  const double add_s = std::chrono::duration<double>(Steady::now() - t0).count();
  const size_t after = ResidentBytes();
  std::printf(
      "index of %zu orders: added in %.2f s; resident memory +%.1f MB = %.0f bytes per order\n",
      orders, add_s, (after - before) / 1048576.0,
      static_cast<double>(after - before) / static_cast<double>(orders));
  std::vector<double> times;
  size_t hits = 0;
  for (const auto& k : asked) {
    auto q0 = Steady::now();
    hits += index.Candidates(k, 50).size();
    times.push_back(std::chrono::duration<double, std::micro>(Steady::now() - q0).count());
  }
  Report("TextKeyIndex::Candidates (50)", times);
  std::printf("candidates per appeal %.1f\n",
              static_cast<double>(hits) / static_cast<double>(queries));
  return 0;
}

int Main(int argc, char** argv) {
  size_t orders = 100000, queries = 2000, index_only = 0;
  std::string data = "../shared/data/tipdm2020c", db = "/tmp/minsheng_repeat_bench.db";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--orders")
      orders = std::stoul(argv[i + 1]);
    else if (a == "--queries")
      queries = std::stoul(argv[i + 1]);
    else if (a == "--data")
      data = argv[i + 1];
    else if (a == "--db")
      db = argv[i + 1];
    else if (a == "--index-only")
      index_only = std::stoul(argv[i + 1]);
  }
  std::vector<Text> corpus;
  for (const char* f : {"train.jsonl", "dev.jsonl", "hotspot.jsonl"}) {
    auto part = Read(data + "/" + f);
    corpus.insert(corpus.end(), part.begin(), part.end());
  }
  std::vector<Text> appeals = Read(data + "/hotspot.jsonl");
  if (corpus.empty() || appeals.empty()) {
    std::fprintf(stderr, "找不到数据目录 %s(需要 train/dev/hotspot.jsonl)\n", data.c_str());
    return 2;
  }
  if (index_only > 0) return IndexOnly(index_only, queries, corpus, appeals);
  auto config = LoadZoneConfig("config/default");
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.status().ToString().c_str());
    return 2;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  auto store = SqliteStore::Open({.path = db, .durable = false});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 2;
  }
  const int64_t now = 1764385200000;  // 2025-11-29T11:00:00+08:00
  const int64_t year = 365LL * 86400000;
  FakeClock clock(now);
  OrderService service(*config, **store, clock);
  const Actor admin{"admin", Role::kAdmin, ""};

  auto t0 = Steady::now();
  for (size_t i = 0; i < orders; ++i) {
    const Text& t = corpus[i % corpus.size()];
    NewOrderInput in;
    in.channel = "web";
    in.type = "complaint";
    in.title = t.title.substr(0, 600);
    in.content = t.body;
    in.created_at = now - year + static_cast<int64_t>(i) * (year / static_cast<int64_t>(orders));
    auto r = service.Create(admin, std::move(in));
    if (!r.ok()) {
      std::fprintf(stderr, "第 %zu 条: %s\n", i, r.status().ToString().c_str());
      return 1;
    }
  }
  const double insert_s = std::chrono::duration<double>(Steady::now() - t0).count();
  std::printf("orders %zu inserted in %.1f s (%.0f / s)\n", orders, insert_s, orders / insert_s);

  std::vector<double> whole;
  size_t found = 0, by_text = 0;
  {
    // The first call reads the window's orders into the wording index.
    const Text& a = appeals.front();
    auto q0 = Steady::now();
    auto r = service.FindRepeats(admin, {.title = a.title, .content = a.body}, 5);
    if (!r.ok()) return 1;
    std::printf("first FindRepeats (builds the index of the 30-day window) %.1f ms\n",
                std::chrono::duration<double, std::milli>(Steady::now() - q0).count());
  }
  for (size_t i = 0; i < queries; ++i) {
    const Text& a = appeals[(i * 7919) % appeals.size()];
    auto q0 = Steady::now();
    auto r = service.FindRepeats(admin, {.title = a.title, .content = a.body}, 5);
    whole.push_back(std::chrono::duration<double, std::micro>(Steady::now() - q0).count());
    if (!r.ok()) return 1;
    found += !r->empty();
    for (const auto& c : *r) by_text += c.same_text;
  }
  Report("FindRepeats (caller, place, wording)", whole);
  std::printf("appeals with a candidate %zu of %zu; candidates by wording %zu\n", found, queries,
              by_text);
  store->reset();
  std::error_code ec;
  std::printf("database %.1f MB for %zu orders\n", std::filesystem::file_size(db, ec) / 1048576.0,
              orders);
  return 0;
}

}  // namespace
}  // namespace minsheng

int main(int argc, char** argv) { return minsheng::Main(argc, argv); }
