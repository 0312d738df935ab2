-- 0001_init: orders, timelines, daily number counters, users and sessions.
--
-- No business rules live here: the lifecycle, visibility and numbering format are decided in
-- src/core. The schema only enforces identity and uniqueness, and keeps the timeline
-- append-only. Statuses and actions are stored as their stable string ids (core/types.h).

-- One row per work order. Columns are what List() filters or sorts on; every other field of
-- WorkOrder lives in `doc` (a JSON object written and read by src/store/order_codec.cc).
CREATE TABLE orders (
  id          INTEGER PRIMARY KEY,
  number      TEXT    NOT NULL UNIQUE,
  channel     TEXT    NOT NULL DEFAULT '',
  external_id TEXT    NOT NULL DEFAULT '',
  type        TEXT    NOT NULL DEFAULT '',
  urgency     TEXT    NOT NULL DEFAULT '',
  category    TEXT    NOT NULL DEFAULT '',
  status      TEXT    NOT NULL,
  title       TEXT    NOT NULL DEFAULT '',
  content     TEXT    NOT NULL DEFAULT '',
  address     TEXT    NOT NULL DEFAULT '',
  region_code TEXT    NOT NULL DEFAULT '',
  main_unit   TEXT    NOT NULL DEFAULT '',  -- active 主办 unit, denormalised for reports
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  closed_at   INTEGER NOT NULL DEFAULT 0,
  version     INTEGER NOT NULL,
  event_count INTEGER NOT NULL DEFAULT 0,
  created_by  TEXT    NOT NULL DEFAULT '',
  doc         TEXT    NOT NULL DEFAULT '{}'
);
-- An upstream number is unique per channel when present.
CREATE UNIQUE INDEX orders_channel_external_id ON orders(channel, external_id)
  WHERE external_id <> '';
CREATE INDEX orders_status ON orders(status, id);
CREATE INDEX orders_category ON orders(category, id);
CREATE INDEX orders_created_at ON orders(created_at);

-- The ACTIVE assignments of each order (rewritten on every save): unit filters and scoping.
CREATE TABLE order_units (
  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  unit_id  TEXT    NOT NULL,
  role     TEXT    NOT NULL,  -- "main" | "co"
  PRIMARY KEY (order_id, unit_id, role)
) WITHOUT ROWID;
CREATE INDEX order_units_unit ON order_units(unit_id, order_id);

-- The timeline: append-only audit of every transition.
CREATE TABLE order_events (
  order_id    INTEGER NOT NULL REFERENCES orders(id),
  seq         INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  actor_user  TEXT    NOT NULL DEFAULT '',
  actor_unit  TEXT    NOT NULL DEFAULT '',
  action      TEXT    NOT NULL,
  from_status TEXT,             -- NULL for "create"
  to_status   TEXT    NOT NULL,
  payload     TEXT    NOT NULL DEFAULT '{}',
  PRIMARY KEY (order_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN
  SELECT RAISE(ABORT, 'order_events is append-only');
END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN
  SELECT RAISE(ABORT, 'order_events is append-only');
END;

-- Daily order-number sequences, keyed by prefix + local date (e.g. "GX20261129").
CREATE TABLE number_counters (
  key  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  role          TEXT    NOT NULL,
  unit          TEXT    NOT NULL DEFAULT '',
  password_hash TEXT    NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
