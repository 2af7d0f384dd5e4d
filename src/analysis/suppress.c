/* suppress.c — primary and secondary suppression as suppress.h describes:
 * the table becomes a network of arcs, and a primary cell is safe when it
 * lies on a residual cycle in each direction its bounds allow. */
#include "analysis/suppress.h"

G_DEFINE_QUARK(spor-suppress-error-quark, suppress_error)

/* Tables of more cells than this are refused (reports never come near). */
#define MAX_CELLS 100000

typedef struct Arc {
  guint tail, head;  /* raising the value sends one more unit tail → head */
  gint64 value;
  SuppressMark mark;
} Arc;

typedef struct Net {
  guint n_nodes;
  guint n_arcs;
  Arc *arcs;
  gint64 k;
} Net;

/* Whether a suppressed arc may rise or fall by one, within the bounds a
 * reader knows: primary 0..k−1, secondary k..∞. */
static gboolean
can_rise(const Net *net, const Arc *a)
{
  return a->mark == SUPPRESS_SECONDARY || a->value < net->k - 1;
}

static gboolean
can_fall(const Net *net, const Arc *a)
{
  return a->mark == SUPPRESS_SECONDARY ? a->value > net->k : a->value > 0;
}

/* Cheapest path from → to in the residual graph, not using arc skip.  The
 * arcs of suppressed cells cost 0 (so a cycle that already exists costs
 * nothing); a shown cell costs its count + 1 and offers the arcs it would
 * have once secondary (it is ≥ k, being shown).  Marks the shown cells on
 * the path secondary; FALSE when there is no path at all. */
static gboolean
close_cycle(Net *net, guint from, guint to, guint skip, gboolean suppressed_only)
{
  guint nn = net->n_nodes;
  g_autofree double *dist = g_new(double, nn);
  g_autofree gint *via = g_new(gint, nn);  /* arc index, or −1 */
  g_autofree gboolean *done = g_new0(gboolean, nn);
  for (guint v = 0; v < nn; v++)
    dist[v] = G_MAXDOUBLE, via[v] = -1;
  dist[from] = 0;
  for (;;) {
    guint u = nn;
    for (guint v = 0; v < nn; v++)
      if (!done[v] && dist[v] < G_MAXDOUBLE && (u == nn || dist[v] < dist[u]))
        u = v;
    if (u == nn || u == to)
      break;
    done[u] = TRUE;
    for (guint i = 0; i < net->n_arcs; i++) {
      if (i == skip)
        continue;
      const Arc *a = &net->arcs[i];
      gboolean shown = a->mark == SUPPRESS_SHOWN;
      if (shown && suppressed_only)
        continue;
      double cost = shown ? (double)a->value + 1.0 : 0.0;
      /* Forward: the cell rises (u = tail); backward: it falls (u = head). */
      gboolean fwd = a->tail == u && (shown || can_rise(net, a));
      gboolean back = a->head == u && (shown ? a->value > net->k : can_fall(net, a));
      guint next = fwd ? a->head : a->tail;
      if ((fwd || back) && dist[u] + cost < dist[next]) {
        dist[next] = dist[u] + cost;
        via[next] = (gint)i;
      }
    }
  }
  if (dist[to] == G_MAXDOUBLE)
    return FALSE;
  for (guint v = to; v != from;) {
    Arc *a = &net->arcs[via[v]];
    if (a->mark == SUPPRESS_SHOWN)
      a->mark = SUPPRESS_SECONDARY;
    v = a->head == v ? a->tail : a->head;
  }
  return TRUE;
}

/* Makes primary arc i movable in each direction its bounds allow,
 * suppressing the cheapest cells needed.  Rising i closes a cycle
 * head → tail; falling closes tail → head.  A direction can be closed for
 * good by the bounds of the cells around it (a row of 1 and 4 whose total
 * is 5 = k: the 1 cannot fall, since the 4 cannot rise past k − 1 and the
 * total cannot fall below k); the cell is still safe if the other
 * direction is open.  Should neither be (never seen in practice),
 * everything is suppressed rather than risk a recovery. */
static void
protect(Net *net, guint i)
{
  const Arc *a = &net->arcs[i];
  guint tail = a->tail, head = a->head;
  gboolean rise = can_rise(net, a) && close_cycle(net, head, tail, i, FALSE);
  gboolean fall = can_fall(net, a) && close_cycle(net, tail, head, i, FALSE);
  if (!rise && !fall)
    for (guint j = 0; j < net->n_arcs; j++)
      if (net->arcs[j].mark == SUPPRESS_SHOWN)
        net->arcs[j].mark = SUPPRESS_SECONDARY;
}

/* Primary marks, then protection of each primary cell.  A secondary cell
 * is only ever added on a residual cycle through a primary one, so it can
 * move too; cycles are never taken away by later additions.  Then the
 * result is checked: every suppressed cell must lie on a residual cycle of
 * suppressed cells.  FALSE if one does not — a table that cannot be
 * protected, which the caller must not show at all. */
