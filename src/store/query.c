/* query.c — the generic helpers every entity file is written with: rows as
 * JSON, one row, exec, insert returning the id, one integer, and nesting
 * child rows without a query per parent. */
#include "store/internal.h"

json_t *
store_query_rows(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
                 GError **error)
{
  StoreStmt *stmt = store_stmt_open(db, sql, params, n_params, error);
  if (stmt == NULL)
    return NULL;
  json_t *rows = json_array();
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW)
    json_array_append_new(rows, store_row_to_json(db, stmt, 0));
  store_stmt_done(db, stmt);
  if (step == STORE_STEP_ERROR) {
    json_decref(rows);
    return NULL;
  }
  return rows;
}

json_t *
store_query_row(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
                const char *not_found_msg, GError **error)
{
  StoreStmt *stmt = store_stmt_open(db, sql, params, n_params, error);
  if (stmt == NULL)
    return NULL;
  json_t *row = NULL;
  switch (store_stmt_step(db, stmt, error)) {
  case STORE_STEP_ROW:
    row = store_row_to_json(db, stmt, 0);
    break;
  case STORE_STEP_DONE:
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                        not_found_msg != NULL ? not_found_msg : STORE_MSG_NOT_FOUND);
    break;
  case STORE_STEP_ERROR:
  default:
    break;
  }
  store_stmt_done(db, stmt);
  return row;
}

/* Marks the transaction as changing data unless sql only reads. */
static void
note_change(StoreDb *db, const char *sql)
{
  while (g_ascii_isspace(*sql))
    sql++;
  if (g_ascii_strncasecmp(sql, "SELECT", 6) != 0)
    db->tx_changed = TRUE;
}

gboolean
store_exec_bookkeeping(StoreDb *db, const char *sql, const StoreParam *params,
                       gsize n_params, GError **error)
{
  StoreStmt *stmt = store_stmt_open(db, sql, params, n_params, error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW)
    ;
  store_stmt_done(db, stmt);
  return step == STORE_STEP_DONE;
}

gboolean
store_exec(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
           GError **error)
{
  note_change(db, sql);
  return store_exec_bookkeeping(db, sql, params, n_params, error);
}

gboolean
store_query_int(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
                gint64 *out_value, GError **error)
{
  note_change(db, sql);
  StoreStmt *stmt = store_stmt_open(db, sql, params, n_params, error);
  if (stmt == NULL)
    return FALSE;
  gboolean ok = FALSE;
  StoreStep step = store_stmt_step(db, stmt, error);
  if (step == STORE_STEP_ROW) {
    *out_value = store_col_is_null(db, stmt, 0) ? 0 : store_col_int(db, stmt, 0);
    /* Run to the end: an UPDATE … RETURNING may touch several rows. */
    while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW)
      ;
    ok = step == STORE_STEP_DONE;
  } else if (step == STORE_STEP_DONE) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, STORE_MSG_NOT_FOUND);
  }
  store_stmt_done(db, stmt);
  return ok;
}

gint64
store_insert(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
             GError **error)
{
  gint64 id = 0;
  if (!store_query_int(db, sql, params, n_params, &id, error))
    return 0;
  return id;
}

gboolean
store_exec_script(StoreDb *db, const char *script, GError **error)
{
  return db->backend->exec_script(db->conn, script, error);
}

void
store_json_to_bool(json_t *object, const char *key)
{
  json_t *value = json_object_get(object, key);
  if (value != NULL && json_is_integer(value))
    json_object_set_new(object, key, json_boolean(json_integer_value(value) != 0));
}

gboolean
store_query_nest(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
                 json_t *parents, const char *key, GError **error)
{
  /* Parent id → its (borrowed) child array; the ids live in `ids`. */
  gsize n = json_array_size(parents);
  g_autofree gint64 *ids = g_new(gint64, MAX(n, 1));
  g_autoptr(GHashTable) arrays = g_hash_table_new(g_int64_hash, g_int64_equal);
  for (gsize i = 0; i < n; i++) {
    json_t *parent = json_array_get(parents, i);
    json_t *children = json_array();
    json_object_set_new_nocheck(parent, key, children);
    ids[i] = json_integer_value(json_object_get(parent, "id"));
    g_hash_table_insert(arrays, &ids[i], children);
  }
  StoreStmt *stmt = store_stmt_open(db, sql, params, n_params, error);
  if (stmt == NULL)
    return FALSE;
  StoreStep step;
  while ((step = store_stmt_step(db, stmt, error)) == STORE_STEP_ROW) {
    gint64 parent_id = store_col_int(db, stmt, 0);
    json_t *children = g_hash_table_lookup(arrays, &parent_id);
    if (children != NULL)
      json_array_append_new(children, store_row_to_json(db, stmt, 1));
  }
  store_stmt_done(db, stmt);
  return step == STORE_STEP_DONE;
}
