/* cmd_check.c — `spor check`: is the database whole and at our version? */
#include <stdio.h>

#include "cli/cli.h"

int
cmd_check(CliContext *ctx, int argc, char **argv)
{
  int rc;
  if (!cli_parse(ctx, "check", "",
                 "Kontrollerer databasens integritet, fremmednøgler og skemaversion.\n"
                 "Afslutter med 0 når alt er i orden og 3 når der er fundet problemer.",
                 NULL, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("check", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_EXISTING);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new(NULL);
  gboolean ok = store_check(db, report, &error);
  if (error != NULL) {
    cli_error("check", "%s", error->message);
    return CLI_FAILED;
  }
  fputs(report->str, stdout);
  if (report->len > 0 && report->str[report->len - 1] != '\n')
    putchar('\n');
  if (!ok)
    return CLI_CHECK_PROBLEMS;
  g_autofree char *shown = store_url_redacted(ctx->config->db_url);
  printf("Databasen %s er i orden.\n", shown);
  return CLI_OK;
}
