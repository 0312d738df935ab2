// UpstreamSink adapters (上级转办件回传, docs/upstream.md): a JSON Lines file the city platform's
// interface staff pick up, and an HTTP webhook that receives each batch as
// {"messages":[...]} with bounded retries.
#ifndef MINSHENG_NOTIFY_UPSTREAM_SINKS_H_
#define MINSHENG_NOTIFY_UPSTREAM_SINKS_H_

#include <memory>
#include <string>
#include <vector>

#include "core/upstream/upstream_export.h"
#include "notify/notifiers.h"

namespace minsheng {

// Appends one message per line to `path` (created if missing) and fsyncs before returning, so
// the cursor never moves past a message that is not on disk.
class FileUpstreamSink final : public UpstreamSink {
 public:
  explicit FileUpstreamSink(std::string path, std::string consumer = "upstream-file")
      : path_(std::move(path)), consumer_(std::move(consumer)) {}
  std::string Consumer() const override { return consumer_; }
  Status Deliver(const std::vector<UpstreamMessage>& batch) override;

 private:
  std::string path_;
  std::string consumer_;
};

class WebhookUpstreamSink final : public UpstreamSink {
 public:
  static Result<std::unique_ptr<WebhookUpstreamSink>> Create(const WebhookOptions& options);
  std::string Consumer() const override { return "upstream-webhook"; }
  Status Deliver(const std::vector<UpstreamMessage>& batch) override;

 private:
  explicit WebhookUpstreamSink(JsonWebhook hook) : hook_(std::move(hook)) {}
  JsonWebhook hook_;
};

}  // namespace minsheng

#endif  // MINSHENG_NOTIFY_UPSTREAM_SINKS_H_
