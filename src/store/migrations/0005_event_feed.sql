-- 0005_event_feed: every timeline event numbered in commit order, for exporters (upstream
-- replies now; reports, Open311 and other instances later) — a transactional outbox that needs
-- no rule in SQL: the store numbers every event, consumers decide what matters to them.
CREATE TABLE event_feed (
  -- Rows are never deleted, so the rowid (max + 1) is strictly increasing in commit order;
  -- AUTOINCREMENT would add a sqlite_sequence write to every event for nothing.
  position INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL,
  seq      INTEGER NOT NULL
);
-- Events written before this migration, oldest first.
INSERT INTO event_feed(order_id, seq) SELECT order_id, seq FROM order_events ORDER BY at, order_id, seq;

-- How far each consumer (e.g. "upstream-webhook", "upstream-file") has read the feed.
CREATE TABLE feed_cursors (
  consumer   TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
