/* migrate.c — the schema: built-in migrations (resources under
 * /spor/migrations/, NNN_name.sql), applying them in order, the schema
 * version, and `spor check`. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "spor-resources.h"
#include "store/internal.h"

#define MIGRATIONS_DIR "/spor/migrations/"

/* The program's resources.  They are compiled with --manual-register, and
 * nothing may rely on `main` having registered them (unit tests link only
 * their module), so the store registers them the first time it needs them
 * unless someone already did. */
static GResource *
resources(void)
{
  static gsize done = 0;
  if (g_once_init_enter(&done)) {
    if (spor_get_resource() == NULL)
      spor_register_resource();
    g_once_init_leave(&done, 1);
  }
  return spor_get_resource();
}

/* One built-in migration with the resource data that backs its text. */
typedef struct {
  StoreMigration m;
  char *name;
  GBytes *bytes;
} Builtin;

static void
builtin_free(gpointer data)
{
  Builtin *b = data;
  g_free(b->name);
  g_bytes_unref(b->bytes);
  g_free(b);
}

static int
builtin_compare(gconstpointer a, gconstpointer b)
{
  const Builtin *x = *(const Builtin *const *)a, *y = *(const Builtin *const *)b;
  return (x->m.version > y->m.version) - (x->m.version < y->m.version);
}

/* Splits "001_init.sql" into 1 and "init"; FALSE for other names. */
static gboolean
parse_name(const char *file, int *out_version, char **out_name)
{
  if (!g_str_has_suffix(file, ".sql"))
    return FALSE;
  const char *p = file;
  while (g_ascii_isdigit(*p))
    p++;
  if (p == file || p - file > 6 || *p != '_')
    return FALSE;
  *out_version = atoi(file);
  if (*out_version <= 0)
    return FALSE;
  *out_name = g_strndup(p + 1, strlen(p + 1) - strlen(".sql"));
  return TRUE;
}

/* The built-in migrations sorted by version, texts loaded when with_text. */
static GPtrArray *
load_builtin(gboolean with_text, GError **error)
{
  g_auto(GStrv) files = g_resource_enumerate_children(resources(), MIGRATIONS_DIR,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (files == NULL)
    return NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(builtin_free);
  for (int i = 0; files[i] != NULL; i++) {
    int version;
    char *name;
    if (!parse_name(files[i], &version, &name))
      continue;
    Builtin *b = g_new0(Builtin, 1);
    b->name = name;
    b->m.version = version;
    b->m.name = name;
    g_ptr_array_add(list, b);
    if (with_text) {
      g_autofree char *path = g_strconcat(MIGRATIONS_DIR, files[i], NULL);
      b->bytes = g_resource_lookup_data(resources(), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                        error);
      if (b->bytes == NULL)
        return NULL;
      /* Resource data is always followed by a NUL byte. */
      b->m.sql = g_bytes_get_data(b->bytes, NULL);
    }
  }
  g_ptr_array_sort(list, builtin_compare);
  for (guint i = 1; i < list->len; i++) {
    const Builtin *prev = list->pdata[i - 1], *b = list->pdata[i];
    if (prev->m.version == b->m.version) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_SCHEMA,
                  "to indbyggede migreringer har nummer %03d (%s og %s)", b->m.version,
                  prev->name, b->name);
      return NULL;
    }
  }
  return g_steal_pointer(&list);
}

int
store_schema_latest(void)
{
  static gsize latest = 0; /* the version + 1, so that 0 means "not yet" */
  if (g_once_init_enter(&latest)) {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) list = load_builtin(FALSE, &error);
    int v = 0;
    if (list == NULL)
      g_critical("de indbyggede migreringer kan ikke læses: %s", error->message);
    else if (list->len > 0)
      v = ((const Builtin *)list->pdata[list->len - 1])->m.version;
    g_once_init_leave(&latest, (gsize)v + 1);
  }
  return (int)(latest - 1);
}

