#include "notify/notifiers.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "core/json_writer.h"

namespace minsheng {

std::string NoticeToJson(const Notice& n) {
  JsonObjectWriter w;
  w.Add("kind", n.kind).Add("order_id", n.order_id).Add("order_number", n.order_number);
  w.Add("unit", n.unit).Add("text", n.text).Add("at", n.at);
  return w.Finish();
}

Status LogNotifier::Send(const Notice& n) {
  spdlog::info("notice kind={} order={} unit={} text={}", n.kind, n.order_number, n.unit, n.text);
  return Status::Ok();
}

Status MemoryNotifier::Send(const Notice& n) {
  std::lock_guard lock(mu_);
  notices_.push_back(n);
  return Status::Ok();
}

std::vector<Notice> MemoryNotifier::Drain() {
  std::lock_guard lock(mu_);
  return std::exchange(notices_, {});
}

Result<JsonWebhook> JsonWebhook::Create(const WebhookOptions& o) {
  const std::string prefix = "http://";
  auto bad = [&]() {
    return InvalidArgument("invalid_webhook_url",
                           "Webhook 地址须为 http://主机:端口/路径 形式:" + o.url);
  };
  if (o.url.rfind(prefix, 0) != 0) return bad();
  std::string rest = o.url.substr(prefix.size());
  size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  JsonWebhook hook;
  hook.path_ = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = hostport.rfind(':');
  hook.host_ = hostport;
  if (colon != std::string::npos) {
    hook.host_ = hostport.substr(0, colon);
    try {
      hook.port_ = std::stoi(hostport.substr(colon + 1));
    } catch (...) {
      return bad();
    }
  }
  if (hook.host_.empty() || hook.port_ <= 0 || hook.port_ > 65535 || o.max_attempts < 1)
    return bad();
  hook.options_ = o;
  return hook;
}

Status JsonWebhook::Post(const std::string& body, const char* code, const std::string& what) const {
  int backoff = options_.backoff_ms;
  std::string last_error;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    httplib::Client cli(host_, port_);
    cli.set_connection_timeout(std::chrono::milliseconds(options_.timeout_ms));
    cli.set_read_timeout(std::chrono::milliseconds(options_.timeout_ms));
    cli.set_write_timeout(std::chrono::milliseconds(options_.timeout_ms));
    httplib::Headers headers;
    if (!options_.secret.empty()) headers.emplace("X-Minsheng-Token", options_.secret);
    auto res = cli.Post(path_, headers, body, "application/json");
    if (res && res->status >= 200 && res->status < 300) return Status::Ok();
    last_error = res ? "HTTP " + std::to_string(res->status) : httplib::to_string(res.error());
    if (attempt < options_.max_attempts) {
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
      backoff *= 2;
    }
  }
  return Status(StatusCode::kUnavailable, code,
                what + "发送失败(已重试 " + std::to_string(options_.max_attempts) + " 次)",
                last_error);
}

Result<std::unique_ptr<WebhookNotifier>> WebhookNotifier::Create(const WebhookOptions& o) {
  auto hook = JsonWebhook::Create(o);
  if (!hook.ok()) return hook.status();
  return std::unique_ptr<WebhookNotifier>(new WebhookNotifier(std::move(hook).value()));
}

Status WebhookNotifier::Send(const Notice& n) {
  return hook_.Post(NoticeToJson(n), "notify_failed", "通知");
}

}  // namespace minsheng
