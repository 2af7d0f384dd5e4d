/* internal.h — private to src/store: the backend interface every adapter
 * implements, typed statement parameters, the query helpers the entity
 * files are written with, and the one SQL fragment that scopes citizen
 * rows.  Nothing outside src/store includes this, except the store's own
 * unit test.
 *
 * Layering inside the store:
 *   entity files (org.c, user.c, citizen.c, …)   portable SQL, '?' parameters
 *     → query.c  (rows as JSON, single row, exec, insert … RETURNING id)
 *     → store.c  (connection by URL, statement cache keyed by SQL text,
 *                 column access, transactions)
 *     → StoreBackend vtable  (sqlite.c, pg.c)
 *
 * Bulk paths beside the row-at-a-time helpers: loader.c (many new
 * citizens, courses and measurements at once, for `spor demo`), copy.c
 * (a whole installation from one database to another, with checksums)
 * and report.c (the national aggregates).  They reach the backend's fast
 * path through the bulk_* and list_tables entries of the vtable.
 */
#pragma once

#include "store/store.h"

/* ---- Parameters --------------------------------------------------------- */

/* One bound parameter.  Build them with the P_… macros below; a text
 * parameter keeps a borrowed pointer that must stay valid until the helper
 * that binds it returns. */
typedef struct StoreParam {
  char type; /* 'i' integer, 'd' real, 's' text (NULL pointer: SQL NULL), 'n' NULL */
  union {
    gint64 i;
    double d;
    const char *s;
  } v;
} StoreParam;

#define P_INT(x)  ((StoreParam){.type = 'i', .v.i = (gint64)(x)})
#define P_REAL(x) ((StoreParam){.type = 'd', .v.d = (double)(x)})
#define P_TEXT(x) ((StoreParam){.type = 's', .v.s = (x)})
#define P_NULL    ((StoreParam){.type = 'n'})
#define P_BOOL(x) P_INT((x) ? 1 : 0)

/* An id column that is NULL for "none" (0 in the C API). */
static inline StoreParam
store_param_id(gint64 id)
{
  return id != 0 ? P_INT(id) : P_NULL;
}
#define P_ID(x) store_param_id(x)

/* "array, count" for a list of parameters:
 *   store_exec(db, sql, STORE_PARAMS(P_INT(id), P_TEXT(name)), error)
 * (sizeof does not evaluate its operand, so each argument runs once). */
#define STORE_PARAMS(...)                                 \
  ((const StoreParam[]){__VA_ARGS__}),                    \
    (sizeof((const StoreParam[]){__VA_ARGS__}) / sizeof(StoreParam))
#define STORE_NO_PARAMS NULL, 0

/* ---- The backend interface --------------------------------------------- */

/* A backend's prepared statement and bulk load; each adapter has its own. */
typedef struct StoreStmt StoreStmt;
typedef struct StoreBulk StoreBulk;

typedef enum {
  STORE_STEP_ROW,
  STORE_STEP_DONE,
  STORE_STEP_ERROR,
} StoreStep;

typedef enum {
  STORE_COL_NULL,
  STORE_COL_INT,
  STORE_COL_REAL,
  STORE_COL_TEXT,
} StoreColType;

/* What an adapter implements.  `conn` is the adapter's own connection
 * state, returned by open().  Every function reporting failure maps the
 * backend's error onto STORE_ERROR with a Danish message. */
