/* stats.c — the formulas of stats.h.  Sums run in two passes (mean first,
 * then squared deviations) so that scores of similar size lose no
 * precision; the t distribution comes from the regularized incomplete beta
 * function, its quantile from a bracketed Newton iteration. */
#include "analysis/stats.h"

#include <math.h>
#include <stdlib.h>

static inline gboolean
present(double v)
{
  return isfinite(v);
}

static double
log_gamma(double x)
{
  int sign;
  return lgamma_r(x, &sign);
}

/* Stirling's series for ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π), z ≥ 10. */
static double
stirling_tail(double z)
{
  double z2 = z * z;
  return 1.0 / (12.0 * z) - 1.0 / (360.0 * z * z2) + 1.0 / (1260.0 * z * z2 * z2);
}

/* ln Γ(a + b) − ln Γ(a), b ≥ 0.  For large a the two log-gammas are huge
 * and nearly equal, so their difference is taken inside Stirling's series
 * instead, where it is (a − ½)·ln(1 + b/a) + b·ln(a + b) − b + the tails
 * (truncation error below 1e-17 for a ≥ 100). */
static double
log_gamma_ratio(double a, double b)
{
  if (a < 100.0)
    return log_gamma(a + b) - log_gamma(a);
  return (a - 0.5) * log1p(b / a) + b * log(a + b) - b + stirling_tail(a + b) - stirling_tail(a);
}

/* ---- Distributions ------------------------------------------------------------------- */

/* The continued fraction for I_x(a,b) (Numerical Recipes §6.4, modified
 * Lentz).  Converges quickly for x < (a + 1)/(a + b + 2); for large a the
 * number of terms grows like √a, hence the generous limit. */
static double
beta_cf(double a, double b, double x)
{
  const double tiny = 1e-300, eps = 1e-16;
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap;
  if (fabs(d) < tiny)
    d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 100000; m++) {
    int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (fabs(d) < tiny)
      d = tiny;
    c = 1.0 + aa / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (fabs(d) < tiny)
      d = tiny;
    c = 1.0 + aa / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1.0 / d;
    double del = d * c;
    h *= del;
    if (fabs(del - 1.0) < eps)
      break;
  }
  return h;
}

/* I_x(a,b) and its complement 1 − I_x(a,b), each computed directly where
 * it is the small one, from x and y = 1 − x given separately (the caller
 * often knows y more precisely than 1 − x). */
static void
beta_inc_pair(double a, double b, double x, double y, double *inc, double *comp)
{
  if (x <= 0.0) {
    *inc = 0.0, *comp = 1.0;
    return;
  }
  if (y <= 0.0) {
    *inc = 1.0, *comp = 0.0;
    return;
  }
  /* x^a y^b / B(a, b), with ln B taken apart so that a large a or b loses
   * nothing, and the logarithm of whichever of x, y is nearer 1 taken
   * from the other. */
  double lbeta = a >= b ? log_gamma(b) - log_gamma_ratio(a, b) : log_gamma(a) - log_gamma_ratio(b, a);
  double lx = x < 0.5 ? log(x) : log1p(-y);
  double ly = y < 0.5 ? log(y) : log1p(-x);
  double front = exp(a * lx + b * ly - lbeta);
  if (x < (a + 1.0) / (a + b + 2.0)) {
    *inc = front * beta_cf(a, b, x) / a;
    *comp = 1.0 - *inc;
  } else {
    *comp = front * beta_cf(b, a, y) / b;
    *inc = 1.0 - *comp;
  }
}

double
stats_beta_inc(double a, double b, double x)
{
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1) || !isfinite(a) || !isfinite(b))
    return NAN;
  double inc, comp;
  beta_inc_pair(a, b, x, 1.0 - x, &inc, &comp);
  return inc;
}

