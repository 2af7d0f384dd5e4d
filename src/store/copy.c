/* copy.c — a whole installation from one database to another (SQLite to
 * PostgreSQL and back), and the row counts and checksums that prove it
 * arrived whole.
 *
 * The tables come from the database's own catalogue (list_tables), so a
 * table added by a later migration is copied without a change here; they
 * are copied parents first, so every foreign key finds its row.  Rows are
 * read in primary-key order from one read transaction of the source (one
 * snapshot, even of a database in use) and written through the target's
 * bulk path inside one write transaction: the copy is all or nothing.
 *
 * A table's checksum is SHA-256 over its rows in primary-key order, each
 * value written the same way whatever the backend: integers in decimal,
 * reals in their shortest exact form, text as it is (tab, newline and
 * backslash escaped), NULL as \N; tab between values, newline after each
 * row.  So the same data gives the same checksum on SQLite and on
 * PostgreSQL, and the target's sums, read back before its commit, must
 * equal the source's. */
#include <string.h>

#include "store/internal.h"

/* The schema's own bookkeeping: the migrations write it, not a copy. */
#define MIGRATIONS_TABLE "schema_migrations"

/* Tables whose one row the migrations put there (002_data_revision.sql,
 * 020_audit_chain.sql): an empty installation has it, and a copy
 * replaces it with the source's. */
static gboolean
seeded_by_migrations(const char *table)
{
  return strcmp(table, "data_revision") == 0 || strcmp(table, "audit_head") == 0;
}

/* ---- Tables in order ------------------------------------------------------- */

static int
compare_names(gconstpointer a, gconstpointer b)
{
  const StoreTableInfo *x = *(const StoreTableInfo *const *)a;
  const StoreTableInfo *y = *(const StoreTableInfo *const *)b;
  return strcmp(x->name, y->name);
}

/* The tables of db, parents before children (by name where free to
 * choose), as StoreTableInfo. */
static GPtrArray *
tables_in_order(StoreDb *db, GError **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func(store_table_info_free);
  if (!db->backend->list_tables(db->conn, all, error))
    return NULL;
  g_ptr_array_sort(all, compare_names);
  GPtrArray *ordered = g_ptr_array_new_with_free_func(store_table_info_free);
  g_autoptr(GHashTable) placed = g_hash_table_new(g_str_hash, g_str_equal);
  while (all->len > 0) {
    guint before = all->len;
    for (guint i = 0; i < all->len;) {
      StoreTableInfo *t = all->pdata[i];
      gboolean ready = TRUE;
      for (guint p = 0; p < t->parents->len && ready; p++) {
        const char *parent = t->parents->pdata[p];
        ready = strcmp(parent, t->name) == 0 || g_hash_table_contains(placed, parent);
      }
      if (!ready) {
        i++;
        continue;
      }
      g_ptr_array_add(ordered, g_ptr_array_steal_index(all, i));
      g_hash_table_add(placed, t->name);
    }
    if (all->len == before) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                  "tabellerne %s og flere henviser til hinanden i ring; de kan ikke kopieres",
                  ((StoreTableInfo *)all->pdata[0])->name);
      g_ptr_array_unref(ordered);
      return NULL;
    }
  }
  return ordered;
}

/* "SELECT * FROM t ORDER BY its key": the names come from the catalogue,
 * quoted; no value is ever written into SQL.  Newly allocated. */
static char *
select_in_key_order(const StoreTableInfo *t)
{
  g_autofree char *table = store_quote_ident(t->name);
  GString *sql = g_string_new(NULL);
  g_string_printf(sql, "SELECT * FROM %s", table);
  for (guint k = 0; k < t->primary_key->len; k++) {
    g_autofree char *col = store_quote_ident(t->primary_key->pdata[k]);
    g_string_append_printf(sql, "%s%s", k ? ", " : " ORDER BY ", col);
  }
  return g_string_free(sql, FALSE);
}

static gboolean
count_rows(StoreDb *db, const char *table, gint64 *out, GError **error)
{
  g_autofree char *quoted = store_quote_ident(table);
  g_autofree char *sql = g_strdup_printf("SELECT COUNT(*) FROM %s", quoted);
  return store_query_int(db, sql, STORE_NO_PARAMS, out, error);
}

/* ---- Checksums ----------------------------------------------------------------- */

static void
hash_text(GChecksum *sum, const char *text, gsize len)
{
  const char *run = text;
  for (const char *p = text; p < text + len; p++) {
    const char *escape = *p == '\\' ? "\\\\" : *p == '\t' ? "\\t" : *p == '\n' ? "\\n" : NULL;
    if (escape == NULL)
      continue;
    g_checksum_update(sum, (const guchar *)run, p - run);
    g_checksum_update(sum, (const guchar *)escape, 2);
    run = p + 1;
  }
  g_checksum_update(sum, (const guchar *)run, text + len - run);
}

/* Adds the current row to sum and, when values is not NULL, fills it
 * with the row as parameters (texts borrowed until the next step). */
