/* test_stats.c — analysis/stats against values computed elsewhere:
 * SciPy, NumPy and scikit-learn (tests/data/stats/reference.json, made by
 * make_reference.py), the R package psych (reference-r.txt, made by
 * make_reference.R), and published worked examples: a printed t table,
 * Shrout & Fleiss (1979) for ICC, Lakens (2013) for t tests and effect
 * sizes, Maple's EssayTools documentation for quadratic weighted κ.  Then
 * the edge cases: n = 0, 1, 2, no spread, missing values. */
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"

static json_t *reference;

/* got ≈ want within rel (relative) or abs_tol; a NaN want (JSON null)
 * demands a NaN. */
static void
assert_close(double got, double want, double rel, double abs_tol, const char *what)
{
  if (isnan(want)) {
    if (!isnan(got))
      g_error("%s: got %.17g, want NaN", what, got);
    return;
  }
  if (isinf(want) && got == want)
    return;
  double err = fabs(got - want);
  if (!(err <= abs_tol || err <= rel * fabs(want)))
    g_error("%s: got %.17g, want %.17g (error %.3g)", what, got, want, err);
}

static double
num(const json_t *obj, const char *key)
{
  json_t *v = json_object_get(obj, key);
  g_assert_nonnull(v);
  return json_is_null(v) ? NAN : json_number_value(v);
}

/* A JSON array of numbers (null = NaN), newly allocated; *len its length. */
static double *
vec(const json_t *obj, const char *key, gsize *len)
{
  json_t *a = json_object_get(obj, key);
  g_assert_true(json_is_array(a));
  *len = json_array_size(a);
  double *v = g_new(double, *len + 1);
  for (gsize i = 0; i < *len; i++) {
    json_t *e = json_array_get(a, i);
    v[i] = json_is_null(e) ? NAN : json_number_value(e);
  }
  return v;
}

static json_t *
cases(const char *name)
{
  json_t *a = json_object_get(reference, name);
  g_assert_true(json_is_array(a));
  g_assert_cmpuint(json_array_size(a), >, 0);
  return a;
}

/* ---- Distributions ------------------------------------------------------------------- */

static void
test_t_quantile_reference(void)
{
  json_t *a = cases("t_quantile"), *c;
  gsize i;
  json_array_foreach(a, i, c) {
    double p = num(c, "p"), df = num(c, "df");
    g_autofree char *what = g_strdup_printf("t quantile p=%g df=%g", p, df);
    assert_close(stats_t_quantile(p, df), num(c, "t"), 1e-9, 1e-12, what);
  }
  a = cases("normal_quantile");
  json_array_foreach(a, i, c) {
    g_autofree char *what = g_strdup_printf("normal quantile p=%g", num(c, "p"));
    assert_close(stats_normal_quantile(num(c, "p")), num(c, "z"), 1e-10, 1e-13, what);
  }
}

static void
test_t_cdf_reference(void)
{
  json_t *a = cases("t_cdf"), *c;
  gsize i;
  json_array_foreach(a, i, c) {
    double t = num(c, "t"), df = num(c, "df");
    g_autofree char *what = g_strdup_printf("t cdf t=%g df=%g", t, df);
    assert_close(stats_t_cdf(t, df), num(c, "cdf"), 1e-9, 1e-15, what);
    assert_close(stats_t_p_two_sided(t, df), num(c, "p2"), 1e-9, 1e-15, what);
  }
  a = cases("beta_inc");
  json_array_foreach(a, i, c) {
    g_autofree char *what = g_strdup_printf("I_%g(%g, %g)", num(c, "x"), num(c, "a"), num(c, "b"));
    assert_close(stats_beta_inc(num(c, "a"), num(c, "b"), num(c, "x")), num(c, "i"), 1e-9,
                 1e-15, what);
  }
}