/* P(T > t) for t ≥ 0: ½·I_{df/(df+t²)}(df/2, ½). */
static double
t_upper(double t, double df)
{
  if (isinf(df))
    return 0.5 * erfc(t / M_SQRT2);
  double t2 = t * t;
  double inc, comp;
  beta_inc_pair(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2), &inc, &comp);
  return 0.5 * inc;
}

static double
t_density(double t, double df)
{
  if (isinf(df))
    return exp(-0.5 * t * t) / sqrt(2.0 * M_PI);
  return exp(log_gamma_ratio(df / 2.0, 0.5) - 0.5 * log(df * M_PI) -
             (df + 1.0) / 2.0 * log1p(t * t / df));
}

static gboolean
df_ok(double df)
{
  return df > 0 && !isnan(df);
}

double
stats_t_cdf(double t, double df)
{
  if (isnan(t) || !df_ok(df))
    return NAN;
  if (isinf(t))
    return t > 0 ? 1.0 : 0.0;
  return t >= 0 ? 1.0 - t_upper(t, df) : t_upper(-t, df);
}

double
stats_t_p_two_sided(double t, double df)
{
  if (isnan(t) || !df_ok(df))
    return NAN;
  if (isinf(t))
    return 0.0;
  return fmin(1.0, 2.0 * t_upper(fabs(t), df));
}

/* The t ≥ 0 with P(T > t) = q, 0 < q ≤ ½.  f(t) = P(T > t) − q falls
 * monotonically with f′(t) = −density(t); the bracket [lo, hi] always
 * holds the root, and a Newton step that would leave it is replaced by
 * bisection, so the iteration cannot diverge even in the Cauchy tails. */
static double
t_upper_inverse(double q, double df)
{
  if (q >= 0.5)
    return 0.0;
  double lo = 0.0, hi = 1.0;
  while (t_upper(hi, df) > q) {
    lo = hi;
    hi *= 2.0;
    if (hi > 1e300)
      return INFINITY;
  }
  double t = 0.5 * (lo + hi);
  for (int i = 0; i < 300; i++) {
    double f = t_upper(t, df) - q;
    if (f == 0.0)
      return t;
    if (f > 0)
      lo = t;
    else
      hi = t;
    double slope = t_density(t, df);
    double next = slope > 0 ? t + f / slope : NAN;
    if (!(next > lo && next < hi))
      next = 0.5 * (lo + hi);
    if (fabs(next - t) <= 1e-15 * fmax(1.0, fabs(t)) || hi - lo <= 1e-15 * fmax(1.0, hi))
      return next;
    t = next;
  }
  return t;
}

double
stats_t_quantile(double p, double df)
{
  if (!(p >= 0 && p <= 1) || !df_ok(df))
    return NAN;
  if (p == 0.0)
    return -INFINITY;
  if (p == 1.0)
    return INFINITY;
  if (p < 0.5)
    return -t_upper_inverse(p, df);
  return t_upper_inverse(1.0 - p, df);
}

double
stats_normal_quantile(double p)
{
  return stats_t_quantile(p, INFINITY);
}

/* ---- One sample -------------------------------------------------------------------- */

/* Reorders v[0..n) so that v[k] holds the value a sort would put there,
 * with nothing larger before it and nothing smaller after it (Hoare's
 * selection, median-of-three pivots): a median in linear time, where a
 * report asks for hundreds of them. */
static void
select_kth(double *v, guint n, guint k)
{
  gssize lo = 0, hi = (gssize)n - 1, want = (gssize)k;
  while (hi > lo) {
    gssize mid = lo + (hi - lo) / 2;
    /* Order v[lo], v[mid], v[hi] and take the middle one as the pivot. */
    if (v[mid] < v[lo]) { double t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
    if (v[hi] < v[lo]) { double t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
    if (v[hi] < v[mid]) { double t = v[hi]; v[hi] = v[mid]; v[mid] = t; }
    double pivot = v[mid];
    gssize i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot)
        i++;
      while (v[j] > pivot)
        j--;
      if (i <= j) {
        double t = v[i];
        v[i++] = v[j];
        v[j--] = t;
      }
    }
    /* Now v[lo..j] <= pivot <= v[i..hi], and v(j..i) all equal it. */
    if (want <= j)
      hi = j;
    else if (want >= i)
      lo = i;
    else
      return;
  }
}