typedef struct StoreBackend {
  const char *name;              /* "sqlite", returned by store_backend_name() */
  const char *const schemes[3]; /* URL prefixes ("sqlite:"), NULL-terminated */

  /* url: the whole database URL, scheme included. */
  void *(*open)(const char *url, GError **error);
  void (*close)(void *conn);

  /* Runs a script of one or more statements without parameters (DDL). */
  gboolean (*exec_script)(void *conn, const char *script, GError **error);
  /* The dialect rewrite of a migration: ID_PRIMARY_KEY → the backend's
   * auto-numbered primary key (and on PostgreSQL REAL → DOUBLE PRECISION).
   * Newly allocated. */
  char *(*rewrite_ddl)(const char *script);

  /* Statements.  store.c caches them per connection by SQL text, so
   * prepare() runs once per distinct text and connection.  The text uses
   * '?' parameters; an adapter whose server wants another form (PostgreSQL:
   * $1, $2, …) rewrites them here, outside quoted literals. */
  StoreStmt *(*prepare)(void *conn, const char *sql, GError **error);
  void (*finalize)(StoreStmt *stmt);
  gboolean (*bind)(void *conn, StoreStmt *stmt, const StoreParam *params, gsize n_params,
                   GError **error);
  StoreStep (*step)(void *conn, StoreStmt *stmt, GError **error);
  /* Makes the statement ready for the next use and drops its bindings. */
  void (*reset)(StoreStmt *stmt);

  int (*column_count)(StoreStmt *stmt);
  const char *(*column_name)(StoreStmt *stmt, int col);
  StoreColType (*column_type)(StoreStmt *stmt, int col);
  gint64 (*column_int)(StoreStmt *stmt, int col);
  double (*column_real)(StoreStmt *stmt, int col);
  /* Borrowed; valid until the next step or reset.  *out_len (may be
   * NULL) receives the length in bytes. */
  const char *(*column_text)(StoreStmt *stmt, int col, gsize *out_len);

  gboolean (*begin)(void *conn, StoreTxKind kind, GError **error);
  gboolean (*commit)(void *conn, GError **error);
  void (*rollback)(void *conn);
  gboolean (*in_transaction)(void *conn);
  /* TRUE once the open transaction has taken the write lock (a write
   * transaction, or a read transaction that has written). */
  gboolean (*in_write_transaction)(void *conn);

  /* Whether a table exists (used before schema_migrations is created). */
  gboolean (*table_exists)(void *conn, const char *table, gboolean *out_exists,
                           GError **error);
  /* The backend's own consistency checks (SQLite: integrity_check and
   * foreign_key_check): one line per finding appended to report, *out_ok
   * FALSE when there was any. */
  gboolean (*check)(void *conn, GString *report, gboolean *out_ok, GError **error);

  /* The tables of the schema (StoreTableInfo, newly allocated) with their
   * primary-key columns and the tables their foreign keys name. */
  gboolean (*list_tables)(void *conn, GPtrArray *out, GError **error);

  /* Bulk loading into one table, in the backend's fastest way (SQLite:
   * one prepared INSERT; PostgreSQL: COPY ... FROM STDIN), inside the
   * caller's write transaction.  The values name every column, ids
   * included.  One bulk at a time per connection, and no other statement
   * until bulk_end(), which always frees the bulk (with ok FALSE it only
   * abandons it: the transaction must then be rolled back). */
  StoreBulk *(*bulk_begin)(void *conn, const char *table, const char *const *columns,
                           gsize n_columns, GError **error);
  gboolean (*bulk_row)(StoreBulk *bulk, const StoreParam *values, GError **error);
  gboolean (*bulk_end)(StoreBulk *bulk, gboolean ok, GError **error);
  /* After rows were loaded with explicit ids: new rows of the table get
   * ids after the largest one (SQLite does so by itself). */
  gboolean (*sync_ids)(void *conn, const char *table, GError **error);

  /* A whole-database copy to or from a file, consistent while others
   * write (SQLite: the online backup API).  NULL where the backend's own
   * tools do it (PostgreSQL: pg_dump, docs/postgresql.md). */
  gboolean (*backup_to)(void *conn, const char *path, GError **error);
  gboolean (*restore_from)(void *conn, const char *path, GError **error);
} StoreBackend;

extern const StoreBackend store_sqlite_backend;
extern const StoreBackend store_pg_backend;

/* One table of the schema, as list_tables() describes it. */
typedef struct StoreTableInfo {
  char *name;
  GPtrArray *primary_key; /* column names (char *), in key order */
  GPtrArray *parents;     /* tables its foreign keys reference (char *) */
} StoreTableInfo;

StoreTableInfo *store_table_info_new(const char *name);
void store_table_info_free(gpointer info);

/* Rewrites sql outside quoted literals, quoted identifiers and comments:
 * each word equal (ignoring case) to map[i][0] becomes map[i][1], and with
 * params each '?' becomes $1, $2, ... (*out_n_params, may be NULL, gets
 * how many).  Newly allocated.  The adapters' one place for dialect words. */
char *store_sql_rewrite(const char *sql, const char *const (*map)[2], gsize n_map,
                        gboolean params, int *out_n_params);

