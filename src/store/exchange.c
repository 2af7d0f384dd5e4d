/* exchange.c — what CSV import and export need from the store: citizens
 * found by another system's reference, the course a measurement belongs
 * to, and the rows of an export streamed one at a time (never all in
 * memory).  Everything is scoped to the actor's care, like the pages. */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

gboolean
store_citizen_find_ref(StoreDb *db, gint64 actor_user_id, const char *ref, gint64 *out_id,
                       GError **error)
{
  GError *local = NULL;
  gboolean ok;
  if (ref != NULL && g_str_has_prefix(ref, "spor-") && ref[5] >= '1' && ref[5] <= '9' &&
      strspn(ref + 5, "0123456789") == strlen(ref + 5) && strlen(ref + 5) < 18)
    ok = store_query_int(db,
                         "SELECT c.id FROM citizen c WHERE c.id = ? AND " STORE_SQL_CITIZEN_CARE,
                         STORE_PARAMS(P_INT(g_ascii_strtoll(ref + 5, NULL, 10)),
                                      P_INT(actor_user_id)),
                         out_id, &local);
  else
    ok = store_query_int(db,
                         "SELECT c.id FROM citizen c WHERE c.external_ref = ? AND "
                         STORE_SQL_CITIZEN_CARE " ORDER BY c.id LIMIT 1",
                         STORE_PARAMS(P_TEXT(ref), P_INT(actor_user_id)), out_id, &local);
  if (!ok) {
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_clear_error(&local);
      g_set_error_literal(&local, STORE_ERROR, STORE_ERROR_NOT_FOUND, "borgeren findes ikke");
    }
    g_propagate_error(error, local);
  }
  return ok;
}

gboolean
store_course_at(StoreDb *db, gint64 citizen_id, const char *on, gboolean after_end,
                gint64 *out_course_id, GError **error)
{
  json_t *rows = after_end
    ? store_query_rows(db,
                       "SELECT id FROM course WHERE citizen_id = ? AND ended_on IS NOT NULL"
                       " AND ended_on < ? ORDER BY ended_on DESC, id DESC LIMIT 1",
                       STORE_PARAMS(P_INT(citizen_id), P_TEXT(on)), error)
    : store_query_rows(db,
                       "SELECT id FROM course WHERE citizen_id = ? AND started_on <= ?"
                       " AND (ended_on IS NULL OR ended_on >= ?)"
                       " ORDER BY started_on DESC, id DESC LIMIT 1",
                       STORE_PARAMS(P_INT(citizen_id), P_TEXT(on), P_TEXT(on)), error);
  if (rows == NULL)
    return FALSE;
  *out_course_id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
  json_decref(rows);
  return TRUE;
}

/* Runs sql and hands each row to fn. */
static gboolean
stream(StoreDb *db, const char *sql, const StoreParam *params, gsize n, StoreExportFunc fn,
       void *data, GError **error)
{
  StoreStmt *stmt = store_stmt_open(db, sql, params, n, error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    json_t *row = store_row_to_json(db, stmt, 0);
    gboolean go_on = fn(row, data);
    json_decref(row);
    if (!go_on) {
      step = STORE_STEP_DONE;
      break;
    }
  }
  store_stmt_done(db, stmt);
  return step == STORE_STEP_DONE;
}

gboolean
store_export_citizens(StoreDb *db, gint64 actor_user_id, StoreExportFunc fn, void *data,
                      GError **error)
{
  return stream(
    db,
    "SELECT c.id, c.external_ref, c.unit_id, u.name AS unit_name, o.name AS offer_name,"
    " c.first_name, c.last_name, c.birth_date, c.gender, c.referral_basis, c.diagnoses,"
    " c.education, c.occupation, c.housing, c.intervention_goals, c.medical_treatment,"
    " c.criminal_record, c.mother_tongue, c.ethnic_background, c.family_situation,"
    " c.cohabitation FROM citizen c JOIN unit u ON u.id = c.unit_id"
    " JOIN offer o ON o.id = u.offer_id WHERE " STORE_SQL_CITIZEN_CARE " ORDER BY c.id",
    STORE_PARAMS(P_INT(actor_user_id)), fn, data, error);
}

