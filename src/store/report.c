/* report.c — the national aggregates the reports use most, computed in
 * the database over all the data (or one organisation or offer):
 *
 *  - change from start to end per intervention and item (life area) of
 *    an instrument, and
 *  - development categories per item (improved, unchanged, worsened),
 *    which become the handbook's goal-attainment categories once goals
 *    are recorded, and
 *  - goal attainment per item: the recorded goals on the instrument's
 *    items counted in Figur 10's five categories (domain/attainment.h).
 *
 * The first two pair, for each course, its first approved "start"
 * measurement with its last approved "end" measurement of the instrument,
 * and count only items answered at both.  All three return integer sums
 * and counts, never averages computed by the database: the caller
 * divides, so a mean is the same to the last digit on both backends.
 * Interventions are grouped by name, so that the national figure for
 * "Botræning (SEL § 107)" takes in every offer that runs it.
 *
 * The shape of the SQL is chosen for both planners at national scale
 * (bench/scale): the measurements are read from two covering indexes
 * (080_national_report_indexes.sql), one seek per course or goal, each
 * pair's answers are found through the answers' primary key, and the
 * items' names are joined to the few aggregated rows afterwards, never to
 * the millions before. */
#include <string.h>

#include "store/internal.h"

/* The courses' start and end measurements, as the CTE `pairs`
 * (course_id, start_id, end_id; start_id NULL when the course has an end
 * but no start), and their values as the CTE `paired` (course_id,
 * item_id, s, e; NULL where that end did not answer the item).  The
 * courses with an approved end are read from the index measurement_report
 * (instrument, point, status, course, day, id) without touching a row,
 * and each one's first start and last end is one seek in the same index:
 * no window, no sort, no join of two large intermediate results, which
 * SQLite's planner cannot index.
 * Parameters: the instrument and, when filtered, the respondent, three
 * times. */
static void
append_pairs(GString *sql, GArray *params, gint64 instrument_id, const StoreReportFilter *f)
{
  const char *respondent = f != NULL ? f->respondent : NULL;
  const char *by = respondent != NULL ? " AND m.respondent = ?" : "";
  g_string_append_printf(
    sql,
    "WITH ends AS (SELECT DISTINCT m.course_id FROM measurement m"
    " WHERE m.instrument_id = ? AND m.point = 'end' AND m.status = 'approved'"
    " AND m.course_id IS NOT NULL%s), "
    "pairs AS (SELECT e.course_id,"
    " (SELECT m.id FROM measurement m WHERE m.instrument_id = ? AND m.point = 'start'"
    " AND m.status = 'approved' AND m.course_id = e.course_id%s"
    " ORDER BY m.measured_on ASC, m.id ASC LIMIT 1) AS start_id,"
    " (SELECT m.id FROM measurement m WHERE m.instrument_id = ? AND m.point = 'end'"
    " AND m.status = 'approved' AND m.course_id = e.course_id%s"
    " ORDER BY m.measured_on DESC, m.id DESC LIMIT 1) AS end_id"
    " FROM ends e), "
    /* Both ends' answers, each through the answers' key from one side
     * of the pair (a join on one key, which PostgreSQL's planner runs as
     * index lookups rather than hashing every answer), then side by side
     * per course and item. */
    "vals AS (SELECT p.course_id, a.item_id, a.value, 0 AS side FROM pairs p"
    " JOIN measurement_answer a ON a.measurement_id = p.start_id WHERE a.value IS NOT NULL"
    " UNION ALL SELECT p.course_id, a.item_id, a.value, 1 AS side FROM pairs p"
    " JOIN measurement_answer a ON a.measurement_id = p.end_id WHERE a.value IS NOT NULL), "
    "paired AS (SELECT v.course_id, v.item_id,"
    " MAX(CASE WHEN v.side = 0 THEN v.value END) AS s,"
    " MAX(CASE WHEN v.side = 1 THEN v.value END) AS e"
    " FROM vals v GROUP BY v.course_id, v.item_id) ",
    by, by, by);
  for (int k = 0; k < 3; k++) {
    StoreParam p = P_INT(instrument_id);
    g_array_append_val(params, p);
    if (respondent != NULL) {
      StoreParam r = P_TEXT(respondent);
      g_array_append_val(params, r);
    }
  }
}

