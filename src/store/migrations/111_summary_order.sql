-- 111_summary_order.sql — the national aggregates read in the order they
-- group by, so that neither backend sorts a row per course or goal:
--
--  - course_summary_change by instrument, then item, then intervention:
--    development counts per item and change sums per item and
--    intervention as the rows come;
--  - goal_attainment holds what goal attainment reads of each goal, by
--    instrument and item, so that the goals of one instrument are one
--    range of it, already grouped by item.
DROP INDEX course_summary_change;
CREATE INDEX course_summary_change ON course_summary (instrument_id, item_id, intervention_id,
  start_value, end_value);
CREATE INDEX goal_attainment ON goal (instrument_key, kind, item_key, course_id, goal_type,
  baseline, target_score, status);