/* An identifier in double quotes, inner quotes doubled; newly allocated. */
char *store_quote_ident(const char *name);

/* One cached statement: its SQL text and the backend's statement. */
typedef struct StoreCachedStmt {
  const struct StoreBackend *backend;
  const char *sql_ptr; /* the caller's pointer last used, for the fast path */
  char *sql;           /* owned copy, the key in StoreDb.stmts */
  StoreStmt *stmt;
} StoreCachedStmt;

#define STORE_STMT_FAST_SLOTS 64

struct StoreDb {
  const StoreBackend *backend;
  void *conn;
  /* Prepared statements by SQL text (StoreCachedStmt, finalized on close).
   * Most SQL is a string literal, so a small table indexed by the text's
   * address (checked with strcmp, never trusted alone) saves hashing
   * long texts on every call. */
  GHashTable *stmts;
  StoreCachedStmt *fast[STORE_STMT_FAST_SLOTS];
  /* Read models of rows that never change once committed (instrument
   * versions), by id; see instrument.c.  NULL until first used. */
  GHashTable *immutable;
  /* The last (actor, citizen) found visible in the open transaction; see
   * store_citizen_require_visible().  Cleared at every transaction
   * boundary. */
  gint64 visible_actor, visible_citizen;
  /* The answers each item takes, by instrument id, for the measurements
   * written in the open transaction (measurement.c); dropped at every
   * transaction boundary with the visibility above. */
  GHashTable *tx_answer_rules;
  /* The open transaction has changed data that pages show; store_commit()
   * then advances data_revision (002_data_revision.sql). */
  gboolean tx_changed;
};

/* TRUE inside a transaction that holds the write lock: rows read there may
 * not be committed yet, so nothing read there may go into db->immutable. */
gboolean store_in_write_transaction(const StoreDb *db);

/* ---- Statements (store.c) ----------------------------------------------- */

/* The cached statement for sql, with params bound; NULL on error.  Step it
 * with store_stmt_step() and always end with store_stmt_done().  There is
 * one statement per text and connection: finish it before running the same
 * SQL again (the helpers below always do). */
StoreStmt *store_stmt_open(StoreDb *db, const char *sql, const StoreParam *params,
                           gsize n_params, GError **error);
StoreStep store_stmt_step(StoreDb *db, StoreStmt *stmt, GError **error);
void store_stmt_done(StoreDb *db, StoreStmt *stmt);

gboolean store_col_is_null(StoreDb *db, StoreStmt *stmt, int col);
gint64 store_col_int(StoreDb *db, StoreStmt *stmt, int col);
double store_col_real(StoreDb *db, StoreStmt *stmt, int col);
/* Borrowed; NULL for SQL NULL. */
const char *store_col_text(StoreDb *db, StoreStmt *stmt, int col);
/* Newly allocated copy; NULL for SQL NULL. */
char *store_col_strdup(StoreDb *db, StoreStmt *stmt, int col);
/* The current row as {column name: int/real/string/null}, from column
 * first_col on; a new reference. */
json_t *store_row_to_json(StoreDb *db, StoreStmt *stmt, int first_col);

/* ---- Query helpers (query.c) -------------------------------------------- */

/* Every row as a JSON array of objects; NULL on error. */
json_t *store_query_rows(StoreDb *db, const char *sql, const StoreParam *params,
                         gsize n_params, GError **error);
/* The first row as an object; STORE_ERROR_NOT_FOUND (with not_found_msg,
 * or a generic text when NULL) when there is none. */
json_t *store_query_row(StoreDb *db, const char *sql, const StoreParam *params,
                        gsize n_params, const char *not_found_msg, GError **error);
/* Runs a statement to its end (writes).  A statement other than a SELECT
 * marks the transaction as changing data (see StoreDb.tx_changed). */
gboolean store_exec(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
                    GError **error);
/* The course summary (summary.c, 110_course_summary.sql) of the courses
 * with ids in [first_course, last_course] (or of each id in course_ids,
 * which is sorted), computed again from their measurements; every write
 * of a measurement calls one of them for the courses it touched, in its
 * transaction. */
gboolean store_summary_refresh(StoreDb *db, gint64 first_course, gint64 last_course,
                               GError **error);
gboolean store_summary_refresh_many(StoreDb *db, GArray *course_ids, GError **error);

