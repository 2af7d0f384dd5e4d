-- The national aggregates (store/report.c) read the measurements through
-- these two indexes alone, never the rows:
--
--  - measurement_report lists the courses with an approved end
--    measurement of an instrument, and gives each course's first start
--    and last end in one seek;
--  - measurement_course_latest gives a course's latest approved
--    measurement of an instrument in one seek (goal attainment).
CREATE INDEX measurement_report ON measurement (instrument_id, point, status, course_id,
  measured_on, id);
CREATE INDEX measurement_course_latest ON measurement (course_id, instrument_id, status,
  measured_on, id);
