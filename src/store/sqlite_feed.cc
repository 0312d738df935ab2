#include "store/sqlite_feed.h"

#include <string>

#include "store/sqlite_db.h"

namespace minsheng {

using store_internal::Db;

Result<std::vector<FeedEntry>> SqliteEventFeed::ReadFeed(int64_t after, int limit) {
  if (after < 0 || limit < 1 || limit > 10000)
    return InvalidArgument("invalid_query", "事件流查询参数无效(after ≥ 0,limit 1–10000)");
  std::vector<FeedEntry> out;
  Status st = store_.ReadDb([&](Db& db) -> Status {
    auto s = db.Prepare(
        "SELECT f.position, f.order_id, o.number, o.channel, o.external_id, e.seq, e.at, "
        "e.actor_user, e.actor_unit, e.action, e.from_status, e.to_status, e.payload "
        "FROM event_feed f JOIN order_events e ON e.order_id = f.order_id AND e.seq = f.seq "
        "JOIN orders o ON o.id = f.order_id WHERE f.position > ? ORDER BY f.position LIMIT ?");
    if (!s.ok()) return s.status();
    s->Bind(after).Bind(limit);
    for (;;) {
      auto row = s->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      FeedEntry f;
      f.position = s->Int(0);
      f.order_id = s->Int(1);
      f.order_number = s->Text(2);
      f.channel = s->Text(3);
      f.external_id = s->Text(4);
      Event& e = f.event;
      e.order_id = f.order_id;
      e.seq = static_cast<int>(s->Int(5));
      e.at = s->Int(6);
      e.actor_user = s->Text(7);
      e.actor_unit = s->Text(8);
      auto a = ParseAction(s->Text(9));
      if (!a) return Internal("feed event has unknown action " + s->Text(9));
      e.action = *a;
      if (!s->IsNull(10)) {
        auto from = ParseOrderStatus(s->Text(10));
        if (!from) return Internal("feed event has unknown from_status " + s->Text(10));
        e.from = *from;
      }
      auto to = ParseOrderStatus(s->Text(11));
      if (!to) return Internal("feed event has unknown to_status " + s->Text(11));
      e.to = *to;
      e.payload_json = s->Text(12);
      out.push_back(std::move(f));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<int64_t> SqliteEventFeed::FeedCursor(std::string_view consumer) {
  int64_t position = 0;
  Status st = store_.ReadDb([&](Db& db) -> Status {
    auto s = db.Prepare("SELECT position FROM feed_cursors WHERE consumer = ?");
    if (!s.ok()) return s.status();
    s->Bind(consumer);
    auto row = s->Step();
    if (!row.ok()) return row.status();
    if (*row) position = s->Int(0);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return position;
}

Status SqliteEventFeed::SetFeedCursor(std::string_view consumer, int64_t position, int64_t now_ms) {
  if (consumer.empty() || position < 0) return InvalidArgument("invalid_cursor", "事件流游标无效");
  return store_.WriteDb([&](Db& db) -> Status {
    auto s = db.Prepare(
        "INSERT INTO feed_cursors(consumer, position, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(consumer) DO UPDATE SET position = excluded.position, "
        "updated_at = excluded.updated_at");
    if (!s.ok()) return s.status();
    s->Bind(consumer).Bind(position).Bind(now_ms);
    return s->Run();
  });
}

}  // namespace minsheng
