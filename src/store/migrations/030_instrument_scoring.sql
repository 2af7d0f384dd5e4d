-- 030_instrument_scoring.sql — what scoring needs from an instrument
-- definition, as rows beside the definition text: each item's scale,
-- subscale, reversal and weight; each scale's values with their labels,
-- scores and flags; each subscale's method; the total's method.  The
-- definition text (instrument.definition) stays the source of truth; these
-- rows are derived from it when a version is stored, and never change
-- afterwards, like the version itself.  They let the store check answers
-- against the scale and let SQL aggregate scores.
--
-- Versions stored before this migration get their rows when `spor migrate`
-- loads the instruments (domain/instrument.c).

ALTER TABLE instrument ADD COLUMN source TEXT NOT NULL DEFAULT 'import';
-- Every version stored before this migration came from the built-in files.
UPDATE instrument SET source = 'builtin';
ALTER TABLE instrument ADD COLUMN imported_by BIGINT REFERENCES app_user (id);
ALTER TABLE instrument ADD COLUMN total_method TEXT;
ALTER TABLE instrument ADD COLUMN total_min_answered INTEGER;
ALTER TABLE instrument ADD COLUMN total_factor REAL;
ALTER TABLE instrument ADD COLUMN total_rho REAL;

ALTER TABLE instrument_item ADD COLUMN scale_key TEXT;
ALTER TABLE instrument_item ADD COLUMN subscale_key TEXT;
ALTER TABLE instrument_item ADD COLUMN reverse INTEGER NOT NULL DEFAULT 0 CHECK (reverse IN (0, 1));
ALTER TABLE instrument_item ADD COLUMN weight REAL NOT NULL DEFAULT 1;

-- score_min/score_max: the range of the scale's regular values (neither
-- flagged nor excluded), which reversal and percent of maximum use.
CREATE TABLE instrument_scale (
  instrument_id BIGINT NOT NULL REFERENCES instrument (id),
  key TEXT NOT NULL,
  score_min REAL NOT NULL,
  score_max REAL NOT NULL,
  PRIMARY KEY (instrument_id, key)
);

-- score is NULL for an excluded value ("Ikke relevant"), which never counts.
CREATE TABLE instrument_scale_value (
  instrument_id BIGINT NOT NULL REFERENCES instrument (id),
  scale_key TEXT NOT NULL,
  position INTEGER NOT NULL,
  value INTEGER NOT NULL,
  label_da TEXT NOT NULL,
  label_en TEXT NOT NULL,
  score REAL,
  flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
  PRIMARY KEY (instrument_id, scale_key, value)
);

CREATE TABLE instrument_subscale (
  instrument_id BIGINT NOT NULL REFERENCES instrument (id),
  key TEXT NOT NULL,
  position INTEGER NOT NULL,
  name_da TEXT NOT NULL,
  name_en TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('sum', 'mean', 'percent_of_max', 'gas_t')),
  min_answered INTEGER NOT NULL,
  factor REAL NOT NULL,
  rho REAL NOT NULL,
  higher_is_better INTEGER NOT NULL CHECK (higher_is_better IN (0, 1)),
  PRIMARY KEY (instrument_id, key)
);

-- Whether a version is in use, and every measurement of an instrument.
CREATE INDEX measurement_instrument ON measurement (instrument_id);
