/* instrument.h — the instruments spor ships with.
 *
 * Built-in definitions live in instruments/ (compiled in as resources) and
 * are stored by `spor init` and `spor migrate`.  Storing is idempotent: a
 * definition whose id and version are already there is left alone. */
#pragma once

#include <glib.h>

#include "store/store.h"

/* Stores every built-in definition not yet in the database, inside the
 * caller's transaction.  *out_count (may be NULL) receives how many
 * built-in definitions there are. */
gboolean instrument_load_builtin(StoreDb *db, guint *out_count, GError **error);