/* The two-sided 5 % critical values of a printed t table (three decimals). */
static void
test_t_table(void)
{
  static const struct { double df, t; } table[] = {
    {1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776}, {5, 2.571}, {9, 2.262}, {10, 2.228},
    {20, 2.086}, {30, 2.042}, {60, 2.000}, {120, 1.980}, {INFINITY, 1.960},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(table); i++) {
    g_autofree char *what = g_strdup_printf("t table df=%g", table[i].df);
    assert_close(stats_t_quantile(0.975, table[i].df), table[i].t, 0, 5e-4, what);
    assert_close(stats_t_quantile(0.025, table[i].df), -table[i].t, 0, 5e-4, what);
  }
  /* The quantile inverts the cdf, and the edges are what they are. */
  for (double df = 0.5; df < 2000; df *= 3.7)
    for (double p = 0.001; p < 1; p += 0.0737)
      assert_close(stats_t_cdf(stats_t_quantile(p, df), df), p, 1e-11, 1e-14, "round trip");
  g_assert_cmpfloat(stats_t_quantile(0.5, 3), ==, 0.0);
  g_assert_true(isinf(stats_t_quantile(1.0, 3)) && stats_t_quantile(1.0, 3) > 0);
  g_assert_true(isinf(stats_t_quantile(0.0, 3)) && stats_t_quantile(0.0, 3) < 0);
  g_assert_true(isnan(stats_t_quantile(1.5, 3)));
  g_assert_true(isnan(stats_t_quantile(0.9, 0)));
  g_assert_true(isnan(stats_t_quantile(NAN, 3)));
  g_assert_true(isnan(stats_t_cdf(1.0, -2)));
  g_assert_cmpfloat(stats_t_p_two_sided(0.0, 5), ==, 1.0);
  g_assert_true(isnan(stats_beta_inc(0, 1, 0.5)));
  g_assert_true(isnan(stats_beta_inc(1, 1, 1.5)));
}

/* Thread safety: the same quantiles from four threads at once. */
static gpointer
quantile_worker(gpointer data)
{
  double *out = data;
  for (int i = 0; i < 200; i++)
    out[i] = stats_t_quantile(0.5 + 0.4999 * i / 200.0, 1.0 + i * 0.37);
  return NULL;
}

static void
test_threads(void)
{
  double expect[200], got[4][200];
  quantile_worker(expect);
  GThread *threads[4];
  for (int t = 0; t < 4; t++)
    threads[t] = g_thread_new("stats", quantile_worker, got[t]);
  for (int t = 0; t < 4; t++) {
    g_thread_join(threads[t]);
    for (int i = 0; i < 200; i++)
      g_assert_cmpfloat(got[t][i], ==, expect[i]);
  }
}

/* ---- Summaries --------------------------------------------------------------------- */

static void
test_summary_reference(void)
{
  json_t *a = cases("summary"), *c;
  gsize i, len;
  json_array_foreach(a, i, c) {
    g_autofree double *x = vec(c, "x", &len);
    StatsSummary s;
    stats_summary(x, len, &s);
    g_autofree char *what = g_strdup_printf("summary %zu", i);
    g_assert_cmpuint(s.n, ==, (guint)num(c, "n"));
    g_assert_cmpuint(s.n_missing, ==, (guint)num(c, "n_missing"));
    assert_close(s.mean, num(c, "mean"), 1e-13, 1e-13, what);
    assert_close(s.median, num(c, "median"), 1e-15, 0, what);
    assert_close(s.sd, num(c, "sd"), 1e-11, 1e-13, what);
    assert_close(s.ci_low, num(c, "ci_low"), 1e-10, 1e-12, what);
    assert_close(s.ci_high, num(c, "ci_high"), 1e-10, 1e-12, what);
  }
}

static void
test_summary_edges(void)
{
  StatsSummary s;
  stats_summary(NULL, 0, &s);
  g_assert_cmpuint(s.n, ==, 0);
  g_assert_true(isnan(s.mean) && isnan(s.sd) && isnan(s.median) && isnan(s.ci_low));

  double one[] = {NAN, 4.5, INFINITY};
  stats_summary(one, 3, &s);
  g_assert_cmpuint(s.n, ==, 1);
  g_assert_cmpuint(s.n_missing, ==, 2);
  g_assert_cmpfloat(s.mean, ==, 4.5);
  g_assert_cmpfloat(s.median, ==, 4.5);
  g_assert_cmpfloat(s.min, ==, 4.5);
  g_assert_true(isnan(s.sd) && isnan(s.ci_low) && isnan(s.ci_high));

  /* n = 2: mean 3, sd = √2, se = 1, t(0.975, 1) = 12.7062047361747. */
  double two[] = {2, 4};
  stats_summary(two, 2, &s);
  assert_close(s.sd, M_SQRT2, 1e-15, 0, "sd of two");
  assert_close(s.se, 1.0, 1e-15, 0, "se of two");
  assert_close(s.ci_low, 3 - 12.706204736174707, 1e-12, 0, "ci of two");
  assert_close(s.ci_high, 3 + 12.706204736174707, 1e-12, 0, "ci of two");
  g_assert_cmpfloat(s.median, ==, 3.0);

  double same[] = {2, 2, NAN, 2};
  stats_summary(same, 4, &s);
  g_assert_cmpfloat(s.sd, ==, 0.0);
  g_assert_cmpfloat(s.ci_low, ==, 2.0);
  g_assert_cmpfloat(s.ci_high, ==, 2.0);
}

