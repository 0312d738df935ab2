-- 重复件 without an exact address: the place the dispatch engine's gazetteer recognised in the
-- appeal (village/组, 小区, community — e.g. "王贺村2组"), wherever it was written (address, title
-- or body). Orders registered before this migration have '' (not matched).
ALTER TABLE orders ADD COLUMN place_key TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_place ON orders(place_key, created_at);
