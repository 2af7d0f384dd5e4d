-- 044_diary_and_access.sql — the diary (dagbog) that staff and the
-- citizen both write in, and the citizen's own login ("Herre i egen
-- plan"): one-time invitation codes that staff hand out.  Only a hash of a
-- code is kept; a code works once, before it expires.
--
-- citizen.external_ref: the citizen's key in another system, for CSV
-- imports that refer to citizens across files.

CREATE TABLE diary_entry (
  id ID_PRIMARY_KEY,
  citizen_id BIGINT NOT NULL REFERENCES citizen (id),
  course_id BIGINT REFERENCES course (id),
  goal_id BIGINT REFERENCES goal (id),
  written_on TEXT NOT NULL,
  body TEXT NOT NULL,
  author_user_id BIGINT NOT NULL REFERENCES app_user (id),
  author_kind TEXT NOT NULL CHECK (author_kind IN ('staff', 'citizen')),
  created_at TEXT NOT NULL
);
CREATE INDEX diary_entry_citizen ON diary_entry (citizen_id, written_on);

CREATE TABLE invitation (
  id ID_PRIMARY_KEY,
  citizen_id BIGINT NOT NULL REFERENCES citizen (id),
  code_hash TEXT NOT NULL UNIQUE,
  created_by BIGINT NOT NULL REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by BIGINT REFERENCES app_user (id)
);
CREATE INDEX invitation_citizen ON invitation (citizen_id);

ALTER TABLE citizen ADD COLUMN external_ref TEXT;
CREATE INDEX citizen_external_ref ON citizen (external_ref);
