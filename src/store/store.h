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
/* Places of free text that staff wrote and that name the citizen (their
 * first name, as written or in lower case) — other citizens' diaries,
 * measurement and goal texts in the actor's units, and the practice work
 * of the offers the actor leads — for a leader to review before erasure,
 * which does not touch them: [{kind, ref_id, on_date, about}], kind one of
 * diary (ref_id a course), diary_citizen (a citizen), measurement, goal, intensity (a course),
 * assessment, development_point, trial, theory, journey, planning; at most
 * 200, newest first within a kind.  NOT_FOUND for an unknown citizen (the
 * caller has checked that the actor may see them). */
json_t *store_citizen_mentions(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                               GError **error);
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
  const char *external_ref;       /* the citizen's key in another system, or NULL */
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
  gint64 phase_id;        /* the first phase (intervention_phase); 0: by `phase` */
  const char *success_assessment; /* of an ended course, or NULL */
} StoreCourseInput;

/* CONFLICT when the intervention is not one of the citizen's offer.  The
 * course's first phase is recorded as starting on started_on. */
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
  const char *const *respondents; /* who may answer: "citizen", "staff", …; NULL-terminated */
} StoreInstrumentInput;

/* Stores a new version with its items, scales and subscales; CONFLICT when
 * (key, version) exists.  Versions are never changed or deleted after. */
gint64 store_instrument_insert(StoreDb *db, const StoreInstrumentInput *input, GError **error);
/* Versions stored before their derived rows existed (003), whose rows
 * store_instrument_complete() must add: [{id, definition}]. */
json_t *store_instrument_list_incomplete(StoreDb *db, GError **error);
/* Versions stored before who may answer them was kept (090), whose
 * respondents store_instrument_set_respondents() must add: [{id, definition}]. */
json_t *store_instrument_list_without_respondents(StoreDb *db, GError **error);
/* Who may answer a version: [{respondent}] ("citizen", "staff", …); empty
 * for a version stored before this was kept and not yet completed. */
json_t *store_instrument_respondents(StoreDb *db, gint64 instrument_id, GError **error);
/* Records who may answer a version that has no such rows yet. */
gboolean store_instrument_set_respondents(StoreDb *db, gint64 instrument_id,
                                          const char *const *respondents, GError **error);
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
  gint64 rater_user_id;        /* who rated, when not the actor: staff of the
                                  citizen's unit; 0 for the actor */
} StoreMeasurementInput;

/* Records a measurement and its answers for a citizen in the actor's care
 * (staff or leader over the citizen's unit), or a citizen's own
 * self-assessment (respondent "citizen", method "self_report", status
 * "approved") by the citizen's own login; NOT_FOUND otherwise.  The actor
 * is recorded as the one who typed it in, and as the rater unless
 * rater_user_id names another staff member of the unit.  CONFLICT when an
 * item is not one of the instrument's, the course is not the citizen's or
 * the rater is not staff of the unit.  Version 1 is kept as a revision. */
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
/* A scale goal of a course waiting in the loader, set at one of the
 * course's waiting approved measurements (baseline_measurement_id): its
 * baseline is that measurement's value of the item (NULL when the item
 * was not answered) and set_on its date, as store_goal_create would find
 * them when the measurement is the course's latest on that day.  Only
 * kind "scale"; input->course_id and input->set_on are ignored in favour
 * of the measurement's.  No revision row is kept (the goal's first
 * version is read from the goal itself, as for every goal). */
typedef struct StoreGoalInput StoreGoalInput;
gint64 store_loader_add_goal(StoreLoader *loader, gint64 actor_user_id,
                             gint64 baseline_measurement_id, const StoreGoalInput *input,
                             GError **error);
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
 * the items answered at both; read from the course summary, which every
 * write of a measurement keeps (summary.c), or from the measurements when
 * filtered by respondent.  For analysts and reports: no row names a
 * citizen.  The database returns integer sums; the caller divides, so
 * the figures are the same on both backends. */

