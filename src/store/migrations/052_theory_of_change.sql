-- 052_theory_of_change.sql — theories of change (forandringsteori) and
-- their results maps (resultatkort), kept in versions.
--
-- A theory has numbered versions; only the newest may be changed, and a
-- new version starts as a copy of the one before, so every earlier map
-- stays as it was.  A version holds the target group, the strategic
-- objectives and the written account (referat) of the decisions, and its
-- boxes in four columns (activities, immediate, medium-term and long-term
-- results) with arrows between boxes of the same version, each arrow with
-- its mechanism.  A box records its knowledge basis (research, practice,
-- citizens); a result box the instrument parameters that measure it, by
-- instrument key and item or subscale key, so they hold across versions
-- of the instrument.

CREATE TABLE theory_of_change (
  id ID_PRIMARY_KEY,
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  intervention_id BIGINT REFERENCES intervention (id),
  title TEXT NOT NULL,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL
);
CREATE INDEX theory_of_change_offer ON theory_of_change (offer_id);

CREATE TABLE theory_version (
  id ID_PRIMARY_KEY,
  theory_id BIGINT NOT NULL REFERENCES theory_of_change (id),
  version INTEGER NOT NULL,
  target_group TEXT,
  objective TEXT,
  narrative TEXT,
  change_note TEXT,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (theory_id, version)
);

CREATE TABLE theory_box (
  id ID_PRIMARY_KEY,
  version_id BIGINT NOT NULL REFERENCES theory_version (id),
  column_key TEXT NOT NULL CHECK (column_key IN
    ('activities', 'immediate_results', 'medium_term_results', 'long_term_results')),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  knowledge_research INTEGER NOT NULL DEFAULT 0 CHECK (knowledge_research IN (0, 1)),
  knowledge_practice INTEGER NOT NULL DEFAULT 0 CHECK (knowledge_practice IN (0, 1)),
  knowledge_citizens INTEGER NOT NULL DEFAULT 0 CHECK (knowledge_citizens IN (0, 1)),
  knowledge_note TEXT
);
CREATE INDEX theory_box_version ON theory_box (version_id, column_key, position);

-- part: 'total' (part_key ''), 'subscale' or 'item' of the instrument.
CREATE TABLE theory_box_parameter (
  box_id BIGINT NOT NULL REFERENCES theory_box (id),
  instrument_key TEXT NOT NULL,
  part TEXT NOT NULL CHECK (part IN ('total', 'subscale', 'item')),
  part_key TEXT NOT NULL,
  PRIMARY KEY (box_id, instrument_key, part, part_key)
);

CREATE TABLE theory_arrow (
  id ID_PRIMARY_KEY,
  version_id BIGINT NOT NULL REFERENCES theory_version (id),
  from_box_id BIGINT NOT NULL REFERENCES theory_box (id),
  to_box_id BIGINT NOT NULL REFERENCES theory_box (id),
  mechanism TEXT,
  UNIQUE (version_id, from_box_id, to_box_id)
);
