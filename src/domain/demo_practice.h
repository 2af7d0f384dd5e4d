/* demo_practice.h — the demo's practice development (demo_practice.c),
 * called by the demo generator inside its transaction. */
#pragma once

#include <glib.h>

#include "store/store.h"

/* Fills one offer's practice development as its leader; staff_ids[0] is a
 * staff member of the offer, who records the trial actions.  The same
 * seed and anchor give the same data. */
gboolean demo_practice_generate(StoreDb *db, guint64 seed, const GDate *anchor, gint64 offer_id,
                                gint64 leader_id, const gint64 *staff_ids, GError **error);
