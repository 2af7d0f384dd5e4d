/* demo.h — deterministic, realistic demo data.
 *
 * `spor demo` fills an empty database with two organisations, four offers
 * with their units and interventions, twelve staff, a leader, an admin, a
 * caseworker, and N citizens with invented Danish names, background data,
 * courses and 2–8 measurements each on the life-area instrument, following
 * plausible trajectories: some improve, some stall, some get worse; and
 * the first offer's practice development (demo_practice.h).  The same
 * seed and anchor date always give the same data. */
#pragma once

#include <glib.h>

#include "store/store.h"

/* The password of every demo login (printed by `spor demo`). */
#define DEMO_PASSWORD "spor-demo-2026"

typedef struct DemoLogin {
  const char *username;
  const char *role;        /* Danish label */
  const char *description; /* Danish: who this is */
} DemoLogin;

/* The demo logins to print: admin, leader, two staff, one citizen, one
 * caseworker.  Static storage. */
const DemoLogin *demo_logins(gsize *out_n);

typedef struct DemoOptions {
  guint citizens; /* default 300 */
  guint64 seed;   /* default 1 */
  const char *anchor_date; /* ISO date all demo dates are relative to; NULL: today */
} DemoOptions;

/* Called now and then with how many citizens are done. */
typedef void (*DemoProgressFunc)(guint done, guint total, void *user_data);

/* Generates the demo data in one transaction.  Refuses (STORE_ERROR_CONFLICT)
 * a database that already has users.  The instruments must be loaded. */
gboolean demo_generate(StoreDb *db, const DemoOptions *options, DemoProgressFunc progress,
                       void *progress_data, GError **error);
