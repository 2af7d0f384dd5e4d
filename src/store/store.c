/* store.c — connections by URL, the per-connection statement cache, column
 * access and transactions: the backend-neutral layer between the entity
 * files and an adapter (sqlite.c, pg.c); and the small text tools the
 * adapters share (dialect rewriting, quoting, URL redaction). */
#include <string.h>

#include "store/internal.h"

G_DEFINE_QUARK(spor-store-error-quark, store_error)

static const StoreBackend *const backends[] = {
  &store_sqlite_backend,
  &store_pg_backend,
};

static void
cached_stmt_free(gpointer data)
{
  StoreCachedStmt *c = data;
  c->backend->finalize(c->stmt);
  g_free(c->sql);
  g_free(c);
}

/* ---- Connections --------------------------------------------------------- */

StoreDb *
store_open(const char *url, GError **error)
{
  if (url == NULL || *url == '\0') {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_URL,
                        "ingen database angivet (skriv fx sqlite:var/spor.db)");
    return NULL;
  }
  for (guint i = 0; i < G_N_ELEMENTS(backends); i++) {
    const StoreBackend *backend = backends[i];
    gboolean match = FALSE;
    for (guint k = 0; backend->schemes[k] != NULL && !match; k++)
      match = g_str_has_prefix(url, backend->schemes[k]);
    if (!match)
      continue;
    void *conn = backend->open(url, error);
    if (conn == NULL)
      return NULL;
    StoreDb *db = g_new0(StoreDb, 1);
    db->backend = backend;
    db->conn = conn;
    db->stmts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, cached_stmt_free);
    return db;
  }
  if (strchr(url, ':') == NULL) {
    /* A bare path: no scheme, so nothing secret to hide. */
    g_set_error(error, STORE_ERROR, STORE_ERROR_URL,
                "'%s' er ikke en databaseadresse; mente du sqlite:%s?", url, url);
    return NULL;
  }
  g_autofree char *scheme = g_strndup(url, strcspn(url, ":/"));
  g_set_error(error, STORE_ERROR, STORE_ERROR_URL,
              "ukendt databaseadresse '%s…': understøttet er sqlite:STI "
              "(fx sqlite:var/spor.db) og postgresql://… (fx postgresql://spor@localhost/spor)",
              scheme);
  return NULL;
}

char *
store_url_redacted(const char *url)
{
  if (url == NULL)
    return g_strdup("");
  GString *out = g_string_new(NULL);
  const char *p = url;
  /* user:password@host in a URI's authority. */
  const char *authority = strstr(url, "://");
  if (authority != NULL) {
    authority += 3;
    gsize len = strcspn(authority, "/?#");
    const char *at = NULL;
    for (const char *q = authority; q < authority + len; q++)
      if (*q == '@')
        at = q;
    const char *colon = at ? memchr(authority, ':', (gsize)(at - authority)) : NULL;
    if (colon != NULL) {
      g_string_append_len(out, url, colon + 1 - url);
      g_string_append(out, "***");
      p = at;
    }
  }
  /* password=… among the parameters after '?'. */
  while (*p != '\0') {
    gboolean starts = p > url && (p[-1] == '?' || p[-1] == '&');
    if (starts && g_ascii_strncasecmp(p, "password=", 9) == 0) {
      g_string_append(out, "password=***");
      p += 9;
      p += strcspn(p, "&#");
      continue;
    }
    g_string_append_c(out, *p++);
  }
  return g_string_free(out, FALSE);
}

/* ---- Text tools for the adapters -------------------------------------- */

static gboolean
is_word_char(char c)
{
  return g_ascii_isalnum(c) || c == '_';
}

char *
store_sql_rewrite(const char *sql, const char *const (*map)[2], gsize n_map, gboolean params,
                  int *out_n_params)
{
  GString *out = g_string_sized_new(strlen(sql) + 16);
  int n = 0;
  const char *p = sql;
  while (*p != '\0') {
    char c = *p;
    if (c == '\'' || c == '"') {
      /* A literal or quoted identifier, its quote doubled inside. */
      const char *end = p + 1;
      for (;;) {
        if (*end == '\0')
          break;
        if (*end == c && end[1] == c) {
          end += 2;
          continue;
        }
        if (*end == c) {
          end++;
          break;
        }
        end++;
      }
      g_string_append_len(out, p, end - p);
      p = end;
    } else if (c == '-' && p[1] == '-') {
      gsize len = strcspn(p, "\n");
      g_string_append_len(out, p, (gssize)len);
      p += len;
    } else if (c == '/' && p[1] == '*') {
      const char *end = strstr(p + 2, "*/");
      end = end ? end + 2 : p + strlen(p);
      g_string_append_len(out, p, end - p);
      p = end;
    } else if (c == '?' && params) {
      g_string_append_printf(out, "$%d", ++n);
      p++;
    } else if (g_ascii_isalpha(c) || c == '_') {
      const char *end = p;
      while (is_word_char(*end))
        end++;
      gsize len = (gsize)(end - p);
      const char *replacement = NULL;
      for (gsize i = 0; i < n_map && replacement == NULL; i++)
        if (strlen(map[i][0]) == len && g_ascii_strncasecmp(p, map[i][0], len) == 0)
          replacement = map[i][1];
      if (replacement != NULL)
        g_string_append(out, replacement);
      else
        g_string_append_len(out, p, (gssize)len);
      p = end;
    } else if (g_ascii_isdigit(c)) {
      /* A number, so that 1e5 or 0x1F never reads as a word. */
      const char *end = p;
      while (is_word_char(*end) || *end == '.')
        end++;
      g_string_append_len(out, p, end - p);
      p = end;
    } else {
      g_string_append_c(out, c);
      p++;
    }
  }
  if (out_n_params != NULL)
    *out_n_params = n;
  return g_string_free(out, FALSE);
}