static int
cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median, minimum and maximum against a sorted copy, for samples of
 * every length up to 200 with few distinct values (many ties, as scores
 * on a 0–4 scale have), many, sorted, reversed and all equal. */
static void
test_summary_median(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(7);
  for (guint n = 1; n <= 200; n++) {
    for (int shape = 0; shape < 5; shape++) {
      g_autofree double *x = g_new(double, n);
      for (guint i = 0; i < n; i++)
        x[i] = shape == 0 ? (double)g_rand_int_range(rand, 0, 5)
             : shape == 1 ? g_rand_double_range(rand, -10, 10)
             : shape == 2 ? (double)i
             : shape == 3 ? (double)(n - i)
                          : 3.0;
      g_autofree double *sorted = g_memdup2(x, n * sizeof *x);
      qsort(sorted, n, sizeof *sorted, cmp_double);
      double want = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
      StatsSummary s;
      stats_summary(x, n, &s);
      g_autofree char *what = g_strdup_printf("median of %u values, shape %d", n, shape);
      assert_close(s.median, want, 0, 0, what);
      g_assert_cmpfloat(s.min, ==, sorted[0]);
      g_assert_cmpfloat(s.max, ==, sorted[n - 1]);
    }
  }
}

/* ---- Change and effect size -------------------------------------------------------- */

static void
test_paired_reference(void)
{
  json_t *a = cases("paired"), *c;
  gsize i, lb, la;
  json_array_foreach(a, i, c) {
    g_autofree double *before = vec(c, "before", &lb);
    g_autofree double *after = vec(c, "after", &la);
    g_assert_cmpuint(lb, ==, la);
    StatsPaired p;
    stats_paired(before, after, lb, &p);
    g_autofree char *what = g_strdup_printf("paired %zu", i);
    g_assert_cmpuint(p.n, ==, (guint)num(c, "n"));
    g_assert_cmpuint(p.n_incomplete, ==, (guint)num(c, "n_incomplete"));
    assert_close(p.mean_diff, num(c, "mean_diff"), 1e-12, 1e-12, what);
    assert_close(p.sd_diff, num(c, "sd_diff"), 1e-11, 0, what);
    assert_close(p.ci_low, num(c, "ci_low"), 1e-10, 1e-12, what);
    assert_close(p.ci_high, num(c, "ci_high"), 1e-10, 1e-12, what);
    assert_close(p.t, num(c, "t"), 1e-10, 0, what);
    assert_close(p.p, num(c, "p"), 1e-8, 1e-300, what);
    assert_close(p.d_z, num(c, "d_z"), 1e-11, 0, what);
    assert_close(p.g_av, num(c, "g_av"), 1e-10, 0, what);
  }
}

static void
test_two_groups_reference(void)
{
  json_t *a = cases("two_groups"), *c;
  gsize i, la, lb;
  json_array_foreach(a, i, c) {
    g_autofree double *x = vec(c, "a", &la);
    g_autofree double *y = vec(c, "b", &lb);
    StatsTwoGroups g;
    stats_two_groups(x, la, y, lb, &g);
    g_autofree char *what = g_strdup_printf("two groups %zu", i);
    assert_close(g.diff, num(c, "diff"), 1e-12, 1e-12, what);
    assert_close(g.sd_pooled, num(c, "sd_pooled"), 1e-11, 0, what);
    assert_close(g.ci_low, num(c, "ci_low"), 1e-10, 1e-12, what);
    assert_close(g.ci_high, num(c, "ci_high"), 1e-10, 1e-12, what);
    assert_close(g.t, num(c, "t"), 1e-10, 0, what);
    assert_close(g.p, num(c, "p"), 1e-8, 1e-300, what);
    assert_close(g.df, num(c, "df"), 0, 0, what);
    assert_close(g.g, num(c, "g"), 1e-10, 0, what);
  }
  a = cases("hedges_j");
  json_array_foreach(a, i, c)
    assert_close(stats_hedges_j(num(c, "df")), num(c, "j"), 1e-12, 0, "Hedges' J");
  /* The usual approximation 1 − 3/(4df − 1) is within 2 parts in 10⁴ at df = 18. */
  assert_close(stats_hedges_j(18), 1 - 3.0 / (4 * 18 - 1), 2e-4, 0, "J(18) approximation");
  g_assert_true(isnan(stats_hedges_j(1)));
}

/* Lakens (2013), "Calculating and reporting effect sizes", the two films
 * rated by ten people: independent t(18) = 2.52, d_s = 1.13, g_s = 1.08;
 * paired t(9) = 4.74, d_z = 1.50, d_av = 1.13. */