gboolean
store_schema_version(StoreDb *db, int *out_version, GError **error)
{
  gboolean exists = FALSE;
  if (!db->backend->table_exists(db->conn, "schema_migrations", &exists, error))
    return FALSE;
  gint64 version = 0;
  if (exists &&
      !store_query_int(db, "SELECT MAX(version) FROM schema_migrations", STORE_NO_PARAMS,
                       &version, error))
    return FALSE;
  *out_version = (int)version;
  return TRUE;
}

static void
set_newer_error(int version, int latest, GError **error)
{
  g_set_error(error, STORE_ERROR, STORE_ERROR_SCHEMA,
              "databasen har skemaversion %d, men denne spor kender kun op til %d; "
              "den er oprettet af en nyere spor (opgradér spor)",
              version, latest);
}

gboolean
store_migrate_apply(StoreDb *db, const StoreMigration *list, gsize n, guint *n_applied,
                    GError **error)
{
  if (n_applied != NULL)
    *n_applied = 0;
  if (store_in_transaction(db)) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                        "intern fejl: migreringer kan ikke køre i en åben transaktion");
    return FALSE;
  }
  /* Step one, on its own: the table that records the others.  Every step
   * is an exclusive transaction, so that two processes migrating at once
   * (two servers started together) take turns on both backends. */
  if (!store_begin(db, STORE_TX_EXCLUSIVE, error))
    return FALSE;
  if (!store_exec_script(db,
                         "CREATE TABLE IF NOT EXISTS schema_migrations ("
                         " version INTEGER PRIMARY KEY,"
                         " name TEXT NOT NULL,"
                         " applied_at TEXT NOT NULL)",
                         error) ||
      !store_commit(db, error)) {
    store_rollback(db);
    return FALSE;
  }
  int current;
  if (!store_schema_version(db, &current, error))
    return FALSE;
  int latest = n > 0 ? list[n - 1].version : 0;
  if (current > latest) {
    set_newer_error(current, latest, error);
    return FALSE;
  }

  /* Every migration not yet recorded, in order, also one numbered below
   * the newest recorded: work merged from several lines of development
   * may bring such a migration later. */
  json_t *recorded = store_query_rows(db, "SELECT version FROM schema_migrations",
                                      STORE_NO_PARAMS, error);
  if (recorded == NULL)
    return FALSE;
  g_autoptr(GHashTable) done_versions = g_hash_table_new(g_direct_hash, g_direct_equal);
  size_t r;
  json_t *row;
  json_array_foreach(recorded, r, row)
    g_hash_table_add(done_versions,
                     GINT_TO_POINTER((int)json_integer_value(json_object_get(row, "version"))));
  json_decref(recorded);

  guint applied = 0;
  for (gsize i = 0; i < n; i++) {
    const StoreMigration *m = &list[i];
    if (g_hash_table_contains(done_versions, GINT_TO_POINTER(m->version)))
      continue;
    if (!store_begin(db, STORE_TX_EXCLUSIVE, error))
      return FALSE;
    /* Another process may have applied it while we waited for the lock. */
    gint64 done = 0;
    gboolean ok = store_query_int(db, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
                                  STORE_PARAMS(P_INT(m->version)), &done, error);
    if (ok && done == 0) {
      g_autofree char *ddl = db->backend->rewrite_ddl(m->sql);
      g_autofree char *now = spor_timestamp_now(0);
      ok = store_exec_script(db, ddl, error) &&
           store_exec_bookkeeping(db,
                                  "INSERT INTO schema_migrations (version, name, applied_at) "
                                  "VALUES (?, ?, ?)",
                                  STORE_PARAMS(P_INT(m->version), P_TEXT(m->name), P_TEXT(now)),
                                  error);
      if (ok)
        applied++;
    }
    if (!ok || !store_commit(db, error)) {
      store_rollback(db);
      g_prefix_error(error, "migrering %03d_%s blev ikke udført: ", m->version, m->name);
      if (n_applied != NULL)
        *n_applied = applied;
      return FALSE;
    }
  }
  if (n_applied != NULL)
    *n_applied = applied;
  return TRUE;
}

