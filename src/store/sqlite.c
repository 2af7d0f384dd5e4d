/* sqlite.c — the SQLite adapter: "sqlite:PATH[?busy_timeout_ms=N]", WAL,
 * foreign keys, persistent prepared statements, BEGIN IMMEDIATE for
 * writes, and SQLite's result codes mapped onto STORE_ERROR with Danish
 * messages.  The only file of spor that knows SQLite. */
#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000
#define MAX_BUSY_TIMEOUT_MS 600000

typedef struct {
  sqlite3 *handle;
  char *path;
  sqlite3_stmt *begin_read;
  sqlite3_stmt *begin_write;
  sqlite3_stmt *commit;
  sqlite3_stmt *rollback;
} SqliteConn;

/* A StoreStmt of this backend is an sqlite3_stmt. */
static inline sqlite3_stmt *
raw(StoreStmt *stmt)
{
  return (sqlite3_stmt *)stmt;
}

/* ---- Errors -------------------------------------------------------------- */

static void
set_error_code(const char *path, int rc, const char *detail, GError **error)
{
  switch (rc & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_BUSY, "databasen er optaget (prøv igen)");
    break;
  case SQLITE_CONSTRAINT:
    g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                "ændringen strider mod en regel i databasen (%s)", detail);
    break;
  case SQLITE_READONLY:
    g_set_error(error, STORE_ERROR, STORE_ERROR_READONLY,
                "databasen %s er skrivebeskyttet (%s)", path, detail);
    break;
  case SQLITE_FULL:
    g_set_error(error, STORE_ERROR, STORE_ERROR_FULL,
                "disken er fuld eller kan ikke skrives: databasen %s kan ikke skrives (%s)",
                path, detail);
    break;
  case SQLITE_CANTOPEN:
  case SQLITE_NOTADB:
    g_set_error(error, STORE_ERROR, STORE_ERROR_OPEN, "kan ikke åbne databasen %s: %s", path,
                (rc & 0xff) == SQLITE_NOTADB ? "filen er ikke en SQLite-database" : detail);
    break;
  default:
    g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED, "fejl i databasen %s: %s", path, detail);
    break;
  }
}

static void
set_error(SqliteConn *c, int rc, GError **error)
{
  /* SQLite says SQLITE_FULL only for some of the ways a disk fills up: a
   * write that fails for want of room, over a file-size limit or a quota
   * is often an I/O error on writing instead.  Either way nothing was
   * written and only the operator can help, so both are "full". */
  if ((rc & 0xff) == SQLITE_IOERR) {
    int e = sqlite3_system_errno(c->handle);
    if (e == ENOSPC || e == EFBIG || e == EDQUOT || rc == SQLITE_IOERR_WRITE ||
        rc == SQLITE_IOERR_FSYNC)
      rc = SQLITE_FULL;
  }
  set_error_code(c->path, rc, sqlite3_errmsg(c->handle), error);
}

/* ---- Opening ----------------------------------------------------------------- */

/* A failure while opening: anything but a lock, a read-only or a full disk
 * means the database cannot be opened. */
static void
open_failed(const char *path, int rc, const char *detail, GError **error)
{
  switch (rc & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
  case SQLITE_READONLY:
  case SQLITE_FULL:
    set_error_code(path, rc, detail, error);
    break;
  case SQLITE_NOTADB:
    g_set_error(error, STORE_ERROR, STORE_ERROR_OPEN,
                "kan ikke åbne databasen %s: filen er ikke en SQLite-database", path);
    break;
  default:
    g_set_error(error, STORE_ERROR, STORE_ERROR_OPEN, "kan ikke åbne databasen %s: %s", path,
                detail);
    break;
  }
}

/* lower() that folds all of Unicode, not only ASCII, so that a search for
 * "ærø" finds "Ærø".  PostgreSQL's LOWER already does. */
static void
sql_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const char *text = (const char *)sqlite3_value_text(argv[0]);
  int len = sqlite3_value_bytes(argv[0]);
  if (text == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  char *lower = g_utf8_validate_len(text, (gsize)len, NULL) ? g_utf8_strdown(text, len)
                                                            : g_ascii_strdown(text, len);
  sqlite3_result_text(ctx, lower, -1, g_free);
}

