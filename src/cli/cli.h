/* cli.h — the `spor` command line: one function per subcommand.
 *
 * Exit codes, the same for every subcommand:
 *   0  done
 *   1  failed (database, files, network); one line on stderr says why
 *   2  wrong usage (unknown option or command, bad value)
 *   3  `spor check` found a problem in the database */
#pragma once

#include <glib.h>

#include "core/config.h"
#include "store/store.h"

enum {
  CLI_OK = 0,
  CLI_FAILED = 1,
  CLI_USAGE = 2,
  CLI_CHECK_PROBLEMS = 3,
};

/* What every subcommand shares: the options --db and --config, and the
 * configuration they produce. */
typedef struct CliContext {
  char *db_option;     /* --db, or NULL */
  char *config_option; /* --config, or NULL */
  SporConfig *config;  /* loaded by cli_parse() */
} CliContext;

/* Runs spor with its command line; returns the exit code. */
int cli_main(int argc, char **argv);

/* Parses a subcommand's options (plus --db and --config), loads the
 * configuration and applies --db.  On failure prints one line (or the
 * help) and returns FALSE with *exit_code set. */
gboolean cli_parse(CliContext *ctx, const char *command, const char *parameter_string,
                   const char *summary, const GOptionEntry *entries, int *argc,
                   char ***argv, int *exit_code);

typedef enum {
  CLI_DB_CREATE,   /* create the database when it is missing (init) */
  CLI_DB_EXISTING, /* it must exist; any schema version (migrate, check) */
  CLI_DB_CURRENT,  /* it must exist at this binary's schema version */
} CliOpenMode;

/* Opens the configured database as mode says.  Prints one line saying
 * what is wrong (and what to run: spor init / spor migrate) and returns
 * NULL on failure. */
StoreDb *cli_open_db(CliContext *ctx, CliOpenMode mode);
/* The same for a database named by its URL. */
StoreDb *cli_open_url(const char *url, CliOpenMode mode);

/* One subcommand of a command with several ("spor user add"). */
typedef struct CliSubcommand {
  const char *name;
  int (*run)(CliContext *ctx, int argc, char **argv);
} CliSubcommand;

/* Runs the subcommand argv[1] of command: the subcommand sees "spor
 * COMMAND SUB" as its program name.  Without one, or an unknown one,
 * prints usage and returns CLI_USAGE; "--help" prints usage and help (may
 * be NULL) and returns CLI_OK. */
int cli_run_subcommand(CliContext *ctx, const char *command, const char *usage,
                       const char *help, const CliSubcommand *subs, gsize n_subs, int argc,
                       char **argv);

/* Prints "spor COMMAND: message" to stderr. */
void cli_error(const char *command, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* Reads a password: prompted twice without echo on a terminal, else one
 * line from standard input.  Returns NULL (after printing why) when it is
 * unacceptable or the two differ. */
char *cli_read_new_password(const char *command);

int cmd_init(CliContext *ctx, int argc, char **argv);
int cmd_migrate(CliContext *ctx, int argc, char **argv);
int cmd_check(CliContext *ctx, int argc, char **argv);
int cmd_serve(CliContext *ctx, int argc, char **argv);
int cmd_demo(CliContext *ctx, int argc, char **argv);
int cmd_user(CliContext *ctx, int argc, char **argv);
int cmd_org(CliContext *ctx, int argc, char **argv);
int cmd_routes(CliContext *ctx, int argc, char **argv);
int cmd_audit(CliContext *ctx, int argc, char **argv);
int cmd_instrument(CliContext *ctx, int argc, char **argv);
int cmd_import(CliContext *ctx, int argc, char **argv);
int cmd_export(CliContext *ctx, int argc, char **argv);
int cmd_copy(CliContext *ctx, int argc, char **argv);
int cmd_backup(CliContext *ctx, int argc, char **argv);
int cmd_restore(CliContext *ctx, int argc, char **argv);
int cmd_retention(CliContext *ctx, int argc, char **argv);
int cmd_report(CliContext *ctx, int argc, char **argv);
/* spor report attainment (cmd_report_attainment.c), called by cmd_report. */
int cmd_report_attainment(CliContext *ctx, const char *instrument_key,
                          const StoreReportFilter *filter, gboolean json);
