/* reports_team.h — the team's reports and the cost report in the report
 * model of reports.h, so that they have the outputs of every report: a
 * page with a chart, a table and "Sådan læses figuren", CSV, XLSX and PDF
 * (report_export.h) and `spor report team|caseload|costs`.
 *
 *  - team (5): the team's result list, the phases the citizens of the
 *    actor's care finished in the period.  It names citizens: only for
 *    the citizens' own staff and leaders (CAP_CITIZEN_WRITE, rows in the
 *    care), and every citizen named is handed back to the caller to be
 *    audited;
 *  - caseload (5): per worker, the citizens they are contact person for in
 *    course, courses started and ended, sessions, minutes and
 *    measurements, over the actor's care.  It names workers, not citizens;
 *    its figures are the team's own operational figures and are not
 *    suppressed (an analyst has no care and sees no row);
 *  - costs (9): per intervention in reach, the cost in the period, per
 *    citizen-course and per point of improvement; an aggregate, so the
 *    counts under k are hidden with complementary suppression against the
 *    total row, and everything resting on a hidden count with them.
 *
 * The model is the report model with two additions the pages use:
 * "rows" (the rows as the pages list them, display texts included) and
 * for the result list "citizens", "goals" and "goals_reached"; for costs
 * "total" and "any_suppressed". */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "domain/reports.h"
#include "store/store.h"

/* TRUE for the reports built here (team, caseload, costs). */
gboolean report_team_kind(const ReportDef *def);

/* The capability a report needs: CAP_CITIZEN_WRITE for the result list
 * and one citizen's progression (they name citizens), CAP_REPORT for
 * every other. */
guint report_capability(const ReportDef *def);

/* The page of a report: "/team", "/team/caseload", "/costs", or
 * "/reports/NAME" for the reports of reports.c; newly allocated. */
char *report_href(const ReportDef *def);

/* Builds one of the reports above for actor over from..to (f->k the
 * small-cell limit; the other filters are not used), unit_id 0 for every
 * unit of the care.  named (may be NULL only for reports that name
 * nobody) receives the id of every citizen named, once each.  A new
 * reference; NULL with error on a database error. */
json_t *report_team_build(StoreDb *db, gint64 actor, const ReportDef *def, const ReportFilter *f,
                          gint64 unit_id, GArray *named, GError **error);