static gboolean
parse_options(const char *query, int *busy_ms, GError **error)
{
  g_auto(GStrv) pairs = g_strsplit(query, "&", -1);
  for (int i = 0; pairs[i] != NULL; i++) {
    if (*pairs[i] == '\0')
      continue;
    const char *eq = strchr(pairs[i], '=');
    g_autofree char *key = eq ? g_strndup(pairs[i], (gsize)(eq - pairs[i])) : g_strdup(pairs[i]);
    if (strcmp(key, "busy_timeout_ms") != 0) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_URL,
                  "ukendt tilvalg '%s' i databaseadressen (kendt: busy_timeout_ms)", key);
      return FALSE;
    }
    char *end = NULL;
    long v = eq ? strtol(eq + 1, &end, 10) : -1;
    if (eq == NULL || end == eq + 1 || *end != '\0' || v < 0 || v > MAX_BUSY_TIMEOUT_MS) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_URL,
                  "busy_timeout_ms i databaseadressen skal være et tal fra 0 til %d",
                  MAX_BUSY_TIMEOUT_MS);
      return FALSE;
    }
    *busy_ms = (int)v;
  }
  return TRUE;
}

static gboolean
make_parent_dir(const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname(path);
  if (g_file_test(dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (g_mkdir_with_parents(dir, 0700) == 0)
    return TRUE;
  int saved = errno;
  g_set_error(error, STORE_ERROR, saved == EROFS ? STORE_ERROR_READONLY : STORE_ERROR_OPEN,
              "kan ikke åbne databasen %s: mappen %s kan ikke oprettes: %s", path, dir,
              g_strerror(saved));
  return FALSE;
}

/* flags: SQLITE_PREPARE_PERSISTENT for statements kept for the life of the
 * connection (the cache, transaction control), 0 for one-off ones. */
static gboolean
prepare_raw(SqliteConn *c, const char *sql, unsigned int flags, sqlite3_stmt **out,
            GError **error)
{
  int rc = sqlite3_prepare_v3(c->handle, sql, -1, flags, out, NULL);
  if (rc != SQLITE_OK) {
    set_error(c, rc, error);
    return FALSE;
  }
  return TRUE;
}

static void
sqlite_close(void *conn)
{
  SqliteConn *c = conn;
  if (c == NULL)
    return;
  sqlite3_finalize(c->begin_read);
  sqlite3_finalize(c->begin_write);
  sqlite3_finalize(c->commit);
  sqlite3_finalize(c->rollback);
  sqlite3_close_v2(c->handle);
  g_free(c->path);
  g_free(c);
}

static void *
sqlite_open(const char *url, GError **error)
{
  const char *rest = url + strlen("sqlite:");
  const char *q = strchr(rest, '?');
  g_autofree char *path = q ? g_strndup(rest, (gsize)(q - rest)) : g_strdup(rest);
  int busy_ms = DEFAULT_BUSY_TIMEOUT_MS;
  if (*path == '\0') {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_URL,
                        "databaseadressen mangler en filsti (skriv fx sqlite:var/spor.db)");
    return NULL;
  }
  if (q != NULL && !parse_options(q + 1, &busy_ms, error))
    return NULL;
  /* The library loaded at run time may be older than the headers. */
  if (sqlite3_libversion_number() < 3035000) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_OPEN,
                "SQLite %s er for gammel; spor kræver mindst 3.35", sqlite3_libversion());
    return NULL;
  }
  gboolean memory = strcmp(path, ":memory:") == 0;
  if (!memory && !make_parent_dir(path, error))
    return NULL;

  SqliteConn *c = g_new0(SqliteConn, 1);
  c->path = g_steal_pointer(&path);
  /* One connection is used by one thread at a time (store.h), so SQLite's
   * own per-connection mutex is not needed. */
  int rc = sqlite3_open_v2(c->path, &c->handle,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           NULL);
  if (rc != SQLITE_OK) {
    open_failed(c->path, rc, c->handle ? sqlite3_errmsg(c->handle) : sqlite3_errstr(rc), error);
    sqlite_close(c);
    return NULL;
  }
  sqlite3_extended_result_codes(c->handle, 1);
  sqlite3_busy_timeout(c->handle, busy_ms);

  /* journal_mode=WAL touches the file first, so a file that is not a
   * database, or a directory we may not write, shows here. */
  char *msg = NULL;
  rc = sqlite3_exec(c->handle, "PRAGMA journal_mode=WAL", NULL, NULL, &msg);
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_READONLY) {
    open_failed(c->path, rc, msg ? msg : sqlite3_errstr(rc), error);
    sqlite3_free(msg);
    sqlite_close(c);
    return NULL;
  }
  sqlite3_free(msg);
  msg = NULL;
  /* Reads through a memory map of the file (up to 256 MiB) instead of
   * copying every page from the kernel into each connection's small page
   * cache: a report reads megabytes per request, and the pages are shared
   * by every connection and process.  Writes still go through the journal. */
  rc = sqlite3_exec(c->handle,
                    "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA mmap_size=268435456",
                    NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    open_failed(c->path, rc, msg ? msg : sqlite3_errstr(rc), error);
    sqlite3_free(msg);
    sqlite_close(c);
    return NULL;
  }
  rc = sqlite3_create_function_v2(c->handle, "lower", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                  sql_lower, NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    set_error(c, rc, error);
    sqlite_close(c);
    return NULL;
  }
  /* Transaction control, prepared once for the life of the connection. */
  const struct {
    const char *sql;
    sqlite3_stmt **stmt;
  } control[] = {
    {"BEGIN", &c->begin_read},
    {"BEGIN IMMEDIATE", &c->begin_write},
    {"COMMIT", &c->commit},
    {"ROLLBACK", &c->rollback},
  };
  for (guint i = 0; i < G_N_ELEMENTS(control); i++) {
    if (!prepare_raw(c, control[i].sql, SQLITE_PREPARE_PERSISTENT, control[i].stmt, error)) {
      sqlite_close(c);
      return NULL;
    }
  }
  return c;
}

