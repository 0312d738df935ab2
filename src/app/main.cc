// `minsheng`: the command-line entry point (serve, migrate, user add, import, dispatch …).
//
// Wiring only: load configuration, open the store, build the services and hand them to the
// HTTP server or a one-shot command. Exit codes: 0 success, 1 error, 2 bad command line,
// 3 import finished with rejected rows.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "api/routes.h"
#include "api/server.h"
#include "app/background.h"
#include "app/cli_common.h"
#include "app/config_loader.h"
#include "app/crypto.h"
#include "app/importer.h"
#include "app/kb_cli.h"
#include "app/learning_cli.h"
#include "app/upstream_cli.h"
#include "core/auth_service.h"
#include "core/knowledge/knowledge_service.h"
#include "core/order_service.h"
#include "dispatch/cli.h"
#include "dispatch/dispatcher.h"
#include "dispatch/learning.h"
#include "notify/notifiers.h"
#include "store/sqlite_feed.h"
#include "store/sqlite_knowledge.h"
#include "store/sqlite_store.h"

namespace minsheng {
namespace {

struct ServeFlags {
  std::string db;
  std::string config;
  std::string bind;
  std::string model;
  int port = -1;
  bool access_log = false;
  bool no_suggest = false;
};

int RunServe(const ServeFlags& f) {
  const std::string dir = ResolveConfigDir(f.config);
  auto zone = LoadZoneConfig(dir);
  if (!zone.ok()) return Fail(zone.status());
  auto server_cfg = LoadServerConfig(dir);
  if (!server_cfg.ok()) return Fail(server_cfg.status());
  ServerConfig sc = server_cfg.value();
  if (f.port >= 0) sc.port = f.port;
  if (!f.bind.empty()) sc.bind = f.bind;
  if (!InitSodium()) return Fail(Internal("sodium_init failed"));
  auto learning_cfg = LoadLearningConfig(dir);  // learning loop (docs/dispatch.md)
  if (!learning_cfg.ok()) return Fail(learning_cfg.status());

  auto store = OpenStore(f.db);
  if (!store.ok()) return Fail(store.status());
  int rc = 0;
  {
    SystemClock clock;
    SodiumPasswordHasher hasher;
    SodiumTokenSource tokens;
    // Notices (催办/督办) go to the log, and to a webhook when configured.
    LogNotifier log_notifier;
    std::unique_ptr<WebhookNotifier> webhook;
    if (!sc.notify_webhook_url.empty()) {
      auto w = WebhookNotifier::Create(
          {.url = sc.notify_webhook_url, .secret = sc.notify_webhook_secret});
      if (!w.ok()) return Fail(w.status());
      webhook = std::move(w).value();
    }
    Notifier* notifier = webhook ? static_cast<Notifier*>(webhook.get()) : &log_notifier;
    OrderService orders(zone.value(), **store, clock, notifier);
    AuthService auth(zone.value(), **store, hasher, tokens, clock, sc.session_ttl_ms);
    // 知识库: items, search, 知识库直办; review reminders go through the same notifier.
    SqliteKnowledgeRepository kb_repo(**store);
    KnowledgeService knowledge(zone.value(), kb_repo, orders, clock, notifier);

    std::string admin_password;
    bool generated = false;
    if (const char* env = std::getenv("MINSHENG_ADMIN_PASSWORD"); env && *env) {
      admin_password = env;
    } else {
      admin_password = tokens.NewToken().substr(0, 20);
      generated = true;
    }
    auto created = auth.EnsureAdmin(admin_password);
    if (!created.ok()) return Fail(created.status());
    if (*created) {
      spdlog::info("首次启动:已创建管理员账号 admin");
      if (generated) {
        // Printed once only: it is not stored anywhere in clear text.
        std::cout << "管理员账号 admin 的初始密码(仅显示这一次,请妥善保存):" << admin_password
                  << std::endl;
      }
    }

    // Smart dispatch: zone keywords and gazetteer always; the trained classifier when given.
    std::unique_ptr<Dispatcher> dispatcher;
    if (!f.no_suggest) {
      dispatcher = std::make_unique<Dispatcher>(zone.value(), nullptr);
      // Without --model, the model the learning loop installed last (<models_dir>/current).
      std::string model_dir = f.model;
      if (model_dir.empty() && !learning_cfg->models_dir.empty())
        model_dir = CurrentModelDir(learning_cfg->models_dir);
      if (!model_dir.empty()) {
        if (Status st = dispatcher->ReloadModel(model_dir); !st.ok()) return Fail(st);
        spdlog::info("已加载派单模型:{}", model_dir);
      }
      ReleaseFreeMemory();  // what training the zone's seed models left behind
    }
    api::ApiDeps deps{zone.value(), orders, auth, dispatcher.get()};
    deps.knowledge = &knowledge;
    deps.dispatch_accuracy = [&zone, &store](int64_t from, int64_t to) {
      return DispatchAccuracyJson(**store, zone.value(), from, to);
    };
    api::Router router = api::BuildRouter(deps);
    api::ServerOptions opts;
    opts.bind = sc.bind;
    opts.port = sc.port;
    opts.io_threads = sc.io_threads;
    opts.worker_threads = sc.worker_threads;
    opts.request_timeout_ms = sc.request_timeout_ms;
    opts.idle_timeout_ms = sc.idle_timeout_ms;
    opts.keepalive_max_requests = sc.keepalive_max_requests;
    opts.shutdown_grace_ms = sc.shutdown_grace_ms;
    opts.max_body_bytes = zone->limits.max_body_bytes;
    opts.access_log = f.access_log;
    api::HttpServer server(router, opts);
    auto port = server.Listen();
    if (!port.ok()) return Fail(port.status());
    spdlog::info("民声服务已启动:http://{}:{}(数据库 {},配置 {},I/O 线程 {},工作线程 {})", sc.bind,
                 *port, f.db, dir, sc.io_threads, sc.worker_threads);
    // 日督催: the deadline sweep urges units automatically (idempotent across restarts).
    std::unique_ptr<PeriodicTask> sweeper;
    if (sc.sweep_interval_ms > 0) {
      sweeper = std::make_unique<PeriodicTask>(
          "deadline-sweep", std::chrono::milliseconds(sc.sweep_interval_ms), [&orders] {
            auto r = orders.Sweep();
            if (!r.ok()) {
              spdlog::error("时限巡检失败:{}", r.status().ToString());
            } else if (r->urged > 0 || r->supervised > 0 || r->errors > 0 ||
                       r->notice_failures > 0) {
              spdlog::info(
                  "时限巡检:检查 {} 件,催办 {} 次,自动督办 {} 件,通知失败 {} 次,出错 {} 件",
                  r->scanned, r->urged, r->supervised, r->notice_failures, r->errors);
            }
          });
    }
    // 知识库复核提醒: one notice per due item version (idempotent, like the sweep).
    std::unique_ptr<PeriodicTask> kb_reminder;
    if (sc.sweep_interval_ms > 0) {
      kb_reminder = std::make_unique<PeriodicTask>(
          "kb-review", std::chrono::milliseconds(sc.sweep_interval_ms), [&knowledge] {
            auto r = knowledge.RemindReviews();
            if (!r.ok()) {
              spdlog::error("知识库复核提醒失败:{}", r.status().ToString());
            } else if (r->reminded > 0 || r->errors > 0) {
              spdlog::info("知识库复核提醒:到期 {} 条,提醒 {} 条,通知失败 {} 次,出错 {} 条", r->due,
                           r->reminded, r->notice_failures, r->errors);
            }
          });
    }
    // 上级转办件回传: the progress of upstream orders to the file / webhook of server.yaml.
    auto sinks = MakeUpstreamSinks(sc);
    if (!sinks.ok()) return Fail(sinks.status());
    SqliteEventFeed feed(**store);
    UpstreamExporter exporter(zone.value(), feed, **store, clock);
    std::unique_ptr<PeriodicTask> upstream_export;
    if (sc.upstream_export_interval_ms > 0 && !sinks->empty()) {
      upstream_export = std::make_unique<PeriodicTask>(
          "upstream-export", std::chrono::milliseconds(sc.upstream_export_interval_ms),
          [&exporter, &sinks] {
            for (auto& sink : *sinks) {
              auto r = exporter.Run(*sink);
              if (!r.ok()) {
                spdlog::error("上级回传({})失败,下次重试:{}", sink->Consumer(),
                              r.status().ToString());
              } else if (r->exported > 0) {
                spdlog::info("上级回传({}):{} 条消息,游标 {}", sink->Consumer(), r->exported,
                             r->cursor);
              }
            }
          });
    }
    // 定时重新训练: the learning loop rebuilds the model from the history (once a night).
    std::unique_ptr<LearningLoop> learning;
    std::unique_ptr<PeriodicTask> retrainer;
    if (dispatcher && learning_cfg->retrain_interval_ms > 0) {
      learning = std::make_unique<LearningLoop>(
          learning_cfg.value(), zone.value(), **store, *dispatcher, clock,
          f.model.empty() ? CurrentModelDir(learning_cfg->models_dir) : f.model, f.db, dir);
      retrainer = std::make_unique<PeriodicTask>(
          "dispatch-retrain", std::chrono::milliseconds(learning_cfg->retrain_interval_ms),
          [&learning] { learning->Tick(); });
    }
    server.Run();
    if (learning) learning->Stop();  // ends a child retrain in progress
    retrainer.reset();               // finish a retrain in progress before the database closes
    upstream_export.reset();
    sweeper.reset();  // finish a sweep in progress before the database closes
    kb_reminder.reset();
    const SqliteStore::WriterStats ws = (*store)->Stats();
    spdlog::info("HTTP 服务已停止,正在关闭数据库(本次写入 {} 次,提交 {} 批)", ws.writes,
                 ws.batches);
  }
  store->reset();  // drains queued writes, checkpoints and closes
  spdlog::info("民声服务已退出");
  return rc;
}

int RunMigrate(const std::string& db) {
  auto store = OpenStore(db);
  if (!store.ok()) return Fail(store.status());
  std::cout << "数据库已迁移到版本 " << (*store)->SchemaVersion() << ":" << db << std::endl;
  return 0;
}

struct UserAddFlags {
  std::string db, username, role, unit, config;
};

int RunUserAdd(const UserAddFlags& f) {
  auto zone = LoadZoneConfig(ResolveConfigDir(f.config));
  if (!zone.ok()) return Fail(zone.status());
  if (!InitSodium()) return Fail(Internal("sodium_init failed"));
  std::string password;
  if (!std::getline(std::cin, password)) {
    std::cerr << "错误:请从标准输入提供密码(一行)" << std::endl;
    return kExitUsage;
  }
  while (!password.empty() && (password.back() == '\r' || password.back() == '\n'))
    password.pop_back();
  auto store = OpenStore(f.db);
  if (!store.ok()) return Fail(store.status());
  SystemClock clock;
  SodiumPasswordHasher hasher;
  SodiumTokenSource tokens;
  AuthService auth(zone.value(), **store, hasher, tokens, clock, ServerConfig{}.session_ttl_ms);
  auto user = auth.AddUser(f.username, password, f.role, f.unit);
  if (!user.ok()) return Fail(user.status());
  std::cout << "已创建用户 " << user->username << "(角色 " << LabelZh(user->role);
  if (!user->unit.empty()) std::cout << ",单位 " << user->unit;
  std::cout << ")" << std::endl;
  return 0;
}

struct ImportFlags {
  std::string db, config, file;
};

int RunImport(const ImportFlags& f) {
  auto zone = LoadZoneConfig(ResolveConfigDir(f.config));
  if (!zone.ok()) return Fail(zone.status());
  auto store = OpenStore(f.db);
  if (!store.ok()) return Fail(store.status());
  SystemClock clock;
  OrderService orders(zone.value(), **store, clock);
  Actor actor{"import", Role::kAdmin, ""};
  auto summary =
      ImportOrdersFile(orders, actor, f.file, [](int64_t rows, int64_t bytes, int64_t size) {
        int pct = size > 0 ? static_cast<int>(bytes * 100 / size) : 100;
        std::cerr << "\r已处理 " << rows << " 行(" << pct << "%)" << std::flush;
      });
  std::cerr << std::endl;
  if (!summary.ok()) return Fail(summary.status());
  const ImportSummary& s = summary.value();
  std::cout << "导入完成:共 " << s.total << " 行,成功导入 " << s.imported << " 行,已存在跳过 "
            << s.skipped_existing << " 行,错误 " << s.errors.size() << " 行" << std::endl;
  for (const ImportError& e : s.errors)
    std::cout << "  第 " << e.line << " 行:[" << e.code << "] " << e.message << std::endl;
  return s.errors.empty() ? 0 : kExitImportRejected;
}

}  // namespace
}  // namespace minsheng

