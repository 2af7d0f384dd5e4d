/* cmd_routes.c — `spor routes`: the map of the web UI, every route with
 * its method, pattern and the capabilities it demands, from the same
 * tables the server routes by.  The access-matrix test reads it. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/roles.h"
#include "pages/pages.h"

int
cmd_routes(CliContext *ctx, int argc, char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "skriv ruterne som JSON", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "routes", "",
                 "Viser webgrænsefladens ruter: metode, sti, og hvad brugeren skal have\n"
                 "lov til. Ruter uden \"html\" har også en JSON-udgave under /api/v1.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("routes", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  gsize n_tables;
  const RouteTable *tables = pages_route_tables(&n_tables);
  json_t *list = json_array();
  for (gsize t = 0; t < n_tables; t++) {
    for (gsize r = 0; r < tables[t].n_routes; r++) {
      const Route *route = &tables[t].routes[r];
      g_auto(GStrv) caps = spor_capability_names(route->capability);
      json_t *cap_list = json_array();
      for (guint i = 0; caps[i] != NULL; i++)
        json_array_append_new(cap_list, json_string(caps[i]));
      json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:b, s:b}", "method", route->method,
                                            "pattern", route->pattern, "capabilities", cap_list,
                                            "api", !(route->flags & ROUTE_HTML_ONLY),
                                            "page_cache", (route->flags & ROUTE_PAGE_CACHE) != 0));
    }
  }
  if (as_json) {
    char *text = json_dumps(list, JSON_INDENT(2));
    puts(text);
    free(text);
  } else {
    size_t i;
    json_t *route;
    json_array_foreach(list, i, route) {
      GString *caps = g_string_new(NULL);
      size_t k;
      json_t *cap;
      json_array_foreach(json_object_get(route, "capabilities"), k, cap)
        g_string_append_printf(caps, "%s%s", k ? "," : "", json_string_value(cap));
      printf("%-5s %-40s %-28s%s\n", json_string_value(json_object_get(route, "method")),
             json_string_value(json_object_get(route, "pattern")), caps->str,
             json_is_true(json_object_get(route, "api")) ? " api" : "");
      g_string_free(caps, TRUE);
    }
  }
  json_decref(list);
  return CLI_OK;
}
