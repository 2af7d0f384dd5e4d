-- 110_course_summary.sql — the national aggregates' summary of each course
-- and instrument version (store/summary.c keeps it; store/report.c reads
-- it): for every item, the value at the course's first approved "start"
-- measurement, at its last approved "end" measurement and at its latest
-- approved measurement of any point, over all respondents.  A row exists
-- where at least one of the three is answered.
--
-- The same write transaction that changes a measurement (recorded,
-- edited, approved, moved to another course, erased with its citizen, or
-- loaded in bulk) brings the rows of its course up to date, so the change
-- from start to end, the development categories and goal attainment over
-- a whole country are one scan of this table (by instrument and
-- intervention, the order of the second index) instead of a look-up of
-- each course's measurements.  A course's intervention never changes, so
-- it is kept here too.
CREATE TABLE course_summary (
  course_id BIGINT NOT NULL REFERENCES course (id),
  instrument_id BIGINT NOT NULL REFERENCES instrument (id),
  item_id BIGINT NOT NULL REFERENCES instrument_item (id),
  intervention_id BIGINT NOT NULL REFERENCES intervention (id),
  start_value INTEGER,
  end_value INTEGER,
  latest_value INTEGER,
  PRIMARY KEY (course_id, instrument_id, item_id)
);
CREATE INDEX course_summary_change ON course_summary (instrument_id, intervention_id, item_id,
  start_value, end_value);

-- The rows of every course measured so far (store/summary.c's refresh,
-- over all courses).
INSERT INTO course_summary (course_id, instrument_id, item_id, intervention_id, start_value,
  end_value, latest_value)
SELECT v.course_id, v.instrument_id, v.item_id, v.intervention_id, v.s, v.e, v.l
FROM (SELECT g.course_id, g.instrument_id, it.id AS item_id, g.intervention_id,
  (SELECT a.value FROM measurement_answer a
   WHERE a.measurement_id = g.start_id AND a.item_id = it.id) AS s,
  (SELECT a.value FROM measurement_answer a
   WHERE a.measurement_id = g.end_id AND a.item_id = it.id) AS e,
  (SELECT a.value FROM measurement_answer a
   WHERE a.measurement_id = g.latest_id AND a.item_id = it.id) AS l
  FROM (SELECT p.course_id, p.instrument_id, k.intervention_id,
    (SELECT m.id FROM measurement m WHERE m.course_id = p.course_id
     AND m.instrument_id = p.instrument_id AND m.status = 'approved' AND m.point = 'start'
     ORDER BY m.measured_on ASC, m.id ASC LIMIT 1) AS start_id,
    (SELECT m.id FROM measurement m WHERE m.course_id = p.course_id
     AND m.instrument_id = p.instrument_id AND m.status = 'approved' AND m.point = 'end'
     ORDER BY m.measured_on DESC, m.id DESC LIMIT 1) AS end_id,
    (SELECT m.id FROM measurement m WHERE m.course_id = p.course_id
     AND m.instrument_id = p.instrument_id AND m.status = 'approved'
     ORDER BY m.measured_on DESC, m.id DESC LIMIT 1) AS latest_id
    FROM (SELECT DISTINCT m.course_id, m.instrument_id FROM measurement m
          WHERE m.course_id IS NOT NULL AND m.status = 'approved') p
    JOIN course k ON k.id = p.course_id) g
  JOIN instrument_item it ON it.instrument_id = g.instrument_id) v
WHERE v.s IS NOT NULL OR v.e IS NOT NULL OR v.l IS NOT NULL;
