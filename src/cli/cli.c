/* cli.c — dispatch of `spor COMMAND` and what the subcommands share. */
#include "cli/cli.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/i18n.h"
#include "domain/auth.h"

typedef struct {
  const char *name;
  int (*run)(CliContext *ctx, int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  {"init", cmd_init, "opret databasen og indlæs de indbyggede instrumenter"},
  {"migrate", cmd_migrate, "bring databasens skema op til denne version"},
  {"check", cmd_check, "kontrollér databasens integritet og skemaversion"},
  {"serve", cmd_serve, "start webserveren"},
  {"demo", cmd_demo, "fyld en tom database med opdigtede demodata"},
  {"user", cmd_user, "brugere: add, list, passwd, disable"},
  {"org", cmd_org, "organisationer, tilbud og afdelinger: list, add"},
  {"audit", cmd_audit, "revisionsloggen: verify, list, prune"},
  {"routes", cmd_routes, "webgrænsefladens ruter og de rettigheder, de kræver"},
  {"instrument", cmd_instrument, "instrumenter: list, show, check, import, export"},
  {"backup", cmd_backup, "tag en sikkerhedskopi af databasen, mens serveren kører"},
  {"restore", cmd_restore, "gendan databasen fra en sikkerhedskopi, efter kontrol"},
  {"retention", cmd_retention, "slet borgere efter opbevaringsperioden (prøv først --dry-run)"},
  {"copy", cmd_copy, "kopiér hele installationen til en anden database (SQLite ⇄ PostgreSQL)"},
  {"report", cmd_report, "landsdækkende nøgletal: ændring og udvikling pr. livsområde"},
};

static void
print_overview(FILE *out)
{
  fprintf(out,
          "Brug: spor [--db URL] [--config FIL] KOMMANDO [TILVALG…]\n"
          "\n"
          "spor — resultatdokumentation for sociale tilbud.\n"
          "\n"
          "Kommandoer:\n");
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\n"
          "  spor KOMMANDO --help   viser kommandoens tilvalg\n"
          "  spor --version         viser versionen\n"
          "\n"
          "Databasen vælges med --db, SPOR_DB eller spor.conf (standard sqlite:var/spor.db).\n"
          "Afslutningskoder: 0 udført, 1 fejl, 2 forkert brug, 3 check fandt problemer.\n");
}

void
cli_error(const char *command, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  g_autofree char *msg = g_strdup_vprintf(format, ap);
  va_end(ap);
  if (command != NULL)
    fprintf(stderr, "spor %s: %s\n", command, msg);
  else
    fprintf(stderr, "spor: %s\n", msg);
}

gboolean
cli_parse(CliContext *ctx, const char *command, const char *parameter_string,
          const char *summary, const GOptionEntry *entries, int *argc, char ***argv,
          int *exit_code)
{
  const GOptionEntry common[] = {
    {"db", 0, 0, G_OPTION_ARG_STRING, &ctx->db_option,
     "databasen, fx sqlite:var/spor.db", "URL"},
    {"config", 0, 0, G_OPTION_ARG_FILENAME, &ctx->config_option,
     "konfigurationsfil (standard ./spor.conf)", "FIL"},
    G_OPTION_ENTRY_NULL};
  g_autoptr(GOptionContext) oc = g_option_context_new(parameter_string);
  if (summary != NULL)
    g_option_context_set_summary(oc, summary);
  if (entries != NULL)
    g_option_context_add_main_entries(oc, entries, NULL);
  g_option_context_add_main_entries(oc, common, NULL);

  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(oc, argc, argv, &error)) {
    cli_error(command, "%s (se spor %s --help)", error->message, command);
    *exit_code = CLI_USAGE;
    return FALSE;
  }
  ctx->config = spor_config_load(ctx->config_option, &error);
  if (ctx->config == NULL) {
    cli_error(command, "%s", error->message);
    *exit_code = CLI_FAILED;
    return FALSE;
  }
  if (ctx->db_option != NULL) {
    g_free(ctx->config->db_url);
    ctx->config->db_url = g_strdup(ctx->db_option);
  }
  return TRUE;
}

StoreDb *
cli_open_db(CliContext *ctx, CliOpenMode mode)
{
  return cli_open_url(ctx->config->db_url, mode);
}

StoreDb *
cli_open_url(const char *url, CliOpenMode mode)
{
  g_autoptr(GError) error = NULL;
  /* Only init may create a database: anywhere else an absent SQLite file
   * must not appear as a side effect of a typo. */
  if (mode != CLI_DB_CREATE && g_str_has_prefix(url, "sqlite:")) {
    const char *path = url + strlen("sqlite:");
    g_autofree char *file = g_strndup(path, strcspn(path, "?"));
    if (!g_file_test(file, G_FILE_TEST_EXISTS)) {
      cli_error(NULL, "databasen %s findes ikke (opret den med spor init)", file);
      return NULL;
    }
  }
  StoreDb *db = store_open(url, &error);
  if (db == NULL) {
    cli_error(NULL, "%s", error->message);
    return NULL;
  }
  if (mode == CLI_DB_CURRENT && !store_require_current_schema(db, &error)) {
    cli_error(NULL, "%s", error->message);
    store_close(db);
    return NULL;
  }
  return db;
}