/* store_exec() for bookkeeping rows that no page shows as content
 * (sessions, login attempts, the audit log, schema_migrations): does not
 * advance the data revision, so logging in or being audited does not make
 * every cached page stale. */
gboolean store_exec_bookkeeping(StoreDb *db, const char *sql, const StoreParam *params,
                                gsize n_params, GError **error);
/* The first column of the first row as an integer (SQL NULL → 0);
 * NOT_FOUND when there is no row.  Also for "UPDATE … RETURNING id". */
gboolean store_query_int(StoreDb *db, const char *sql, const StoreParam *params,
                         gsize n_params, gint64 *out_value, GError **error);
/* Runs "INSERT … RETURNING id" and gives the id; 0 on error. */
gint64 store_insert(StoreDb *db, const char *sql, const StoreParam *params, gsize n_params,
                    GError **error);
/* Runs a parameterless script (several statements) through the backend. */
gboolean store_exec_script(StoreDb *db, const char *script, GError **error);

/* Replaces the 0/1 integer under key with a JSON boolean (no-op if absent). */
void store_json_to_bool(json_t *object, const char *key);
/* Nests child rows without a query per parent: runs sql, whose FIRST
 * column is a parent id, and appends each row (as an object, without that
 * column) to the array `key` of the object in `parents` whose "id" equals
 * it.  Every parent gets the array, empty when it has no rows; child order
 * is the query's. */
gboolean store_query_nest(StoreDb *db, const char *sql, const StoreParam *params,
                          gsize n_params, json_t *parents, const char *key, GError **error);

/* The courses of a report's scope (store/reports.c): appends " FROM course
 * k [JOIN citizen c] JOIN intervention i … WHERE …" and its parameters;
 * the citizen table c is joined when citizen is TRUE. */
void store_reports_scope_sql(GString *sql, GArray *params, const StoreReportsScope *s,
                             gboolean citizen);

/* ---- Migrations (migrate.c) --------------------------------------------- */

typedef struct StoreMigration {
  int version;       /* the NNN of NNN_name.sql */
  const char *name;  /* "init" */
  const char *sql;   /* portable SQL with the ID_PRIMARY_KEY token */
} StoreMigration;

/* Applies the migrations of list (sorted by version) newer than the
 * database, each in its own write transaction together with its row in
 * schema_migrations.  store_migrate() calls it with the built-in list; the
 * unit test calls it with a failing one. */
gboolean store_migrate_apply(StoreDb *db, const StoreMigration *list, gsize n,
                             guint *n_applied, GError **error);
/* store_require_current_schema() against a given latest version (the
 * unit test uses it to stand for a newer binary than this one). */
gboolean store_require_schema_version(StoreDb *db, int latest, GError **error);

/* ---- Row scoping --------------------------------------------------------- */

/* Units over which the user `?` holds a staff or leader role: an
 * assignment covers unit su of offer so when it is in the same
 * organisation and its offer and unit are either unset or equal.
 * One parameter: the user id. */
#define STORE_SQL_SCOPED_UNITS                                        \
  "SELECT su.id FROM role_assignment sra"                             \
  " JOIN offer so ON so.organisation_id = sra.organisation_id"        \
  " AND (sra.offer_id IS NULL OR sra.offer_id = so.id)"               \
  " JOIN unit su ON su.offer_id = so.id"                              \
  " AND (sra.unit_id IS NULL OR sra.unit_id = su.id)"                 \
  " WHERE sra.user_id = ? AND sra.role IN ('staff', 'leader')"

/* "Citizen c is visible to the actor": staff/leader over the citizen's
 * unit, an authority assigned to the citizen, or the citizen's own login.
 * Analysts and admins match none of these.  The query must call the
 * citizen table `c`; bind STORE_VISIBLE_PARAMS(actor) where it appears. */
#define STORE_SQL_CITIZEN_VISIBLE                                             \
  "(c.unit_id IN (" STORE_SQL_SCOPED_UNITS ")"                                \
  " OR c.id IN (SELECT vaa.citizen_id FROM authority_assignment vaa"          \
  " JOIN role_assignment vra ON vra.user_id = vaa.user_id"                    \
  " AND vra.role = 'authority' WHERE vaa.user_id = ?)"                        \
  " OR c.id IN (SELECT vcu.citizen_id FROM app_user vcu"                      \
  " JOIN role_assignment vrc ON vrc.user_id = vcu.id"                         \
  " AND vrc.role = 'citizen' WHERE vcu.id = ?))"
