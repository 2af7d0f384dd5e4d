/* cmd_exchange.c — `spor import` and `spor export`: citizens, courses and
 * measurements as CSV (domain/exchange.h, the format in docs/csv.md).
 *
 * Both act as a user (--user), whose care decides which citizens they
 * reach, and both are audited like the same work in the web UI.  An
 * import checks the whole file and writes it in one transaction, or
 * nothing: with one bad row nothing is imported, and every problem is
 * listed with its line and column; --dry-run only checks.  On a terminal
 * a long import shows how far it has come. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "domain/exchange.h"

#define CHUNK (64 * 1024)

/* The user the command acts as, or NULL after saying why. */
static StoreUser *
acting_user(const char *command, StoreDb *db, const char *username)
{
  if (username == NULL) {
    cli_error(command, "angiv --user: den bruger, importen eller eksporten sker som");
    return NULL;
  }
  g_autoptr(GError) error = NULL;
  StoreUser *user = store_user_get_by_username(db, username, &error);
  if (user == NULL) {
    cli_error(command, "brugeren %s findes ikke", username);
    return NULL;
  }
  if (user->disabled) {
    cli_error(command, "brugeren %s er spærret", username);
    store_user_free(user);
    return NULL;
  }
  return user;
}

static gboolean
parse_kind(const char *command, int argc, char **argv, int expected, CsvKind *out_kind)
{
  if (argc != expected || !csv_kind_parse(argv[1], out_kind)) {
    cli_error(command, "%s", argc < 2 ? "angiv hvad: citizens, courses eller measurements"
                                      : argc != expected ? "forkert antal argumenter"
                                                         : "ukendt slags; brug citizens, courses "
                                                           "eller measurements");
    return FALSE;
  }
  return TRUE;
}

/* ---- import ------------------------------------------------------------------- */

static void
show_progress(guint64 done, guint64 total, guint rows)
{
  if (total == 0)
    fprintf(stderr, "\rImporterer: %u rækker", rows);
  else
    fprintf(stderr, "\rImporterer: %3u %% (%u rækker)", (guint)(done * 100 / total), rows);
  fflush(stderr);
}

int
cmd_import(CliContext *ctx, int argc, char **argv)
{
  gboolean dry_run = FALSE;
  g_autofree char *username = NULL;
  const GOptionEntry entries[] = {
    {"user", 'u', 0, G_OPTION_ARG_STRING, &username,
     "importér som denne bruger (hvis afdelinger borgerne hører til)", "NAVN"},
    {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
     "kontrollér kun filen og vis problemerne; skriv intet", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "import", "citizens|courses|measurements FIL",
                 "Importerer borgere, forløb eller målinger fra en CSV-fil (se docs/csv.md).\n"
                 "Hele filen kontrolleres; har én række en fejl, importeres intet, og hver\n"
                 "fejl vises med linje og kolonne.  FIL - er standard input.",
                 entries, &argc, &argv, &rc))
    return rc;
  CsvKind kind;
  if (!parse_kind("import", argc, argv, 3, &kind))
    return CLI_USAGE;
  const char *file = argv[2];
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(StoreUser) user = acting_user("import", db, username);
  if (user == NULL)
    return CLI_USAGE;
  FILE *in = strcmp(file, "-") == 0 ? stdin : g_fopen(file, "rb");
  if (in == NULL) {
    cli_error("import", "filen %s kan ikke læses", file);
    return CLI_FAILED;
  }
  GStatBuf st;
  guint64 total = in != stdin && g_stat(file, &st) == 0 ? (guint64)st.st_size : 0;
  gboolean progress = isatty(STDERR_FILENO) && total > 4 * CHUNK;
  g_autoptr(GError) error = NULL;
  if (!store_begin(db, STORE_TX_WRITE, &error)) {
    if (in != stdin)
      fclose(in);
    cli_error("import", "%s", error->message);
    return CLI_FAILED;
  }
  CsvImport *imp = csv_import_new(kind, db, user->id, "cli");
  g_autofree char *buf = g_malloc(CHUNK);
  guint64 done = 0;
  gboolean ok = TRUE;
  size_t n;
  while (ok && (n = fread(buf, 1, CHUNK, in)) > 0) {
    ok = csv_import_feed(imp, buf, n, &error);
    done += n;
    if (progress)
      show_progress(done, total, csv_import_rows(imp));
  }
  if (ok && ferror(in)) {
    g_set_error(&error, G_FILE_ERROR, G_FILE_ERROR_IO, "filen %s kan ikke læses", file);
    ok = FALSE;
  }
  if (in != stdin)
    fclose(in);
  if (ok)
    ok = csv_import_finish(imp, &error);
  if (progress)
    fputc('\n', stderr);
  if (!ok) {
    store_rollback(db);
    csv_import_free(imp);
    cli_error("import", "%s; intet er importeret", error->message);
    return CLI_FAILED;
  }
  const GPtrArray *problems = csv_import_problems(imp);
  for (guint i = 0; i < problems->len; i++) {
    g_autofree char *text = csv_problem_format(g_ptr_array_index(problems, i));
    printf("%s: %s\n", file, text);
  }
  guint n_problems = csv_import_problem_count(imp), rows = csv_import_rows(imp);
  if (n_problems > problems->len)
    printf("%s: … og %u problemer mere\n", file, n_problems - problems->len);
  if (n_problems > 0) {
    store_rollback(db);
    csv_import_free(imp);
    cli_error("import", "%s har %u problem%s; intet er importeret", file, n_problems,
              n_problems == 1 ? "" : "er");
    return CLI_FAILED;
  }
  if (dry_run) {
    store_rollback(db);
    csv_import_free(imp);
    printf("Ingen problemer: %u rækker ville blive importeret (tørkørsel, intet er skrevet).\n",
           rows);
    return CLI_OK;
  }
  g_autofree char *detail = g_strdup_printf("%s rows=%u", csv_kind_name(kind), rows);
  guint written = csv_import_written(imp);
  csv_import_free(imp);
  if (!store_audit_append(db, user->id, 0, "import", detail, "cli", &error) ||
      !store_commit(db, &error)) {
    store_rollback(db);
    cli_error("import", "%s; intet er importeret", error->message);
    return CLI_FAILED;
  }
  printf("%u rækker importeret.\n", written);
  return CLI_OK;
}