gboolean
store_export_courses(StoreDb *db, gint64 actor_user_id, StoreExportFunc fn, void *data,
                     GError **error)
{
  return stream(
    db,
    "SELECT k.id, k.citizen_id, c.external_ref, k.intervention_id,"
    " i.name AS intervention_name, k.started_on, k.ended_on,"
    " (SELECT ph.name FROM course_phase cp JOIN intervention_phase ph ON ph.id = cp.phase_id"
    " WHERE cp.course_id = k.id ORDER BY cp.started_on DESC, cp.id DESC LIMIT 1) AS phase_name,"
    " k.end_reason, k.discharged_to, k.success_assessment "
    "FROM course k JOIN citizen c ON c.id = k.citizen_id"
    " JOIN intervention i ON i.id = k.intervention_id WHERE " STORE_SQL_CITIZEN_CARE
    " ORDER BY k.id",
    STORE_PARAMS(P_INT(actor_user_id)), fn, data, error);
}

/* Groups the answer rows of one measurement into its row. */
typedef struct Grouping {
  StoreExportFunc fn;
  void *data;
  json_t *current; /* the measurement being gathered */
  gboolean stopped;
} Grouping;

static gboolean
flush_group(Grouping *g)
{
  if (g->current == NULL)
    return TRUE;
  gboolean go_on = g->fn(g->current, g->data);
  json_decref(g->current);
  g->current = NULL;
  g->stopped = !go_on;
  return go_on;
}

static gboolean
group_row(const json_t *row, void *data)
{
  Grouping *g = data;
  gint64 id = json_integer_value(json_object_get(row, "id"));
  if (g->current != NULL && json_integer_value(json_object_get(g->current, "id")) != id &&
      !flush_group(g))
    return FALSE;
  if (g->current == NULL) {
    g->current = json_deep_copy(row);
    json_object_del(g->current, "item_key");
    json_object_del(g->current, "value");
    json_object_set_new(g->current, "answers", json_object());
  }
  const char *key = json_string_value(json_object_get(row, "item_key"));
  if (key != NULL)
    json_object_set(json_object_get(g->current, "answers"), key, json_object_get(row, "value"));
  return TRUE;
}

gboolean
store_export_measurements(StoreDb *db, gint64 actor_user_id, const char *instrument_key,
                          gboolean drafts, StoreExportFunc fn, void *data, GError **error)
{
#define EXPORT_MEASUREMENTS                                                                   \
  "SELECT m.id, m.citizen_id, c.external_ref, i.version AS instrument_version, m.measured_on," \
  " m.point, m.respondent, m.collection_method, m.status, m.comment, m.score, it.key AS"      \
  " item_key, a.value FROM measurement m JOIN citizen c ON c.id = m.citizen_id"               \
  " JOIN instrument i ON i.id = m.instrument_id"                                              \
  " LEFT JOIN measurement_answer a ON a.measurement_id = m.id"                                \
  " LEFT JOIN instrument_item it ON it.id = a.item_id WHERE i.key = ? AND "                   \
  STORE_SQL_CITIZEN_CARE
  Grouping g = {.fn = fn, .data = data};
  gboolean ok = drafts
    ? stream(db, EXPORT_MEASUREMENTS " ORDER BY m.id, it.position",
             STORE_PARAMS(P_TEXT(instrument_key), P_INT(actor_user_id)), group_row, &g, error)
    : stream(db, EXPORT_MEASUREMENTS " AND m.status = 'approved' ORDER BY m.id, it.position",
             STORE_PARAMS(P_TEXT(instrument_key), P_INT(actor_user_id)), group_row, &g, error);
#undef EXPORT_MEASUREMENTS
  if (ok && !g.stopped)
    flush_group(&g);
  json_decref(g.current);
  return ok;
}
