-- 001_init.sql — the foundation schema.
--
-- Portable SQL for SQLite and PostgreSQL: BIGINT ids, TEXT, REAL, INTEGER
-- 0/1 for booleans, ISO-8601 text for dates ("2026-11-22") and UTC
-- timestamps ("2026-11-22T15:03:00Z").  ID_PRIMARY_KEY is the one dialect
-- token: the adapter turns it into its own auto-numbered primary key.

CREATE TABLE organisation (
  id ID_PRIMARY_KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('municipality', 'region', 'private')),
  created_at TEXT NOT NULL
);

CREATE TABLE offer (
  id ID_PRIMARY_KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisation (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX offer_organisation ON offer (organisation_id);

CREATE TABLE unit (
  id ID_PRIMARY_KEY,
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX unit_offer ON unit (offer_id);

CREATE TABLE citizen (
  id ID_PRIMARY_KEY,
  unit_id BIGINT NOT NULL REFERENCES unit (id),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  birth_date TEXT,
  gender TEXT CHECK (gender IN ('female', 'male', 'other')),
  referral_basis TEXT,
  diagnoses TEXT,
  education TEXT,
  occupation TEXT,
  housing TEXT,
  intervention_goals TEXT,
  medical_treatment TEXT,
  criminal_record TEXT,
  mother_tongue TEXT,
  ethnic_background TEXT,
  family_situation TEXT,
  cohabitation TEXT,
  contact_person_id BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX citizen_unit ON citizen (unit_id, last_name, first_name);

CREATE TABLE app_user (
  id ID_PRIMARY_KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT,
  language TEXT CHECK (language IN ('da', 'en')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  citizen_id BIGINT REFERENCES citizen (id),
  created_at TEXT NOT NULL
);

CREATE TABLE role_assignment (
  id ID_PRIMARY_KEY,
  user_id BIGINT NOT NULL REFERENCES app_user (id),
  role TEXT NOT NULL CHECK (role IN ('staff', 'leader', 'authority', 'citizen', 'analyst', 'admin')),
  organisation_id BIGINT NOT NULL REFERENCES organisation (id),
  offer_id BIGINT REFERENCES offer (id),
  unit_id BIGINT REFERENCES unit (id)
);
CREATE INDEX role_assignment_user ON role_assignment (user_id);

CREATE TABLE authority_assignment (
  user_id BIGINT NOT NULL REFERENCES app_user (id),
  citizen_id BIGINT NOT NULL REFERENCES citizen (id),
  PRIMARY KEY (user_id, citizen_id)
);

CREATE TABLE session (
  id ID_PRIMARY_KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES app_user (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
-- Quoted: SESSION_USER is a reserved word in PostgreSQL.
CREATE INDEX "session_user" ON session (user_id);

CREATE TABLE login_attempt (
  id ID_PRIMARY_KEY,
  username TEXT NOT NULL,
  address TEXT NOT NULL,
  succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
  attempted_at TEXT NOT NULL
);
CREATE INDEX login_attempt_username ON login_attempt (username, attempted_at);
CREATE INDEX login_attempt_address ON login_attempt (address, attempted_at);

CREATE TABLE intervention (
  id ID_PRIMARY_KEY,
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  name TEXT NOT NULL,
  description TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX intervention_offer ON intervention (offer_id);

CREATE TABLE course (
  id ID_PRIMARY_KEY,
  citizen_id BIGINT NOT NULL REFERENCES citizen (id),
  intervention_id BIGINT NOT NULL REFERENCES intervention (id),
  started_on TEXT NOT NULL,
  ended_on TEXT,
  phase TEXT CHECK (phase IN ('stabilisation', 'primary_intervention', 'aftercare')),
  end_reason TEXT,
  discharged_to TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX course_citizen ON course (citizen_id);

-- An instrument version is immutable once stored; `definition` keeps the
-- whole JSON definition, the columns below are what queries need.
CREATE TABLE instrument (
  id ID_PRIMARY_KEY,
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  name_da TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  scale_min INTEGER NOT NULL,
  scale_max INTEGER NOT NULL,
  higher_is_better INTEGER NOT NULL CHECK (higher_is_better IN (0, 1)),
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (key, version)
);

CREATE TABLE instrument_item (
  id ID_PRIMARY_KEY,
  instrument_id BIGINT NOT NULL REFERENCES instrument (id),
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  text_da TEXT NOT NULL,
  text_en TEXT NOT NULL,
  UNIQUE (instrument_id, key)
);

CREATE TABLE measurement (
  id ID_PRIMARY_KEY,
  citizen_id BIGINT NOT NULL REFERENCES citizen (id),
  course_id BIGINT REFERENCES course (id),
  instrument_id BIGINT NOT NULL REFERENCES instrument (id),
  measured_on TEXT NOT NULL,
  point TEXT NOT NULL CHECK (point IN ('start', 'follow_up', 'end', 'after_end', 'ad_hoc')),
  respondent TEXT NOT NULL CHECK (respondent IN ('citizen', 'staff', 'relative', 'authority')),
  collection_method TEXT NOT NULL CHECK (collection_method IN
    ('self_report', 'simple_interview', 'dialogue_interview', 'observation', 'observation_conversation')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
  rater_user_id BIGINT REFERENCES app_user (id),
  comment TEXT,
  score REAL,
  created_at TEXT NOT NULL
);
CREATE INDEX measurement_citizen ON measurement (citizen_id, measured_on);

CREATE TABLE measurement_answer (
  measurement_id BIGINT NOT NULL REFERENCES measurement (id),
  item_id BIGINT NOT NULL REFERENCES instrument_item (id),
  value INTEGER,
  comment TEXT,
  PRIMARY KEY (measurement_id, item_id)
);

-- Append-only: the store has no path that updates or deletes a row here.
CREATE TABLE audit_log (
  id ID_PRIMARY_KEY,
  at TEXT NOT NULL,
  user_id BIGINT,
  citizen_id BIGINT,
  action TEXT NOT NULL,
  detail TEXT,
  address TEXT
);
CREATE INDEX audit_log_citizen ON audit_log (citizen_id, at);
