/* quality.c — the rows behind the quality reports (store/quality.h):
 * several raters at one point, the courses and plans behind completeness,
 * structured inclusion criteria, and one citizen's measurements.
 *
 * Every report query starts from the scope of store/reports.c
 * (store_reports_scope_sql), so these reports reach exactly the offers the
 * other reports reach.  Only the citizen's own figures are scoped by care
 * instead: staff and leaders over the citizen's unit. */
#include <string.h>

#include "core/clock.h"
#include "store/internal.h"
#include "store/quality.h"

#define PARAMS_OF(a) (const StoreParam *)(a)->data, (a)->len

/* Splits the scope at its WHERE: joins go in between.  *where points into
 * scope (borrowed). */
static void
scope_parts(const StoreReportsScope *s, gboolean citizen, GString *scope, GArray *params,
            const char **where)
{
  store_reports_scope_sql(scope, params, s, citizen);
  *where = strstr(scope->str, " WHERE ");
}

json_t *
store_quality_ratings(StoreDb *db, const StoreReportsScope *s, const char *instrument_key,
                      GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT m.id AS measurement_id, k.id AS course_id, k.citizen_id, m.point, m.measured_on,"
    " m.rater_user_id AS rater_id, ru.display_name AS rater_name,"
    " CASE WHEN i.offer_id IN (" STORE_SQL_LED_OFFERS ") THEN 1 ELSE 0 END AS led,"
    " it.key AS item_key, a.value");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  StoreParam led = P_INT(s->actor);
  g_array_append_val(params, led);
  g_autoptr(GString) scope = g_string_new(NULL);
  const char *where;
  scope_parts(s, FALSE, scope, params, &where);
  g_string_append_len(sql, scope->str, where - scope->str);
  g_string_append(sql,
                  " JOIN measurement m ON m.course_id = k.id"
                  " JOIN instrument ins ON ins.id = m.instrument_id"
                  " JOIN measurement_answer a ON a.measurement_id = m.id"
                  " JOIN instrument_item it ON it.id = a.item_id"
                  " JOIN app_user ru ON ru.id = m.rater_user_id");
  g_string_append(sql, where);
  g_string_append(sql,
                  " AND ins.key = ? AND m.status = 'approved' AND m.respondent = 'staff'"
                  " AND m.point <> 'ad_hoc' AND m.measured_on >= ? AND m.measured_on <= ?"
                  " AND EXISTS (SELECT 1 FROM measurement m2"
                  " JOIN instrument i2 ON i2.id = m2.instrument_id"
                  " WHERE m2.course_id = m.course_id AND m2.point = m.point"
                  " AND i2.key = ins.key AND m2.status = 'approved'"
                  " AND m2.respondent = 'staff' AND m2.rater_user_id <> m.rater_user_id)"
                  " ORDER BY k.id, m.point, m.measured_on, m.id, it.key");
  StoreParam tail[3] = {P_TEXT(instrument_key), P_TEXT(s->from), P_TEXT(s->to)};
  g_array_append_vals(params, tail, 3);
  json_t *rows = store_query_rows(db, sql->str, PARAMS_OF(params), error);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) store_json_to_bool(row, "led");
  return rows;
}

json_t *
store_quality_due_courses(StoreDb *db, const StoreReportsScope *s, GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT k.id, k.citizen_id, (SELECT u.name FROM unit u WHERE u.id = c.unit_id) AS unit_name,"
    " (SELECT o.name FROM offer o WHERE o.id = i.offer_id) AS offer_name, k.intervention_id,"
    " i.name AS intervention_name, (SELECT w.display_name FROM app_user w"
    " WHERE w.id = c.contact_person_id) AS contact_person_name, k.started_on, k.ended_on,"
    " CASE WHEN i.offer_id IN (" STORE_SQL_LED_OFFERS ") THEN 1 ELSE 0 END AS led");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  StoreParam led = P_INT(s->actor);
  g_array_append_val(params, led);
  store_reports_scope_sql(sql, params, s, TRUE);
  g_string_append(sql, " ORDER BY k.id");
  json_t *courses = store_query_rows(db, sql->str, PARAMS_OF(params), error);
  if (courses == NULL)
    return NULL;
  size_t n;
  json_t *row;
  json_array_foreach(courses, n, row) store_json_to_bool(row, "led");

  g_autoptr(GString) phases = g_string_new(
    "SELECT cp.course_id, cp.phase_id, cp.started_on FROM course_phase cp"
    " WHERE cp.course_id IN (SELECT k.id");
  g_autoptr(GArray) phase_params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  store_reports_scope_sql(phases, phase_params, s, FALSE);
  g_string_append(phases, ") ORDER BY cp.course_id, cp.started_on, cp.id");
  if (!store_query_nest(db, phases->str, PARAMS_OF(phase_params), courses, "phases", error)) {
    json_decref(courses);
    return NULL;
  }
  /* The citizen's measurements with this course or with none, as the due
   * list takes them (store/due.c). */
  g_autoptr(GString) ms = g_string_new(
    "SELECT mk.id, m.id AS id, mi.key AS instrument_key, m.respondent, m.measured_on,"
    " m.status, m.point FROM course mk"
    " JOIN measurement m ON m.citizen_id = mk.citizen_id"
    " AND (m.course_id = mk.id OR m.course_id IS NULL)"
    " JOIN instrument mi ON mi.id = m.instrument_id WHERE mk.id IN (SELECT k.id");
  g_autoptr(GArray) ms_params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  store_reports_scope_sql(ms, ms_params, s, FALSE);
  g_string_append(ms, ") ORDER BY mk.id, m.measured_on, m.id");
  if (!store_query_nest(db, ms->str, PARAMS_OF(ms_params), courses, "measurements", error)) {
    json_decref(courses);
    return NULL;
  }
  return courses;
}

