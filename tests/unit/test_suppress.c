/* test_suppress.c — small-cell suppression attacked: for many seeded
 * random tables, an attacker who sees every shown number and the totals,
 * knows that counts are whole and ≥ 0, and knows which suppressed cells
 * are primary (0..k−1) and which secondary (≥ k), tries to pin down each
 * suppressed cell.  It searches for a complete table consistent with all
 * of that in which the cell is one more, or one less, than its true value.
 * A cell with neither is recovered, and any recovery fails the test.  A
 * primary cell for which one of them is impossible though its bounds allow
 * it (the reader learns it is the least or greatest value left) is
 * counted: the module avoids that where the table allows, and the count
 * must stay a small share.  The attacker works on the equations of the table
 * (row sums, column sums) by bound propagation and backtracking — a
 * different method from the module's flow network — and is shown to
 * succeed against primary suppression alone. */
#include <glib.h>
#include <string.h>

#include "analysis/suppress.h"

/* ---- The attacker ------------------------------------------------------------------ */

/* An equation Σ coef[i]·x[var[i]] = rhs over the unknown cells. */
typedef struct Eq {
  guint n;
  guint var[64];
  int coef[64];
  gint64 rhs;
} Eq;

typedef struct Attack {
  guint n_vars;
  gint64 lb[256], ub[256];
  GArray *eqs;       /* of Eq */
  guint64 nodes;     /* search nodes visited, to bound the search */
} Attack;

/* Tightens the bounds from each equation until nothing changes; FALSE
 * when some variable has no value left. */
static gboolean
propagate(Attack *at, gint64 *lb, gint64 *ub)
{
  gboolean changed = TRUE;
  while (changed) {
    changed = FALSE;
    for (guint e = 0; e < at->eqs->len; e++) {
      const Eq *eq = &g_array_index(at->eqs, Eq, e);
      gint64 lo = 0, hi = 0; /* range of Σ coef·x */
      for (guint i = 0; i < eq->n; i++) {
        guint v = eq->var[i];
        lo += eq->coef[i] > 0 ? lb[v] : -ub[v];
        hi += eq->coef[i] > 0 ? ub[v] : -lb[v];
      }
      if (eq->rhs < lo || eq->rhs > hi)
        return FALSE;
      for (guint i = 0; i < eq->n; i++) {
        guint v = eq->var[i];
        /* coef·x_v = rhs − (others), others in [lo − own_lo, hi − own_hi]. */
        gint64 own_lo = eq->coef[i] > 0 ? lb[v] : -ub[v];
        gint64 own_hi = eq->coef[i] > 0 ? ub[v] : -lb[v];
        gint64 t_lo = eq->rhs - (hi - own_hi), t_hi = eq->rhs - (lo - own_lo);
        gint64 new_lb = eq->coef[i] > 0 ? t_lo : -t_hi;
        gint64 new_ub = eq->coef[i] > 0 ? t_hi : -t_lo;
        if (new_lb > lb[v])
          lb[v] = new_lb, changed = TRUE;
        if (new_ub < ub[v])
          ub[v] = new_ub, changed = TRUE;
        if (lb[v] > ub[v])
          return FALSE;
      }
    }
  }
  return TRUE;
}

/* Whether some whole-number assignment within the bounds solves every
 * equation: propagation, then backtracking on the narrowest variable. */
static gboolean
feasible(Attack *at, const gint64 *lb0, const gint64 *ub0)
{
  gint64 lb[256], ub[256];
  memcpy(lb, lb0, sizeof lb);
  memcpy(ub, ub0, sizeof ub);
  at->nodes++;
  g_assert_cmpuint(at->nodes, <, 5000000);
  if (!propagate(at, lb, ub))
    return FALSE;
  guint pick = at->n_vars;
  for (guint v = 0; v < at->n_vars; v++)
    if (lb[v] < ub[v] && (pick == at->n_vars || ub[v] - lb[v] < ub[pick] - lb[pick]))
      pick = v;
  if (pick == at->n_vars)
    return TRUE; /* every variable fixed and every equation within bounds: solved */
  for (gint64 val = lb[pick]; val <= ub[pick]; val++) {
    gint64 l2[256], u2[256];
    memcpy(l2, lb, sizeof l2);
    memcpy(u2, ub, sizeof u2);
    l2[pick] = u2[pick] = val;
    if (feasible(at, l2, u2))
      return TRUE;
  }
  return FALSE;
}

