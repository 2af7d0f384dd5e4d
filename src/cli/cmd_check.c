/* cmd_check.c — `spor check`: is the database whole and at our version?
 * With --sums also every table's row count and checksum, the same on
 * both backends, to compare a restored backup or a copy with its origin. */
#include <stdio.h>

#include "cli/cli.h"

static int
print_sums(StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  json_t *sums = NULL;
  if (store_begin(db, STORE_TX_READ, &error))
    sums = store_table_sums(db, NULL, NULL, &error);
  store_rollback(db);
  if (sums == NULL) {
    cli_error("check", "%s", error->message);
    return CLI_FAILED;
  }
  const char *table;
  json_t *sum;
  json_object_foreach(sums, table, sum) {
    /* When each migration ran differs between copies, and the data
     * revision is a counter for page caches that a restore moves on. */
    if (g_strcmp0(table, "schema_migrations") == 0 || g_strcmp0(table, "data_revision") == 0)
      continue;
    printf("%-22s %12" JSON_INTEGER_FORMAT "  %s\n", table,
           json_integer_value(json_object_get(sum, "rows")),
           json_string_value(json_object_get(sum, "checksum")));
  }
  json_decref(sums);
  return CLI_OK;
}

int
cmd_check(CliContext *ctx, int argc, char **argv)
{
  gboolean sums = FALSE;
  const GOptionEntry entries[] = {
    {"sums", 0, 0, G_OPTION_ARG_NONE, &sums,
     "vis også antal rækker og kontrolsum (SHA-256) for hver tabel; ens data giver ens "
     "summer på SQLite og PostgreSQL",
     NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "check", "",
                 "Kontrollerer databasens integritet, fremmednøgler og skemaversion.\n"
                 "Afslutter med 0 når alt er i orden og 3 når der er fundet problemer.",
                 entries, &argc, &argv, &rc))
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
  if (sums && print_sums(db) != CLI_OK)
    return CLI_FAILED;
  g_autofree char *shown = store_url_redacted(ctx->config->db_url);
  printf("Databasen %s er i orden.\n", shown);
  return CLI_OK;
}
