/* costs.c — what interventions cost, period by period, as the offer's
 * leader enters it, and the rows the cost report divides it by (courses
 * and scores).  The arithmetic is domain/cost.c's; see team.h for what
 * each function returns. */
#include "core/clock.h"
#include "store/internal.h"
#include "store/team.h"

#define NOT_FOUND_MSG "indsatsen findes ikke"

/* The offer of an intervention of an offer the actor leads (actor 0: any
 * intervention); NOT_FOUND otherwise. */
static gboolean
led_intervention(StoreDb *db, gint64 actor_user_id, gint64 intervention_id, GError **error)
{
  gint64 n = 0;
  gboolean ok = actor_user_id == 0
    ? store_query_int(db, "SELECT COUNT(*) FROM intervention WHERE id = ?",
                      STORE_PARAMS(P_INT(intervention_id)), &n, error)
    : store_query_int(db,
                      "SELECT COUNT(*) FROM intervention i WHERE i.id = ? AND i.offer_id IN ("
                      STORE_SQL_LED_OFFERS ")",
                      STORE_PARAMS(P_INT(intervention_id), P_INT(actor_user_id)), &n, error);
  if (!ok)
    return FALSE;
  if (n == 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, NOT_FOUND_MSG);
    return FALSE;
  }
  return TRUE;
}

json_t *
store_cost_list(StoreDb *db, gint64 actor_user_id, gint64 intervention_id, GError **error)
{
  if (!led_intervention(db, actor_user_id, intervention_id, error))
    return NULL;
  json_t *intervention = store_query_row(
    db,
    "SELECT i.id, i.name, o.id AS offer_id, o.name AS offer_name FROM intervention i"
    " JOIN offer o ON o.id = i.offer_id WHERE i.id = ?",
    STORE_PARAMS(P_INT(intervention_id)), NOT_FOUND_MSG, error);
  if (intervention == NULL)
    return NULL;
  json_t *costs = store_query_rows(
    db,
    "SELECT ic.id, ic.period_start, ic.period_end, ic.amount, ic.note,"
    " u.display_name AS created_by_name, ic.updated_at FROM intervention_cost ic"
    " LEFT JOIN app_user u ON u.id = ic.created_by WHERE ic.intervention_id = ?"
    " ORDER BY ic.period_start DESC, ic.id DESC",
    STORE_PARAMS(P_INT(intervention_id)), error);
  if (costs == NULL) {
    json_decref(intervention);
    return NULL;
  }
  json_object_set_new(intervention, "costs", costs);
  return intervention;
}

gint64
store_cost_set(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
               const StoreCostInput *in, gboolean *out_replaced, GError **error)
{
  if (out_replaced != NULL)
    *out_replaced = FALSE;
  if (in->period_start == NULL || in->period_end == NULL ||
      g_strcmp0(in->period_end, in->period_start) < 0 || !(in->amount >= 0)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "perioden skal slutte samme dag som eller efter sin start, og beløbet må"
                        " ikke være negativt");
    return 0;
  }
  if (!led_intervention(db, actor_user_id, intervention_id, error))
    return 0;
  g_autofree char *now = spor_timestamp_now(0);
  gint64 same = 0;
  GError *local = NULL;
  if (!store_query_int(db,
                       "SELECT id FROM intervention_cost WHERE intervention_id = ?"
                       " AND period_start = ? AND period_end = ?",
                       STORE_PARAMS(P_INT(intervention_id), P_TEXT(in->period_start),
                                    P_TEXT(in->period_end)),
                       &same, &local)) {
    if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_propagate_error(error, local);
      return 0;
    }
    g_clear_error(&local);
  }
  if (same != 0) {
    if (!store_exec(db,
                    "UPDATE intervention_cost SET amount = ?, note = ?, created_by = ?,"
                    " updated_at = ? WHERE id = ?",
                    STORE_PARAMS(P_REAL(in->amount), P_TEXT(in->note), P_ID(actor_user_id),
                                 P_TEXT(now), P_INT(same)),
                    error))
      return 0;
    if (out_replaced != NULL)
      *out_replaced = TRUE;
    return same;
  }
  gint64 overlapping = 0;
  if (!store_query_int(db,
                       "SELECT COUNT(*) FROM intervention_cost WHERE intervention_id = ?"
                       " AND period_start <= ? AND period_end >= ?",
                       STORE_PARAMS(P_INT(intervention_id), P_TEXT(in->period_end),
                                    P_TEXT(in->period_start)),
                       &overlapping, error))
    return 0;
  if (overlapping > 0) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "perioden overlapper en periode, der allerede har en omkostning");
    return 0;
  }
  return store_insert(db,
                      "INSERT INTO intervention_cost (intervention_id, period_start, period_end,"
                      " amount, note, created_by, created_at, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      STORE_PARAMS(P_INT(intervention_id), P_TEXT(in->period_start),
                                   P_TEXT(in->period_end), P_REAL(in->amount), P_TEXT(in->note),
                                   P_ID(actor_user_id), P_TEXT(now), P_TEXT(now)),
                      error);
}