typedef struct StoreReportFilter {
  gint64 organisation_id; /* 0: every organisation */
  gint64 offer_id;        /* 0: every offer */
  const char *respondent; /* "staff", "citizen", …; NULL: anyone */
  /* Read the measurements themselves instead of the course summary
   * (110_course_summary.sql), as a filter by respondent always does;
   * the figures are the same (for checks and tests). */
  gboolean from_measurements;
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
/* Goal attainment per item (Figur 10): every scale goal on the
 * instrument's items that is not cancelled and has a baseline, judged by
 * the item's value in its course's latest approved measurement of the
 * instrument (by the respondent when filtered), as goal_attainment()
 * (domain/attainment.h) judges it: [{item_id, item_key, item_text_da,
 * item_text_en, n, reached_improve, improved, reached_maintain,
 * no_change, worse}], in item order; n counts the goals judged (the
 * latest measurement answered the item). */
json_t *store_report_attainment(StoreDb *db, gint64 instrument_id,
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

/* ---- Results documentation -------------------------------------------
 *
 * Interventions with their phases and measurement plans, courses with
 * their phases, answers and intensity log, measurements reviewed and
 * corrected, goals, the diary and the citizen's own login.
 *
 * How the actor stands to a citizen decides what they see and do:
 *   care       staff or leader over the citizen's unit: everything;
 *   authority  a caseworker assigned to the citizen: the course, goals,
 *              approved measurements (drafts are not theirs to see), and
 *              the handleplan goals, which only they write;
 *   self       the citizen's own login: their goals, approved
 *              measurements and diary; they write diary entries and the
 *              self-assessments their plan gives them.
 * Rows outside these are NOT_FOUND, as everywhere in the store.
 *
 * Functions taking an actor that change interventions, phases, plans and
 * the questions an offer asks require the actor to lead the offer (a
 * leader role over the whole offer); actor 0 is a trusted caller (the
 * command line, the demo) and is not checked.
 *
 * Versions: measurements and goals carry a version that every change
 * advances.  An update names the version it was based on; when the row has
 * moved on since, it fails with STORE_ERROR_CONFLICT and writes nothing.
 * Each version's content is kept as a revision (a JSON snapshot), so a
 * refused save can be shown what changed. */

typedef enum {
  STORE_RELATION_NONE,
  STORE_RELATION_CARE,
  STORE_RELATION_AUTHORITY,
  STORE_RELATION_SELF,
} StoreRelation;

/* The actor's relation to a citizen, the strongest when several hold;
 * NOT_FOUND when the citizen is not visible to them. */
gboolean store_citizen_relation(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                                StoreRelation *out_relation, GError **error);
/* "care", "authority", "self". */
const char *store_relation_name(StoreRelation relation);
/* NOT_FOUND unless the citizen is in the actor's care. */
gboolean store_citizen_require_care(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                                    GError **error);
/* NOT_FOUND unless the actor leads the offer; actor 0 passes. */
gboolean store_offer_require_led(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                                 GError **error);

/* Offers the actor leads: [{id, name}], by name. */
json_t *store_offer_list_led(StoreDb *db, gint64 actor_user_id, GError **error);
/* The offers the actor works in (staff or leader over one of its units):
 * [{id, name, can_edit}], by name. */
json_t *store_offer_list_visible(StoreDb *db, gint64 actor_user_id, GError **error);
/* One offer the actor works in: {id, name, kind, can_edit}; NOT_FOUND
 * otherwise. */
json_t *store_offer_get(StoreDb *db, gint64 actor_user_id, gint64 offer_id, GError **error);

/* ---- Interventions, phases and measurement plans -------------------- */

typedef struct StoreInterventionInput {
  const char *name;
  const char *description;
  const char *target_group;        /* målgruppebeskrivelse */
  const char *inclusion_criteria;
  const char *exclusion_criteria;
} StoreInterventionInput;

/* Interventions of the offers the actor works in: [{id, name,
 * description, offer_id, offer_name, can_edit, running}] by offer and
 * name; running counts the courses not ended. */
json_t *store_intervention_list_visible(StoreDb *db, gint64 actor_user_id, GError **error);
/* One intervention of an offer the actor works in: {id, offer_id,
 * offer_name, name, description, target_group, inclusion_criteria,
 * exclusion_criteria, can_edit, phases: [{id, position, code, name,
 * in_use}]}; NOT_FOUND otherwise. */
json_t *store_intervention_get(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                               GError **error);
/* A new intervention of an offer the actor leads, with the three standard
 * phases. */
gint64 store_intervention_add(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                              const StoreInterventionInput *input, GError **error);
gboolean store_intervention_update(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                                   const StoreInterventionInput *input, GError **error);

/* One row of an intervention's phase list as edited. */
typedef struct StorePhaseEdit {
  gint64 id;        /* an existing phase, or 0 for a new one */
  const char *name;
  gboolean remove;
} StorePhaseEdit;

/* Replaces the list of phases: existing ones renamed (and ordered as
 * given), new ones added, removed ones deleted.  CONFLICT when a phase to
 * remove is in use (a course was in it, or a plan point names it), when
 * an id is not the intervention's, or when no phase would be left. */
gboolean store_intervention_set_phases(StoreDb *db, gint64 actor_user_id,
                                       gint64 intervention_id, const StorePhaseEdit *edits,
                                       gsize n_edits, GError **error);

typedef struct StorePlanTaskInput {
  const char *instrument_key;
  const char *respondent;  /* "citizen", "staff", "relative", "authority" */
} StorePlanTaskInput;

typedef struct StorePlanPointInput {
  const char *kind;        /* "start", "follow_up", "phase_change", "end", "after_end" */
  gint64 months;           /* follow_up and after_end: 1 … 120; else ignored */
  gint64 phase_id;         /* phase_change: the phase entered; 0 for any */
  gint64 window_days;      /* 0 … 365 */
  const StorePlanTaskInput *tasks;
  gsize n_tasks;           /* at least one */
} StorePlanPointInput;

/* The plan of an intervention the actor works in (actor 0: any), in the
 * order of the course: [{id, intervention_id, kind, months, phase_id,
 * phase_name, window_days, tasks: [{instrument_key, respondent,
 * instrument_name_da, instrument_name_en}]}]. */
json_t *store_plan_list(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                        GError **error);
/* One plan point with intervention_id, offer_id and can_edit; NOT_FOUND
 * unless the actor works in its offer. */
json_t *store_plan_point_get(StoreDb *db, gint64 actor_user_id, gint64 point_id,
                             GError **error);
/* CONFLICT for an unknown kind, instrument or respondent, a phase not of
 * the intervention, or months or window out of range. */
gint64 store_plan_point_create(StoreDb *db, gint64 actor_user_id, gint64 intervention_id,
                               const StorePlanPointInput *input, GError **error);
gboolean store_plan_point_update(StoreDb *db, gint64 actor_user_id, gint64 point_id,
                                 const StorePlanPointInput *input, GError **error);
gboolean store_plan_point_delete(StoreDb *db, gint64 actor_user_id, gint64 point_id,
                                 GError **error);

/* The background questions an offer has settled: [{stage, question,
 * asked, required}] (questions without a row are asked, not required). */
json_t *store_offer_questions(StoreDb *db, gint64 offer_id, GError **error);
gboolean store_offer_question_set(StoreDb *db, gint64 actor_user_id, gint64 offer_id,
                                  const char *stage, const char *question, gboolean asked,
                                  gboolean required, GError **error);

/* ---- Courses ------------------------------------------------------------ */

/* A new course for a citizen in the actor's care (store_course_create
 * otherwise). */
gint64 store_course_start(StoreDb *db, gint64 actor_user_id, const StoreCourseInput *input,
                          GError **error);
/* One course of a visible citizen: {id, citizen_id, first_name,
 * last_name, unit_id, offer_id, contact_person_id, intervention_id,
 * intervention_name, started_on, ended_on, end_reason, discharged_to,
 * success_assessment, phase, phases: [{id, phase_id, code, name,
 * started_on}] oldest first, current_phase_id}. */
json_t *store_course_get(StoreDb *db, gint64 actor_user_id, gint64 course_id, GError **error);
/* The course enters a phase of its intervention on a date (care).
 * CONFLICT when the phase is not the intervention's, is the current one,
 * or the date lies before the course's start or its current phase's
 * start, or after its end. */
gboolean store_course_change_phase(StoreDb *db, gint64 actor_user_id, gint64 course_id,
                                   gint64 phase_id, const char *started_on, GError **error);

typedef struct StoreCourseEnd {
  const char *ended_on;
  const char *end_reason;         /* afslutningsårsag */
  const char *discharged_to;      /* udskrevet til */
  const char *success_assessment; /* faglig vurdering af indsatsens succes */
} StoreCourseEnd;

/* Ends a running course (care).  CONFLICT when it has ended or the date
 * lies before its start or its current phase's start. */
gboolean store_course_end(StoreDb *db, gint64 actor_user_id, gint64 course_id,
                          const StoreCourseEnd *input, GError **error);
/* An answer to a background question during or at the end of a course
 * (care); stage "during" or "end". */
gint64 store_course_answer_add(StoreDb *db, gint64 actor_user_id, gint64 course_id,
                               const char *stage, const char *question, const char *answer,
                               const char *answered_on, GError **error);
/* [{id, stage, question, answer, answered_on, user_name}], oldest first
 * (care only). */
json_t *store_course_answers(StoreDb *db, gint64 actor_user_id, gint64 course_id,
                             GError **error);
/* A session in the intensity log (care); kind "individual", "group",
 * "family", "network", "activity", "remote", "other"; minutes 1 … 1440. */
gint64 store_intensity_add(StoreDb *db, gint64 actor_user_id, gint64 course_id,
                           const char *held_on, const char *kind, gint64 minutes,
                           const char *note, GError **error);
/* [{id, held_on, kind, minutes, note, user_name}], newest first (care only). */
json_t *store_intensity_list(StoreDb *db, gint64 actor_user_id, gint64 course_id,
                             GError **error);

/* ---- Expected measurements (the due list) ----------------------------- */

typedef struct StoreDueFilter {
  gint64 contact_person_id; /* 0: any worker */
  gint64 unit_id;           /* 0: any unit */
  gint64 offer_id;          /* 0: any offer */
  gint64 citizen_id;        /* 0: every citizen in the actor's care; else this
                               visible citizen (any relation) */
  gint64 course_id;         /* 0: any course */
  const char *ended_since;  /* courses ended before this date are left out; NULL: none */
} StoreDueFilter;

/* The courses a due list is derived from, with what derivation needs:
 * [{id, citizen_id, first_name, last_name, unit_id, unit_name, offer_id,
 *   offer_name, contact_person_id, contact_person_name, intervention_id,
 *   intervention_name, started_on, ended_on, phase,
 *   phases: [{phase_id, name, started_on}],
 *   measurements: [{id, instrument_key, respondent, measured_on, status,
 *                   point}]}]
 * where measurements are the citizen's with the course or with none, and
 * drafts only for the actor's care.  By last name. */
json_t *store_due_courses(StoreDb *db, gint64 actor_user_id, const StoreDueFilter *filter,
                          GError **error);
/* The plans of the interventions of those courses: [{id, intervention_id,
 * kind, months, phase_id, window_days, tasks: [{instrument_key,
 * respondent}]}]. */
json_t *store_due_plans(StoreDb *db, gint64 actor_user_id, const StoreDueFilter *filter,
                        GError **error);

/* ---- Measurements reviewed -------------------------------------------- */

/* One measurement of a visible citizen, as store_measurement_list gives
 * it plus citizen_id, first_name, last_name, unit_id, version,
 * recorded_by_name, rater_user_id, approved_by_name, approved_at,
 * course_started_on, course_ended_on, intervention_name; drafts only for
 * the actor's care. */
json_t *store_measurement_get(StoreDb *db, gint64 actor_user_id, gint64 measurement_id,
                              GError **error);
/* Replaces a measurement's fields and answers (care); citizen and
 * instrument version stay.  base_version: the version the change was made
 * from; CONFLICT when the measurement has moved on (nothing written). */
gboolean store_measurement_update(StoreDb *db, gint64 actor_user_id, gint64 measurement_id,
                                  gint64 base_version, const StoreMeasurementInput *input,
                                  GError **error);
/* Approves a draft (care); CONFLICT when it has moved on from base_version
 * or is approved already. */
gboolean store_measurement_approve(StoreDb *db, gint64 actor_user_id, gint64 measurement_id,
                                   gint64 base_version, GError **error);
/* The snapshot of one version (a new reference), built from the row when
 * the version is the current one and was never kept; NOT_FOUND when
 * neither.  Not scoped: call it for a measurement the actor has read. */
json_t *store_measurement_revision(StoreDb *db, gint64 measurement_id, gint64 version,
                                   GError **error);
/* The kept versions: [{version, changed_at, changed_by_name}], newest first. */
json_t *store_measurement_revisions(StoreDb *db, gint64 measurement_id, GError **error);
/* Drafts in the actor's care, oldest first: [{id, citizen_id, first_name,
 * last_name, unit_name, measured_on, point, respondent, instrument_name_da,
 * instrument_name_en, rater_name, course_id, version}]. */
json_t *store_measurement_drafts(StoreDb *db, gint64 actor_user_id,
                                 const StoreDueFilter *filter, GError **error);
/* Staff who may rate a citizen: staff and leaders over the unit,
 * [{id, display_name}] by name. */
json_t *store_unit_raters(StoreDb *db, gint64 unit_id, GError **error);

/* ---- Goals ---------------------------------------------------------------- */

typedef struct StoreGoalInput {
  gint64 course_id;
  gint64 parent_goal_id;       /* 0: a goal of its own; else a sub-goal */
  gint64 action_plan_goal_id;  /* the handleplan goal it serves, or 0 */
  const char *kind;            /* "scale", "gas", "text" */
  const char *goal_type;       /* "improve", "maintain" */
  const char *title;
  const char *description;
  const char *instrument_key;  /* scale: the instrument … */
  const char *item_key;        /* … and its item (life area, parameter) */
  gboolean has_target;
  double target_score;         /* scale: a regular value of the item's scale */
  const char *set_on;          /* the day it was agreed */
  const char *target_date;     /* e.g. the next follow-up with the authority */
  const char *status;          /* "active", "reached", "not_reached", "cancelled" */
  double gas_weight;           /* gas: > 0 */
  const char *gas_levels[5];   /* gas: the texts of −2, −1, 0, +1, +2 */
} StoreGoalInput;

/* A goal of a course of a citizen in the actor's care.  A scale goal's
 * baseline is the item's value in the latest approved measurement of the
 * instrument (not a self-assessment) on or before set_on, if there is one.
 * CONFLICT for an unknown kind, type or status, a parent or handleplan
 * goal of another citizen (or a sub-goal of a sub-goal), an unknown
 * instrument or item, or a target off the item's scale. */
gint64 store_goal_create(StoreDb *db, gint64 actor_user_id, const StoreGoalInput *input,
                         GError **error);
/* The checks store_goal_create makes of a goal's own fields (kind,
 * type, status, title, dates, GAS levels), before any statement. */
gboolean store_goal_validate_fields(const StoreGoalInput *input, GError **error);
/* The checks of a scale goal's instrument, item and target (queries). */
gboolean store_goal_validate_scale(StoreDb *db, const StoreGoalInput *input, GError **error);
/* The baseline a scale goal set on set_on would get: the item's value in
 * the latest approved measurement of the instrument (not a
 * self-assessment) of a citizen in the actor's care; *out_found FALSE when
 * there is none. */
gboolean store_goal_baseline(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                             const char *instrument_key, const char *item_key, const char *set_on,
                             gboolean *out_found, double *out_value, GError **error);
/* One goal of a visible citizen: every column plus first_name, last_name,
 * intervention_name, course_started_on, course_ended_on, parent_title,
 * action_plan_goal_title, baseline_measured_on, created_by_name,
 * sub_goals: [{id, title, status, kind}], ratings: [{id, rated_on, level,
 * comment, user_name}] oldest first. */
json_t *store_goal_get(StoreDb *db, gint64 actor_user_id, gint64 goal_id, GError **error);
/* Goals of a visible citizen (course_id 0: every course), parents before
 * their sub-goals: [{id, course_id, parent_goal_id, kind, goal_type, title,
 * instrument_key, item_key, baseline, target_score, set_on, target_date,
 * status, gas_weight, version, action_plan_goal_title,
 * latest_rating, latest_rated_on}]. */
json_t *store_goal_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                        gint64 course_id, GError **error);
/* Changes a goal (care); kind, course, parent, instrument and item stay,
 * the baseline too.  CONFLICT when it has moved on from base_version. */
gboolean store_goal_update(StoreDb *db, gint64 actor_user_id, gint64 goal_id,
                           gint64 base_version, const StoreGoalInput *input, GError **error);
/* A rating of a GAS goal (care); level −2 … +2. */
gint64 store_gas_rating_add(StoreDb *db, gint64 actor_user_id, gint64 goal_id,
                            const char *rated_on, gint64 level, const char *comment,
                            GError **error);
/* As store_measurement_revision, for goals. */
json_t *store_goal_revision(StoreDb *db, gint64 goal_id, gint64 version, GError **error);
json_t *store_goal_revisions(StoreDb *db, gint64 goal_id, GError **error);

/* A handleplan goal, written by a caseworker assigned to the citizen
 * (NOT_FOUND for anyone else). */
typedef struct StoreActionPlanGoalInput {
  const char *title;
  const char *description;
  const char *legal_basis;   /* e.g. "SEL § 141" */
  const char *follow_up_on;  /* the next follow-up with the authority */
} StoreActionPlanGoalInput;
gint64 store_action_plan_goal_create(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                                     const StoreActionPlanGoalInput *input, GError **error);
/* [{id, title, description, legal_basis, follow_up_on, created_by_name,
 * created_at, goals}] of a visible citizen, by follow-up date; goals
 * counts the goals that serve it. */
json_t *store_action_plan_goal_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                                    GError **error);

