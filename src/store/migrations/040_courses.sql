-- 040_courses.sql — what a course needs beyond its dates: the intervention
-- described for its target group, the intervention's own phases, the
-- phases a course went through and when, the background questions each
-- offer asks during and at the end of a course and their answers, the
-- professional assessment of the course's success, and the intensity log.
--
-- The handbook's three phases (stabilisering, primær indsats,
-- efterbehandling) are every intervention's to start with; a leader
-- renames, adds and removes them.  intervention_phase.code names the
-- three standard phases (NULL for an offer's own), and course.phase keeps
-- the current phase's code when it is one of them.  course_phase is the
-- history; a course without rows there (written before it existed) is in
-- course.phase since its start.

ALTER TABLE intervention ADD COLUMN target_group TEXT;
ALTER TABLE intervention ADD COLUMN inclusion_criteria TEXT;
ALTER TABLE intervention ADD COLUMN exclusion_criteria TEXT;
ALTER TABLE intervention ADD COLUMN updated_at TEXT;

CREATE TABLE intervention_phase (
  id ID_PRIMARY_KEY,
  intervention_id BIGINT NOT NULL REFERENCES intervention (id),
  position INTEGER NOT NULL,
  code TEXT CHECK (code IN ('stabilisation', 'primary_intervention', 'aftercare')),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX intervention_phase_intervention ON intervention_phase (intervention_id, position);

INSERT INTO intervention_phase (intervention_id, position, code, name, created_at)
  SELECT id, 1, 'stabilisation', 'Stabilisering', created_at FROM intervention;
INSERT INTO intervention_phase (intervention_id, position, code, name, created_at)
  SELECT id, 2, 'primary_intervention', 'Primær indsats', created_at FROM intervention;
INSERT INTO intervention_phase (intervention_id, position, code, name, created_at)
  SELECT id, 3, 'aftercare', 'Efterbehandling', created_at FROM intervention;

CREATE TABLE course_phase (
  id ID_PRIMARY_KEY,
  course_id BIGINT NOT NULL REFERENCES course (id),
  phase_id BIGINT NOT NULL REFERENCES intervention_phase (id),
  started_on TEXT NOT NULL,
  user_id BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL
);
CREATE INDEX course_phase_course ON course_phase (course_id, started_on);

INSERT INTO course_phase (course_id, phase_id, started_on, created_at)
  SELECT k.id, p.id, k.started_on, k.created_at FROM course k
  JOIN intervention_phase p ON p.intervention_id = k.intervention_id AND p.code = k.phase;

-- Professional assessment of the intervention's success, at the end.
ALTER TABLE course ADD COLUMN success_assessment TEXT;
ALTER TABLE course ADD COLUMN updated_at TEXT;

-- Which background questions an offer asks, and which must be answered.
-- No row: asked and not required.  question is a key of the fixed list
-- (pages/courses.c): referral_basis, diagnoses, …, components, intensity,
-- next_phase_goals, medical_treatment, cohabitation, end_reason, ….
CREATE TABLE offer_question (
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  stage TEXT NOT NULL CHECK (stage IN ('start', 'during', 'end')),
  question TEXT NOT NULL,
  asked INTEGER NOT NULL CHECK (asked IN (0, 1)),
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  PRIMARY KEY (offer_id, stage, question)
);

-- Answers to the questions asked during and at the end of a course, dated:
-- those asked at several points (medicinsk behandling, samlivssituation)
-- are followed over time.
CREATE TABLE course_answer (
  id ID_PRIMARY_KEY,
  course_id BIGINT NOT NULL REFERENCES course (id),
  stage TEXT NOT NULL CHECK (stage IN ('during', 'end')),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  answered_on TEXT NOT NULL,
  user_id BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL
);
CREATE INDEX course_answer_course ON course_answer (course_id, answered_on);

-- The intensity log: one row per session held.
CREATE TABLE intensity_entry (
  id ID_PRIMARY_KEY,
  course_id BIGINT NOT NULL REFERENCES course (id),
  held_on TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('individual', 'group', 'family', 'network', 'activity',
                                     'remote', 'other')),
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  note TEXT,
  user_id BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL
);
CREATE INDEX intensity_entry_course ON intensity_entry (course_id, held_on);
