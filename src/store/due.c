/* due.c — what the due list is derived from: the courses in the actor's
 * care (or of one visible citizen), each with its phases and the
 * citizen's measurements, and the plans of their interventions.  The
 * derivation itself is domain/due.c; nothing here knows when a
 * measurement is due.
 *
 * The same filter (worker, unit, offer, citizen, course, ended since)
 * scopes every query, so the four statements see the same courses; each
 * statement's text depends only on which filters are set. */
#include "store/internal.h"

/* Appends " WHERE …" over course k and citizen c, and its parameters. */
static void
append_filter(GString *sql, GArray *params, gint64 actor_user_id, const StoreDueFilter *f)
{
  StoreParam p;
  if (f->citizen_id != 0) {
    g_string_append(sql, " WHERE c.id = ? AND " STORE_SQL_CITIZEN_VISIBLE);
    StoreParam v[] = {P_INT(f->citizen_id), STORE_VISIBLE_PARAMS(actor_user_id)};
    g_array_append_vals(params, v, G_N_ELEMENTS(v));
  } else {
    g_string_append(sql, " WHERE " STORE_SQL_CITIZEN_CARE);
    p = P_INT(actor_user_id);
    g_array_append_val(params, p);
  }
  if (f->contact_person_id != 0) {
    g_string_append(sql, " AND c.contact_person_id = ?");
    p = P_INT(f->contact_person_id);
    g_array_append_val(params, p);
  }
  if (f->unit_id != 0) {
    g_string_append(sql, " AND c.unit_id = ?");
    p = P_INT(f->unit_id);
    g_array_append_val(params, p);
  }
  if (f->offer_id != 0) {
    g_string_append(sql, " AND c.unit_id IN (SELECT fu.id FROM unit fu WHERE fu.offer_id = ?)");
    p = P_INT(f->offer_id);
    g_array_append_val(params, p);
  }
  if (f->course_id != 0) {
    g_string_append(sql, " AND k.id = ?");
    p = P_INT(f->course_id);
    g_array_append_val(params, p);
  }
  if (f->ended_since != NULL) {
    g_string_append(sql, " AND (k.ended_on IS NULL OR k.ended_on >= ?)");
    p = P_TEXT(f->ended_since);
    g_array_append_val(params, p);
  }
}

#define PARAMS_OF(a) (const StoreParam *)(a)->data, (a)->len

json_t *
store_due_courses(StoreDb *db, gint64 actor_user_id, const StoreDueFilter *filter,
                  GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT k.id, k.citizen_id, c.first_name, c.last_name, c.unit_id, u.name AS unit_name,"
    " u.offer_id, o.name AS offer_name, c.contact_person_id,"
    " cp.display_name AS contact_person_name, k.intervention_id,"
    " i.name AS intervention_name, k.started_on, k.ended_on, k.phase "
    "FROM course k JOIN citizen c ON c.id = k.citizen_id JOIN unit u ON u.id = c.unit_id"
    " JOIN offer o ON o.id = u.offer_id JOIN intervention i ON i.id = k.intervention_id"
    " LEFT JOIN app_user cp ON cp.id = c.contact_person_id");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_filter(sql, params, actor_user_id, filter);
  g_string_append(sql, " ORDER BY c.last_name, c.first_name, k.started_on, k.id");
  json_t *courses = store_query_rows(db, sql->str, PARAMS_OF(params), error);
  if (courses == NULL)
    return NULL;

  /* Phases: the recorded history, and for courses without one, the phase
   * they were in since their start (040_courses.sql). */
  g_autoptr(GString) phases = g_string_new(
    "SELECT cp.course_id, cp.phase_id, ph.name, cp.started_on FROM course_phase cp"
    " JOIN intervention_phase ph ON ph.id = cp.phase_id"
    " JOIN course k ON k.id = cp.course_id JOIN citizen c ON c.id = k.citizen_id");
  g_autoptr(GArray) phase_params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_filter(phases, phase_params, actor_user_id, filter);
  g_string_append(phases, " ORDER BY cp.course_id, cp.started_on, cp.id");
  if (!store_query_nest(db, phases->str, PARAMS_OF(phase_params), courses, "phases", error)) {
    json_decref(courses);
    return NULL;
  }

  /* Measurements: the citizen's with this course or with none; drafts
   * only where the actor cares for the citizen. */
  g_autoptr(GString) ms = g_string_new(
    "SELECT k.id, m.id AS id, i.key AS instrument_key, m.respondent, m.measured_on, m.status,"
    " m.point FROM course k JOIN citizen c ON c.id = k.citizen_id"
    " JOIN measurement m ON m.citizen_id = k.citizen_id"
    " AND (m.course_id = k.id OR m.course_id IS NULL)"
    " JOIN instrument i ON i.id = m.instrument_id");
  g_autoptr(GArray) ms_params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_filter(ms, ms_params, actor_user_id, filter);
  g_string_append(ms, " AND (m.status = 'approved' OR " STORE_SQL_CITIZEN_CARE ")"
                      " ORDER BY k.id, m.measured_on, m.id");
  StoreParam care = P_INT(actor_user_id);
  g_array_append_val(ms_params, care);
  if (!store_query_nest(db, ms->str, PARAMS_OF(ms_params), courses, "measurements", error)) {
    json_decref(courses);
    return NULL;
  }
  return courses;
}

json_t *
store_due_plans(StoreDb *db, gint64 actor_user_id, const StoreDueFilter *filter,
                GError **error)
{
  g_autoptr(GString) sql = g_string_new(
    "SELECT pp.id, pp.intervention_id, pp.kind, pp.months, pp.phase_id, pp.window_days "
    "FROM plan_point pp WHERE pp.intervention_id IN (SELECT k.intervention_id FROM course k"
    " JOIN citizen c ON c.id = k.citizen_id");
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_filter(sql, params, actor_user_id, filter);
  g_string_append(sql, ") ORDER BY pp.intervention_id, pp.id");
  json_t *points = store_query_rows(db, sql->str, PARAMS_OF(params), error);
  if (points == NULL)
    return NULL;
  g_autoptr(GString) tasks = g_string_new(
    "SELECT t.plan_point_id, t.instrument_key, t.respondent FROM plan_point_task t"
    " JOIN plan_point pp ON pp.id = t.plan_point_id"
    " WHERE pp.intervention_id IN (SELECT k.intervention_id FROM course k"
    " JOIN citizen c ON c.id = k.citizen_id");
  g_autoptr(GArray) task_params = g_array_new(FALSE, FALSE, sizeof(StoreParam));
  append_filter(tasks, task_params, actor_user_id, filter);
  g_string_append(tasks, ") ORDER BY t.plan_point_id, t.instrument_key, t.respondent");
  if (!store_query_nest(db, tasks->str, PARAMS_OF(task_params), points, "tasks", error)) {
    json_decref(points);
    return NULL;
  }
  return points;
}
