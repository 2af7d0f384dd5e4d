-- 020_audit_chain.sql — the audit log becomes a hash chain.
--
-- Every line gets a sequence number and the SHA-256 of the previous
-- line's hash together with its own fields (store/audit.c says exactly
-- how), so that `spor check` finds a line changed, removed or inserted.
-- audit_head holds the end of the chain (the next line is written under
-- its row lock, so several servers append to one chain) and, after a
-- retention cut, the anchor the remaining chain starts from.  Lines from
-- before this migration are chained by `spor migrate` right after it.

ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq BIGINT NOT NULL,
  last_hash TEXT NOT NULL,
  anchor_seq BIGINT NOT NULL,
  anchor_hash TEXT NOT NULL,
  pruned_before TEXT
);
INSERT INTO audit_head (id, last_seq, last_hash, anchor_seq, anchor_hash)
  VALUES (1, 0, '', 0, '');
