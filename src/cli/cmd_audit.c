/* cmd_audit.c — `spor audit verify|list|prune`: the audit log from the
 * command line.  verify checks the hash chain (spor check does too); list
 * shows the newest lines; prune removes lines older than the retention
 * period ([audit] retention_years, or --before), counting first with
 * --dry-run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"

static int
audit_verify(CliContext *ctx, int argc, char **argv)
{
  int rc;
  if (!cli_parse(ctx, "audit verify", "", "Kontrollerer revisionslogens hash-kæde.", NULL, &argc,
                 &argv, &rc))
    return rc;
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new(NULL);
  gboolean ok = FALSE;
  gboolean read = store_begin(db, STORE_TX_READ, &error) &&
                  store_audit_verify(db, report, &ok, &error);
  store_rollback(db);
  if (!read) {
    cli_error("audit verify", "%s", error->message);
    return CLI_FAILED;
  }
  fputs(report->str, stdout);
  return ok ? CLI_OK : CLI_CHECK_PROBLEMS;
}

static int
audit_list(CliContext *ctx, int argc, char **argv)
{
  gint limit = 20;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    {"limit", 0, 0, G_OPTION_ARG_INT, &limit, "hvor mange linjer (standard 20)", "N"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "skriv linjerne som JSON", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "audit list", "", "Viser revisionslogens nyeste linjer.", entries, &argc,
                 &argv, &rc))
    return rc;
  if (limit < 1 || limit > 100000) {
    cli_error("audit list", "--limit skal være fra 1 til 100000");
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  json_t *lines = store_audit_list(db, limit, &error);
  if (lines == NULL) {
    cli_error("audit list", "%s", error->message);
    return CLI_FAILED;
  }
  if (as_json) {
    char *text = json_dumps(lines, JSON_INDENT(2));
    puts(text);
    free(text);
  } else {
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
      const char *user = json_string_value(json_object_get(l, "username"));
      json_t *citizen = json_object_get(l, "citizen_id");
      const char *detail = json_string_value(json_object_get(l, "detail"));
      printf("%6" JSON_INTEGER_FORMAT " %s %-14s %-20s", json_integer_value(json_object_get(l, "seq")),
             json_string_value(json_object_get(l, "at")), user ? user : "-",
             json_string_value(json_object_get(l, "action")));
      if (json_is_integer(citizen))
        printf(" borger %" JSON_INTEGER_FORMAT, json_integer_value(citizen));
      if (detail != NULL)
        printf(" %s", detail);
      putchar('\n');
    }
  }
  json_decref(lines);
  return CLI_OK;
}

static int
audit_prune(CliContext *ctx, int argc, char **argv)
{
  g_autofree char *before = NULL;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    {"before", 0, 0, G_OPTION_ARG_STRING, &before,
     "fjern linjer skrevet før denne dato (standard: i dag minus [audit] retention_years)",
     "ÅÅÅÅ-MM-DD"},
    {"dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "tæl kun, fjern intet", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "audit prune", "",
                 "Fjerner revisionslogens ældste linjer efter opbevaringsperioden. Kæden\n"
                 "forbliver efterprøvelig: dens anker flyttes til den sidste fjernede linje.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (before == NULL) {
    g_autoptr(GDateTime) now = spor_clock_now();
    g_autoptr(GDateTime) cut = g_date_time_add_years(now, -(gint)ctx->config->audit_retention_years);
    before = g_date_time_format(cut, "%Y-%m-%d");
  } else {
    g_autofree char *iso = spor_date_parse_to_iso(before);
    if (iso == NULL) {
      cli_error("audit prune", "--before skal være en dato, fx 2020-01-01");
      return CLI_USAGE;
    }
    g_free(before);
    before = g_steal_pointer(&iso);
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;
  g_autofree char *detail = NULL;
  /* A broken chain is evidence: nothing is removed until it is looked at. */
  g_autoptr(GString) report = g_string_new(NULL);
  gboolean intact = FALSE;
  gboolean ok = store_begin(db, STORE_TX_WRITE, &error) &&
                store_audit_verify(db, report, &intact, &error);
  if (ok && !intact) {
    store_rollback(db);
    fputs(report->str, stderr);
    cli_error("audit prune", "kæden er brudt; intet er fjernet (se spor audit verify)");
    return CLI_CHECK_PROBLEMS;
  }
  ok = ok && store_audit_prune(db, before, dry_run, &n, &error);
  if (ok && !dry_run && n > 0) {
    detail = g_strdup_printf("%" G_GINT64_FORMAT " linjer før %s", n, before);
    ok = store_audit_append(db, 0, 0, "audit.prune", detail, "cli", &error);
  }
  if (ok && !dry_run)
    ok = store_commit(db, &error);
  if (!ok) {
    store_rollback(db);
    cli_error("audit prune", "%s", error->message);
    return CLI_FAILED;
  }
  store_rollback(db); /* the dry run's read */
  if (dry_run)
    printf("%" G_GINT64_FORMAT " linjer er skrevet før %s og ville blive fjernet (intet er "
           "fjernet).\n", n, before);
  else
    printf("%" G_GINT64_FORMAT " linjer skrevet før %s er fjernet; kæden er intakt.\n", n, before);
  return CLI_OK;
}

int
cmd_audit(CliContext *ctx, int argc, char **argv)
{
  static const CliSubcommand subs[] = {
    {"verify", audit_verify}, {"list", audit_list}, {"prune", audit_prune}};
  return cli_run_subcommand(ctx, "audit",
                            "Brug: spor audit verify|list|prune … (se spor audit KOMMANDO --help)",
                            NULL, subs, G_N_ELEMENTS(subs), argc, argv);
}
