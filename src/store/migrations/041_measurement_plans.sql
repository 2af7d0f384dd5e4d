-- 041_measurement_plans.sql — when an intervention measures (Kapitel 3,
-- Figur 5): its measurement points, each with the instruments to use, who
-- answers them, and a window in days around the point's date inside which
-- a measurement counts as on time.  The expected measurements of a course
-- are derived from its plan, its dates and its phases (domain/due.c); they
-- are never stored.
--
-- kind           when                                   months
-- start          the course's start                     –
-- follow_up      every `months` months after the start  N
-- phase_change   when the course enters phase_id (any    –
--                phase when NULL)
-- end            the course's end                       –
-- after_end      `months` months after the end          N

CREATE TABLE plan_point (
  id ID_PRIMARY_KEY,
  intervention_id BIGINT NOT NULL REFERENCES intervention (id),
  kind TEXT NOT NULL CHECK (kind IN ('start', 'follow_up', 'phase_change', 'end', 'after_end')),
  months INTEGER,
  phase_id BIGINT REFERENCES intervention_phase (id),
  window_days INTEGER NOT NULL CHECK (window_days >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX plan_point_intervention ON plan_point (intervention_id);

-- The instruments of a point by key (the newest version is answered) and
-- the respondent of each.
CREATE TABLE plan_point_task (
  plan_point_id BIGINT NOT NULL REFERENCES plan_point (id),
  instrument_key TEXT NOT NULL,
  respondent TEXT NOT NULL CHECK (respondent IN ('citizen', 'staff', 'relative', 'authority')),
  PRIMARY KEY (plan_point_id, instrument_key, respondent)
);