/* The attacker's view of a table: values of shown cells, marks, and the
 * lines that add up — each line a list of (cell, sign), summing to 0. */
typedef struct Line {
  guint n;
  guint cell[64];
  int sign[64];
} Line;

/* Tries every suppressed cell; returns how many were recovered (0 is the
 * goal), and in *edges (may be NULL) how many primary cells are known to
 * be at the least or greatest value left open without being recovered.
 * value[] are the true values (used only for the shown cells and to say
 * what "one more / one less" is). */
static guint
attack(const gint64 *value, const SuppressMark *marks, guint n_cells, const Line *lines,
       guint n_lines, gint64 k, gint64 cap, guint64 *nodes, guint *edges)
{
  Attack at = {.eqs = g_array_new(FALSE, TRUE, sizeof(Eq))};
  guint var_of[1024];
  guint cell_of[256];
  g_assert_cmpuint(n_cells, <=, 1024);
  for (guint c = 0; c < n_cells; c++) {
    var_of[c] = G_MAXUINT;
    if (marks[c] == SUPPRESS_SHOWN)
      continue;
    g_assert_cmpuint(at.n_vars, <, 256);
    var_of[c] = at.n_vars;
    cell_of[at.n_vars] = c;
    at.lb[at.n_vars] = marks[c] == SUPPRESS_PRIMARY ? 0 : k;
    at.ub[at.n_vars] = marks[c] == SUPPRESS_PRIMARY ? k - 1 : cap;
    at.n_vars++;
  }
  for (guint l = 0; l < n_lines; l++) {
    Eq eq = {0};
    for (guint i = 0; i < lines[l].n; i++) {
      guint c = lines[l].cell[i];
      if (var_of[c] == G_MAXUINT) {
        eq.rhs -= lines[l].sign[i] * value[c];
      } else {
        eq.var[eq.n] = var_of[c];
        eq.coef[eq.n] = lines[l].sign[i];
        eq.n++;
      }
    }
    if (eq.n > 0)
      g_array_append_val(at.eqs, eq);
    else
      g_assert_cmpint(eq.rhs, ==, 0); /* a fully shown line adds up */
  }
  /* The true table itself must be consistent with what is shown. */
  gint64 lb[256], ub[256];
  for (guint v = 0; v < at.n_vars; v++)
    lb[v] = ub[v] = value[cell_of[v]];
  g_assert_true(feasible(&at, lb, ub));

  guint recovered = 0;
  for (guint v = 0; v < at.n_vars; v++) {
    gint64 truth = value[cell_of[v]];
    gboolean up_ok = FALSE, down_ok = FALSE;
    gboolean up_possible = truth + 1 <= at.ub[v], down_possible = truth - 1 >= at.lb[v];
    if (up_possible) {
      memcpy(lb, at.lb, sizeof lb);
      memcpy(ub, at.ub, sizeof ub);
      lb[v] = ub[v] = truth + 1;
      up_ok = feasible(&at, lb, ub);
    }
    if (down_possible) {
      memcpy(lb, at.lb, sizeof lb);
      memcpy(ub, at.ub, sizeof ub);
      lb[v] = ub[v] = truth - 1;
      down_ok = feasible(&at, lb, ub);
    }
    /* Recovered: no other value is possible.  At an edge: a primary cell
     * that could be one more or one less by its bounds but cannot be. */
    gboolean primary = marks[cell_of[v]] == SUPPRESS_PRIMARY;
    if (primary && (up_ok || down_ok) &&
        ((up_possible && !up_ok) || (down_possible && !down_ok)) && edges != NULL)
      (*edges)++;
    if (!up_ok && !down_ok) {
      if (nodes != NULL) /* the random tables: say which cell fell */
        g_printerr("# cell %u (value %" G_GINT64_FORMAT ", %s) recovered: +1 %s, −1 %s\n",
                 cell_of[v], truth, primary ? "primary" : "secondary",
                 up_possible ? (up_ok ? "open" : "closed") : "out of bounds",
                 down_possible ? (down_ok ? "open" : "closed") : "out of bounds");
      recovered++;
    }
  }
  if (nodes != NULL)
    *nodes += at.nodes;
  g_array_unref(at.eqs);
  return recovered;
}

/* The lines of a 1-D table: the cells, less the total, sum to 0. */
static guint
lines_1d(guint n, Line *lines)
{
  lines[0].n = n + 1;
  for (guint i = 0; i <= n; i++) {
    lines[0].cell[i] = i;
    lines[0].sign[i] = i < n ? 1 : -1;
  }
  return 1;
}

