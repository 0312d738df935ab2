// Loads and validates the YAML configuration in a directory such as config/default/.
//
//   zone.yaml         zone identity, numbering, visit attempts, limits
//   org_units.yaml    org units (DOMAIN.md §6.1)
//   regions.yaml      regions and village/community aliases (§6.2)
//   dictionaries.yaml channels, order types, urgency, satisfaction, results, reasons (§6.3, §6.6)
//   categories.yaml   the two-level taxonomy with default routing (§6.4)
//   sla.yaml          the SLA table (§6.5)
//   server.yaml       HTTP server settings
//
// Every error names the file and the entry, in Chinese, with error code "invalid_config".
#ifndef MINSHENG_APP_CONFIG_LOADER_H_
#define MINSHENG_APP_CONFIG_LOADER_H_

#include <cstdint>
#include <string>

#include "core/status.h"
#include "core/zone_config.h"

namespace minsheng {

struct ServerConfig {
  std::string bind = "127.0.0.1";
  int port = 8080;
  int io_threads = 2;
  int worker_threads = 64;             // blocking pool for writes and password hashing
  int64_t request_timeout_ms = 30000;  // whole request read/write deadline
  int64_t idle_timeout_ms = 60000;     // keep-alive idle limit
  int keepalive_max_requests = 10000;  // requests per connection before close
  int64_t session_ttl_ms = 12LL * 3600 * 1000;
  int64_t shutdown_grace_ms = 10000;
  int64_t sweep_interval_ms = 60000;  // deadline sweep (催办) period; 0 disables it
  std::string notify_webhook_url;     // 催办/督办 notices are POSTed here when set
  std::string notify_webhook_secret;  // sent as X-Minsheng-Token
  // 上级转办件回传 (docs/upstream.md): every `upstream_export_interval_ms` the progress of
  // upstream orders goes to the file and/or the webhook (each with its own cursor).
  int64_t upstream_export_interval_ms = 60000;  // 0 disables it
  std::string upstream_export_file;             // JSON Lines file, appended
  std::string upstream_webhook_url;             // batches POSTed as {"messages":[…]}
  std::string upstream_webhook_secret;          // sent as X-Minsheng-Token
};

Result<ZoneConfig> LoadZoneConfig(const std::string& dir);
Result<ServerConfig> LoadServerConfig(const std::string& dir);

}  // namespace minsheng

#endif  // MINSHENG_APP_CONFIG_LOADER_H_
