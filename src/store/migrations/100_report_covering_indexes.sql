-- 100_report_covering_indexes.sql — the reports of an offer (store/reports.c,
-- store/report_figures.c) and the national aggregates (store/report.c)
-- read measurements and answers from indexes alone, never the rows:
--
--  - measurement_answer_value holds each answer's value beside its key,
--    so that an answer found by (measurement, item) needs no second seek
--    into the table;
--  - measurement_course_latest, (course, instrument, status, day, id) as
--    before for a course's latest measurement, now also carries the
--    respondent, the point and the score that the reports read for each
--    of a course's measurements.
CREATE INDEX measurement_answer_value ON measurement_answer (measurement_id, item_id, value);
DROP INDEX measurement_course_latest;
CREATE INDEX measurement_course_latest ON measurement (course_id, instrument_id, status,
  measured_on, id, respondent, point, score);
