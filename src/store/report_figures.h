/* report_figures.h — the rows behind the figure of a theory-of-change
 * result box (domain/report_theory.h): one instrument parameter's values
 * in the approved staff measurements of an offer's courses.
 *
 * Not scoped to an actor: the caller has decided that the actor may see
 * the offer's aggregated figures (the theory page: whoever reads the
 * theory; the offer report: a leader of the offer).  Nothing here is
 * shown as it is: the domain aggregates and suppresses small cells. */
#pragma once

#include "store/store.h"

/* One measurement's value of a parameter (store_report_figure_values). */
typedef struct StoreFigureValue {
  gint64 course_id, citizen_id;
  char started_on[11]; /* the course's start, ISO date */
  gboolean start;      /* measured at the start point */
  double value;
} StoreFigureValue;

/* The values of one parameter (part "total": the measurement's score;
 * "item": the answer to the item part_key; "subscale": the mean of the
 * answered items of subscale part_key, reversed items turned) in approved
 * measurements by respondent ("staff" or "citizen"), on or before `to`, of
 * the courses of offer_id (of intervention_id alone when not 0) under way
 * in [from, to], by course, date and measurement: a newly allocated array
 * of StoreFigureValue, NULL with error. */
GArray *store_report_figure_values(StoreDb *db, gint64 offer_id, gint64 intervention_id,
                                   const char *from, const char *to, const char *instrument_key,
                                   const char *part, const char *part_key,
                                   const char *respondent, GError **error);

/* Whether the item part_key is reversed (its answer turned on its scale)
 * in any version of the instrument. */
gboolean store_report_figure_item_reversed(StoreDb *db, const char *instrument_key,
                                           const char *part_key, gboolean *out_reversed,
                                           GError **error);

/* Whether staff answer the instrument (its newest version names them
 * among its respondents, or names nobody); FALSE for a self-report such
 * as WHO-5. */
gboolean store_report_figure_staff_answer(StoreDb *db, const char *instrument_key,
                                          gboolean *out_staff, GError **error);

/* Whether a higher value of the parameter is better (the subscale's own
 * direction, else the instrument's, newest version); NOT_FOUND when the
 * instrument (or subscale) does not exist. */
gboolean store_report_figure_direction(StoreDb *db, const char *instrument_key, const char *part,
                                       const char *part_key, gboolean *out_higher_better,
                                       GError **error);

/* The theories of change of an offer: [{id, title, intervention_id}] by
 * title (their boxes come from store_theory_get).  Not scoped: the caller
 * checked that the actor leads the offer. */
json_t *store_report_figure_theories(StoreDb *db, gint64 offer_id, GError **error);

/* The parameter as people read it, "WHO-5 – Jeg har været aktiv …", in
 * Danish or English (en), total_label for the total; the keys when
 * the instrument no longer has it.
 * Newly allocated. */
char *store_report_figure_label(StoreDb *db, const char *instrument_key, const char *part,
                                const char *part_key, gboolean en,
                                const char *total_label);
