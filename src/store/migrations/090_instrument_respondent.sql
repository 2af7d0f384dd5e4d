-- 090_instrument_respondent.sql — who may answer each instrument version
-- (the definition's "respondents": the citizen, staff, a relative, the
-- authority), as rows beside the definition text like the scoring rows of
-- 030, so that the store can refuse a measurement answered by someone the
-- instrument is not made for (WHO-5 is the citizen's own assessment).
--
-- Versions stored before this migration get their rows when `spor migrate`
-- loads the instruments (domain/instrument.c).

CREATE TABLE instrument_respondent (
  instrument_id BIGINT NOT NULL REFERENCES instrument (id),
  respondent TEXT NOT NULL
    CHECK (respondent IN ('citizen', 'staff', 'relative', 'authority')),
  PRIMARY KEY (instrument_id, respondent)
);
