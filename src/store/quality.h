/* quality.h — the rows behind the quality reports (domain/reports_quality.h):
 * ratings of the same measurement point by several raters, the courses and
 * plans behind completeness and timeliness, an intervention's structured
 * inclusion criteria (061_intervention_criterion.sql) with the courses they
 * are checked against, and one citizen's measurements.
 *
 * Reach is that of the other reports (StoreReportsScope, store/reports.c),
 * except one citizen's measurements: staff and leaders with the citizen in
 * their care, and nobody else (STORE_ERROR_NOT_FOUND). */
#pragma once

#include "store/store.h"

/* Approved staff measurements of the instrument at a point (not ad hoc)
 * in the period, by a named rater, of courses in scope, where another
 * rater rated the same course at the same point: one row per answer,
 * [{measurement_id, course_id, citizen_id, point, measured_on, rater_id,
 * rater_name, led, item_key, value}] by course, point, date, measurement.
 * led: the actor leads the course's offer.  value is null when unanswered. */
json_t *store_quality_ratings(StoreDb *db, const StoreReportsScope *scope,
                              const char *instrument_key, GError **error);

/* The courses in scope as store_due_courses gives them (id, citizen_id,
 * unit_name, offer_name, intervention_id, intervention_name,
 * contact_person_name, started_on, ended_on, led, phases, measurements),
 * and the plans of their interventions as store_due_plans. */
json_t *store_quality_due_courses(StoreDb *db, const StoreReportsScope *scope, GError **error);
json_t *store_quality_due_plans(StoreDb *db, const StoreReportsScope *scope, GError **error);

/* ---- Structured inclusion criteria ---------------------------------------------- */

typedef struct StoreCriterionInput {
  const char *kind;      /* "age", "gender", "background", "start_score" */
  const char *field;     /* background: a field of store_quality_background_fields;
                            start_score: an instrument key */
  const char *item_key;  /* start_score: an item, or NULL for the mean */
  const char *value;     /* gender, background */
  gboolean has_min, has_max;
  double min_value, max_value;
} StoreCriterionInput;

/* The background fields a criterion may name, NULL-terminated: keys of
 * citizen columns. */
const char *const *store_quality_background_fields(void);

/* The criteria of an intervention the actor may see, [{id, kind, field,
 * item_key, value, min_value, max_value}] in the order written. */
json_t *store_quality_criteria(StoreDb *db, gint64 actor, gint64 intervention_id,
                               GError **error);
/* Adds a criterion to an intervention of an offer the actor leads (else
 * NOT_FOUND); the caller has checked the input.  The new id, or 0. */
gint64 store_quality_criterion_add(StoreDb *db, gint64 actor, gint64 intervention_id,
                                   const StoreCriterionInput *in, GError **error);
/* Gives the intervention of a criterion of an intervention the actor leads
 * (else NOT_FOUND), and removes the criterion when remove is TRUE. */
gboolean store_quality_criterion_delete(StoreDb *db, gint64 actor, gint64 criterion_id,
                                        gboolean remove, gint64 *out_intervention_id,
                                        GError **error);

/* The criteria of every intervention in scope: [{id, intervention_id,
 * intervention, kind, field, item_key, value, min_value, max_value}]. */
json_t *store_quality_scope_criteria(StoreDb *db, const StoreReportsScope *scope,
                                     GError **error);
/* The courses in scope that started in the period, with the citizen's
 * gender, birth_date and every background field: [{course_id, citizen_id,
 * intervention_id, started_on, birth_date, gender, <fields>…}]. */
json_t *store_quality_started_courses(StoreDb *db, const StoreReportsScope *scope,
                                      GError **error);
/* The approved staff measurements at the start of the instrument of
 * courses in scope, one row per answer: [{course_id, measurement_id,
 * measured_on, item_key, value}] by course, date, measurement. */
json_t *store_quality_start_answers(StoreDb *db, const StoreReportsScope *scope,
                                    const char *instrument_key, GError **error);

/* ---- One citizen ------------------------------------------------------------------ */

/* The citizen {id, first_name, last_name} when in the actor's care (staff
 * or leader over their unit); NOT_FOUND otherwise. */
json_t *store_quality_citizen(StoreDb *db, gint64 actor, gint64 citizen_id, GError **error);
/* The citizen's approved measurements of the instrument by respondent
 * (NULL: staff) between from and to, one row per answer:
 * [{measurement_id, measured_on, point, item_key, value}] by date. */
json_t *store_quality_citizen_answers(StoreDb *db, gint64 citizen_id,
                                      const char *instrument_key, const char *respondent,
                                      const char *from, const char *to, GError **error);
