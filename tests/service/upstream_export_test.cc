// Upstream export (上级转办件回传) on the real store: the event feed numbers every event, the
// exporter reports only upstream orders' reportable events, advances the cursor only after a
// delivery, and resumes exactly where it stopped (also after a "restart").
#include "core/upstream/upstream_export.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/sqlite_feed.h"
#include "testing/service_test_base.h"

namespace minsheng::testing {
namespace {

using nlohmann::json;

// Records batches; fails on demand.
class RecordingSink final : public UpstreamSink {
 public:
  std::string Consumer() const override { return "test-sink"; }
  Status Deliver(const std::vector<UpstreamMessage>& batch) override {
    if (fail) return Unavailable("down");
    for (const auto& m : batch) messages.push_back(json::parse(m.json));
    return Status::Ok();
  }
  bool fail = false;
  std::vector<json> messages;
};

class UpstreamExportTest : public ServiceTestBase {
 protected:
  void SetUp() override {
    ServiceTestBase::SetUp();
    feed_ = std::make_unique<SqliteEventFeed>(*store_);
    exporter_ = std::make_unique<UpstreamExporter>(config_, *feed_, *store_, clock_);
  }

  int64_t NewOrder(const std::string& channel, const std::string& external_id) {
    NewOrderInput in;
    in.channel = channel;
    in.external_id = external_id;
    in.type = "complaint";
    in.title = "小区路灯不亮";
    in.content = "崇业路王贺村2组路灯坏了一周";
    in.citizen = {"张三", "13800000000"};
    auto r = service_->Create(admin_, in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->order.id : 0;
  }
  void Act(const Actor& who, int64_t id, ActionInput in) {
    auto r = service_->Act(who, id, in);
    ASSERT_TRUE(r.ok()) << ToString(in.action) << ": " << r.status().ToString();
    clock_.Advance(5 * 60 * 1000);
  }
  ActionInput A(Action a) {
    ActionInput in;
    in.action = a;
    return in;
  }

  Actor admin_{"admin", Role::kAdmin, ""};
  Actor zjj_{"zjj", Role::kUnit, "d.zjj"};
  std::unique_ptr<SqliteEventFeed> feed_;
  std::unique_ptr<UpstreamExporter> exporter_;
};

TEST_F(UpstreamExportTest, ReportsUpstreamOrdersOnlyAndResumesAfterFailures) {
  const int64_t up = NewOrder("city_platform", "WN-001");
  const int64_t local = NewOrder("phone", "");
  ActionInput d = A(Action::kDispatch);
  d.unit = "d.zjj";
  for (int64_t id : {up, local}) {
    Act(admin_, id, d);
    Act(zjj_, id, A(Action::kSign));
  }
  ActionInput reply = A(Action::kReply);
  reply.text = "已修复路灯,现场核实正常照明。";
  ActionInput reject = A(Action::kRejectReply);
  reject.reason = "未写明修复时间";
  Act(zjj_, up, reply);
  Act(admin_, up, reject);  // a sent-back reply is never exported
  reply.text = "已于11月29日修复路灯,现场核实正常照明。";
  Act(zjj_, up, reply);

  RecordingSink sink;
  sink.fail = true;
  auto failed = exporter_->Run(sink);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(*feed_->FeedCursor("test-sink"), 0);  // nothing delivered: the cursor stays

  sink.fail = false;
  auto r = exporter_->Run(sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // create, dispatch, sign ×2 orders + reply, reject, reply on the upstream one
  EXPECT_EQ(r->scanned, 9);
  ASSERT_EQ(sink.messages.size(), 1u);  // only 签收 so far: the reply is not approved yet
  EXPECT_EQ(sink.messages[0]["kind"], "accepted");
  EXPECT_EQ(sink.messages[0]["upstream_no"], "WN-001");
  EXPECT_EQ(sink.messages[0]["format"], "minsheng.upstream/1");
  EXPECT_EQ(sink.messages[0]["unit"], "d.zjj");
  EXPECT_EQ(*feed_->FeedCursor("test-sink"), r->cursor);

  // Nothing new: nothing delivered again.
  auto again = exporter_->Run(sink);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->exported, 0);
  EXPECT_EQ(sink.messages.size(), 1u);

  Act(admin_, up, A(Action::kApprove));
  ActionInput visit = A(Action::kVisit);
  visit.satisfaction = "satisfied";
  Act(admin_, up, visit);
  Act(admin_, local, A(Action::kUrge));  // a local order: never exported

  // A new exporter over the same database (a restart) continues from the stored cursor.
  UpstreamExporter restarted(config_, *feed_, *store_, clock_);
  auto r2 = restarted.Run(sink);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  ASSERT_EQ(sink.messages.size(), 3u);
  const json& replied = sink.messages[1];
  EXPECT_EQ(replied["kind"], "replied");
  EXPECT_EQ(replied["status"], "pending_visit");
  // The approved reply is the last one, not the one sent back.
  EXPECT_EQ(replied["detail"]["text"], "已于11月29日修复路灯,现场核实正常照明。");
  EXPECT_EQ(replied["unit_name"], "住房和城乡建设局");
  EXPECT_EQ(sink.messages[2]["kind"], "visited");
  EXPECT_EQ(sink.messages[2]["detail"]["satisfaction"], "satisfied");
  EXPECT_EQ(sink.messages[2]["status"], "closed");
  EXPECT_LT(sink.messages[0]["message_id"].get<int64_t>(),
            sink.messages[1]["message_id"].get<int64_t>());

  // Peek shows the same messages without moving the cursor.
  int64_t scanned_to = 0;
  auto peek = exporter_->Peek(0, 1000, &scanned_to);
  ASSERT_TRUE(peek.ok());
  EXPECT_EQ(peek->size(), 3u);
  EXPECT_EQ(scanned_to, r2->cursor);
  EXPECT_EQ(*feed_->FeedCursor("test-sink"), r2->cursor);
}

TEST_F(UpstreamExportTest, FeedAndCursorValidateInput) {
  EXPECT_EQ(feed_->ReadFeed(-1, 10).status().error_code(), "invalid_query");
  EXPECT_EQ(feed_->ReadFeed(0, 0).status().error_code(), "invalid_query");
  EXPECT_EQ(feed_->SetFeedCursor("", 1, 0).error_code(), "invalid_cursor");
  EXPECT_EQ(*feed_->FeedCursor("never-read"), 0);
}

}  // namespace
}  // namespace minsheng::testing