char *
store_quote_ident(const char *name)
{
  GString *out = g_string_new("\"");
  for (const char *p = name; *p != '\0'; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
  return g_string_free(out, FALSE);
}

StoreTableInfo *
store_table_info_new(const char *name)
{
  StoreTableInfo *info = g_new0(StoreTableInfo, 1);
  info->name = g_strdup(name);
  info->primary_key = g_ptr_array_new_with_free_func(g_free);
  info->parents = g_ptr_array_new_with_free_func(g_free);
  return info;
}

void
store_table_info_free(gpointer data)
{
  StoreTableInfo *info = data;
  if (info == NULL)
    return;
  g_free(info->name);
  g_ptr_array_unref(info->primary_key);
  g_ptr_array_unref(info->parents);
  g_free(info);
}

void
store_close(StoreDb *db)
{
  if (db == NULL)
    return;
  if (db->backend->in_transaction(db->conn))
    db->backend->rollback(db->conn);
  /* Statements first: the connection cannot close under them. */
  g_hash_table_destroy(db->stmts);
  if (db->immutable != NULL)
    g_hash_table_destroy(db->immutable);
  g_clear_pointer(&db->tx_answer_rules, g_hash_table_unref);
  db->backend->close(db->conn);
  g_free(db);
}

const char *
store_backend_name(const StoreDb *db)
{
  return db->backend->name;
}

/* ---- Statements ----------------------------------------------------------- */

static guint
fast_slot(const char *sql)
{
  guintptr p = (guintptr)sql;
  return (guint)((p >> 4) ^ (p >> 12)) % STORE_STMT_FAST_SLOTS;
}

static StoreStmt *
lookup(StoreDb *db, const char *sql, GError **error)
{
  guint slot = fast_slot(sql);
  StoreCachedStmt *c = db->fast[slot];
  /* The address is only a hint: the text must match too. */
  if (c != NULL && c->sql_ptr == sql && strcmp(c->sql, sql) == 0)
    return c->stmt;
  c = g_hash_table_lookup(db->stmts, sql);
  if (c == NULL) {
    StoreStmt *stmt = db->backend->prepare(db->conn, sql, error);
    if (stmt == NULL)
      return NULL;
    c = g_new0(StoreCachedStmt, 1);
    c->backend = db->backend;
    c->sql = g_strdup(sql);
    c->stmt = stmt;
    g_hash_table_insert(db->stmts, c->sql, c);
  }
  c->sql_ptr = sql;
  db->fast[slot] = c;
  return c->stmt;
}

StoreStmt *
store_stmt_open(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
                GError **error)
{
  StoreStmt *stmt = lookup(db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (!db->backend->bind(db->conn, stmt, params, n_params, error)) {
    db->backend->reset(stmt);
    return NULL;
  }
  return stmt;
}

StoreStep
store_stmt_step(StoreDb *db, StoreStmt *stmt, GError **error)
{
  return db->backend->step(db->conn, stmt, error);
}

void
store_stmt_done(StoreDb *db, StoreStmt *stmt)
{
  if (stmt != NULL)
    db->backend->reset(stmt);
}

gboolean
store_col_is_null(StoreDb *db, StoreStmt *stmt, int col)
{
  return db->backend->column_type(stmt, col) == STORE_COL_NULL;
}

gint64
store_col_int(StoreDb *db, StoreStmt *stmt, int col)
{
  return db->backend->column_int(stmt, col);
}

double
store_col_real(StoreDb *db, StoreStmt *stmt, int col)
{
  return db->backend->column_real(stmt, col);
}

const char *
store_col_text(StoreDb *db, StoreStmt *stmt, int col)
{
  if (db->backend->column_type(stmt, col) == STORE_COL_NULL)
    return NULL;
  return db->backend->column_text(stmt, col, NULL);
}

char *
store_col_strdup(StoreDb *db, StoreStmt *stmt, int col)
{
  return g_strdup(store_col_text(db, stmt, col));
}

json_t *
store_row_to_json(StoreDb *db, StoreStmt *stmt, int first_col)
{
  const StoreBackend *b = db->backend;
  json_t *row = json_object();
  int n = b->column_count(stmt);
  for (int i = first_col; i < n; i++) {
    json_t *value;
    gsize len;
    const char *text;
    switch (b->column_type(stmt, i)) {
    case STORE_COL_INT:
      value = json_integer(b->column_int(stmt, i));
      break;
    case STORE_COL_REAL:
      value = json_real(b->column_real(stmt, i));
      break;
    case STORE_COL_TEXT:
      text = b->column_text(stmt, i, &len);
      /* Checked UTF-8: text that is not (only possible with foreign
       * data) becomes null rather than a broken JSON document. */
      value = text != NULL ? json_stringn(text, len) : NULL;
      if (value == NULL)
        value = json_null();
      break;
    case STORE_COL_NULL:
    default:
      value = json_null();
      break;
    }
    /* Column names are spor's own ASCII identifiers. */
    json_object_set_new_nocheck(row, b->column_name(stmt, i), value);
  }
  return row;
}

/* ---- Transactions ---------------------------------------------------------- */

gboolean
store_begin(StoreDb *db, StoreTxKind kind, GError **error)
{
  if (db->backend->in_transaction(db->conn)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        "intern fejl: der er allerede en åben transaktion");
    return FALSE;
  }
  db->visible_actor = db->visible_citizen = 0;
  g_clear_pointer(&db->tx_answer_rules, g_hash_table_unref);
  db->tx_changed = FALSE;
  return db->backend->begin(db->conn, kind, error);
}

gboolean
store_commit(StoreDb *db, GError **error)
{
  if (!db->backend->in_transaction(db->conn)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        "intern fejl: ingen åben transaktion at gemme");
    return FALSE;
  }
  /* In the same transaction as the change itself, so that a reader sees
   * either the old data with the old revision or the new with the new. */
  if (db->tx_changed &&
      !store_exec_bookkeeping(db, "UPDATE data_revision SET value = value + 1 WHERE id = 1",
                              STORE_NO_PARAMS, error))
    return FALSE;
  if (!db->backend->commit(db->conn, error))
    return FALSE;
  db->visible_actor = db->visible_citizen = 0;
  g_clear_pointer(&db->tx_answer_rules, g_hash_table_unref);
  db->tx_changed = FALSE;
  return TRUE;
}

