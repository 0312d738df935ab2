-- The dispatch engine's suggestion is written once at intake and returned verbatim: keep it in
-- its own column so reading an order does not parse ~1 KB of escaped JSON inside `doc`.
ALTER TABLE orders ADD COLUMN suggestion TEXT NOT NULL DEFAULT '{}';