/* From `paired`, the items answered at both ends, through the course to
 * its intervention when by_intervention or a filter needs it; the
 * organisation or offer filter when given. */
static void
append_joins(GString *sql, GArray *params, const StoreReportFilter *f, gboolean by_intervention)
{
  gboolean filtered = f != NULL && (f->organisation_id != 0 || f->offer_id != 0);
  g_string_append(sql, "FROM paired p");
  if (by_intervention || filtered)
    g_string_append(sql,
                    " JOIN course k ON k.id = p.course_id"
                    " JOIN intervention i ON i.id = k.intervention_id");
  if (f != NULL && f->organisation_id != 0)
    g_string_append(sql, " JOIN offer o ON o.id = i.offer_id");
  g_string_append(sql, " WHERE p.s IS NOT NULL AND p.e IS NOT NULL");
  if (f != NULL && f->organisation_id != 0) {
    g_string_append(sql, " AND o.organisation_id = ?");
    StoreParam p = P_INT(f->organisation_id);
    g_array_append_val(params, p);
  }
  if (f != NULL && f->offer_id != 0) {
    g_string_append(sql, " AND i.offer_id = ?");
    StoreParam p = P_INT(f->offer_id);
    g_array_append_val(params, p);
  }
}

/* Whether the summary (110_course_summary.sql) answers: it holds every
 * respondent's measurements together. */
static gboolean
from_summary(const StoreReportFilter *f)
{
  return f == NULL || (f->respondent == NULL && !f->from_measurements);
}

/* The organisation or offer filter on the summary rows `s`, when given. */
static void
append_summary_filter(GString *sql, GArray *params, const StoreReportFilter *f)
{
  if (f != NULL && f->organisation_id != 0) {
    g_string_append(sql, " AND s.intervention_id IN (SELECT fi.id FROM intervention fi"
                         " JOIN offer fo ON fo.id = fi.offer_id WHERE fo.organisation_id = ?)");
    StoreParam p = P_INT(f->organisation_id);
    g_array_append_val(params, p);
  }
  if (f != NULL && f->offer_id != 0) {
    g_string_append(sql, " AND s.intervention_id IN (SELECT fi.id FROM intervention fi"
                         " WHERE fi.offer_id = ?)");
    StoreParam p = P_INT(f->offer_id);
    g_array_append_val(params, p);
  }
}

static gboolean
valid_filter(const StoreReportFilter *f, GError **error)
{
  static const char *const respondents[] = {"citizen", "staff", "relative", "authority"};
  if (f == NULL || f->respondent == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS(respondents); i++)
    if (strcmp(f->respondent, respondents[i]) == 0)
      return TRUE;
  g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
              "ukendt besvarer '%s' (citizen, staff, relative eller authority)", f->respondent);
  return FALSE;
}

