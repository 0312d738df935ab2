// Notifier adapters (催办/督办 notices, issue 4): a log notifier and an HTTP webhook notifier.
//
// Failures are data: Send() returns a Status, never throws; the webhook retries with
// exponential back-off a bounded number of times and reports the last error.
#ifndef MINSHENG_NOTIFY_NOTIFIERS_H_
#define MINSHENG_NOTIFY_NOTIFIERS_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/ports.h"

namespace minsheng {

// Writes one line per notice to the server log (spdlog). Thread-safe.
class LogNotifier final : public Notifier {
 public:
  Status Send(const Notice& notice) override;
};

// Collects notices in memory (tests, and the "recent notices" admin view). Thread-safe.
class MemoryNotifier final : public Notifier {
 public:
  Status Send(const Notice& notice) override;
  std::vector<Notice> Drain();

 private:
  std::mutex mu_;
  std::vector<Notice> notices_;  // GUARDED_BY(mu_)
};

struct WebhookOptions {
  std::string url;          // http://host:port/path (plain HTTP; TLS terminates in a proxy)
  int timeout_ms = 3000;
  int max_attempts = 3;
  int backoff_ms = 200;     // doubled after each failed attempt
  std::string secret;       // sent as X-Minsheng-Token when non-empty
};

// POSTs each notice as JSON. Thread-safe (one client per call).
class WebhookNotifier final : public Notifier {
 public:
  // InvalidArgument("invalid_webhook_url") for a URL it cannot use.
  static Result<std::unique_ptr<WebhookNotifier>> Create(const WebhookOptions& options);
  Status Send(const Notice& notice) override;

 private:
  WebhookNotifier(WebhookOptions options, std::string host, int port, std::string path)
      : options_(std::move(options)), host_(std::move(host)), port_(port), path_(std::move(path)) {}
  WebhookOptions options_;
  std::string host_;
  int port_;
  std::string path_;
};

// The JSON body a webhook receives (documented in the OpenAPI file under x-webhooks).
std::string NoticeToJson(const Notice& notice);

}  // namespace minsheng

#endif  // MINSHENG_NOTIFY_NOTIFIERS_H_
