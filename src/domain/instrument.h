/* instrument.h — instruments in the database: the built-in definitions,
 * importing a definition as a version, and loading a stored version for
 * forms, scoring and export.
 *
 * Versions.  A version, once stored, is never changed: measurements point
 * at the version they were answered on and keep scoring by it.  Importing
 * a definition whose id is known:
 *   - the same content (everything but "version") as the version the file
 *     names, or as the newest version: nothing is written (unchanged);
 *   - changed content for a version that is in use (has measurements):
 *     refused with the reason and the hint to import it as a new version,
 *     unless the caller asks for a new version;
 *   - otherwise: stored as the next version, max(file's version, newest +
 *     1), with "version" in the stored text set to that number.
 * Built-in definitions are compared with the newest version that came from
 * the built-in files, so an administrator's own version of a built-in is
 * not undone by the next `spor migrate`; a changed built-in file becomes a
 * new version. */
#pragma once

#include <glib.h>

#include "domain/instrument_def.h"
#include "store/store.h"

typedef enum {
  INSTRUMENT_IMPORT_CREATED,   /* a new version was stored */
  INSTRUMENT_IMPORT_UNCHANGED, /* a stored version has this content already */
} InstrumentImportOutcome;

typedef struct InstrumentImportResult {
  InstrumentImportOutcome outcome;
  gint64 instrument_id; /* the version stored or found */
  gint64 version;
} InstrumentImportResult;

/* Imports def inside the caller's write transaction, recording source
 * ("import", "fhir") and user_id (0 for none).  Returns FALSE with a
 * problem appended (a refusal, nothing written) or with error set (the
 * store failed). */
gboolean instrument_import(StoreDb *db, const InstrumentDef *def, const char *source,
                           gint64 user_id, gboolean new_version, InstrumentImportResult *out,
                           GPtrArray *problems, GError **error);

/* Stores every built-in definition (the .json files of instruments/, compiled in) that
 * is new or changed, inside the caller's transaction, after giving older
 * stored versions their derived rows (instrument_complete_stored).
 * *out_count (may be NULL) receives how many built-in definitions there
 * are, *out_created (may be NULL) how many versions were stored now. */
gboolean instrument_builtin_sync(StoreDb *db, guint *out_count, guint *out_created,
                                 GError **error);
/* instrument_builtin_sync() without the count of new versions. */
gboolean instrument_load_builtin(StoreDb *db, guint *out_count, GError **error);
/* The built-in definition files' names ("who-5.json", …), sorted;
 * newly allocated. */
GStrv instrument_builtin_names(GError **error);
/* One built-in definition file's text; NULL when there is no such file. */
GBytes *instrument_builtin_bytes(const char *name, GError **error);

/* Adds the derived rows (store_instrument_complete) of versions stored
 * before they existed. */
gboolean instrument_complete_stored(StoreDb *db, GError **error);

/* A stored version, ready for forms and scoring. */
typedef struct InstrumentVersion {
  gint64 id;         /* the instrument row */
  gint64 version;
  InstrumentDef *def;
  gint64 *item_ids;  /* the item row of each def item, in def order */
} InstrumentVersion;

void instrument_version_free(InstrumentVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstrumentVersion, instrument_version_free)

/* Loads a version by its row id; NOT_FOUND when absent, FAILED when its
 * stored definition cannot be read.  Newly allocated. */
InstrumentVersion *instrument_version_load(StoreDb *db, gint64 instrument_id, GError **error);
/* The def index of the item row, or -1. */
int instrument_version_item_index(const InstrumentVersion *version, gint64 item_id);

/* The definition as an indented JSON text ending in a newline, the file
 * format of instruments/; newly allocated. */
char *instrument_def_to_text(const InstrumentDef *def);