json_t *
store_quality_due_plans(StoreDb *db, const StoreReportsScope *s, GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT pp.id, pp.intervention_id, pp.kind, pp.months, pp.phase_id, pp.window_days"
    " FROM plan_point pp WHERE pp.intervention_id IN (SELECT k.intervention_id");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  store_reports_scope_sql(sql, params, s, FALSE);
  g_string_append(sql, ") ORDER BY pp.intervention_id, pp.id");
  json_t *points = store_query_rows(db, sql->str, PARAMS_OF(params), error);
  if (points == NULL)
    return NULL;
  g_autoptr(GString) tasks = g_string_new(
    "SELECT t.plan_point_id, t.instrument_key, t.respondent FROM plan_point_task t"
    " JOIN plan_point pp ON pp.id = t.plan_point_id"
    " WHERE pp.intervention_id IN (SELECT k.intervention_id");
  g_autoptr(GArray) task_params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  store_reports_scope_sql(tasks, task_params, s, FALSE);
  g_string_append(tasks, ") ORDER BY t.plan_point_id, t.instrument_key, t.respondent");
  if (!store_query_nest(db, tasks->str, PARAMS_OF(task_params), points, "tasks", error)) {
    json_decref(points);
    return NULL;
  }
  return points;
}

/* ---- Structured inclusion criteria ------------------------------------------------- */

/* Each a column of citizen, spelt out here: no name from a request ever
 * reaches the SQL text. */
static const char *const background_fields[] = {
  "referral_basis", "diagnoses", "education", "occupation", "housing", "medical_treatment",
  "criminal_record", "mother_tongue", "ethnic_background", "family_situation", "cohabitation",
  NULL,
};

const char *const *
store_quality_background_fields(void)
{
  return background_fields;
}

#define CRITERION_COLUMNS \
  "r.id, r.kind, r.field, r.item_key, r.value, r.min_value, r.max_value"

json_t *
store_quality_criteria(StoreDb *db, gint64 actor, gint64 intervention_id, GError **error)
{
  return store_query_rows(db,
                          "SELECT " CRITERION_COLUMNS " FROM intervention_criterion r"
                          " JOIN intervention i ON i.id = r.intervention_id"
                          " WHERE r.intervention_id = ?"
                          " AND i.offer_id IN (" STORE_SQL_VISIBLE_OFFERS ")"
                          " ORDER BY r.id",
                          STORE_PARAMS(P_INT(intervention_id), P_INT(actor)), error);
}

gint64
store_quality_criterion_add(StoreDb *db, gint64 actor, gint64 intervention_id,
                            const StoreCriterionInput *in, GError **error)
{
  gint64 n = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM intervention i WHERE i.id = ?"
                       " AND i.offer_id IN (" STORE_SQL_LED_OFFERS ")",
                       STORE_PARAMS(P_INT(intervention_id), P_INT(actor)), &n, error))
    return 0;
  if (n == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "Indsatsen findes ikke.");
    return 0;
  }
  g_autofree char *now = spor_timestamp_now(0);
  return store_insert(
    db,
    "INSERT INTO intervention_criterion (intervention_id, kind, field, item_key, value,"
    " min_value, max_value, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id",
    STORE_PARAMS(P_INT(intervention_id), P_TEXT(in->kind), P_TEXT(in->field),
                 P_TEXT(in->item_key), P_TEXT(in->value),
                 in->has_min ? P_REAL(in->min_value) : P_NULL,
                 in->has_max ? P_REAL(in->max_value) : P_NULL, P_INT(actor), P_TEXT(now)),
    error);
}

