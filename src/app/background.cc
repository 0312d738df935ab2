#include "app/background.h"

#include <spdlog/spdlog.h>

namespace minsheng {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval,
                           std::function<void()> fn)
    : name_(std::move(name)), interval_(interval), fn_(std::move(fn)) {
  thread_ = std::thread([this] { Loop(); });
}

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int PeriodicTask::runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

void PeriodicTask::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (cv_.wait_for(lock, interval_, [this] { return stop_; })) break;
    lock.unlock();
    try {
      fn_();
    } catch (const std::exception& e) {
      spdlog::error("后台任务 {} 异常:{}", name_, e.what());
    } catch (...) {
      spdlog::error("后台任务 {} 发生未知异常", name_);
    }
    lock.lock();
    ++runs_;
  }
}

}  // namespace minsheng
