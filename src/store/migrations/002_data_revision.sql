-- 002_data_revision.sql — one counter that every committed change of data
-- that pages show advances (store_commit does it in the same transaction).
-- A page rendered at revision R is still right while the counter reads R,
-- which lets `spor serve` keep rendered pages (http/page_cache.c), and
-- lets several servers on one database agree on it.
--
-- Bookkeeping rows (sessions, login attempts, the audit log, this table's
-- neighbour schema_migrations) do not advance it.

CREATE TABLE data_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO data_revision (id, value) VALUES (1, 0);
