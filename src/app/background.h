// Periodic background work inside the server (deadline sweeps and their notices; scheduled
// retraining later). Each task runs on one dedicated thread, every `interval`; everything it
// throws is caught at the top and logged, so a failing sweep never takes the server down, and
// the tasks themselves are idempotent, so a restart simply runs them again.
#ifndef MINSHENG_APP_BACKGROUND_H_
#define MINSHENG_APP_BACKGROUND_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace minsheng {

class PeriodicTask {
 public:
  // Starts immediately; the first run happens after `interval`.
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> fn);
  // Stops and joins (waits for a run in progress to finish).
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Stop();
  int runs() const;

 private:
  void Loop();

  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> fn_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  int runs_ = 0;       // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace minsheng

#endif  // MINSHENG_APP_BACKGROUND_H_
