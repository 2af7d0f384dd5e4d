-- 043_goals.sql — goals set with the citizen, and the authority's
-- handleplan goals they serve.
--
-- A goal belongs to a course.  kind 'scale' is a goal on one item (life
-- area, parameter) of an instrument: its baseline is the item's value in
-- the latest approved measurement when the goal was set, its target a
-- value on the item's scale.  kind 'gas' is a Goal Attainment Scaling goal
-- with five level descriptions (−2 … +2), a weight, and ratings over time.
-- kind 'text' is a goal in words only (often a sub-goal).  goal_type is
-- Figur 10's: positive development or maintain/stabilise.  version
-- advances with every change (optimistic concurrency, as measurements).

CREATE TABLE action_plan_goal (
  id ID_PRIMARY_KEY,
  citizen_id BIGINT NOT NULL REFERENCES citizen (id),
  title TEXT NOT NULL,
  description TEXT,
  legal_basis TEXT,
  follow_up_on TEXT,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX action_plan_goal_citizen ON action_plan_goal (citizen_id);

CREATE TABLE goal (
  id ID_PRIMARY_KEY,
  citizen_id BIGINT NOT NULL REFERENCES citizen (id),
  course_id BIGINT NOT NULL REFERENCES course (id),
  parent_goal_id BIGINT REFERENCES goal (id),
  action_plan_goal_id BIGINT REFERENCES action_plan_goal (id),
  kind TEXT NOT NULL CHECK (kind IN ('scale', 'gas', 'text')),
  goal_type TEXT NOT NULL CHECK (goal_type IN ('improve', 'maintain')),
  title TEXT NOT NULL,
  description TEXT,
  instrument_key TEXT,
  item_key TEXT,
  baseline REAL,
  baseline_measurement_id BIGINT REFERENCES measurement (id),
  target_score REAL,
  set_on TEXT NOT NULL,
  target_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('active', 'reached', 'not_reached', 'cancelled')),
  gas_weight REAL,
  gas_level_m2 TEXT,
  gas_level_m1 TEXT,
  gas_level_0 TEXT,
  gas_level_p1 TEXT,
  gas_level_p2 TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX goal_course ON goal (course_id);
CREATE INDEX goal_citizen ON goal (citizen_id);

CREATE TABLE goal_revision (
  goal_id BIGINT NOT NULL REFERENCES goal (id),
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  changed_by BIGINT REFERENCES app_user (id),
  changed_at TEXT NOT NULL,
  PRIMARY KEY (goal_id, version)
);

-- The level a GAS goal was rated at, −2 … +2, on a date.
CREATE TABLE gas_rating (
  id ID_PRIMARY_KEY,
  goal_id BIGINT NOT NULL REFERENCES goal (id),
  rated_on TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN -2 AND 2),
  comment TEXT,
  user_id BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL
);
CREATE INDEX gas_rating_goal ON gas_rating (goal_id, rated_on);
