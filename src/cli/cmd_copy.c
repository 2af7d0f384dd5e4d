/* cmd_copy.c — `spor copy`: a whole installation from one database to
 * another (SQLite to PostgreSQL and back), proved by the row count and
 * checksum of every table (store_copy). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* One line per table on a terminal, rewritten as rows arrive. */
static void
show_progress(const char *table, gint64 done, gint64 total, void *user_data)
{
  (void)user_data;
  fprintf(stderr, "\r\033[KKopierer %s: %" G_GINT64_FORMAT " af %" G_GINT64_FORMAT " rækker",
          table, done, total);
  fflush(stderr);
}

int
cmd_copy(CliContext *ctx, int argc, char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    {"from", 0, 0, G_OPTION_ARG_STRING, &from,
     "databasen der kopieres fra (standard: den valgte database)", "URL"},
    {"to", 0, 0, G_OPTION_ARG_STRING, &to, "den tomme database der kopieres til", "URL"},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "copy", "--to URL",
                 "Kopierer hele installationen — skema, brugere, borgere, målinger, log —\n"
                 "fra én database til en anden, fx fra SQLite til PostgreSQL eller tilbage:\n"
                 "\n"
                 "  spor copy --from sqlite:var/spor.db --to postgresql://spor@db/spor\n"
                 "\n"
                 "Måldatabasen skal være tom; skemaet oprettes. Kopien er én transaktion og\n"
                 "gemmes kun, når antal rækker og kontrolsum for hver tabel er ens i begge.",
                 entries, &argc, &argv, &rc))
    return rc;
  if (argc > 1) {
    cli_error("copy", "uventet argument '%s'", argv[1]);
    return CLI_USAGE;
  }
  if (to == NULL || *to == '\0') {
    cli_error("copy", "--to mangler: hvilken database skal der kopieres til?");
    return CLI_USAGE;
  }
  if (from == NULL)
    from = g_strdup(ctx->config->db_url);
  if (strcmp(from, to) == 0) {
    cli_error("copy", "kilde og mål er den samme database");
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) source = cli_open_url(from, CLI_DB_CURRENT);
  if (source == NULL)
    return CLI_FAILED;
  g_autoptr(StoreDb) target = cli_open_url(to, CLI_DB_CREATE);
  if (target == NULL)
    return CLI_FAILED;

  g_autoptr(GError) error = NULL;
  gboolean tty = isatty(STDERR_FILENO);
  json_t *sums = store_copy(source, target, tty ? show_progress : NULL, NULL, &error);
  if (tty)
    fputs("\r\033[K", stderr);
  if (sums == NULL) {
    cli_error("copy", "%s", error->message);
    return CLI_FAILED;
  }
  g_autofree char *shown_from = store_url_redacted(from);
  g_autofree char *shown_to = store_url_redacted(to);
  printf("%-22s %12s  %s\n", "tabel", "rækker", "kontrolsum (SHA-256)");
  const char *table;
  json_t *sum;
  gint64 rows = 0;
  json_object_foreach(sums, table, sum) {
    gint64 n = json_integer_value(json_object_get(sum, "rows"));
    rows += n;
    printf("%-22s %12" G_GINT64_FORMAT "  %.16s…\n", table, n,
           json_string_value(json_object_get(sum, "checksum")));
  }
  printf("Kopieret fra %s til %s: %zu tabeller, %" G_GINT64_FORMAT
         " rækker; antal og kontrolsum er ens i begge.\n",
         shown_from, shown_to, json_object_size(sums), rows);
  json_decref(sums);
  return CLI_OK;
}