json_t *
store_report_change(StoreDb *db, gint64 instrument_id, const StoreReportFilter *filter,
                    GError **error)
{
  if (!valid_filter(filter, error))
    return NULL;
  g_autoptr(GString) sql = g_string_new(NULL);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  if (from_summary(filter)) {
    /* One pass over the instrument's summary rows in the order of the
     * index course_summary_change (instrument, item, intervention), then
     * the interventions' names over the few sums. */
    g_string_append(
      sql,
      "SELECT c.intervention, it.id AS item_id, it.key AS item_key,"
      " it.text_da AS item_text_da, it.text_en AS item_text_en, c.n, c.sum_start,"
      " c.sum_end, c.sum_change, c.sum_change_sq "
      "FROM (SELECT i.name AS intervention, x.item_id, CAST(SUM(x.n) AS BIGINT) AS n,"
      " CAST(SUM(x.sum_start) AS BIGINT) AS sum_start, CAST(SUM(x.sum_end) AS BIGINT) AS sum_end,"
      " CAST(SUM(x.sum_change) AS BIGINT) AS sum_change,"
      " CAST(SUM(x.sum_change_sq) AS BIGINT) AS sum_change_sq "
      "FROM (SELECT s.item_id, s.intervention_id, COUNT(*) AS n, SUM(s.start_value) AS sum_start,"
      " SUM(s.end_value) AS sum_end, SUM(s.end_value - s.start_value) AS sum_change,"
      " SUM((s.end_value - s.start_value) * (s.end_value - s.start_value)) AS sum_change_sq"
      " FROM course_summary s WHERE s.instrument_id = ? AND s.start_value IS NOT NULL"
      " AND s.end_value IS NOT NULL");
    StoreParam p = P_INT(instrument_id);
    g_array_append_val(params, p);
    append_summary_filter(sql, params, filter);
    g_string_append(sql,
                    " GROUP BY s.item_id, s.intervention_id) x"
                    " JOIN intervention i ON i.id = x.intervention_id GROUP BY i.name, x.item_id) c"
                    " JOIN instrument_item it ON it.id = c.item_id"
                    " ORDER BY c.intervention, it.position, it.id");
    return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
  }
  append_pairs(sql, params, instrument_id, filter);
  g_string_append(sql,
                  "SELECT c.intervention, it.id AS item_id, it.key AS item_key,"
                  " it.text_da AS item_text_da, it.text_en AS item_text_en, c.n, c.sum_start,"
                  " c.sum_end, c.sum_change, c.sum_change_sq "
                  "FROM (SELECT i.name AS intervention, p.item_id, COUNT(*) AS n,"
                  " SUM(p.s) AS sum_start, SUM(p.e) AS sum_end, SUM(p.e - p.s) AS sum_change,"
                  " SUM((p.e - p.s) * (p.e - p.s)) AS sum_change_sq ");
  append_joins(sql, params, filter, TRUE);
  g_string_append(sql,
                  " GROUP BY i.name, p.item_id) c"
                  " JOIN instrument_item it ON it.id = c.item_id"
                  " ORDER BY c.intervention, it.position, it.id");
  return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
}

json_t *
store_report_development(StoreDb *db, gint64 instrument_id, const StoreReportFilter *filter,
                         GError **error)
{
  if (!valid_filter(filter, error))
    return NULL;
  gint64 higher_is_better = 0;
  GError *local = NULL;
  if (!store_query_int(db, "SELECT higher_is_better FROM instrument WHERE id = ?",
                       STORE_PARAMS(P_INT(instrument_id)), &higher_is_better, &local)) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "instrumentet findes ikke");
    }
    g_propagate_error(error, local);
    return NULL;
  }
  g_autoptr(GString) sql = g_string_new(NULL);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  StoreParam direction[] = {P_INT(higher_is_better ? 1 : -1), P_INT(higher_is_better ? 1 : -1)};
  if (from_summary(filter)) {
    g_string_append(sql,
                    "SELECT it.id AS item_id, it.key AS item_key, it.text_da AS item_text_da,"
                    " it.text_en AS item_text_en, d.n, d.improved, d.unchanged, d.worsened "
                    "FROM (SELECT s.item_id, COUNT(*) AS n,"
                    " SUM(CASE WHEN (s.end_value - s.start_value) * ? > 0 THEN 1 ELSE 0 END)"
                    " AS improved,"
                    " SUM(CASE WHEN s.end_value = s.start_value THEN 1 ELSE 0 END) AS unchanged,"
                    " SUM(CASE WHEN (s.end_value - s.start_value) * ? < 0 THEN 1 ELSE 0 END)"
                    " AS worsened"
                    " FROM course_summary s WHERE s.instrument_id = ?"
                    " AND s.start_value IS NOT NULL AND s.end_value IS NOT NULL");
    g_array_append_vals(params, direction, 2);
    StoreParam p = P_INT(instrument_id);
    g_array_append_val(params, p);
    append_summary_filter(sql, params, filter);
    g_string_append(sql,
                    " GROUP BY s.item_id) d"
                    " JOIN instrument_item it ON it.id = d.item_id"
                    " ORDER BY it.position, it.id");
    return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
  }
  append_pairs(sql, params, instrument_id, filter);
  /* Improvement is a rise on a scale where higher is better, a fall on
   * one where lower is. */
  g_string_append(sql,
                  "SELECT it.id AS item_id, it.key AS item_key, it.text_da AS item_text_da,"
                  " it.text_en AS item_text_en, d.n, d.improved, d.unchanged, d.worsened "
                  "FROM (SELECT p.item_id, COUNT(*) AS n,"
                  " SUM(CASE WHEN (p.e - p.s) * ? > 0 THEN 1 ELSE 0 END) AS improved,"
                  " SUM(CASE WHEN p.e = p.s THEN 1 ELSE 0 END) AS unchanged,"
                  " SUM(CASE WHEN (p.e - p.s) * ? < 0 THEN 1 ELSE 0 END) AS worsened ");
  g_array_append_vals(params, direction, 2);
  append_joins(sql, params, filter, FALSE);
  g_string_append(sql,
                  " GROUP BY p.item_id) d"
                  " JOIN instrument_item it ON it.id = d.item_id"
                  " ORDER BY it.position, it.id");
  return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
}

