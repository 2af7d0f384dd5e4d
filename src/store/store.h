/* store.h — the only way to the database.
 *
 * Everything above this header (domain, pages, CLI) calls these functions
 * and never sees SQL.  Behind it sit two backends chosen by URL: SQLite
 * ("sqlite:PATH") and PostgreSQL ("postgresql://…", any libpq URI).
 * Every statement is portable SQL with '?' parameters; what truly differs
 * between backends lives in the adapters (store/sqlite.c, store/pg.c) and
 * nowhere else.
 *
 * Conventions
 *  - A StoreDb is one connection, used by one thread at a time.  `serve`
 *    borrows connections from a StorePool.
 *  - Functions report failure through GError (domain STORE_ERROR) and return
 *    FALSE / 0 / NULL.  STORE_ERROR_NOT_FOUND means "no such row *or not
 *    visible to this actor*": callers turn it into 404 and must not tell the
 *    two apart.
 *  - Read models come back as jansson values (a new reference the caller
 *    releases with json_decref()); they are the view models' raw material.
 *    Column names become object keys; SQL NULL becomes JSON null.
 *  - Functions taking `actor_user_id` scope the rows in SQL to what that
 *    user may see through their role assignments (DESIGN §1):
 *      staff/leader    citizens of units inside the scope of the assignment,
 *      authority       citizens linked to them in authority_assignment,
 *      citizen         their own record (app_user.citizen_id),
 *      analyst/admin   no individual citizen.
 *  - Writes do not open transactions themselves: the caller (the HTTP
 *    dispatcher for a POST, a CLI command) wraps one request in one
 *    store_begin()/store_commit().  After a failed statement inside a
 *    transaction the caller rolls it back: PostgreSQL accepts nothing
 *    more in it, and a commit then fails.
 *  - Dates are ISO text "YYYY-MM-DD"; timestamps UTC "YYYY-MM-DDTHH:MM:SSZ".
 */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "core/roles.h"

typedef struct StoreDb StoreDb;
typedef struct StorePool StorePool;

#define STORE_ERROR (store_error_quark())
GQuark store_error_quark(void);

typedef enum {
  STORE_ERROR_FAILED,    /* anything not below */
  STORE_ERROR_NOT_FOUND, /* no such row, or not visible to the actor */
  STORE_ERROR_CONFLICT,  /* unique or foreign-key constraint violated */
  STORE_ERROR_BUSY,      /* database locked past the busy timeout: 503 */
  STORE_ERROR_URL,       /* malformed or unsupported database URL */
  STORE_ERROR_OPEN,      /* cannot open or create the database */
  STORE_ERROR_SCHEMA,    /* not migrated, or migrated by a newer spor */
  STORE_ERROR_READONLY,  /* the database or its directory is read-only */
  STORE_ERROR_FULL,      /* the disk is full */
  STORE_ERROR_UNAVAILABLE, /* the database server cannot be reached or the
                            * connection was lost: 503 (the connection is
                            * made again on its next use) */
  STORE_ERROR_RETRY,     /* a serialization failure or deadlock: the whole
                          * transaction may succeed if run again */
} StoreError;

/* ---- Connections ------------------------------------------------------ */

/* Opens one connection.  For "sqlite:PATH" the file (and its directory) is
 * created when missing, with WAL, foreign keys and a busy timeout.  For
 * "postgresql://…" (or "postgres://…") the server must be reachable and
 * the database exist; an unreachable server is STORE_ERROR_UNAVAILABLE
 * with a message naming host and port, never the password. */
