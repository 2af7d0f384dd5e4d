/* suppress.h — small-cell suppression for aggregate tables of citizen
 * counts, so that a published table cannot identify a citizen or a worker.
 *
 * Primary suppression: every cell — inner cell, row or column total or the
 * grand total — counting fewer than k citizens is suppressed.  A zero is
 * suppressed too: "nobody in this group" can disclose as much as "one".
 * k is 5 unless configured, and never below 3 (the functions refuse).
 *
 * Secondary (complementary) suppression: the totals are published, so a
 * lone suppressed cell could be recovered by subtracting the cells shown
 * from its row total.  More cells are suppressed until no suppressed
 * cell's value can be deduced from what is shown.
 *
 * What the reader is assumed to know (the strongest reading): every number
 * shown; that the table adds up (inner cells to row and column totals,
 * totals to the grand total); that counts are whole numbers ≥ 0; which
 * suppressed cells are primary (so in 0..k−1, e.g. shown as "< 5") and
 * which secondary (so ≥ k).  Against that reader:
 *
 *  - guaranteed: no suppressed cell, primary or secondary, can be deduced —
 *    each can take at least one other value consistent with everything
 *    shown (checked on the result; a table where that cannot be had is
 *    refused with SUPPRESS_ERROR_UNPROTECTABLE, never seen in practice);
 *  - and wherever the table allows it: a primary cell with value v can be
 *    v + 1 (unless v = k − 1) and v − 1 (unless v = 0), so the reader
 *    cannot even tell that it is the least or greatest value left open.
 *    Rarely the bounds themselves close one side (a row of 1 and 4 with the
 *    total 5 = k hidden: the 1 cannot be 0, as the 4 cannot be 5); the
 *    reader then learns "1 to 4" instead of "0 to 4".
 *
 * Showing every suppressed cell alike (not "< 5" for some and "–" for
 * others) takes the primary/secondary knowledge away from the reader and
 * leaves a wide margin over these guarantees.
 *
 * How: a table with its totals is a flow network (each cell an arc between
 * its row and its column, the totals arcs closing the circuit), and the
 * values a reader cannot pin down are exactly the arcs on a cycle of the
 * residual graph (arcs where the value may rise or fall within its
 * bounds).  For each primary cell that cannot move in some direction,
 * the cheapest path closing such a cycle is found by Dijkstra's algorithm,
 * where an arc of a suppressed cell costs 0 and an arc of a shown cell
 * costs its count + 1 (so small cells are given up before large ones,
 * totals last, and fewer cells before more); the shown cells on that path
 * become secondary.  Adding suppressions never takes a cycle away, so one
 * pass suffices.  A one-dimensional table is the same network with two
 * nodes: every cell an arc one way, the total the arc back.
 *
 * The tables must be additive (each citizen counted in exactly one inner
 * cell).  Apply the same marks to every figure shown for a cell (a mean, a
 * share, a chart bar): suppressing the count but showing its mean would
 * defeat the purpose. */
#pragma once

#include <glib.h>

#define SUPPRESS_K_DEFAULT 5
#define SUPPRESS_K_MIN 3

typedef enum {
  SUPPRESS_SHOWN = 0,
  SUPPRESS_PRIMARY,    /* fewer than k citizens */
  SUPPRESS_SECONDARY,  /* hidden so that a primary cell cannot be recovered */
} SuppressMark;

#define SUPPRESS_ERROR (suppress_error_quark())
GQuark suppress_error_quark(void);

typedef enum {
  SUPPRESS_ERROR_K,        /* k below SUPPRESS_K_MIN */
  SUPPRESS_ERROR_NEGATIVE, /* a negative count */
  SUPPRESS_ERROR_SIZE,     /* an empty or too large table */
  SUPPRESS_ERROR_UNPROTECTABLE, /* no suppression pattern protects it: show nothing */
} SuppressError;

/* One-dimensional table: cells[0..n) and their total.  marks receives n + 1
 * marks: the cells, then the total.  FALSE with error (marks untouched)
 * for k < SUPPRESS_K_MIN, a negative count, n = 0, or a table that cannot
 * be protected (the caller then shows none of it). */
gboolean suppress_1d(const gint64 *cells, guint n, guint k, SuppressMark *marks,
                     GError **error);

/* Two-dimensional table: cells[row · n_cols + col].  marks receives
 * (n_rows + 1) · (n_cols + 1) marks in the layout of suppress_totals_2d:
 * row r's total at [r][n_cols], column c's total at [n_rows][c], the grand
 * total at [n_rows][n_cols].  Errors as suppress_1d. */
gboolean suppress_2d(const gint64 *cells, guint n_rows, guint n_cols, guint k,
                     SuppressMark *marks, GError **error);

/* The table with its totals, (n_rows + 1) · (n_cols + 1) values in out, in
 * the layout above. */
void suppress_totals_2d(const gint64 *cells, guint n_rows, guint n_cols, gint64 *out);