/* ---- Scripts and statements --------------------------------------------------- */

static gboolean
sqlite_exec_script(void *conn, const char *script, GError **error)
{
  SqliteConn *c = conn;
  char *msg = NULL;
  int rc = sqlite3_exec(c->handle, script, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    set_error_code(c->path, rc, msg ? msg : sqlite3_errstr(rc), error);
    sqlite3_free(msg);
    return FALSE;
  }
  return TRUE;
}

static char *
sqlite_rewrite_ddl(const char *script)
{
  static const char *const map[][2] = {{"ID_PRIMARY_KEY", "INTEGER PRIMARY KEY"}};
  return store_sql_rewrite(script, map, G_N_ELEMENTS(map), FALSE, NULL);
}

static StoreStmt *
sqlite_prepare(void *conn, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  if (!prepare_raw(conn, sql, SQLITE_PREPARE_PERSISTENT, &stmt, error))
    return NULL;
  return (StoreStmt *)stmt;
}

static void
sqlite_finalize(StoreStmt *stmt)
{
  sqlite3_finalize(raw(stmt));
}

static gboolean
sqlite_bind(void *conn, StoreStmt *stmt, const StoreParam *params, gsize n_params,
            GError **error)
{
  SqliteConn *c = conn;
  sqlite3_stmt *s = raw(stmt);
  if ((gsize)sqlite3_bind_parameter_count(s) != n_params) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                "intern fejl: forespørgslen har %d parametre, men fik %zu: %s",
                sqlite3_bind_parameter_count(s), (size_t)n_params, sqlite3_sql(s));
    return FALSE;
  }
  for (gsize i = 0; i < n_params; i++) {
    int col = (int)i + 1, rc;
    const StoreParam *p = &params[i];
    switch (p->type) {
    case 'i':
      rc = sqlite3_bind_int64(s, col, p->v.i);
      break;
    case 'd':
      rc = sqlite3_bind_double(s, col, p->v.d);
      break;
    case 's':
      /* SQLITE_STATIC: the caller's text outlives the statement's use. */
      rc = p->v.s != NULL ? sqlite3_bind_text(s, col, p->v.s, -1, SQLITE_STATIC)
                          : sqlite3_bind_null(s, col);
      break;
    case 'n':
      rc = sqlite3_bind_null(s, col);
      break;
    default:
      g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                  "intern fejl: ukendt parametertype '%c'", p->type);
      return FALSE;
    }
    if (rc != SQLITE_OK) {
      set_error(c, rc, error);
      return FALSE;
    }
  }
  return TRUE;
}