StoreDb *store_open(const char *url, GError **error);
void store_close(StoreDb *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(StoreDb, store_close)

/* "sqlite" or "postgresql". */
const char *store_backend_name(const StoreDb *db);

/* The URL fit for a log or a terminal: a password in it (user:password@,
 * or password=…) is replaced by "***".  Newly allocated. */
char *store_url_redacted(const char *url);

/* A fixed set of `size` connections opened up front. */
StorePool *store_pool_new(const char *url, guint size, GError **error);
/* Borrows a connection, waiting while all are in use. */
StoreDb *store_pool_acquire(StorePool *pool);
/* Returns a borrowed connection; rolls back a transaction left open. */
void store_pool_release(StorePool *pool, StoreDb *db);
void store_pool_free(StorePool *pool);

/* ---- Transactions ----------------------------------------------------- */

typedef enum {
  STORE_TX_READ,      /* a consistent snapshot for several reads, no writes
                       * (PostgreSQL: REPEATABLE READ, READ ONLY) */
  STORE_TX_WRITE,     /* SQLite: BEGIN IMMEDIATE, the one writer at a time;
                       * PostgreSQL: READ COMMITTED, writers meet only at the
                       * rows they change (the data revision last of all) */
  STORE_TX_EXCLUSIVE, /* a write transaction that also excludes every other
                       * exclusive one, across processes (migrations) */
} StoreTxKind;

gboolean store_begin(StoreDb *db, StoreTxKind kind, GError **error);
/* Commits; when the transaction changed data that pages show, the data
 * revision advances in the same commit. */
gboolean store_commit(StoreDb *db, GError **error);
/* Rolls back the open transaction; a no-op when none is open. */
void store_rollback(StoreDb *db);
gboolean store_in_transaction(const StoreDb *db);

/* The data revision: a counter that every committed change of data pages
 * show advances (sessions, login attempts and the audit log do not).  Read
 * inside a read transaction, it names the snapshot the other reads of that
 * transaction see, across processes: a page rendered then is still right
 * while the revision is the same. */
gboolean store_data_revision(StoreDb *db, gint64 *out_revision, GError **error);

/* ---- Schema ----------------------------------------------------------- */

/* Applies every built-in migration newer than the database, in order, each
 * in its own transaction, recording it in schema_migrations.  *n_applied
 * (may be NULL) receives how many ran. */
gboolean store_migrate(StoreDb *db, guint *n_applied, GError **error);
/* The highest migration applied (0 for an empty database). */
gboolean store_schema_version(StoreDb *db, int *out_version, GError **error);
/* The highest migration built into this binary. */
int store_schema_latest(void);
/* Fails with STORE_ERROR_SCHEMA unless the database is at store_schema_latest(). */
gboolean store_require_current_schema(StoreDb *db, GError **error);
/* Integrity check, foreign-key check and schema version.  Appends one line
 * per finding to report; returns FALSE (without error) when anything is
 * wrong, and FALSE with error when the check itself could not run. */
gboolean store_check(StoreDb *db, GString *report, GError **error);

/* ---- The citizen's rights (GDPR) -------------------------------------- */

/* Everything held about one citizen that actor may see: {citizen (with
 * cpr_sealed, for the caller to open or drop), courses, measurements,
 * answers, accounts, authorities, access_log (who did what, from the
 * audit log)}.  A new reference; STORE_ERROR_NOT_FOUND when not visible. */
json_t *store_citizen_export(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                             GError **error);
/* Erases one citizen that actor may see, whole: the record, courses,
 * measurements and the rest, in the caller's write transaction, and
 * appends a "citizen.erase" audit line that holds no personal data.  The
 * citizen's own login stays as a disabled, nameless account. */
gboolean store_citizen_erase(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                             const char *address, GError **error);
/* The citizens every course of whom ended before the date (ISO), that a
 * retention job may erase: [{id, last_ended_on, courses}]. */
json_t *store_retention_due(StoreDb *db, const char *ended_before, GError **error);
/* Erases one such citizen for the retention job (audit action
 * "citizen.erase.retention", no user); STORE_ERROR_NOT_FOUND when the
 * citizen is not (or no longer) due. */
gboolean store_citizen_erase_retained(StoreDb *db, gint64 citizen_id, const char *ended_before,
                                      GError **error);

/* ---- Backup and restore ----------------------------------------------- */

/* TRUE when the backend copies itself to a file (SQLite); PostgreSQL is
 * backed up with pg_dump (docs/postgresql.md). */
gboolean store_can_backup(const StoreDb *db);
/* Writes a consistent copy of the whole database, taken while others may
 * be writing, to the new file path (which must not exist).  No
 * transaction may be open on db. */
gboolean store_backup(StoreDb *db, const char *path, GError **error);
/* Replaces the whole database of db by the backup file at path, after the
 * file passed an integrity check; the data revision then moves past both
 * the old and the restored one, so that no server shows a page cached
 * before.  The caller checks the result (store_check) before it is used;
 * no transaction may be open on db. */
gboolean store_restore(StoreDb *db, const char *path, GError **error);

/* ---- Organisation tree ------------------------------------------------ */

/* kind: "municipality", "region" or "private". */
gint64 store_organisation_create(StoreDb *db, const char *name, const char *kind, GError **error);
/* kind: free text such as "residential_offer", "home_support". */
gint64 store_offer_create(StoreDb *db, gint64 organisation_id, const char *name,
                          const char *kind, GError **error);
gint64 store_unit_create(StoreDb *db, gint64 offer_id, const char *name, GError **error);

/* The whole tree for admins and the CLI:
 * [{id, name, kind, offers: [{id, name, kind, units: [{id, name}]}]}]. */
json_t *store_org_tree(StoreDb *db, GError **error);

/* Units in which the actor may register citizens (staff or leader role whose
 * scope contains the unit): [{id, name, offer_id, offer_name}], by name. */
json_t *store_unit_list_writable(StoreDb *db, gint64 actor_user_id, GError **error);

/* ---- Users and role assignments --------------------------------------- */

typedef struct StoreRoleAssignment {
  SporRole role;
  gint64 organisation_id; /* always set */
  gint64 offer_id;        /* 0 when the scope is the organisation */
  gint64 unit_id;         /* 0 unless the scope is a unit */
} StoreRoleAssignment;

typedef struct StoreUser {
  gint64 id;
  char *username;
  char *display_name;
  char *password_hash;    /* argon2id string; NULL when none set */
  char *language;         /* "da", "en", or NULL for the browser's */
  gboolean disabled;
  gint64 citizen_id;      /* the citizen this login belongs to, or 0 */
  GArray *roles;          /* of StoreRoleAssignment */
} StoreUser;

void store_user_free(StoreUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(StoreUser, store_user_free)

/* Union of the capabilities of the user's roles. */
guint store_user_capabilities(const StoreUser *user);

typedef struct StoreUserInput {
  const char *username;
  const char *display_name;
  const char *password_hash; /* may be NULL */
  const char *language;      /* may be NULL */
  gint64 citizen_id;         /* 0 for none */
} StoreUserInput;

/* STORE_ERROR_CONFLICT when the username is taken. */
gint64 store_user_create(StoreDb *db, const StoreUserInput *input, GError **error);
/* Both fill the roles; NOT_FOUND when absent. */
StoreUser *store_user_get(StoreDb *db, gint64 user_id, GError **error);
StoreUser *store_user_get_by_username(StoreDb *db, const char *username, GError **error);
/* Gives a role at the scope (scope_id names an organisation, offer or unit;
 * the store fills the rest of the chain).  NOT_FOUND for an unknown scope. */
gboolean store_user_add_role(StoreDb *db, gint64 user_id, SporRole role,
                             SporScopeKind scope_kind, gint64 scope_id, GError **error);
gboolean store_user_set_password_hash(StoreDb *db, gint64 user_id, const char *hash,
                                      GError **error);
gboolean store_user_set_disabled(StoreDb *db, gint64 user_id, gboolean disabled,
                                 GError **error);
/* Every user with their roles, no hashes:
 * [{id, username, display_name, disabled, citizen_id,
 *   roles: [{role, scope_kind, scope_id, scope_name}]}]. */
json_t *store_user_list(StoreDb *db, GError **error);

/* ---- Sessions and login throttling ------------------------------------ */

typedef struct StoreSession {
  gint64 id;
  gint64 user_id;
  char *csrf_token;
  char *created_at;
  char *last_seen_at;
} StoreSession;

void store_session_free(StoreSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(StoreSession, store_session_free)

/* token_hash: hex of a keyed hash of the cookie token; the token itself is
 * never stored. */
gboolean store_session_create(StoreDb *db, const char *token_hash, gint64 user_id,
                              const char *csrf_token, const char *now, GError **error);
/* NOT_FOUND when there is no such session. */
StoreSession *store_session_get(StoreDb *db, const char *token_hash, GError **error);
gboolean store_session_touch(StoreDb *db, gint64 session_id, const char *now, GError **error);
gboolean store_session_delete(StoreDb *db, const char *token_hash, GError **error);
gboolean store_session_delete_for_user(StoreDb *db, gint64 user_id, GError **error);
/* Deletes sessions idle since before idle_cutoff or created before
 * absolute_cutoff. */
gboolean store_session_delete_expired(StoreDb *db, const char *idle_cutoff,
                                      const char *absolute_cutoff, GError **error);

gboolean store_login_attempt_record(StoreDb *db, const char *username, const char *address,
                                    gboolean succeeded, const char *now, GError **error);
/* Failed attempts at or after `since`, for the username and for the address. */
gboolean store_login_failures_since(StoreDb *db, const char *username, const char *address,
                                    const char *since, gint64 *out_by_username,
                                    gint64 *out_by_address, GError **error);

/* ---- Citizens --------------------------------------------------------- */

/* The background data asked at the start of a course (resultatdokumentation
 * (e)); every text may be NULL. */
typedef struct StoreCitizenInput {
  gint64 unit_id;
  const char *first_name;
  const char *last_name;
  const char *birth_date;         /* ISO date or NULL */
  const char *gender;             /* "female", "male", "other" or NULL */
  const char *referral_basis;     /* visitationsgrundlag */
  const char *diagnoses;
  const char *education;
  const char *occupation;         /* erhverv */
  const char *housing;            /* bolig */
  const char *intervention_goals; /* målene for indsatsen */
  const char *medical_treatment;
  const char *criminal_record;    /* kriminalitet */
  const char *mother_tongue;
  const char *ethnic_background;
  const char *family_situation;   /* familieforhold */
  const char *cohabitation;       /* samlivssituation */
  gint64 contact_person_id;       /* a staff user, or 0 */
  const char *cpr_sealed;         /* domain/cpr.h: cpr_seal(), or NULL */
  const char *cpr_hash;           /* and cpr_lookup_hash() of the same number */
} StoreCitizenInput;

typedef struct StoreCitizenFilter {
  const char *search; /* part of the name, case-insensitive; NULL for all */
  const char *cpr_hash; /* exactly this CPR look-up hash; NULL for any */
  gint64 unit_id;     /* 0 for every visible unit */
  int limit;          /* 0 for the default (200) */
  int offset;
} StoreCitizenFilter;

/* Visible citizens, by last then first name:
 * [{id, first_name, last_name, birth_date, gender, unit_id, unit_name,
 *   offer_name, contact_person_name, last_measured_on}]. */
json_t *store_citizen_list(StoreDb *db, gint64 actor_user_id,
                           const StoreCitizenFilter *filter, GError **error);
/* The sealed CPR number of a visible citizen (newly allocated; NULL in
 * *out_sealed when none is registered); NOT_FOUND when not visible. */
gboolean store_citizen_cpr_sealed(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                                  char **out_sealed, GError **error);
/* How many citizens store_citizen_list would give without limit/offset. */
gboolean store_citizen_count(StoreDb *db, gint64 actor_user_id,
                             const StoreCitizenFilter *filter, gint64 *out_count,
                             GError **error);
/* One visible citizen with every background field, unit_name, offer_id,
 * offer_name and contact_person_name; NOT_FOUND when invisible. */
json_t *store_citizen_get(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                          GError **error);
/* NOT_FOUND when the unit is not writable by the actor (see
 * store_unit_list_writable), CONFLICT for a contact person outside it. */
gint64 store_citizen_create(StoreDb *db, gint64 actor_user_id,
                            const StoreCitizenInput *input, GError **error);
/* Links an authority user (caseworker) to a citizen. */
gboolean store_authority_assign(StoreDb *db, gint64 authority_user_id, gint64 citizen_id,
                                GError **error);

/* ---- Interventions and courses ---------------------------------------- */

gint64 store_intervention_create(StoreDb *db, gint64 offer_id, const char *name,
                                 const char *description, GError **error);
/* Interventions of the offer: [{id, name, description}]. */
json_t *store_intervention_list(StoreDb *db, gint64 offer_id, GError **error);

typedef struct StoreCourseInput {
  gint64 citizen_id;
  gint64 intervention_id; /* must belong to the citizen's offer */
  const char *started_on;
  const char *phase;      /* "stabilisation", "primary_intervention", "aftercare" */
  const char *ended_on;   /* NULL while running */
  const char *end_reason;
  const char *discharged_to;
} StoreCourseInput;

/* CONFLICT when the intervention is not one of the citizen's offer. */
gint64 store_course_create(StoreDb *db, const StoreCourseInput *input, GError **error);
/* Courses of a visible citizen, newest first: [{id, intervention_id,
 * intervention_name, started_on, ended_on, phase, end_reason,
 * discharged_to}]; NOT_FOUND when the citizen is invisible. */
json_t *store_course_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                          GError **error);

/* ---- Instruments ------------------------------------------------------ */

/* An instrument version as the store keeps it: the definition text whole,
 * and what queries and scoring need as columns and rows.  The domain layer
 * (domain/instrument.c) builds it from a validated definition; the store
 * parses no definitions.  Every text is borrowed for the call. */
typedef struct StoreScaleValueInput {
  gint64 value;
  const char *label_da, *label_en;
  double score;            /* ignored when excluded */
  gboolean flagged, excluded;
} StoreScaleValueInput;

typedef struct StoreScaleInput {
  const char *key;
  double score_min, score_max; /* over the regular values */
  const StoreScaleValueInput *values;
  gsize n_values;
} StoreScaleInput;

typedef struct StoreItemInput {
  const char *key;
  const char *text_da, *text_en;
  const char *scale_key;
  const char *subscale_key; /* NULL for none */
  gboolean reverse;
  double weight;
} StoreItemInput;

typedef struct StoreScoringInput {
  const char *method;      /* "sum", "mean", "percent_of_max", "gas_t" */
  gint64 min_answered;
  double factor, rho;
} StoreScoringInput;

typedef struct StoreSubscaleInput {
  const char *key;
  const char *name_da, *name_en;
  StoreScoringInput scoring;
  gboolean higher_is_better;
} StoreSubscaleInput;

typedef struct StoreInstrumentInput {
  const char *key;
  gint64 version;
  const char *name_da, *name_en;
  const char *kind;        /* "questionnaire", "goal_based", "practice_assessment" */
  const char *source;      /* "builtin", "import" or "fhir" */
  gint64 imported_by;      /* a user, or 0 */
  gboolean higher_is_better;
  gint64 scale_min, scale_max; /* the regular values' range over every scale */
  gboolean has_total;
  StoreScoringInput total;
  const char *definition;  /* the JSON text, kept whole */
  const StoreScaleInput *scales;
  gsize n_scales;
  const StoreItemInput *items;
  gsize n_items;
  const StoreSubscaleInput *subscales;
  gsize n_subscales;
} StoreInstrumentInput;

/* Stores a new version with its items, scales and subscales; CONFLICT when
 * (key, version) exists.  Versions are never changed or deleted after. */
gint64 store_instrument_insert(StoreDb *db, const StoreInstrumentInput *input, GError **error);
/* Versions stored before their derived rows existed (003), whose rows
 * store_instrument_complete() must add: [{id, definition}]. */
json_t *store_instrument_list_incomplete(StoreDb *db, GError **error);
/* Adds the derived rows of an existing version from input (key, version
 * and definition are not changed); items are matched by key. */
gboolean store_instrument_complete(StoreDb *db, gint64 instrument_id,
                                   const StoreInstrumentInput *input, GError **error);

/* [{id, key, version, name_da, name_en, kind, scale_min, scale_max,
 *   higher_is_better, source, created_at, versions, measurements}], the
 * newest version of each key only; versions counts the key's versions,
 * measurements those of every version. */
json_t *store_instrument_list(StoreDb *db, GError **error);
/* Every version of a key, newest first: [{id, version, source, created_at,
 * imported_by_name, measurements}]; an empty list for an unknown key. */
json_t *store_instrument_versions(StoreDb *db, const char *key, GError **error);
/* The id of a key's version (version 0: the newest); NOT_FOUND when absent. */
gboolean store_instrument_find(StoreDb *db, const char *key, gint64 version, gint64 *out_id,
                               GError **error);
/* The newest version of a key stored from the given source, as
 * store_instrument_find(); NOT_FOUND when there is none. */
gboolean store_instrument_find_by_source(StoreDb *db, const char *key, const char *source,
                                         gint64 *out_id, GError **error);
/* How many measurements were answered on this version. */
gboolean store_instrument_measurement_count(StoreDb *db, gint64 instrument_id,
                                            gint64 *out_count, GError **error);
/* The definition text of a version; newly allocated, NULL with NOT_FOUND. */
char *store_instrument_definition(StoreDb *db, gint64 instrument_id, GError **error);
/* One version: [the list's columns] plus
 * items: [{id, position, key, text_da, text_en, scale_key, subscale_key,
 *          reverse, weight}] and
 * scale: the values of the first item's scale [{value, label_da, label_en,
 *        score, flagged, excluded}]. */
json_t *store_instrument_get(StoreDb *db, gint64 instrument_id, GError **error);
/* The newest version of the instrument with this key. */
json_t *store_instrument_get_by_key(StoreDb *db, const char *key, GError **error);

/* ---- Measurements ----------------------------------------------------- */

typedef struct StoreAnswerInput {
  gint64 item_id;
  gboolean has_value; /* FALSE: not answered */
  int value;
  const char *comment;
} StoreAnswerInput;

typedef struct StoreMeasurementInput {
  gint64 citizen_id;
  gint64 course_id;            /* 0 for none */
  gint64 instrument_id;
  const char *measured_on;     /* ISO date */
  const char *point;           /* "start", "follow_up", "end", "after_end", "ad_hoc" */
  const char *respondent;      /* "citizen", "staff", "relative", "authority" */
  const char *collection_method; /* "self_report", "simple_interview", … */
  const char *status;          /* "draft" or "approved" */
  const char *comment;
  gboolean has_score;
  double score;                /* the total as scored at entry */
  const StoreAnswerInput *answers;
  gsize n_answers;
} StoreMeasurementInput;

/* Records a measurement and its answers for a citizen the actor can see
 * (NOT_FOUND otherwise); the actor is recorded as the rater.  CONFLICT when
 * an item is not one of the instrument's or the course is not the citizen's. */
gint64 store_measurement_create(StoreDb *db, gint64 actor_user_id,
                                const StoreMeasurementInput *input, GError **error);
/* Measurements of a visible citizen, oldest first:
 * [{id, course_id, instrument_id, instrument_key, instrument_version,
 *   instrument_name_da, instrument_name_en, measured_on, point, respondent, collection_method,
 *   status, comment, score, rater_name,
 *   answers: [{item_id, item_key, position, value, comment}]}]. */
json_t *store_measurement_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                               GError **error);

/* Called for each answer row: its measurement, item, and value (has_value
 * FALSE for "not answered").  Returning FALSE stops the walk. */
typedef gboolean (*StoreAnswerFunc)(gint64 measurement_id, gint64 item_id, gboolean has_value,
                                    gint64 value, void *data);
/* Walks every answer of every measurement answered on this instrument
 * version, grouped by measurement in ascending id order, without building
 * them in memory.  Not scoped to an actor: for the command line, reports
 * that aggregate, and benchmarks, never for showing one citizen. */
gboolean store_measurement_answers_foreach(StoreDb *db, gint64 instrument_id,
                                           StoreAnswerFunc fn, void *data, GError **error);

/* ---- Loading many rows at once ------------------------------------------
 *
 * A loader takes many new citizens, courses and measurements and writes
 * them a batch at a time in the backend's fastest way (PostgreSQL: COPY),
 * parents before children, in bounded memory.  Each row is checked as the
 * one-row functions check it (names and enumerations, a unit that exists,
 * a contact person of the unit, the intervention of the citizen's offer,
 * answers on the instrument's items and scale) before it is taken; the
 * database's constraints check the rest when the batch is written.  It
 * does not scope rows to an actor: it is for trusted callers (`spor demo`),
 * never for requests.  Ids are handed out after the largest id in each
 * table, so nothing else may add citizens, courses or measurements while
 * a loader runs (`spor demo` fills a database that has no users yet). */
typedef struct StoreLoader StoreLoader;

/* Inside a transaction, which flushes need to be write transactions. */
StoreLoader *store_loader_new(StoreDb *db, GError **error);
void store_loader_free(StoreLoader *loader);
/* Each gives the id the new row will have; 0 with an error when refused
 * (and then nothing of the row is kept). */
gint64 store_loader_add_citizen(StoreLoader *loader, const StoreCitizenInput *input,
                                GError **error);
gint64 store_loader_add_course(StoreLoader *loader, const StoreCourseInput *input,
                               GError **error);
gint64 store_loader_add_measurement(StoreLoader *loader, gint64 rater_user_id,
                                    const StoreMeasurementInput *input, GError **error);
/* How many rows (answers included) wait to be written. */
gsize store_loader_pending(const StoreLoader *loader);
/* Writes the waiting rows inside the caller's write transaction, which
 * the caller then commits (the data revision advances with it).  After a
 * failure the caller rolls back and frees the loader. */
gboolean store_loader_flush(StoreLoader *loader, GError **error);

/* ---- National aggregates (report.c) --------------------------------------
 *
 * Over every course with an approved "start" and an approved "end"
 * measurement of the instrument (its first start and last end), counting
 * the items answered at both.  For analysts and reports: no row names a
 * citizen.  The database returns integer sums; the caller divides, so
 * the figures are the same on both backends. */

typedef struct StoreReportFilter {
  gint64 organisation_id; /* 0: every organisation */
  gint64 offer_id;        /* 0: every offer */
  const char *respondent; /* "staff", "citizen", …; NULL: anyone */
} StoreReportFilter;

/* Change from start to end per intervention (by name, across offers) and
 * item: [{intervention, item_id, item_key, item_text_da, item_text_en, n,
 * sum_start, sum_end, sum_change, sum_change_sq}], by intervention and
 * item order.  filter may be NULL. */
json_t *store_report_change(StoreDb *db, gint64 instrument_id, const StoreReportFilter *filter,
                            GError **error);
/* Development per item, judged by the instrument's direction:
 * [{item_id, item_key, item_text_da, item_text_en, n, improved, unchanged,
 * worsened}].  These are the goal-attainment categories without goals:
 * "goal reached" needs a recorded goal, which spor does not hold yet. */
json_t *store_report_development(StoreDb *db, gint64 instrument_id,
                                 const StoreReportFilter *filter, GError **error);

/* ---- Moving a whole installation ---------------------------------------
 *
 * Tables come from the database's catalogue, copied parents first; a
 * table's checksum is SHA-256 over its rows in primary-key order, each
 * value written the same way on both backends (copy.c), so equal data has
 * equal sums on SQLite and PostgreSQL. */

/* Called now and then while a table is read: rows done of total. */
typedef void (*StoreCopyProgress)(const char *table, gint64 done, gint64 total,
                                  void *user_data);

/* Copies every row of every table from `from` (at this spor's schema
 * version) to `to`, which is migrated first and must hold no data
 * (CONFLICT otherwise).  One snapshot of the source, one transaction on
 * the target, committed only when the target's row counts and checksums,
 * read back, equal the source's.  Returns the sums
 * {table: {rows, checksum}} (parents first; schema_migrations, which the
 * migrations write, apart), a new reference; NULL with error, and then
 * nothing is written. */
json_t *store_copy(StoreDb *from, StoreDb *to, StoreCopyProgress progress, void *progress_data,
                   GError **error);
/* The same sums of one database (every table), for comparing two
 * installations; inside a read transaction they are one snapshot. */
json_t *store_table_sums(StoreDb *db, StoreCopyProgress progress, void *progress_data,
                         GError **error);
/* Rows per table: {table: n}. */
json_t *store_table_counts(StoreDb *db, GError **error);

/* ---- Audit ------------------------------------------------------------ */

/* The audit log is a hash chain (see store/audit.c): lines are only ever
 * appended, inside the caller's write transaction, and `spor check`
 * verifies the chain. */
typedef struct StoreAuditEntry {
  gint64 user_id;      /* 0: none (the command line) */
  gint64 citizen_id;   /* 0: not about one citizen */
  const char *action;  /* "citizen.read", "measurement.create", "login", … */
  const char *detail;  /* may be NULL; never personal data beyond ids */
  const char *address; /* the client's address, or "cli"; may be NULL */
} StoreAuditEntry;

/* Appends one line to the audit log.  user_id and citizen_id may be 0. */
gboolean store_audit_append(StoreDb *db, gint64 user_id, gint64 citizen_id,
                            const char *action, const char *detail, const char *address,
                            GError **error);
/* Appends n lines in order, under one lock of the chain. */
gboolean store_audit_append_many(StoreDb *db, const StoreAuditEntry *entries, gsize n,
                                 GError **error);
/* The newest entries first: [{id, seq, at, user_id, username, citizen_id,
 * action, detail, address}]. */
json_t *store_audit_list(StoreDb *db, int limit, GError **error);

typedef struct StoreAuditFilter {
  gint64 citizen_id;    /* 0: any */
  const char *username; /* NULL: any */
  const char *from;     /* ISO date or timestamp, inclusive; NULL: no bound */
  const char *until;    /* exclusive; NULL: no bound */
  int limit, offset;    /* limit 0: 100; at most 1000 */
} StoreAuditFilter;

/* Lines the actor may see, newest first: those about citizens visible to
 * them, and those without a citizen (logins) by users who hold a role in
 * the units the actor leads.  {total, limit, offset, entries: [{seq, at,
 * user_id, username, user_name, citizen_id, citizen_first_name,
 * citizen_last_name, action, detail, address}]}. */
json_t *store_audit_search(StoreDb *db, gint64 actor_user_id, const StoreAuditFilter *filter,
                           GError **error);

/* Verifies the chain from its anchor to its head; appends one line per
 * finding (or one summary line) to report and sets *out_ok. */
gboolean store_audit_verify(StoreDb *db, GString *report, gboolean *out_ok, GError **error);

/* Puts lines written before the chain existed into it, oldest first (in
 * the caller's write transaction); store_migrate() does it. */
gboolean store_audit_chain_legacy(StoreDb *db, guint *out_n, GError **error);

/* Retention: removes every line written before the date `before`
 * (YYYY-MM-DD) and moves the chain's anchor to the last removed line, so
 * the rest still verifies.  With dry_run only counts.  Write transaction. */
gboolean store_audit_prune(StoreDb *db, const char *before, gboolean dry_run, gint64 *out_n,
                           GError **error);