int
cli_run_subcommand(CliContext *ctx, const char *command, const char *usage, const char *help,
                   const CliSubcommand *subs, gsize n_subs, int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "%s\n", usage);
    return CLI_USAGE;
  }
  const char *sub = argv[1];
  if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
    printf("%s\n%s%s", usage, help ? "\n" : "", help ? help : "");
    return CLI_OK;
  }
  for (gsize i = 0; i < n_subs; i++) {
    if (strcmp(sub, subs[i].name) == 0) {
      g_autofree char *prog = g_strdup_printf("spor %s %s", command, sub);
      argv[1] = prog;
      return subs[i].run(ctx, argc - 1, argv + 1);
    }
  }
  cli_error(command, "ukendt kommando '%s'; %s", sub, usage);
  return CLI_USAGE;
}

static char *
read_line(FILE *in)
{
  char buf[2048];
  if (fgets(buf, sizeof buf, in) == NULL)
    return NULL;
  buf[strcspn(buf, "\r\n")] = '\0';
  return g_strdup(buf);
}

static char *
prompt_hidden(const char *prompt)
{
  struct termios old, quiet;
  fprintf(stderr, "%s", prompt);
  fflush(stderr);
  gboolean restore = tcgetattr(STDIN_FILENO, &old) == 0;
  if (restore) {
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  char *line = read_line(stdin);
  if (restore)
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  fprintf(stderr, "\n");
  return line;
}

char *
cli_read_new_password(const char *command)
{
  g_autofree char *password = NULL;
  if (isatty(STDIN_FILENO)) {
    password = prompt_hidden("Ny adgangskode: ");
    g_autofree char *again = prompt_hidden("Gentag adgangskoden: ");
    if (password == NULL || again == NULL || strcmp(password, again) != 0) {
      cli_error(command, "de to adgangskoder er ikke ens");
      return NULL;
    }
  } else {
    password = read_line(stdin);
    if (password == NULL) {
      cli_error(command, "ingen adgangskode på standard input");
      return NULL;
    }
  }
  const char *problem = auth_password_problem(password);
  if (problem != NULL) {
    cli_error(command, "%s", _(problem));
    return NULL;
  }
  return g_steal_pointer(&password);
}

int
cli_main(int argc, char **argv)
{
  /* Messages follow the environment's language; numbers stay "C" so that
   * printf of a double never writes a decimal comma into JSON or SVG. */
  setlocale(LC_ALL, "");
  setlocale(LC_NUMERIC, "C");
  /* A write over a file-size limit is then an error the store reports
   * (the disk is full), not a signal that kills the server mid-request. */
  signal(SIGXFSZ, SIG_IGN);
  spor_i18n_init();
  const char *env_lang = g_getenv("LANGUAGE");
  if (env_lang == NULL || *env_lang == '\0')
    env_lang = setlocale(LC_MESSAGES, NULL);
  SporLang lang;
  spor_i18n_use(spor_lang_parse(env_lang, &lang) ? lang : SPOR_LANG_DA);
  if (!auth_init()) {
    cli_error(NULL, "libsodium kunne ikke starte");
    return CLI_FAILED;
  }

  CliContext ctx = {0};
  int i = 1;
  /* Options before the command: --db, --config, --version, --help. */
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
      printf("spor %s\n", SPOR_VERSION);
      return CLI_OK;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      print_overview(stdout);
      return CLI_OK;
    } else if ((strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0) && i + 1 < argc) {
      char **slot = a[2] == 'd' ? &ctx.db_option : &ctx.config_option;
      g_free(*slot);
      *slot = g_strdup(argv[++i]);
    } else if (g_str_has_prefix(a, "--db=")) {
      g_free(ctx.db_option);
      ctx.db_option = g_strdup(a + 5);
    } else if (g_str_has_prefix(a, "--config=")) {
      g_free(ctx.config_option);
      ctx.config_option = g_strdup(a + 9);
    } else {
      cli_error(NULL, "ukendt tilvalg %s (se spor --help)", a);
      g_free(ctx.db_option);
      g_free(ctx.config_option);
      return CLI_USAGE;
    }
  }
  if (i >= argc) {
    print_overview(stderr);
    g_free(ctx.db_option);
    g_free(ctx.config_option);
    return CLI_USAGE;
  }

  const Command *cmd = NULL;
  for (guint c = 0; c < G_N_ELEMENTS(commands); c++)
    if (strcmp(argv[i], commands[c].name) == 0)
      cmd = &commands[c];
  int rc;
  if (cmd == NULL) {
    cli_error(NULL, "ukendt kommando '%s' (se spor --help)", argv[i]);
    rc = CLI_USAGE;
  } else {
    /* The subcommand sees "spor COMMAND" as its program name. */
    g_autofree char *prog = g_strdup_printf("spor %s", cmd->name);
    char **sub_argv = g_new0(char *, (gsize)(argc - i) + 1);
    sub_argv[0] = prog;
    for (int k = i + 1; k < argc; k++)
      sub_argv[k - i] = argv[k];
    g_set_prgname(prog);
    rc = cmd->run(&ctx, argc - i, sub_argv);
    g_free(sub_argv);
  }
  g_free(ctx.db_option);
  g_free(ctx.config_option);
  spor_config_free(ctx.config);
  return rc;
}
