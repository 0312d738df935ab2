// Knowledge-base search latency: the in-memory bigram index (what ships) against SQLite FTS5
// with a pre-tokenised bigram column (the alternative), on the same items and queries.
//
//   build-kb/bench/kb_bench [--data DIR] [--items N]
//
// Items: the government replies of ../shared/data/tipdm2020c/replies.jsonl (title + reply,
// 2,816 rows; repeated with a suffix up to --items), appeals: dev.jsonl (title + text). Without
// the data a deterministic synthetic corpus is used. Results go to docs/benchmarks.md by hand.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "app/config_loader.h"
#include "core/knowledge/knowledge_index.h"
#include "core/knowledge/knowledge_service.h"
#include "store/sqlite_knowledge.h"

namespace minsheng {
namespace {

using Clock = std::chrono::steady_clock;

struct Doc {
  std::string title, body;
};

std::vector<Doc> ReadJsonl(const std::string& path, const char* title_key, const char* body_key) {
  std::vector<Doc> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    Doc d;
    if (j.contains(title_key) && j[title_key].is_string()) d.title = j[title_key];
    if (j.contains(body_key) && j[body_key].is_string()) d.body = j[body_key];
    if (!d.title.empty()) out.push_back(std::move(d));
  }
  return out;
}

std::vector<Doc> Synthetic(size_t n, uint32_t seed) {
  const std::vector<std::string> words = {
      "停水", "停电", "物业", "小区", "噪音", "扰民", "医保", "报销", "学校",
      "招生", "公交", "线路", "燃气", "开户", "供暖", "收费", "垃圾", "清运",
      "路灯", "维修", "工资", "拖欠", "社保", "缴费", "占道", "经营", "违建",
      "拆除", "污水", "排放", "户籍", "办理", "租房", "补贴", "养老", "保险"};
  std::mt19937 rng(seed);
  std::vector<Doc> out(n);
  for (auto& d : out) {
    for (int i = 0; i < 4; ++i) d.title += words[rng() % words.size()];
    for (int i = 0; i < 80; ++i) d.body += words[rng() % words.size()] + (i % 7 == 6 ? "。" : "");
  }
  return out;
}

struct Stats {
  double p50_us = 0, p99_us = 0, mean_us = 0;
};

Stats Measure(size_t rounds, const std::function<void(size_t)>& fn) {
  std::vector<double> us;
  us.reserve(rounds);
  for (size_t i = 0; i < rounds; ++i) {
    const auto t0 = Clock::now();
    fn(i);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  Stats s;
  s.p50_us = us[us.size() / 2];
  s.p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  double sum = 0;
  for (double v : us) sum += v;
  s.mean_us = sum / static_cast<double>(us.size());
  return s;
}

void Print(const char* what, const Stats& s) {
  std::printf("%-46s p50 %8.1f us   p99 %8.1f us   mean %8.1f us\n", what, s.p50_us, s.p99_us,
              s.mean_us);
}

// The unigrams and bigrams of `text` as space-separated tokens (FTS5 unicode61 column).
std::string BigramText(const std::string& text) {
  const std::u32string n = NormalizeForSearch(text);
  std::string out;
  auto utf8 = [](char32_t c, std::string* s) {
    if (c < 0x80) {
      s->push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      s->push_back(static_cast<char>(0xC0 | (c >> 6)));
      s->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      s->push_back(static_cast<char>(0xE0 | (c >> 12)));
      s->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      s->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      s->push_back(static_cast<char>(0xF0 | (c >> 18)));
      s->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      s->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      s->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  };
  auto word = [](char32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x4E00;  // rough, bench only
  };
  for (size_t i = 0; i < n.size(); ++i) {
    if (!word(n[i])) continue;
    utf8(n[i], &out);
    out.push_back(' ');
    if (i + 1 < n.size() && word(n[i + 1])) {
      utf8(n[i], &out);
      utf8(n[i + 1], &out);
      out.push_back(' ');
    }
  }
  return out;
}

// An FTS5 MATCH expression: the query's bigrams (or unigram) OR-ed, each quoted.
std::string FtsQuery(const std::string& text, size_t max_chars) {
  std::string tokens = BigramText(text.substr(0, std::min(text.size(), max_chars * 3)));
  std::string out;
  size_t i = 0;
  int count = 0;
  while (i < tokens.size() && count < 400) {
    size_t j = tokens.find(' ', i);
    if (j == std::string::npos) j = tokens.size();
    std::string t = tokens.substr(i, j - i);
    // Queries use bigrams only (unigram hits add noise), like QueryTerms.
    if (t.size() > 3) {
      if (!out.empty()) out += " OR ";
      out += "\"" + t + "\"";
      ++count;
    }
    i = j + 1;
  }
  return out;
}

int Main(int argc, char** argv) {
  std::string data;
  size_t want_items = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--data") data = argv[i + 1];
    if (a == "--items") want_items = std::strtoul(argv[i + 1], nullptr, 10);
  }
  if (data.empty()) {
    const char* src = std::getenv("MINSHENG_SOURCE_DIR");
    data = std::string(src ? src : ".") + "/../shared/data/tipdm2020c";
  }
  std::vector<Doc> items = ReadJsonl(data + "/replies.jsonl", "title", "reply");
  std::vector<Doc> appeals = ReadJsonl(data + "/dev.jsonl", "title", "text");
  const bool real = !items.empty() && !appeals.empty();
  if (!real) {
    items = Synthetic(3000, 1);
    appeals = Synthetic(500, 2);
  }
  const size_t base = items.size();
  if (want_items == 0) want_items = base;
  items.resize(want_items);
  for (size_t i = base; i < want_items; ++i) {
    items[i] = items[i % base];
    items[i].title += " " + std::to_string(i / base);
  }
  size_t body_chars = 0;
  for (const auto& d : items) body_chars += d.body.size() / 3;
  std::printf("== knowledge base: %zu items (%s, avg body ~%zu chars), %zu appeals\n", items.size(),
              real ? "tipdm2020c replies" : "synthetic", body_chars / items.size(), appeals.size());

  // ---------------------------------------------------------------- in-memory index
  std::vector<KnowledgeItem> kitems(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    kitems[i].id = static_cast<int64_t>(i + 1);
    kitems[i].title = items[i].title;
    kitems[i].body = items[i].body;
    kitems[i].owner_unit = "d.zjj";
    kitems[i].version = 1;
  }
  const auto t0 = Clock::now();
  KnowledgeIndex index(kitems);
  std::printf("index build: %.1f ms\n",
              std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  const int64_t now = 1764385200000;
  auto valid = [now](const KnowledgeItem& item) { return item.IsValidAt(now); };
  auto suggest = [&](const Doc& a) {
    // The same steps as KnowledgeService::Suggest, without the repository.
    auto terms = QueryTerms(a.title + "\n" + a.body, KnowledgeService::kSuggestMaxChars);
    std::erase_if(terms,
                  [&](KnowledgeTerm t) { return index.DocumentFrequency(t) * 2 > kitems.size(); });
    auto hits = index.Query(terms, 2, valid, 5);
    size_t n = 0;
    for (const auto& h : hits) n += KnowledgeIndex::Snippet(h.item->body, terms).text.size();
    return n;
  };
  const size_t rounds = std::max<size_t>(2000, appeals.size());
  volatile size_t sink = 0;
  Print("index: suggest (top 5 + snippets)",
        Measure(rounds, [&](size_t i) { sink = sink + suggest(appeals[i % appeals.size()]); }));
  const std::vector<std::string> queries = {"水", "电", "停水", "物业", "医保报销", "噪音扰民"};
  for (const std::string& q : queries) {
    const std::string label = "index: search \"" + q + "\" (top 20)";
    const auto terms = QueryTerms(q);
    const int n = static_cast<int>(terms.size());
    const int min = n <= 2 ? n : (n * 6 + 9) / 10;
    size_t hits = 0;
    Stats s = Measure(2000, [&](size_t) {
      auto h = index.Query(terms, min, valid, 20);
      hits = h.size();
    });
    Print(label.c_str(), s);
    std::printf("%-46s   (%zu hits shown, df %zu)\n", "", hits,
                n == 1 ? index.DocumentFrequency(terms[0]) : 0);
  }

  // ---------------------------------------------------------------- full service (SQLite)
  {
    auto zone = LoadZoneConfig(
        std::string(std::getenv("MINSHENG_SOURCE_DIR") ? std::getenv("MINSHENG_SOURCE_DIR") : ".") +
        "/config/default");
    char tmpl[] = "/tmp/kb_bench_XXXXXX";
    const std::string dir = mkdtemp(tmpl);
    if (zone.ok()) {
      auto store = SqliteStore::Open({.path = dir + "/kb.db", .durable = false});
      if (store.ok()) {
        FakeClock clock(now);
        OrderService orders(*zone, **store, clock);
        SqliteKnowledgeRepository repo(**store);
        KnowledgeService kb(*zone, repo, orders, clock);
        std::vector<KnowledgeInput> inputs;
        for (const auto& d : items) {
          KnowledgeInput in;
          in.title = d.title.substr(0, 200);
          in.body = d.body.empty() ? d.title : d.body;
          in.owner_unit = "d.zjj";
          inputs.push_back(std::move(in));
        }
        const auto l0 = Clock::now();
        auto loaded = kb.CreateBatch({"bench", Role::kAdmin, ""}, std::move(inputs));
        std::printf("service: bulk load %zu items: %.0f ms\n",
                    loaded.ok() ? loaded->created.size() : 0,
                    std::chrono::duration<double, std::milli>(Clock::now() - l0).count());
        const auto r0 = Clock::now();
        (void)kb.CurrentIndex();
        std::printf("service: first index build from SQLite: %.1f ms\n",
                    std::chrono::duration<double, std::milli>(Clock::now() - r0).count());
        Actor actor{"bench", Role::kCentre, ""};
        Print("service: Suggest (generation check + top 5)", Measure(rounds, [&](size_t i) {
                const Doc& a = appeals[i % appeals.size()];
                sink = sink + kb.Suggest(actor, a.title, a.body, 5)->size();
              }));
        KnowledgeSearchQuery q;
        q.q = "停水";
        Print("service: Search \"停水\"",
              Measure(2000, [&](size_t) { sink = sink + kb.Search(actor, q)->size(); }));
      }
    }
    std::filesystem::remove_all(dir);
  }

  // ---------------------------------------------------------------- FTS5 alternative
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  char* err = nullptr;
  if (sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize='unicode61')",
                   nullptr, nullptr, &err) != SQLITE_OK) {
    std::printf("FTS5 unavailable: %s\n", err ? err : "?");
    sqlite3_close(db);
    return 0;
  }
  const auto f0 = Clock::now();
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO f(rowid, title, body) VALUES (?, ?, ?)", -1, &ins, nullptr);
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string t = BigramText(items[i].title), b = BigramText(items[i].body);
    sqlite3_bind_int64(ins, 1, static_cast<int64_t>(i + 1));
    sqlite3_bind_text(ins, 2, t.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 3, b.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  std::printf("fts5 build (pre-tokenised bigrams): %.1f ms\n",
              std::chrono::duration<double, std::milli>(Clock::now() - f0).count());
  sqlite3_stmt* sel = nullptr;
  sqlite3_prepare_v2(db, "SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f, 5.0, 1.0) LIMIT ?",
                     -1, &sel, nullptr);
  auto fts = [&](const std::string& match, int limit) {
    sqlite3_bind_text(sel, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(sel, 2, limit);
    size_t n = 0;
    while (sqlite3_step(sel) == SQLITE_ROW) ++n;
    sqlite3_reset(sel);
    return n;
  };
  Print("fts5: suggest (OR of bigrams, top 5, no snippet)",
        Measure(std::min<size_t>(rounds, 500), [&](size_t i) {
          const Doc& a = appeals[i % appeals.size()];
          const std::string m =
              FtsQuery(a.title + "\n" + a.body, KnowledgeService::kSuggestMaxChars);
          if (!m.empty()) sink = sink + fts(m, 5);
        }));
  for (const std::string& q : queries) {
    const std::string label = "fts5: search \"" + q + "\" (top 20)";
    std::string m = q.size() <= 3 ? "\"" + q + "\"" : FtsQuery(q, 100);
    Print(label.c_str(), Measure(2000, [&](size_t) { sink = sink + fts(m, 20); }));
  }
  sqlite3_finalize(sel);
  sqlite3_close(db);
  return 0;
}

}  // namespace
}  // namespace minsheng

int main(int argc, char** argv) { return minsheng::Main(argc, argv); }
