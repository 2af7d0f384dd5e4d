/* stats.h — the statistics behind every report, written once: summaries
 * with a 95 % confidence interval from Student's t, paired change, Hedges'
 * g, Jacobson–Truax reliable change, Cronbach's α, ICC(2,1), weighted κ and
 * GAS T-score aggregates.  docs/statistics.md explains each for a reader
 * of the reports; this header states the exact formulas and rules.
 *
 * Pure: no I/O, no global state (lgamma_r, never lgamma with its global
 * sign), results written into structs the caller owns, temporary memory
 * freed before return; every function may be called from any thread.
 *
 * Missing values: a double that is NaN (or any other non-finite value) is a
 * missing value.  Each function says what it does with them; as a rule a
 * missing value is left out and counted, never treated as zero.  A
 * statistic that cannot be computed (too few values, no spread) is NaN,
 * never 0, so that a report shows "–" rather than a false number.
 *
 * Levels: confidence intervals are 95 % two-sided (STATS_CI_LEVEL). */
#pragma once

#include <glib.h>

#define STATS_CI_LEVEL 0.95

/* |RCI| at or above this is a reliable change (two-sided 5 %). */
#define STATS_RCI_THRESHOLD 1.96

/* The fewest observations for which a report shows each figure; below
 * them it is too unstable to read (docs/statistics.md).  Small-cell
 * suppression (suppress.h) applies to every aggregate besides. */
#define STATS_SHOW_MIN_EFFECT 10  /* Hedges' g: pairs, or citizens in each group */
#define STATS_SHOW_MIN_ALPHA 20   /* Cronbach's α: persons with every item answered */
#define STATS_SHOW_MIN_ICC 5      /* ICC: targets rated by every rater */
#define STATS_SHOW_MIN_KAPPA 10   /* weighted κ: targets rated by both (all) raters */

/* ---- Distributions ------------------------------------------------------------------- */

/* The regularized incomplete beta function I_x(a, b), a > 0, b > 0,
 * 0 ≤ x ≤ 1 (NaN otherwise), by the continued fraction of Numerical
 * Recipes §6.4 evaluated with the modified Lentz method, using the symmetry
 * I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly. */
double stats_beta_inc(double a, double b, double x);

/* Student's t distribution with df > 0 degrees of freedom (df may be
 * fractional; df = INFINITY is the standard normal).  NaN for bad input. */
double stats_t_cdf(double t, double df);
/* P(|T| ≥ |t|): the two-sided p-value of a t statistic. */
double stats_t_p_two_sided(double t, double df);
/* The p-quantile, 0 < p < 1: the t with stats_t_cdf(t, df) = p, found by
 * Newton's method on the upper tail kept inside a bracket (bisection when a
 * step would leave it), to about 1e-13 relative.  ±INFINITY for p = 0 or 1. */
double stats_t_quantile(double p, double df);
/* The standard normal p-quantile (the same root finder on erfc). */
double stats_normal_quantile(double p);

/* ---- One sample -------------------------------------------------------------------- */

typedef struct StatsSummary {
  guint n;          /* values used (not missing) */
  guint n_missing;  /* missing values left out */
  double mean;      /* NaN when n = 0 */
  double sd;        /* sample SD, divisor n − 1; NaN when n < 2; 0 when all equal */
  double se;        /* sd / √n */
  double median;    /* middle value, or the mean of the middle two; NaN when n = 0 */
  double min, max;  /* NaN when n = 0 */
  double ci_low;    /* mean ∓ t(0.975, n − 1)·se; NaN when n < 2; both equal */
  double ci_high;   /*   the mean when sd = 0 */
} StatsSummary;

/* Summarises x[0..len), leaving out missing values. */
void stats_summary(const double *x, gsize len, StatsSummary *out);

/* ---- Change and effect size -------------------------------------------------------- */

/* Hedges' small-sample correction J(df) = Γ(df/2) / (√(df/2)·Γ((df−1)/2)),
 * exact (not the approximation 1 − 3/(4df − 1)); NaN when df ≤ 1. */
double stats_hedges_j(double df);

