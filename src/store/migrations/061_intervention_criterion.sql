-- 061_intervention_criterion.sql — an intervention's inclusion criteria in
-- a form the system can check (Figur 14: the intended target group beside
-- who is actually there), next to the free text of 040_courses.sql.
--
-- One row is one criterion a citizen who starts must meet:
--   age          age at the start in [min_value, max_value] (either may be NULL);
--   gender       the citizen's gender is value ('female', 'male', 'other');
--   background   the background field `field` (a key of the fixed list in
--                store/quality.c) answered value (compared without case);
--   start_score  the first staff measurement of instrument `field` at the
--                start: item item_key (NULL: the mean of the items
--                answered) in [min_value, max_value].
CREATE TABLE intervention_criterion (
  id ID_PRIMARY_KEY,
  intervention_id BIGINT NOT NULL REFERENCES intervention (id),
  kind TEXT NOT NULL CHECK (kind IN ('age', 'gender', 'background', 'start_score')),
  field TEXT,
  item_key TEXT,
  value TEXT,
  min_value REAL,
  max_value REAL,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL
);
CREATE INDEX intervention_criterion_intervention ON intervention_criterion (intervention_id, id);