/* ---- Diary ------------------------------------------------------------------ */

typedef struct StoreDiaryInput {
  gint64 citizen_id;
  gint64 course_id;   /* 0: none */
  gint64 goal_id;     /* 0: none */
  const char *written_on;
  const char *body;
} StoreDiaryInput;

/* An entry by staff in the citizen's care or by the citizen's own login
 * (author_kind follows); NOT_FOUND for anyone else.  CONFLICT for a
 * course or goal of another citizen. */
gint64 store_diary_add(StoreDb *db, gint64 actor_user_id, const StoreDiaryInput *input,
                       GError **error);
/* Entries, newest first: [{id, course_id, goal_id, goal_title, written_on,
 * body, author_name, author_kind, created_at}] (course_id 0: all; limit 0:
 * 200).  For care and self only: NOT_FOUND for an authority. */
json_t *store_diary_list(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                         gint64 course_id, int limit, GError **error);

/* ---- The citizen's own login ---------------------------------------------- */

/* A new invitation for a citizen in the actor's care; code_hash is
 * auth_token_hash() of the code, which is never stored. */
gint64 store_invitation_create(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                               const char *code_hash, const char *expires_at, GError **error);
/* The invitation with that hash: {id, citizen_id, expires_at, used_at,
 * login_user_id, login_username, first_name}; NOT_FOUND when none. */
