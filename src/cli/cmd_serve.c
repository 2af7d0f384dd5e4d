/* cmd_serve.c — `spor serve`: the web server, until SIGINT or SIGTERM. */
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/app.h"
#include "pages/pages.h"

static gboolean
on_signal(gpointer loop)
{
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

int
cmd_serve(CliContext *ctx, int argc, char **argv)
{
  g_autofree char *listen = NULL;
  int threads = 0;
  const GOptionEntry entries[] = {
    {"listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
     "adresse og port (standard 127.0.0.1:8080; port 0 vælger en ledig)", "VÆRT:PORT"},
    {"threads", 't', 0, G_OPTION_ARG_INT, &threads,
     "antal tråde, der besvarer forespørgsler (standard 4)", "N"},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "serve", "",
                 "Starter webserveren. Stop den med Ctrl-C (SIGINT) eller SIGTERM.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("serve", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  SporConfig *config = ctx->config;
  if (listen != NULL) {
    g_free(config->listen);
    config->listen = g_strdup(listen);
  }
  if (threads < 0 || threads > 256) {
    cli_error("serve", "--threads skal være mellem 1 og 256");
    return CLI_USAGE;
  }
  if (threads > 0)
    config->threads = (guint)threads;
  g_autofree char *host = NULL;
  guint16 port = 0;
  if (!spor_listen_parse(config->listen, &host, &port)) {
    cli_error("serve", "ugyldig adresse '%s' (skriv fx 127.0.0.1:8080)", config->listen);
    return CLI_USAGE;
  }

  /* Fail early, with the same messages as every other command, when the
   * database is missing or not migrated. */
  StoreDb *probe = cli_open_db(ctx, CLI_DB_CURRENT);
  if (probe == NULL)
    return CLI_FAILED;
  store_close(probe);

  g_autoptr(GError) error = NULL;
  guint pool_size = MAX(config->pool_size, config->threads);
  StorePool *pool = store_pool_new(config->db_url, pool_size, &error);
  if (pool == NULL) {
    cli_error("serve", "%s", error->message);
    return CLI_FAILED;
  }
  gsize n_tables;
  const RouteTable *tables = pages_route_tables(&n_tables);
  HttpApp *app = http_app_new(config, pool, tables, n_tables, &error);
  if (app == NULL) {
    cli_error("serve", "%s", error->message);
    store_pool_free(pool);
    return CLI_FAILED;
  }
  HttpServer *server = http_server_start(app, host, port, config->threads, &error);
  if (server == NULL) {
    cli_error("serve", "%s", error->message);
    http_app_free(app);
    store_pool_free(pool);
    return CLI_FAILED;
  }
  gboolean v6 = strchr(host, ':') != NULL;
  g_autofree char *shown = store_url_redacted(config->db_url);
  printf("spor %s lytter på http://%s%s%s:%u/ (database %s, %u tråde)\n", SPOR_VERSION,
         v6 ? "[" : "", host, v6 ? "]" : "", http_server_port(server), shown,
         config->threads);
  fflush(stdout);

  g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
  g_unix_signal_add(SIGINT, on_signal, loop);
  g_unix_signal_add(SIGTERM, on_signal, loop);
  g_main_loop_run(loop);

  printf("spor stopper.\n");
  http_server_stop(server);
  http_app_free(app);
  store_pool_free(pool);
  return CLI_OK;
}
