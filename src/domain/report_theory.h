/* report_theory.h — the figures of a theory of change: for each result
 * box, the latest aggregated figure of each instrument parameter that
 * measures it.  One function, used by the theory pages (the map, the
 * box's page and the printed map) and by the offer report's section on
 * the theory, so the two always show the same number.
 *
 * The figure of a parameter, over the courses of the offer (of the
 * theory's intervention when it names one) under way in the period, one
 * course per citizen (the one that started last), approved measurements
 * by staff (by the citizens themselves for an instrument that only
 * citizens answer, such as WHO-5): the value at the course's first start measurement
 * and at its latest measurement after it (the end, when the course has
 * ended), the mean change with its 95 % confidence interval, and the
 * share of citizens whose value moved in the better direction.
 *
 * Small cells: a figure resting on fewer than k citizens is not given
 * (n shown as "< k"), and the share improved only when both the improved
 * and the others are at least k (suppress_1d with the total), so that no
 * group under k can be counted.  Nothing names a citizen. */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "store/store.h"

/* Values a caller has already read (the offer report: its instrument's
 * answers), offered in place of store_report_figure_values(): the same
 * rows in the same order for the same arguments, newly allocated, or NULL
 * when the caller does not hold them (then they are read from the
 * store).  A NULL with *error set is a failure. */
typedef GArray *(*ReportTheoryValuesFunc)(void *data, gint64 offer_id, gint64 intervention_id,
                                          const char *instrument_key, const char *part,
                                          const char *part_key, const char *respondent,
                                          GError **error);

typedef struct ReportTheoryScope {
  gint64 offer_id;        /* the theory's offer */
  gint64 intervention_id; /* 0: every intervention of the offer */
  const char *from, *to;  /* ISO dates */
  guint k;                /* small-cell limit; raised to SUPPRESS_K_MIN */
  ReportTheoryValuesFunc values; /* NULL: always from the store */
  void *values_data;
} ReportTheoryScope;

/* The figure of one parameter {instrument_key, part, part_key}: a new
 * object {instrument_key, part, part_key, label, n (null when hidden), n_text,
 * mean_start, mean_latest, change, ci_low, ci_high, improved_pct (null
 * when hidden or not computable), respondent, higher_is_better,
 * suppressed, empty, text (one line for people, in the current language),
 * short (a few words for the results map)}. */
json_t *report_theory_figure(StoreDb *db, const ReportTheoryScope *scope, const json_t *parameter,
                             GError **error);

/* The figures of every parameter of every result box of a version's
 * boxes (store_theory_get's version.boxes): a new object mapping the box
 * id (as text) to an array of report_theory_figure()s, in the order of
 * the box's parameters.  Activity boxes and boxes without parameters are
 * left out. */
json_t *report_theory_figures(StoreDb *db, const ReportTheoryScope *scope, const json_t *boxes,
                              GError **error);

/* The offer report's sections on the theories of change (one per theory
 * of the offer, its newest version): every box by column, activities →
 * immediate → medium-term → long-term results, and for each parameter of
 * a result box its report_theory_figure() over the report's period, with
 * a chart of the share that moved in the good direction.  Only for one
 * offer the actor leads (offer_id, or the one offer in reach when it is
 * 0 and the actor leads it): an analyst's report covers offers together
 * and gets a section that says so.  values (may be NULL) offers rows the
 * report has read already.  Appends to sections. */
gboolean report_theory_offer_sections(StoreDb *db, gint64 actor, gint64 offer_id,
                                      gint64 intervention_id, const char *from, const char *to,
                                      guint k, ReportTheoryValuesFunc values, void *values_data,
                                      json_t *sections, GError **error);