gboolean
store_data_revision(StoreDb *db, gint64 *out_revision, GError **error)
{
  return store_query_int(db, "SELECT value FROM data_revision WHERE id = 1", STORE_NO_PARAMS,
                         out_revision, error);
}

void
store_rollback(StoreDb *db)
{
  if (db->backend->in_transaction(db->conn))
    db->backend->rollback(db->conn);
  db->visible_actor = db->visible_citizen = 0;
  g_clear_pointer(&db->tx_answer_rules, g_hash_table_unref);
  db->tx_changed = FALSE;
}

gboolean
store_in_transaction(const StoreDb *db)
{
  return db->backend->in_transaction(db->conn);
}

gboolean
store_in_write_transaction(const StoreDb *db)
{
  return db->backend->in_write_transaction(db->conn);
}

/* ---- Backup and restore ------------------------------------------------- */

gboolean
store_can_backup(const StoreDb *db)
{
  return db->backend->backup_to != NULL;
}

static gboolean
require_file_backup(const StoreDb *db, GError **error)
{
  if (db->backend->backup_to != NULL && !db->backend->in_transaction(db->conn))
    return TRUE;
  g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                      db->backend->backup_to == NULL
                        ? "denne database sikkerhedskopieres med sine egne værktøjer"
                          " (PostgreSQL: pg_dump, se docs/postgresql.md)"
                        : "intern fejl: en sikkerhedskopi kan ikke tages inde i en transaktion");
  return FALSE;
}

gboolean
store_backup(StoreDb *db, const char *path, GError **error)
{
  return require_file_backup(db, error) && db->backend->backup_to(db->conn, path, error);
}

/* Drops every cached statement and read model of db. */
static void
forget_statements(StoreDb *db)
{
  g_hash_table_remove_all(db->stmts);
  memset(db->fast, 0, sizeof db->fast);
  g_clear_pointer(&db->immutable, g_hash_table_destroy);
}

gboolean
store_restore(StoreDb *db, const char *path, GError **error)
{
  if (!require_file_backup(db, error))
    return FALSE;
  gint64 before = 0, restored = 0;
  gboolean has_revision = FALSE;
  if (!db->backend->table_exists(db->conn, "data_revision", &has_revision, error) ||
      (has_revision && !store_data_revision(db, &before, error)))
    return FALSE;
  /* Statements prepared against the old schema would not fit the new. */
  forget_statements(db);
  if (!db->backend->restore_from(db->conn, path, error))
    return FALSE;
  if (!db->backend->table_exists(db->conn, "data_revision", &has_revision, error))
    return FALSE;
  if (!has_revision)
    return TRUE; /* older than the data revision: store_check says so */
  if (!store_begin(db, STORE_TX_WRITE, error))
    return FALSE;
  if (!store_data_revision(db, &restored, error) ||
      !store_exec_bookkeeping(db, "UPDATE data_revision SET value = ? WHERE id = 1",
                              STORE_PARAMS(P_INT(MAX(before, restored) + 1)), error) ||
      !store_commit(db, error)) {
    store_rollback(db);
    return FALSE;
  }
  return TRUE;
}
