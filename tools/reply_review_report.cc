// Runs the reply review assistant over a JSONL file of appeals with replies (fields title,
// text, reply, time, reply_time — the TipDM 附件4 layout) and prints counts per finding code,
// examples, and a JSON summary as the last line.
//
//   reply_review_report FILE.jsonl [--due-days N] [--examples K]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "core/review/reply_review.h"
#include "core/time_util.h"

using minsheng::ReplyReviewInput;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "用法: reply_review_report FILE.jsonl [--due-days N] [--examples K]\n");
    return 2;
  }
  int due_days = 15, examples = 3;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--due-days") due_days = std::atoi(argv[i + 1]);
    if (k == "--examples") examples = std::atoi(argv[i + 1]);
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "无法读取文件 %s\n", argv[1]);
    return 2;
  }
  std::map<std::string, int> counts;
  std::map<std::string, std::vector<std::string>> samples;
  int n = 0, flagged = 0, line_no = 0, bad = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    nlohmann::json row;
    try {
      row = nlohmann::json::parse(line);
    } catch (...) {
      ++bad;
      continue;
    }
    auto str = [&](const char* k) {
      return row.contains(k) && row[k].is_string() ? row[k].get<std::string>() : std::string();
    };
    ReplyReviewInput r{str("title"), str("text"), str("reply"), 0, 0};
    auto t0 = minsheng::ParseIso8601(str("time"), 480);
    auto t1 = minsheng::ParseIso8601(str("reply_time"), 480);
    if (t0 && t1) {
      r.replied_at = *t1;
      r.due_at = *t0 + int64_t{due_days} * 86400000;
    }
    auto findings = minsheng::ReviewReply(r);
    ++n;
    if (!findings.empty()) ++flagged;
    for (const auto& f : findings) {
      ++counts[f.code];
      auto& s = samples[f.code];
      if (static_cast<int>(s.size()) < examples) {
        std::string reply = r.reply_text.substr(0, 180);
        s.push_back("「" + r.appeal_title + "」→ " + reply + " …(" + f.message + ")");
      }
    }
  }
  std::printf("replies: %d, flagged: %d (%.1f%%), unreadable lines: %d\n", n, flagged,
              n ? 100.0 * flagged / n : 0.0, bad);
  nlohmann::json summary = {{"n", n}, {"flagged", flagged}, {"due_days", due_days}};
  for (const auto& [code, c] : counts) {
    std::printf("\n%-20s %5d (%.1f%%)\n", code.c_str(), c, 100.0 * c / n);
    for (const auto& s : samples[code]) std::printf("  - %s\n", s.c_str());
    summary["by_code"][code] = c;
  }
  std::printf("%s\n", summary.dump().c_str());
  return 0;
}
