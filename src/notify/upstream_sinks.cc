#include "notify/upstream_sinks.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace minsheng {

Status FileUpstreamSink::Deliver(const std::vector<UpstreamMessage>& batch) {
  std::string text;
  for (const UpstreamMessage& m : batch) {
    text += m.json;
    text.push_back('\n');
  }
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0)
    return Status(StatusCode::kUnavailable, "export_failed", "无法打开回传文件:" + path_,
                  std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string err = std::strerror(errno);
      // NOTE: a partial line may remain; the batch is written again next time and receivers
      // skip lines that are not JSON and dedupe on message_id.
      ::close(fd);
      return Status(StatusCode::kUnavailable, "export_failed", "写入回传文件失败:" + path_, err);
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced)
    return Status(StatusCode::kUnavailable, "export_failed", "回传文件落盘失败:" + path_,
                  std::strerror(errno));
  return Status::Ok();
}

Result<std::unique_ptr<WebhookUpstreamSink>> WebhookUpstreamSink::Create(
    const WebhookOptions& options) {
  auto hook = JsonWebhook::Create(options);
  if (!hook.ok()) return hook.status();
  return std::unique_ptr<WebhookUpstreamSink>(new WebhookUpstreamSink(std::move(hook).value()));
}

Status WebhookUpstreamSink::Deliver(const std::vector<UpstreamMessage>& batch) {
  std::string body = "{\"messages\":[";
  for (size_t i = 0; i < batch.size(); ++i) {
    if (i > 0) body.push_back(',');
    body += batch[i].json;
  }
  body += "]}";
  return hook_.Post(body, "export_failed", "上级平台回传");
}

}  // namespace minsheng