/* The lines of a 2-D table with totals ((R+1)·(C+1) layout): each row of
 * the layout less its total, and each column less its total. */
static guint
lines_2d(guint R, guint C, Line *lines)
{
  guint n = 0, w = C + 1;
  for (guint r = 0; r <= R; r++, n++) {
    lines[n].n = C + 1;
    for (guint c = 0; c <= C; c++) {
      lines[n].cell[c] = r * w + c;
      lines[n].sign[c] = c < C ? 1 : -1;
    }
  }
  for (guint c = 0; c <= C; c++, n++) {
    lines[n].n = R + 1;
    for (guint r = 0; r <= R; r++) {
      lines[n].cell[r] = r * w + c;
      lines[n].sign[r] = r < R ? 1 : -1;
    }
  }
  return n;
}

/* A count as reports see them: many small cells, some large. */
static gint64
random_count(GRand *rand)
{
  switch (g_rand_int_range(rand, 0, 10)) {
  case 0: return 0;
  case 1: case 2: case 3: return g_rand_int_range(rand, 1, 5);
  case 4: case 5: return g_rand_int_range(rand, 5, 9);
  default: return g_rand_int_range(rand, 5, 40);
  }
}

/* ---- Tests --------------------------------------------------------------------------- */

static void
test_refuses(void)
{
  const gint64 cells[] = {3, 8, 12};
  SuppressMark marks[16];
  for (guint i = 0; i < G_N_ELEMENTS(marks); i++)
    marks[i] = 77;
  g_autoptr(GError) error = NULL;
  g_assert_false(suppress_1d(cells, 3, 2, marks, &error));
  g_assert_error(error, SUPPRESS_ERROR, SUPPRESS_ERROR_K);
  g_clear_error(&error);
  g_assert_false(suppress_2d(cells, 1, 3, 0, marks, &error));
  g_assert_error(error, SUPPRESS_ERROR, SUPPRESS_ERROR_K);
  g_clear_error(&error);
  const gint64 negative[] = {3, -1, 12};
  g_assert_false(suppress_1d(negative, 3, 5, marks, &error));
  g_assert_error(error, SUPPRESS_ERROR, SUPPRESS_ERROR_NEGATIVE);
  g_clear_error(&error);
  g_assert_false(suppress_2d(negative, 3, 1, 5, marks, &error));
  g_assert_error(error, SUPPRESS_ERROR, SUPPRESS_ERROR_NEGATIVE);
  g_clear_error(&error);
  g_assert_false(suppress_1d(cells, 0, 5, marks, &error));
  g_assert_error(error, SUPPRESS_ERROR, SUPPRESS_ERROR_SIZE);
  g_clear_error(&error);
  for (guint i = 0; i < G_N_ELEMENTS(marks); i++)
    g_assert_cmpint(marks[i], ==, 77); /* untouched */
  /* k = 3 is the least allowed. */
  g_assert_true(suppress_1d(cells, 3, SUPPRESS_K_MIN, marks, &error));
  g_assert_no_error(error);
}

static void
test_nothing_small(void)
{
  const gint64 cells[] = {5, 9, 12, 30, 7, 6};
  SuppressMark marks[12];
  g_assert_true(suppress_2d(cells, 2, 3, SUPPRESS_K_DEFAULT, marks, NULL));
  for (guint i = 0; i < 12; i++)
    g_assert_cmpint(marks[i], ==, SUPPRESS_SHOWN);
  g_assert_true(suppress_1d(cells, 6, SUPPRESS_K_DEFAULT, marks, NULL));
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint(marks[i], ==, SUPPRESS_SHOWN);
}

/* One small cell in a list: the next smallest cell that can hide it goes
 * too, and the total stays. */
static void
test_1d_example(void)
{
  const gint64 cells[] = {2, 10, 12, 40};
  SuppressMark marks[5];
  g_assert_true(suppress_1d(cells, 4, 5, marks, NULL));
  g_assert_cmpint(marks[0], ==, SUPPRESS_PRIMARY);
  g_assert_cmpint(marks[1], ==, SUPPRESS_SECONDARY);
  g_assert_cmpint(marks[2], ==, SUPPRESS_SHOWN);
  g_assert_cmpint(marks[3], ==, SUPPRESS_SHOWN);
  g_assert_cmpint(marks[4], ==, SUPPRESS_SHOWN);
  Line lines[1];
  gint64 value[5] = {2, 10, 12, 40, 64};
  g_assert_cmpuint(attack(value, marks, 5, lines, lines_1d(4, lines), 5, 200, NULL, NULL), ==, 0);
}