/* ---- export ------------------------------------------------------------------- */

static gboolean
write_file(const char *bytes, gsize len, void *data)
{
  return fwrite(bytes, 1, len, data) == len;
}

int
cmd_export(CliContext *ctx, int argc, char **argv)
{
  g_autofree char *username = NULL, *output = NULL, *instrument = NULL;
  gboolean with_names = FALSE, drafts = FALSE;
  const GOptionEntry entries[] = {
    {"user", 'u', 0, G_OPTION_ARG_STRING, &username,
     "eksportér det, denne bruger har adgang til", "NAVN"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "skriv til filen (standard: standard output)",
     "FIL"},
    {"with-names", 0, 0, G_OPTION_ARG_NONE, &with_names,
     "med navne, fødselsdatoer og referencer (samme format som import); ellers pseudonymiseret",
     NULL},
    {"instrument", 0, 0, G_OPTION_ARG_STRING, &instrument,
     "målinger: instrumentets nøgle (standard vum-livsomraader)", "NØGLE"},
    {"drafts", 0, 0, G_OPTION_ARG_NONE, &drafts, "målinger: kladder med", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "export", "citizens|courses|measurements",
                 "Eksporterer borgere, forløb eller målinger som CSV (se docs/csv.md).\n"
                 "Uden --with-names er borgerne pseudonymiseret: navne og fødselsdato er\n"
                 "udeladt, og referencen er et pseudonym, der er det samme hver gang.",
                 entries, &argc, &argv, &rc))
    return rc;
  CsvKind kind;
  if (!parse_kind("export", argc, argv, 2, &kind))
    return CLI_USAGE;
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(StoreUser) user = acting_user("export", db, username);
  if (user == NULL)
    return CLI_USAGE;
  g_autoptr(GError) error = NULL;
  g_autoptr(SporSecrets) secrets = NULL;
  if (!with_names) {
    g_autofree char *path = spor_secrets_path(ctx->config);
    secrets = spor_secrets_load(path, FALSE, &error);
    if (secrets == NULL) {
      cli_error("export", "%s", error->message);
      return CLI_FAILED;
    }
  }
  FILE *out = output ? g_fopen(output, "wb") : stdout;
  if (out == NULL) {
    cli_error("export", "filen %s kan ikke skrives", output);
    return CLI_FAILED;
  }
  CsvExportOptions options = {.kind = kind, .actor_user_id = user->id, .with_names = with_names,
                              .secrets = secrets,
                              .instrument_key = instrument ? instrument : "vum-livsomraader",
                              .drafts = drafts};
  g_autoptr(GArray) citizens = NULL;
  gboolean ok = store_begin(db, STORE_TX_WRITE, &error) &&
                csv_export(db, &options, write_file, out, &citizens, &error);
  /* Every citizen whose data left the system, in the audit log. */
  g_autofree char *detail = g_strdup_printf("%s%s", csv_kind_name(kind),
                                            with_names ? " names" : "");
  for (guint i = 0; ok && i < citizens->len; i++)
    ok = store_audit_append(db, user->id, g_array_index(citizens, gint64, i), "citizen.csv_export",
                            detail, "cli", &error);
  ok = ok && store_commit(db, &error);
  if (out != stdout)
    ok = fclose(out) == 0 && ok;
  else
    fflush(stdout);
  if (!ok) {
    store_rollback(db);
    cli_error("export", "%s", error ? error->message : "filen kunne ikke skrives");
    return CLI_FAILED;
  }
  if (output != NULL)
    printf("%u borgere eksporteret til %s.\n", citizens->len, output);
  return CLI_OK;
}
