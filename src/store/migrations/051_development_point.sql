-- 051_development_point.sql — development points (udviklingspunkter) an
-- offer chooses to work on, often from an element or a question of an
-- assessment, and the trial actions (prøvehandlinger, PDSA) that test
-- small changes towards them.
--
-- A development point is never deleted (status 'dropped' instead), so the
-- trial actions that point at it keep their context.

CREATE TABLE development_point (
  id ID_PRIMARY_KEY,
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  title TEXT NOT NULL,
  description TEXT,
  assessment_id BIGINT REFERENCES practice_assessment (id),
  element_key TEXT,
  item_id BIGINT REFERENCES instrument_item (id),
  priority INTEGER NOT NULL,
  owner_user_id BIGINT REFERENCES app_user (id),
  deadline TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX development_point_offer ON development_point (offer_id, priority);

-- Plan (hypothesis, indicator, who/where/when), Do (dates, status), Study
-- (result, learning), Act (decision: adopt, adjust or drop).
CREATE TABLE trial_action (
  id ID_PRIMARY_KEY,
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  development_point_id BIGINT NOT NULL REFERENCES development_point (id),
  title TEXT NOT NULL,
  hypothesis TEXT NOT NULL,
  indicator TEXT NOT NULL,
  plan_who TEXT,
  plan_where TEXT,
  plan_when TEXT,
  starts_on TEXT,
  ends_on TEXT,
  status TEXT NOT NULL CHECK (status IN ('planned', 'running', 'finished')),
  result TEXT,
  learning TEXT,
  decision TEXT CHECK (decision IN ('adopt', 'adjust', 'drop')),
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX trial_action_offer ON trial_action (offer_id, status);
CREATE INDEX trial_action_point ON trial_action (development_point_id);
