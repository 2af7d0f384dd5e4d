/* exchange.h — CSV import and export of citizens, courses and measurements.
 *
 * The format (docs/csv.md): UTF-8 text (a byte-order mark is skipped),
 * comma- or semicolon-separated (whichever the header line has more of),
 * fields quoted with '"' where they hold the separator, quotes or line
 * breaks; the first line names the columns, in any order.  Parsing is
 * libcsv's, strict: a stray quote is an error.  Line numbers are the
 * file's own lines, also when a quoted field spans several.
 *
 *   citizens      citizen_ref*, unit_id*, first_name*, last_name*,
 *                 birth_date, gender, and the background questions at the
 *                 start (referral_basis, diagnoses, education, occupation,
 *                 housing, intervention_goals, medical_treatment,
 *                 criminal_record, mother_tongue, ethnic_background,
 *                 family_situation, cohabitation)
 *   courses       citizen_ref*, intervention_id*, started_on*, ended_on,
 *                 end_reason, discharged_to, success_assessment
 *   measurements  citizen_ref*, instrument*, measured_on*, point*,
 *                 respondent, collection_method, status, comment, and one
 *                 column "item:KEY" per answered item of the instrument
 *
 * (* required.)  citizen_ref is the citizen's key in the other system
 * (stored as external_ref), or "spor-ID" for a citizen spor made.  Dates
 * are 2026-11-22 or 22-11-2026.  The columns an export adds for people to
 * read (unit_name, offer_name, intervention_name, phase_name,
 * instrument_version, score) are accepted and ignored.
 *
 * An import checks every row, and reports every problem with its line and
 * column; it writes rows as it goes, inside the caller's transaction,
 * which the caller commits only when there was no problem at all (and
 * never for a dry run).  Without a database it checks the file alone
 * (the syntax and each field), which is what the fuzz target exercises. */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "domain/secrets.h"
#include "store/store.h"

typedef enum {
  CSV_CITIZENS,
  CSV_COURSES,
  CSV_MEASUREMENTS,
} CsvKind;

/* "citizens", "courses", "measurements". */
const char *csv_kind_name(CsvKind kind);
gboolean csv_kind_parse(const char *name, CsvKind *out_kind);

typedef struct CsvProblem {
  guint line;      /* 0: the file as a whole */
  char *column;    /* the column's name, or NULL for the whole row */
  char *message;   /* translated */
} CsvProblem;

/* "linje 4, kolonne birth_date: …" in the thread's language; newly allocated. */
char *csv_problem_format(const CsvProblem *problem);

/* The most problems an import keeps; the rest are counted. */
#define CSV_MAX_PROBLEMS 1000

/* ---- Reading ---------------------------------------------------------------- */

/* One row: its first line, its fields (NULL for a field that is not valid
 * UTF-8 or holds a NUL byte).  Returning FALSE stops the reading. */
typedef gboolean (*CsvRowFunc)(guint line, const GPtrArray *fields, void *data);

typedef struct CsvReader CsvReader;

CsvReader *csv_reader_new(CsvRowFunc fn, void *data);
void csv_reader_free(CsvReader *reader);
/* Feeds the next bytes; FALSE when the text is not CSV (or fn stopped):
 * csv_reader_error() says why and where. */
gboolean csv_reader_feed(CsvReader *reader, const char *bytes, gsize len);
/* The end of the text. */
gboolean csv_reader_finish(CsvReader *reader);
/* The syntax error (translated) and its line, or NULL. */
const char *csv_reader_error(const CsvReader *reader, guint *out_line);

/* ---- Importing ------------------------------------------------------------------ */

typedef struct CsvImport CsvImport;

/* An import of kind into db (NULL: check the file alone) by actor_user_id,
 * whose care scopes every row; address goes into the audit lines. */
CsvImport *csv_import_new(CsvKind kind, StoreDb *db, gint64 actor_user_id, const char *address);
void csv_import_free(CsvImport *import);
/* Feeds the next bytes of the file.  FALSE with error only when the store
 * failed; problems in the file are collected, not errors. */
gboolean csv_import_feed(CsvImport *import, const char *bytes, gsize len, GError **error);
gboolean csv_import_finish(CsvImport *import, GError **error);
/* Data rows read, rows written, problems (CsvProblem, borrowed) and how
 * many problems there were in all (beyond CSV_MAX_PROBLEMS too). */
guint csv_import_rows(const CsvImport *import);
guint csv_import_written(const CsvImport *import);
const GPtrArray *csv_import_problems(const CsvImport *import);
guint csv_import_problem_count(const CsvImport *import);
/* The problems as JSON: [{line, column, message}]; a new reference. */
json_t *csv_import_problems_json(const CsvImport *import);

/* ---- Exporting -------------------------------------------------------------------- */

/* Receives the file a piece at a time; FALSE stops. */
typedef gboolean (*CsvWriteFunc)(const char *bytes, gsize len, void *data);

typedef struct CsvExportOptions {
  CsvKind kind;
  gint64 actor_user_id;        /* exports what this user cares for */
  gboolean with_names;         /* names, birth dates and refs; else pseudonymised */
  const SporSecrets *secrets;  /* for pseudonyms; required unless with_names */
  const char *instrument_key;  /* measurements: which instrument */
  gboolean drafts;             /* measurements: drafts too */
} CsvExportOptions;

/* Writes the export; *out_citizens (may be NULL) receives the ids of the
 * citizens whose data went out (a new GArray of gint64), for the audit
 * log.  An export with names is in the import format. */
gboolean csv_export(StoreDb *db, const CsvExportOptions *options, CsvWriteFunc write,
                    void *data, GArray **out_citizens, GError **error);