static void
test_lakens_example(void)
{
  const double film1[] = {9, 7, 8, 9, 8, 9, 9, 10, 9, 9};
  const double film2[] = {9, 6, 7, 8, 7, 9, 8, 8, 8, 7};
  StatsTwoGroups g;
  stats_two_groups(film1, 10, film2, 10, &g);
  assert_close(g.t, 2.52, 0, 0.005, "Lakens t(18)");
  assert_close(g.df, 18, 0, 0, "Lakens df");
  assert_close(g.diff / g.sd_pooled, 1.13, 0, 0.005, "Lakens d_s");
  assert_close(g.g, 1.08, 0, 0.005, "Lakens g_s");
  StatsPaired p;
  stats_paired(film2, film1, 10, &p);
  assert_close(p.t, 4.74, 0, 0.005, "Lakens paired t(9)");
  assert_close(p.d_z, 1.50, 0, 0.005, "Lakens d_z");
  assert_close(p.g_av / stats_hedges_j(9), 1.13, 0, 0.005, "Lakens d_av");
  assert_close(p.mean_diff, 1.0, 1e-14, 0, "Lakens mean difference");
}

static void
test_paired_edges(void)
{
  StatsPaired p;
  stats_paired(NULL, NULL, 0, &p);
  g_assert_cmpuint(p.n, ==, 0);
  g_assert_true(isnan(p.mean_diff) && isnan(p.t) && isnan(p.g_av));

  /* One complete pair; the others miss a value. */
  double b1[] = {3, NAN, 5}, a1[] = {4, 2, NAN};
  stats_paired(b1, a1, 3, &p);
  g_assert_cmpuint(p.n, ==, 1);
  g_assert_cmpuint(p.n_incomplete, ==, 2);
  g_assert_cmpfloat(p.mean_diff, ==, 1.0);
  g_assert_true(isnan(p.sd_diff) && isnan(p.t) && isnan(p.ci_low) && isnan(p.g_av));

  /* n = 2: t and CI exist; g needs n ≥ 3 (J(1) is 0/∞). */
  double b2[] = {1, 2}, a2[] = {2, 5};
  stats_paired(b2, a2, 2, &p);
  g_assert_cmpfloat(p.mean_diff, ==, 2.0);
  assert_close(p.t, 2.0, 1e-14, 0, "t of two pairs"); /* 2 / (√2/√2) */
  g_assert_false(isnan(p.p));
  g_assert_true(isnan(p.g_av));

  /* Everyone improved by exactly 2: no spread of differences, so no t. */
  double b3[] = {1, 4, 6, 9}, a3[] = {3, 6, 8, 11};
  stats_paired(b3, a3, 4, &p);
  g_assert_cmpfloat(p.sd_diff, ==, 0.0);
  g_assert_true(isnan(p.t) && isnan(p.p) && isnan(p.d_z));
  g_assert_cmpfloat(p.ci_low, ==, 2.0);
  g_assert_false(isnan(p.g_av));

  /* Two groups with a single value each: the difference only. */
  StatsTwoGroups g;
  double x[] = {4}, y[] = {1};
  stats_two_groups(x, 1, y, 1, &g);
  g_assert_cmpfloat(g.diff, ==, 3.0);
  g_assert_true(isnan(g.g) && isnan(g.t) && isnan(g.ci_low));
  stats_two_groups(x, 1, NULL, 0, &g);
  g_assert_true(isnan(g.diff));
}

/* ---- Reliable change --------------------------------------------------------------- */