/* A 2 × 3 table with one small cell: its row and its column each need a
 * second hidden cell, and the cheapest way closes a rectangle. */
static void
test_2d_example(void)
{
  const gint64 cells[] = {3, 20, 25,
                          9, 30, 11};
  SuppressMark marks[12];
  g_assert_true(suppress_2d(cells, 2, 3, 5, marks, NULL));
  g_autofree gint64 *full = g_new(gint64, 12);
  suppress_totals_2d(cells, 2, 3, full);
  const gint64 expect_totals[] = {3, 20, 25, 48, 9, 30, 11, 50, 12, 50, 36, 98};
  for (guint i = 0; i < 12; i++)
    g_assert_cmpint(full[i], ==, expect_totals[i]);
  g_assert_cmpint(marks[0], ==, SUPPRESS_PRIMARY);
  /* Of the rectangles through the 3, the one through 25, 9 and 11 hides
   * the fewest citizens (45, against 59 through 20, 9 and 30). */
  g_assert_cmpint(marks[2], ==, SUPPRESS_SECONDARY);
  g_assert_cmpint(marks[4], ==, SUPPRESS_SECONDARY);
  g_assert_cmpint(marks[6], ==, SUPPRESS_SECONDARY);
  g_assert_cmpint(marks[1], ==, SUPPRESS_SHOWN);
  g_assert_cmpint(marks[5], ==, SUPPRESS_SHOWN);
  for (guint i = 3; i < 12; i += 4)
    g_assert_cmpint(marks[i], ==, SUPPRESS_SHOWN); /* totals */
  Line lines[8];
  g_assert_cmpuint(attack(full, marks, 12, lines, lines_2d(2, 3, lines), 5, 200, NULL, NULL), ==, 0);
}

/* The attacker is real: against primary suppression alone it recovers
 * the lone small cell of each table above. */
static void
test_attacker_recovers_primary_only(void)
{
  Line lines[8];
  SuppressMark m1[5] = {SUPPRESS_PRIMARY, 0, 0, 0, 0};
  gint64 v1[5] = {2, 10, 12, 40, 64};
  g_assert_cmpuint(attack(v1, m1, 5, lines, lines_1d(4, lines), 5, 200, NULL, NULL), ==, 1);

  const gint64 cells[] = {3, 20, 25, 9, 30, 11};
  gint64 full[12];
  suppress_totals_2d(cells, 2, 3, full);
  SuppressMark m2[12] = {SUPPRESS_PRIMARY};
  g_assert_cmpuint(attack(full, m2, 12, lines, lines_2d(2, 3, lines), 5, 200, NULL, NULL), ==, 1);

  /* Two hidden cells in one row still fall to the column totals. */
  SuppressMark m3[12] = {SUPPRESS_PRIMARY, SUPPRESS_SECONDARY};
  g_assert_cmpuint(attack(full, m3, 12, lines, lines_2d(2, 3, lines), 5, 200, NULL, NULL), ==, 2);

  /* Bounds count: two hidden zeros in a list of known total are pinned
   * (they sum to 0); a hidden 0 and 4 are not — each can move the one way
   * its bounds leave open (0 → 1 while 4 → 3). */
  SuppressMark m4[4] = {SUPPRESS_PRIMARY, SUPPRESS_PRIMARY, SUPPRESS_SHOWN, SUPPRESS_SHOWN};
  gint64 v4[4] = {0, 0, 20, 20};
  g_assert_cmpuint(attack(v4, m4, 4, lines, lines_1d(3, lines), 5, 200, NULL, NULL), ==, 2);
  gint64 v5[4] = {0, 4, 20, 24};
  g_assert_cmpuint(attack(v5, m4, 4, lines, lines_1d(3, lines), 5, 200, NULL, NULL), ==, 0);
}

static void
check_primary(const gint64 *values, const SuppressMark *marks, guint n, gint64 k)
{
  for (guint i = 0; i < n; i++) {
    if (values[i] < k)
      g_assert_cmpint(marks[i], ==, SUPPRESS_PRIMARY);
    else
      g_assert_cmpint(marks[i], !=, SUPPRESS_PRIMARY);
  }
}