#define STORE_VISIBLE_PARAMS(actor) P_INT(actor), P_INT(actor), P_INT(actor)

/* "Citizen c is in the actor's care": staff or leader over its unit.
 * One parameter: the actor. */
#define STORE_SQL_CITIZEN_CARE "(c.unit_id IN (" STORE_SQL_SCOPED_UNITS "))"

/* Offers the user `?` leads: a leader role over the whole offer (at the
 * organisation, or at the offer itself).  One parameter: the user id. */
#define STORE_SQL_LED_OFFERS                                          \
  "SELECT lo.id FROM role_assignment lra"                             \
  " JOIN offer lo ON lo.organisation_id = lra.organisation_id"        \
  " AND (lra.offer_id IS NULL OR lra.offer_id = lo.id)"               \
  " WHERE lra.user_id = ? AND lra.role = 'leader' AND lra.unit_id IS NULL"

/* Offers the user `?` works in: staff or leader over one of its units.
 * One parameter: the user id. */
#define STORE_SQL_VISIBLE_OFFERS                                      \
  "SELECT wu.offer_id FROM unit wu WHERE wu.id IN (" STORE_SQL_SCOPED_UNITS ")"

/* The handbook's three phases for a new intervention (intervention.c). */
gboolean store_intervention_add_default_phases(StoreDb *db, gint64 intervention_id,
                                               GError **error);
/* When *error (error may be NULL) is NOT_FOUND, gives it message instead
 * of its own: "not found" about the row asked for, not a row behind it. */
void store_rename_not_found(GError **error, const char *message);
/* TRUE when value is one of the NULL-terminated allowed. */
gboolean store_one_of(const char *value, const char *const *allowed);
/* The kept versions of measurements and goals (revision.c). */
typedef enum {
  STORE_REVISION_MEASUREMENT,
  STORE_REVISION_GOAL,
} StoreRevisionKind;
/* Keeps a snapshot (a JSON object) as version `version` of row id. */
gboolean store_revision_put(StoreDb *db, StoreRevisionKind kind, gint64 id, gint64 version,
                            const json_t *snapshot, gint64 user_id, GError **error);
/* The snapshot kept for (id, version), a new reference, or NULL without
 * error when none was kept. */
json_t *store_revision_fetch(StoreDb *db, StoreRevisionKind kind, gint64 id, gint64 version,
                             GError **error);
/* [{version, changed_at, changed_by_name}] newest first. */
json_t *store_revision_list(StoreDb *db, StoreRevisionKind kind, gint64 id, GError **error);

/* NOT_FOUND unless the citizen exists and is visible to the actor
 * (citizen.c; used by courses and measurements).  A positive answer is
 * remembered until the transaction ends, so the citizen page (citizen,
 * courses, measurements in one transaction) evaluates the fragment once:
 * the store has no path that narrows visibility (no role or assignment is
 * ever removed, no citizen moved or deleted), so "visible" cannot turn
 * false inside one transaction. */
gboolean store_citizen_require_visible(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                                       GError **error);

/* The checks of a new row that need no query, shared by the one-row
 * functions and the loader (loader.c): names and enumerations. */
gboolean store_citizen_validate_fields(const StoreCitizenInput *input, GError **error);
gboolean store_course_validate_fields(const StoreCourseInput *input, GError **error);
gboolean store_measurement_validate_fields(const StoreMeasurementInput *input, GError **error);
/* Every answer names one of the instrument's items once, with a value of
 * that item's scale; rules as store_instrument_answer_rules() gives them. */
gboolean store_measurement_validate_answers(const StoreMeasurementInput *input, GHashTable *rules,
                                            GError **error);
/* The answers each item of an instrument version takes: item id (gint64)
 * → GArray of gint64, the values of the item's scale; an item without
 * scale values takes none.  Newly allocated. */
GHashTable *store_instrument_answer_rules(StoreDb *db, gint64 instrument_id, GError **error);

/* The generic "not found" message, for callers that have no better one. */
#define STORE_MSG_NOT_FOUND "findes ikke"
