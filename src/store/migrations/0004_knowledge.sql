-- The knowledge base (知识库, issue 4): items operators answer from (知识库直办), kept by the
-- unit that provides them (谁提供、谁维护、谁更新). The search index is not stored: it is
-- rebuilt in memory from kb_items (docs/knowledge.md).
CREATE TABLE kb_items (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  categories TEXT NOT NULL DEFAULT '[]',  -- JSON array of category codes
  owner_unit TEXT NOT NULL,
  valid_from INTEGER NOT NULL DEFAULT 0,  -- epoch ms, 0 = since always
  valid_to INTEGER NOT NULL DEFAULT 0,    -- epoch ms (exclusive), 0 = open-ended
  review_due INTEGER NOT NULL DEFAULT 0,  -- epoch ms, 0 = none
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  version INTEGER NOT NULL CHECK (version >= 1),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  reminded_version INTEGER NOT NULL DEFAULT 0  -- review reminder sent for this version
);
CREATE INDEX kb_items_owner ON kb_items(owner_unit, id);
CREATE INDEX kb_items_review ON kb_items(status, review_due);

-- Every version of every item, as it was after the change (append-only). The rowid only grows
-- (rows are never deleted), so max(id) is the generation the in-memory search index is
-- compared against.
CREATE TABLE kb_item_versions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES kb_items(id),
  version INTEGER NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('create', 'update', 'retire')),
  note TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  categories TEXT NOT NULL,
  owner_unit TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER NOT NULL,
  review_due INTEGER NOT NULL,
  status TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  UNIQUE (item_id, version)
);
