/* report_figures.c — the rows behind a result box's figure; see
 * report_figures.h. */
#include <math.h>
#include <string.h>

#include "store/internal.h"
#include "store/report_figures.h"

/* One answer (or score) as it comes from the database, before the
 * values of a measurement are put together. */
typedef struct {
  gint64 measurement_id, course_id, item_id;
  char measured_on[11];
  gboolean start;
  double value;
} FigureRow;

static gint
figure_row_order(gconstpointer a, gconstpointer b)
{
  const FigureRow *x = a, *y = b;
  if (x->course_id != y->course_id)
    return x->course_id < y->course_id ? -1 : 1;
  int c = strcmp(x->measured_on, y->measured_on);
  if (c != 0)
    return c;
  return (x->measurement_id > y->measurement_id) - (x->measurement_id < y->measurement_id);
}

/* The offer's courses under way in the period, as " FROM course k JOIN
 * intervention i … WHERE …" (joins given in `joins` go before the WHERE);
 * parameters: offer, to, from (then the intervention when not 0). */
static void
append_courses(GString *sql, GArray *params, const char *joins, gint64 offer_id,
               gint64 intervention_id, const char *from, const char *to)
{
  g_string_append(sql, " FROM course k JOIN intervention i ON i.id = k.intervention_id");
  g_string_append(sql, joins);
  g_string_append(sql, " WHERE i.offer_id = ? AND k.started_on <= ?"
                       " AND (k.ended_on IS NULL OR k.ended_on >= ?)");
  StoreParam p[3] = {P_INT(offer_id), P_TEXT(to), P_TEXT(from)};
  g_array_append_vals(params, p, 3);
  if (intervention_id != 0) {
    g_string_append(sql, " AND k.intervention_id = ?");
    StoreParam q = P_INT(intervention_id);
    g_array_append_val(params, q);
  }
}

/* What a reversed item's answer is subtracted from (the scale's minimum
 * plus its maximum), for each item of the parameter in every version of
 * the instrument: item id → newly allocated double, NaN when the item is
 * not reversed.  NULL with error. */
static GHashTable *
figure_items(StoreDb *db, const char *instrument_key, gboolean item, const char *part_key,
             GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT it.id, CASE WHEN it.reverse = 1 AND sc.key IS NOT NULL"
    " THEN sc.score_min + sc.score_max END"
    " FROM instrument_item it JOIN instrument ins ON ins.id = it.instrument_id"
    " LEFT JOIN instrument_scale sc ON sc.instrument_id = it.instrument_id"
    " AND sc.key = it.scale_key WHERE ins.key = ?");
  g_string_append(sql, item ? " AND it.key = ?" : " AND it.subscale_key = ?");
  StoreStmt *stmt = store_stmt_open(db, sql->str,
                                    STORE_PARAMS(P_TEXT(instrument_key), P_TEXT(part_key)), error);
  if (stmt == NULL)
    return NULL;
  GHashTable *items = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    gint64 *id = g_new(gint64, 1);
    double *flip = g_new(double, 1);
    *id = store_col_int(db, stmt, 0);
    *flip = store_col_is_null(db, stmt, 1) ? NAN : store_col_real(db, stmt, 1);
    g_hash_table_insert(items, id, flip);
  }
  store_stmt_done(db, stmt);
  if (step != STORE_STEP_DONE) {
    g_hash_table_destroy(items);
    return NULL;
  }
  return items;
}

typedef struct {
  gint64 citizen_id;
  char started_on[11];
} FigureCourse;

/* The courses of the scope: course id → newly allocated FigureCourse. */
static GHashTable *
figure_courses(StoreDb *db, gint64 offer_id, gint64 intervention_id, const char *from,
               const char *to, GError **error)
{
  g_autoptr(GString) sql = g_string_new("SELECT k.id, k.citizen_id, k.started_on");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_courses(sql, params, "", offer_id, intervention_id, from, to);
  StoreStmt *stmt = store_stmt_open(db, sql->str, (const StoreParam *)params->data, params->len,
                                    error);
  if (stmt == NULL)
    return NULL;
  GHashTable *courses = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    gint64 *id = g_new(gint64, 1);
    FigureCourse *c = g_new0(FigureCourse, 1);
    *id = store_col_int(db, stmt, 0);
    c->citizen_id = store_col_int(db, stmt, 1);
    g_strlcpy(c->started_on, store_col_text(db, stmt, 2) ? store_col_text(db, stmt, 2) : "",
              sizeof c->started_on);
    g_hash_table_insert(courses, id, c);
  }
  store_stmt_done(db, stmt);
  if (step != STORE_STEP_DONE) {
    g_hash_table_destroy(courses);
    return NULL;
  }
  return courses;
}

/* Appends the value of the measurement whose answers are rows[from, to)
 * (the mean of a subscale's answers) to values. */