static gboolean
run(Net *net)
{
  for (guint i = 0; i < net->n_arcs; i++)
    if (net->arcs[i].value < net->k)
      net->arcs[i].mark = SUPPRESS_PRIMARY;
  for (guint i = 0; i < net->n_arcs; i++)
    if (net->arcs[i].mark == SUPPRESS_PRIMARY)
      protect(net, i);
  for (guint i = 0; i < net->n_arcs; i++) {
    const Arc *a = &net->arcs[i];
    if (a->mark == SUPPRESS_SHOWN)
      continue;
    gboolean moves = (can_rise(net, a) && close_cycle(net, a->head, a->tail, i, TRUE)) ||
                     (can_fall(net, a) && close_cycle(net, a->tail, a->head, i, TRUE));
    if (!moves)
      return FALSE;
  }
  return TRUE;
}

static gboolean
unprotectable(GError **error)
{
  g_set_error_literal(error, SUPPRESS_ERROR, SUPPRESS_ERROR_UNPROTECTABLE,
                      "Tabellen kan ikke vises uden at afsløre en lille gruppe");
  return FALSE;
}

static gboolean
check_args(const gint64 *cells, gsize n, guint k, GError **error)
{
  if (k < SUPPRESS_K_MIN) {
    g_set_error(error, SUPPRESS_ERROR, SUPPRESS_ERROR_K,
                "k = %u er for lille; den mindste tilladte værdi er %d", k, SUPPRESS_K_MIN);
    return FALSE;
  }
  if (n == 0 || n > MAX_CELLS) {
    g_set_error(error, SUPPRESS_ERROR, SUPPRESS_ERROR_SIZE, "Tabellen har %zu celler", n);
    return FALSE;
  }
  for (gsize i = 0; i < n; i++)
    if (cells[i] < 0) {
      g_set_error(error, SUPPRESS_ERROR, SUPPRESS_ERROR_NEGATIVE, "En celle har et negativt antal");
      return FALSE;
    }
  return TRUE;
}

gboolean
suppress_1d(const gint64 *cells, guint n, guint k, SuppressMark *marks, GError **error)
{
  if (!check_args(cells, n, k, error))
    return FALSE;
  /* Two nodes: every cell an arc 0 → 1, the total the arc 1 → 0. */
  Net net = {.n_nodes = 2, .n_arcs = n + 1, .arcs = g_new0(Arc, n + 1), .k = k};
  gint64 total = 0;
  for (guint i = 0; i < n; i++) {
    net.arcs[i] = (Arc){.tail = 0, .head = 1, .value = cells[i]};
    total += cells[i];
  }
  net.arcs[n] = (Arc){.tail = 1, .head = 0, .value = total};
  gboolean ok = run(&net);
  if (ok)
    for (guint i = 0; i <= n; i++)
      marks[i] = net.arcs[i].mark;
  g_free(net.arcs);
  return ok || unprotectable(error);
}

void
suppress_totals_2d(const gint64 *cells, guint n_rows, guint n_cols, gint64 *out)
{
  guint w = n_cols + 1;
  for (gsize i = 0; i < (gsize)(n_rows + 1) * w; i++)
    out[i] = 0;
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_cols; c++) {
      gint64 v = cells[(gsize)r * n_cols + c];
      out[(gsize)r * w + c] = v;
      out[(gsize)r * w + n_cols] += v;
      out[(gsize)n_rows * w + c] += v;
      out[(gsize)n_rows * w + n_cols] += v;
    }
}

gboolean
suppress_2d(const gint64 *cells, guint n_rows, guint n_cols, guint k, SuppressMark *marks,
            GError **error)
{
  if (!check_args(cells, (gsize)n_rows * n_cols, k, error))
    return FALSE;
  /* Nodes: rows 0..R (R the totals row), then columns R+1..R+1+C (the
   * last the totals column).  Inner cell: column → row; row total: row →
   * totals column; column total: totals row → column; grand total: totals
   * column → totals row.  Then every row and column is a node where what
   * flows in equals what flows out — the table adding up. */
  guint R = n_rows, C = n_cols, w = C + 1;
  gsize n_arcs = (gsize)(R + 1) * w;
  g_autofree gint64 *full = g_new(gint64, n_arcs);
  suppress_totals_2d(cells, n_rows, n_cols, full);
  Net net = {.n_nodes = R + 1 + C + 1, .n_arcs = (guint)n_arcs, .arcs = g_new0(Arc, n_arcs),
             .k = k};
  for (guint r = 0; r <= R; r++)
    for (guint c = 0; c <= C; c++) {
      guint row = r, col = R + 1 + c;
      Arc *a = &net.arcs[(gsize)r * w + c];
      a->value = full[(gsize)r * w + c];
      gboolean inner_row = r < R, inner_col = c < C;
      if (inner_row == inner_col)
        a->tail = col, a->head = row;  /* inner cell, or the grand total */
      else
        a->tail = row, a->head = col;  /* a row total or a column total */
    }
  gboolean ok = run(&net);
  if (ok)
    for (gsize i = 0; i < n_arcs; i++)
      marks[i] = net.arcs[i].mark;
  g_free(net.arcs);
  return ok || unprotectable(error);
}