json_t *store_invitation_find(StoreDb *db, const char *code_hash, GError **error);
/* Marks it used by user_id; CONFLICT when it was used already. */
gboolean store_invitation_use(StoreDb *db, gint64 invitation_id, gint64 user_id,
                              const char *now, GError **error);
/* A visible citizen's login and invitations: {login: {id, username,
 * disabled} or null, invitations: [{id, created_at, expires_at, used_at,
 * created_by_name}] newest first} (care only). */
json_t *store_citizen_access(StoreDb *db, gint64 actor_user_id, gint64 citizen_id,
                             GError **error);

/* ---- CSV import and export (exchange.c) ------------------------------------ */

/* The citizen a reference names, among those in the actor's care: its
 * external_ref, or "spor-<id>" for spor's own id.  NOT_FOUND otherwise. */
gboolean store_citizen_find_ref(StoreDb *db, gint64 actor_user_id, const char *ref,
                                gint64 *out_citizen_id, GError **error);
/* The course of a citizen that runs on the date (after_end: the last one
 * that ended before it); *out_course_id 0 when none. */
gboolean store_course_at(StoreDb *db, gint64 citizen_id, const char *on, gboolean after_end,
                         gint64 *out_course_id, GError **error);

/* Called with each exported row (borrowed); FALSE stops. */
typedef gboolean (*StoreExportFunc)(const json_t *row, void *data);

