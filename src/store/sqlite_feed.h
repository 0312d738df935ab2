// SqliteEventFeed: the global event feed (EventFeed, migration 0005_event_feed.sql) on the
// SqliteStore's database. SqliteStore numbers every event it writes, in the same transaction;
// this adapter reads the feed (reader pool, one snapshot) and keeps consumer cursors (the
// store's group-commit writer).
//
// Thread-safety: every method is safe to call from any thread; the store must outlive this.
#ifndef MINSHENG_STORE_SQLITE_FEED_H_
#define MINSHENG_STORE_SQLITE_FEED_H_

#include "core/ports.h"
#include "store/sqlite_store.h"

namespace minsheng {

class SqliteEventFeed final : public EventFeed {
 public:
  explicit SqliteEventFeed(SqliteStore& store) : store_(store) {}

  Result<std::vector<FeedEntry>> ReadFeed(int64_t after, int limit) override;
  Result<int64_t> FeedCursor(std::string_view consumer) override;
  Status SetFeedCursor(std::string_view consumer, int64_t position, int64_t now_ms) override;

 private:
  SqliteStore& store_;
};

}  // namespace minsheng

#endif  // MINSHENG_STORE_SQLITE_FEED_H_