typedef struct StatsPaired {
  guint n;              /* complete pairs */
  guint n_incomplete;   /* pairs left out because either value is missing */
  double mean_before, mean_after;
  double sd_before, sd_after;  /* over the complete pairs */
  double mean_diff;     /* mean of (after − before) */
  double sd_diff;       /* SD of the differences (n − 1) */
  double ci_low, ci_high; /* 95 % CI of mean_diff (t, df = n − 1) */
  double t, df, p;      /* paired t = mean_diff / (sd_diff/√n), two-sided p;
                           NaN when n < 2 or sd_diff = 0 */
  double d_z;           /* mean_diff / sd_diff (the standardised paired t) */
  double g_av;          /* Hedges' g: see below */
} StatsPaired;

/* Paired change from before[i] to after[i], i < len (the same citizen at
 * two measurement points).  A pair with either value missing is left out
 * whole (counted in n_incomplete).
 *
 * Effect size: g_av = J(n − 1) · mean_diff / ((sd_before + sd_after)/2).
 * The standardiser is the average of the two SDs (d_av; Cumming 2012,
 * Lakens 2013), not the SD of the differences: it is in units of how much
 * citizens differ on the scale, so a paired g can be read beside a
 * two-group g and is not inflated by a high correlation between the two
 * measurements the way d_z is.  J uses df = n − 1, the number of pairs less
 * one (Borenstein et al. 2009, matched groups).  NaN when n < 3 or both
 * SDs are 0.  d_z is kept for those who want the test's own scale. */
void stats_paired(const double *before, const double *after, gsize len, StatsPaired *out);

typedef struct StatsTwoGroups {
  StatsSummary a, b;    /* each group, missing values left out */
  double diff;          /* mean a − mean b */
  double sd_pooled;     /* √(((n_a−1)s_a² + (n_b−1)s_b²) / (n_a + n_b − 2)) */
  double ci_low, ci_high; /* 95 % CI of diff, Student's pooled-variance t */
  double t, df, p;      /* pooled t test, df = n_a + n_b − 2 */
  double g;             /* Hedges' g = J(df) · diff / sd_pooled */
} StatsTwoGroups;

/* Two independent groups (two interventions, or two subgroups).  The
 * standardiser is the pooled SD, the usual one for independent groups
 * (Hedges 1981): it uses the spread of both groups.  Needs n_a, n_b ≥ 1
 * and df ≥ 2 for g; NaN otherwise or when sd_pooled = 0. */
void stats_two_groups(const double *a, gsize len_a, const double *b, gsize len_b,
                      StatsTwoGroups *out);

/* ---- Reliable change (Jacobson & Truax 1991) ----------------------------------------- */

typedef enum {
  STATS_CHANGE_UNKNOWN = 0,         /* missing value or no valid S_diff */
  STATS_CHANGE_RELIABLE_DECREASE,   /* RCI ≤ −1.96 */
  STATS_CHANGE_NOT_RELIABLE,        /* |RCI| < 1.96 */
  STATS_CHANGE_RELIABLE_INCREASE,   /* RCI ≥ 1.96 */
} StatsReliableChange;

/* S_diff = √2 · SE, SE = sd1·√(1 − r): sd1 the SD at the first measurement
 * (of the group, or of a norm sample), r the reliability — from the
 * instrument definition, or Cronbach's α estimated from the data.  NaN when
 * sd1 ≤ 0, r < 0, r ≥ 1 or either is missing. */
double stats_rci_sdiff(double sd1, double r);
/* RCI = (x2 − x1) / S_diff; NaN when any input is missing or S_diff is. */
double stats_rci(double x1, double x2, double sd1, double r);
/* Whether a change is reliable, and in which direction on the scale (the
 * caller knows whether higher is better). */
StatsReliableChange stats_rci_classify(double rci);

/* ---- Reliability and agreement ------------------------------------------------------- */

typedef struct StatsAlpha {
  guint n_items;        /* items in the set */
  guint n_used;         /* persons with an answer to every item of the set */
  guint n_dropped;      /* persons left out for a missing answer */
  double alpha;         /* NaN when n_items < 2, n_used < 2 or the total has no variance */
} StatsAlpha;

