/* cmd_init.c — `spor init` and `spor migrate`: create or bring the schema
 * up to date and store the built-in instruments, in one go. */
#include <stdio.h>

#include "cli/cli.h"
#include "domain/instrument.h"
#include "domain/secrets.h"

/* Migrates and loads the built-in instruments, and makes the key file
 * when it is missing; prints what happened. */
static int
bring_up_to_date(CliContext *ctx, const char *command, StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = spor_secrets_path(ctx->config);
  gboolean had_key = g_file_test(key_path, G_FILE_TEST_EXISTS);
  g_autoptr(SporSecrets) secrets = spor_secrets_load(key_path, TRUE, &error);
  if (secrets == NULL) {
    cli_error(command, "%s", error->message);
    return CLI_FAILED;
  }
  if (!had_key)
    printf("Nøglefilen %s er oprettet (kun læsbar for ejeren). Tag den med i sikkerhedskopien.\n",
           key_path);
  guint applied = 0, instruments = 0, created = 0;
  int version = 0;
  if (!store_migrate(db, &applied, &error) || !store_begin(db, STORE_TX_WRITE, &error) ||
      !instrument_builtin_sync(db, &instruments, &created, &error) || !store_commit(db, &error) ||
      !store_schema_version(db, &version, &error)) {
    store_rollback(db);
    cli_error(command, "%s", error->message);
    return CLI_FAILED;
  }
  printf("Skemaet er i version %d (%u migrering%s anvendt); %u indbyggede instrumenter "
         "(%u ny%s version%s).\n",
         version, applied, applied == 1 ? "" : "er", instruments, created,
         created == 1 ? "" : "e", created == 1 ? "" : "er");
  return CLI_OK;
}

int
cmd_init(CliContext *ctx, int argc, char **argv)
{
  int rc;
  if (!cli_parse(ctx, "init", "",
                 "Opretter databasen, hvis den mangler, bringer skemaet op til denne\n"
                 "version og indlæser de indbyggede instrumenter. Kan køres igen uden skade.",
                 NULL, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("init", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CREATE);
  if (db == NULL)
    return CLI_FAILED;
  rc = bring_up_to_date(ctx, "init", db);
  g_autofree char *shown = store_url_redacted(ctx->config->db_url);
  if (rc == CLI_OK)
    printf("Databasen %s er klar. Næste skridt: spor demo (demodata) eller spor user add.\n",
           shown);
  return rc;
}

int
cmd_migrate(CliContext *ctx, int argc, char **argv)
{
  int rc;
  if (!cli_parse(ctx, "migrate", "",
                 "Anvender de migreringer, databasen mangler, hver i sin egen transaktion,\n"
                 "og indlæser nye versioner af de indbyggede instrumenter.",
                 NULL, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("migrate", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_EXISTING);
  if (db == NULL)
    return CLI_FAILED;
  return bring_up_to_date(ctx, "migrate", db);
}