/* The two-sided 95 % half-width t·se, or NaN. */
static double
ci_half_width(double se, double df)
{
  if (!(df >= 1) || isnan(se))
    return NAN;
  return stats_t_quantile(0.5 + STATS_CI_LEVEL / 2.0, df) * se;
}

void
stats_summary(const double *x, gsize len, StatsSummary *out)
{
  *out = (StatsSummary){.mean = NAN, .sd = NAN, .se = NAN, .median = NAN, .min = NAN,
                        .max = NAN, .ci_low = NAN, .ci_high = NAN};
  g_autofree double *v = g_new(double, len > 0 ? len : 1);
  guint n = 0;
  for (gsize i = 0; i < len; i++) {
    if (present(x[i]))
      v[n++] = x[i];
    else
      out->n_missing++;
  }
  out->n = n;
  if (n == 0)
    return;
  double sum = 0, min = v[0], max = v[0];
  for (guint i = 0; i < n; i++) {
    sum += v[i];
    min = MIN(min, v[i]);
    max = MAX(max, v[i]);
  }
  out->mean = sum / n;
  out->min = min;
  out->max = max;
  double ss = 0;
  for (guint i = 0; i < n; i++)
    ss += (v[i] - out->mean) * (v[i] - out->mean);
  select_kth(v, n, n / 2);
  if (n % 2) {
    out->median = v[n / 2];
  } else {
    double below = v[0]; /* the largest value before the upper middle one */
    for (guint i = 1; i < n / 2; i++)
      below = MAX(below, v[i]);
    out->median = (below + v[n / 2]) / 2.0;
  }
  if (n < 2)
    return;
  out->sd = sqrt(ss / (n - 1));
  out->se = out->sd / sqrt(n);
  double h = ci_half_width(out->se, n - 1);
  out->ci_low = out->mean - h;
  out->ci_high = out->mean + h;
}

/* ---- Change and effect size -------------------------------------------------------- */

double
stats_hedges_j(double df)
{
  if (!(df > 1) || isnan(df))
    return NAN;
  if (isinf(df))
    return 1.0;
  return exp(log_gamma_ratio((df - 1.0) / 2.0, 0.5) - 0.5 * log(df / 2.0));
}

void
stats_paired(const double *before, const double *after, gsize len, StatsPaired *out)
{
  *out = (StatsPaired){.mean_before = NAN, .mean_after = NAN, .sd_before = NAN,
                       .sd_after = NAN, .mean_diff = NAN, .sd_diff = NAN, .ci_low = NAN,
                       .ci_high = NAN, .t = NAN, .df = NAN, .p = NAN, .d_z = NAN, .g_av = NAN};
  g_autofree double *b = g_new(double, len > 0 ? len : 1);
  g_autofree double *a = g_new(double, len > 0 ? len : 1);
  g_autofree double *d = g_new(double, len > 0 ? len : 1);
  guint n = 0;
  for (gsize i = 0; i < len; i++) {
    if (!present(before[i]) || !present(after[i])) {
      out->n_incomplete++;
      continue;
    }
    b[n] = before[i];
    a[n] = after[i];
    d[n] = after[i] - before[i];
    n++;
  }
  out->n = n;
  if (n == 0)
    return;
  StatsSummary sb, sa, sd;
  stats_summary(b, n, &sb);
  stats_summary(a, n, &sa);
  stats_summary(d, n, &sd);
  out->mean_before = sb.mean;
  out->mean_after = sa.mean;
  out->sd_before = sb.sd;
  out->sd_after = sa.sd;
  out->mean_diff = sd.mean;
  out->sd_diff = sd.sd;
  out->ci_low = sd.ci_low;
  out->ci_high = sd.ci_high;
  if (n < 2)
    return;
  out->df = n - 1;
  if (sd.sd > 0) {
    out->t = sd.mean / sd.se;
    out->p = stats_t_p_two_sided(out->t, out->df);
    out->d_z = sd.mean / sd.sd;
  }
  double s_av = (sb.sd + sa.sd) / 2.0;
  if (n >= 3 && s_av > 0)
    out->g_av = stats_hedges_j(n - 1) * sd.mean / s_av;
}

