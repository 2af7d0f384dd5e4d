/* team.h — the store's part of the team's reports and of costs: the
 * phases the citizens of a team finished in a period (the result list),
 * the caseload of each worker, and what interventions cost (entered by the
 * offer's leader) with the courses and scores the cost report divides by.
 *
 * Rows are scoped in SQL as everywhere in the store: the result list and
 * the caseload reach the citizens in the actor's care (staff or leader
 * over their unit); costs are entered for interventions of offers the
 * actor leads; the cost report reaches the interventions of offers the
 * actor leads, and for an analyst those of their organisation (aggregates
 * only: it names no citizen). */
#pragma once

#include "store/store.h"

/* ---- The team's result list and caseload (team.c) ------------------------ */

/* Phases finished on a day from `from` to `to` (ISO dates, inclusive) in
 * courses of citizens in the actor's care (unit_id 0: every unit of the
 * care).  A phase is finished when the course's next phase starts, or the
 * last phase when the course ends.  [{citizen_id, first_name, last_name,
 * unit_id, unit_name, course_id, intervention_id, intervention_name,
 * phase_name, phase_started_on, finished_on, course_ended (bool), goals,
 * goals_reached}] by finished_on, then name.  goals counts the course's
 * goals (not sub-goals) and goals_reached those reached. */
json_t *store_team_phases_finished(StoreDb *db, gint64 actor_user_id, const char *from,
                                   const char *to, gint64 unit_id, GError **error);

/* Approved staff measurements of instrument_key (every version) with a
 * score, of courses of citizens in the actor's care, measured on or before
 * `to`: [{course_id, measured_on, score}] by course, day and id. */
json_t *store_team_course_scores(StoreDb *db, gint64 actor_user_id, const char *instrument_key,
                                 const char *to, GError **error);

/* The caseload in a period, per key worker (the citizen's contact person;
 * user_id 0 for citizens without one) and per worker's own activity, over
 * the citizens in the actor's care (unit_id 0: all):
 * {key_workers: [{user_id, name, citizens, started, ended}],
 *  activity: [{user_id, name, sessions, minutes, measurements}]}
 * where citizens counts those with a course running some day of the
 * period, started and ended the courses started and ended in it, sessions
 * and minutes the intensity log's entries the worker wrote for the period,
 * measurements those the worker rated in it. */
json_t *store_team_caseload(StoreDb *db, gint64 actor_user_id, const char *from, const char *to,
                            gint64 unit_id, GError **error);

/* The units of the actor's care: [{id, name, offer_name}] by offer, name. */
json_t *store_team_units(StoreDb *db, gint64 actor_user_id, GError **error);

/* ---- Costs (costs.c) ------------------------------------------------------ */

typedef struct StoreCostInput {
  const char *period_start; /* ISO dates, start <= end */
  const char *period_end;
  double amount;            /* kroner, >= 0 */
  const char *note;         /* may be NULL */
} StoreCostInput;

/* An intervention of an offer the actor leads, with what it cost:
 * {id, name, offer_id, offer_name, costs: [{id, period_start, period_end,
 * amount, note, created_by_name, updated_at}]} latest period first;
 * NOT_FOUND otherwise. */
json_t *store_cost_list(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                        GError **error);

/* Enters the cost of a period of an intervention of an offer the actor
 * leads (actor 0: trusted caller).  The very same period again replaces
 * its amount and note (a correction: *out_replaced, may be NULL, is TRUE);
 * a period sharing days with another is CONFLICT and writes nothing, as is
 * an end before the start or a negative amount.  The row's id, 0 on error. */
gint64 store_cost_set(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                      const StoreCostInput *input, gboolean *out_replaced, GError **error);

/* What the cost report needs for the period from..to, for the
 * interventions the actor may see figures of (see above), instrument_key
 * the scale whose improvement is counted:
 * {interventions: [{id, name, offer_id, offer_name}] by offer and name,
 *  costs: [{intervention_id, period_start, period_end, amount}] of the
 *    periods sharing days with from..to,
 *  courses: [{intervention_id, course_id}] running some day of from..to,
 *  scores: [{intervention_id, course_id, measured_on, score}] the approved
 *    staff measurements with a score of those courses, in from..to, by
 *    course, day and id,
 *  higher_is_better: the instrument's direction}. */
json_t *store_cost_report_data(StoreDb *db, gint64 actor_user_id, const char *from,
                               const char *to, const char *instrument_key, GError **error);
