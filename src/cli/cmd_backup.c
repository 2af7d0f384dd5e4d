/* cmd_backup.c — `spor backup FILE` and `spor restore FILE`: a whole
 * SQLite installation to one file and back.
 *
 * The backup is taken with SQLite's online backup API while the server
 * goes on serving, as one consistent snapshot.  The restore never touches
 * the installation before the backup has proved whole: it is first
 * restored into a staging file beside the database, migrated if it is
 * older than this spor, and checked (integrity, foreign keys, schema,
 * audit chain); only then does it replace the database.  PostgreSQL
 * installations use pg_dump and pg_restore (docs/postgresql.md). */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/secrets.h"

static const char postgres_hint[] =
  "på PostgreSQL tages sikkerhedskopier med pg_dump og læses tilbage med pg_restore; "
  "se docs/postgresql.md";

int
cmd_backup(CliContext *ctx, int argc, char **argv)
{
  const GOptionEntry entries[] = {G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "backup", "FIL",
                 "Skriver en sikkerhedskopi af hele databasen til den nye fil FIL, mens\n"
                 "serveren kører videre.  Nøglefilen til CPR-numre kommer ikke med:\n"
                 "gem den for sig, et andet sted end sikkerhedskopien.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc < 2) {
    cli_error("backup", "angiv filen, sikkerhedskopien skal skrives til");
    return CLI_USAGE;
  }
  if (argc > 2) {
    cli_error("backup", "uventet argument '%s'", argv[2]);
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_EXISTING);
  if (db == NULL)
    return CLI_FAILED;
  if (!store_can_backup(db)) {
    cli_error("backup", "%s", postgres_hint);
    return CLI_FAILED;
  }
  g_autoptr(GError) error = NULL;
  if (!store_backup(db, argv[1], &error)) {
    cli_error("backup", "%s", error->message);
    return CLI_FAILED;
  }
  GStatBuf st;
  gint64 size = g_stat(argv[1], &st) == 0 ? (gint64)st.st_size : 0;
  g_autofree char *key = spor_secrets_path(ctx->config);
  printf("Sikkerhedskopien er skrevet til %s (%.1f MB).\n"
         "Husk nøglefilen %s: uden den kan CPR-numrene i kopien ikke læses.\n",
         argv[1], (double)size / 1e6, key);
  return CLI_OK;
}

/* The file of a sqlite: URL; newly allocated, or NULL for another scheme. */
static char *
sqlite_file_of(const char *url)
{
  if (url == NULL || !g_str_has_prefix(url, "sqlite:"))
    return NULL;
  const char *path = url + strlen("sqlite:");
  return g_strndup(path, strcspn(path, "?"));
}

/* Removes a SQLite file and the -wal and -shm files beside it. */
static void
remove_database_files(const char *path)
{
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (gsize i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(path, suffixes[i], NULL);
    g_unlink(file);
  }
}

/* Restores the backup into the staging database and makes it fit to
 * replace the installation: at this spor's schema and whole.  Prints what
 * is wrong and returns an exit code other than CLI_OK when it is not. */
static int
prepare_staging(StoreDb *staging, const char *backup_path)
{
  g_autoptr(GError) error = NULL;
  if (!store_restore(staging, backup_path, &error)) {
    cli_error("restore", "%s", error->message);
    return CLI_FAILED;
  }
  int version = 0;
  if (!store_schema_version(staging, &version, &error)) {
    cli_error("restore", "%s er ikke en sikkerhedskopi fra spor: %s", backup_path,
              error->message);
    return CLI_FAILED;
  }
  if (version == 0) {
    cli_error("restore", "%s er ikke en sikkerhedskopi fra spor (ingen skemaversion)",
              backup_path);
    return CLI_FAILED;
  }
  if (version > store_schema_latest()) {
    cli_error("restore", "%s er fra en nyere spor (skemaversion %d, denne kender %d)",
              backup_path, version, store_schema_latest());
    return CLI_FAILED;
  }
  guint applied = 0;
  if (!store_migrate(staging, &applied, &error)) {
    cli_error("restore", "sikkerhedskopien kan ikke bringes op til denne version: %s",
              error->message);
    return CLI_FAILED;
  }
  if (applied > 0)
    printf("Sikkerhedskopien er bragt op til skemaversion %d (%u ændringer).\n",
           store_schema_latest(), applied);
  g_autoptr(GString) report = g_string_new(NULL);
  gboolean whole = store_check(staging, report, &error);
  if (error != NULL) {
    cli_error("restore", "%s", error->message);
    return CLI_FAILED;
  }
  if (!whole) {
    fputs(report->str, stdout);
    cli_error("restore", "sikkerhedskopien %s er ikke hel; intet er gendannet", backup_path);
    return CLI_CHECK_PROBLEMS;
  }
  return CLI_OK;
}

