-- Repeat-caller detection at intake (同一来电人重复诉求): the caller's phone reduced to its digits,
-- indexed with the intake time. Orders registered before this migration have '' (not matched).
-- NOTE: full (not partial) indexes: a partial index `WHERE caller_key <> ''` cannot serve
-- `caller_key = ?` with a bound parameter, and the planner then scans every recent order.
ALTER TABLE orders ADD COLUMN caller_key TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_caller ON orders(caller_key, created_at);
-- The same place (地址) for 重复件 detection: exact match on the registered address.
CREATE INDEX orders_address ON orders(address, created_at);
