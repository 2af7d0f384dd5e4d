-- 021_citizen_cpr.sql — a citizen's CPR number, never in the clear: sealed
-- with a key outside the database (domain/cpr.c), and a keyed hash for
-- finding a citizen by exact number.
ALTER TABLE citizen ADD COLUMN cpr_sealed TEXT;
ALTER TABLE citizen ADD COLUMN cpr_hash TEXT;
CREATE INDEX citizen_cpr_hash ON citizen (cpr_hash);