void
stats_two_groups(const double *a, gsize len_a, const double *b, gsize len_b, StatsTwoGroups *out)
{
  stats_summary(a, len_a, &out->a);
  stats_summary(b, len_b, &out->b);
  out->diff = out->sd_pooled = out->ci_low = out->ci_high = NAN;
  out->t = out->df = out->p = out->g = NAN;
  guint na = out->a.n, nb = out->b.n;
  if (na == 0 || nb == 0)
    return;
  out->diff = out->a.mean - out->b.mean;
  if (na + nb < 3)
    return;
  out->df = na + nb - 2;
  double ssa = na > 1 ? (na - 1) * out->a.sd * out->a.sd : 0;
  double ssb = nb > 1 ? (nb - 1) * out->b.sd * out->b.sd : 0;
  out->sd_pooled = sqrt((ssa + ssb) / out->df);
  double se = out->sd_pooled * sqrt(1.0 / na + 1.0 / nb);
  double h = ci_half_width(se, out->df);
  out->ci_low = out->diff - h;
  out->ci_high = out->diff + h;
  if (out->sd_pooled > 0) {
    out->t = out->diff / se;
    out->p = stats_t_p_two_sided(out->t, out->df);
    if (out->df >= 2)
      out->g = stats_hedges_j(out->df) * out->diff / out->sd_pooled;
  }
}

/* ---- Reliable change --------------------------------------------------------------- */

double
stats_rci_sdiff(double sd1, double r)
{
  if (!present(sd1) || !present(r) || !(sd1 > 0) || r < 0 || r >= 1)
    return NAN;
  return M_SQRT2 * sd1 * sqrt(1.0 - r);
}

double
stats_rci(double x1, double x2, double sd1, double r)
{
  double s = stats_rci_sdiff(sd1, r);
  if (!present(x1) || !present(x2) || isnan(s))
    return NAN;
  return (x2 - x1) / s;
}

StatsReliableChange
stats_rci_classify(double rci)
{
  if (isnan(rci))
    return STATS_CHANGE_UNKNOWN;
  if (rci >= STATS_RCI_THRESHOLD)
    return STATS_CHANGE_RELIABLE_INCREASE;
  if (rci <= -STATS_RCI_THRESHOLD)
    return STATS_CHANGE_RELIABLE_DECREASE;
  return STATS_CHANGE_NOT_RELIABLE;
}

/* ---- Reliability and agreement ------------------------------------------------------- */

/* The sample variance (n − 1) of v[0..n), n ≥ 2. */
static double
variance(const double *v, guint n)
{
  double sum = 0, ss = 0;
  for (guint i = 0; i < n; i++)
    sum += v[i];
  double mean = sum / n;
  for (guint i = 0; i < n; i++)
    ss += (v[i] - mean) * (v[i] - mean);
  return ss / (n - 1);
}

