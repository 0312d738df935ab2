#include "app/background.h"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>

namespace minsheng {
namespace {

TEST(PeriodicTaskTest, KeepsRunningAfterAThrowAndStopsCleanly) {
  std::promise<void> third;
  int calls = 0;  // only touched by the task thread
  {
    PeriodicTask task("t", std::chrono::milliseconds(1), [&] {
      ++calls;
      if (calls == 1) throw std::runtime_error("boom");  // caught at the top, logged
      if (calls == 3) third.set_value();
    });
    // Bounded wait for behaviour (the third run), not a timing assertion.
    ASSERT_EQ(third.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
    task.Stop();
    EXPECT_GE(task.runs(), 3);
    int after_stop = task.runs();
    task.Stop();  // idempotent
    EXPECT_EQ(task.runs(), after_stop);
  }
  EXPECT_GE(calls, 3);
}

TEST(PeriodicTaskTest, StopBeforeFirstRunRunsNothing) {
  int calls = 0;
  PeriodicTask task("t", std::chrono::hours(1), [&] { ++calls; });
  task.Stop();
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(task.runs(), 0);
}

}  // namespace
}  // namespace minsheng
