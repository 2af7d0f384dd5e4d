-- 070_intervention_cost.sql — what an intervention cost in a period, as
-- the offer's leader enters it (staff hours, rent, activities: one amount
-- in kroner).  The cost report spreads each amount evenly over the days of
-- its period and divides by the courses and the points of improvement in
-- the period asked for.  Periods of one intervention do not overlap; the
-- store refuses a second period over days already entered.

CREATE TABLE intervention_cost (
  id ID_PRIMARY_KEY,
  intervention_id BIGINT NOT NULL REFERENCES intervention (id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  amount REAL NOT NULL CHECK (amount >= 0),
  note TEXT,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (period_end >= period_start)
);
CREATE INDEX intervention_cost_intervention ON intervention_cost (intervention_id, period_start);
