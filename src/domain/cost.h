/* cost.h — the arithmetic of the cost report (pure, no database): what an
 * intervention cost in a period, per citizen-course and per point of
 * improvement on a scale.
 *
 * An amount entered for a period is spread evenly over its days, so a
 * period asked for gets the share of each entry's days that fall in it
 * (both ends count).  A course counts when it runs some day of the period.
 * A course's improvement is the change from its first to its last approved
 * staff measurement in the period (turned so that better is positive);
 * courses with fewer than two measurements there add nothing and are not
 * counted as measured.  Cost per point = cost / the sum of the
 * improvements, when that sum is positive.
 *
 * Small numbers: when fewer than k courses run, or fewer than k were
 * measured twice, the figures that rest on them are withheld
 * (suppressed), as the statistics of every report are. */
#pragma once

#include <glib.h>
#include <jansson.h>

/* The number of days from..to, both counted; 0 for an invalid or
 * reversed period. */
gint64 cost_days(const char *from, const char *to);

/* The report's rows from store_cost_report_data()'s value, one per
 * intervention: [{intervention_id, name, offer_name, cost, cost_days,
 * period_days, courses, cost_per_course, measured_courses, improvement,
 * cost_per_point, suppressed}] where cost is the share of the entered
 * amounts in from..to (null when nothing is entered for any day of it),
 * cost_days the days of from..to an entry covers, courses the courses
 * running (null when suppressed), cost_per_course and cost_per_point null
 * when they cannot be given or are withheld, improvement the sum of
 * points (null when withheld), and suppressed TRUE when something was
 * withheld for small numbers.  New reference. */
json_t *cost_report_rows(const json_t *data, const char *from, const char *to, guint k);