void
stats_cronbach_alpha(const double *m, guint n_items, guint n_persons, const guint *items,
                     guint n_sel, StatsAlpha *out)
{
  if (items == NULL)
    n_sel = n_items;
  *out = (StatsAlpha){.n_items = n_sel, .alpha = NAN};
  g_autofree guint *rows = g_new(guint, n_sel > 0 ? n_sel : 1);
  for (guint s = 0; s < n_sel; s++) {
    rows[s] = items != NULL ? items[s] : s;
    g_return_if_fail(rows[s] < n_items);
  }
  /* Persons with every item of the set answered. */
  g_autofree guint *used = g_new(guint, n_persons > 0 ? n_persons : 1);
  guint n = 0;
  for (guint p = 0; p < n_persons; p++) {
    gboolean complete = TRUE;
    for (guint s = 0; s < n_sel && complete; s++)
      complete = present(m[(gsize)rows[s] * n_persons + p]);
    if (complete)
      used[n++] = p;
    else
      out->n_dropped++;
  }
  out->n_used = n;
  if (n_sel < 2 || n < 2)
    return;
  g_autofree double *col = g_new(double, n);
  g_autofree double *total = g_new0(double, n);
  double sum_item_var = 0;
  for (guint s = 0; s < n_sel; s++) {
    for (guint i = 0; i < n; i++) {
      col[i] = m[(gsize)rows[s] * n_persons + used[i]];
      total[i] += col[i];
    }
    sum_item_var += variance(col, n);
  }
  double total_var = variance(total, n);
  if (total_var > 0)
    out->alpha = (double)n_sel / (n_sel - 1) * (1.0 - sum_item_var / total_var);
}

void
stats_icc21(const double *m, guint n_targets, guint n_raters, StatsIcc *out)
{
  *out = (StatsIcc){.n_raters = n_raters, .bms = NAN, .jms = NAN, .ems = NAN, .icc = NAN};
  guint k = n_raters;
  g_autofree guint *used = g_new(guint, n_targets > 0 ? n_targets : 1);
  guint n = 0;
  for (guint i = 0; i < n_targets; i++) {
    gboolean complete = TRUE;
    for (guint j = 0; j < k && complete; j++)
      complete = present(m[(gsize)i * k + j]);
    if (complete)
      used[n++] = i;
    else
      out->n_dropped++;
  }
  out->n_targets = n;
  if (n < 2 || k < 2)
    return;
  g_autofree double *row_mean = g_new0(double, n);
  g_autofree double *col_mean = g_new0(double, k);
  double grand = 0;
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < k; j++) {
      double v = m[(gsize)used[i] * k + j];
      row_mean[i] += v / k;
      col_mean[j] += v / n;
      grand += v / ((double)n * k);
    }
  double ss_rows = 0, ss_cols = 0, ss_err = 0;
  for (guint i = 0; i < n; i++)
    ss_rows += k * (row_mean[i] - grand) * (row_mean[i] - grand);
  for (guint j = 0; j < k; j++)
    ss_cols += n * (col_mean[j] - grand) * (col_mean[j] - grand);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < k; j++) {
      double e = m[(gsize)used[i] * k + j] - row_mean[i] - col_mean[j] + grand;
      ss_err += e * e;
    }
  out->bms = ss_rows / (n - 1);
  out->jms = ss_cols / (k - 1);
  out->ems = ss_err / ((double)(n - 1) * (k - 1));
  double denom = out->bms + (k - 1) * out->ems + k * (out->jms - out->ems) / n;
  if (denom != 0)
    out->icc = (out->bms - out->ems) / denom;
}

static double
kappa_weight(guint i, guint j, guint c, StatsKappaWeights weights)
{
  double d = fabs((double)i - (double)j) / (c - 1);
  return weights == STATS_KAPPA_QUADRATIC ? 1.0 - d * d : 1.0 - d;
}

/* Weighted κ of ratings a[s·stride], b[s·stride] over the targets listed
 * in rows (all present and on the scale).  Writes p_o and p_e. */