/* Interventions whose figures the actor may see: offers they lead, and the
 * offers of the organisations (or offers) where they are an analyst.  Two
 * parameters: the actor twice. */
#define REPORT_INTERVENTIONS                                                        \
  "SELECT ri.id FROM intervention ri WHERE ri.offer_id IN (" STORE_SQL_LED_OFFERS ")" \
  " OR ri.offer_id IN (SELECT ao.id FROM role_assignment ara"                       \
  " JOIN offer ao ON ao.organisation_id = ara.organisation_id"                      \
  " AND (ara.offer_id IS NULL OR ara.offer_id = ao.id)"                             \
  " WHERE ara.user_id = ? AND ara.role = 'analyst')"

json_t *
store_cost_report_data(StoreDb *db, gint64 actor_user_id, const char *from, const char *to,
                       const char *instrument_key, GError **error)
{
  json_t *interventions = store_query_rows(
    db,
    "SELECT i.id, i.name, o.id AS offer_id, o.name AS offer_name FROM intervention i"
    " JOIN offer o ON o.id = i.offer_id WHERE i.id IN (" REPORT_INTERVENTIONS ")"
    " ORDER BY o.name, i.name, i.id",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(actor_user_id)), error);
  json_t *costs = interventions == NULL ? NULL : store_query_rows(
    db,
    "SELECT ic.intervention_id, ic.period_start, ic.period_end, ic.amount"
    " FROM intervention_cost ic WHERE ic.intervention_id IN (" REPORT_INTERVENTIONS ")"
    " AND ic.period_start <= ? AND ic.period_end >= ?"
    " ORDER BY ic.intervention_id, ic.period_start",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(actor_user_id), P_TEXT(to), P_TEXT(from)), error);
  json_t *courses = costs == NULL ? NULL : store_query_rows(
    db,
    "SELECT k.intervention_id, k.id AS course_id FROM course k"
    " WHERE k.intervention_id IN (" REPORT_INTERVENTIONS ")"
    " AND k.started_on <= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)"
    " ORDER BY k.intervention_id, k.id",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(actor_user_id), P_TEXT(to), P_TEXT(from)), error);
  json_t *scores = courses == NULL ? NULL : store_query_rows(
    db,
    "SELECT k.intervention_id, k.id AS course_id, m.measured_on, m.score FROM measurement m"
    " JOIN course k ON k.id = m.course_id JOIN instrument ins ON ins.id = m.instrument_id"
    " WHERE k.intervention_id IN (" REPORT_INTERVENTIONS ")"
    " AND k.started_on <= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)"
    " AND ins.key = ? AND m.status = 'approved' AND m.respondent = 'staff'"
    " AND m.score IS NOT NULL AND m.measured_on >= ? AND m.measured_on <= ?"
    " ORDER BY k.id, m.measured_on, m.id",
    STORE_PARAMS(P_INT(actor_user_id), P_INT(actor_user_id), P_TEXT(to), P_TEXT(from),
                 P_TEXT(instrument_key), P_TEXT(from), P_TEXT(to)),
    error);
  gint64 higher = 0;
  GError *local = NULL;
  gboolean ok = scores != NULL &&
    (store_query_int(db,
                     "SELECT higher_is_better FROM instrument WHERE key = ?"
                     " ORDER BY version DESC",
                     STORE_PARAMS(P_TEXT(instrument_key)), &higher, &local) ||
     g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND));
  if (local != NULL && !ok)
    g_propagate_error(error, local);
  else
    g_clear_error(&local);
  if (!ok) {
    json_decref(interventions);
    json_decref(costs);
    json_decref(courses);
    json_decref(scores);
    return NULL;
  }
  return json_pack("{s:o, s:o, s:o, s:o, s:b}", "interventions", interventions, "costs", costs,
                   "courses", courses, "scores", scores, "higher_is_better", higher != 0);
}
