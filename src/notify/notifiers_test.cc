#include "notify/notifiers.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

namespace minsheng {
namespace {

TEST(NotifierTest, MemoryNotifierKeepsOrder) {
  MemoryNotifier m;
  ASSERT_TRUE(m.Send({"urge", 1, "GX1", "d.zjj", "请尽快签收", 5}).ok());
  ASSERT_TRUE(m.Send({"supervise", 2, "GX2", "d.cgj", "督办", 6}).ok());
  auto got = m.Drain();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].order_number, "GX1");
  EXPECT_TRUE(m.Drain().empty());
}

TEST(NotifierTest, JsonBodyIsEscaped) {
  EXPECT_EQ(NoticeToJson({"urge", 7, "GX7", "d.zjj", "引号\"和\n换行", 9}),
            "{\"kind\":\"urge\",\"order_id\":7,\"order_number\":\"GX7\",\"unit\":\"d.zjj\","
            "\"text\":\"引号\\\"和\\n换行\",\"at\":9}");
}

TEST(NotifierTest, RejectsUnusableUrls) {
  EXPECT_FALSE(WebhookNotifier::Create({.url = "ftp://x"}).ok());
  EXPECT_FALSE(WebhookNotifier::Create({.url = "http://:80/x"}).ok());
  EXPECT_FALSE(WebhookNotifier::Create({.url = "http://h:notaport/x"}).ok());
  EXPECT_TRUE(WebhookNotifier::Create({.url = "http://127.0.0.1:9/hook"}).ok());
}

TEST(NotifierTest, WebhookDeliversToARealServerAndReportsFailures) {
  httplib::Server srv;
  std::string received, token;
  int calls = 0;
  srv.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    ++calls;
    if (calls == 1) {  // first attempt fails: the notifier must retry
      res.status = 503;
      return;
    }
    received = req.body;
    token = req.get_header_value("X-Minsheng-Token");
    res.status = 204;
  });
  int port = srv.bind_to_any_port("127.0.0.1");
  std::thread t([&] { srv.listen_after_bind(); });
  for (int i = 0; i < 100000 && !srv.is_running(); ++i) std::this_thread::yield();
  ASSERT_TRUE(srv.is_running());
  auto n = WebhookNotifier::Create({.url = "http://127.0.0.1:" + std::to_string(port) + "/hook",
                                    .backoff_ms = 1,
                                    .secret = "s3"});
  ASSERT_TRUE(n.ok());
  Status st = (*n)->Send({"urge", 3, "GX3", "st.chongyelu", "催办", 1});
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(calls, 2);
  EXPECT_NE(received.find("\"order_number\":\"GX3\""), std::string::npos);
  EXPECT_EQ(token, "s3");
  srv.stop();
  t.join();
  // Nobody listens any more: bounded retries, then a clear error.
  st = (*n)->Send({"urge", 3, "GX3", "st.chongyelu", "催办", 1});
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.error_code(), "notify_failed");
}

}  // namespace
}  // namespace minsheng
