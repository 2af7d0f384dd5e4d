/* clock.h — the one source of "now" and the date formats spor speaks.
 *
 * Stored dates are ISO-8601 text ("2026-11-22"), stored timestamps are
 * UTC ISO-8601 text ("2026-11-22T15:03:00Z"); both sort as text on every
 * backend.  Danish pages show dates as dd-mm-åååå. */
#pragma once

#include <glib.h>

/* The current time in UTC.  Tests may shift it with spor_clock_set_offset(). */
GDateTime *spor_clock_now(void);
/* Shifts spor_clock_now() by seconds (tests only; process-wide). */
void spor_clock_set_offset(gint64 seconds);

/* "2026-11-22T15:03:00Z" for now + delta_seconds; newly allocated. */
char *spor_timestamp_now(gint64 delta_seconds);
/* "2026-11-22" for today (UTC); newly allocated. */
char *spor_date_today(void);

/* TRUE when text is a real calendar date "YYYY-MM-DD" (leap years checked). */
gboolean spor_date_valid_iso(const char *text);
/* Parses "YYYY-MM-DD" or Danish "DD-MM-YYYY" (also with '.' or '/') into
 * a newly allocated ISO date; NULL when it is not a real date. */
char *spor_date_parse_to_iso(const char *text);
/* "2026-11-22" → "22-11-2026"; newly allocated; NULL if text is not a date. */
char *spor_date_iso_to_danish(const char *iso);
/* Whole years between birth and on (both ISO dates); -1 if either is invalid. */
int spor_age_years(const char *birth_iso, const char *on_iso);
