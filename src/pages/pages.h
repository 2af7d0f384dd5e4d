/* pages.h — the web UI: every page file's route table, collected. */
#pragma once

#include "http/app.h"

/* The route tables of every page file, in the order pages.c lists them:
 * the map of the web UI.  Static storage. */
const RouteTable *pages_route_tables(gsize *out_n);

/* Each page file's table (defined next to its handlers). */
extern const Route pages_login_routes[];
extern const gsize pages_login_n_routes;
extern const Route pages_home_routes[];
extern const gsize pages_home_n_routes;
extern const Route pages_citizens_routes[];
extern const gsize pages_citizens_n_routes;
extern const Route pages_measurements_routes[];
extern const gsize pages_measurements_n_routes;
extern const Route pages_audit_routes[];
extern const gsize pages_audit_n_routes;
extern const Route pages_ops_routes[];
extern const gsize pages_ops_n_routes;
extern const Route pages_instruments_routes[];
extern const gsize pages_instruments_n_routes;
extern const Route pages_due_routes[];
extern const gsize pages_due_n_routes;
extern const Route pages_courses_routes[];
extern const gsize pages_courses_n_routes;
extern const Route pages_goals_routes[];
extern const gsize pages_goals_n_routes;
extern const Route pages_interventions_routes[];
extern const gsize pages_interventions_n_routes;
extern const Route pages_me_routes[];
extern const gsize pages_me_n_routes;
extern const Route pages_invitations_routes[];
extern const gsize pages_invitations_n_routes;
extern const Route pages_exchange_routes[];
extern const gsize pages_exchange_n_routes;
/* Practice development (practice_common.h). */
extern const Route pages_practice_routes[];
extern const gsize pages_practice_n_routes;
extern const Route pages_assessment_routes[];
extern const gsize pages_assessment_n_routes;
extern const Route pages_development_routes[];
extern const gsize pages_development_n_routes;
extern const Route pages_theory_routes[];
extern const gsize pages_theory_n_routes;
extern const Route pages_journey_routes[];
extern const gsize pages_journey_n_routes;
extern const Route pages_planning_routes[];
extern const gsize pages_planning_n_routes;
extern const Route pages_privacy_routes[];
extern const gsize pages_privacy_n_routes;
/* The citizen's status report, the team's reports and costs. */
extern const Route pages_status_report_routes[];
extern const gsize pages_status_report_n_routes;
extern const Route pages_team_routes[];
extern const gsize pages_team_n_routes;
extern const Route pages_costs_routes[];
extern const gsize pages_costs_n_routes;
/* One citizen's progression report and inclusion criteria (reports_quality.c). */
extern const Route pages_reports_quality_routes[];
extern const gsize pages_reports_quality_n_routes;

/* The intervention page's model (interventions.c), for a form of another
 * file that answers 422 on that page; NULL with error. */
json_t *pages_intervention_model(HttpRequest *req, gint64 id, GError **error);
/* Adds the intervention's structured inclusion criteria and the form to
 * add one (values and errors as typed, or NULL) to the intervention
 * page's model (reports_quality.c). */
void pages_criteria_attach(HttpRequest *req, json_t *model, gint64 intervention_id,
                           json_t *values, json_t *errors);
/* Reports (domain/reports.h). */
extern const Route pages_reports_routes[];
extern const gsize pages_reports_n_routes;
