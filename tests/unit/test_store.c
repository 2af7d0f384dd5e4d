/* test_store.c — the store against real databases, a fresh one per test
 * (tests/unit/testdb.h: SQLite, or PostgreSQL when the run asks for it):
 * URLs and opening, migrations and checks, transactions, the organisation
 * tree, users, sessions, login throttling, row scoping of citizens,
 * courses, instruments, measurements, audit, the pool and lock contention.
 * Tests of one backend's own behaviour (SQLite's pragmas, PostgreSQL's
 * types and lost connections) are registered only for that backend, each
 * beside its counterpart on the other. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "spor-resources.h"
#include "store/internal.h"
#include "store/store.h"
#include "testdb.h"

typedef struct {
  TestDb *tdb;
  const char *dir; /* borrowed from tdb */
  const char *url;
  StoreDb *db;
} Fixture;

#define remove_tree test_remove_tree

/* An open connection on an empty database (not migrated). */
static void
setup_empty(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  f->tdb = test_db_new();
  f->dir = f->tdb->dir;
  f->url = f->tdb->url;
  f->db = store_open(f->url, &error);
  g_assert_no_error(error);
  g_assert_nonnull(f->db);
}

/* An open connection on a migrated database. */
static void
setup(Fixture *f, gconstpointer data)
{
  setup_empty(f, data);
  g_autoptr(GError) error = NULL;
  g_assert_true(store_migrate(f->db, NULL, &error));
  g_assert_no_error(error);
}

static void
teardown(Fixture *f, gconstpointer data)
{
  (void)data;
  store_close(f->db);
  test_db_free(f->tdb);
}

static void
begin(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_no_error(error);
}

static void
commit(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
}

static gint64
count_rows(StoreDb *db, const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf("SELECT COUNT(*) FROM %s", table);
  gint64 n = -1;
  g_assert_true(store_query_int(db, sql, STORE_NO_PARAMS, &n, &error));
  g_assert_no_error(error);
  return n;
}

/* ---- URLs and opening ------------------------------------------------------ */