static void
append_value(GArray *values, const FigureRow *rows, guint from, guint to, GHashTable *courses)
{
  const FigureCourse *c = g_hash_table_lookup(courses, &rows[from].course_id);
  if (c == NULL)
    return;
  double sum = 0;
  for (guint i = from; i < to; i++)
    sum += rows[i].value;
  StoreFigureValue v = {.course_id = rows[from].course_id, .citizen_id = c->citizen_id,
                        .start = rows[from].start, .value = sum / (double)(to - from)};
  g_strlcpy(v.started_on, c->started_on, sizeof v.started_on);
  g_array_append_val(values, v);
}

GArray *
store_report_figure_values(StoreDb *db, gint64 offer_id, gint64 intervention_id,
                           const char *from, const char *to, const char *instrument_key,
                           const char *part, const char *part_key, const char *respondent,
                           GError **error)
{
  gboolean total = g_strcmp0(part, "total") == 0;
  gboolean item = g_strcmp0(part, "item") == 0;
  g_autoptr(GHashTable) items = total ? NULL
                                      : figure_items(db, instrument_key, item, part_key, error);
  if (!total && items == NULL)
    return NULL;
  g_autoptr(GHashTable) courses = figure_courses(db, offer_id, intervention_id, from, to, error);
  if (courses == NULL)
    return NULL;
  /* The scope's measurements, each course's a range of the covering
   * index measurement_course_latest (course, instrument, status, day, id,
   * respondent, point, score), the answers found by their key in
   * measurement_answer_value; no row is read, and the few items' reversal
   * and the courses' citizens are joined here instead of on every row.
   * "m.instrument_id + 0" and "m.status || ''" keep SQLite's planner,
   * which has no statistics, at the offer's courses instead of every
   * measurement of the instrument; both mean the same on PostgreSQL. */
  g_autoptr(GString) sql = g_string_new(NULL);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  if (total) {
    g_string_append(sql, "SELECT m.id, m.course_id, m.measured_on, m.point, 0, m.score");
    append_courses(sql, params,
                   " JOIN measurement m ON m.course_id = k.id"
                   " JOIN instrument ins ON ins.id = m.instrument_id + 0",
                   offer_id, intervention_id, from, to);
    g_string_append(sql, " AND m.score IS NOT NULL");
  } else {
    g_string_append(sql, "SELECT m.id, m.course_id, m.measured_on, m.point, a.item_id, a.value");
    StoreParam q[2] = {P_TEXT(instrument_key), P_TEXT(part_key)};
    g_array_append_vals(params, q, 2);
    append_courses(sql, params,
                   item ? " JOIN measurement m ON m.course_id = k.id"
                          " JOIN instrument ins ON ins.id = m.instrument_id + 0"
                          " JOIN measurement_answer a ON a.measurement_id = m.id"
                          " AND a.item_id IN (SELECT it.id FROM instrument_item it"
                          " JOIN instrument ii ON ii.id = it.instrument_id"
                          " WHERE ii.key = ? AND it.key = ?)"
                        : " JOIN measurement m ON m.course_id = k.id"
                          " JOIN instrument ins ON ins.id = m.instrument_id + 0"
                          " JOIN measurement_answer a ON a.measurement_id = m.id"
                          " AND a.item_id IN (SELECT it.id FROM instrument_item it"
                          " JOIN instrument ii ON ii.id = it.instrument_id"
                          " WHERE ii.key = ? AND it.subscale_key = ?)",
                   offer_id, intervention_id, from, to);
    g_string_append(sql, " AND a.value IS NOT NULL");
  }
  g_string_append(sql, " AND ins.key = ? AND m.status || '' = 'approved' AND m.respondent = ?"
                       " AND m.measured_on <= ?");
  StoreParam p[3] = {P_TEXT(instrument_key), P_TEXT(respondent), P_TEXT(to)};
  g_array_append_vals(params, p, 3);
  StoreStmt *stmt = store_stmt_open(db, sql->str, (const StoreParam *)params->data, params->len,
                                    error);
  if (stmt == NULL)
    return NULL;
  g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(FigureRow));
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    FigureRow r = {.measurement_id = store_col_int(db, stmt, 0),
                   .course_id = store_col_int(db, stmt, 1),
                   .start = g_strcmp0(store_col_text(db, stmt, 3), "start") == 0,
                   .item_id = store_col_int(db, stmt, 4),
                   .value = store_col_real(db, stmt, 5)};
    g_strlcpy(r.measured_on, store_col_text(db, stmt, 2) ? store_col_text(db, stmt, 2) : "",
              sizeof r.measured_on);
    if (!total) {
      const double *flip = g_hash_table_lookup(items, &r.item_id);
      if (flip != NULL && !isnan(*flip))
        r.value = *flip - r.value;
    }
    g_array_append_val(rows, r);
  }
  store_stmt_done(db, stmt);
  if (step != STORE_STEP_DONE)
    return NULL;
  /* By course, date and measurement; then one value per measurement. */
  g_array_sort(rows, figure_row_order);
  GArray *values = g_array_new(FALSE, FALSE, sizeof(StoreFigureValue));
  const FigureRow *r = (const FigureRow *)rows->data;
  guint first = 0;
  for (guint i = 1; i <= rows->len; i++) {
    if (i == rows->len || r[i].measurement_id != r[first].measurement_id) {
      append_value(values, r, first, i, courses);
      first = i;
    }
  }
  return values;
}