static double
kappa_of(const int *a, const int *b, gsize stride, const guint *rows, guint n, guint c,
         StatsKappaWeights weights, double *p_o, double *p_e)
{
  g_autofree double *obs = g_new0(double, (gsize)c * c);
  g_autofree double *ma = g_new0(double, c);
  g_autofree double *mb = g_new0(double, c);
  for (guint s = 0; s < n; s++) {
    guint i = (guint)a[rows[s] * stride], j = (guint)b[rows[s] * stride];
    obs[(gsize)i * c + j] += 1.0 / n;
    ma[i] += 1.0 / n;
    mb[j] += 1.0 / n;
  }
  double po = 0, pe = 0;
  for (guint i = 0; i < c; i++)
    for (guint j = 0; j < c; j++) {
      double w = kappa_weight(i, j, c, weights);
      po += w * obs[(gsize)i * c + j];
      pe += w * ma[i] * mb[j];
    }
  *p_o = po;
  *p_e = pe;
  /* Chance agreement of 1 (everything in one category): κ is 0/0. */
  if (1.0 - pe < 1e-12)
    return NAN;
  return (po - pe) / (1.0 - pe);
}

/* Targets whose ratings (n_raters of them at m[t·n_raters + r]) are all
 * present; FALSE when one is off the scale. */
static gboolean
kappa_rows(const int *m, guint n_targets, guint n_raters, guint c, guint *rows, guint *n_out,
           guint *dropped)
{
  guint n = 0;
  *dropped = 0;
  for (guint t = 0; t < n_targets; t++) {
    gboolean complete = TRUE;
    for (guint r = 0; r < n_raters; r++) {
      int v = m[(gsize)t * n_raters + r];
      if (v >= 0 && (guint)v >= c)
        return FALSE;
      if (v < 0)
        complete = FALSE;
    }
    if (complete)
      rows[n++] = t;
    else
      (*dropped)++;
  }
  *n_out = n;
  return TRUE;
}

gboolean
stats_weighted_kappa_raters(const int *m, guint n_targets, guint n_raters, guint n_categories,
                            StatsKappaWeights weights, StatsKappa *out)
{
  *out = (StatsKappa){.p_observed = NAN, .p_expected = NAN, .kappa = NAN};
  g_autofree guint *rows = g_new(guint, n_targets > 0 ? n_targets : 1);
  if (!kappa_rows(m, n_targets, n_raters, n_categories, rows, &out->n, &out->n_dropped))
    return FALSE;
  if (out->n == 0 || n_categories < 2 || n_raters < 2)
    return TRUE;
  double sum = 0;
  for (guint r1 = 0; r1 < n_raters; r1++)
    for (guint r2 = r1 + 1; r2 < n_raters; r2++) {
      double po, pe;
      double k = kappa_of(m + r1, m + r2, n_raters, rows, out->n, n_categories, weights, &po, &pe);
      if (isnan(k))
        continue;
      sum += k;
      out->n_pairs++;
      if (n_raters == 2)
        out->p_observed = po, out->p_expected = pe;
    }
  if (n_raters == 2 && out->n_pairs == 0) {
    /* Keep the agreements even when κ itself is undefined. */
    kappa_of(m, m + 1, 2, rows, out->n, n_categories, weights, &out->p_observed,
             &out->p_expected);
  }
  if (out->n_pairs > 0)
    out->kappa = sum / out->n_pairs;
  return TRUE;
}

gboolean
stats_weighted_kappa(const int *a, const int *b, gsize len, guint n_categories,
                     StatsKappaWeights weights, StatsKappa *out)
{
  g_autofree int *m = g_new(int, 2 * (len > 0 ? len : 1));
  for (gsize i = 0; i < len; i++) {
    m[2 * i] = a[i];
    m[2 * i + 1] = b[i];
  }
  return stats_weighted_kappa_raters(m, (guint)len, 2, n_categories, weights, out);
}

/* ---- Goal attainment scaling -------------------------------------------------------- */

void
stats_gas(const double *t_scores, gsize len, StatsGas *out)
{
  stats_summary(t_scores, len, &out->t);
  out->n_at_least_50 = 0;
  out->share_at_least_50 = NAN;
  for (gsize i = 0; i < len; i++)
    if (present(t_scores[i]) && t_scores[i] >= 50.0)
      out->n_at_least_50++;
  if (out->t.n > 0)
    out->share_at_least_50 = (double)out->n_at_least_50 / out->t.n;
}
