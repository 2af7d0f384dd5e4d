-- 053_citizen_journey.sql — citizen journeys (borgerrejser): a course
-- (concrete, generalised or fictitious) drawn as a timeline of weeks with
-- one lane each for the citizen, the offer, the authority, others and the
-- documentation.  An entry sits in one week of one lane and says what
-- kind of note it is: an activity; the citizen's strengths, weaknesses
-- and what needs attention; an assessment; or, in the documentation lane,
-- a point where documentation is collected or used.

CREATE TABLE citizen_journey (
  id ID_PRIMARY_KEY,
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('concrete', 'generalised', 'fictitious')),
  description TEXT,
  weeks INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 104),
  others_label TEXT,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX citizen_journey_offer ON citizen_journey (offer_id);

CREATE TABLE journey_entry (
  id ID_PRIMARY_KEY,
  journey_id BIGINT NOT NULL REFERENCES citizen_journey (id),
  week INTEGER NOT NULL,
  lane TEXT NOT NULL CHECK (lane IN ('citizen', 'offer', 'authority', 'others', 'documentation')),
  kind TEXT NOT NULL CHECK (kind IN ('activity', 'strength', 'weakness', 'attention',
                                     'assessment', 'collect', 'use')),
  text TEXT NOT NULL,
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX journey_entry_journey ON journey_entry (journey_id, week, lane, position);