gboolean
store_quality_criterion_delete(StoreDb *db, gint64 actor, gint64 criterion_id,
                               gboolean remove, gint64 *out_intervention_id, GError **error)
{
  json_t *row = store_query_row(db,
                                "SELECT r.intervention_id FROM intervention_criterion r"
                                " JOIN intervention i ON i.id = r.intervention_id"
                                " WHERE r.id = ? AND i.offer_id IN (" STORE_SQL_LED_OFFERS ")",
                                STORE_PARAMS(P_INT(criterion_id), P_INT(actor)),
                                "Kriteriet findes ikke.", error);
  if (row == NULL)
    return FALSE;
  *out_intervention_id = json_integer_value(json_object_get(row, "intervention_id"));
  json_decref(row);
  return !remove || store_exec(db, "DELETE FROM intervention_criterion WHERE id = ?",
                    STORE_PARAMS(P_INT(criterion_id)), error);
}

json_t *
store_quality_scope_criteria(StoreDb *db, const StoreReportsScope *s, GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT " CRITERION_COLUMNS ", r.intervention_id, ri.name AS intervention"
    " FROM intervention_criterion r JOIN intervention ri ON ri.id = r.intervention_id"
    " WHERE r.intervention_id IN (SELECT k.intervention_id");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  store_reports_scope_sql(sql, params, s, FALSE);
  g_string_append(sql, ") ORDER BY ri.name, r.intervention_id, r.id");
  return store_query_rows(db, sql->str, PARAMS_OF(params), error);
}

json_t *
store_quality_started_courses(StoreDb *db, const StoreReportsScope *s, GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT k.id AS course_id, k.citizen_id, k.intervention_id, k.started_on, c.birth_date,"
    " c.gender, c.referral_basis, c.diagnoses, c.education, c.occupation, c.housing,"
    " c.medical_treatment, c.criminal_record, c.mother_tongue, c.ethnic_background,"
    " c.family_situation, c.cohabitation");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  store_reports_scope_sql(sql, params, s, TRUE);
  g_string_append(sql, " AND k.started_on >= ? ORDER BY k.id");
  StoreParam from = P_TEXT(s->from);
  g_array_append_val(params, from);
  return store_query_rows(db, sql->str, PARAMS_OF(params), error);
}

json_t *
store_quality_start_answers(StoreDb *db, const StoreReportsScope *s, const char *instrument_key,
                            GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT m.course_id, m.id AS measurement_id, m.measured_on, it.key AS item_key, a.value"
    " FROM measurement m JOIN instrument ins ON ins.id = m.instrument_id"
    " JOIN measurement_answer a ON a.measurement_id = m.id"
    " JOIN instrument_item it ON it.id = a.item_id"
    " WHERE ins.key = ? AND m.point = 'start' AND m.respondent = 'staff'"
    " AND m.status = 'approved' AND m.course_id IN (SELECT k.id");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  StoreParam key = P_TEXT(instrument_key);
  g_array_append_val(params, key);
  store_reports_scope_sql(sql, params, s, FALSE);
  g_string_append(sql, ") ORDER BY m.course_id, m.measured_on, m.id, it.key");
  return store_query_rows(db, sql->str, PARAMS_OF(params), error);
}

/* ---- One citizen ------------------------------------------------------------------------ */

json_t *
store_quality_citizen(StoreDb *db, gint64 actor, gint64 citizen_id, GError **error)
{
  return store_query_row(db,
                         "SELECT c.id, c.first_name, c.last_name FROM citizen c"
                         " WHERE c.id = ? AND " STORE_SQL_CITIZEN_CARE,
                         STORE_PARAMS(P_INT(citizen_id), P_INT(actor)), "Borgeren findes ikke.",
                         error);
}

json_t *
store_quality_citizen_answers(StoreDb *db, gint64 citizen_id, const char *instrument_key,
                              const char *respondent, const char *from, const char *to,
                              GError **error)
{
  return store_query_rows(
    db,
    "SELECT m.id AS measurement_id, m.measured_on, m.point, it.key AS item_key, a.value"
    " FROM measurement m JOIN instrument ins ON ins.id = m.instrument_id"
    " JOIN measurement_answer a ON a.measurement_id = m.id"
    " JOIN instrument_item it ON it.id = a.item_id"
    " WHERE m.citizen_id = ? AND ins.key = ? AND m.respondent = ? AND m.status = 'approved'"
    " AND m.measured_on >= ? AND m.measured_on <= ?"
    " ORDER BY m.measured_on, m.id, it.key",
    STORE_PARAMS(P_INT(citizen_id), P_TEXT(instrument_key),
                 P_TEXT(respondent != NULL ? respondent : "staff"), P_TEXT(from), P_TEXT(to)),
    error);
}