static void
test_rci(void)
{
  json_t *a = cases("rci"), *c;
  gsize i;
  json_array_foreach(a, i, c) {
    double x1 = num(c, "x1"), x2 = num(c, "x2"), sd1 = num(c, "sd1"), r = num(c, "r");
    assert_close(stats_rci_sdiff(sd1, r), num(c, "sdiff"), 1e-14, 0, "S_diff");
    assert_close(stats_rci(x1, x2, sd1, r), num(c, "rci"), 1e-14, 1e-15, "RCI");
  }
  /* By hand: sd1 = 7.5, r = 0.8: SE = 7.5·√0.2 = 3.3541, S_diff = 4.7434,
   * 32 → 19 gives RCI = −13/4.7434 = −2.7406: a reliable decrease. */
  double rci = stats_rci(32, 19, 7.5, 0.8);
  assert_close(rci, -2.7406, 0, 5e-5, "RCI by hand");
  g_assert_cmpint(stats_rci_classify(rci), ==, STATS_CHANGE_RELIABLE_DECREASE);
  g_assert_cmpint(stats_rci_classify(1.96), ==, STATS_CHANGE_RELIABLE_INCREASE);
  g_assert_cmpint(stats_rci_classify(1.9599), ==, STATS_CHANGE_NOT_RELIABLE);
  g_assert_cmpint(stats_rci_classify(-1.9599), ==, STATS_CHANGE_NOT_RELIABLE);
  g_assert_cmpint(stats_rci_classify(NAN), ==, STATS_CHANGE_UNKNOWN);
  /* No valid S_diff: r out of range, no spread, missing values. */
  g_assert_true(isnan(stats_rci(1, 2, 5, 1.0)));
  g_assert_true(isnan(stats_rci(1, 2, 5, -0.2)));
  g_assert_true(isnan(stats_rci(1, 2, 0, 0.8)));
  g_assert_true(isnan(stats_rci(NAN, 2, 5, 0.8)));
  g_assert_true(isnan(stats_rci(1, 2, 5, NAN)));
  g_assert_cmpfloat(stats_rci(3, 3, 5, 0.8), ==, 0.0);
}

/* ---- Reliability and agreement (R psych) ---------------------------------------------- */

typedef struct RRecord {
  char kind[8];
  guint rows, cols, n_used;
  double value;
  double *data;  /* rows × cols, in the order the line gives them */
} RRecord;

static GPtrArray *
r_records(void)
{
  g_autofree char *path =
    g_build_filename(g_getenv("SPOR_TEST_DATA"), "stats", "reference-r.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, &error));
  GPtrArray *records = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++) {
    if (lines[l][0] == '#' || lines[l][0] == '\0')
      continue;
    g_auto(GStrv) f = g_strsplit(lines[l], " ", -1);
    RRecord *r = g_malloc0(sizeof *r);
    g_strlcpy(r->kind, f[0], sizeof r->kind);
    r->rows = (guint)g_ascii_strtoull(f[1], NULL, 10);
    r->cols = (guint)g_ascii_strtoull(f[2], NULL, 10);
    r->value = g_ascii_strtod(f[3], NULL);
    r->n_used = (guint)g_ascii_strtoull(f[4], NULL, 10);
    g_assert_cmpuint(g_strv_length(f), ==, 5 + r->rows * r->cols);
    r->data = g_new(double, r->rows * r->cols);
    for (guint i = 0; i < r->rows * r->cols; i++)
      r->data[i] = strcmp(f[5 + i], "NA") == 0 ? NAN : g_ascii_strtod(f[5 + i], NULL);
    g_ptr_array_add(records, r);
  }
  return records;
}

static void
free_records(GPtrArray *records)
{
  for (guint i = 0; i < records->len; i++)
    g_free(((RRecord *)records->pdata[i])->data);
  g_ptr_array_unref(records);
}

static void
test_alpha_reference(void)
{
  GPtrArray *records = r_records();
  guint seen = 0;
  for (guint i = 0; i < records->len; i++) {
    RRecord *r = records->pdata[i];
    if (strcmp(r->kind, "alpha") != 0)
      continue;
    /* R writes a persons × items matrix by column: item by item, which is
     * the items × persons layout stats_cronbach_alpha reads. */
    StatsAlpha a;
    stats_cronbach_alpha(r->data, r->rows, r->cols, NULL, 0, &a);
    g_autofree char *what = g_strdup_printf("alpha %u×%u", r->rows, r->cols);
    g_assert_cmpuint(a.n_items, ==, r->rows);
    g_assert_cmpuint(a.n_used, ==, r->n_used);
    g_assert_cmpuint(a.n_used + a.n_dropped, ==, r->cols);
    assert_close(a.alpha, r->value, 1e-10, 0, what);
    seen++;
  }
  g_assert_cmpuint(seen, >=, 5);
  free_records(records);
}