int main(int argc, char** argv) {
  using namespace minsheng;  // NOLINT(build/namespaces)
  spdlog::set_default_logger(spdlog::stderr_color_mt("minsheng"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");

  CLI::App app{
      "民声 12345 政务服务便民热线工单系统\n退出码:0 成功,1 运行错误,2 命令行错误,3 "
      "导入有被拒绝的行"};
  app.require_subcommand(1);
  // Set before adding subcommands: they inherit the help flag.
  app.set_help_flag("-h,--help", "显示帮助并退出");
  app.set_help_all_flag("--help-all", "显示全部子命令的帮助");

  ServeFlags serve_flags;
  CLI::App* serve = app.add_subcommand("serve", "启动 HTTP 服务");
  serve->add_option("--db", serve_flags.db, "SQLite 数据库文件(不存在则创建)")->required();
  serve->add_option("--port", serve_flags.port, "监听端口(覆盖 server.yaml;0 表示任选空闲端口)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--config", serve_flags.config,
                    "配置目录(默认 $MINSHENG_CONFIG_DIR 或 config/default)");
  serve->add_option("--bind", serve_flags.bind, "监听地址(覆盖 server.yaml)");
  serve->add_flag("--access-log", serve_flags.access_log, "逐条记录访问日志");
  serve->add_option("--model", serve_flags.model,
                    "智能派单分类模型目录(minsheng dispatch train 的输出)");
  serve->add_flag("--no-suggest", serve_flags.no_suggest, "受理时不计算智能派单建议");

  std::string migrate_db;
  CLI::App* migrate = app.add_subcommand("migrate", "创建或升级数据库结构");
  migrate->add_option("--db", migrate_db, "SQLite 数据库文件")->required();

  UserAddFlags user_flags;
  CLI::App* user = app.add_subcommand("user", "账号管理");
  user->require_subcommand(1);
  CLI::App* user_add = user->add_subcommand("add", "新增账号(密码从标准输入读取一行)");
  user_add->add_option("--db", user_flags.db, "SQLite 数据库文件")->required();
  user_add->add_option("--username", user_flags.username, "用户名")->required();
  user_add->add_option("--role", user_flags.role, "角色:admin|centre|unit|leader")->required();
  user_add->add_option("--unit", user_flags.unit, "所属单位 id(承办单位账号必填)");
  user_add->add_option("--config", user_flags.config, "配置目录");

  ImportFlags import_flags;
  CLI::App* import = app.add_subcommand("import", "导入历史工单(JSON Lines 或 CSV)");
  import->add_option("--db", import_flags.db, "SQLite 数据库文件")->required();
  import->add_option("--config", import_flags.config, "配置目录");
  import->add_option("file", import_flags.file, "FILE.jsonl 或 FILE.csv")
      ->required()
      ->check(CLI::ExistingFile);

  RegisterDispatchCommands(
      app, [](const std::string& dir) { return LoadZoneConfig(ResolveConfigDir(dir)); });
  LearningCommands learning_commands(app);  // minsheng dispatch retrain|report
  KnowledgeCommands kb_commands(app);       // minsheng kb import|search
  UpstreamCommands upstream_commands(app);  // minsheng upstream export|peek

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    // A `dispatch …` callback failed: it has printed its error; keep its exit code.
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "命令行参数错误:" << e.what()
              << "\n运行 `minsheng --help` 或 `minsheng <子命令> --help` 查看用法。" << std::endl;
    return kExitUsage;
  }

  if (serve->parsed()) return RunServe(serve_flags);
  if (migrate->parsed()) return RunMigrate(migrate_db);
  if (user_add->parsed()) return RunUserAdd(user_flags);
  if (import->parsed()) return RunImport(import_flags);
  if (auto rc = kb_commands.Run()) return *rc;
  if (auto rc = learning_commands.Run()) return *rc;
  if (auto rc = upstream_commands.Run()) return *rc;
  return 0;  // `dispatch …` ran in its callback
}
