/* cmd_retention.c — `spor retention`: the retention job.  Erases the
 * citizens whose every course ended more than [privacy] retention_years
 * ago (or before --before), each in its own transaction with its own
 * audit line; --dry-run lists them and erases nothing.  Run it from cron,
 * after looking at a dry run. */
#include <stdio.h>

#include "cli/cli.h"
#include "core/clock.h"

int
cmd_retention(CliContext *ctx, int argc, char **argv)
{
  g_autofree char *before = NULL;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    {"before", 0, 0, G_OPTION_ARG_STRING, &before,
     "slet borgere, hvis forløb alle sluttede før denne dato (standard: i dag minus "
     "[privacy] retention_years)",
     "ÅÅÅÅ-MM-DD"},
    {"dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "vis kun, hvem der ville blive slettet", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "retention", "",
                 "Sletter borgere, hvis forløb alle er afsluttet for længere siden end\n"
                 "opbevaringsperioden.  Hver sletning står i revisionsloggen uden\n"
                 "personoplysninger.  Kør først med --dry-run.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("retention", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  if (before == NULL) {
    g_autoptr(GDateTime) now = spor_clock_now();
    g_autoptr(GDateTime) cut =
      g_date_time_add_years(now, -(gint)ctx->config->citizen_retention_years);
    before = g_date_time_format(cut, "%Y-%m-%d");
  } else {
    g_autofree char *iso = spor_date_parse_to_iso(before);
    if (iso == NULL) {
      cli_error("retention", "--before skal være en dato, fx 2020-01-01");
      return CLI_USAGE;
    }
    g_free(before);
    before = g_steal_pointer(&iso);
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  json_t *due = NULL;
  if (store_begin(db, STORE_TX_READ, &error))
    due = store_retention_due(db, before, &error);
  store_rollback(db);
  if (due == NULL) {
    cli_error("retention", "%s", error->message);
    return CLI_FAILED;
  }
  gsize n = json_array_size(due);
  g_autofree char *shown = spor_date_iso_to_danish(before);
  if (dry_run) {
    printf("%zu borgere har kun forløb, der sluttede før %s, og ville blive slettet:\n", n,
           shown);
    gsize i;
    json_t *row;
    json_array_foreach(due, i, row) {
      g_autofree char *last =
        spor_date_iso_to_danish(json_string_value(json_object_get(row, "last_ended_on")));
      printf("  borger %" JSON_INTEGER_FORMAT "  sidste forløb sluttede %s (%" JSON_INTEGER_FORMAT
             " forløb)\n",
             json_integer_value(json_object_get(row, "id")), last,
             json_integer_value(json_object_get(row, "courses")));
    }
    json_decref(due);
    return CLI_OK;
  }
  gsize erased = 0;
  gsize i;
  json_t *row;
  json_array_foreach(due, i, row) {
    gint64 id = json_integer_value(json_object_get(row, "id"));
    gboolean ok = store_begin(db, STORE_TX_WRITE, &error) &&
                  store_citizen_erase_retained(db, id, before, &error) &&
                  store_commit(db, &error);
    if (!ok) {
      store_rollback(db);
      if (g_error_matches(error, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
        g_clear_error(&error); /* changed meanwhile: no longer due */
        continue;
      }
      json_decref(due);
      cli_error("retention", "borger %" G_GINT64_FORMAT ": %s (%zu slettet indtil da)", id,
                error->message, erased);
      return CLI_FAILED;
    }
    erased++;
  }
  json_decref(due);
  printf("%zu borgere med forløb, der alle sluttede før %s, er slettet.\n", erased, shown);
  return CLI_OK;
}