/* The citizens in the actor's care, by id: every column of the citizen
 * table but the CPR number, with unit_name and offer_name. */
gboolean store_export_citizens(StoreDb *db, gint64 actor_user_id, StoreExportFunc fn, void *data,
                               GError **error);
/* Their courses: {id, citizen_id, external_ref, intervention_id,
 * intervention_name, started_on, ended_on, phase_name, end_reason,
 * discharged_to, success_assessment}. */
gboolean store_export_courses(StoreDb *db, gint64 actor_user_id, StoreExportFunc fn, void *data,
                              GError **error);
/* Their approved measurements (and drafts, with drafts) of an instrument
 * key: {id, citizen_id, external_ref, instrument_version, measured_on,
 * point, respondent, collection_method, status, comment, score, answers:
 * {item_key: value}}. */
gboolean store_export_measurements(StoreDb *db, gint64 actor_user_id, const char *instrument_key,
                                   gboolean drafts, StoreExportFunc fn, void *data,
                                   GError **error);

/* ---- Reports of an offer or across offers (reports.c) --------------------
 *
 * The raw rows the reports (domain/reports.h) aggregate: courses, their
 * approved answers on one instrument and their goals, for the offers a
 * user may report on — those they lead, or those under an analyst's role
 * (an organisation or an offer).  Nothing here names a citizen; the
 * domain counts and suppresses before anything is shown. */