static void
test_alpha_subscale(void)
{
  /* Items × persons; items 0 and 2 form a subscale, item 1 is noise.
   *   item 0: 1 2 3 4 5;  item 2: 2 2 4 4 5 → variances 2.5 and 1.8,
   *   sums 3 4 7 8 10, variance 8.3: α = 2 · (1 − 4.3/8.3) = 0.96386. */
  const double m[] = {1, 2, 3, 4, 5,
                      5, 1, 4, 2, 3,
                      2, 2, 4, 4, 5};
  const guint sub[] = {0, 2};
  StatsAlpha a;
  stats_cronbach_alpha(m, 3, 5, sub, 2, &a);
  assert_close(a.alpha, 2.0 * (1.0 - 4.3 / 8.3), 1e-14, 0, "alpha of a subscale");
  g_assert_cmpuint(a.n_items, ==, 2);

  /* Listwise: a person missing item 1 still counts for the subscale {0, 2}
   * but not for the whole set. */
  const double mm[] = {1, 2, 3, 4, 5,
                       5, NAN, 4, 2, 3,
                       2, 2, 4, 4, 5};
  stats_cronbach_alpha(mm, 3, 5, sub, 2, &a);
  g_assert_cmpuint(a.n_used, ==, 5);
  assert_close(a.alpha, 2.0 * (1.0 - 4.3 / 8.3), 1e-14, 0, "subscale, missing elsewhere");
  stats_cronbach_alpha(mm, 3, 5, NULL, 0, &a);
  g_assert_cmpuint(a.n_used, ==, 4);
  g_assert_cmpuint(a.n_dropped, ==, 1);

  /* Too little: one item, one person, or no variance of the sum. */
  stats_cronbach_alpha(m, 3, 5, sub, 1, &a);
  g_assert_true(isnan(a.alpha));
  stats_cronbach_alpha(m, 3, 1, NULL, 0, &a);
  g_assert_true(isnan(a.alpha));
  const double flat[] = {3, 3, 3, 2, 2, 2};
  stats_cronbach_alpha(flat, 2, 3, NULL, 0, &a);
  g_assert_true(isnan(a.alpha));
  stats_cronbach_alpha(NULL, 0, 0, NULL, 0, &a);
  g_assert_true(isnan(a.alpha));
}

static void
test_icc_reference(void)
{
  GPtrArray *records = r_records();
  guint seen = 0;
  for (guint i = 0; i < records->len; i++) {
    RRecord *r = records->pdata[i];
    if (strcmp(r->kind, "icc") != 0)
      continue;
    StatsIcc icc;
    stats_icc21(r->data, r->rows, r->cols, &icc);
    g_autofree char *what = g_strdup_printf("ICC %u×%u", r->rows, r->cols);
    g_assert_cmpuint(icc.n_targets, ==, r->n_used);
    assert_close(icc.icc, r->value, 1e-10, 0, what);
    seen++;
  }
  g_assert_cmpuint(seen, >=, 4);
  free_records(records);
}

/* Shrout & Fleiss (1979), Tables 2–4: six targets, four judges;
 * BMS 11.24, JMS 32.49, EMS 1.02, ICC(2,1) = .29. */
static void
test_icc_shrout_fleiss(void)
{
  const double m[] = {9, 2, 5, 8,  6, 1, 3, 2,  8, 4, 6, 8,
                      7, 1, 2, 6,  10, 5, 6, 9,  6, 2, 4, 7};
  StatsIcc icc;
  stats_icc21(m, 6, 4, &icc);
  assert_close(icc.bms, 11.24, 0, 0.005, "S&F BMS");
  assert_close(icc.jms, 32.49, 0, 0.005, "S&F JMS");
  assert_close(icc.ems, 1.02, 0, 0.005, "S&F EMS");
  assert_close(icc.icc, 0.29, 0, 0.005, "S&F ICC(2,1)");

  /* Listwise: a target with a missing rating leaves; two raters agreeing
   * exactly give 1; one target or one rater gives nothing. */
  const double mm[] = {9, 2, 5, 8,  6, NAN, 3, 2,  8, 4, 6, 8,
                       7, 1, 2, 6,  10, 5, 6, 9,  6, 2, 4, 7};
  stats_icc21(mm, 6, 4, &icc);
  g_assert_cmpuint(icc.n_targets, ==, 5);
  g_assert_cmpuint(icc.n_dropped, ==, 1);
  const double same[] = {1, 1, 3, 3, 4, 4};
  stats_icc21(same, 3, 2, &icc);
  assert_close(icc.icc, 1.0, 1e-14, 0, "perfect agreement");
  stats_icc21(m, 1, 4, &icc);
  g_assert_true(isnan(icc.icc));
  stats_icc21(m, 6, 1, &icc);
  g_assert_true(isnan(icc.icc));
  const double flat[] = {2, 2, 2, 2};
  stats_icc21(flat, 2, 2, &icc);
  g_assert_true(isnan(icc.icc));
}

static int *
ivec(const json_t *obj, const char *key, gsize *len)
{
  json_t *a = json_object_get(obj, key);
  *len = json_array_size(a);
  int *v = g_new(int, *len + 1);
  for (gsize i = 0; i < *len; i++)
    v[i] = (int)json_integer_value(json_array_get(a, i));
  return v;
}

