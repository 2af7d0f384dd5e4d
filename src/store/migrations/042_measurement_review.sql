-- 042_measurement_review.sql — measurements reviewed and corrected:
-- who rated (rater_user_id, which may now differ from the one who typed
-- the answers in, recorded_by), who approved a draft and when, and a
-- version that every change advances.  A save based on an older version
-- is refused (optimistic concurrency); measurement_revision keeps each
-- version as it was saved, so the refusal can say what changed.
--
-- Measurements written before this migration are version 1 with no
-- revision row; the store writes a version's row the first time it is
-- needed.

ALTER TABLE measurement ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE measurement ADD COLUMN recorded_by BIGINT REFERENCES app_user (id);
ALTER TABLE measurement ADD COLUMN approved_by BIGINT REFERENCES app_user (id);
ALTER TABLE measurement ADD COLUMN approved_at TEXT;
ALTER TABLE measurement ADD COLUMN updated_at TEXT;

-- snapshot: the measurement as saved, as JSON text (store/revision.c).
CREATE TABLE measurement_revision (
  measurement_id BIGINT NOT NULL REFERENCES measurement (id),
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  changed_by BIGINT REFERENCES app_user (id),
  changed_at TEXT NOT NULL,
  PRIMARY KEY (measurement_id, version)
);

CREATE INDEX measurement_course ON measurement (course_id);
CREATE INDEX measurement_status ON measurement (status, citizen_id);