gboolean
store_report_figure_item_reversed(StoreDb *db, const char *instrument_key, const char *part_key,
                                  gboolean *out_reversed, GError **error)
{
  g_autoptr(GHashTable) items = figure_items(db, instrument_key, TRUE, part_key, error);
  if (items == NULL)
    return FALSE;
  *out_reversed = FALSE;
  GHashTableIter it;
  gpointer flip;
  g_hash_table_iter_init(&it, items);
  while (g_hash_table_iter_next(&it, NULL, &flip))
    *out_reversed = *out_reversed || !isnan(*(const double *)flip);
  return TRUE;
}

gboolean
store_report_figure_staff_answer(StoreDb *db, const char *instrument_key, gboolean *out_staff,
                                 GError **error)
{
  gint64 staff = 1;
  GError *local = NULL;
  if (!store_query_int(db,
                       "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM instrument_respondent r"
                       "  WHERE r.instrument_id = i.id)"
                       " OR EXISTS (SELECT 1 FROM instrument_respondent r"
                       "  WHERE r.instrument_id = i.id AND r.respondent = 'staff')"
                       " THEN 1 ELSE 0 END FROM instrument i WHERE i.key = ?"
                       " ORDER BY i.version DESC",
                       STORE_PARAMS(P_TEXT(instrument_key)), &staff, &local)) {
    if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_propagate_error(error, local);
      return FALSE;
    }
    g_clear_error(&local);
  }
  *out_staff = staff != 0;
  return TRUE;
}

gboolean
store_report_figure_direction(StoreDb *db, const char *instrument_key, const char *part,
                              const char *part_key, gboolean *out_higher_better, GError **error)
{
  gint64 higher = 0;
  gboolean ok = g_strcmp0(part, "subscale") == 0
    ? store_query_int(db,
                      "SELECT s.higher_is_better FROM instrument_subscale s"
                      " JOIN instrument i ON i.id = s.instrument_id"
                      " WHERE i.key = ? AND s.key = ? ORDER BY i.version DESC",
                      STORE_PARAMS(P_TEXT(instrument_key), P_TEXT(part_key)), &higher, error)
    : store_query_int(db,
                      "SELECT higher_is_better FROM instrument WHERE key = ?"
                      " ORDER BY version DESC",
                      STORE_PARAMS(P_TEXT(instrument_key)), &higher, error);
  *out_higher_better = higher != 0;
  return ok;
}

json_t *
store_report_figure_theories(StoreDb *db, gint64 offer_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT t.id, t.title, t.intervention_id FROM theory_of_change t"
                          " WHERE t.offer_id = ? ORDER BY t.title, t.id",
                          STORE_PARAMS(P_INT(offer_id)), error);
}

char *
store_report_figure_label(StoreDb *db, const char *instrument_key, const char *part,
                          const char *part_key, gboolean en, const char *total_label)
{
  json_t *row = NULL;
  if (g_strcmp0(part, "item") == 0)
    row = store_query_row(db,
                          "SELECT i.name_da, i.name_en, it.text_da AS part_da,"
                          " it.text_en AS part_en FROM instrument i"
                          " JOIN instrument_item it ON it.instrument_id = i.id"
                          " WHERE i.key = ? AND it.key = ? ORDER BY i.version DESC",
                          STORE_PARAMS(P_TEXT(instrument_key), P_TEXT(part_key)), "", NULL);
  else if (g_strcmp0(part, "subscale") == 0)
    row = store_query_row(db,
                          "SELECT i.name_da, i.name_en, s.name_da AS part_da,"
                          " s.name_en AS part_en FROM instrument i"
                          " JOIN instrument_subscale s ON s.instrument_id = i.id"
                          " WHERE i.key = ? AND s.key = ? ORDER BY i.version DESC",
                          STORE_PARAMS(P_TEXT(instrument_key), P_TEXT(part_key)), "", NULL);
  else
    row = store_query_row(db,
                          "SELECT i.name_da, i.name_en FROM instrument i WHERE i.key = ?"
                          " ORDER BY i.version DESC",
                          STORE_PARAMS(P_TEXT(instrument_key)), "", NULL);
  if (row == NULL)
    return g_strdup_printf("%s – %s", instrument_key, part_key && *part_key ? part_key : part);
  const char *name = json_string_value(json_object_get(row, en ? "name_en" : "name_da"));
  const char *p = json_string_value(json_object_get(row, en ? "part_en" : "part_da"));
  char *out = g_strdup_printf("%s – %s", name ? name : instrument_key,
                              p ? p : total_label);
  json_decref(row);
  return out;
}
