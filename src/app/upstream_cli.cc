#include "app/upstream_cli.h"

#include <iostream>

#include "app/cli_common.h"
#include "notify/upstream_sinks.h"
#include "store/sqlite_feed.h"

namespace minsheng {

Result<std::vector<std::unique_ptr<UpstreamSink>>> MakeUpstreamSinks(const ServerConfig& c) {
  std::vector<std::unique_ptr<UpstreamSink>> sinks;
  if (!c.upstream_export_file.empty())
    sinks.push_back(std::make_unique<FileUpstreamSink>(c.upstream_export_file));
  if (!c.upstream_webhook_url.empty()) {
    auto hook = WebhookUpstreamSink::Create(
        {.url = c.upstream_webhook_url, .secret = c.upstream_webhook_secret});
    if (!hook.ok()) return hook.status();
    sinks.push_back(std::move(hook).value());
  }
  return sinks;
}

UpstreamCommands::UpstreamCommands(CLI::App& app) {
  CLI::App* up = app.add_subcommand("upstream", "上级转办件回传(市12345平台、领导留言板)");
  up->require_subcommand(1);
  export_ = up->add_subcommand(
      "export", "把上级转办件的办理进展追加写入 JSON Lines 文件(只写上次导出之后的新消息)");
  export_->add_option("--db", flags_.db, "SQLite 数据库文件")->required();
  export_->add_option("--config", flags_.config, "配置目录");
  export_->add_option("--out", flags_.out, "输出文件(追加写入)")->required();
  export_->add_option("--consumer", flags_.consumer, "游标名称(不同的接收方用不同名称)");
  peek_ = up->add_subcommand("peek", "查看事件流中某位置之后的回传消息(不移动游标)");
  peek_->add_option("--db", flags_.db, "SQLite 数据库文件")->required();
  peek_->add_option("--config", flags_.config, "配置目录");
  peek_->add_option("--after", flags_.after, "从该事件流位置之后开始(默认 0)")
      ->check(CLI::NonNegativeNumber);
  peek_->add_option("--limit", flags_.limit, "最多读取的事件数(默认 100)")
      ->check(CLI::Range(1, 10000));
}

std::optional<int> UpstreamCommands::Run() const {
  if (export_->parsed()) return Export();
  if (peek_->parsed()) return Peek();
  return std::nullopt;
}

namespace {

// What both subcommands open: the zone, the store, its feed and an exporter over them.
struct ExportContext {
  ZoneConfig zone;
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<SqliteEventFeed> feed;
  SystemClock clock;
  std::unique_ptr<UpstreamExporter> exporter;
};

Status OpenExport(const std::string& db, const std::string& config, ExportContext* ctx) {
  auto zone = LoadZoneConfig(ResolveConfigDir(config));
  if (!zone.ok()) return zone.status();
  ctx->zone = std::move(zone).value();
  auto store = OpenStore(db);
  if (!store.ok()) return store.status();
  ctx->store = std::move(store).value();
  ctx->feed = std::make_unique<SqliteEventFeed>(*ctx->store);
  ctx->exporter =
      std::make_unique<UpstreamExporter>(ctx->zone, *ctx->feed, *ctx->store, ctx->clock);
  return Status::Ok();
}

}  // namespace

int UpstreamCommands::Export() const {
  ExportContext ctx;
  if (Status st = OpenExport(flags_.db, flags_.config, &ctx); !st.ok()) return Fail(st);
  FileUpstreamSink sink(flags_.out, flags_.consumer);
  auto r = ctx.exporter->Run(sink);
  if (!r.ok()) return Fail(r.status());
  std::cout << "回传导出完成:读取事件 " << r->scanned << " 条,写出消息 " << r->exported
            << " 条,游标 " << flags_.consumer << " = " << r->cursor << "(" << flags_.out << ")"
            << std::endl;
  return 0;
}

int UpstreamCommands::Peek() const {
  ExportContext ctx;
  if (Status st = OpenExport(flags_.db, flags_.config, &ctx); !st.ok()) return Fail(st);
  int64_t scanned_to = flags_.after;
  auto messages = ctx.exporter->Peek(flags_.after, flags_.limit, &scanned_to);
  if (!messages.ok()) return Fail(messages.status());
  for (const UpstreamMessage& m : *messages) std::cout << m.json << "\n";
  std::cerr << "已读到事件流位置 " << scanned_to << ",回传消息 " << messages->size() << " 条"
            << std::endl;
  return 0;
}

}  // namespace minsheng
