/* citizen_chart.h — charts of a citizen (render/chart.h models): the life
 * areas over time as the staff rated them, the citizen's self-assessment
 * beside the staff's, a goal's item with its target, and the GAS T-score.
 * Only approved measurements are drawn; several raters on one day are
 * drawn as their mean. */
#pragma once

#include <jansson.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/instrument_def.h"

/* The instrument whose measurements the citizen page draws. */
#define CITIZEN_CHART_INSTRUMENT "vum-livsomraader"

/* A line chart of the staff's approved measurements with instrument (any
 * of its versions; answers are matched to the newest version's items by
 * item key), one line per item plus the mean, labelled in lang; NULL when
 * there is no such measurement.  New reference. */
json_t *citizen_chart_model(const json_t *citizen, const json_t *measurements,
                            const json_t *instrument, SporLang lang);
/* The same for one course (course_id 0: every course). */
json_t *citizen_chart_course_model(const json_t *citizen, const json_t *measurements,
                                   const json_t *instrument, gint64 course_id, SporLang lang);
/* The mean score of the citizen's own assessments beside the staff's, one
 * point per day; NULL when the citizen has not assessed themself. */
json_t *citizen_chart_compare_model(const json_t *citizen, const json_t *measurements,
                                    const json_t *instrument, gint64 course_id, SporLang lang);
/* A scale goal's item from its baseline on, staff and (if any) self,
 * with the target as a reference line; NULL when nothing to draw.  goal
 * as store_goal_get gives it. */
json_t *citizen_chart_goal_model(const json_t *goal, const json_t *measurements,
                                 const json_t *instrument, const char *item_name, SporLang lang);
/* The GAS T-score of goals (each with "ratings", "kind", "gas_weight")
 * on every rating day; *out_scores (may be NULL) gets [{rated_on,
 * rated_on_display, t_score, goals}].  NULL when nothing is rated. */
json_t *citizen_chart_gas_model(const json_t *goals, json_t **out_scores);
/* The total score of another instrument (WHO-5, …) over time, the staff's
 * and the citizen's own as two lines, with the instrument's cut-offs as
 * reference lines; key is def's instrument key.  NULL when def has no
 * total (or a GAS T-score), or nothing approved to draw. */
json_t *citizen_chart_score_model(const json_t *citizen, const json_t *measurements,
                                  const InstrumentDef *def, const char *key, SporLang lang);
