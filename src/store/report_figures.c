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

json_t *
store_report_figure_values(StoreDb *db, gint64 offer_id, gint64 intervention_id,
                           const char *from, const char *to, const char *instrument_key,
                           const char *part, const char *part_key, const char *respondent,
                           GError **error)
{
  g_autoptr(GString) sql = g_string_new(NULL);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  gboolean total = g_strcmp0(part, "total") == 0;
  if (total) {
    g_string_append(sql, "SELECT m.course_id, k.citizen_id, k.started_on, m.measured_on, m.point,"
                         " m.respondent, m.score AS value" FIGURE_FROM " AND m.score IS NOT NULL");
  } else {
    /* An item's answer, or the mean of a subscale's answered items, a
     * reversed item turned on its scale. */
    g_string_append(sql,
                    "SELECT m.course_id, k.citizen_id, k.started_on, m.measured_on, m.point,"
                    " m.respondent, AVG(CASE WHEN it.reverse = 1 AND sc.key IS NOT NULL"
                    "   THEN sc.score_min + sc.score_max - CAST(a.value AS REAL)"
                    "   ELSE CAST(a.value AS REAL) END) AS value, m.id AS measurement_id"
                    " FROM course k JOIN intervention i ON i.id = k.intervention_id"
                    " JOIN measurement m ON m.course_id = k.id"
                    " JOIN instrument ins ON ins.id = m.instrument_id"
                    " JOIN measurement_answer a ON a.measurement_id = m.id"
                    " JOIN instrument_item it ON it.id = a.item_id"
                    " LEFT JOIN instrument_scale sc ON sc.instrument_id = it.instrument_id"
                    "   AND sc.key = it.scale_key"
                    " WHERE ins.key = ? AND m.status = 'approved' AND m.respondent = ?"
                    " AND m.measured_on <= ? AND i.offer_id = ?"
                    " AND k.started_on <= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)"
                    " AND a.value IS NOT NULL");
    g_string_append(sql, strcmp(part, "subscale") == 0 ? " AND it.subscale_key = ?"
                                                       : " AND it.key = ?");
  }
  StoreParam p[6] = {P_TEXT(instrument_key), P_TEXT(respondent), P_TEXT(to), P_INT(offer_id),
                     P_TEXT(to), P_TEXT(from)};
  g_array_append_vals(params, p, 6);
  if (!total) {
    StoreParam q = P_TEXT(part_key);
    g_array_append_val(params, q);
  }
  if (intervention_id != 0) {
    g_string_append(sql, " AND k.intervention_id = ?");
    StoreParam q = P_INT(intervention_id);
    g_array_append_val(params, q);
  }
  if (!total)
    g_string_append(sql, " GROUP BY m.id, m.course_id, k.citizen_id, k.started_on,"
                         " m.measured_on, m.point, m.respondent");
  g_string_append(sql, " ORDER BY m.course_id, m.measured_on, m.id");
  json_t *rows = store_query_rows(db, sql->str, (const StoreParam *)params->data, params->len,
                                  error);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
    json_object_del(row, "measurement_id");
  return rows;
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
