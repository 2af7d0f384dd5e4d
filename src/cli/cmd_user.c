/* cmd_user.c — `spor user add|grant|list|passwd|disable|enable`. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/auth.h"

/* Usernames: 2–64 of a-z 0-9 . _ - @, so they are easy to type and read. */
static gboolean
username_valid(const char *name)
{
  gsize n = strlen(name);
  if (n < 2 || n > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && strchr("._-@", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* The scope options shared by add and grant. */
typedef struct {
  char *role;
  gint64 organisation, offer, unit;
} ScopeOptions;

static void
scope_options_clear(ScopeOptions *options)
{
  g_clear_pointer(&options->role, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ScopeOptions, scope_options_clear)

static gboolean
resolve_scope(const char *command, const ScopeOptions *o, SporRole *role,
              SporScopeKind *kind, gint64 *scope_id)
{
  if (o->role == NULL || !spor_role_parse(o->role, role)) {
    cli_error(command, "--role skal være staff, leader, authority, citizen, analyst eller admin");
    return FALSE;
  }
  int given = (o->organisation > 0) + (o->offer > 0) + (o->unit > 0);
  if (given != 1) {
    cli_error(command, "angiv præcis én af --organisation, --offer og --unit (se spor org list)");
    return FALSE;
  }
  *kind = o->unit > 0 ? SPOR_SCOPE_UNIT : o->offer > 0 ? SPOR_SCOPE_OFFER : SPOR_SCOPE_ORGANISATION;
  *scope_id = o->unit > 0 ? o->unit : o->offer > 0 ? o->offer : o->organisation;
  return TRUE;
}

static int
finish(const char *command, StoreDb *db, gboolean ok, GError *error)
{
  if (ok && store_commit(db, &error))
    return CLI_OK;
  store_rollback(db);
  cli_error(command, "%s", error->message);
  g_error_free(error);
  return CLI_FAILED;
}

static int
user_add(CliContext *ctx, int argc, char **argv, gboolean grant_only)
{
  const char *command = grant_only ? "user grant" : "user add";
  g_auto(ScopeOptions) scope = {0};
  g_autofree char *name = NULL, *language = NULL;
  gint64 citizen = 0;
  gboolean no_password = FALSE;
  const GOptionEntry add_entries[] = {
    {"name", 0, 0, G_OPTION_ARG_STRING, &name, "fulde navn (påkrævet)", "NAVN"},
    {"role", 0, 0, G_OPTION_ARG_STRING, &scope.role,
     "staff, leader, authority, citizen, analyst eller admin", "ROLLE"},
    {"organisation", 0, 0, G_OPTION_ARG_INT64, &scope.organisation, "rollen gælder organisationen", "ID"},
    {"offer", 0, 0, G_OPTION_ARG_INT64, &scope.offer, "rollen gælder tilbuddet", "ID"},
    {"unit", 0, 0, G_OPTION_ARG_INT64, &scope.unit, "rollen gælder afdelingen", "ID"},
    {"citizen", 0, 0, G_OPTION_ARG_INT64, &citizen, "borgeren, hvis login det er", "ID"},
    {"language", 0, 0, G_OPTION_ARG_STRING, &language, "da eller en", "SPROG"},
    {"no-password", 0, 0, G_OPTION_ARG_NONE, &no_password,
     "opret uden adgangskode (sæt den senere med spor user passwd)", NULL},
    G_OPTION_ENTRY_NULL};
  const GOptionEntry grant_entries[] = {
    {"role", 0, 0, G_OPTION_ARG_STRING, &scope.role,
     "staff, leader, authority, citizen, analyst eller admin", "ROLLE"},
    {"organisation", 0, 0, G_OPTION_ARG_INT64, &scope.organisation, "rollen gælder organisationen", "ID"},
    {"offer", 0, 0, G_OPTION_ARG_INT64, &scope.offer, "rollen gælder tilbuddet", "ID"},
    {"unit", 0, 0, G_OPTION_ARG_INT64, &scope.unit, "rollen gælder afdelingen", "ID"},
    G_OPTION_ENTRY_NULL};
  int rc;
  gboolean parsed = cli_parse(ctx, command, "BRUGERNAVN",
      grant_only ? "Giver en eksisterende bruger en rolle mere."
                 : "Opretter en bruger med en rolle. Adgangskoden spørges om på terminalen\n"
                   "eller læses som én linje fra standard input.",
      grant_only ? grant_entries : add_entries, &argc, &argv, &rc);
  if (!parsed)
    return rc;
  if (argc != 2) {
    cli_error(command, "angiv ét brugernavn (se spor %s --help)", command);
    return CLI_USAGE;
  }
  const char *username = argv[1];
  SporRole role;
  SporScopeKind kind;
  gint64 scope_id;
  if (!resolve_scope(command, &scope, &role, &kind, &scope_id))
    return CLI_USAGE;
  if (!grant_only) {
    if (!username_valid(username)) {
      cli_error(command, "brugernavnet skal være 2–64 tegn af a-z, 0-9, . _ - @");
      return CLI_USAGE;
    }
    if (name == NULL || !g_utf8_validate(name, -1, NULL) || *g_strstrip(name) == '\0') {
      cli_error(command, "--name skal udfyldes");
      return CLI_USAGE;
    }
    if (language != NULL && strcmp(language, "da") != 0 && strcmp(language, "en") != 0) {
      cli_error(command, "--language skal være da eller en");
      return CLI_USAGE;
    }
  }

  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autofree char *hash = NULL;
  GError *error = NULL;
  if (!grant_only && !no_password) {
    g_autofree char *password = cli_read_new_password(command);
    if (password == NULL)
      return CLI_USAGE;
    hash = auth_password_hash(password, &error);
    if (hash == NULL)
      return finish(command, db, FALSE, error);
  }
  if (!store_begin(db, STORE_TX_WRITE, &error))
    return finish(command, db, FALSE, error);
  gint64 user_id;
  if (grant_only) {
    g_autoptr(StoreUser) user = store_user_get_by_username(db, username, &error);
    if (user == NULL)
      return finish(command, db, FALSE, error);
    user_id = user->id;
  } else {
    StoreUserInput input = {.username = username, .display_name = name,
                            .password_hash = hash, .language = language,
                            .citizen_id = citizen};
    user_id = store_user_create(db, &input, &error);
    if (user_id == 0)
      return finish(command, db, FALSE, error);
  }
  gboolean ok = store_user_add_role(db, user_id, role, kind, scope_id, &error) &&
                store_audit_append(db, 0, 0, grant_only ? "user.grant" : "user.add", username,
                                   "cli", &error);
  rc = finish(command, db, ok, error);
  if (rc == CLI_OK)
    printf("%s har nu rollen %s (%s %" G_GINT64_FORMAT ").\n", username, spor_role_name(role),
           spor_scope_kind_name(kind), scope_id);
  return rc;
}

static int
user_list(CliContext *ctx, int argc, char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "skriv listen som JSON", NULL},
    G_OPTION_ENTRY_NULL};
  int rc;
  if (!cli_parse(ctx, "user list", "", "Viser alle brugere med deres roller.", entries, &argc,
                 &argv, &rc))
    return rc;
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  g_autoptr(GError) error = NULL;
  json_t *users = store_user_list(db, &error);
  if (users == NULL) {
    cli_error("user list", "%s", error->message);
    return CLI_FAILED;
  }
  if (as_json) {
    json_dumpf(users, stdout, JSON_INDENT(2));
    putchar('\n');
  } else {
    printf("%-5s %-20s %-28s %-8s %s\n", "ID", "BRUGERNAVN", "NAVN", "STATUS", "ROLLER");
    size_t i;
    json_t *u;
    json_array_foreach(users, i, u) {
      g_autoptr(GString) roles = g_string_new(NULL);
      size_t k;
      json_t *r;
      json_array_foreach(json_object_get(u, "roles"), k, r) {
        g_string_append_printf(roles, "%s%s@%s %s", k ? ", " : "",
                               json_string_value(json_object_get(r, "role")),
                               json_string_value(json_object_get(r, "scope_kind")),
                               json_string_value(json_object_get(r, "scope_name")));
      }
      printf("%-5" JSON_INTEGER_FORMAT " %-20s %-28s %-8s %s\n",
             json_integer_value(json_object_get(u, "id")),
             json_string_value(json_object_get(u, "username")),
             json_string_value(json_object_get(u, "display_name")),
             json_is_true(json_object_get(u, "disabled")) ||
                 json_integer_value(json_object_get(u, "disabled")) != 0
               ? "spærret" : "aktiv",
             roles->str);
    }
  }
  json_decref(users);
  return CLI_OK;
}

/* passwd, disable and enable: one username, one change, sessions ended. */
static int
user_change(CliContext *ctx, const char *command, const char *summary, int argc, char **argv)
{
  int rc;
  if (!cli_parse(ctx, command, "BRUGERNAVN", summary, NULL, &argc, &argv, &rc))
    return rc;
  if (argc != 2) {
    cli_error(command, "angiv ét brugernavn");
    return CLI_USAGE;
  }
  g_autoptr(StoreDb) db = cli_open_db(ctx, CLI_DB_CURRENT);
  if (db == NULL)
    return CLI_FAILED;
  GError *error = NULL;
  g_autofree char *hash = NULL;
  gboolean passwd = strcmp(command, "user passwd") == 0;
  if (passwd) {
    g_autofree char *password = cli_read_new_password(command);
    if (password == NULL)
      return CLI_USAGE;
    hash = auth_password_hash(password, &error);
    if (hash == NULL)
      return finish(command, db, FALSE, error);
  }
  if (!store_begin(db, STORE_TX_WRITE, &error))
    return finish(command, db, FALSE, error);
  g_autoptr(StoreUser) user = store_user_get_by_username(db, argv[1], &error);
  if (user == NULL)
    return finish(command, db, FALSE, error);
  gboolean ok;
  if (passwd)
    ok = store_user_set_password_hash(db, user->id, hash, &error);
  else
    ok = store_user_set_disabled(db, user->id, strcmp(command, "user disable") == 0, &error);
  ok = ok && store_session_delete_for_user(db, user->id, &error) &&
       store_audit_append(db, 0, 0, command + 5 /* "passwd", … */, argv[1], "cli", &error);
  rc = finish(command, db, ok, error);
  if (rc == CLI_OK)
    printf("%s: %s.\n", argv[1],
           passwd ? "ny adgangskode; alle sessioner er afsluttet"
           : strcmp(command, "user disable") == 0 ? "spærret; alle sessioner er afsluttet"
                                                   : "genåbnet");
  return rc;
}

static int
user_add_new(CliContext *ctx, int argc, char **argv)
{
  return user_add(ctx, argc, argv, FALSE);
}

static int
user_grant(CliContext *ctx, int argc, char **argv)
{
  return user_add(ctx, argc, argv, TRUE);
}

static int
user_passwd(CliContext *ctx, int argc, char **argv)
{
  return user_change(ctx, "user passwd",
                     "Sætter en ny adgangskode og afslutter brugerens sessioner.", argc, argv);
}

static int
user_disable(CliContext *ctx, int argc, char **argv)
{
  return user_change(ctx, "user disable", "Spærrer brugeren og afslutter brugerens sessioner.",
                     argc, argv);
}

static int
user_enable(CliContext *ctx, int argc, char **argv)
{
  return user_change(ctx, "user enable", "Genåbner en spærret bruger.", argc, argv);
}

int
cmd_user(CliContext *ctx, int argc, char **argv)
{
  static const CliSubcommand subs[] = {
    {"add", user_add_new},   {"grant", user_grant},     {"list", user_list},
    {"passwd", user_passwd}, {"disable", user_disable}, {"enable", user_enable}};
  return cli_run_subcommand(
    ctx, "user",
    "Brug: spor user add|grant|list|passwd|disable|enable … (se spor user KOMMANDO --help)", NULL,
    subs, G_N_ELEMENTS(subs), argc, argv);
}