static StoreStep
sqlite_step(void *conn, StoreStmt *stmt, GError **error)
{
  int rc = sqlite3_step(raw(stmt));
  if (rc == SQLITE_ROW)
    return STORE_STEP_ROW;
  if (rc == SQLITE_DONE)
    return STORE_STEP_DONE;
  set_error(conn, rc, error);
  return STORE_STEP_ERROR;
}

static void
sqlite_reset(StoreStmt *stmt)
{
  sqlite3_reset(raw(stmt));
  sqlite3_clear_bindings(raw(stmt));
}

static int
sqlite_column_count(StoreStmt *stmt)
{
  return sqlite3_column_count(raw(stmt));
}

static const char *
sqlite_column_name(StoreStmt *stmt, int col)
{
  return sqlite3_column_name(raw(stmt), col);
}

static StoreColType
sqlite_column_type(StoreStmt *stmt, int col)
{
  switch (sqlite3_column_type(raw(stmt), col)) {
  case SQLITE_INTEGER:
    return STORE_COL_INT;
  case SQLITE_FLOAT:
    return STORE_COL_REAL;
  case SQLITE_NULL:
    return STORE_COL_NULL;
  default:
    return STORE_COL_TEXT;
  }
}

static gint64
sqlite_column_int(StoreStmt *stmt, int col)
{
  return sqlite3_column_int64(raw(stmt), col);
}

static double
sqlite_column_real(StoreStmt *stmt, int col)
{
  return sqlite3_column_double(raw(stmt), col);
}

static const char *
sqlite_column_text(StoreStmt *stmt, int col, gsize *out_len)
{
  const char *text = (const char *)sqlite3_column_text(raw(stmt), col);
  if (out_len != NULL)
    *out_len = (gsize)sqlite3_column_bytes(raw(stmt), col);
  return text;
}

/* ---- Transactions --------------------------------------------------------------- */

static gboolean
run_simple(SqliteConn *c, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) {
    set_error(c, rc, error);
    return FALSE;
  }
  return TRUE;
}

static gboolean
sqlite_begin(void *conn, StoreTxKind kind, GError **error)
{
  SqliteConn *c = conn;
  /* Every write transaction excludes the others, so an exclusive one
   * needs nothing more. */
  return run_simple(c, kind == STORE_TX_READ ? c->begin_read : c->begin_write, error);
}

static gboolean
sqlite_commit(void *conn, GError **error)
{
  SqliteConn *c = conn;
  return run_simple(c, c->commit, error);
}

static void
sqlite_rollback(void *conn)
{
  SqliteConn *c = conn;
  if (sqlite3_get_autocommit(c->handle))
    return;
  g_autoptr(GError) error = NULL;
  if (!run_simple(c, c->rollback, &error))
    g_warning("ROLLBACK mislykkedes: %s", error->message);
}

static gboolean
sqlite_in_transaction(void *conn)
{
  SqliteConn *c = conn;
  return !sqlite3_get_autocommit(c->handle);
}

static gboolean
sqlite_in_write_transaction(void *conn)
{
  SqliteConn *c = conn;
  return sqlite3_txn_state(c->handle, NULL) == SQLITE_TXN_WRITE;
}

/* ---- Schema and checks ------------------------------------------------------------ */

static gboolean
sqlite_table_exists(void *conn, const char *table, gboolean *out_exists, GError **error)
{
  SqliteConn *c = conn;
  sqlite3_stmt *stmt = NULL;
  if (!prepare_raw(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", 0,
                   &stmt, error))
    return FALSE;
  sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
  if (!ok)
    set_error(c, rc, error);
  *out_exists = rc == SQLITE_ROW;
  sqlite3_finalize(stmt);
  return ok;
}