static void
test_open_urls(void)
{
  g_autoptr(GError) error = NULL;
  g_assert_null(store_open("mysql://x/y", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_URL);
  g_assert_nonnull(strstr(error->message, "sqlite:STI"));
  g_clear_error(&error);

  /* PostgreSQL: nothing listens on port 1.  The message names host and
   * port, never the password. */
  g_assert_null(store_open("postgresql://spor:hemmelig@127.0.0.1:1/spor", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_UNAVAILABLE);
  g_assert_nonnull(strstr(error->message, "127.0.0.1:1"));
  g_assert_null(strstr(error->message, "hemmelig"));
  g_assert_null(strchr(error->message, '\n'));
  g_clear_error(&error);
  g_assert_null(store_open("postgres://spor:hemmelig@127.0.0.1:1/spor", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_UNAVAILABLE);
  g_clear_error(&error);
  /* A malformed URI: libpq's own message would quote the bad part. */
  g_assert_null(store_open("postgresql://spor:hem%zzmelig@127.0.0.1/spor", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_URL);
  g_assert_null(strstr(error->message, "hem"));
  g_clear_error(&error);

  /* Passwords never reach a log line. */
  static const char *const redacted[][2] = {
    {"postgresql://spor:hemmelig@db:5432/spor", "postgresql://spor:***@db:5432/spor"},
    {"postgresql://spor@db/spor?password=hemmelig&sslmode=require",
     "postgresql://spor@db/spor?password=***&sslmode=require"},
    {"postgresql:///spor", "postgresql:///spor"},
    {"sqlite:var/spor.db", "sqlite:var/spor.db"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(redacted); i++) {
    g_autofree char *shown = store_url_redacted(redacted[i][0]);
    g_assert_cmpstr(shown, ==, redacted[i][1]);
  }

  g_assert_null(store_open("sqlite:", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_URL);
  g_clear_error(&error);

  g_assert_null(store_open(NULL, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_URL);
  g_clear_error(&error);

  g_autofree char *dir = g_dir_make_tmp("spor-store-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *bad = g_strdup_printf("sqlite:%s/t.db?busy_timeout_ms=abc", dir);
  g_assert_null(store_open(bad, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_URL);
  g_clear_error(&error);
  g_autofree char *unknown = g_strdup_printf("sqlite:%s/t.db?cache=shared", dir);
  g_assert_null(store_open(unknown, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_URL);
  g_clear_error(&error);

  /* The parent directories are created. */
  g_autofree char *nested = g_strdup_printf("sqlite:%s/a/b/spor.db?busy_timeout_ms=10", dir);
  StoreDb *db = store_open(nested, &error);
  g_assert_no_error(error);
  g_assert_nonnull(db);
  g_assert_cmpstr(store_backend_name(db), ==, "sqlite");
  g_assert_false(store_in_transaction(db));
  store_close(db);
  g_autofree char *file = g_strdup_printf("%s/a/b/spor.db", dir);
  g_assert_true(g_file_test(file, G_FILE_TEST_IS_REGULAR));

  /* A file that is not a database. */
  g_autofree char *junk = g_strdup_printf("%s/junk.db", dir);
  g_assert_true(g_file_set_contents(junk, "dette er ikke en database, men tekst nok til at "
                                          "fylde mere end et sidehoved på hundrede bytes ....."
                                          "...............................................",
                                    -1, NULL));
  g_autofree char *junk_url = g_strdup_printf("sqlite:%s", junk);
  g_assert_null(store_open(junk_url, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_OPEN);
  g_assert_nonnull(strstr(error->message, "kan ikke åbne databasen"));
  g_clear_error(&error);

  /* A directory that cannot be made. */
  g_assert_null(store_open("sqlite:/dev/null/spor/t.db", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_OPEN);
  g_assert_nonnull(strstr(error->message, "/dev/null/spor/t.db"));
  g_clear_error(&error);

  /* A bare path is not taken for a URL. */
  g_assert_null(store_open("var/spor.db", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_URL);
  g_assert_nonnull(strstr(error->message, "sqlite:var/spor.db"));
  g_clear_error(&error);

  remove_tree(dir);
}

static gint64
pragma_int(StoreDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 v = -1;
  g_assert_true(store_query_int(db, sql, STORE_NO_PARAMS, &v, &error));
  g_assert_no_error(error);
  return v;
}

/* What store.h promises of a new connection, and relative paths. */
static void
test_open_settings(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  json_t *row = store_query_row(f->db, "PRAGMA journal_mode", STORE_NO_PARAMS, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_string_value(json_object_get(row, "journal_mode")), ==, "wal");
  json_decref(row);
  g_assert_cmpint(pragma_int(f->db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint(pragma_int(f->db, "PRAGMA synchronous"), ==, 1); /* NORMAL */
  g_assert_cmpint(pragma_int(f->db, "PRAGMA busy_timeout"), ==, 5000);

  /* Foreign keys are enforced: a unit of no offer is a conflict. */
  g_assert_false(store_exec(f->db,
                            "INSERT INTO unit (offer_id, name, created_at) VALUES (?, ?, ?)",
                            STORE_PARAMS(P_INT(4242), P_TEXT("Ingen"),
                                         P_TEXT("2026-01-01T00:00:00Z")),
                            &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_cmpint(count_rows(f->db, "unit"), ==, 0);

  /* A relative path is taken from the working directory, its directory
   * created; the busy timeout comes from the URL. */
  g_autofree char *cwd = g_get_current_dir();
  g_assert_cmpint(g_chdir(f->dir), ==, 0);
  StoreDb *rel = store_open("sqlite:var/rel.db?busy_timeout_ms=10", &error);
  g_assert_cmpint(g_chdir(cwd), ==, 0);
  g_assert_no_error(error);
  g_assert_cmpint(pragma_int(rel, "PRAGMA busy_timeout"), ==, 10);
  store_close(rel);
  g_autofree char *file = g_build_filename(f->dir, "var", "rel.db", NULL);
  g_assert_true(g_file_test(file, G_FILE_TEST_IS_REGULAR));
}

static void
test_stmt_param_mismatch(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_false(store_exec(f->db, "SELECT ?, ?", STORE_PARAMS(P_INT(1)), &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  g_clear_error(&error);
  /* The cached statement is still usable with the right parameters. */
  json_t *row = store_query_row(f->db, "SELECT ? AS a, ? AS b, ? AS c, ? AS d",
                                STORE_PARAMS(P_INT(7), P_TEXT("x"), P_TEXT(NULL), P_REAL(1.5)),
                                NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpint(json_integer_value(json_object_get(row, "a")), ==, 7);
  g_assert_cmpstr(json_string_value(json_object_get(row, "b")), ==, "x");
  g_assert_true(json_is_null(json_object_get(row, "c")));
  g_assert_cmpfloat(json_real_value(json_object_get(row, "d")), ==, 1.5);
  json_decref(row);
  row = store_query_row(f->db, "SELECT 1 AS a WHERE 1 = 0", STORE_NO_PARAMS, NULL, &error);
  g_assert_null(row);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
}

/* ---- Migrations and checks ---------------------------------------------------- */

static void
test_migrate_fresh(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  int version = -1;
  g_assert_true(store_schema_version(f->db, &version, &error));
  g_assert_cmpint(version, ==, 0);
  g_assert_false(store_require_current_schema(f->db, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_SCHEMA);
  g_assert_cmpstr(error->message, ==, "databasen har intet skema (kør spor init)");
  g_clear_error(&error);

  int latest = store_schema_latest();
  g_assert_cmpint(latest, >=, 1);
  guint applied = 99;
  g_assert_true(store_migrate(f->db, &applied, &error));
  g_assert_no_error(error);
  /* Every built-in migration (numbers may leave gaps), the last is latest. */
  g_assert_cmpuint(applied, >=, 3);
  g_assert_cmpuint(applied, <=, (guint)latest);
  g_assert_true(store_schema_version(f->db, &version, &error));
  g_assert_cmpint(version, ==, latest);
  g_assert_true(store_require_current_schema(f->db, &error));
  g_assert_no_error(error);
  g_assert_cmpint(count_rows(f->db, "schema_migrations"), ==, applied);
  guint all = applied;

  /* Seen from a newer spor, this database is old: migrate, not init. */
  g_assert_false(store_require_schema_version(f->db, latest + 1, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_SCHEMA);
  g_assert_nonnull(strstr(error->message, "kør spor migrate"));
  g_clear_error(&error);
  g_assert_true(store_require_schema_version(f->db, latest, &error));
  g_assert_no_error(error);

  /* Idempotent. */
  g_assert_true(store_migrate(f->db, &applied, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(applied, ==, 0);
  g_assert_cmpint(count_rows(f->db, "schema_migrations"), ==, all);

  /* The tables are there and empty. */
  g_assert_cmpint(count_rows(f->db, "citizen"), ==, 0);
  g_assert_cmpint(count_rows(f->db, "audit_log"), ==, 0);

  json_t *row = store_query_row(f->db, "SELECT name FROM schema_migrations WHERE version = 1",
                                STORE_NO_PARAMS, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_string_value(json_object_get(row, "name")), ==, "init");
  json_decref(row);
}

static void
test_check_clean_and_future(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new(NULL);
  g_assert_true(store_check(f->db, report, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(report->str, ==, "revisionslog: 0 linjer i ubrudt kæde; sidste hash (tom)\n");

  /* A newer spor migrated this database. */
  g_assert_true(store_exec(f->db,
                           "INSERT INTO schema_migrations (version, name, applied_at) "
                           "VALUES (999, 'fremtid', '2030-01-01T00:00:00Z')",
                           STORE_NO_PARAMS, &error));
  g_assert_no_error(error);
  g_assert_false(store_check(f->db, report, &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(report->str, "999"));
  g_assert_true(g_str_has_suffix(report->str, "\n"));

  g_assert_false(store_require_current_schema(f->db, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_SCHEMA);
  g_assert_nonnull(strstr(error->message, "nyere spor"));
  g_clear_error(&error);
  guint applied = 5;
  g_assert_false(store_migrate(f->db, &applied, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_SCHEMA);
  g_assert_nonnull(strstr(error->message, "nyere"));
  g_assert_cmpuint(applied, ==, 0);
}

static void
test_check_unmigrated_and_foreign_keys(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new(NULL);
  g_assert_false(store_check(f->db, report, &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(report->str, "spor init"));

  /* A dangling reference, written with foreign keys off, is reported. */
  g_assert_true(store_migrate(f->db, NULL, &error));
  g_assert_true(store_exec_script(f->db,
                                  "PRAGMA foreign_keys=OFF;"
                                  "INSERT INTO unit (offer_id, name, created_at)"
                                  " VALUES (42, 'Forældreløs', '2026-01-01T00:00:00Z');"
                                  "PRAGMA foreign_keys=ON;",
                                  &error));
  g_assert_no_error(error);
  g_string_truncate(report, 0);
  g_assert_false(store_check(f->db, report, &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(report->str, "fremmednøgle: unit"));
  g_assert_nonnull(strstr(report->str, "offer"));
}

/* A migration numbered below the newest applied one (merged in from
 * another line of work) is applied all the same. */
static void
test_migrate_out_of_order(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  const StoreMigration first[] = {
    {1, "init", "CREATE TABLE first (id ID_PRIMARY_KEY);"},
    {30, "later", "CREATE TABLE later (id ID_PRIMARY_KEY);"},
  };
  guint applied = 0;
  g_assert_true(store_migrate_apply(f->db, first, G_N_ELEMENTS(first), &applied, &error));
  g_assert_cmpuint(applied, ==, 2);
  const StoreMigration merged[] = {
    {1, "init", "CREATE TABLE first (id ID_PRIMARY_KEY);"},
    {20, "between", "CREATE TABLE between_them (id ID_PRIMARY_KEY);"},
    {30, "later", "CREATE TABLE later (id ID_PRIMARY_KEY);"},
  };
  g_assert_true(store_migrate_apply(f->db, merged, G_N_ELEMENTS(merged), &applied, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(applied, ==, 1);
  g_assert_cmpint(count_rows(f->db, "between_them"), ==, 0);
  g_assert_cmpint(count_rows(f->db, "schema_migrations"), ==, 3);
  g_assert_true(store_migrate_apply(f->db, merged, G_N_ELEMENTS(merged), &applied, &error));
  g_assert_cmpuint(applied, ==, 0);
}

static void
test_migrate_failure_is_atomic(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  const StoreMigration list[] = {
    {1, "init", "CREATE TABLE first (id ID_PRIMARY_KEY, x TEXT NOT NULL);"},
    {2, "good",
     "CREATE TABLE second (id ID_PRIMARY_KEY, x TEXT NOT NULL);"
     "INSERT INTO second (x) VALUES ('a');"},
    {3, "bad",
     "CREATE TABLE third (id ID_PRIMARY_KEY);"
     "INSERT INTO third (id) VALUES (1);"
     "INSERT INTO no_such_table (id) VALUES (1);"},
    {4, "never", "CREATE TABLE fourth (id ID_PRIMARY_KEY);"},
  };
  guint applied = 0;
  g_assert_false(store_migrate_apply(f->db, list, G_N_ELEMENTS(list), &applied, &error));
  g_assert_nonnull(error);
  g_assert_nonnull(strstr(error->message, "003_bad"));
  g_clear_error(&error);
  g_assert_cmpuint(applied, ==, 2);
  g_assert_false(store_in_transaction(f->db));

  int version = 0;
  g_assert_true(store_schema_version(f->db, &version, &error));
  g_assert_cmpint(version, ==, 2);
  /* ID_PRIMARY_KEY became an auto-numbered key. */
  gint64 id = 0;
  g_assert_true(store_query_int(f->db, "SELECT id FROM second WHERE x = 'a'", STORE_NO_PARAMS,
                                &id, &error));
  g_assert_cmpint(id, ==, 1);
  /* Nothing of migration 3 or 4 is left. */
  g_assert_false(store_exec(f->db, "SELECT COUNT(*) FROM third", STORE_NO_PARAMS, &error));
  g_assert_nonnull(strstr(error->message, "third"));
  g_clear_error(&error);
  g_assert_false(store_exec(f->db, "SELECT COUNT(*) FROM fourth", STORE_NO_PARAMS, &error));
  g_clear_error(&error);

  /* Fixed, it runs from where it stopped. */
  const StoreMigration fixed[] = {
    list[0], list[1], {3, "bad", "CREATE TABLE third (id ID_PRIMARY_KEY);"}, list[3],
  };
  g_assert_true(store_migrate_apply(f->db, fixed, G_N_ELEMENTS(fixed), &applied, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(applied, ==, 2);
  g_assert_cmpint(count_rows(f->db, "third"), ==, 0);
  g_assert_cmpint(count_rows(f->db, "fourth"), ==, 0);
}

/* ---- Transactions --------------------------------------------------------------- */

static void
test_transactions(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  store_rollback(f->db); /* no-op without a transaction */
  g_assert_false(store_commit(f->db, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  g_clear_error(&error);

  begin(f);
  g_assert_true(store_in_transaction(f->db));
  g_assert_false(store_begin(f->db, STORE_TX_READ, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  g_clear_error(&error);
  gint64 org = store_organisation_create(f->db, "Væk", "municipality", &error);
  g_assert_no_error(error);
  g_assert_cmpint(org, >, 0);
  g_assert_cmpint(store_offer_create(f->db, org, "Tilbud", "residential_offer", &error), >, 0);
  store_rollback(f->db);
  g_assert_false(store_in_transaction(f->db));
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 0);
  g_assert_cmpint(count_rows(f->db, "offer"), ==, 0);

  begin(f);
  org = store_organisation_create(f->db, "Bliver", "region", &error);
  g_assert_no_error(error);
  commit(f);
  g_assert_false(store_in_transaction(f->db));
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 1);

  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 1);
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
}

static gint64
revision(Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;
  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  g_assert_true(store_data_revision(f->db, &value, &error));
  g_assert_no_error(error);
  store_rollback(f->db);
  return value;
}

/* The data revision moves with committed changes of page data, and with
 * nothing else: not reads, not rollbacks, not sessions, login attempts or
 * the audit log. */
static void
test_data_revision(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  gint64 start = revision(f);

  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 0);
  g_assert_true(store_commit(f->db, &error));
  g_assert_cmpint(revision(f), ==, start);

  begin(f);
  g_assert_cmpint(store_organisation_create(f->db, "Væk", "municipality", &error), >, 0);
  store_rollback(f->db);
  g_assert_cmpint(revision(f), ==, start);

  begin(f);
  gint64 org = store_organisation_create(f->db, "Bliver", "municipality", &error);
  g_assert_cmpint(org, >, 0);
  commit(f);
  g_assert_cmpint(revision(f), ==, start + 1);

  begin(f);
  StoreUserInput in = {.username = "ane", .display_name = "Ane"};
  gint64 user = store_user_create(f->db, &in, &error);
  g_assert_no_error(error);
  commit(f);
  g_assert_cmpint(revision(f), ==, start + 2);

  begin(f);
  g_assert_true(store_session_create(f->db, "hash", user, "csrf", "2026-11-23T10:00:00Z",
                                     &error));
  g_assert_true(store_login_attempt_record(f->db, "ane", "127.0.0.1", TRUE,
                                           "2026-11-23T10:00:00Z", &error));
  g_assert_true(store_audit_append(f->db, user, 0, "login", NULL, "127.0.0.1", &error));
  g_assert_no_error(error);
  commit(f);
  g_assert_cmpint(revision(f), ==, start + 2);
  g_assert_cmpint(count_rows(f->db, "session"), ==, 1);
}

/* ---- Organisation tree ------------------------------------------------------------- */

static void
test_org_tree(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 a = store_organisation_create(f->db, "Aarhus Kommune", "municipality", &error);
  gint64 b = store_organisation_create(f->db, "Bo-fonden", "private", &error);
  gint64 oa = store_offer_create(f->db, a, "Bostedet", "residential_offer", &error);
  gint64 ob = store_offer_create(f->db, a, "Hjemmestøtten", "home_support", &error);
  gint64 ua1 = store_unit_create(f->db, oa, "Hus B", &error);
  gint64 ua2 = store_unit_create(f->db, oa, "Hus A", &error);
  g_assert_no_error(error);
  g_assert_cmpint(store_offer_create(f->db, 999, "X", "y", &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_cmpint(store_unit_create(f->db, 999, "X", &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_cmpint(store_organisation_create(f->db, "X", "kommune", &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  commit(f);

  json_t *tree = store_org_tree(f->db, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(tree), ==, 2);
  json_t *org = json_array_get(tree, 0);
  g_assert_cmpint(json_integer_value(json_object_get(org, "id")), ==, a);
  g_assert_cmpstr(json_string_value(json_object_get(org, "kind")), ==, "municipality");
  json_t *offers = json_object_get(org, "offers");
  g_assert_cmpuint(json_array_size(offers), ==, 2);
  json_t *offer = json_array_get(offers, 0);
  g_assert_cmpint(json_integer_value(json_object_get(offer, "id")), ==, oa);
  g_assert_cmpstr(json_string_value(json_object_get(offer, "kind")), ==, "residential_offer");
  g_assert_null(json_object_get(offer, "organisation_id"));
  json_t *units = json_object_get(offer, "units");
  g_assert_cmpuint(json_array_size(units), ==, 2);
  /* By name: Hus A first. */
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(units, 0), "id")), ==, ua2);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(units, 1), "id")), ==, ua1);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(units, 0), "name")), ==,
                  "Hus A");
  json_t *offer2 = json_array_get(offers, 1);
  g_assert_cmpint(json_integer_value(json_object_get(offer2, "id")), ==, ob);
  g_assert_cmpuint(json_array_size(json_object_get(offer2, "units")), ==, 0);
  json_t *orgb = json_array_get(tree, 1);
  g_assert_cmpint(json_integer_value(json_object_get(orgb, "id")), ==, b);
  g_assert_cmpuint(json_array_size(json_object_get(orgb, "offers")), ==, 0);
  json_decref(tree);
}

/* ---- Users ------------------------------------------------------------------------- */

static gint64
add_user(Fixture *f, const char *username, SporRole role, SporScopeKind kind, gint64 scope,
         gint64 citizen_id)
{
  g_autoptr(GError) error = NULL;
  StoreUserInput in = {.username = username, .display_name = username,
                       .citizen_id = citizen_id};
  gint64 id = store_user_create(f->db, &in, &error);
  g_assert_no_error(error);
  g_assert_cmpint(id, >, 0);
  g_assert_true(store_user_add_role(f->db, id, role, kind, scope, &error));
  g_assert_no_error(error);
  return id;
}

static void
test_users(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 org = store_organisation_create(f->db, "Kommunen", "municipality", &error);
  gint64 offer = store_offer_create(f->db, org, "Bostedet", "residential_offer", &error);
  gint64 unit = store_unit_create(f->db, offer, "Hus A", &error);
  g_assert_no_error(error);

  StoreUserInput in = {.username = "mette", .display_name = "Mette Kjær",
                       .password_hash = "$argon2id$gammel", .language = "da"};
  gint64 mette = store_user_create(f->db, &in, &error);
  g_assert_no_error(error);
  g_assert_cmpint(mette, >, 0);
  StoreUserInput dup = {.username = "mette", .display_name = "En anden"};
  g_assert_cmpint(store_user_create(f->db, &dup, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);

  g_assert_true(store_user_add_role(f->db, mette, SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, unit, &error));
  g_assert_true(store_user_add_role(f->db, mette, SPOR_ROLE_LEADER, SPOR_SCOPE_OFFER, offer,
                                    &error));
  g_assert_true(store_user_add_role(f->db, mette, SPOR_ROLE_ANALYST, SPOR_SCOPE_ORGANISATION, org,
                                    &error));
  /* The same again is one assignment. */
  g_assert_true(store_user_add_role(f->db, mette, SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, unit, &error));
  g_assert_no_error(error);
  for (int k = SPOR_SCOPE_ORGANISATION; k <= SPOR_SCOPE_UNIT; k++) {
    g_assert_false(store_user_add_role(f->db, mette, SPOR_ROLE_STAFF, (SporScopeKind)k, 4242,
                                       &error));
    g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
    g_clear_error(&error);
  }
  g_assert_false(store_user_add_role(f->db, 4242, SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, unit, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_cmpint(count_rows(f->db, "role_assignment"), ==, 3);
  commit(f);

  g_autoptr(StoreUser) user = store_user_get(f->db, mette, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(user->username, ==, "mette");
  g_assert_cmpstr(user->display_name, ==, "Mette Kjær");
  g_assert_cmpstr(user->password_hash, ==, "$argon2id$gammel");
  g_assert_cmpstr(user->language, ==, "da");
  g_assert_false(user->disabled);
  g_assert_cmpint(user->citizen_id, ==, 0);
  g_assert_cmpuint(user->roles->len, ==, 3);
  StoreRoleAssignment *r0 = &g_array_index(user->roles, StoreRoleAssignment, 0);
  StoreRoleAssignment *r1 = &g_array_index(user->roles, StoreRoleAssignment, 1);
  StoreRoleAssignment *r2 = &g_array_index(user->roles, StoreRoleAssignment, 2);
  g_assert_cmpint(r0->role, ==, SPOR_ROLE_STAFF);
  g_assert_cmpint(r0->organisation_id, ==, org);
  g_assert_cmpint(r0->offer_id, ==, offer);
  g_assert_cmpint(r0->unit_id, ==, unit);
  g_assert_cmpint(r1->role, ==, SPOR_ROLE_LEADER);
  g_assert_cmpint(r1->organisation_id, ==, org);
  g_assert_cmpint(r1->offer_id, ==, offer);
  g_assert_cmpint(r1->unit_id, ==, 0);
  g_assert_cmpint(r2->role, ==, SPOR_ROLE_ANALYST);
  g_assert_cmpint(r2->organisation_id, ==, org);
  g_assert_cmpint(r2->offer_id, ==, 0);
  g_assert_cmpint(r2->unit_id, ==, 0);
  g_assert_cmpuint(store_user_capabilities(user), ==,
                   spor_role_capabilities(SPOR_ROLE_STAFF) |
                     spor_role_capabilities(SPOR_ROLE_LEADER) |
                     spor_role_capabilities(SPOR_ROLE_ANALYST));
  g_assert_true(store_user_capabilities(user) & CAP_REPORT);
  g_assert_false(store_user_capabilities(user) & CAP_ADMIN);

  g_assert_null(store_user_get(f->db, 4242, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_null(store_user_get_by_username(f->db, "ukendt", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  begin(f);
  g_assert_true(store_user_set_password_hash(f->db, mette, "$argon2id$ny", &error));
  g_assert_true(store_user_set_disabled(f->db, mette, TRUE, &error));
  g_assert_no_error(error);
  g_assert_false(store_user_set_disabled(f->db, 4242, TRUE, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_false(store_user_set_password_hash(f->db, 4242, "x", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  StoreUserInput admin = {.username = "admin", .display_name = "Administrator"};
  gint64 admin_id = store_user_create(f->db, &admin, &error);
  g_assert_true(store_user_add_role(f->db, admin_id, SPOR_ROLE_ADMIN, SPOR_SCOPE_ORGANISATION,
                                    org, &error));
  g_assert_no_error(error);
  commit(f);

  g_autoptr(StoreUser) again = store_user_get_by_username(f->db, "mette", &error);
  g_assert_no_error(error);
  g_assert_cmpint(again->id, ==, mette);
  g_assert_cmpstr(again->password_hash, ==, "$argon2id$ny");
  g_assert_true(again->disabled);
  g_autoptr(StoreUser) adm = store_user_get(f->db, admin_id, &error);
  g_assert_null(adm->password_hash);
  g_assert_null(adm->language);
  g_assert_cmpuint(store_user_capabilities(adm), ==, spor_role_capabilities(SPOR_ROLE_ADMIN));

  json_t *list = store_user_list(f->db, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(list), ==, 2);
  json_t *first = json_array_get(list, 0); /* by username: admin, mette */
  g_assert_cmpstr(json_string_value(json_object_get(first, "username")), ==, "admin");
  g_assert_true(json_is_false(json_object_get(first, "disabled")));
  json_t *m = json_array_get(list, 1);
  g_assert_cmpstr(json_string_value(json_object_get(m, "display_name")), ==, "Mette Kjær");
  g_assert_true(json_is_true(json_object_get(m, "disabled")));
  g_assert_null(json_object_get(m, "password_hash"));
  g_assert_true(json_is_null(json_object_get(m, "citizen_id")));
  json_t *roles = json_object_get(m, "roles");
  g_assert_cmpuint(json_array_size(roles), ==, 3);
  static const char *const kinds[] = {"unit", "offer", "organisation"};
  static const char *const names[] = {"Hus A", "Bostedet", "Kommunen"};
  static const char *const role_names[] = {"staff", "leader", "analyst"};
  const gint64 ids[] = {unit, offer, org};
  for (int i = 0; i < 3; i++) {
    json_t *r = json_array_get(roles, (size_t)i);
    g_assert_cmpstr(json_string_value(json_object_get(r, "role")), ==, role_names[i]);
    g_assert_cmpstr(json_string_value(json_object_get(r, "scope_kind")), ==, kinds[i]);
    g_assert_cmpstr(json_string_value(json_object_get(r, "scope_name")), ==, names[i]);
    g_assert_cmpint(json_integer_value(json_object_get(r, "scope_id")), ==, ids[i]);
    g_assert_null(json_object_get(r, "user_id"));
  }
  json_decref(list);
}

/* ---- Sessions and login attempts ----------------------------------------------------- */

static void
test_sessions(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 org = store_organisation_create(f->db, "K", "municipality", &error);
  gint64 u1 = add_user(f, "u1", SPOR_ROLE_STAFF, SPOR_SCOPE_ORGANISATION, org, 0);
  gint64 u2 = add_user(f, "u2", SPOR_ROLE_STAFF, SPOR_SCOPE_ORGANISATION, org, 0);
  g_assert_true(store_session_create(f->db, "h-old", u1, "csrf1", "2026-01-01T08:00:00Z", &error));
  g_assert_true(store_session_create(f->db, "h-idle", u1, "csrf2", "2026-01-01T10:00:00Z", &error));
  g_assert_true(store_session_create(f->db, "h-live", u2, "csrf3", "2026-01-01T11:00:00Z", &error));
  g_assert_no_error(error);
  commit(f);
  /* The same token hash twice is a conflict (and, as after any failed
   * statement, the transaction is rolled back). */
  begin(f);
  g_assert_false(store_session_create(f->db, "h-live", u1, "x", "2026-01-01T11:00:00Z", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  store_rollback(f->db);

  g_autoptr(StoreSession) s = store_session_get(f->db, "h-old", &error);
  g_assert_no_error(error);
  g_assert_cmpint(s->user_id, ==, u1);
  g_assert_cmpstr(s->csrf_token, ==, "csrf1");
  g_assert_cmpstr(s->created_at, ==, "2026-01-01T08:00:00Z");
  g_assert_cmpstr(s->last_seen_at, ==, "2026-01-01T08:00:00Z");
  g_assert_null(store_session_get(f->db, "nope", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  begin(f);
  /* The old one was used recently, but is past the absolute limit; the
   * idle one is within it but idle too long; the live one stays. */
  g_assert_true(store_session_touch(f->db, s->id, "2026-01-01T11:59:00Z", &error));
  g_assert_true(store_session_delete_expired(f->db, "2026-01-01T10:30:00Z",
                                             "2026-01-01T09:00:00Z", &error));
  g_assert_no_error(error);
  commit(f);
  g_assert_null(store_session_get(f->db, "h-old", &error));
  g_clear_error(&error);
  g_assert_null(store_session_get(f->db, "h-idle", &error));
  g_clear_error(&error);
  g_autoptr(StoreSession) live = store_session_get(f->db, "h-live", &error);
  g_assert_no_error(error);

  /* Exactly at the cutoff is not expired. */
  begin(f);
  g_assert_true(store_session_delete_expired(f->db, "2026-01-01T11:00:00Z",
                                             "2026-01-01T11:00:00Z", &error));
  commit(f);
  g_assert_cmpint(count_rows(f->db, "session"), ==, 1);

  begin(f);
  g_assert_true(store_session_touch(f->db, live->id, "2026-01-01T12:00:00Z", &error));
  commit(f);
  g_autoptr(StoreSession) touched = store_session_get(f->db, "h-live", &error);
  g_assert_cmpstr(touched->last_seen_at, ==, "2026-01-01T12:00:00Z");
  g_assert_cmpstr(touched->created_at, ==, "2026-01-01T11:00:00Z");

  begin(f);
  g_assert_true(store_session_create(f->db, "h-2", u2, "c", "2026-01-01T12:00:00Z", &error));
  g_assert_true(store_session_create(f->db, "h-3", u1, "c", "2026-01-01T12:00:00Z", &error));
  g_assert_true(store_session_delete(f->db, "h-live", &error));
  g_assert_true(store_session_delete(f->db, "h-live", &error)); /* twice is fine */
  g_assert_true(store_session_delete_for_user(f->db, u2, &error));
  g_assert_no_error(error);
  commit(f);
  g_assert_cmpint(count_rows(f->db, "session"), ==, 1);
  g_autoptr(StoreSession) left = store_session_get(f->db, "h-3", &error);
  g_assert_no_error(error);
  g_assert_cmpint(left->user_id, ==, u1);
}

static void
test_login_attempts(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  begin(f);
  struct {
    const char *user, *addr, *at;
    gboolean ok;
  } rows[] = {
    {"mette", "10.0.0.1", "2026-01-01T09:00:00Z", FALSE}, /* before the window */
    {"mette", "10.0.0.1", "2026-01-01T10:00:00Z", FALSE}, /* at the cutoff: counts */
    {"mette", "10.0.0.2", "2026-01-01T10:01:00Z", FALSE},
    {"mette", "10.0.0.1", "2026-01-01T10:02:00Z", TRUE},  /* success: not counted */
    {"jonas", "10.0.0.1", "2026-01-01T10:03:00Z", FALSE},
    {"jonas", "10.0.0.3", "2026-01-01T10:04:00Z", FALSE},
  };
  for (guint i = 0; i < G_N_ELEMENTS(rows); i++)
    g_assert_true(store_login_attempt_record(f->db, rows[i].user, rows[i].addr, rows[i].ok,
                                             rows[i].at, &error));
  g_assert_no_error(error);
  commit(f);
  gint64 by_user = -1, by_addr = -1;
  g_assert_true(store_login_failures_since(f->db, "mette", "10.0.0.1", "2026-01-01T10:00:00Z",
                                           &by_user, &by_addr, &error));
  g_assert_no_error(error);
  g_assert_cmpint(by_user, ==, 2);
  g_assert_cmpint(by_addr, ==, 2);
  g_assert_true(store_login_failures_since(f->db, "jonas", "10.0.0.3", "2026-01-01T10:00:00Z",
                                           &by_user, &by_addr, &error));
  g_assert_cmpint(by_user, ==, 2);
  g_assert_cmpint(by_addr, ==, 1);
  g_assert_true(store_login_failures_since(f->db, "mette", "10.0.0.1", "2026-01-01T08:00:00Z",
                                           &by_user, &by_addr, &error));
  g_assert_cmpint(by_user, ==, 3);
  g_assert_cmpint(by_addr, ==, 3);
  g_assert_true(store_login_failures_since(f->db, "ingen", "10.9.9.9", "2026-01-01T08:00:00Z",
                                           &by_user, &by_addr, &error));
  g_assert_cmpint(by_user, ==, 0);
  g_assert_cmpint(by_addr, ==, 0);
}

/* ---- A small world for scoping ---------------------------------------------------------- */

typedef struct {
  gint64 org_a, org_b;
  gint64 offer_1, offer_2, offer_3; /* 1 and 2 in org A, 3 in org B */
  gint64 unit_1a, unit_1b, unit_2a, unit_3a;
  gint64 iv_1, iv_3;                /* interventions of offers 1 and 3 */
  gint64 staff_1a, staff_1b, leader_1, org_staff_a, staff_3a;
  gint64 authority, citizen_user, analyst, admin;
  gint64 c_1a, c_1b, c_2a, c_3a;    /* one citizen per unit */
} World;

static gint64
add_citizen(Fixture *f, gint64 actor, gint64 unit, const char *first, const char *last)
{
  g_autoptr(GError) error = NULL;
  StoreCitizenInput in = {.unit_id = unit, .first_name = first, .last_name = last};
  gint64 id = store_citizen_create(f->db, actor, &in, &error);
  g_assert_no_error(error);
  g_assert_cmpint(id, >, 0);
  return id;
}

static void
build_world(Fixture *f, World *w)
{
  g_autoptr(GError) error = NULL;
  begin(f);
  w->org_a = store_organisation_create(f->db, "Kommune A", "municipality", &error);
  w->org_b = store_organisation_create(f->db, "Privat B", "private", &error);
  w->offer_1 = store_offer_create(f->db, w->org_a, "Tilbud 1", "residential_offer", &error);
  w->offer_2 = store_offer_create(f->db, w->org_a, "Tilbud 2", "home_support", &error);
  w->offer_3 = store_offer_create(f->db, w->org_b, "Tilbud 3", "residential_offer", &error);
  w->unit_1a = store_unit_create(f->db, w->offer_1, "Afd 1a", &error);
  w->unit_1b = store_unit_create(f->db, w->offer_1, "Afd 1b", &error);
  w->unit_2a = store_unit_create(f->db, w->offer_2, "Afd 2a", &error);
  w->unit_3a = store_unit_create(f->db, w->offer_3, "Afd 3a", &error);
  w->iv_1 = store_intervention_create(f->db, w->offer_1, "Bostøtte", "Støtte i hjemmet", &error);
  w->iv_3 = store_intervention_create(f->db, w->offer_3, "Misbrugsbehandling", NULL, &error);
  g_assert_no_error(error);

  w->staff_1a = add_user(f, "staff1a", SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, w->unit_1a, 0);
  w->staff_1b = add_user(f, "staff1b", SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, w->unit_1b, 0);
  w->leader_1 = add_user(f, "leader1", SPOR_ROLE_LEADER, SPOR_SCOPE_OFFER, w->offer_1, 0);
  w->org_staff_a = add_user(f, "orgstaff", SPOR_ROLE_STAFF, SPOR_SCOPE_ORGANISATION, w->org_a, 0);
  w->staff_3a = add_user(f, "staff3a", SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, w->unit_3a, 0);

  w->c_1a = add_citizen(f, w->staff_1a, w->unit_1a, "Anna", "Andersen");
  w->c_1b = add_citizen(f, w->staff_1b, w->unit_1b, "Bo", "Bertelsen");
  w->c_2a = add_citizen(f, w->org_staff_a, w->unit_2a, "Cecilie", "Christensen");
  w->c_3a = add_citizen(f, w->staff_3a, w->unit_3a, "Dorte", "Dahl");

  w->authority = add_user(f, "raadgiver", SPOR_ROLE_AUTHORITY, SPOR_SCOPE_ORGANISATION, w->org_a,
                          0);
  g_assert_true(store_authority_assign(f->db, w->authority, w->c_1a, &error));
  g_assert_true(store_authority_assign(f->db, w->authority, w->c_1a, &error)); /* idempotent */
  g_assert_no_error(error);
  w->citizen_user = add_user(f, "borger", SPOR_ROLE_CITIZEN, SPOR_SCOPE_UNIT, w->unit_1b,
                             w->c_1b);
  w->analyst = add_user(f, "analytiker", SPOR_ROLE_ANALYST, SPOR_SCOPE_ORGANISATION, w->org_a, 0);
  w->admin = add_user(f, "admin", SPOR_ROLE_ADMIN, SPOR_SCOPE_ORGANISATION, w->org_a, 0);
  commit(f);
}

static gboolean
sees(Fixture *f, gint64 actor, gint64 citizen)
{
  g_autoptr(GError) error = NULL;
  json_t *c = store_citizen_get(f->db, actor, citizen, &error);
  if (c == NULL) {
    g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
    return FALSE;
  }
  g_assert_no_error(error);
  g_assert_cmpint(json_integer_value(json_object_get(c, "id")), ==, citizen);
  json_decref(c);
  return TRUE;
}

/* The ids store_citizen_list gives, in order, and checks count agrees. */
static GArray *
listed(Fixture *f, gint64 actor, const StoreCitizenFilter *filter)
{
  g_autoptr(GError) error = NULL;
  json_t *list = store_citizen_list(f->db, actor, filter, &error);
  g_assert_no_error(error);
  GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  size_t i;
  json_t *c;
  json_array_foreach(list, i, c) {
    gint64 id = json_integer_value(json_object_get(c, "id"));
    g_array_append_val(ids, id);
  }
  json_decref(list);
  return ids;
}

static void
assert_visible_set(Fixture *f, const World *w, gint64 actor, gboolean s1a, gboolean s1b,
                   gboolean s2a, gboolean s3a)
{
  const gint64 citizens[] = {w->c_1a, w->c_1b, w->c_2a, w->c_3a};
  const gboolean expect[] = {s1a, s1b, s2a, s3a};
  g_autoptr(GArray) ids = listed(f, actor, NULL);
  gint64 expected_count = 0;
  for (guint i = 0; i < G_N_ELEMENTS(citizens); i++) {
    g_assert_cmpint(sees(f, actor, citizens[i]), ==, expect[i]);
    gboolean in_list = FALSE;
    for (guint k = 0; k < ids->len; k++)
      in_list = in_list || g_array_index(ids, gint64, k) == citizens[i];
    g_assert_cmpint(in_list, ==, expect[i]);
    expected_count += expect[i] ? 1 : 0;
  }
  g_assert_cmpuint(ids->len, ==, (guint)expected_count);
  g_autoptr(GError) error = NULL;
  gint64 count = -1;
  g_assert_true(store_citizen_count(f->db, actor, NULL, &count, &error));
  g_assert_no_error(error);
  g_assert_cmpint(count, ==, expected_count);
}

static void
test_citizen_visibility(Fixture *f, gconstpointer data)
{
  (void)data;
  World w;
  build_world(f, &w);
  /*                                    1a     1b     2a     3a */
  assert_visible_set(f, &w, w.staff_1a, TRUE, FALSE, FALSE, FALSE);
  assert_visible_set(f, &w, w.staff_1b, FALSE, TRUE, FALSE, FALSE);
  assert_visible_set(f, &w, w.leader_1, TRUE, TRUE, FALSE, FALSE);
  assert_visible_set(f, &w, w.org_staff_a, TRUE, TRUE, TRUE, FALSE);
  assert_visible_set(f, &w, w.staff_3a, FALSE, FALSE, FALSE, TRUE);
  assert_visible_set(f, &w, w.authority, TRUE, FALSE, FALSE, FALSE);
  assert_visible_set(f, &w, w.citizen_user, FALSE, TRUE, FALSE, FALSE);
  assert_visible_set(f, &w, w.analyst, FALSE, FALSE, FALSE, FALSE);
  assert_visible_set(f, &w, w.admin, FALSE, FALSE, FALSE, FALSE);
  assert_visible_set(f, &w, 4242, FALSE, FALSE, FALSE, FALSE);

  /* A missing citizen looks exactly like an invisible one. */
  g_autoptr(GError) invisible = NULL, missing = NULL;
  g_assert_null(store_citizen_get(f->db, w.staff_1a, w.c_3a, &invisible));
  g_assert_null(store_citizen_get(f->db, w.staff_1a, 999999, &missing));
  g_assert_error(invisible, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_assert_error(missing, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr(invisible->message, ==, missing->message);

  /* Inside one transaction a citizen found visible for one actor stays
   * invisible to another, whatever was looked at before. */
  g_autoptr(GError) tx_error = NULL;
  g_assert_true(store_begin(f->db, STORE_TX_READ, &tx_error));
  g_assert_true(sees(f, w.staff_1a, w.c_1a));
  json_t *courses = store_course_list(f->db, w.staff_1a, w.c_1a, &tx_error);
  g_assert_no_error(tx_error);
  json_decref(courses);
  g_assert_null(store_course_list(f->db, w.staff_1b, w.c_1a, &tx_error));
  g_assert_error(tx_error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&tx_error);
  g_assert_null(store_measurement_list(f->db, w.staff_1a, w.c_1b, &tx_error));
  g_assert_error(tx_error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&tx_error);
  g_assert_false(sees(f, w.analyst, w.c_1a));
  g_assert_true(store_commit(f->db, &tx_error));

  /* An assignment without the authority role (here: an analyst now) gives
   * nothing. */
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 ex = add_user(f, "ex-raadgiver", SPOR_ROLE_ANALYST, SPOR_SCOPE_ORGANISATION, w.org_a, 0);
  g_assert_true(store_authority_assign(f->db, ex, w.c_1a, &error));
  g_assert_no_error(error);
  commit(f);
  assert_visible_set(f, &w, ex, FALSE, FALSE, FALSE, FALSE);

  /* Writable units follow the staff/leader scope only. */
  json_t *units = store_unit_list_writable(f->db, w.leader_1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(units), ==, 2);
  json_t *u0 = json_array_get(units, 0);
  g_assert_cmpint(json_integer_value(json_object_get(u0, "id")), ==, w.unit_1a);
  g_assert_cmpstr(json_string_value(json_object_get(u0, "name")), ==, "Afd 1a");
  g_assert_cmpint(json_integer_value(json_object_get(u0, "offer_id")), ==, w.offer_1);
  g_assert_cmpstr(json_string_value(json_object_get(u0, "offer_name")), ==, "Tilbud 1");
  json_decref(units);
  units = store_unit_list_writable(f->db, w.org_staff_a, &error);
  g_assert_cmpuint(json_array_size(units), ==, 3);
  json_decref(units);
  const gint64 none[] = {w.authority, w.citizen_user, w.analyst, w.admin};
  for (guint i = 0; i < G_N_ELEMENTS(none); i++) {
    units = store_unit_list_writable(f->db, none[i], &error);
    g_assert_no_error(error);
    g_assert_cmpuint(json_array_size(units), ==, 0);
    json_decref(units);
  }
}

static void
test_citizen_create(Fixture *f, gconstpointer data)
{
  (void)data;
  World w;
  build_world(f, &w);
  g_autoptr(GError) error = NULL;
  gint64 before = count_rows(f->db, "citizen");

  begin(f);
  StoreCitizenInput in = {
    .unit_id = w.unit_1b, .first_name = "Erik", .last_name = "Eriksen",
    .birth_date = "1990-05-17", .gender = "male", .referral_basis = "SEL § 107",
    .diagnoses = "Skizofreni", .education = "Folkeskole", .occupation = "Ledig",
    .housing = "Botilbud", .intervention_goals = "Egen bolig",
    .medical_treatment = "Ja", .criminal_record = "Nej", .mother_tongue = "Dansk",
    .ethnic_background = "Dansk", .family_situation = "Søster", .cohabitation = "Enlig",
    .contact_person_id = w.staff_1b,
  };
  /* Staff of 1a cannot write in 1b; authority, citizen, analyst and admin nowhere. */
  const gint64 refused[] = {w.staff_1a, w.staff_3a, w.authority, w.citizen_user, w.analyst,
                            w.admin};
  for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
    g_assert_cmpint(store_citizen_create(f->db, refused[i], &in, &error), ==, 0);
    g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
    g_clear_error(&error);
  }
  in.unit_id = 999999;
  g_assert_cmpint(store_citizen_create(f->db, w.leader_1, &in, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  in.unit_id = w.unit_1b;
  g_assert_cmpint(count_rows(f->db, "citizen"), ==, before);

  /* The contact person must be staff or leader over the unit. */
  in.contact_person_id = w.staff_1a;
  g_assert_cmpint(store_citizen_create(f->db, w.leader_1, &in, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  in.contact_person_id = w.authority;
  g_assert_cmpint(store_citizen_create(f->db, w.leader_1, &in, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  in.gender = "ukendt";
  in.contact_person_id = w.staff_1b;
  g_assert_cmpint(store_citizen_create(f->db, w.leader_1, &in, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_cmpint(count_rows(f->db, "citizen"), ==, before);

  /* A leader over the offer registers with a staff member as contact. */
  in.gender = "male";
  gint64 id = store_citizen_create(f->db, w.leader_1, &in, &error);
  g_assert_no_error(error);
  g_assert_cmpint(id, >, 0);
  commit(f);
  g_assert_cmpint(count_rows(f->db, "citizen"), ==, before + 1);

  json_t *c = store_citizen_get(f->db, w.staff_1b, id, &error);
  g_assert_no_error(error);
  g_assert_cmpint(json_integer_value(json_object_get(c, "unit_id")), ==, w.unit_1b);
  g_assert_cmpstr(json_string_value(json_object_get(c, "unit_name")), ==, "Afd 1b");
  g_assert_cmpint(json_integer_value(json_object_get(c, "offer_id")), ==, w.offer_1);
  g_assert_cmpstr(json_string_value(json_object_get(c, "offer_name")), ==, "Tilbud 1");
  g_assert_cmpstr(json_string_value(json_object_get(c, "contact_person_name")), ==, "staff1b");
  static const char *const fields[][2] = {
    {"first_name", "Erik"}, {"last_name", "Eriksen"}, {"birth_date", "1990-05-17"},
    {"gender", "male"}, {"referral_basis", "SEL § 107"}, {"diagnoses", "Skizofreni"},
    {"education", "Folkeskole"}, {"occupation", "Ledig"}, {"housing", "Botilbud"},
    {"intervention_goals", "Egen bolig"}, {"medical_treatment", "Ja"},
    {"criminal_record", "Nej"}, {"mother_tongue", "Dansk"}, {"ethnic_background", "Dansk"},
    {"family_situation", "Søster"}, {"cohabitation", "Enlig"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(fields); i++)
    g_assert_cmpstr(json_string_value(json_object_get(c, fields[i][0])), ==, fields[i][1]);
  g_assert_true(g_str_has_suffix(json_string_value(json_object_get(c, "created_at")), "Z"));
  json_decref(c);

  /* Without a contact person, the optional texts are null. */
  begin(f);
  StoreCitizenInput bare = {.unit_id = w.unit_1a, .first_name = "F", .last_name = "G"};
  gint64 bare_id = store_citizen_create(f->db, w.staff_1a, &bare, &error);
  g_assert_no_error(error);
  commit(f);
  c = store_citizen_get(f->db, w.staff_1a, bare_id, &error);
  g_assert_true(json_is_null(json_object_get(c, "contact_person_name")));
  g_assert_true(json_is_null(json_object_get(c, "birth_date")));
  g_assert_true(json_is_null(json_object_get(c, "gender")));
  json_decref(c);
}

static void
test_citizen_list_filters(Fixture *f, gconstpointer data)
{
  (void)data;
  World w;
  build_world(f, &w);
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 aeroe = add_citizen(f, w.staff_1a, w.unit_1a, "Ærø", "Østergård");
  gint64 anna2 = add_citizen(f, w.staff_1a, w.unit_1a, "Anne", "Andersen");
  gint64 pct = add_citizen(f, w.staff_1a, w.unit_1a, "Per_cent", "100%");
  commit(f);

  /* By last then first name. */
  g_autoptr(GArray) all = listed(f, w.leader_1, NULL);
  g_assert_cmpuint(all->len, ==, 5);
  g_assert_cmpint(g_array_index(all, gint64, 0), ==, pct);    /* "100%" */
  g_assert_cmpint(g_array_index(all, gint64, 1), ==, w.c_1a); /* Andersen, Anna */
  g_assert_cmpint(g_array_index(all, gint64, 2), ==, anna2);  /* Andersen, Anne */
  g_assert_cmpint(g_array_index(all, gint64, 3), ==, w.c_1b); /* Bertelsen */
  g_assert_cmpint(g_array_index(all, gint64, 4), ==, aeroe);  /* Østergård */

  struct {
    const char *search;
    gint64 unit;
    guint expected;
  } cases[] = {
    {"andersen", 0, 2},  {"ANNA", 0, 1},       {"anna andersen", 0, 1},
    {"ærø", 0, 1},       {"ØSTERGÅRD", 0, 1},  {"%", 0, 1},
    {"_", 0, 1},         {"zzz", 0, 0},        {"  ", 0, 5},
    {NULL, 0, 5},        {NULL, 0, 5},         {"bo", 0, 1},
  };
  cases[10].unit = w.unit_1b;
  cases[10].expected = 1;
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    StoreCitizenFilter filter = {.search = cases[i].search, .unit_id = cases[i].unit};
    g_autoptr(GArray) ids = listed(f, w.leader_1, &filter);
    g_assert_cmpuint(ids->len, ==, cases[i].expected);
    gint64 count = -1;
    g_assert_true(store_citizen_count(f->db, w.leader_1, &filter, &count, &error));
    g_assert_no_error(error);
    g_assert_cmpint(count, ==, cases[i].expected);
  }
  /* A unit filter cannot widen the scope. */
  StoreCitizenFilter other = {.unit_id = w.unit_3a};
  g_autoptr(GArray) none = listed(f, w.leader_1, &other);
  g_assert_cmpuint(none->len, ==, 0);

  /* Paging; the count ignores limit and offset. */
  StoreCitizenFilter page = {.limit = 2, .offset = 1};
  g_autoptr(GArray) ids = listed(f, w.leader_1, &page);
  g_assert_cmpuint(ids->len, ==, 2);
  g_assert_cmpint(g_array_index(ids, gint64, 0), ==, w.c_1a);
  g_assert_cmpint(g_array_index(ids, gint64, 1), ==, anna2);
  gint64 count = 0;
  g_assert_true(store_citizen_count(f->db, w.leader_1, &page, &count, &error));
  g_assert_cmpint(count, ==, 5);

  /* The list's columns. */
  json_t *list = store_citizen_list(f->db, w.staff_1b, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(list), ==, 1);
  json_t *c = json_array_get(list, 0);
  g_assert_cmpstr(json_string_value(json_object_get(c, "first_name")), ==, "Bo");
  g_assert_cmpstr(json_string_value(json_object_get(c, "unit_name")), ==, "Afd 1b");
  g_assert_cmpstr(json_string_value(json_object_get(c, "offer_name")), ==, "Tilbud 1");
  g_assert_cmpint(json_integer_value(json_object_get(c, "unit_id")), ==, w.unit_1b);
  g_assert_true(json_is_null(json_object_get(c, "last_measured_on")));
  g_assert_true(json_is_null(json_object_get(c, "contact_person_name")));
  g_assert_true(json_object_get(c, "birth_date") != NULL);
  g_assert_null(json_object_get(c, "diagnoses")); /* background stays on the citizen page */
  json_decref(list);
}

/* ---- Courses ------------------------------------------------------------------------ */

static void
test_courses(Fixture *f, gconstpointer data)
{
  (void)data;
  World w;
  build_world(f, &w);
  g_autoptr(GError) error = NULL;
  json_t *ivs = store_intervention_list(f->db, w.offer_1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(ivs), ==, 1);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(ivs, 0), "name")), ==,
                  "Bostøtte");
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(ivs, 0), "description")), ==,
                  "Støtte i hjemmet");
  json_decref(ivs);
  ivs = store_intervention_list(f->db, w.offer_2, &error);
  g_assert_cmpuint(json_array_size(ivs), ==, 0);
  json_decref(ivs);

  begin(f);
  StoreCourseInput first = {.citizen_id = w.c_1a, .intervention_id = w.iv_1,
                            .started_on = "2025-01-10", .phase = "stabilisation",
                            .ended_on = "2025-06-30", .end_reason = "Mål nået",
                            .discharged_to = "Egen bolig"};
  gint64 k1 = store_course_create(f->db, &first, &error);
  StoreCourseInput second = {.citizen_id = w.c_1a, .intervention_id = w.iv_1,
                             .started_on = "2025-09-01", .phase = "primary_intervention"};
  gint64 k2 = store_course_create(f->db, &second, &error);
  g_assert_no_error(error);
  /* An intervention of another offer. */
  StoreCourseInput foreign = {.citizen_id = w.c_1a, .intervention_id = w.iv_3,
                              .started_on = "2025-09-01"};
  g_assert_cmpint(store_course_create(f->db, &foreign, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  foreign.intervention_id = 999999;
  g_assert_cmpint(store_course_create(f->db, &foreign, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  foreign.citizen_id = 999999;
  foreign.intervention_id = w.iv_1;
  g_assert_cmpint(store_course_create(f->db, &foreign, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  commit(f);
  g_assert_cmpint(count_rows(f->db, "course"), ==, 2);

  json_t *courses = store_course_list(f->db, w.staff_1a, w.c_1a, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(courses), ==, 2);
  json_t *newest = json_array_get(courses, 0), *oldest = json_array_get(courses, 1);
  g_assert_cmpint(json_integer_value(json_object_get(newest, "id")), ==, k2);
  g_assert_cmpint(json_integer_value(json_object_get(oldest, "id")), ==, k1);
  g_assert_cmpstr(json_string_value(json_object_get(newest, "intervention_name")), ==, "Bostøtte");
  g_assert_cmpint(json_integer_value(json_object_get(newest, "intervention_id")), ==, w.iv_1);
  g_assert_true(json_is_null(json_object_get(newest, "ended_on")));
  g_assert_cmpstr(json_string_value(json_object_get(newest, "phase")), ==, "primary_intervention");
  g_assert_cmpstr(json_string_value(json_object_get(oldest, "end_reason")), ==, "Mål nået");
  g_assert_cmpstr(json_string_value(json_object_get(oldest, "discharged_to")), ==, "Egen bolig");
  json_decref(courses);

  /* The authority assigned to the citizen reads them too; others do not. */
  courses = store_course_list(f->db, w.authority, w.c_1a, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(courses), ==, 2);
  json_decref(courses);
  g_assert_null(store_course_list(f->db, w.staff_1b, w.c_1a, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  courses = store_course_list(f->db, w.staff_1b, w.c_1b, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(courses), ==, 0);
  json_decref(courses);
}

/* ---- Instruments ----------------------------------------------------------------------- */

/* A test instrument version: n_items items on scale "s" (values 0–4 and an
 * excluded 9, labelled "L<value>"), the first three in subscale "a", the
 * third reverse-scored, a mean total. */
static gint64
insert_instrument_tx(StoreDb *db, const char *key, gint64 version, guint n_items,
                     gboolean higher_is_better, GError **error)
{
  static const char *const labels[] = {"L0", "L1", "L2", "L3", "L4", "L9"};
  StoreScaleValueInput values[6];
  for (int v = 0; v < 6; v++)
    values[v] = (StoreScaleValueInput){.value = v < 5 ? v : 9, .label_da = labels[v],
                                       .label_en = v == 0 ? NULL : labels[v], .score = v,
                                       .excluded = v == 5};
  StoreScaleInput scale = {.key = "s", .score_min = 0, .score_max = 4, .values = values,
                           .n_values = 6};
  StoreItemInput items[16];
  char keys[16][16], texts[16][32];
  g_assert_cmpuint(n_items, <=, 16);
  for (guint i = 0; i < n_items; i++) {
    g_snprintf(keys[i], sizeof keys[i], "item%u", i + 1);
    g_snprintf(texts[i], sizeof texts[i], "Spørgsmål %u", i + 1);
    items[i] = (StoreItemInput){.key = keys[i], .text_da = texts[i], .text_en = NULL,
                                .scale_key = "s", .subscale_key = i < 3 ? "a" : NULL,
                                .reverse = i == 2, .weight = i == 1 ? 2.5 : 1.0};
  }
  StoreSubscaleInput subscale = {.key = "a", .name_da = "Del A", .name_en = "Part A",
                                 .scoring = {.method = "sum", .min_answered = 2, .factor = 1,
                                             .rho = 0.3},
                                 .higher_is_better = TRUE};
  g_autofree char *definition = g_strdup_printf("{\"id\": \"%s\", \"version\": %" G_GINT64_FORMAT
                                                "}", key, version);
  StoreInstrumentInput in = {
    .key = key, .version = version, .name_da = "Prøveskema", .name_en = "Test form",
    .kind = "questionnaire", .source = "import", .higher_is_better = higher_is_better,
    .scale_min = 0, .scale_max = 4, .has_total = TRUE,
    .total = {.method = "mean", .min_answered = 1, .factor = 1, .rho = 0.3},
    .definition = definition, .scales = &scale, .n_scales = 1, .items = items,
    .n_items = n_items, .subscales = &subscale, .n_subscales = 1,
  };
  return store_instrument_insert(db, &in, error);
}

static gint64
insert_instrument(Fixture *f, const char *key, gint64 version, guint n_items,
                  gboolean higher_is_better)
{
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 id = insert_instrument_tx(f->db, key, version, n_items, higher_is_better, &error);
  g_assert_no_error(error);
  commit(f);
  g_assert_cmpint(id, >, 0);
  return id;
}

static void
test_instruments(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  gint64 id = insert_instrument(f, "proeve", 1, 7, FALSE);
  g_assert_cmpint(count_rows(f->db, "instrument"), ==, 1);
  g_assert_cmpint(count_rows(f->db, "instrument_item"), ==, 7);
  g_assert_cmpint(count_rows(f->db, "instrument_scale"), ==, 1);
  g_assert_cmpint(count_rows(f->db, "instrument_scale_value"), ==, 6);
  g_assert_cmpint(count_rows(f->db, "instrument_subscale"), ==, 1);

  /* The same key and version again is a conflict and writes nothing. */
  begin(f);
  g_assert_cmpint(insert_instrument_tx(f->db, "proeve", 1, 3, FALSE, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  commit(f);
  g_assert_cmpint(count_rows(f->db, "instrument"), ==, 1);
  g_assert_cmpint(count_rows(f->db, "instrument_item"), ==, 7);

  /* An incomplete input is refused before anything is written. */
  StoreInstrumentInput empty = {.key = "tom", .version = 1};
  begin(f);
  g_assert_cmpint(store_instrument_insert(f->db, &empty, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  g_clear_error(&error);
  commit(f);

  json_t *inst = store_instrument_get(f->db, id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_string_value(json_object_get(inst, "key")), ==, "proeve");
  g_assert_cmpint(json_integer_value(json_object_get(inst, "version")), ==, 1);
  g_assert_cmpstr(json_string_value(json_object_get(inst, "name_da")), ==, "Prøveskema");
  g_assert_cmpstr(json_string_value(json_object_get(inst, "name_en")), ==, "Test form");
  g_assert_cmpstr(json_string_value(json_object_get(inst, "kind")), ==, "questionnaire");
  g_assert_cmpstr(json_string_value(json_object_get(inst, "source")), ==, "import");
  g_assert_cmpint(json_integer_value(json_object_get(inst, "scale_min")), ==, 0);
  g_assert_cmpint(json_integer_value(json_object_get(inst, "scale_max")), ==, 4);
  g_assert_true(json_is_false(json_object_get(inst, "higher_is_better")));
  g_assert_null(json_object_get(inst, "definition"));

  json_t *items = json_object_get(inst, "items");
  g_assert_cmpuint(json_array_size(items), ==, 7);
  json_t *it0 = json_array_get(items, 0), *it2 = json_array_get(items, 2);
  json_t *it6 = json_array_get(items, 6);
  g_assert_cmpint(json_integer_value(json_object_get(it0, "position")), ==, 1);
  g_assert_cmpstr(json_string_value(json_object_get(it0, "key")), ==, "item1");
  g_assert_cmpstr(json_string_value(json_object_get(it0, "text_da")), ==, "Spørgsmål 1");
  g_assert_cmpstr(json_string_value(json_object_get(it0, "text_en")), ==, "Spørgsmål 1");
  g_assert_cmpstr(json_string_value(json_object_get(it0, "scale_key")), ==, "s");
  g_assert_cmpstr(json_string_value(json_object_get(it0, "subscale_key")), ==, "a");
  g_assert_true(json_is_null(json_object_get(it6, "subscale_key")));
  g_assert_true(json_is_true(json_object_get(it2, "reverse")));
  g_assert_true(json_is_false(json_object_get(it0, "reverse")));
  g_assert_cmpfloat(json_number_value(json_object_get(json_array_get(items, 1), "weight")), ==,
                    2.5);
  g_assert_cmpint(json_integer_value(json_object_get(it6, "position")), ==, 7);
  g_assert_cmpint(json_integer_value(json_object_get(it0, "id")), >, 0);

  json_t *scale = json_object_get(inst, "scale");
  g_assert_cmpuint(json_array_size(scale), ==, 6);
  for (int v = 0; v < 5; v++) {
    json_t *step = json_array_get(scale, (size_t)v);
    g_assert_cmpint(json_integer_value(json_object_get(step, "value")), ==, v);
    g_assert_cmpfloat(json_number_value(json_object_get(step, "score")), ==, v);
    g_assert_true(json_is_false(json_object_get(step, "excluded")));
  }
  json_t *excluded = json_array_get(scale, 5);
  g_assert_cmpint(json_integer_value(json_object_get(excluded, "value")), ==, 9);
  g_assert_true(json_is_null(json_object_get(excluded, "score")));
  g_assert_true(json_is_true(json_object_get(excluded, "excluded")));
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(scale, 0), "label_en")), ==,
                  "L0");

  /* The definition is kept whole. */
  g_autofree char *text = store_instrument_definition(f->db, id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(text, ==, "{\"id\": \"proeve\", \"version\": 1}");
  g_assert_null(store_instrument_definition(f->db, 999999, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  /* A second version; list and get_by_key show the newest. */
  gint64 id2 = insert_instrument(f, "proeve", 2, 6, TRUE);
  g_assert_cmpint(id2, !=, id);
  insert_instrument(f, "andet", 1, 2, TRUE);
  json_t *list = store_instrument_list(f->db, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(list), ==, 2);
  json_t *l1 = json_array_get(list, 1);
  g_assert_cmpstr(json_string_value(json_object_get(l1, "key")), ==, "proeve");
  g_assert_cmpint(json_integer_value(json_object_get(l1, "id")), ==, id2);
  g_assert_cmpint(json_integer_value(json_object_get(l1, "version")), ==, 2);
  g_assert_cmpint(json_integer_value(json_object_get(l1, "versions")), ==, 2);
  g_assert_cmpint(json_integer_value(json_object_get(l1, "measurements")), ==, 0);
  g_assert_true(json_is_true(json_object_get(l1, "higher_is_better")));
  json_decref(list);
  json_t *versions = store_instrument_versions(f->db, "proeve", &error);
  g_assert_cmpuint(json_array_size(versions), ==, 2);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(versions, 0), "version")),
                  ==, 2);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(versions, 1), "id")), ==,
                  id);
  json_decref(versions);
  versions = store_instrument_versions(f->db, "ukendt", &error);
  g_assert_cmpuint(json_array_size(versions), ==, 0);
  json_decref(versions);

  gint64 found = 0;
  g_assert_true(store_instrument_find(f->db, "proeve", 0, &found, &error));
  g_assert_cmpint(found, ==, id2);
  g_assert_true(store_instrument_find(f->db, "proeve", 1, &found, &error));
  g_assert_cmpint(found, ==, id);
  g_assert_false(store_instrument_find(f->db, "proeve", 3, &found, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_true(store_instrument_find_by_source(f->db, "proeve", "import", &found, &error));
  g_assert_cmpint(found, ==, id2);
  g_assert_false(store_instrument_find_by_source(f->db, "proeve", "builtin", &found, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  gint64 uses = -1;
  g_assert_true(store_instrument_measurement_count(f->db, id, &uses, &error));
  g_assert_cmpint(uses, ==, 0);

  json_t *by_key = store_instrument_get_by_key(f->db, "proeve", &error);
  g_assert_no_error(error);
  g_assert_cmpint(json_integer_value(json_object_get(by_key, "id")), ==, id2);
  g_assert_cmpuint(json_array_size(json_object_get(by_key, "items")), ==, 6);
  json_decref(by_key);
  g_assert_null(store_instrument_get_by_key(f->db, "ukendt", &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_null(store_instrument_get(f->db, 999999, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  /* Read models are copies: changing one does not change the next. */
  json_t *mine = store_instrument_get(f->db, id, &error);
  json_object_set_new(mine, "name_da", json_string("ændret"));
  json_array_clear(json_object_get(mine, "items"));
  json_decref(mine);
  mine = store_instrument_get(f->db, id, &error);
  g_assert_cmpstr(json_string_value(json_object_get(mine, "name_da")), ==, "Prøveskema");
  g_assert_cmpuint(json_array_size(json_object_get(mine, "items")), ==, 7);
  json_decref(mine);

  /* A version read inside a write transaction that is rolled back is not
   * remembered, though on SQLite its id comes back for the next one
   * (PostgreSQL never hands out an id twice). */
  begin(f);
  gint64 ghost_id = insert_instrument_tx(f->db, "spoegelse", 1, 2, TRUE, &error);
  g_assert_no_error(error);
  mine = store_instrument_get(f->db, ghost_id, &error);
  g_assert_cmpstr(json_string_value(json_object_get(mine, "key")), ==, "spoegelse");
  json_decref(mine);
  store_rollback(f->db);
  gint64 real_id = insert_instrument(f, "virkelig", 1, 2, TRUE);
  if (test_db_pg()) {
    g_assert_cmpint(real_id, >, ghost_id);
    g_assert_null(store_instrument_get(f->db, ghost_id, &error));
    g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
    g_clear_error(&error);
  } else {
    g_assert_cmpint(real_id, ==, ghost_id);
  }
  mine = store_instrument_get(f->db, real_id, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_string_value(json_object_get(mine, "key")), ==, "virkelig");
  json_decref(mine);
  json_decref(inst);
}

/* A version stored before its derived rows existed gets them added. */
static void
test_instrument_complete(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 old = store_insert(f->db,
                            "INSERT INTO instrument (key, version, name_da, name_en, kind,"
                            " scale_min, scale_max, higher_is_better, definition, created_at) "
                            "VALUES ('gammel', 1, 'Gammel', 'Old', 'questionnaire', 0, 4, 0,"
                            " '{}', '2026-01-01T00:00:00Z') RETURNING id",
                            STORE_NO_PARAMS, &error);
  g_assert_true(store_exec(f->db,
                           "INSERT INTO instrument_item (instrument_id, position, key, text_da,"
                           " text_en) VALUES (?, 1, 'item1', 'En', 'One'),"
                           " (?, 2, 'item2', 'To', 'Two')",
                           STORE_PARAMS(P_INT(old), P_INT(old)), &error));
  g_assert_no_error(error);
  commit(f);
  json_t *incomplete = store_instrument_list_incomplete(f->db, &error);
  g_assert_cmpuint(json_array_size(incomplete), ==, 1);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(incomplete, 0), "id")), ==,
                  old);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(incomplete, 0),
                                                    "definition")), ==, "{}");
  json_decref(incomplete);

  StoreScaleValueInput values[] = {{.value = 0, .label_da = "Nul", .score = 0},
                                   {.value = 4, .label_da = "Fire", .score = 4}};
  StoreScaleInput scale = {.key = "s", .score_min = 0, .score_max = 4, .values = values,
                           .n_values = 2};
  StoreItemInput items[] = {{.key = "item1", .text_da = "En", .scale_key = "s", .weight = 1},
                            {.key = "item2", .text_da = "To", .scale_key = "s", .reverse = TRUE,
                             .weight = 3}};
  StoreInstrumentInput in = {.key = "gammel", .version = 1, .name_da = "Gammel",
                             .kind = "questionnaire", .source = "builtin", .definition = "{}",
                             .scale_min = 0, .scale_max = 4, .has_total = TRUE,
                             .total = {.method = "mean", .min_answered = 2, .factor = 1},
                             .scales = &scale, .n_scales = 1, .items = items, .n_items = 2};
  begin(f);
  g_assert_true(store_instrument_complete(f->db, old, &in, &error));
  g_assert_no_error(error);
  commit(f);
  incomplete = store_instrument_list_incomplete(f->db, &error);
  g_assert_cmpuint(json_array_size(incomplete), ==, 0);
  json_decref(incomplete);
  json_t *inst = store_instrument_get(f->db, old, &error);
  g_assert_cmpstr(json_string_value(json_object_get(inst, "source")), ==, "import");
  json_t *item2 = json_array_get(json_object_get(inst, "items"), 1);
  g_assert_cmpstr(json_string_value(json_object_get(item2, "scale_key")), ==, "s");
  g_assert_true(json_is_true(json_object_get(item2, "reverse")));
  g_assert_cmpfloat(json_number_value(json_object_get(item2, "weight")), ==, 3);
  g_assert_cmpstr(json_string_value(json_object_get(item2, "text_en")), ==, "Two");
  g_assert_cmpuint(json_array_size(json_object_get(inst, "scale")), ==, 2);
  json_decref(inst);
  json_t *row = store_query_row(f->db,
                                "SELECT total_method, total_min_answered FROM instrument "
                                "WHERE id = ?", STORE_PARAMS(P_INT(old)), NULL, &error);
  g_assert_cmpstr(json_string_value(json_object_get(row, "total_method")), ==, "mean");
  g_assert_cmpint(json_integer_value(json_object_get(row, "total_min_answered")), ==, 2);
  json_decref(row);
}

/* ---- Measurements ---------------------------------------------------------------------- */

static gboolean
collect_answer(gint64 measurement_id, gint64 item_id, gboolean has_value, gint64 value,
               void *data)
{
  GString *out = data;
  g_string_append_printf(out, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "=", measurement_id,
                         item_id);
  if (has_value)
    g_string_append_printf(out, "%" G_GINT64_FORMAT ";", value);
  else
    g_string_append(out, "-;");
  return TRUE;
}

static gboolean
stop_after_one(gint64 measurement_id, gint64 item_id, gboolean has_value, gint64 value,
               void *data)
{
  (void)measurement_id, (void)item_id, (void)has_value, (void)value;
  g_string_append_c(data, 'x');
  return FALSE;
}

static void
test_measurements(Fixture *f, gconstpointer data)
{
  (void)data;
  World w;
  build_world(f, &w);
  g_autoptr(GError) error = NULL;
  gint64 instrument_id = insert_instrument(f, "proeve", 1, 7, FALSE);
  gint64 other_instrument = insert_instrument(f, "proeve", 2, 7, FALSE);
  json_t *inst = store_instrument_get(f->db, instrument_id, &error);
  json_t *other = store_instrument_get(f->db, other_instrument, &error);
  g_assert_no_error(error);
  gint64 item[7], foreign_item;
  for (int i = 0; i < 7; i++)
    item[i] = json_integer_value(
      json_object_get(json_array_get(json_object_get(inst, "items"), (size_t)i), "id"));
  foreign_item = json_integer_value(
    json_object_get(json_array_get(json_object_get(other, "items"), 0), "id"));
  json_decref(inst);
  json_decref(other);

  begin(f);
  StoreCourseInput course = {.citizen_id = w.c_1a, .intervention_id = w.iv_1,
                             .started_on = "2025-01-01"};
  gint64 course_1a = store_course_create(f->db, &course, &error);
  course.citizen_id = w.c_3a;
  course.intervention_id = w.iv_3;
  gint64 course_3a = store_course_create(f->db, &course, &error);
  g_assert_no_error(error);

  /* Answers given out of item order; one left unanswered with a comment. */
  StoreAnswerInput answers[] = {
    {.item_id = item[2], .has_value = TRUE, .value = 9}, /* excluded: "not relevant" */
    {.item_id = item[0], .has_value = TRUE, .value = 1, .comment = "Bedre end sidst"},
    {.item_id = item[1], .has_value = FALSE, .comment = "Ikke vurderet"},
  };
  StoreMeasurementInput later = {
    .citizen_id = w.c_1a, .course_id = course_1a, .instrument_id = instrument_id,
    .measured_on = "2025-06-01", .point = "follow_up", .respondent = "staff",
    .collection_method = "dialogue_interview", .status = "approved", .comment = "Opfølgning",
    .has_score = TRUE, .score = 2.0, .answers = answers, .n_answers = G_N_ELEMENTS(answers),
  };
  gint64 m_later = store_measurement_create(f->db, w.staff_1a, &later, &error);
  g_assert_no_error(error);
  StoreAnswerInput first_answers[] = {{.item_id = item[6], .has_value = TRUE, .value = 4}};
  StoreMeasurementInput earlier = {
    .citizen_id = w.c_1a, .instrument_id = instrument_id, .measured_on = "2025-01-15",
    .point = "start", .respondent = "citizen", .collection_method = "self_report",
    .status = "draft", .answers = first_answers, .n_answers = 1,
  };
  gint64 m_earlier = store_measurement_create(f->db, w.leader_1, &earlier, &error);
  g_assert_no_error(error);
  g_assert_cmpint(m_earlier, >, m_later);
  commit(f);
  gint64 measurements = count_rows(f->db, "measurement");
  gint64 answers_stored = count_rows(f->db, "measurement_answer");
  g_assert_cmpint(measurements, ==, 2);
  g_assert_cmpint(answers_stored, ==, 4);

  /* Refusals write nothing. */
  begin(f);
  StoreMeasurementInput bad = later;
  bad.citizen_id = w.c_3a; /* invisible to staff_1a */
  bad.course_id = 0;
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_cmpint(store_measurement_create(f->db, w.analyst, &later, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  bad = later;
  bad.course_id = course_3a; /* another citizen's course */
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  bad.course_id = 999999;
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  StoreAnswerInput foreign[] = {{.item_id = item[0], .has_value = TRUE, .value = 1},
                                {.item_id = foreign_item, .has_value = TRUE, .value = 1}};
  bad = later;
  bad.answers = foreign;
  bad.n_answers = G_N_ELEMENTS(foreign);
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  StoreAnswerInput twice[] = {{.item_id = item[0], .has_value = TRUE, .value = 1},
                              {.item_id = item[0], .has_value = TRUE, .value = 2}};
  bad.answers = twice;
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  StoreAnswerInput out_of_scale[] = {{.item_id = item[0], .has_value = TRUE, .value = 5}};
  bad.answers = out_of_scale;
  bad.n_answers = 1;
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  bad = later;
  bad.point = "midtvejs";
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  bad = later;
  bad.measured_on = NULL;
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  bad = later;
  bad.instrument_id = 999999;
  g_assert_cmpint(store_measurement_create(f->db, w.staff_1a, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  commit(f);
  g_assert_cmpint(count_rows(f->db, "measurement"), ==, measurements);
  g_assert_cmpint(count_rows(f->db, "measurement_answer"), ==, answers_stored);

  /* The caseworker sees the approved measurement only: a draft is the
   * care team's until approved. */
  json_t *list = store_measurement_list(f->db, w.authority, w.c_1a, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(list), ==, 1);
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(list, 0), "id")), ==, m_later);
  json_decref(list);

  /* Read back: oldest first, answers by item position. */
  list = store_measurement_list(f->db, w.staff_1a, w.c_1a, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(list), ==, 2);
  json_t *m0 = json_array_get(list, 0), *m1 = json_array_get(list, 1);
  g_assert_cmpint(json_integer_value(json_object_get(m0, "id")), ==, m_earlier);
  g_assert_cmpint(json_integer_value(json_object_get(m1, "id")), ==, m_later);
  g_assert_cmpstr(json_string_value(json_object_get(m0, "measured_on")), ==, "2025-01-15");
  g_assert_true(json_is_null(json_object_get(m0, "course_id")));
  g_assert_true(json_is_null(json_object_get(m0, "score")));
  g_assert_true(json_is_null(json_object_get(m0, "comment")));
  g_assert_cmpstr(json_string_value(json_object_get(m0, "status")), ==, "draft");
  g_assert_cmpstr(json_string_value(json_object_get(m0, "rater_name")), ==, "leader1");
  g_assert_cmpstr(json_string_value(json_object_get(m0, "instrument_key")), ==, "proeve");
  g_assert_cmpint(json_integer_value(json_object_get(m0, "instrument_version")), ==, 1);
  g_assert_cmpuint(json_array_size(json_object_get(m0, "answers")), ==, 1);

  g_assert_cmpint(json_integer_value(json_object_get(m1, "course_id")), ==, course_1a);
  g_assert_cmpint(json_integer_value(json_object_get(m1, "instrument_id")), ==, instrument_id);
  g_assert_cmpfloat(json_real_value(json_object_get(m1, "score")), ==, 2.0);
  g_assert_cmpstr(json_string_value(json_object_get(m1, "point")), ==, "follow_up");
  g_assert_cmpstr(json_string_value(json_object_get(m1, "respondent")), ==, "staff");
  g_assert_cmpstr(json_string_value(json_object_get(m1, "collection_method")), ==,
                  "dialogue_interview");
  g_assert_cmpstr(json_string_value(json_object_get(m1, "comment")), ==, "Opfølgning");
  g_assert_cmpstr(json_string_value(json_object_get(m1, "rater_name")), ==, "staff1a");
  g_assert_cmpstr(json_string_value(json_object_get(m1, "instrument_name_en")), ==,
                  "Test form");
  json_t *ans = json_object_get(m1, "answers");
  g_assert_cmpuint(json_array_size(ans), ==, 3);
  const gint64 expect_item[] = {item[0], item[1], item[2]};
  for (int i = 0; i < 3; i++) {
    json_t *a = json_array_get(ans, (size_t)i);
    g_assert_cmpint(json_integer_value(json_object_get(a, "item_id")), ==, expect_item[i]);
    g_assert_cmpint(json_integer_value(json_object_get(a, "position")), ==, i + 1);
    g_assert_null(json_object_get(a, "measurement_id"));
  }
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(ans, 0), "item_key")), ==,
                  "item1");
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(ans, 0), "value")), ==, 1);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(ans, 0), "comment")), ==,
                  "Bedre end sidst");
  g_assert_true(json_is_null(json_object_get(json_array_get(ans, 1), "value")));
  g_assert_cmpint(json_integer_value(json_object_get(json_array_get(ans, 2), "value")), ==, 9);
  json_decref(list);

  /* The citizen list shows the last measurement date. */
  StoreCitizenFilter filter = {.search = "anna"};
  list = store_citizen_list(f->db, w.staff_1a, &filter, &error);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(list, 0), "last_measured_on")),
                  ==, "2025-06-01");
  json_decref(list);

  g_assert_null(store_measurement_list(f->db, w.staff_1b, w.c_1a, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  list = store_measurement_list(f->db, w.staff_3a, w.c_3a, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(list), ==, 0);
  json_decref(list);

  /* Every answer of the version, grouped by measurement; the walk stops
   * when asked to. */
  GString *walk = g_string_new(NULL);
  g_assert_true(store_measurement_answers_foreach(f->db, instrument_id, collect_answer, walk,
                                                  &error));
  g_assert_no_error(error);
  g_autofree char *expected = g_strdup_printf(
    "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "=-;%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "=1;"
    "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "=9;%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "=4;",
    m_later, item[1], m_later, item[0], m_later, item[2], m_earlier, item[6]);
  /* Within a measurement the order is the store's; compare sorted parts. */
  g_auto(GStrv) got = g_strsplit(walk->str, ";", -1);
  g_auto(GStrv) want = g_strsplit(expected, ";", -1);
  g_assert_cmpuint(g_strv_length(got), ==, g_strv_length(want));
  for (guint k = 0; want[k] != NULL; k++)
    g_assert_true(g_strv_contains((const char *const *)got, want[k]));
  /* m_earlier has the higher id, so its one answer comes last. */
  g_assert_true(g_str_has_suffix(walk->str, "=4;"));
  g_string_truncate(walk, 0);
  g_assert_true(store_measurement_answers_foreach(f->db, instrument_id, stop_after_one, walk,
                                                  &error));
  g_assert_cmpuint(walk->len, ==, 1);
  g_string_free(walk, TRUE);
}

/* ---- Audit --------------------------------------------------------------------------- */

static void
test_audit(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 org = store_organisation_create(f->db, "K", "municipality", &error);
  gint64 user = add_user(f, "mette", SPOR_ROLE_ADMIN, SPOR_SCOPE_ORGANISATION, org, 0);
  g_assert_true(store_audit_append(f->db, 0, 0, "demo.generate", "citizens=10", "cli", &error));
  g_assert_true(store_audit_append(f->db, user, 0, "login", NULL, "127.0.0.1", &error));
  g_assert_true(store_audit_append(f->db, user, 0, "user.add", "jonas", NULL, &error));
  g_assert_no_error(error);
  g_assert_false(store_audit_append(f->db, user, 0, NULL, NULL, NULL, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  g_clear_error(&error);
  commit(f);

  json_t *log = store_audit_list(f->db, 0, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(log), ==, 3);
  json_t *newest = json_array_get(log, 0), *oldest = json_array_get(log, 2);
  g_assert_cmpstr(json_string_value(json_object_get(newest, "action")), ==, "user.add");
  g_assert_cmpstr(json_string_value(json_object_get(newest, "username")), ==, "mette");
  g_assert_cmpint(json_integer_value(json_object_get(newest, "user_id")), ==, user);
  g_assert_true(json_is_null(json_object_get(newest, "address")));
  g_assert_true(json_is_null(json_object_get(newest, "citizen_id")));
  g_assert_cmpstr(json_string_value(json_object_get(oldest, "action")), ==, "demo.generate");
  g_assert_true(json_is_null(json_object_get(oldest, "user_id")));
  g_assert_true(json_is_null(json_object_get(oldest, "username")));
  g_assert_cmpstr(json_string_value(json_object_get(oldest, "detail")), ==, "citizens=10");
  const char *at = json_string_value(json_object_get(oldest, "at"));
  g_assert_cmpuint(strlen(at), ==, strlen("2026-11-22T15:03:00Z"));
  g_assert_true(g_str_has_suffix(at, "Z"));
  json_decref(log);
  log = store_audit_list(f->db, 2, &error);
  g_assert_cmpuint(json_array_size(log), ==, 2);
  json_decref(log);
}

static gboolean
chain_ok(Fixture *f, GString *report)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;
  g_string_truncate(report, 0);
  g_assert_true(store_audit_verify(f->db, report, &ok, &error));
  g_assert_no_error(error);
  return ok;
}

/* A batch larger than one INSERT holds (an import's) chains line by line,
 * in order, with the lines before and after it. */
static void
test_audit_large_batch(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new(NULL);
  begin(f);
  g_assert_true(store_audit_append(f->db, 0, 0, "before", NULL, NULL, &error));
  StoreAuditEntry batch[250];
  for (guint i = 0; i < G_N_ELEMENTS(batch); i++)
    batch[i] = (StoreAuditEntry){0, 0, i % 2 ? "odd" : "even", i % 3 ? "import" : NULL, "cli"};
  g_assert_true(store_audit_append_many(f->db, batch, G_N_ELEMENTS(batch), &error));
  g_assert_true(store_audit_append(f->db, 0, 0, "after", NULL, NULL, &error));
  g_assert_no_error(error);
  commit(f);
  g_assert_true(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "252 linjer i ubrudt kæde"));
  g_assert_cmpint(count_rows(f->db, "audit_log"), ==, 252);
  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  gint64 odd = 0, last = 0;
  g_assert_true(store_query_int(f->db, "SELECT COUNT(*) FROM audit_log WHERE action = 'odd'",
                                STORE_NO_PARAMS, &odd, &error));
  g_assert_true(store_query_int(f->db, "SELECT seq FROM audit_log WHERE action = 'after'",
                                STORE_NO_PARAMS, &last, &error));
  store_rollback(f->db);
  g_assert_cmpint(odd, ==, 125);
  g_assert_cmpint(last, ==, 252);
}

/* The chain finds a changed line, a removed line, a line removed from the
 * end; retention keeps the rest verifiable; old lines join the chain. */
static void
test_audit_chain(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new(NULL);
  begin(f);
  StoreAuditEntry batch[] = {
    {0, 0, "a.one", "x", "cli"},
    {0, 0, "a.two", "line\nbreak;3:abc;", NULL},
    {0, 0, "a.three", NULL, "127.0.0.1"},
    {0, 0, "a.four", "", ""},
  };
  g_assert_true(store_audit_append_many(f->db, batch, G_N_ELEMENTS(batch), &error));
  g_assert_true(store_audit_append(f->db, 0, 0, "a.five", NULL, NULL, &error));
  commit(f);
  g_assert_true(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "5 linjer i ubrudt kæde"));

  /* A changed detail is found at its line. */
  g_assert_true(store_exec(f->db, "UPDATE audit_log SET detail = 'y' WHERE seq = 1",
                           STORE_NO_PARAMS, &error));
  g_assert_false(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "linje 1 er ændret"));
  g_assert_true(store_exec(f->db, "UPDATE audit_log SET detail = 'x' WHERE seq = 1",
                           STORE_NO_PARAMS, &error));
  g_assert_true(chain_ok(f, report));
  /* An empty text is not a missing one. */
  g_assert_true(store_exec(f->db, "UPDATE audit_log SET address = NULL WHERE seq = 4",
                           STORE_NO_PARAMS, &error));
  g_assert_false(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "linje 4 er ændret"));
  g_assert_true(store_exec(f->db, "UPDATE audit_log SET address = '' WHERE seq = 4",
                           STORE_NO_PARAMS, &error));

  /* A line taken out of the middle, and one taken off the end. */
  json_t *saved = store_query_row(f->db, "SELECT * FROM audit_log WHERE seq = 3",
                                  STORE_NO_PARAMS, NULL, &error);
  g_assert_true(store_exec(f->db, "DELETE FROM audit_log WHERE seq = 3", STORE_NO_PARAMS,
                           &error));
  g_assert_false(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "linje 3 mangler"));
  g_assert_true(store_exec(f->db, "INSERT INTO audit_log (id, seq, hash, at, user_id, citizen_id,"
                                  " action, detail, address) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?)",
                           STORE_PARAMS(P_INT(json_integer_value(json_object_get(saved, "id"))),
                                        P_INT(3),
                                        P_TEXT(json_string_value(json_object_get(saved, "hash"))),
                                        P_TEXT(json_string_value(json_object_get(saved, "at"))),
                                        P_TEXT("a.three"), P_NULL, P_TEXT("127.0.0.1")),
                           &error));
  g_assert_no_error(error);
  json_decref(saved);
  g_assert_true(chain_ok(f, report));
  g_assert_true(store_exec(f->db, "DELETE FROM audit_log WHERE seq = 5", STORE_NO_PARAMS,
                           &error));
  g_assert_false(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "linjer fjernet fra enden"));

  /* Lines from before the chain (no seq) are put into it by migrate. */
  g_assert_true(store_exec(f->db, "UPDATE audit_head SET last_seq = 4, last_hash = "
                                  "(SELECT hash FROM audit_log WHERE seq = 4) WHERE id = 1",
                           STORE_NO_PARAMS, &error));
  g_assert_true(chain_ok(f, report));
  g_assert_true(store_exec(f->db, "INSERT INTO audit_log (at, action) VALUES "
                                  "('2020-01-01T00:00:00Z', 'old.one'), "
                                  "('2020-01-02T00:00:00Z', 'old.two')",
                           STORE_NO_PARAMS, &error));
  g_assert_false(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "ikke i kæden"));
  guint chained = 0;
  begin(f);
  g_assert_true(store_audit_chain_legacy(f->db, &chained, &error));
  commit(f);
  g_assert_cmpuint(chained, ==, 2);
  g_assert_true(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "6 linjer"));

  /* Retention cuts a prefix only: the first line is from today, so a cut
   * at 2021 removes nothing although two later lines are older. */
  gint64 n = -1;
  begin(f);
  g_assert_true(store_audit_prune(f->db, "2021-01-01", TRUE, &n, &error));
  g_assert_cmpint(n, ==, 0);
  /* Everything before a far date goes; the anchor moves, new lines
   * continue the chain and it still verifies. */
  g_assert_true(store_audit_prune(f->db, "2999-01-01", TRUE, &n, &error));
  g_assert_cmpint(n, ==, 6);
  g_assert_cmpint(count_rows(f->db, "audit_log"), ==, 6);
  g_assert_true(store_audit_prune(f->db, "2999-01-01", FALSE, &n, &error));
  g_assert_cmpint(n, ==, 6);
  g_assert_true(store_audit_append(f->db, 0, 0, "audit.prune", "6", "cli", &error));
  commit(f);
  g_assert_no_error(error);
  g_assert_cmpint(count_rows(f->db, "audit_log"), ==, 1);
  g_assert_true(chain_ok(f, report));
  g_assert_nonnull(strstr(report->str, "1 linjer"));
  begin(f);
  g_assert_false(store_audit_prune(f->db, "01-01-2021", FALSE, &n, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  store_rollback(f->db);
}

/* A leader finds the lines about their citizens and their staff's logins,
 * not those of another organisation. */
static void
test_audit_search(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 org = store_organisation_create(f->db, "K", "municipality", &error);
  gint64 offer = store_offer_create(f->db, org, "Tilbud", "residential_offer", &error);
  gint64 unit = store_unit_create(f->db, offer, "Hus", &error);
  gint64 other_org = store_organisation_create(f->db, "L", "private", &error);
  gint64 other_offer = store_offer_create(f->db, other_org, "Andet", "residential_offer", &error);
  gint64 other_unit = store_unit_create(f->db, other_offer, "Hus", &error);
  g_assert_no_error(error);
  gint64 leader = add_user(f, "leder", SPOR_ROLE_LEADER, SPOR_SCOPE_OFFER, offer, 0);
  gint64 staff = add_user(f, "mette", SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, unit, 0);
  gint64 stranger = add_user(f, "fremmed", SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, other_unit, 0);
  gint64 ours = add_citizen(f, staff, unit, "Ane", "A");
  gint64 theirs = add_citizen(f, stranger, other_unit, "Bo", "B");
  g_assert_true(store_audit_append(f->db, staff, 0, "login", NULL, "1.1.1.1", &error));
  g_assert_true(store_audit_append(f->db, staff, ours, "citizen.read", NULL, "1.1.1.1", &error));
  g_assert_true(store_audit_append(f->db, stranger, 0, "login", NULL, "2.2.2.2", &error));
  g_assert_true(store_audit_append(f->db, stranger, theirs, "citizen.read", NULL, "2.2.2.2",
                                   &error));
  commit(f);

  StoreAuditFilter all = {0};
  json_t *found = store_audit_search(f->db, leader, &all, &error);
  g_assert_no_error(error);
  g_assert_cmpint(json_integer_value(json_object_get(found, "total")), ==, 2);
  json_t *entries = json_object_get(found, "entries");
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(entries, 0), "action")), ==,
                  "citizen.read");
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(entries, 0),
                                                    "citizen_first_name")), ==, "Ane");
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(entries, 1), "username")), ==,
                  "mette");
  json_decref(found);

  StoreAuditFilter about = {.citizen_id = theirs};
  found = store_audit_search(f->db, leader, &about, &error);
  g_assert_cmpint(json_integer_value(json_object_get(found, "total")), ==, 0);
  json_decref(found);
  StoreAuditFilter by = {.username = "mette", .limit = 1};
  found = store_audit_search(f->db, leader, &by, &error);
  g_assert_cmpint(json_integer_value(json_object_get(found, "total")), ==, 2);
  g_assert_cmpuint(json_array_size(json_object_get(found, "entries")), ==, 1);
  json_decref(found);
  StoreAuditFilter later = {.from = "2999-01-01"};
  found = store_audit_search(f->db, leader, &later, &error);
  g_assert_cmpint(json_integer_value(json_object_get(found, "total")), ==, 0);
  json_decref(found);
  /* The stranger sees their own side only. */
  found = store_audit_search(f->db, stranger, &all, &error);
  g_assert_cmpint(json_integer_value(json_object_get(found, "total")), ==, 2);
  json_decref(found);
}

/* ---- Pool and contention ---------------------------------------------------------------- */

typedef struct {
  StorePool *pool;
  int rounds;
  gint failures;
} PoolRun;

static gpointer
pool_worker(gpointer data)
{
  PoolRun *run = data;
  for (int i = 0; i < run->rounds; i++) {
    StoreDb *db = store_pool_acquire(run->pool);
    GError *error = NULL;
    gboolean ok = store_begin(db, STORE_TX_WRITE, &error) &&
                  store_audit_append(db, 0, 0, "pool", NULL, NULL, &error) &&
                  store_commit(db, &error);
    if (!ok) {
      g_atomic_int_inc(&run->failures);
      g_printerr("pool worker: %s\n", error ? error->message : "?");
      g_clear_error(&error);
    }
    /* Every fourth round leaves a transaction open: release rolls it back. */
    if (i % 4 == 3 && store_begin(db, STORE_TX_WRITE, NULL))
      store_audit_append(db, 0, 0, "abandoned", NULL, NULL, NULL);
    store_pool_release(run->pool, db);
  }
  return NULL;
}

typedef struct {
  StorePool *pool;
  StoreDb *got;
  gint done;
} Waiter;

static gpointer
pool_waiter(gpointer data)
{
  Waiter *w = data;
  w->got = store_pool_acquire(w->pool);
  g_atomic_int_set(&w->done, 1);
  return NULL;
}

static void
test_pool(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_null(store_pool_new(f->url, 0, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  g_clear_error(&error);
  g_assert_null(store_pool_new("nosuch:x", 2, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_URL);
  g_clear_error(&error);

  StorePool *pool = store_pool_new(f->url, 2, &error);
  g_assert_no_error(error);
  PoolRun run = {.pool = pool, .rounds = 40};
  GThread *threads[4];
  for (guint i = 0; i < G_N_ELEMENTS(threads); i++)
    threads[i] = g_thread_new("pool", pool_worker, &run);
  for (guint i = 0; i < G_N_ELEMENTS(threads); i++)
    g_thread_join(threads[i]);
  g_assert_cmpint(run.failures, ==, 0);
  g_assert_cmpint(count_rows(f->db, "audit_log"), ==, 4 * 40);

  /* Acquire blocks while both are borrowed. */
  StoreDb *a = store_pool_acquire(pool);
  StoreDb *b = store_pool_acquire(pool);
  g_assert_true(a != b);
  Waiter waiter = {.pool = pool};
  GThread *t = g_thread_new("waiter", pool_waiter, &waiter);
  g_usleep(50 * 1000);
  g_assert_cmpint(g_atomic_int_get(&waiter.done), ==, 0);
  g_assert_true(store_begin(a, STORE_TX_WRITE, &error));
  store_pool_release(pool, a);
  g_thread_join(t);
  g_assert_true(waiter.got == a);
  g_assert_false(store_in_transaction(waiter.got));
  store_pool_release(pool, waiter.got);
  store_pool_release(pool, b);
  store_pool_free(pool);
}

static void
test_busy(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url_b = g_strdup_printf("%s?busy_timeout_ms=50", f->url);
  StoreDb *b = store_open(url_b, &error);
  g_assert_no_error(error);

  begin(f);
  g_assert_cmpint(store_organisation_create(f->db, "Låst", "region", &error), >, 0);
  gint64 start = g_get_monotonic_time();
  g_assert_false(store_begin(b, STORE_TX_WRITE, &error));
  gint64 waited_ms = (g_get_monotonic_time() - start) / 1000;
  g_assert_error(error, STORE_ERROR, STORE_ERROR_BUSY);
  g_assert_cmpstr(error->message, ==, "databasen er optaget (prøv igen)");
  g_clear_error(&error);
  g_assert_cmpint(waited_ms, >=, 40);
  g_assert_cmpint(waited_ms, <, 2000);
  g_assert_false(store_in_transaction(b));

  /* Readers are not blocked by the writer (WAL) and do not see its rows. */
  g_assert_cmpint(count_rows(b, "organisation"), ==, 0);

  store_rollback(f->db);
  g_assert_true(store_begin(b, STORE_TX_WRITE, &error));
  g_assert_no_error(error);
  g_assert_true(store_commit(b, &error));
  g_assert_cmpint(count_rows(b, "organisation"), ==, 0);
  store_close(b);
}

/* Read-only and full databases map to their own codes (provoked with
 * pragmas: the tests may run as root, which file modes do not stop). */
static void
test_error_mapping(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_true(store_exec_script(f->db, "PRAGMA query_only=ON", &error));
  g_assert_cmpint(store_organisation_create(f->db, "Nej", "region", &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_READONLY);
  g_assert_nonnull(strstr(error->message, "skrivebeskyttet"));
  g_clear_error(&error);
  g_assert_true(store_exec_script(f->db, "PRAGMA query_only=OFF", &error));

  gint64 pages = 0;
  g_assert_true(store_query_int(f->db, "PRAGMA page_count", STORE_NO_PARAMS, &pages, &error));
  g_autofree char *limit = g_strdup_printf("PRAGMA max_page_count=%" G_GINT64_FORMAT, pages);
  g_assert_true(store_exec_script(f->db, limit, &error));
  g_autofree char *big = g_strnfill(64 * 1024, 'x');
  begin(f);
  gboolean ok = TRUE;
  for (int i = 0; i < 8 && ok; i++)
    ok = store_audit_append(f->db, 0, 0, "fyld", big, NULL, &error);
  g_assert_false(ok);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FULL);
  g_clear_error(&error);
  store_rollback(f->db);
  g_assert_cmpint(count_rows(f->db, "audit_log"), ==, 0);
}


/* The adapters' one place for dialect words and '?' parameters: nothing
 * inside literals, quoted names or comments is touched. */
static void
test_sql_rewrite(void)
{
  static const char *const map[][2] = {{"REAL", "DOUBLE PRECISION"}};
  int n = -1;
  g_autofree char *out = store_sql_rewrite(
    "SELECT 'a''?' AS q, \"x?\", ? -- ?\n, CAST(? AS real) /* ? REAL */ FROM t_real, 1e5",
    map, G_N_ELEMENTS(map), TRUE, &n);
  g_assert_cmpstr(out, ==,
                  "SELECT 'a''?' AS q, \"x?\", $1 -- ?\n, CAST($2 AS DOUBLE PRECISION)"
                  " /* ? REAL */ FROM t_real, 1e5");
  g_assert_cmpint(n, ==, 2);
  g_autofree char *quoted = store_quote_ident("we\"ird");
  g_assert_cmpstr(quoted, ==, "\"we\"\"ird\"");
}

/* ---- National aggregates -------------------------------------------------------------------- */

/* Records an approved measurement with values for the first items (-1:
 * left unanswered). */
static void
measure(Fixture *f, const gint64 *items, gint64 actor, gint64 citizen, gint64 course,
        gint64 instrument, const char *on, const char *point, const char *respondent,
        const char *status, const int *values, int n)
{
  g_autoptr(GError) error = NULL;
  StoreAnswerInput answers[7];
  for (int i = 0; i < n; i++)
    answers[i] = (StoreAnswerInput){.item_id = items[i], .has_value = values[i] >= 0,
                                    .value = MAX(values[i], 0)};
  StoreMeasurementInput in = {
    .citizen_id = citizen, .course_id = course, .instrument_id = instrument, .measured_on = on,
    .point = point, .respondent = respondent, .collection_method = "dialogue_interview",
    .status = status, .answers = answers, .n_answers = (gsize)n,
  };
  g_assert_cmpint(store_measurement_create(f->db, actor, &in, &error), >, 0);
  g_assert_no_error(error);
}

static json_t *
find_row(json_t *rows, const char *intervention, gint64 item)
{
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const char *name = json_string_value(json_object_get(row, "intervention"));
    if ((intervention == NULL || g_strcmp0(name, intervention) == 0) &&
        json_integer_value(json_object_get(row, "item_id")) == item)
      return row;
  }
  return NULL;
}

static void
assert_sums(json_t *rows, const char *intervention, gint64 item, gint64 n, gint64 start,
            gint64 end, gint64 change, gint64 sq)
{
  json_t *row = find_row(rows, intervention, item);
  g_assert_nonnull(row);
  g_assert_cmpint(json_integer_value(json_object_get(row, "n")), ==, n);
  g_assert_cmpint(json_integer_value(json_object_get(row, "sum_start")), ==, start);
  g_assert_cmpint(json_integer_value(json_object_get(row, "sum_end")), ==, end);
  g_assert_cmpint(json_integer_value(json_object_get(row, "sum_change")), ==, change);
  g_assert_cmpint(json_integer_value(json_object_get(row, "sum_change_sq")), ==, sq);
}

/* The course summary's figures equal the measurements' own, for each
 * aggregate and filter, and its rows are what computing them anew gives. */
static void
assert_summary_agrees(Fixture *f, const World *w, gint64 instrument)
{
  g_autoptr(GError) error = NULL;
  const StoreReportFilter filters[] = {
    {0}, {.organisation_id = w->org_a}, {.organisation_id = w->org_b}, {.offer_id = w->offer_1},
  };
  json_t *(*const reports[])(StoreDb *, gint64, const StoreReportFilter *, GError **) = {
    store_report_change, store_report_development, store_report_attainment};
  for (guint r = 0; r < G_N_ELEMENTS(reports); r++) {
    for (guint i = 0; i < G_N_ELEMENTS(filters); i++) {
      StoreReportFilter live = filters[i];
      live.from_measurements = TRUE;
      json_t *a = reports[r](f->db, instrument, &filters[i], &error);
      g_assert_no_error(error);
      json_t *b = reports[r](f->db, instrument, &live, &error);
      g_assert_no_error(error);
      if (!json_equal(a, b)) {
        g_autofree char *ta = json_dumps(a, JSON_SORT_KEYS), *tb = json_dumps(b, JSON_SORT_KEYS);
        g_error("report %u, filter %u: summary %s, measurements %s", r, i, ta, tb);
      }
      json_decref(a);
      json_decref(b);
    }
  }
  const char *rows = "SELECT course_id, instrument_id, item_id, intervention_id, start_value,"
                     " end_value, latest_value FROM course_summary"
                     " ORDER BY course_id, instrument_id, item_id";
  json_t *kept = store_query_rows(f->db, rows, STORE_NO_PARAMS, &error);
  g_assert_no_error(error);
  g_assert_true(store_summary_refresh(f->db, 1, G_MAXINT64 / 2, &error));
  json_t *anew = store_query_rows(f->db, rows, STORE_NO_PARAMS, &error);
  g_assert_no_error(error);
  g_assert_true(json_equal(kept, anew));
  json_decref(kept);
  json_decref(anew);
}

static gint64
measure_id(Fixture *f, const gint64 *items, gint64 actor, gint64 citizen, gint64 course,
           gint64 instrument, const char *on, const char *point, const char *status,
           const int *values, int n)
{
  g_autoptr(GError) error = NULL;
  StoreAnswerInput answers[7];
  for (int i = 0; i < n; i++)
    answers[i] = (StoreAnswerInput){.item_id = items[i], .has_value = TRUE, .value = values[i]};
  StoreMeasurementInput in = {
    .citizen_id = citizen, .course_id = course, .instrument_id = instrument, .measured_on = on,
    .point = point, .respondent = "staff", .collection_method = "dialogue_interview",
    .status = status, .answers = answers, .n_answers = (gsize)n,
  };
  gint64 id = store_measurement_create(f->db, actor, &in, &error);
  g_assert_no_error(error);
  return id;
}

/* Every way a measurement changes keeps the course summary what the
 * measurements say: recorded (a draft, then approved), edited (its point,
 * its answers, moved to another course of the citizen), erased with its
 * citizen; the national figures from the summary equal those read from
 * the measurements after each. */
static void
test_report_summary(Fixture *f, gconstpointer data)
{
  (void)data;
  World w;
  build_world(f, &w);
  g_autoptr(GError) error = NULL;
  gint64 instrument = insert_instrument(f, "vum", 1, 7, FALSE);
  json_t *inst = store_instrument_get(f->db, instrument, &error);
  gint64 item[7];
  for (int i = 0; i < 7; i++)
    item[i] = json_integer_value(
      json_object_get(json_array_get(json_object_get(inst, "items"), (size_t)i), "id"));
  json_decref(inst);

  begin(f);
  StoreCourseInput course = {.citizen_id = w.c_1a, .intervention_id = w.iv_1,
                             .started_on = "2025-01-01"};
  gint64 k1a = store_course_create(f->db, &course, &error);
  course.started_on = "2025-09-01";
  gint64 k1a2 = store_course_create(f->db, &course, &error);
  course = (StoreCourseInput){.citizen_id = w.c_1b, .intervention_id = w.iv_1,
                              .started_on = "2025-01-01"};
  gint64 k1b = store_course_create(f->db, &course, &error);
  course = (StoreCourseInput){.citizen_id = w.c_3a, .intervention_id = w.iv_3,
                              .started_on = "2025-01-01"};
  gint64 k3a = store_course_create(f->db, &course, &error);
  g_assert_no_error(error);
  measure_id(f, item, w.staff_1a, w.c_1a, k1a, instrument, "2025-01-10", "start", "approved",
             (const int[]){3, 2, 4}, 3);
  gint64 end1 = measure_id(f, item, w.staff_1a, w.c_1a, k1a, instrument, "2025-06-01", "end",
                           "approved", (const int[]){1, 2, 0}, 3);
  measure_id(f, item, w.staff_1b, w.c_1b, k1b, instrument, "2025-01-10", "start", "approved",
             (const int[]){2, 2}, 2);
  measure_id(f, item, w.staff_1b, w.c_1b, k1b, instrument, "2025-06-01", "end", "approved",
             (const int[]){4, 1}, 2);
  measure_id(f, item, w.staff_3a, w.c_3a, k3a, instrument, "2025-01-10", "start", "approved",
             (const int[]){4}, 1);
  gint64 draft = measure_id(f, item, w.staff_3a, w.c_3a, k3a, instrument, "2025-06-01", "end",
                            "draft", (const int[]){1}, 1);
  StoreGoalInput goal = {.course_id = k1a, .kind = "scale", .goal_type = "improve",
                         .title = "Mindre støtte", .instrument_key = "vum", .item_key = "item1",
                         .has_target = TRUE, .target_score = 2, .set_on = "2025-01-10",
                         .status = "active"};
  g_assert_cmpint(store_goal_create(f->db, w.staff_1a, &goal, &error), >, 0);
  goal.course_id = k3a;
  g_assert_cmpint(store_goal_create(f->db, w.staff_3a, &goal, &error), >, 0);
  g_assert_no_error(error);
  assert_summary_agrees(f, &w, instrument);

  /* The draft approved: c_3a now has an end. */
  g_assert_true(store_measurement_approve(f->db, w.staff_3a, draft, 1, &error));
  g_assert_no_error(error);
  assert_summary_agrees(f, &w, instrument);

  /* The end of c_1a's first course becomes a follow-up, with other
   * answers, then moves to the citizen's second course. */
  StoreAnswerInput answers[] = {{.item_id = item[0], .has_value = TRUE, .value = 4},
                                {.item_id = item[2], .has_value = TRUE, .value = 3}};
  StoreMeasurementInput in = {
    .course_id = k1a, .measured_on = "2025-06-01", .point = "follow_up", .respondent = "staff",
    .collection_method = "dialogue_interview", .status = "approved", .answers = answers,
    .n_answers = G_N_ELEMENTS(answers),
  };
  g_assert_true(store_measurement_update(f->db, w.staff_1a, end1, 1, &in, &error));
  g_assert_no_error(error);
  assert_summary_agrees(f, &w, instrument);
  in.course_id = k1a2;
  in.point = "end";
  g_assert_true(store_measurement_update(f->db, w.staff_1a, end1, 2, &in, &error));
  g_assert_no_error(error);
  assert_summary_agrees(f, &w, instrument);
  gint64 rows = 0;
  g_assert_true(store_query_int(f->db, "SELECT COUNT(*) FROM course_summary WHERE course_id = ?",
                                STORE_PARAMS(P_INT(k1a2)), &rows, &error));
  g_assert_cmpint(rows, ==, 2); /* items 1 and 3 of the moved end */

  /* c_1b erased: its rows go with its courses. */
  g_assert_true(store_citizen_erase(f->db, w.leader_1, w.c_1b, "127.0.0.1", &error));
  g_assert_no_error(error);
  g_assert_true(store_query_int(f->db, "SELECT COUNT(*) FROM course_summary WHERE course_id = ?",
                                STORE_PARAMS(P_INT(k1b)), &rows, &error));
  g_assert_cmpint(rows, ==, 0);
  assert_summary_agrees(f, &w, instrument);
  commit(f);
}

/* The first approved start and the last approved end of each course, the
 * items answered at both, by intervention name; the respondent,
 * organisation and offer filters; development judged by the scale's
 * direction (lower is better on the VUM scale). */
static void
test_report(Fixture *f, gconstpointer data)
{
  (void)data;
  World w;
  build_world(f, &w);
  g_autoptr(GError) error = NULL;
  /* Seven items on a 0–4 scale where lower is better, as the VUM areas. */
  gint64 instrument = insert_instrument(f, "vum", 1, 7, FALSE);
  json_t *inst = store_instrument_get(f->db, instrument, &error);
  gint64 item[7];
  for (int i = 0; i < 7; i++)
    item[i] = json_integer_value(
      json_object_get(json_array_get(json_object_get(inst, "items"), (size_t)i), "id"));
  json_decref(inst);

  begin(f);
  StoreCourseInput course = {.citizen_id = w.c_1a, .intervention_id = w.iv_1,
                             .started_on = "2025-01-01"};
  gint64 k1a = store_course_create(f->db, &course, &error);
  course.citizen_id = w.c_1b;
  gint64 k1b = store_course_create(f->db, &course, &error);
  course.citizen_id = w.c_3a;
  course.intervention_id = w.iv_3;
  gint64 k3a = store_course_create(f->db, &course, &error);
  g_assert_no_error(error);
  /* c_1a: two starts (the first counts), two staff ends (the last
   * counts), and a later self-rating at the end. */
  measure(f, item, w.staff_1a, w.c_1a, k1a, instrument, "2025-01-10", "start", "staff",
          "approved", (const int[]){3, 2}, 2);
  measure(f, item, w.staff_1a, w.c_1a, k1a, instrument, "2025-01-20", "start", "staff",
          "approved", (const int[]){4, 4}, 2);
  measure(f, item, w.staff_1a, w.c_1a, k1a, instrument, "2025-03-01", "follow_up", "staff",
          "approved", (const int[]){0, 0}, 2);
  measure(f, item, w.staff_1a, w.c_1a, k1a, instrument, "2025-05-01", "end", "staff",
          "approved", (const int[]){0, 0}, 2);
  measure(f, item, w.staff_1a, w.c_1a, k1a, instrument, "2025-06-01", "end", "staff",
          "approved", (const int[]){1, 2}, 2);
  measure(f, item, w.staff_1a, w.c_1a, k1a, instrument, "2025-07-01", "end", "citizen",
          "approved", (const int[]){4}, 1);
  /* c_1b: the second item unanswered at the start. */
  measure(f, item, w.staff_1b, w.c_1b, k1b, instrument, "2025-01-10", "start", "staff",
          "approved", (const int[]){2, -1}, 2);
  measure(f, item, w.staff_1b, w.c_1b, k1b, instrument, "2025-06-01", "end", "staff",
          "approved", (const int[]){3, 1}, 2);
  /* c_3a: a later draft end does not count. */
  measure(f, item, w.staff_3a, w.c_3a, k3a, instrument, "2025-01-10", "start", "staff",
          "approved", (const int[]){4}, 1);
  measure(f, item, w.staff_3a, w.c_3a, k3a, instrument, "2025-06-01", "end", "staff",
          "approved", (const int[]){2}, 1);
  measure(f, item, w.staff_3a, w.c_3a, k3a, instrument, "2025-08-01", "end", "staff", "draft",
          (const int[]){0}, 1);
  commit(f);

  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  json_t *all = store_report_change(f->db, instrument, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(all), ==, 2);
  assert_sums(all, "Bostøtte", item[0], 2, 3 + 2, 4 + 3, 1 + 1, 1 + 1);
  assert_sums(all, "Misbrugsbehandling", item[0], 1, 4, 2, -2, 4);
  g_assert_cmpstr(json_string_value(json_object_get(json_array_get(all, 0), "item_key")), ==,
                  "item1");
  json_decref(all);

  StoreReportFilter staff = {.respondent = "staff"};
  json_t *by_staff = store_report_change(f->db, instrument, &staff, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(by_staff), ==, 3);
  assert_sums(by_staff, "Bostøtte", item[0], 2, 3 + 2, 1 + 3, -2 + 1, 4 + 1);
  assert_sums(by_staff, "Bostøtte", item[1], 1, 2, 2, 0, 0);
  assert_sums(by_staff, "Misbrugsbehandling", item[0], 1, 4, 2, -2, 4);
  json_decref(by_staff);

  StoreReportFilter org_b = {.organisation_id = w.org_b, .respondent = "staff"};
  json_t *only_b = store_report_change(f->db, instrument, &org_b, &error);
  g_assert_cmpuint(json_array_size(only_b), ==, 1);
  assert_sums(only_b, "Misbrugsbehandling", item[0], 1, 4, 2, -2, 4);
  json_decref(only_b);
  StoreReportFilter offer_1 = {.offer_id = w.offer_1, .respondent = "staff"};
  json_t *only_1 = store_report_change(f->db, instrument, &offer_1, &error);
  g_assert_cmpuint(json_array_size(only_1), ==, 2);
  json_decref(only_1);

  json_t *dev = store_report_development(f->db, instrument, &staff, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(dev), ==, 2);
  json_t *first = find_row(dev, NULL, item[0]), *second = find_row(dev, NULL, item[1]);
  g_assert_cmpint(json_integer_value(json_object_get(first, "n")), ==, 3);
  g_assert_cmpint(json_integer_value(json_object_get(first, "improved")), ==, 2);
  g_assert_cmpint(json_integer_value(json_object_get(first, "unchanged")), ==, 0);
  g_assert_cmpint(json_integer_value(json_object_get(first, "worsened")), ==, 1);
  g_assert_cmpint(json_integer_value(json_object_get(second, "unchanged")), ==, 1);
  json_decref(dev);

  store_rollback(f->db);

  /* Goal attainment: each goal against its course's latest approved
   * measurement (by the respondent when filtered). */
  begin(f);
  StoreGoalInput goal = {.course_id = k1a, .kind = "scale", .goal_type = "improve",
                         .title = "Mindre støtte", .instrument_key = "vum", .item_key = "item1",
                         .has_target = TRUE, .target_score = 2, .set_on = "2025-01-10",
                         .status = "active"};
  g_assert_cmpint(store_goal_create(f->db, w.staff_1a, &goal, &error), >, 0);
  goal.status = "cancelled"; /* never counted */
  g_assert_cmpint(store_goal_create(f->db, w.staff_1a, &goal, &error), >, 0);
  goal = (StoreGoalInput){.course_id = k3a, .kind = "scale", .goal_type = "maintain",
                          .title = "Hold fast", .instrument_key = "vum", .item_key = "item1",
                          .has_target = TRUE, .target_score = 4, .set_on = "2025-01-10",
                          .status = "active"};
  g_assert_cmpint(store_goal_create(f->db, w.staff_3a, &goal, &error), >, 0);
  g_assert_no_error(error);
  commit(f);
  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  json_t *att = store_report_attainment(f->db, instrument, NULL, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(json_array_size(att), ==, 1);
  json_t *a0 = json_array_get(att, 0);
  g_assert_cmpint(json_integer_value(json_object_get(a0, "n")), ==, 2);
  /* c_1a's latest is the self-rating 4 from 3: worse. */
  g_assert_cmpint(json_integer_value(json_object_get(a0, "worse")), ==, 1);
  /* c_3a's latest approved is 2 from 4 (the draft does not count). */
  g_assert_cmpint(json_integer_value(json_object_get(a0, "reached_maintain")), ==, 1);
  json_decref(att);
  att = store_report_attainment(f->db, instrument, &staff, &error);
  a0 = json_array_get(att, 0);
  /* By staff: c_1a's latest is 1, past the target 2. */
  g_assert_cmpint(json_integer_value(json_object_get(a0, "reached_improve")), ==, 1);
  g_assert_cmpint(json_integer_value(json_object_get(a0, "worse")), ==, 0);
  json_decref(att);
  att = store_report_attainment(f->db, instrument, &org_b, &error);
  g_assert_no_error(error);
  a0 = json_array_get(att, 0);
  g_assert_cmpint(json_integer_value(json_object_get(a0, "n")), ==, 1);
  g_assert_cmpint(json_integer_value(json_object_get(a0, "reached_maintain")), ==, 1);
  json_decref(att);
  att = store_report_attainment(f->db, instrument, &offer_1, &error);
  a0 = json_array_get(att, 0);
  g_assert_cmpint(json_integer_value(json_object_get(a0, "reached_improve")), ==, 1);
  g_assert_cmpint(json_integer_value(json_object_get(a0, "n")), ==, 1);
  json_decref(att);
  g_assert_null(store_report_attainment(f->db, 999999, NULL, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);

  StoreReportFilter nobody = {.respondent = "robot"};
  g_assert_null(store_report_change(f->db, instrument, &nobody, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_null(store_report_development(f->db, 999999, NULL, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  store_rollback(f->db);
}

/* The loader checks each row as the one-row functions do, numbers them
 * after the stored ones, writes them parents first at the flush, and
 * leaves new rows from elsewhere to be numbered after its own. */
static void
test_loader(Fixture *f, gconstpointer data)
{
  (void)data;
  World w;
  build_world(f, &w);
  g_autoptr(GError) error = NULL;
  /* Seven items on a 0–4 scale where lower is better, as the VUM areas. */
  gint64 instrument = insert_instrument(f, "vum", 1, 7, FALSE);
  json_t *inst = store_instrument_get(f->db, instrument, &error);
  gint64 item = json_integer_value(
    json_object_get(json_array_get(json_object_get(inst, "items"), 0), "id"));
  json_decref(inst);
  gint64 revision_before = revision(f);

  begin(f);
  StoreLoader *l = store_loader_new(f->db, &error);
  g_assert_no_error(error);
  StoreCitizenInput in = {.unit_id = w.unit_1a, .first_name = "Lea", .last_name = "Loader",
                          .gender = "female", .contact_person_id = w.staff_1a};
  gint64 lea = store_loader_add_citizen(l, &in, &error);
  g_assert_no_error(error);
  g_assert_cmpint(lea, ==, w.c_3a + 1);
  StoreCitizenInput bad = in;
  bad.unit_id = 999;
  g_assert_cmpint(store_loader_add_citizen(l, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  bad = in;
  bad.contact_person_id = w.staff_3a;
  g_assert_cmpint(store_loader_add_citizen(l, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  bad = in;
  bad.gender = "ukendt";
  g_assert_cmpint(store_loader_add_citizen(l, &bad, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);

  StoreCourseInput course = {.citizen_id = lea, .intervention_id = w.iv_3,
                             .started_on = "2025-01-01"};
  g_assert_cmpint(store_loader_add_course(l, &course, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  course.intervention_id = w.iv_1;
  gint64 k_lea = store_loader_add_course(l, &course, &error);
  course.citizen_id = w.c_1b; /* stored, not waiting */
  gint64 k_bo = store_loader_add_course(l, &course, &error);
  g_assert_no_error(error);
  g_assert_cmpint(k_bo, ==, k_lea + 1);

  StoreAnswerInput answers[] = {{.item_id = item, .has_value = TRUE, .value = 3}};
  StoreMeasurementInput m = {
    .citizen_id = lea, .course_id = k_bo, .instrument_id = instrument,
    .measured_on = "2025-01-02", .point = "start", .respondent = "staff",
    .collection_method = "observation", .status = "approved", .has_score = TRUE, .score = 3.0,
    .answers = answers, .n_answers = 1,
  };
  g_assert_cmpint(store_loader_add_measurement(l, w.staff_1a, &m, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT); /* Bo's course */
  g_clear_error(&error);
  m.course_id = k_lea;
  answers[0].value = 7;
  g_assert_cmpint(store_loader_add_measurement(l, w.staff_1a, &m, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT); /* not a value of the scale */
  g_clear_error(&error);
  answers[0].value = 3;
  m.point = "midtvejs";
  g_assert_cmpint(store_loader_add_measurement(l, w.staff_1a, &m, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  m.point = "start";
  gint64 first = store_loader_add_measurement(l, w.staff_1a, &m, &error);
  g_assert_no_error(error);
  g_assert_cmpint(first, >, 0);

  /* A goal set at the waiting measurement takes its value and day. */
  StoreGoalInput goal = {.kind = "scale", .goal_type = "improve", .title = "Ned ad skalaen",
                         .instrument_key = "vum", .item_key = "item1", .has_target = TRUE,
                         .target_score = 2, .status = "active"};
  g_assert_cmpint(store_loader_add_goal(l, w.staff_1a, first + 1, &goal, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND); /* no such waiting measurement */
  g_clear_error(&error);
  StoreGoalInput bad_goal = goal;
  bad_goal.kind = "text";
  g_assert_cmpint(store_loader_add_goal(l, w.staff_1a, first, &bad_goal, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  bad_goal = goal;
  bad_goal.target_score = 9;
  g_assert_cmpint(store_loader_add_goal(l, w.staff_1a, first, &bad_goal, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT); /* off the scale */
  g_clear_error(&error);
  bad_goal = goal;
  bad_goal.item_key = "item99";
  g_assert_cmpint(store_loader_add_goal(l, w.staff_1a, first, &bad_goal, &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  gint64 goal_id = store_loader_add_goal(l, w.staff_1a, first, &goal, &error);
  g_assert_no_error(error);
  g_assert_cmpint(goal_id, >, 0);
  g_assert_cmpuint(store_loader_pending(l), ==, 1 + 2 + 1 + 1 + 1);
  g_assert_cmpint(count_rows(f->db, "citizen"), ==, 4); /* nothing written yet */
  g_assert_true(store_loader_flush(l, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(store_loader_pending(l), ==, 0);
  commit(f);
  g_assert_cmpint(revision(f), ==, revision_before + 1);
  g_assert_cmpint(count_rows(f->db, "citizen"), ==, 5);
  g_assert_cmpint(count_rows(f->db, "course"), ==, 2);
  g_assert_cmpint(count_rows(f->db, "measurement_answer"), ==, 1);
  json_t *loaded = store_goal_get(f->db, w.staff_1a, goal_id, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat(json_number_value(json_object_get(loaded, "baseline")), ==, 3.0);
  g_assert_cmpint(json_integer_value(json_object_get(loaded, "baseline_measurement_id")), ==,
                  first);
  g_assert_cmpstr(json_string_value(json_object_get(loaded, "set_on")), ==, "2025-01-02");
  g_assert_cmpint(json_integer_value(json_object_get(loaded, "course_id")), ==, k_lea);
  json_decref(loaded);
  json_t *lea_page = store_citizen_get(f->db, w.staff_1a, lea, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_string_value(json_object_get(lea_page, "contact_person_name")), ==,
                  "staff1a");
  json_decref(lea_page);
  json_t *ms = store_measurement_list(f->db, w.staff_1a, lea, &error);
  g_assert_cmpuint(json_array_size(ms), ==, 1);
  g_assert_cmpfloat(json_real_value(json_object_get(json_array_get(ms, 0), "score")), ==, 3.0);
  json_decref(ms);

  /* Flushing needs a write transaction; rows from elsewhere come after. */
  in.first_name = "Mads";
  g_assert_cmpint(store_loader_add_citizen(l, &in, &error), ==, lea + 1);
  g_assert_false(store_loader_flush(l, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  g_clear_error(&error);
  store_loader_free(l);
  begin(f);
  g_assert_cmpint(add_citizen(f, w.staff_1a, w.unit_1a, "Efter", "Loader"), ==, lea + 1);
  commit(f);
}

/* ---- Both backends alike ----------------------------------------------------------------- */

/* The same query gives the same JSON on both backends: integer and real
 * aggregates, integer division, NULL in a concatenation, a REAL column
 * keeping every digit, a NULL column, text. */
static void
test_portable_types(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_true(store_exec_script(f->db,
                                  "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, b BIGINT,"
                                  " r REAL, s TEXT)",
                                  &error));
  g_assert_no_error(error);
  const struct {
    gint64 i;
    double r;
    const char *s;
  } rows[] = {{1, 2.43, "a"}, {2, 0.1, "b"}, {4, -1.5e-7, "æøå"}};
  for (guint k = 0; k < G_N_ELEMENTS(rows); k++)
    g_assert_true(store_exec(f->db, "INSERT INTO t (id, i, b, r, s) VALUES (?, ?, ?, ?, ?)",
                             STORE_PARAMS(P_INT(k + 1), P_INT(rows[k].i),
                                          P_INT(G_GINT64_CONSTANT(9007199254740993) + k),
                                          P_REAL(rows[k].r), P_TEXT(rows[k].s)),
                             &error));
  g_assert_no_error(error);
  json_t *row = store_query_row(
    f->db,
    "SELECT COUNT(*) AS n, SUM(i) AS si, SUM(b) AS sb, AVG(i) AS ai, MIN(r) AS mr,"
    " MAX(r) AS xr, MAX(s) AS ms, 7 / 2 AS d, 'x' || NULL AS cn, 'x' || 'y' AS cc,"
    " MAX(CASE WHEN i > 9 THEN 1 END) AS none_, CAST(SUM(i) AS REAL) / COUNT(*) AS q"
    " FROM t",
    STORE_NO_PARAMS, NULL, &error);
  g_assert_no_error(error);
  g_autofree char *text = json_dumps(row, JSON_SORT_KEYS | JSON_COMPACT);
  g_assert_cmpstr(text, ==,
                  "{\"ai\":2.3333333333333335,\"cc\":\"xy\",\"cn\":null,\"d\":3,"
                  "\"mr\":-1.4999999999999999e-7,\"ms\":\"æøå\",\"n\":3,\"none_\":null,"
                  "\"q\":2.3333333333333335,\"sb\":27021597764222982,\"si\":7,"
                  "\"xr\":2.4300000000000002}");
  json_decref(row);
  /* Every stored real comes back with every digit. */
  json_t *all = store_query_rows(f->db, "SELECT r FROM t ORDER BY id", STORE_NO_PARAMS, &error);
  for (guint k = 0; k < G_N_ELEMENTS(rows); k++)
    g_assert_cmpfloat(json_real_value(json_object_get(json_array_get(all, k), "r")), ==,
                      rows[k].r);
  json_decref(all);
  /* A text parameter where the column is an integer is read as one. */
  gint64 n = 0;
  g_assert_true(store_query_int(f->db, "SELECT COUNT(*) FROM t WHERE i = ?",
                                STORE_PARAMS(P_TEXT("4")), &n, &error));
  g_assert_no_error(error);
  g_assert_cmpint(n, ==, 1);
  /* '?' inside a literal or a comment is no parameter. */
  row = store_query_row(f->db, "SELECT '?' AS q, ? AS p -- ?", STORE_PARAMS(P_INT(5)), NULL,
                        &error);
  g_assert_no_error(error);
  g_assert_cmpstr(json_string_value(json_object_get(row, "q")), ==, "?");
  g_assert_cmpint(json_integer_value(json_object_get(row, "p")), ==, 5);
  json_decref(row);
}

/* Two exclusive transactions (migrations) never run at once, in one
 * process or two. */
static void
test_exclusive(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url_b = test_db_pg() ? test_db_url_with(f->tdb, "options=-c%20lock_timeout%3D50")
                                        : test_db_url_with(f->tdb, "busy_timeout_ms=50");
  g_autoptr(StoreDb) b = store_open(url_b, &error);
  g_assert_no_error(error);
  g_assert_true(store_begin(f->db, STORE_TX_EXCLUSIVE, &error));
  g_assert_no_error(error);
  g_assert_false(store_begin(b, STORE_TX_EXCLUSIVE, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_BUSY);
  g_clear_error(&error);
  g_assert_false(store_in_transaction(b));
  store_rollback(f->db);
  g_assert_true(store_begin(b, STORE_TX_EXCLUSIVE, &error));
  g_assert_no_error(error);
  store_rollback(b);
}

/* A read transaction is one snapshot: a change committed meanwhile by
 * another connection is not seen, neither in the data revision nor in the
 * data, until the next transaction. */
static void
test_read_snapshot(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(StoreDb) writer = store_open(f->url, &error);
  g_assert_no_error(error);
  gint64 before = -1, during = -1, after = -1;
  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  g_assert_true(store_data_revision(f->db, &before, &error));
  g_assert_true(store_begin(writer, STORE_TX_WRITE, &error));
  g_assert_cmpint(store_organisation_create(writer, "Ny", "region", &error), >, 0);
  g_assert_true(store_commit(writer, &error));
  g_assert_no_error(error);
  g_assert_true(store_data_revision(f->db, &during, &error));
  g_assert_cmpint(during, ==, before);
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 0);
  store_rollback(f->db);
  g_assert_true(store_begin(f->db, STORE_TX_READ, &error));
  g_assert_true(store_data_revision(f->db, &after, &error));
  g_assert_cmpint(after, ==, before + 1);
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 1);
  store_rollback(f->db);
}

/* ---- PostgreSQL's own ----------------------------------------------------------------------- */

static gint64
backend_pid(StoreDb *db)
{
  g_autoptr(GError) error = NULL;
  gint64 pid = 0;
  g_assert_true(store_query_int(db, "SELECT pg_backend_pid()", STORE_NO_PARAMS, &pid, &error));
  g_assert_no_error(error);
  return pid;
}

/* Ends a backend and waits until it is gone. */
static void
terminate(gint64 pid)
{
  g_autofree char *sql = g_strdup_printf(
    "SELECT pg_terminate_backend(%" G_GINT64_FORMAT ", 5000)", pid);
  test_db_admin(sql);
}

/* A connection the server dropped while idle is made again before its
 * next transaction; one dropped inside a transaction fails that request
 * with UNAVAILABLE (503), and the next transaction works. */
static void
test_pg_lost_connection(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  gint64 first = backend_pid(f->db);
  terminate(first);
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_no_error(error);
  g_assert_cmpint(store_organisation_create(f->db, "Efter", "region", &error), >, 0);
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
  gint64 second = backend_pid(f->db);
  g_assert_cmpint(second, !=, first);

  /* Lost in the middle of a transaction. */
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_cmpint(store_organisation_create(f->db, "Tabt", "region", &error), >, 0);
  terminate(second);
  g_assert_cmpint(store_organisation_create(f->db, "Tabt 2", "region", &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_UNAVAILABLE);
  g_assert_nonnull(strstr(error->message, "afbrudt"));
  g_clear_error(&error);
  store_rollback(f->db);
  g_assert_false(store_in_transaction(f->db));
  /* Statements prepared on the old connection are prepared again. */
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 1);
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_cmpint(store_organisation_create(f->db, "Igen", "region", &error), >, 0);
  g_assert_true(store_commit(f->db, &error));
  g_assert_no_error(error);
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 2);
}

/* The counterpart of test_busy: a writer waiting for a lock longer than
 * lock_timeout gets BUSY (503); readers are not blocked meanwhile. */
static void
test_pg_busy(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url_b = test_db_url_with(f->tdb, "options=-c%20lock_timeout%3D50");
  g_autoptr(StoreDb) b = store_open(url_b, &error);
  g_assert_no_error(error);

  /* f->db changes data: it holds the data revision until it commits. */
  begin(f);
  g_assert_cmpint(store_organisation_create(f->db, "Låst", "region", &error), >, 0);
  g_assert_true(store_exec_bookkeeping(f->db, "UPDATE data_revision SET value = value WHERE id = 1",
                                       STORE_NO_PARAMS, &error));
  g_assert_true(store_begin(b, STORE_TX_WRITE, &error));
  g_assert_cmpint(store_organisation_create(b, "Venter", "region", &error), >, 0);
  g_assert_false(store_commit(b, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_BUSY);
  g_assert_cmpstr(error->message, ==, "databasen er optaget (prøv igen)");
  g_clear_error(&error);
  store_rollback(b);
  g_assert_false(store_in_transaction(b));
  g_assert_cmpint(count_rows(b, "organisation"), ==, 0);

  store_rollback(f->db);
  g_assert_true(store_begin(b, STORE_TX_WRITE, &error));
  g_assert_cmpint(store_organisation_create(b, "Nu", "region", &error), >, 0);
  g_assert_true(store_commit(b, &error));
  g_assert_no_error(error);
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 1);
}

typedef struct {
  StoreDb *db;
  gint64 row;
  GError *error;
} Crossing;

static gpointer
cross_update(gpointer data)
{
  Crossing *c = data;
  store_exec(c->db, "UPDATE organisation SET name = name || '!' WHERE id = ?",
             STORE_PARAMS(P_INT(c->row)), &c->error);
  return NULL;
}

/* Two writers waiting for each other: PostgreSQL ends one of them with a
 * deadlock, which the store calls RETRY (the dispatcher runs the request
 * again); the other goes on.  And a COMMIT after a failed statement is a
 * failure, not PostgreSQL's silent rollback. */
static void
test_pg_retry_and_aborted(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  begin(f);
  gint64 one = store_organisation_create(f->db, "En", "region", &error);
  gint64 two = store_organisation_create(f->db, "To", "region", &error);
  commit(f);
  g_autoptr(StoreDb) b = store_open(f->url, &error);
  g_assert_no_error(error);
  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_true(store_begin(b, STORE_TX_WRITE, &error));
  Crossing a1 = {f->db, one, NULL}, b1 = {b, two, NULL};
  cross_update(&a1);
  cross_update(&b1);
  Crossing a2 = {f->db, two, NULL}, b2 = {b, one, NULL};
  GThread *t = g_thread_new("cross", cross_update, &a2);
  cross_update(&b2);
  g_thread_join(t);
  GError *lost = a2.error ? a2.error : b2.error;
  g_assert_true((a2.error == NULL) != (b2.error == NULL));
  g_assert_error(lost, STORE_ERROR, STORE_ERROR_RETRY);
  g_clear_error(&a2.error);
  g_clear_error(&b2.error);
  store_rollback(f->db);
  store_rollback(b);

  g_assert_true(store_begin(f->db, STORE_TX_WRITE, &error));
  g_assert_false(store_exec(f->db, "INSERT INTO organisation (name) VALUES ('x')",
                            STORE_NO_PARAMS, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_false(store_commit(f->db, &error));
  g_assert_error(error, STORE_ERROR, STORE_ERROR_FAILED);
  g_assert_nonnull(strstr(error->message, "ikke gemt"));
  g_clear_error(&error);
  store_rollback(f->db);
  g_assert_false(store_in_transaction(f->db));
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 2);
}

/* The counterpart of the foreign-key check: PostgreSQL enforces foreign
 * keys itself, so what `spor check` can find is a constraint added NOT
 * VALID over rows that break it; and an unmigrated database. */
static void
test_pg_check(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new(NULL);
  g_assert_false(store_check(f->db, report, &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(report->str, "spor init"));

  g_assert_true(store_migrate(f->db, NULL, &error));
  g_string_truncate(report, 0);
  g_assert_true(store_check(f->db, report, &error));
  g_assert_cmpstr(report->str, ==, "revisionslog: 0 linjer i ubrudt kæde; sidste hash (tom)\n");
  g_assert_true(store_exec_script(f->db,
                                  "ALTER TABLE unit DROP CONSTRAINT unit_offer_id_fkey;"
                                  "INSERT INTO unit (offer_id, name, created_at)"
                                  " VALUES (42, 'Forældreløs', '2026-01-01T00:00:00Z');"
                                  "ALTER TABLE unit ADD CONSTRAINT unit_offer_id_fkey"
                                  " FOREIGN KEY (offer_id) REFERENCES offer (id) NOT VALID;",
                                  &error));
  g_assert_no_error(error);
  g_assert_false(store_check(f->db, report, &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(report->str, "fremmednøgle: unit"));
}

/* A database the server keeps read-only (as a hot standby is): writes are
 * READONLY, reads work. */
static void
test_pg_readonly(Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_true(store_exec_script(f->db, "SET default_transaction_read_only = on", &error));
  begin(f);
  g_assert_cmpint(store_organisation_create(f->db, "Nej", "region", &error), ==, 0);
  g_assert_error(error, STORE_ERROR, STORE_ERROR_READONLY);
  g_clear_error(&error);
  store_rollback(f->db);
  g_assert_cmpint(count_rows(f->db, "organisation"), ==, 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* The built-in instrument is read straight from the resources below. */
  if (spor_get_resource() == NULL)
    spor_register_resource();
  gboolean pg = test_db_pg();
#define ADD(path, fn, set_up) g_test_add(path, Fixture, NULL, set_up, fn, teardown)
  if (!pg) {
    /* SQLite's own; each has its PostgreSQL counterpart below. */
    g_test_add_func("/store/open/urls", test_open_urls);
    g_test_add_func("/store/query/sql-rewrite", test_sql_rewrite);
    ADD("/store/open/settings", test_open_settings, setup);
    ADD("/store/check/unmigrated-and-foreign-keys", test_check_unmigrated_and_foreign_keys,
        setup_empty);
    ADD("/store/busy", test_busy, setup);
    ADD("/store/errors/readonly-and-full", test_error_mapping, setup);
  } else {
    ADD("/store/pg/lost-connection", test_pg_lost_connection, setup);
    ADD("/store/pg/check", test_pg_check, setup_empty);
    ADD("/store/pg/busy", test_pg_busy, setup);
    ADD("/store/pg/retry-and-aborted", test_pg_retry_and_aborted, setup);
    ADD("/store/pg/readonly", test_pg_readonly, setup);
  }
  ADD("/store/query/params", test_stmt_param_mismatch, setup);
  ADD("/store/query/portable-types", test_portable_types, setup);
  ADD("/store/migrate/fresh", test_migrate_fresh, setup_empty);
  ADD("/store/migrate/atomic", test_migrate_failure_is_atomic, setup_empty);
  ADD("/store/migrate/out-of-order", test_migrate_out_of_order, setup_empty);
  ADD("/store/migrate/exclusive", test_exclusive, setup);
  ADD("/store/check/clean-and-future", test_check_clean_and_future, setup);
  ADD("/store/transactions", test_transactions, setup);
  ADD("/store/transactions/read-snapshot", test_read_snapshot, setup);
  ADD("/store/data-revision", test_data_revision, setup);
  ADD("/store/org/tree", test_org_tree, setup);
  ADD("/store/users", test_users, setup);
  ADD("/store/sessions", test_sessions, setup);
  ADD("/store/login-attempts", test_login_attempts, setup);
  ADD("/store/citizen/visibility", test_citizen_visibility, setup);
  ADD("/store/citizen/create", test_citizen_create, setup);
  ADD("/store/citizen/list-filters", test_citizen_list_filters, setup);
  ADD("/store/courses", test_courses, setup);
  ADD("/store/instruments", test_instruments, setup);
  ADD("/store/instruments/complete", test_instrument_complete, setup);
  ADD("/store/measurements", test_measurements, setup);
  ADD("/store/audit", test_audit, setup);
  ADD("/store/audit/chain", test_audit_chain, setup);
  ADD("/store/audit/search", test_audit_search, setup);
  ADD("/store/pool", test_pool, setup);
  ADD("/store/report", test_report, setup);
  ADD("/store/report-summary", test_report_summary, setup);
  ADD("/store/loader", test_loader, setup);
  ADD("/store/audit/large-batch", test_audit_large_batch, setup);
#undef ADD
  return g_test_run();
}
