/* summary.c — the course summary of the national aggregates
 * (110_course_summary.sql): for each course, instrument version and item,
 * the value at the course's first approved start measurement, at its last
 * approved end measurement and at its latest approved measurement.
 *
 * Every path that writes measurements calls store_summary_refresh() for
 * the courses it touched, in its own transaction: recording, editing
 * (the old course and the new), approving, the bulk loader; erasing a
 * citizen removes the rows with the courses.  The rows of a course are
 * computed again from its measurements each time (a few index look-ups),
 * never patched, so they cannot drift from what the measurements say. */
#include "store/internal.h"

/* The rows of the courses in [first, last]: the same statement as the
 * migration's backfill, with the range.  Parameters: first, last. */
#define SUMMARY_ROWS_SQL                                                                  \
  "INSERT INTO course_summary (course_id, instrument_id, item_id, intervention_id,"       \
  " start_value, end_value, latest_value)"                                                \
  " SELECT v.course_id, v.instrument_id, v.item_id, v.intervention_id, v.s, v.e, v.l"     \
  " FROM (SELECT g.course_id, g.instrument_id, it.id AS item_id, g.intervention_id,"      \
  "  (SELECT a.value FROM measurement_answer a"                                           \
  "   WHERE a.measurement_id = g.start_id AND a.item_id = it.id) AS s,"                   \
  "  (SELECT a.value FROM measurement_answer a"                                           \
  "   WHERE a.measurement_id = g.end_id AND a.item_id = it.id) AS e,"                     \
  "  (SELECT a.value FROM measurement_answer a"                                           \
  "   WHERE a.measurement_id = g.latest_id AND a.item_id = it.id) AS l"                   \
  "  FROM (SELECT p.course_id, p.instrument_id, k.intervention_id,"                       \
  "    (SELECT m.id FROM measurement m WHERE m.course_id = p.course_id"                   \
  "     AND m.instrument_id = p.instrument_id AND m.status = 'approved'"                  \
  "     AND m.point = 'start' ORDER BY m.measured_on ASC, m.id ASC LIMIT 1) AS start_id,"  \
  "    (SELECT m.id FROM measurement m WHERE m.course_id = p.course_id"                   \
  "     AND m.instrument_id = p.instrument_id AND m.status = 'approved'"                  \
  "     AND m.point = 'end' ORDER BY m.measured_on DESC, m.id DESC LIMIT 1) AS end_id,"    \
  "    (SELECT m.id FROM measurement m WHERE m.course_id = p.course_id"                   \
  "     AND m.instrument_id = p.instrument_id AND m.status = 'approved'"                  \
  "     ORDER BY m.measured_on DESC, m.id DESC LIMIT 1) AS latest_id"                      \
  "    FROM (SELECT DISTINCT m.course_id, m.instrument_id FROM measurement m"             \
  "          WHERE m.course_id BETWEEN ? AND ? AND m.status = 'approved') p"              \
  "    JOIN course k ON k.id = p.course_id) g"                                            \
  "  JOIN instrument_item it ON it.instrument_id = g.instrument_id) v"                    \
  " WHERE v.s IS NOT NULL OR v.e IS NOT NULL OR v.l IS NOT NULL"

gboolean
store_summary_refresh(StoreDb *db, gint64 first_course, gint64 last_course, GError **error)
{
  if (first_course <= 0 || last_course < first_course)
    return TRUE;
  return store_exec(db, "DELETE FROM course_summary WHERE course_id BETWEEN ? AND ?",
                    STORE_PARAMS(P_INT(first_course), P_INT(last_course)), error) &&
         store_exec(db, SUMMARY_ROWS_SQL, STORE_PARAMS(P_INT(first_course), P_INT(last_course)),
                    error);
}

static gint
id_order(gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return (x > y) - (x < y);
}

gboolean
store_summary_refresh_many(StoreDb *db, GArray *course_ids, GError **error)
{
  if (course_ids->len == 0)
    return TRUE;
  g_array_sort(course_ids, id_order);
  /* Runs of ids close together as one range (a bulk load's new courses
   * are consecutive); a range may take in a course between them that was
   * not touched, which is only computed again. */
  const gint64 *ids = (const gint64 *)course_ids->data;
  guint start = 0;
  for (guint i = 1; i <= course_ids->len; i++) {
    if (i == course_ids->len || ids[i] - ids[i - 1] > 16) {
      if (!store_summary_refresh(db, ids[start], ids[i - 1], error))
        return FALSE;
      start = i;
    }
  }
  return TRUE;
}