static gboolean
sqlite_check(void *conn, GString *report, gboolean *out_ok, GError **error)
{
  SqliteConn *c = conn;
  sqlite3_stmt *stmt = NULL;
  int rc;
  *out_ok = TRUE;

  if (!prepare_raw(c, "PRAGMA integrity_check", 0, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(stmt, 0);
    if (line != NULL && strcmp(line, "ok") == 0)
      continue;
    g_string_append_printf(report, "integritet: %s\n", line ? line : "(ukendt fejl)");
    *out_ok = FALSE;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    set_error(c, rc, error);
    return FALSE;
  }

  if (!prepare_raw(c, "PRAGMA foreign_key_check", 0, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *table = (const char *)sqlite3_column_text(stmt, 0);
    const char *parent = (const char *)sqlite3_column_text(stmt, 2);
    if (sqlite3_column_type(stmt, 1) == SQLITE_NULL)
      g_string_append_printf(report,
                             "fremmednøgle: en række i %s peger på en manglende række i %s\n",
                             table, parent);
    else
      g_string_append_printf(report,
                             "fremmednøgle: %s række %lld peger på en manglende række i %s\n",
                             table, (long long)sqlite3_column_int64(stmt, 1), parent);
    *out_ok = FALSE;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    set_error(c, rc, error);
    return FALSE;
  }
  return TRUE;
}

/* ---- The schema's tables ------------------------------------------------------ */

static gboolean
sqlite_list_tables(void *conn, GPtrArray *out, GError **error)
{
  SqliteConn *c = conn;
  sqlite3_stmt *stmt = NULL;
  if (!prepare_raw(c,
                   "SELECT name FROM sqlite_master WHERE type = 'table'"
                   " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                   0, &stmt, error))
    return FALSE;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    g_ptr_array_add(out, store_table_info_new((const char *)sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    set_error(c, rc, error);
    return FALSE;
  }
  /* The key columns in key order, and the tables foreign keys name. */
  for (guint i = 0; i < out->len; i++) {
    StoreTableInfo *t = out->pdata[i];
    if (!prepare_raw(c, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", 0,
                     &stmt, error))
      return FALSE;
    sqlite3_bind_text(stmt, 1, t->name, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      g_ptr_array_add(t->primary_key, g_strdup((const char *)sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
      set_error(c, rc, error);
      return FALSE;
    }
    if (!prepare_raw(c, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", 0, &stmt,
                     error))
      return FALSE;
    sqlite3_bind_text(stmt, 1, t->name, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      g_ptr_array_add(t->parents, g_strdup((const char *)sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
      set_error(c, rc, error);
      return FALSE;
    }
  }
  return TRUE;
}

/* ---- Bulk loading ------------------------------------------------------------- */

/* A bulk load on SQLite is one prepared INSERT, stepped per row: inside a
 * transaction that is as fast as SQLite goes. */
struct StoreBulk {
  SqliteConn *conn;
  sqlite3_stmt *insert;
  gsize n_columns;
};

static StoreBulk *
sqlite_bulk_begin(void *conn, const char *table, const char *const *columns, gsize n_columns,
                  GError **error)
{
  SqliteConn *c = conn;
  g_autofree char *quoted_table = store_quote_ident(table);
  g_autoptr(GString) sql = g_string_new(NULL);
  g_string_printf(sql, "INSERT INTO %s (", quoted_table);
  for (gsize i = 0; i < n_columns; i++) {
    g_autofree char *col = store_quote_ident(columns[i]);
    g_string_append_printf(sql, "%s%s", i ? ", " : "", col);
  }
  g_string_append(sql, ") VALUES (");
  for (gsize i = 0; i < n_columns; i++)
    g_string_append(sql, i ? ", ?" : "?");
  g_string_append_c(sql, ')');
  sqlite3_stmt *stmt = NULL;
  if (!prepare_raw(c, sql->str, 0, &stmt, error))
    return NULL;
  StoreBulk *bulk = g_new0(StoreBulk, 1);
  bulk->conn = c;
  bulk->insert = stmt;
  bulk->n_columns = n_columns;
  return bulk;
}

static gboolean
sqlite_bulk_row(StoreBulk *bulk, const StoreParam *values, GError **error)
{
  if (!sqlite_bind(bulk->conn, (StoreStmt *)bulk->insert, values, bulk->n_columns, error))
    return FALSE;
  int rc = sqlite3_step(bulk->insert);
  sqlite3_reset(bulk->insert);
  if (rc != SQLITE_DONE) {
    set_error(bulk->conn, rc, error);
    return FALSE;
  }
  return TRUE;
}

static gboolean
sqlite_bulk_end(StoreBulk *bulk, gboolean ok, GError **error)
{
  (void)ok;
  (void)error;
  sqlite3_finalize(bulk->insert);
  g_free(bulk);
  return TRUE;
}

/* An INTEGER PRIMARY KEY takes the largest id + 1 by itself. */
static gboolean
sqlite_sync_ids(void *conn, const char *table, GError **error)
{
  (void)conn;
  (void)table;
  (void)error;
  return TRUE;
}

/* ---- Backup and restore -------------------------------------------------------- */

/* Copies database "main" of from into "main" of to in one step: one read
 * transaction on from (in WAL mode a writer there goes on meanwhile), so
 * the copy is the snapshot of one moment.  path names the file that
 * failed, for the message. */
static gboolean
copy_database(sqlite3 *from, sqlite3 *to, const char *path, GError **error)
{
  sqlite3_backup *backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == NULL) {
    set_error_code(path, sqlite3_extended_errcode(to), sqlite3_errmsg(to), error);
    return FALSE;
  }
  int rc;
  while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
    sqlite3_sleep(50);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    set_error_code(path, rc, sqlite3_errstr(rc), error);
    return FALSE;
  }
  return TRUE;
}

/* Runs one statement without rows on handle; FALSE with error naming path. */
static gboolean
exec_on(sqlite3 *handle, const char *path, const char *sql, GError **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec(handle, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    set_error_code(path, rc, msg ? msg : sqlite3_errstr(rc), error);
    sqlite3_free(msg);
    return FALSE;
  }
  return TRUE;
}

/* The copy is one self-contained file (journal_mode DELETE, no -wal file
 * beside it), created only if path does not exist yet. */
static gboolean
sqlite_backup_to(void *conn, const char *path, GError **error)
{
  SqliteConn *c = conn;
  if (g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                "%s findes allerede; vælg et nyt filnavn til sikkerhedskopien", path);
    return FALSE;
  }
  sqlite3 *dest = NULL;
  int rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  gboolean ok = rc == SQLITE_OK;
  if (!ok)
    open_failed(path, rc, dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc), error);
  ok = ok && copy_database(c->handle, dest, path, error) &&
       exec_on(dest, path, "PRAGMA journal_mode = DELETE", error);
  sqlite3_close(dest);
  if (!ok)
    g_unlink(path);
  return ok;
}

/* Replaces the connection's database by the file's (opened read-only, so
 * a backup is never changed by restoring from it) after the file passed
 * SQLite's integrity check. */
static gboolean
sqlite_restore_from(void *conn, const char *path, GError **error)
{
  SqliteConn *c = conn;
  sqlite3 *src = NULL;
  int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK) {
    open_failed(path, rc, src ? sqlite3_errmsg(src) : sqlite3_errstr(rc), error);
    sqlite3_close(src);
    return FALSE;
  }
  sqlite3_stmt *stmt = NULL;
  rc = sqlite3_prepare_v2(src, "PRAGMA quick_check", -1, &stmt, NULL);
  gboolean whole = FALSE;
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(stmt, 0);
    whole = line != NULL && strcmp(line, "ok") == 0;
    if (!whole)
      g_set_error(error, STORE_ERROR, STORE_ERROR_OPEN,
                  "%s er ikke en hel database (%s); intet er gendannet", path,
                  line ? line : "ukendt fejl");
  } else {
    open_failed(path, rc, sqlite3_errmsg(src), error);
  }
  sqlite3_finalize(stmt);
  gboolean ok = whole && copy_database(src, c->handle, c->path, error);
  sqlite3_close(src);
  return ok;
}

const StoreBackend store_sqlite_backend = {
  .name = "sqlite",
  .schemes = {"sqlite:", NULL},
  .open = sqlite_open,
  .close = sqlite_close,
  .exec_script = sqlite_exec_script,
  .rewrite_ddl = sqlite_rewrite_ddl,
  .prepare = sqlite_prepare,
  .finalize = sqlite_finalize,
  .bind = sqlite_bind,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .column_count = sqlite_column_count,
  .column_name = sqlite_column_name,
  .column_type = sqlite_column_type,
  .column_int = sqlite_column_int,
  .column_real = sqlite_column_real,
  .column_text = sqlite_column_text,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .in_transaction = sqlite_in_transaction,
  .in_write_transaction = sqlite_in_write_transaction,
  .table_exists = sqlite_table_exists,
  .check = sqlite_check,
  .list_tables = sqlite_list_tables,
  .bulk_begin = sqlite_bulk_begin,
  .bulk_row = sqlite_bulk_row,
  .bulk_end = sqlite_bulk_end,
  .sync_ids = sqlite_sync_ids,
  .backup_to = sqlite_backup_to,
  .restore_from = sqlite_restore_from,
};