int
cmd_restore(CliContext *ctx, int argc, char **argv)
{
  gboolean replace = FALSE;
  const GOptionEntry entries[] = {
    {"replace", 0, 0, G_OPTION_ARG_NONE, &replace,
     "erstat en database, der allerede har data (alt i den går tabt)", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "restore", "FIL",
                 "Gendanner hele databasen fra sikkerhedskopien FIL (fra spor backup).\n"
                 "Kopien kontrolleres først (integritet, fremmednøgler, skemaversion og\n"
                 "revisionsloggens kæde) i en midlertidig fil; databasen røres kun, når\n"
                 "kopien er hel.  Stop serveren, før du gendanner.\n"
                 "Afslutter med 3, når kopien ikke er hel.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc < 2) {
    cli_error("restore", "angiv sikkerhedskopien, der skal gendannes fra");
    return CLI_USAGE;
  }
  if (argc > 2) {
    cli_error("restore", "uventet argument '%s'", argv[2]);
    return CLI_USAGE;
  }
  const char *backup_path = argv[1];
  if (!g_file_test(backup_path, G_FILE_TEST_IS_REGULAR)) {
    cli_error("restore", "sikkerhedskopien %s findes ikke", backup_path);
    return CLI_FAILED;
  }
  g_autofree char *target_file = sqlite_file_of(ctx->config->db_url);
  if (target_file == NULL) {
    cli_error("restore", "%s", postgres_hint);
    return CLI_FAILED;
  }
  g_autoptr(StoreDb) target = cli_open_db(ctx, CLI_DB_CREATE);
  if (target == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  int version = 0;
  if (!store_schema_version(target, &version, &error)) {
    cli_error("restore", "%s", error->message);
    return CLI_FAILED;
  }
  if (version > 0 && !replace) {
    cli_error("restore",
              "databasen har allerede data; brug --replace for at erstatte den med "
              "sikkerhedskopien");
    return CLI_USAGE;
  }

  g_autofree char *dir = g_path_get_dirname(target_file);
  g_autofree char *base = g_path_get_basename(target_file);
  g_autofree char *staging_file =
    g_strdup_printf("%s/.%s.gendannes-%d", dir, base, (int)getpid());
  g_autofree char *staging_url = g_strconcat("sqlite:", staging_file, NULL);
  remove_database_files(staging_file);
  StoreDb *staging = store_open(staging_url, &error);
  if (staging == NULL) {
    cli_error("restore", "%s", error->message);
    return CLI_FAILED;
  }
  rc = prepare_staging(staging, backup_path);
  store_close(staging);
  if (rc == CLI_OK && !store_restore(target, staging_file, &error)) {
    cli_error("restore", "%s", error->message);
    rc = CLI_FAILED;
  }
  remove_database_files(staging_file);
  if (rc != CLI_OK)
    return rc;

  g_autoptr(GString) report = g_string_new(NULL);
  gboolean whole = store_check(target, report, &error);
  if (error != NULL) {
    cli_error("restore", "%s", error->message);
    return CLI_FAILED;
  }
  fputs(report->str, stdout);
  if (!whole)
    return CLI_CHECK_PROBLEMS;
  g_autofree char *shown = store_url_redacted(ctx->config->db_url);
  g_autofree char *key = spor_secrets_path(ctx->config);
  printf("Databasen %s er gendannet fra %s og er i orden.\n"
         "CPR-numrene kan kun læses med den nøglefil, kopien blev taget med (%s).\n",
         shown, backup_path, key);
  return CLI_OK;
}