static void
test_kappa_reference(void)
{
  json_t *a = cases("kappa"), *c;
  gsize i, la, lb;
  json_array_foreach(a, i, c) {
    g_autofree int *x = ivec(c, "a", &la);
    g_autofree int *y = ivec(c, "b", &lb);
    guint cat = (guint)num(c, "categories");
    StatsKappa k;
    g_autofree char *what = g_strdup_printf("kappa %zu", i);
    g_assert_true(stats_weighted_kappa(x, y, la, cat, STATS_KAPPA_LINEAR, &k));
    g_assert_cmpuint(k.n, ==, (guint)num(c, "n"));
    g_assert_cmpuint(k.n + k.n_dropped, ==, la);
    assert_close(k.kappa, num(c, "linear"), 1e-12, 1e-14, what);
    g_assert_true(stats_weighted_kappa(x, y, la, cat, STATS_KAPPA_QUADRATIC, &k));
    assert_close(k.kappa, num(c, "quadratic"), 1e-12, 1e-14, what);
  }
  a = cases("kappa_raters");
  json_array_foreach(a, i, c) {
    json_t *rows = json_object_get(c, "m");
    guint raters = (guint)num(c, "raters"), n = (guint)json_array_size(rows);
    g_autofree int *m = g_new(int, n * raters);
    for (guint t = 0; t < n; t++)
      for (guint r = 0; r < raters; r++)
        m[t * raters + r] = (int)json_integer_value(json_array_get(json_array_get(rows, t), r));
    StatsKappa k;
    g_autofree char *what = g_strdup_printf("kappa raters %zu", i);
    g_assert_true(stats_weighted_kappa_raters(m, n, raters, (guint)num(c, "categories"),
                                              STATS_KAPPA_LINEAR, &k));
    g_assert_cmpuint(k.n, ==, (guint)num(c, "n"));
    g_assert_cmpuint(k.n_pairs, ==, raters * (raters - 1) / 2);
    assert_close(k.kappa, num(c, "linear"), 1e-12, 1e-14, what);
    g_assert_true(stats_weighted_kappa_raters(m, n, raters, (guint)num(c, "categories"),
                                              STATS_KAPPA_QUADRATIC, &k));
    assert_close(k.kappa, num(c, "quadratic"), 1e-12, 1e-14, what);
  }
}

/* Maple's EssayTools documentation, QuadraticWeightedKappa: scores 1..10
 * (the range of the data), 0.758620689655172 and 0.438095238095238.  And
 * by hand, a 3-category table with linear weights 1, ½, 0:
 *     b: 0  1  2
 *  a 0:  2  1  0      p_o = (2 + 2 + 1)/6 + ½·(1/6) = 11/12
 *  a 1:  0  2  0
 *  a 2:  0  0  1 */
static void
test_kappa_examples(void)
{
  const int s1[] = {9, 7, 8, 7, 6, 8, 3, 5, 10}, s2[] = {8, 8, 6, 6, 7, 6, 1, 4, 8};
  const int s3[] = {3, 5, 6, 6, 7, 6, 1, 4, 8};
  int a[9], b[9], c[9];
  for (int i = 0; i < 9; i++)
    a[i] = s1[i] - 1, b[i] = s2[i] - 1, c[i] = s3[i] - 1;
  StatsKappa k;
  g_assert_true(stats_weighted_kappa(a, b, 9, 10, STATS_KAPPA_QUADRATIC, &k));
  assert_close(k.kappa, 0.758620689655172, 0, 1e-14, "Maple example 1");
  g_assert_true(stats_weighted_kappa(a, c, 9, 10, STATS_KAPPA_QUADRATIC, &k));
  assert_close(k.kappa, 0.438095238095238, 0, 1e-14, "Maple example 2");

  const int ha[] = {0, 0, 0, 1, 1, 2}, hb[] = {0, 0, 1, 1, 1, 2};
  g_assert_true(stats_weighted_kappa(ha, hb, 6, 3, STATS_KAPPA_LINEAR, &k));
  /* p_e = Σᵢⱼ wᵢⱼ aᵢ bⱼ with a = (3,2,1)/6, b = (2,3,1)/6:
   *   i=0: 1·6 + ½·9 + 0·3 = 10.5;  i=1: ½·4 + 1·6 + ½·2 = 9;
   *   i=2: 0·2 + ½·3 + 1·1 = 2.5;   total 22/36.
   * κ = (11/12 − 22/36) / (1 − 22/36) = (33 − 22)/(36 − 22) = 11/14. */
  assert_close(k.p_observed, 11.0 / 12.0, 1e-14, 0, "p_o by hand");
  assert_close(k.p_expected, 22.0 / 36.0, 1e-14, 0, "p_e by hand");
  assert_close(k.kappa, 11.0 / 14.0, 1e-14, 0, "kappa by hand");
}

