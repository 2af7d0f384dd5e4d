/* report_figures.c — the rows behind a result box's figure; see
 * report_figures.h. */
#include <string.h>

#include "store/internal.h"
#include "store/report_figures.h"

/* The courses of the offer under way in the period and their approved
 * measurements of the instrument by one respondent.  Parameters:
 * instrument key, respondent, to, offer, to, from (then the intervention
 * when filtered). */
#define FIGURE_FROM                                                                        \
  " FROM course k JOIN intervention i ON i.id = k.intervention_id"                        \
  " JOIN measurement m ON m.course_id = k.id"                                              \
  " JOIN instrument ins ON ins.id = m.instrument_id"                                       \
  " WHERE ins.key = ? AND m.status = 'approved' AND m.respondent = ?"                      \
  " AND m.measured_on <= ? AND i.offer_id = ?"                                             \
  " AND k.started_on <= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)"

GArray *
store_report_figure_values(StoreDb *db, gint64 offer_id, gint64 intervention_id,
                           const char *from, const char *to, const char *instrument_key,
                           const char *part, const char *part_key, const char *respondent,
                           GError **error)
{
  g_autoptr(GString) sql = g_string_new(NULL);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  gboolean total = g_strcmp0(part, "total") == 0;
  gboolean item = g_strcmp0(part, "item") == 0;
  if (total) {
    g_string_append(sql, "SELECT m.course_id, k.citizen_id, k.started_on, m.point, m.score"
                         FIGURE_FROM " AND m.score IS NOT NULL");
  } else {
    /* An item's answer, or the mean of a subscale's answered items, a
     * reversed item turned on its scale.  The items come first, so that
     * each answer is found by its key (measurement, item). */
    g_string_append(sql, "SELECT m.course_id, k.citizen_id, k.started_on, m.point,");
    g_string_append(sql, item ? " " : " AVG(");
    g_string_append(sql,
                    "CASE WHEN it.reverse = 1 AND sc.key IS NOT NULL"
                    " THEN sc.score_min + sc.score_max - CAST(a.value AS REAL)"
                    " ELSE CAST(a.value AS REAL) END");
    g_string_append(sql, item ? "" : ")");
    g_string_append(sql,
                    " FROM course k JOIN intervention i ON i.id = k.intervention_id"
                    " JOIN measurement m ON m.course_id = k.id"
                    " JOIN instrument ins ON ins.id = m.instrument_id"
                    " JOIN instrument_item it ON it.instrument_id = m.instrument_id");
    g_string_append(sql, item ? " AND it.key = ?" : " AND it.subscale_key = ?");
    g_string_append(sql,
                    " JOIN measurement_answer a ON a.measurement_id = m.id AND a.item_id = it.id"
                    " LEFT JOIN instrument_scale sc ON sc.instrument_id = it.instrument_id"
                    "   AND sc.key = it.scale_key"
                    " WHERE ins.key = ? AND m.status = 'approved' AND m.respondent = ?"
                    " AND m.measured_on <= ? AND i.offer_id = ?"
                    " AND k.started_on <= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)"
                    " AND a.value IS NOT NULL");
    StoreParam q = P_TEXT(part_key);
    g_array_append_val(params, q);
  }
  StoreParam p[6] = {P_TEXT(instrument_key), P_TEXT(respondent), P_TEXT(to), P_INT(offer_id),
                     P_TEXT(to), P_TEXT(from)};
  g_array_append_vals(params, p, 6);
  if (intervention_id != 0) {
    g_string_append(sql, " AND k.intervention_id = ?");
    StoreParam q = P_INT(intervention_id);
    g_array_append_val(params, q);
  }
  if (!total && !item)
    g_string_append(sql, " GROUP BY m.id, m.course_id, k.citizen_id, k.started_on, m.point,"
                         " m.measured_on");
  g_string_append(sql, " ORDER BY m.course_id, m.measured_on, m.id");
  StoreStmt *stmt = store_stmt_open(db, sql->str, (const StoreParam *)params->data, params->len,
                                    error);
  if (stmt == NULL)
    return NULL;
  GArray *values = g_array_new(FALSE, FALSE, sizeof(StoreFigureValue));
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    StoreFigureValue v = {.course_id = store_col_int(db, stmt, 0),
                          .citizen_id = store_col_int(db, stmt, 1),
                          .start = g_strcmp0(store_col_text(db, stmt, 3), "start") == 0,
                          .value = store_col_real(db, stmt, 4)};
    g_strlcpy(v.started_on, store_col_text(db, stmt, 2) ? store_col_text(db, stmt, 2) : "",
              sizeof v.started_on);
    g_array_append_val(values, v);
  }
  store_stmt_done(db, stmt);
  if (step != STORE_STEP_DONE) {
    g_array_unref(values);
    return NULL;
  }
  return values;
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
