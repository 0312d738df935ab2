#include "app/kb_cli.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/knowledge_json.h"
#include "app/cli_common.h"
#include "app/config_loader.h"
#include "core/knowledge/knowledge_service.h"
#include "core/order_service.h"
#include "store/sqlite_knowledge.h"
#include "store/sqlite_store.h"

namespace minsheng {
namespace {

constexpr size_t kBatchLines = 500;  // one commit per batch

// Everything one command needs, opened from the flags.
struct Context {
  ZoneConfig zone;
  std::unique_ptr<SqliteStore> store;
  SystemClock clock;
  std::unique_ptr<OrderService> orders;
  std::unique_ptr<SqliteKnowledgeRepository> repo;
  std::unique_ptr<KnowledgeService> kb;
};

Status Open(const std::string& db, const std::string& config, Context* ctx) {
  auto zone = LoadZoneConfig(ResolveConfigDir(config));
  if (!zone.ok()) return zone.status();
  ctx->zone = std::move(zone).value();
  auto store = OpenStore(db);
  if (!store.ok()) return store.status();
  ctx->store = std::move(store).value();
  ctx->orders = std::make_unique<OrderService>(ctx->zone, *ctx->store, ctx->clock);
  ctx->repo = std::make_unique<SqliteKnowledgeRepository>(*ctx->store);
  ctx->kb = std::make_unique<KnowledgeService>(ctx->zone, *ctx->repo, *ctx->orders, ctx->clock);
  return Status::Ok();
}

// The snippet with its highlights in 【】.
std::string Marked(const KnowledgeSnippet& s) {
  // Highlights are in code points; walk the UTF-8 text once.
  std::string out;
  size_t h = 0;
  int cp = 0;
  for (size_t i = 0; i < s.text.size();) {
    const unsigned char c = static_cast<unsigned char>(s.text[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (h < s.highlights.size() && s.highlights[h].first == cp) out += "【";
    out.append(s.text, i, len);
    ++cp;
    if (h < s.highlights.size() && s.highlights[h].first + s.highlights[h].second == cp) {
      out += "】";
      ++h;
    }
    i += len;
  }
  return out;
}

}  // namespace

KnowledgeCommands::KnowledgeCommands(CLI::App& app) {
  CLI::App* kb = app.add_subcommand("kb", "知识库:批量导入与检索");
  kb->require_subcommand(1);
  import_ = kb->add_subcommand(
      "import",
      "批量导入知识条目(JSON Lines,每行一个对象:title, body, categories, owner_unit, "
      "valid_from, valid_to, review_due, note);错误行按行号报告并跳过");
  import_->add_option("--db", flags_.db, "SQLite 数据库文件")->required();
  import_->add_option("--config", flags_.config, "配置目录");
  import_->add_option("--file", flags_.file, "items.jsonl")->required()->check(CLI::ExistingFile);
  import_->add_option("--user", flags_.user, "记录为创建人的用户名(默认 import)");

  search_ = kb->add_subcommand("search", "检索知识库(支持单字、双字检索)");
  search_->add_option("--db", flags_.db, "SQLite 数据库文件")->required();
  search_->add_option("--config", flags_.config, "配置目录");
  search_->add_option("query", flags_.query, "检索词,如 停水")->required();
  search_->add_option("--category", flags_.category, "诉求类别代码或名称");
  search_->add_flag("--all", flags_.all, "包括已停用和不在有效期内的条目");
  search_->add_option("--limit", flags_.limit, "最多显示条数(1–50,默认 10)");
}

std::optional<int> KnowledgeCommands::Run() const {
  if (import_->parsed()) return Import();
  if (search_->parsed()) return Search();
  return std::nullopt;
}

int KnowledgeCommands::Import() const {
  Context ctx;
  if (Status st = Open(flags_.db, flags_.config, &ctx); !st.ok()) return Fail(st);
  std::ifstream in(flags_.file, std::ios::binary);
  if (!in) return Fail(InvalidArgument("file_unreadable", "无法读取文件:" + flags_.file));
  const Actor actor{flags_.user, Role::kAdmin, ""};
  int64_t total = 0, imported = 0;
  std::vector<std::pair<int64_t, Status>> errors;  // (line, error)
  std::vector<KnowledgeInput> batch;
  std::vector<int64_t> batch_lines;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    auto r = ctx.kb->CreateBatch(actor, std::move(batch));
    if (!r.ok()) return r.status();
    imported += static_cast<int64_t>(r->created.size());
    for (auto& [index, st] : r->rejected) errors.emplace_back(batch_lines[index], std::move(st));
    batch.clear();
    batch_lines.clear();
    return Status::Ok();
  };
  std::string line;
  int64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ++total;
    auto j = api::ParseJsonObject(line, /*allow_empty=*/false);
    KnowledgeInput input;
    Status st = j.ok() ? api::ParseKnowledgeInput(*j, ctx.zone.utc_offset_minutes, &input)
                       : InvalidArgument(j.status().error_code(), "该行不是合法的 JSON 对象");
    if (!st.ok()) {
      errors.emplace_back(line_no, std::move(st));
      continue;
    }
    batch.push_back(std::move(input));
    batch_lines.push_back(line_no);
    if (batch.size() >= kBatchLines) {
      if (Status fs = flush(); !fs.ok()) return Fail(fs);
    }
  }
  if (Status fs = flush(); !fs.ok()) return Fail(fs);
  std::sort(errors.begin(), errors.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::cout << "导入完成:共 " << total << " 行,成功导入 " << imported << " 条,错误 "
            << errors.size() << " 行" << std::endl;
  for (const auto& [no, st] : errors)
    std::cout << "  第 " << no << " 行:[" << st.error_code() << "] " << st.message() << std::endl;
  return errors.empty() ? 0 : kExitImportRejected;
}

int KnowledgeCommands::Search() const {
  Context ctx;
  if (Status st = Open(flags_.db, flags_.config, &ctx); !st.ok()) return Fail(st);
  KnowledgeSearchQuery q;
  q.q = flags_.query;
  q.category = flags_.category;
  q.include_invalid = flags_.all;
  q.limit = flags_.limit;
  auto matches = ctx.kb->Search(Actor{"cli", Role::kAdmin, ""}, q);
  if (!matches.ok()) return Fail(matches.status());
  std::cout << "找到 " << matches->size() << " 条" << std::endl;
  for (const KnowledgeMatch& m : *matches) {
    const OrgUnit* unit = ctx.zone.FindUnit(m.item.owner_unit);
    std::cout << "[" << m.item.id << "] " << m.item.title << "("
              << (unit ? unit->name : m.item.owner_unit) << ",第 " << m.item.version << " 版,"
              << LabelZh(m.item.status) << ",得分 " << m.score << ")" << std::endl;
    std::cout << "    " << Marked(m.snippet) << std::endl;
  }
  return 0;
}

}  // namespace minsheng
