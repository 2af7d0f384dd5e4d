-- The reports (store/reports.c) find an offer's courses through their
-- intervention and period, and each course's measurements through the
-- course; without this index every report built a temporary one.
CREATE INDEX course_intervention ON course (intervention_id, started_on);
