/* reports_quality.h — the quality reports of report 8 and one citizen's
 * report 2, built into the model of reports.h like every other report:
 *
 *  - inter-rater: points rated by two or more staff (the same course and
 *    point, within 14 days): ICC(2,1) per item and for the mean of the
 *    items, and weighted κ for each pair of raters;
 *  - completeness: the measurements the plans expect in the period
 *    (domain/due.h), done on time, late, as a draft or missing, per
 *    intervention, offer, unit or contact person;
 *  - target-fit: each structured inclusion criteria of an intervention
 *    (061_intervention_criterion.sql) against the citizens who started in
 *    the period;
 *  - citizen-progression: one citizen's measurements over time, every
 *    item at once, for the staff and leaders who care for them.  It is not
 *    in the list of report_defs (it needs a citizen) but report_find knows
 *    it.
 *
 * Small cells are hidden as in reports.h, except in the citizen's own
 * report: it shows one named citizen to those who work with them, never to
 * an analyst (the store answers NOT_FOUND outside care). */
#pragma once

#include "domain/reports.h"

/* TRUE for the kinds built here. */
gboolean report_quality_kind(ReportKind kind);
/* The reports of this file that are not in report_defs by name, or NULL. */
const ReportDef *report_quality_find(const char *name);
/* report_build for those kinds. */
json_t *report_quality_build(StoreDb *db, gint64 actor, const ReportDef *def,
                             const ReportFilter *f, GError **error);

/* The background fields a criterion may name: [{code, label}], labels
 * translated (the fields of store_quality_background_fields). */
json_t *report_quality_background_options(void);
/* A criterion row as people read it ("Alder ved opstart: 18–30 år");
 * newly allocated.  items: the instrument's items for start_score labels
 * (or NULL). */
char *report_quality_criterion_label(const json_t *criterion, const json_t *items);