static void
take_row(StoreDb *db, StoreStmt *stmt, int n, GChecksum *sum, StoreParam *values)
{
  const StoreBackend *b = db->backend;
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  for (int i = 0; i < n; i++) {
    if (i > 0)
      g_checksum_update(sum, (const guchar *)"\t", 1);
    gsize len = 0;
    const char *text;
    switch (b->column_type(stmt, i)) {
    case STORE_COL_INT: {
      gint64 v = b->column_int(stmt, i);
      int w = g_snprintf(num, sizeof num, "%" G_GINT64_FORMAT, v);
      g_checksum_update(sum, (const guchar *)num, w);
      if (values)
        values[i] = P_INT(v);
      break;
    }
    case STORE_COL_REAL: {
      double v = b->column_real(stmt, i);
      g_ascii_dtostr(num, sizeof num, v);
      g_checksum_update(sum, (const guchar *)num, (gssize)strlen(num));
      if (values)
        values[i] = P_REAL(v);
      break;
    }
    case STORE_COL_TEXT:
      text = b->column_text(stmt, i, &len);
      hash_text(sum, text ? text : "", text ? len : 0);
      if (values)
        values[i] = P_TEXT(text ? text : "");
      break;
    case STORE_COL_NULL:
    default:
      g_checksum_update(sum, (const guchar *)"\\N", 2);
      if (values)
        values[i] = P_NULL;
      break;
    }
  }
  g_checksum_update(sum, (const guchar *)"\n", 1);
}

/* Reads every row of t in key order into a checksum; with `to`, also
 * writes them there through a bulk load. */
static gboolean
stream_table(StoreDb *from, const StoreTableInfo *t, StoreDb *to, StoreCopyProgress progress,
             void *progress_data, gint64 total, gint64 *out_rows, char **out_checksum,
             GError **error)
{
  g_autofree char *sql = select_in_key_order(t);
  StoreStmt *stmt = store_stmt_open(from, sql, STORE_NO_PARAMS, error);
  if (stmt == NULL)
    return FALSE;
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  StoreBulk *bulk = NULL;
  g_autofree StoreParam *values = NULL;
  g_autofree const char **columns = NULL;
  gint64 rows = 0;
  gboolean ok = TRUE;
  StoreStep step;
  while (ok && (step = store_stmt_step(from, stmt, error)) == STORE_STEP_ROW) {
    int n = from->backend->column_count(stmt);
    if (to != NULL && bulk == NULL) {
      columns = g_new0(const char *, n);
      for (int i = 0; i < n; i++)
        columns[i] = from->backend->column_name(stmt, i);
      values = g_new0(StoreParam, n);
      bulk = to->backend->bulk_begin(to->conn, t->name, columns, (gsize)n, error);
      ok = bulk != NULL;
      if (!ok)
        break;
    }
    take_row(from, stmt, n, sum, values);
    if (bulk != NULL)
      ok = to->backend->bulk_row(bulk, values, error);
    rows++;
    if (progress != NULL && rows % 50000 == 0)
      progress(t->name, rows, total, progress_data);
  }
  if (!ok)
    step = STORE_STEP_ERROR;
  if (bulk != NULL && !to->backend->bulk_end(bulk, step == STORE_STEP_DONE,
                                              step == STORE_STEP_DONE ? error : NULL))
    step = STORE_STEP_ERROR;
  store_stmt_done(from, stmt);
  if (step != STORE_STEP_DONE)
    return FALSE;
  if (progress != NULL)
    progress(t->name, rows, total, progress_data);
  *out_rows = rows;
  *out_checksum = g_strdup(g_checksum_get_string(sum));
  return TRUE;
}

static json_t *
table_sum(gint64 rows, const char *checksum)
{
  return json_pack("{s:I, s:s}", "rows", (json_int_t)rows, "checksum", checksum);
}

json_t *
store_table_counts(StoreDb *db, GError **error)
{
  g_autoptr(GPtrArray) tables = tables_in_order(db, error);
  if (tables == NULL)
    return NULL;
  json_t *counts = json_object();
  for (guint i = 0; i < tables->len; i++) {
    const StoreTableInfo *t = tables->pdata[i];
    gint64 n = 0;
    if (!count_rows(db, t->name, &n, error)) {
      json_decref(counts);
      return NULL;
    }
    json_object_set_new(counts, t->name, json_integer(n));
  }
  return counts;
}

json_t *
store_table_sums(StoreDb *db, StoreCopyProgress progress, void *progress_data, GError **error)
{
  g_autoptr(GPtrArray) tables = tables_in_order(db, error);
  if (tables == NULL)
    return NULL;
  json_t *sums = json_object();
  for (guint i = 0; i < tables->len; i++) {
    const StoreTableInfo *t = tables->pdata[i];
    gint64 rows = 0, total = 0;
    g_autofree char *checksum = NULL;
    if ((progress != NULL && !count_rows(db, t->name, &total, error)) ||
        !stream_table(db, t, NULL, progress, progress_data, total, &rows, &checksum, error)) {
      json_decref(sums);
      return NULL;
    }
    json_object_set_new(sums, t->name, table_sum(rows, checksum));
  }
  return sums;
}

/* ---- Copying ---------------------------------------------------------------------- */

