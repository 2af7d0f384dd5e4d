/* pages.c — collects the route tables of the page files. */
#include "pages/pages.h"

const RouteTable *
pages_route_tables(gsize *out_n)
{
  static RouteTable tables[26];
  static gsize initialised;
  if (g_once_init_enter(&initialised)) {
    tables[0] = (RouteTable){pages_home_routes, pages_home_n_routes};
    tables[1] = (RouteTable){pages_login_routes, pages_login_n_routes};
    tables[2] = (RouteTable){pages_citizens_routes, pages_citizens_n_routes};
    tables[3] = (RouteTable){pages_measurements_routes, pages_measurements_n_routes};
    tables[4] = (RouteTable){pages_audit_routes, pages_audit_n_routes};
    tables[5] = (RouteTable){pages_ops_routes, pages_ops_n_routes};
    tables[6] = (RouteTable){pages_instruments_routes, pages_instruments_n_routes};
    tables[7] = (RouteTable){pages_due_routes, pages_due_n_routes};
    tables[8] = (RouteTable){pages_courses_routes, pages_courses_n_routes};
    tables[9] = (RouteTable){pages_goals_routes, pages_goals_n_routes};
    tables[10] = (RouteTable){pages_interventions_routes, pages_interventions_n_routes};
    tables[11] = (RouteTable){pages_me_routes, pages_me_n_routes};
    tables[12] = (RouteTable){pages_invitations_routes, pages_invitations_n_routes};
    tables[13] = (RouteTable){pages_exchange_routes, pages_exchange_n_routes};
    tables[14] = (RouteTable){pages_privacy_routes, pages_privacy_n_routes};
    tables[15] = (RouteTable){pages_practice_routes, pages_practice_n_routes};
    tables[16] = (RouteTable){pages_assessment_routes, pages_assessment_n_routes};
    tables[17] = (RouteTable){pages_development_routes, pages_development_n_routes};
    tables[18] = (RouteTable){pages_theory_routes, pages_theory_n_routes};
    tables[19] = (RouteTable){pages_journey_routes, pages_journey_n_routes};
    tables[20] = (RouteTable){pages_planning_routes, pages_planning_n_routes};
    tables[21] = (RouteTable){pages_status_report_routes, pages_status_report_n_routes};
    tables[22] = (RouteTable){pages_team_routes, pages_team_n_routes};
    tables[23] = (RouteTable){pages_costs_routes, pages_costs_n_routes};
    tables[24] = (RouteTable){pages_reports_routes, pages_reports_n_routes};
    tables[25] = (RouteTable){pages_reports_quality_routes, pages_reports_quality_n_routes};
    g_once_init_leave(&initialised, 1);
  }
  *out_n = G_N_ELEMENTS(tables);
  return tables;
}
