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
  std::string url;  // http://host:port/path (plain HTTP; TLS terminates in a proxy)
  int timeout_ms = 3000;
  int max_attempts = 3;
  int backoff_ms = 200;  // doubled after each failed attempt
  std::string secret;    // sent as X-Minsheng-Token when non-empty
};

// An HTTP endpoint that receives JSON POSTs with bounded retries (shared by the notice
// webhook and the upstream export webhook). Thread-safe (one client per call).
class JsonWebhook {
 public:
  // InvalidArgument("invalid_webhook_url") for a URL it cannot use.
  static Result<JsonWebhook> Create(const WebhookOptions& options);
  // Unavailable(`code`, "<what>发送失败…") after the last failed attempt (2xx = delivered).
  Status Post(const std::string& body, const char* code, const std::string& what) const;

 private:
  WebhookOptions options_;
  std::string host_;
  int port_ = 80;
  std::string path_;
};

// POSTs each notice as JSON. Thread-safe.
class WebhookNotifier final : public Notifier {
 public:
  static Result<std::unique_ptr<WebhookNotifier>> Create(const WebhookOptions& options);
  Status Send(const Notice& notice) override;

 private:
  explicit WebhookNotifier(JsonWebhook hook) : hook_(std::move(hook)) {}
  JsonWebhook hook_;
};

// The JSON body a webhook receives (documented in the OpenAPI file under x-webhooks).
std::string NoticeToJson(const Notice& notice);

}  // namespace minsheng

#endif  // MINSHENG_NOTIFY_NOTIFIERS_H_