gboolean
store_migrate(StoreDb *db, guint *n_applied, GError **error)
{
  g_autoptr(GPtrArray) builtin = load_builtin(TRUE, error);
  if (builtin == NULL)
    return FALSE;
  g_autofree StoreMigration *list = g_new0(StoreMigration, MAX(builtin->len, 1));
  for (guint i = 0; i < builtin->len; i++)
    list[i] = ((const Builtin *)builtin->pdata[i])->m;
  if (!store_migrate_apply(db, list, builtin->len, n_applied, error))
    return FALSE;
  /* Audit lines written before the chain (020_audit_chain.sql) join it. */
  guint chained = 0;
  if (!store_begin(db, STORE_TX_WRITE, error))
    return FALSE;
  if (!store_audit_chain_legacy(db, &chained, error) || !store_commit(db, error)) {
    store_rollback(db);
    g_prefix_error(error, "revisionsloggen kunne ikke kædes: ");
    return FALSE;
  }
  return TRUE;
}

gboolean
store_require_schema_version(StoreDb *db, int latest, GError **error)
{
  int version;
  if (!store_schema_version(db, &version, error))
    return FALSE;
  if (version == latest)
    return TRUE;
  if (version == 0)
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_SCHEMA,
                        "databasen har intet skema (kør spor init)");
  else if (version < latest)
    g_set_error(error, STORE_ERROR, STORE_ERROR_SCHEMA,
                "databasen har skemaversion %d, men denne spor bruger %d (kør spor migrate)",
                version, latest);
  else
    set_newer_error(version, latest, error);
  return FALSE;
}

gboolean
store_require_current_schema(StoreDb *db, GError **error)
{
  if (!store_require_schema_version(db, store_schema_latest(), error))
    return FALSE;
  /* The newest is there; so must every one before it be. */
  g_autoptr(GPtrArray) builtin = load_builtin(FALSE, error);
  if (builtin == NULL)
    return FALSE;
  for (guint i = 0; i < builtin->len; i++) {
    const StoreMigration *m = &((const Builtin *)builtin->pdata[i])->m;
    gint64 done = 0;
    if (!store_query_int(db, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
                         STORE_PARAMS(P_INT(m->version)), &done, error))
      return FALSE;
    if (done == 0) {
      g_set_error(error, STORE_ERROR, STORE_ERROR_SCHEMA,
                  "databasen mangler migrering %03d_%s (kør spor migrate)", m->version, m->name);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
store_check(StoreDb *db, GString *report, GError **error)
{
  gboolean ok = TRUE;
  if (!db->backend->check(db->conn, report, &ok, error))
    return FALSE;
  int version, latest = store_schema_latest();
  if (!store_schema_version(db, &version, error))
    return FALSE;
  if (version == 0) {
    g_string_append(report, "skema: databasen har intet skema (kør spor init)\n");
    ok = FALSE;
  } else if (version < latest) {
    g_string_append_printf(report,
                           "skema: version %d, men denne spor bruger %d (kør spor migrate)\n",
                           version, latest);
    ok = FALSE;
  } else if (version > latest) {
    g_string_append_printf(report,
                           "skema: version %d er nyere end denne spors %d (opgradér spor)\n",
                           version, latest);
    ok = FALSE;
  }
  if (version == latest) {
    /* One snapshot: the head and the lines as one writer left them. */
    gboolean chain_ok = TRUE;
    gboolean read = store_begin(db, STORE_TX_READ, error) &&
                    store_audit_verify(db, report, &chain_ok, error);
    store_rollback(db);
    if (!read)
      return FALSE;
    ok = ok && chain_ok;
  }
  return ok;
}