static void
test_kappa_edges(void)
{
  StatsKappa k;
  const int a[] = {0, 1, 2, -1}, b[] = {0, 1, 2, 2};
  g_assert_true(stats_weighted_kappa(a, b, 4, 3, STATS_KAPPA_LINEAR, &k));
  g_assert_cmpuint(k.n, ==, 3);
  g_assert_cmpuint(k.n_dropped, ==, 1);
  assert_close(k.kappa, 1.0, 1e-14, 0, "perfect agreement");
  /* Off the scale. */
  const int off[] = {0, 3, 1, 1};
  g_assert_false(stats_weighted_kappa(a, off, 4, 3, STATS_KAPPA_LINEAR, &k));
  g_assert_true(isnan(k.kappa));
  /* Everyone in one category: chance agreement 1, κ undefined. */
  const int one[] = {1, 1, 1};
  g_assert_true(stats_weighted_kappa(one, one, 3, 3, STATS_KAPPA_QUADRATIC, &k));
  g_assert_true(isnan(k.kappa));
  assert_close(k.p_observed, 1.0, 1e-14, 0, "p_o, one category");
  /* Nothing rated by both. */
  const int none[] = {-1, -1, -1};
  g_assert_true(stats_weighted_kappa(none, one, 3, 3, STATS_KAPPA_LINEAR, &k));
  g_assert_cmpuint(k.n, ==, 0);
  g_assert_true(isnan(k.kappa));
  g_assert_true(stats_weighted_kappa(NULL, NULL, 0, 3, STATS_KAPPA_LINEAR, &k));
  g_assert_true(isnan(k.kappa));
  /* A one-category scale has no weights. */
  const int zero[] = {0, 0};
  g_assert_true(stats_weighted_kappa(zero, zero, 2, 1, STATS_KAPPA_LINEAR, &k));
  g_assert_true(isnan(k.kappa));
}

/* ---- GAS ----------------------------------------------------------------------------- */

static void
test_gas(void)
{
  json_t *a = cases("gas"), *c;
  gsize i, len;
  json_array_foreach(a, i, c) {
    g_autofree double *t = vec(c, "t", &len);
    StatsGas g;
    stats_gas(t, len, &g);
    g_autofree char *what = g_strdup_printf("gas %zu", i);
    g_assert_cmpuint(g.t.n, ==, (guint)num(c, "n"));
    g_assert_cmpuint(g.n_at_least_50, ==, (guint)num(c, "at_least_50"));
    assert_close(g.t.mean, num(c, "mean"), 1e-13, 0, what);
    assert_close(g.share_at_least_50, num(c, "share"), 1e-15, 0, what);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_autofree char *path =
    g_build_filename(g_getenv("SPOR_TEST_DATA"), "stats", "reference.json", NULL);
  json_error_t error;
  reference = json_load_file(path, 0, &error);
  if (reference == NULL)
    g_error("%s: %s (line %d)", path, error.text, error.line);

  g_test_add_func("/stats/t/quantile-reference", test_t_quantile_reference);
  g_test_add_func("/stats/t/cdf-reference", test_t_cdf_reference);
  g_test_add_func("/stats/t/table", test_t_table);
  g_test_add_func("/stats/t/threads", test_threads);
  g_test_add_func("/stats/summary/reference", test_summary_reference);
  g_test_add_func("/stats/summary/edges", test_summary_edges);
  g_test_add_func("/stats/summary/median", test_summary_median);
  g_test_add_func("/stats/paired/reference", test_paired_reference);
  g_test_add_func("/stats/two-groups/reference", test_two_groups_reference);
  g_test_add_func("/stats/effect/lakens-2013", test_lakens_example);
  g_test_add_func("/stats/paired/edges", test_paired_edges);
  g_test_add_func("/stats/rci", test_rci);
  g_test_add_func("/stats/alpha/reference", test_alpha_reference);
  g_test_add_func("/stats/alpha/subscale", test_alpha_subscale);
  g_test_add_func("/stats/icc/reference", test_icc_reference);
  g_test_add_func("/stats/icc/shrout-fleiss", test_icc_shrout_fleiss);
  g_test_add_func("/stats/kappa/reference", test_kappa_reference);
  g_test_add_func("/stats/kappa/examples", test_kappa_examples);
  g_test_add_func("/stats/kappa/edges", test_kappa_edges);
  g_test_add_func("/stats/gas", test_gas);
  int status = g_test_run();
  json_decref(reference);
  return status;
}
