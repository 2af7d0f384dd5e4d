/* pages.c — collects the route tables of the page files. */
#include "pages/pages.h"

const RouteTable *
pages_route_tables(gsize *out_n)
{
  static RouteTable tables[14];
  static gsize initialised;
  if (g_once_init_enter(&initialised)) {
    tables[0] = (RouteTable){pages_home_routes, pages_home_n_routes};
    tables[1] = (RouteTable){pages_login_routes, pages_login_n_routes};
    tables[2] = (RouteTable){pages_citizens_routes, pages_citizens_n_routes};
    tables[3] = (RouteTable){pages_measurements_routes, pages_measurements_n_routes};
    tables[4] = (RouteTable){pages_audit_routes, pages_audit_n_routes};
    tables[5] = (RouteTable){pages_ops_routes, pages_ops_n_routes};
    tables[6] = (RouteTable){pages_instruments_routes, pages_instruments_n_routes};
    tables[7] = (RouteTable){pages_practice_routes, pages_practice_n_routes};
    tables[8] = (RouteTable){pages_assessment_routes, pages_assessment_n_routes};
    tables[9] = (RouteTable){pages_development_routes, pages_development_n_routes};
    tables[10] = (RouteTable){pages_theory_routes, pages_theory_n_routes};
    tables[11] = (RouteTable){pages_journey_routes, pages_journey_n_routes};
    tables[12] = (RouteTable){pages_planning_routes, pages_planning_n_routes};
    tables[13] = (RouteTable){pages_privacy_routes, pages_privacy_n_routes};
    g_once_init_leave(&initialised, 1);
  }
  *out_n = G_N_ELEMENTS(tables);
  return tables;
}
