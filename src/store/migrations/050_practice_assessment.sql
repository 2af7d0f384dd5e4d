-- 050_practice_assessment.sql — an offer's assessment of its own practice
-- with a practice-assessment instrument (Lovende praksis, the
-- self-evaluation): answered at a meeting against one instrument version,
-- saved page by page, with the group's comment on each question (why it
-- answers as it does) and, for the self-evaluation, the development
-- activities of each row.  Every assessment is kept: the history of an
-- offer is its assessments of one instrument over time.
--
-- score is the instrument's total as last scored from the answers (NULL
-- while there are too few); the element scores are scored from the
-- answers when shown, by the version the assessment points at.

CREATE TABLE practice_assessment (
  id ID_PRIMARY_KEY,
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  instrument_id BIGINT NOT NULL REFERENCES instrument (id),
  intervention_id BIGINT REFERENCES intervention (id),
  title TEXT,
  held_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('in_progress', 'finished')),
  participants TEXT,
  reflection TEXT,
  score REAL,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX practice_assessment_offer ON practice_assessment (offer_id, held_on);

-- value NULL: not answered yet (the row may still hold a comment).
CREATE TABLE practice_answer (
  assessment_id BIGINT NOT NULL REFERENCES practice_assessment (id),
  item_id BIGINT NOT NULL REFERENCES instrument_item (id),
  value INTEGER,
  comment TEXT,
  activities TEXT,
  updated_by BIGINT REFERENCES app_user (id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (assessment_id, item_id)
);