/* The category of domain/attainment.c's goal_attainment() as SQL, for a
 * goal g and the latest value `value`; parameters: the direction (1 when
 * higher is better, else -1) four times.  1 reached_improve, 2 improved,
 * 3 reached_maintain, 4 no_change, 5 worse. */
#define ATTAINMENT_CATEGORY(value)                                                       \
  "CASE WHEN g.goal_type = 'maintain' THEN"                                              \
  " CASE WHEN ? * (" value " - g.baseline) >= 0 THEN 3 ELSE 5 END"                      \
  " WHEN g.target_score IS NOT NULL AND ? * (" value " - g.target_score) >= 0"          \
  " AND ? * (" value " - g.baseline) >= 0 THEN 1"                                        \
  " WHEN ? * (" value " - g.baseline) > 0 THEN 2"                                        \
  " WHEN " value " = g.baseline THEN 4 ELSE 5 END"

json_t *
store_report_attainment(StoreDb *db, gint64 instrument_id, const StoreReportFilter *f,
                        GError **error)
{
  if (!valid_filter(f, error))
    return NULL;
  json_t *instrument = store_query_row(
    db, "SELECT key, higher_is_better FROM instrument WHERE id = ?",
    STORE_PARAMS(P_INT(instrument_id)), "instrumentet findes ikke", error);
  if (instrument == NULL)
    return NULL;
  g_autofree char *key = g_strdup(json_string_value(json_object_get(instrument, "key")));
  gint64 direction = json_integer_value(json_object_get(instrument, "higher_is_better")) ? 1 : -1;
  json_decref(instrument);

  g_autoptr(GString) sql = g_string_new(NULL);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  if (from_summary(f)) {
    /* Each goal with its course's latest value of the item from the
     * summary, one look-up of its key per goal; the goals of the
     * instrument are one range of the index goal_attainment, by item
     * key, so the counts come without sorting.  The items are joined to
     * the few counts afterwards. */
    g_string_append(
      sql,
      "SELECT it.id AS item_id, it.key AS item_key, it.text_da AS item_text_da,"
      " it.text_en AS item_text_en, c.n, c.reached_improve, c.improved, c.reached_maintain,"
      " c.no_change, c.worse "
      "FROM (SELECT g.item_key, COUNT(*) AS n,"
      " SUM(CASE WHEN " ATTAINMENT_CATEGORY("s.latest_value") " = 1 THEN 1 ELSE 0 END)"
      " AS reached_improve,"
      " SUM(CASE WHEN " ATTAINMENT_CATEGORY("s.latest_value") " = 2 THEN 1 ELSE 0 END)"
      " AS improved,"
      " SUM(CASE WHEN " ATTAINMENT_CATEGORY("s.latest_value") " = 3 THEN 1 ELSE 0 END)"
      " AS reached_maintain,"
      " SUM(CASE WHEN " ATTAINMENT_CATEGORY("s.latest_value") " = 4 THEN 1 ELSE 0 END)"
      " AS no_change,"
      " SUM(CASE WHEN " ATTAINMENT_CATEGORY("s.latest_value") " = 5 THEN 1 ELSE 0 END)"
      " AS worse"
      " FROM goal g JOIN instrument_item gi ON gi.instrument_id = ? AND gi.key = g.item_key"
      " JOIN course_summary s ON s.course_id = g.course_id AND s.instrument_id = ?"
      " AND s.item_id = gi.id"
      " WHERE g.instrument_key = ? AND g.kind = 'scale' AND g.status <> 'cancelled'"
      " AND g.baseline IS NOT NULL AND s.latest_value IS NOT NULL");
    for (int k = 0; k < 5 * 4; k++) {
      StoreParam d = P_INT(direction);
      g_array_append_val(params, d);
    }
    StoreParam p = P_INT(instrument_id), kp = P_TEXT(key);
    g_array_append_val(params, p);
    g_array_append_val(params, p);
    g_array_append_val(params, kp);
    append_summary_filter(sql, params, f);
    g_string_append(sql,
                    " GROUP BY g.item_key) c"
                    " JOIN instrument_item it ON it.instrument_id = ? AND it.key = c.item_key"
                    " ORDER BY it.position, it.id");
    g_array_append_val(params, p);
    return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
  }
  const char *respondent = f != NULL ? f->respondent : NULL;
  gboolean filtered = f != NULL && (f->organisation_id != 0 || f->offer_id != 0);
  /* Each goal with its course's latest approved measurement of the
   * instrument: one seek in the index measurement_course_latest (course,
   * instrument, status, day, id) per goal. */
  g_string_append_printf(
    sql,
    "SELECT it.id AS item_id, it.key AS item_key, it.text_da AS item_text_da,"
    " it.text_en AS item_text_en, c.n, c.reached_improve, c.improved, c.reached_maintain,"
    " c.no_change, c.worse "
    "FROM (SELECT x.item_id, COUNT(*) AS n,"
    " SUM(CASE WHEN x.category = 1 THEN 1 ELSE 0 END) AS reached_improve,"
    " SUM(CASE WHEN x.category = 2 THEN 1 ELSE 0 END) AS improved,"
    " SUM(CASE WHEN x.category = 3 THEN 1 ELSE 0 END) AS reached_maintain,"
    " SUM(CASE WHEN x.category = 4 THEN 1 ELSE 0 END) AS no_change,"
    " SUM(CASE WHEN x.category = 5 THEN 1 ELSE 0 END) AS worse "
    "FROM (SELECT gi.id AS item_id, " ATTAINMENT_CATEGORY("a.value") " AS category"
    " FROM (SELECT g.course_id, g.goal_type, g.baseline, g.target_score, g.item_key,"
    " (SELECT m.id FROM measurement m WHERE m.course_id = g.course_id"
    " AND m.instrument_id = ? AND m.status = 'approved'%s"
    " ORDER BY m.measured_on DESC, m.id DESC LIMIT 1) AS latest_id"
    " FROM goal g WHERE g.kind = 'scale' AND g.status <> 'cancelled' AND g.instrument_key = ?"
    " AND g.baseline IS NOT NULL) g"
    " JOIN instrument_item gi ON gi.instrument_id = ? AND gi.key = g.item_key"
    " JOIN measurement_answer a ON a.measurement_id = g.latest_id AND a.item_id = gi.id",
    respondent ? " AND m.respondent = ?" : "");
  /* In the order of the text: the category, the latest, the goals, the items. */
  for (int k = 0; k < 4; k++) {
    StoreParam d = P_INT(direction);
    g_array_append_val(params, d);
  }
  StoreParam p = P_INT(instrument_id);
  g_array_append_val(params, p);
  if (respondent != NULL) {
    StoreParam r = P_TEXT(respondent);
    g_array_append_val(params, r);
  }
  StoreParam kp = P_TEXT(key);
  g_array_append_val(params, kp);
  g_array_append_val(params, p);
  if (filtered)
    g_string_append(sql,
                    " JOIN course k ON k.id = g.course_id"
                    " JOIN intervention i ON i.id = k.intervention_id");
  if (f != NULL && f->organisation_id != 0)
    g_string_append(sql, " JOIN offer o ON o.id = i.offer_id");
  g_string_append(sql, " WHERE a.value IS NOT NULL");
  if (f != NULL && f->organisation_id != 0) {
    g_string_append(sql, " AND o.organisation_id = ?");
    StoreParam o = P_INT(f->organisation_id);
    g_array_append_val(params, o);
  }
  if (f != NULL && f->offer_id != 0) {
    g_string_append(sql, " AND i.offer_id = ?");
    StoreParam o = P_INT(f->offer_id);
    g_array_append_val(params, o);
  }
  g_string_append(sql,
                  ") x GROUP BY x.item_id) c"
                  " JOIN instrument_item it ON it.id = c.item_id"
                  " ORDER BY it.position, it.id");
  return store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len, error);
}