typedef struct StoreReportsScope {
  gint64 actor;            /* the user the report is for */
  gint64 offer_id;         /* 0: every offer in reach */
  gint64 intervention_id;  /* 0: every intervention */
  gint64 unit_id;          /* 0: every unit; else the citizens of one unit */
  const char *from, *to;   /* ISO dates: courses under way in [from, to] */
  const char *background;  /* a subgroup field (store_reports_background_valid), or NULL */
} StoreReportsScope;

/* Whether name is a background field the reports may group by: gender,
 * referral_basis, education, occupation, housing, family_situation,
 * cohabitation, mother_tongue. */
gboolean store_reports_background_valid(const char *name);

/* The offers the actor may report on: [{id, name, organisation_id,
 * organisation_name, led}];
 * led is TRUE where the actor leads the offer (only then may a report be
 * narrowed to it or to one of its interventions). */
json_t *store_reports_offers(StoreDb *db, gint64 actor, GError **error);
/* The interventions of the offers the actor leads: [{id, name, offer_id,
 * offer_name, target_group, inclusion_criteria, exclusion_criteria}]. */
json_t *store_reports_interventions(StoreDb *db, gint64 actor, GError **error);
/* The units of the offers the actor leads: [{id, name, offer_id,
 * offer_name}]. */