static void
test_random_1d(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(70001);
  Line lines[1];
  guint tables = 0, suppressed = 0, primary = 0, edges = 0;
  guint64 nodes = 0;
  for (int round = 0; round < 2000; round++) {
    guint n = (guint)g_rand_int_range(rand, 1, 13);
    gint64 k = (gint64[]){3, 5, 5, 5, 10}[g_rand_int_range(rand, 0, 5)];
    gint64 value[16] = {0};
    for (guint i = 0; i < n; i++) {
      value[i] = random_count(rand);
      value[n] += value[i];
    }
    SuppressMark marks[16];
    g_assert_true(suppress_1d(value, n, (guint)k, marks, NULL));
    check_primary(value, marks, n + 1, k);
    guint got = attack(value, marks, n + 1, lines, lines_1d(n, lines), k, 2 * value[n] + 10,
                       &nodes, &edges);
    if (got != 0) {
      GString *s = g_string_new(NULL);
      for (guint i = 0; i <= n; i++)
        g_string_append_printf(s, " %" G_GINT64_FORMAT "%s", value[i],
                               marks[i] == SUPPRESS_SHOWN ? "" : marks[i] == SUPPRESS_PRIMARY ? "P" : "S");
      g_error("1-D table, k = %" G_GINT64_FORMAT ", %u cells recovered:%s", k, got, s->str);
    }
    tables++;
    for (guint i = 0; i <= n; i++) {
      suppressed += marks[i] != SUPPRESS_SHOWN;
      primary += marks[i] == SUPPRESS_PRIMARY;
    }
  }
  g_test_message("%u tables, %u cells suppressed, %u primary of which %u at an edge, %"
                 G_GUINT64_FORMAT " search nodes", tables, suppressed, primary, edges, nodes);
  g_assert_cmpuint(primary, >, 1500);
  g_assert_cmpuint(edges * 50, <, primary);
}

static void
test_random_2d(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(70002);
  Line lines[32];
  guint tables = 0, suppressed = 0, secondary = 0, primary = 0, edges = 0;
  guint64 nodes = 0;
  for (int round = 0; round < 2000; round++) {
    guint R = (guint)g_rand_int_range(rand, 1, 7), C = (guint)g_rand_int_range(rand, 1, 7);
    gint64 k = (gint64[]){3, 5, 5, 5, 10}[g_rand_int_range(rand, 0, 5)];
    gint64 cells[36];
    for (guint i = 0; i < R * C; i++)
      cells[i] = random_count(rand);
    guint n = (R + 1) * (C + 1);
    gint64 full[64];
    SuppressMark marks[64];
    suppress_totals_2d(cells, R, C, full);
    g_assert_true(suppress_2d(cells, R, C, (guint)k, marks, NULL));
    check_primary(full, marks, n, k);
    guint got = attack(full, marks, n, lines, lines_2d(R, C, lines), k,
                       2 * full[n - 1] + 10, &nodes, &edges);
    if (got != 0) {
      GString *s = g_string_new(NULL);
      for (guint r = 0; r <= R; r++) {
        g_string_append(s, "\n ");
        for (guint c = 0; c <= C; c++) {
          guint i = r * (C + 1) + c;
          g_string_append_printf(s, " %3" G_GINT64_FORMAT "%s", full[i],
                                 marks[i] == SUPPRESS_SHOWN ? " " : marks[i] == SUPPRESS_PRIMARY ? "P" : "S");
        }
      }
      g_error("%u×%u table, k = %" G_GINT64_FORMAT ", %u cells recovered:%s", R, C, k, got,
              s->str);
    }
    tables++;
    for (guint i = 0; i < n; i++) {
      suppressed += marks[i] != SUPPRESS_SHOWN;
      secondary += marks[i] == SUPPRESS_SECONDARY;
      primary += marks[i] == SUPPRESS_PRIMARY;
    }
  }
  g_test_message("%u tables, %u cells suppressed (%u secondary), %u primary of which %u at an "
                 "edge, %" G_GUINT64_FORMAT " search nodes", tables, suppressed, secondary,
                 primary, edges, nodes);
  g_assert_cmpuint(primary, >, 1500);
  g_assert_cmpuint(edges * 50, <, primary);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/suppress/refuses", test_refuses);
  g_test_add_func("/suppress/nothing-small", test_nothing_small);
  g_test_add_func("/suppress/1d-example", test_1d_example);
  g_test_add_func("/suppress/2d-example", test_2d_example);
  g_test_add_func("/suppress/attacker-recovers-primary-only", test_attacker_recovers_primary_only);
  g_test_add_func("/suppress/random-1d", test_random_1d);
  g_test_add_func("/suppress/random-2d", test_random_2d);
  return g_test_run();
}