/* Nothing in the target but what its migrations wrote. */
static gboolean
require_empty(StoreDb *to, const GPtrArray *tables, GError **error)
{
  for (guint i = 0; i < tables->len; i++) {
    const StoreTableInfo *t = tables->pdata[i];
    if (strcmp(t->name, MIGRATIONS_TABLE) == 0 || seeded_by_migrations(t->name))
      continue;
    gint64 n = 0;
    if (!count_rows(to, t->name, &n, error))
      return FALSE;
    if (n > 0) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                  "måldatabasen er ikke tom (tabellen %s har %" G_GINT64_FORMAT " rækker); "
                  "spor copy kopierer kun til en tom database og opretter selv skemaet",
                  t->name, n);
      return FALSE;
    }
  }
  return TRUE;
}

/* The tables of both must be the same (one schema version). */
static gboolean
require_same_tables(const GPtrArray *a, const GPtrArray *b, GError **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < b->len; i++)
    g_hash_table_add(names, ((StoreTableInfo *)b->pdata[i])->name);
  for (guint i = 0; i < a->len; i++) {
    const char *name = ((StoreTableInfo *)a->pdata[i])->name;
    if (!g_hash_table_contains(names, name)) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_SCHEMA,
                  "måldatabasen mangler tabellen %s, som kildedatabasen har", name);
      return FALSE;
    }
  }
  if (a->len != b->len) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_SCHEMA,
                        "måldatabasen har tabeller, som kildedatabasen ikke har");
    return FALSE;
  }
  return TRUE;
}

static gboolean
copy_all(StoreDb *from, StoreDb *to, const GPtrArray *tables, StoreCopyProgress progress,
         void *progress_data, json_t *sums, GError **error)
{
  if (!require_empty(to, tables, error))
    return FALSE;
  for (guint i = 0; i < tables->len; i++) {
    const StoreTableInfo *t = tables->pdata[i];
    if (strcmp(t->name, MIGRATIONS_TABLE) == 0)
      continue; /* written by the target's own migrations, compared below */
    if (seeded_by_migrations(t->name)) {
      /* The name is one of two fixed identifiers, never input. */
      g_autofree char *sql = g_strconcat("DELETE FROM ", t->name, NULL);
      if (!store_exec_bookkeeping(to, sql, STORE_NO_PARAMS, error))
        return FALSE;
    }
    gint64 total = 0, rows = 0;
    g_autofree char *checksum = NULL;
    if (!count_rows(from, t->name, &total, error) ||
        !stream_table(from, t, to, progress, progress_data, total, &rows, &checksum, error))
      return FALSE;
    if (t->primary_key->len == 1 && strcmp(t->primary_key->pdata[0], "id") == 0 &&
        !to->backend->sync_ids(to->conn, t->name, error))
      return FALSE;
    json_object_set_new(sums, t->name, table_sum(rows, checksum));
  }
  /* The copy is proved by the target's own sums, read back before the
   * commit, in the same order. */
  for (guint i = 0; i < tables->len; i++) {
    const StoreTableInfo *t = tables->pdata[i];
    if (strcmp(t->name, MIGRATIONS_TABLE) == 0)
      continue;
    gint64 rows = 0;
    g_autofree char *checksum = NULL;
    if (!stream_table(to, t, NULL, NULL, NULL, 0, &rows, &checksum, error))
      return FALSE;
    json_t *source = json_object_get(sums, t->name);
    if (json_integer_value(json_object_get(source, "rows")) != rows ||
        g_strcmp0(json_string_value(json_object_get(source, "checksum")), checksum) != 0) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED,
                  "tabellen %s kom ikke hel over (%" G_GINT64_FORMAT " af %" G_GINT64_FORMAT
                  " rækker, kontrolsum %s i stedet for %s); intet er gemt",
                  t->name, rows, (gint64)json_integer_value(json_object_get(source, "rows")),
                  checksum, json_string_value(json_object_get(source, "checksum")));
      return FALSE;
    }
  }
  return TRUE;
}

json_t *
store_copy(StoreDb *from, StoreDb *to, StoreCopyProgress progress, void *progress_data,
           GError **error)
{
  if (store_in_transaction(from) || store_in_transaction(to)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        "intern fejl: kopiering kræver databaser uden åbne transaktioner");
    return NULL;
  }
  /* The source at this spor's schema; the target brought there. */
  if (!store_require_current_schema(from, error) || !store_migrate(to, NULL, error) ||
      !store_require_current_schema(to, error))
    return NULL;
  if (!store_begin(from, STORE_TX_READ, error))
    return NULL;
  json_t *sums = json_object();
  g_autoptr(GPtrArray) tables = tables_in_order(from, error);
  g_autoptr(GPtrArray) target_tables = NULL;
  gboolean ok = tables != NULL && store_begin(to, STORE_TX_WRITE, error) &&
                (target_tables = tables_in_order(to, error)) != NULL &&
                require_same_tables(tables, target_tables, error) &&
                copy_all(from, to, tables, progress, progress_data, sums, error) &&
                store_commit(to, error);
  store_rollback(to);
  store_rollback(from);
  if (!ok) {
    json_decref(sums);
    return NULL;
  }
  return sums;
}
