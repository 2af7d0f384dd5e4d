/* cmd_demo.c — `spor demo`: fill an empty database with demo data. */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "domain/demo.h"

static void
print_logins(void)
{
  gsize n;
  const DemoLogin *logins = demo_logins(&n);
  printf("Demo-logins (adgangskode for alle: %s):\n", DEMO_PASSWORD);
  for (gsize i = 0; i < n; i++)
    printf("  %-14s %-14s %s\n", logins[i].username, logins[i].role, logins[i].description);
}

/* Progress on a terminal: one line, rewritten. */
static void
show_progress(guint done, guint total, void *user_data)
{
  (void)user_data;
  fprintf(stderr, "\rDemodata: %u af %u borgere", done, total);
  if (done == total)
    fputc('\n', stderr);
  fflush(stderr);
}

int
cmd_demo(CliContext *ctx, int argc, char **argv)
{
  int citizens = 300;
  gint64 seed = 1;
  gboolean logins_only = FALSE;
  g_autofree char *today = NULL;
  const GOptionEntry entries[] = {
    {"citizens", 'n', 0, G_OPTION_ARG_INT, &citizens, "antal borgere (standard 300)", "N"},
    {"seed", 's', 0, G_OPTION_ARG_INT64, &seed,
     "startværdi; samme værdi giver samme data (standard 1)", "S"},
    {"today", 0, 0, G_OPTION_ARG_STRING, &today,
     "datoen, demodata regnes fra (standard i dag); samme --seed og --today giver samme data",
     "ÅÅÅÅ-MM-DD"},
    {"print-logins", 0, 0, G_OPTION_ARG_NONE, &logins_only,
     "vis kun demo-logins; skriv intet", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "demo", "",
                 "Fylder en tom database med opdigtede, realistiske demodata: to\n"
                 "organisationer, fire tilbud, medarbejdere, borgere, forløb og målinger.\n"
                 "Samme --seed og --today giver altid de samme data.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("demo", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  if (logins_only) {
    print_logins();
    return CLI_OK;
  }
  if (citizens < 1 || citizens > 10000000) {
    cli_error("demo", "--citizens skal være mellem 1 og 10000000");
    return CLI_USAGE;
  }
  if (seed < 0) {
    cli_error("demo", "--seed skal være 0 eller større");
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  if (today != NULL && !spor_date_valid_iso(today)) {
    cli_error("demo", "--today skal være en dato som 2026-11-01");
    return CLI_USAGE;
  }
  DemoOptions options = {.citizens = (guint)citizens, .seed = (guint64)seed,
                         .anchor_date = today};
  g_autoptr(GError) error = NULL;
  if (!demo_generate(db, &options, isatty(STDERR_FILENO) ? show_progress : NULL, NULL,
                     &error)) {
    cli_error("demo", "%s", error->message);
    return CLI_FAILED;
  }
  g_autofree char *shown = store_url_redacted(ctx->config->db_url);
  printf("Demodata med %u borgere er lagt i %s.\n", options.citizens, shown);
  print_logins();
  return CLI_OK;
}