json_t *store_reports_units(StoreDb *db, gint64 actor, GError **error);
/* NOT_FOUND when scope names an offer the actor does not lead, or an
 * intervention or a unit outside the offers they lead. */
gboolean store_reports_check_scope(StoreDb *db, const StoreReportsScope *scope, GError **error);

/* The courses under way in the period: [{course_id, citizen_id,
 * intervention_id, intervention, offer_id, gender, birth_date, started_on,
 * ended_on, grp}], by course id; grp is the background field's value. */
json_t *store_reports_courses(StoreDb *db, const StoreReportsScope *scope, GError **error);

/* An approved measurement of a course in the scope, and one answer of it. */
typedef struct StoreReportsMeasurement {
  gint64 id, course_id;
  const char *point;        /* start, follow_up, end, after_end, ad_hoc */
  const char *measured_on;
  const char *respondent;   /* citizen, staff, relative, authority */
} StoreReportsMeasurement;

typedef struct StoreReportsAnswer {
  gint64 measurement_id;
  gint64 item_id;           /* an instrument_item of any version of the instrument */
  double value;             /* NaN when not answered */
} StoreReportsAnswer;

typedef void (*StoreReportsMeasurementFunc)(const StoreReportsMeasurement *m, void *data);
typedef void (*StoreReportsAnswerFunc)(const StoreReportsAnswer *answer, void *data);

/* The newest version of every instrument: [{key, name_da, name_en, kind}]
 * (without store_instrument_list's counts of measurements). */
json_t *store_reports_instruments(StoreDb *db, GError **error);

/* The items of every version of the instrument: [{id, key}]. */
json_t *store_reports_items(StoreDb *db, const char *instrument_key, GError **error);

/* For the approved measurements on any version of the instrument
 * (measured on or before scope->to) of the courses of
 * store_reports_courses(): measurement_fn once for each, then answer_fn
 * for each of their answers.  In no particular order (an answer names
 * its measurement): sorting tens of thousands of rows costs more than
 * the report.  Borrowed strings live for the call. */
gboolean store_reports_answers(StoreDb *db, const StoreReportsScope *scope,
                               const char *instrument_key,
                               StoreReportsMeasurementFunc measurement_fn,
                               StoreReportsAnswerFunc answer_fn, void *data, GError **error);

/* The goals on the instrument's items of those courses, not cancelled:
 * [{course_id, goal_type, item_key, baseline, target_score}]. */
json_t *store_reports_goals(StoreDb *db, const StoreReportsScope *scope,
                            const char *instrument_key, GError **error);