/* Cronbach's α = k/(k − 1) · (1 − Σ s²ᵢ / s²ₜ) for the items items[0..n_sel)
 * (row indices; items = NULL means every row) of an items × persons matrix
 * m[item · n_persons + person], sᵢ² the item variances and s²ₜ the variance
 * of the persons' sums, all with divisor n − 1.
 *
 * Missing answers: listwise.  A person missing any item of the set is left
 * out of this set (n_dropped) — the same persons for every variance, so α
 * is a proper ratio of variances of one sample (as SPSS does).  Pairwise
 * deletion can give α above 1 or covariance matrices that belong to no
 * sample; listwise costs data but never gives an impossible value. */
void stats_cronbach_alpha(const double *m, guint n_items, guint n_persons, const guint *items,
                          guint n_sel, StatsAlpha *out);

typedef struct StatsIcc {
  guint n_targets;      /* targets with every rating present */
  guint n_raters;
  guint n_dropped;      /* targets left out for a missing rating */
  double bms, jms, ems; /* between-targets, between-raters and residual mean squares */
  double icc;           /* NaN when n_targets < 2, n_raters < 2 or the denominator is 0 */
} StatsIcc;

/* ICC(2,1) of Shrout & Fleiss (1979) — McGraw & Wong's ICC(A,1): two-way
 * random effects, absolute agreement, single rater:
 *   (BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n)
 * from the two-way ANOVA of a targets × raters matrix
 * m[target · n_raters + rater].  Missing ratings: listwise (a target with
 * a missing rating is left out), since the two-way ANOVA needs a full grid. */
void stats_icc21(const double *m, guint n_targets, guint n_raters, StatsIcc *out);

typedef enum {
  STATS_KAPPA_LINEAR,     /* agreement weight 1 − |i − j|/(c − 1) */
  STATS_KAPPA_QUADRATIC,  /* agreement weight 1 − (i − j)²/(c − 1)² */
} StatsKappaWeights;

typedef struct StatsKappa {
  guint n;              /* targets used (rated by both, or by every rater) */
  guint n_dropped;      /* targets left out for a missing rating */
  guint n_pairs;        /* rater pairs averaged (1 for two raters) */
  double p_observed;    /* weighted observed agreement (two raters only, else NaN) */
  double p_expected;    /* weighted chance agreement (two raters only, else NaN) */
  double kappa;         /* NaN when n = 0, c < 2 or chance agreement is 1 */
} StatsKappa;

/* Cohen's weighted κ (Cohen 1968) for two raters: ratings are category
 * positions 0..n_categories−1 on an ordered scale; a negative rating is
 * missing, and a target missing either rating is left out.  The expected
 * agreement uses the two raters' own marginal distributions over all
 * n_categories (categories nobody used included), so κ does not depend on
 * which categories happen to occur.  Returns FALSE (κ NaN) when a rating is
 * n_categories or above. */
gboolean stats_weighted_kappa(const int *a, const int *b, gsize len, guint n_categories,
                              StatsKappaWeights weights, StatsKappa *out);

/* Several raters (m[target · n_raters + rater]): the mean of the weighted κ
 * of every pair of raters (Light's κ with weights), on the targets every
 * rater rated (listwise, so every pair sees the same targets).  Pairs
 * whose κ is undefined are left out of the mean (n_pairs counts those
 * used).  Returns FALSE as stats_weighted_kappa. */
gboolean stats_weighted_kappa_raters(const int *m, guint n_targets, guint n_raters,
                                     guint n_categories, StatsKappaWeights weights,
                                     StatsKappa *out);

/* ---- Goal attainment scaling -------------------------------------------------------- */

typedef struct StatsGas {
  StatsSummary t;         /* of the citizens' GAS T-scores (domain/scoring.h) */
  guint n_at_least_50;    /* T ≥ 50: goals met as expected or better overall */
  double share_at_least_50; /* n_at_least_50 / n; NaN when n = 0 */
} StatsGas;

/* Aggregates GAS T-scores, one per citizen, missing ones left out. */
void stats_gas(const double *t_scores, gsize len, StatsGas *out);
