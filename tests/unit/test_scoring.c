/* test_scoring.c — scoring against values worked out by hand: reversal,
 * "Ved ikke" (flagged) and "Ikke relevant" (excluded), percent of
 * maximum, prorated sums and the minimum of answered items, means,
 * WHO-5's raw score × 4 with its cut-offs, and GAS T-scores.  The
 * arithmetic of each expected value is written beside it. */
#include <glib.h>
#include <string.h>

#include "domain/instrument.h"
#include "domain/scoring.h"

#define EPS 1e-9

static InstrumentDef *
def_from(const char *text)
{
  g_autoptr(GPtrArray) problems = instrument_problems_new();
  InstrumentDef *def = instrument_def_parse(text, strlen(text), problems);
  if (def == NULL) {
    g_autofree char *lines = instrument_problems_join(problems, "  ");
    g_error("definition:\n%s", lines);
  }
  return def;
}

static InstrumentDef *
builtin(const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = instrument_builtin_bytes(name, &error);
  g_assert_no_error(error);
  g_autofree char *text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
  return def_from(text);
}

/* Answers from a string of values, one per item; "-" for no answer:
 * answers_of(def, "2 8 9 1 -"). */
static ScoreAnswer *
answers_of(const InstrumentDef *def, const char *values)
{
  g_auto(GStrv) parts = g_strsplit(values, " ", -1);
  g_assert_cmpuint(g_strv_length(parts), ==, def->n_items);
  ScoreAnswer *answers = g_new0(ScoreAnswer, def->n_items);
  for (guint i = 0; i < def->n_items; i++) {
    if (strcmp(parts[i], "-") == 0)
      continue;
    answers[i].answered = TRUE;
    answers[i].value = g_ascii_strtoll(parts[i], NULL, 10);
  }
  return answers;
}

/* ---- Reverse, flagged, excluded, percent of maximum ----------------------------------- */

/* Two elements on a Ja/Delvist/Nej scale as Lovende praksis has it. */
static const char *const practice =
  "{\"id\": \"praksis\", \"version\": 1, \"name\": {\"da\": \"Praksis\"},"
  " \"kind\": \"practice_assessment\", \"respondents\": [\"staff\"],"
  " \"direction\": \"higher_is_better\","
  " \"scales\": [{\"id\": \"jdn\", \"values\": ["
  "  {\"value\": 2, \"label\": {\"da\": \"Ja\"}},"
  "  {\"value\": 1, \"label\": {\"da\": \"Delvist\"}},"
  "  {\"value\": 0, \"label\": {\"da\": \"Nej\"}},"
  "  {\"value\": 8, \"label\": {\"da\": \"Ved ikke\"}, \"flagged\": true, \"score\": 0},"
  "  {\"value\": 9, \"label\": {\"da\": \"Ikke relevant\"}, \"excluded\": true}]}],"
  " \"subscales\": ["
  "  {\"id\": \"e1\", \"name\": {\"da\": \"Et\"}, \"method\": \"percent_of_max\"},"
  "  {\"id\": \"e2\", \"name\": {\"da\": \"To\"}, \"method\": \"percent_of_max\","
  "   \"cutoffs\": [{\"from\": 0, \"label\": {\"da\": \"Lav\"}},"
  "                 {\"from\": 50, \"label\": {\"da\": \"Høj\"}}]}],"
  " \"items\": ["
  "  {\"id\": \"e1_1\", \"subscale\": \"e1\", \"text\": {\"da\": \"a\"}},"
  "  {\"id\": \"e1_2\", \"subscale\": \"e1\", \"text\": {\"da\": \"b\"}},"
  "  {\"id\": \"e1_3\", \"subscale\": \"e1\", \"text\": {\"da\": \"c\"}},"
  "  {\"id\": \"e2_1\", \"subscale\": \"e2\", \"text\": {\"da\": \"d\"}},"
  "  {\"id\": \"e2_2\", \"subscale\": \"e2\", \"text\": {\"da\": \"e\"}, \"reverse\": true}],"
  " \"total\": {\"method\": \"percent_of_max\"}}";

static void
test_percent_of_max(void)
{
  g_autoptr(InstrumentDef) def = def_from(practice);
  ScoreResult total, parts[2];

  /* e1_1 Ja (2), e1_2 Ved ikke (flagged, 0), e1_3 Ikke relevant (left out);
   * e2_1 Delvist (1), e2_2 Ja reversed (0 + 2 − 2 = 0).
   *   e1:    (2 + 0) / (2 + 2)         = 2/4 = 50 %
   *   e2:    (1 + 0) / (2 + 2)         = 1/4 = 25 %
   *   total: (2 + 0 + 1 + 0) / (4 · 2) = 3/8 = 37.5 % */
  g_autofree ScoreAnswer *a = answers_of(def, "2 8 9 1 2");
  g_assert_true(scoring_score(def, a, &total, parts, NULL));
  g_assert_true(parts[0].has_score);
  g_assert_cmpfloat_with_epsilon(parts[0].score, 50.0, EPS);
  g_assert_cmpuint(parts[0].n_items, ==, 3);
  g_assert_cmpuint(parts[0].n_answered, ==, 2);
  g_assert_cmpuint(parts[0].n_flagged, ==, 1);
  g_assert_cmpuint(parts[0].n_excluded, ==, 1);
  g_assert_cmpuint(parts[0].n_missing, ==, 0);
  g_assert_cmpint(parts[0].cutoff, ==, -1);
  g_assert_cmpfloat_with_epsilon(parts[1].score, 25.0, EPS);
  g_assert_cmpint(parts[1].cutoff, ==, 0);
  g_assert_cmpfloat_with_epsilon(total.score, 37.5, EPS);
  g_assert_cmpuint(total.n_answered, ==, 4);
  g_assert_cmpuint(total.n_flagged, ==, 1);
  g_assert_cmpuint(total.n_excluded, ==, 1);
  g_assert_false(total.prorated);

  /* The reversed item answered Nej counts 2: e2 = (1 + 2) / 4 = 75 %. */
  g_autofree ScoreAnswer *b = answers_of(def, "2 2 2 1 0");
  g_assert_true(scoring_score(def, b, &total, parts, NULL));
  g_assert_cmpfloat_with_epsilon(parts[0].score, 100.0, EPS);
  g_assert_cmpfloat_with_epsilon(parts[1].score, 75.0, EPS);
  g_assert_cmpint(parts[1].cutoff, ==, 1);
  /* total: (2 + 2 + 2 + 1 + 2) / 10 = 9/10 = 90 %. */
  g_assert_cmpfloat_with_epsilon(total.score, 90.0, EPS);

  /* Ved ikke on the reversed item is not reversed: e2 = (1 + 0) / 4 = 25 %. */
  g_autofree ScoreAnswer *c = answers_of(def, "2 2 2 1 8");
  g_assert_true(scoring_score(def, c, &total, parts, NULL));
  g_assert_cmpfloat_with_epsilon(parts[1].score, 25.0, EPS);
  double s;
  g_assert_true(scoring_item_score(def, 4, 8, &s));
  g_assert_cmpfloat(s, ==, 0.0);
  g_assert_true(scoring_item_score(def, 4, 0, &s));
  g_assert_cmpfloat(s, ==, 2.0);
  g_assert_true(scoring_item_score(def, 3, 0, &s));
  g_assert_cmpfloat(s, ==, 0.0);
  g_assert_false(scoring_item_score(def, 4, 9, &s)); /* excluded */
  g_assert_false(scoring_item_score(def, 4, 5, &s)); /* not on the scale */

  /* Everything in e1 not relevant or unanswered: no e1 score, e2 still. */
  g_autofree ScoreAnswer *d = answers_of(def, "9 9 - 0 0");
  g_assert_true(scoring_score(def, d, &total, parts, NULL));
  g_assert_false(parts[0].has_score);
  g_assert_cmpuint(parts[0].n_excluded, ==, 2);
  g_assert_cmpuint(parts[0].n_missing, ==, 1);
  /* e2: Nej (0) and reversed Nej (2): 2/4 = 50 %, exactly on the cut-off. */
  g_assert_cmpfloat_with_epsilon(parts[1].score, 50.0, EPS);
  g_assert_cmpint(parts[1].cutoff, ==, 1);
  /* total over the two answered: 2/4 = 50 %. */
  g_assert_cmpfloat_with_epsilon(total.score, 50.0, EPS);

  /* A value not on the scale is refused, naming the item. */
  g_autofree ScoreAnswer *bad = answers_of(def, "2 2 3 1 0");
  guint bad_item = 99;
  g_assert_false(scoring_score(def, bad, &total, parts, &bad_item));
  g_assert_cmpuint(bad_item, ==, 2);
}

/* ---- Sums, prorating, minimum answered, means ---------------------------------------- */

static const char *const five_items =
  "{\"id\": \"fem\", \"version\": 1, \"name\": {\"da\": \"Fem\"},"
  " \"kind\": \"questionnaire\", \"respondents\": [\"citizen\"],"
  " \"direction\": \"lower_is_better\","
  " \"scales\": [{\"id\": \"s\", \"values\": ["
  "  {\"value\": 0, \"label\": {\"da\": \"0\"}}, {\"value\": 1, \"label\": {\"da\": \"1\"}},"
  "  {\"value\": 2, \"label\": {\"da\": \"2\"}}, {\"value\": 3, \"label\": {\"da\": \"3\"}},"
  "  {\"value\": 4, \"label\": {\"da\": \"4\"}},"
  "  {\"value\": 9, \"label\": {\"da\": \"Ikke relevant\"}, \"excluded\": true}]}],"
  " \"subscales\": [{\"id\": \"m\", \"name\": {\"da\": \"Mean\"}, \"method\": \"mean\","
  "  \"min_answered\": 2, \"factor\": 10}],"
  " \"items\": ["
  "  {\"id\": \"a\", \"text\": {\"da\": \"a\"}, \"subscale\": \"m\"},"
  "  {\"id\": \"b\", \"text\": {\"da\": \"b\"}, \"subscale\": \"m\"},"
  "  {\"id\": \"c\", \"text\": {\"da\": \"c\"}, \"subscale\": \"m\", \"reverse\": true},"
  "  {\"id\": \"d\", \"text\": {\"da\": \"d\"}},"
  "  {\"id\": \"e\", \"text\": {\"da\": \"e\"}}],"
  " \"total\": {\"method\": \"sum\", \"min_answered\": 3, \"factor\": 2}}";

static void
test_sum_and_mean(void)
{
  g_autoptr(InstrumentDef) def = def_from(five_items);
  ScoreResult total, mean;

  /* 4, 3, –, 2, –: three of five answered, Σ = 9, prorated to five items:
   * 9 · 5/3 = 15, times the factor 2 = 30.
   * Mean over a, b (c unanswered): (4 + 3) / 2 = 3.5, times 10 = 35. */
  g_autofree ScoreAnswer *a = answers_of(def, "4 3 - 2 -");
  g_assert_true(scoring_score(def, a, &total, &mean, NULL));
  g_assert_true(total.has_score);
  g_assert_true(total.prorated);
  g_assert_cmpfloat_with_epsilon(total.score, 30.0, EPS);
  g_assert_cmpuint(total.n_missing, ==, 2);
  g_assert_cmpfloat_with_epsilon(mean.score, 35.0, EPS);
  g_assert_false(mean.prorated);

  /* 4, –, –, 2, –: two answered, fewer than the three required: no total;
   * the mean needs two of a, b, c and has one: none either. */
  g_autofree ScoreAnswer *b = answers_of(def, "4 - - 2 -");
  g_assert_true(scoring_score(def, b, &total, &mean, NULL));
  g_assert_false(total.has_score);
  g_assert_cmpuint(total.n_answered, ==, 2);
  g_assert_false(mean.has_score);

  /* 4, 3, –, 2, 9: e not relevant leaves four applicable items; three
   * answered: 9 · 4/3 = 12, times 2 = 24. */
  g_autofree ScoreAnswer *c = answers_of(def, "4 3 - 2 9");
  g_assert_true(scoring_score(def, c, &total, &mean, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 24.0, EPS);
  g_assert_true(total.prorated);

  /* All answered: no prorating.  c is reversed on 0–4: 4 − 1 = 3.
   *   total: (0 + 1 + 3 + 2 + 4) · 2 = 20
   *   mean:  (0 + 1 + 3) / 3 · 10 = 13.333… */
  g_autofree ScoreAnswer *d = answers_of(def, "0 1 1 2 4");
  g_assert_true(scoring_score(def, d, &total, &mean, NULL));
  g_assert_false(total.prorated);
  g_assert_cmpfloat_with_epsilon(total.score, 20.0, EPS);
  g_assert_cmpfloat_with_epsilon(mean.score, 40.0 / 3.0, EPS);

  /* Nothing answered: no score, and every item missing. */
  g_autofree ScoreAnswer *none = answers_of(def, "- - - - -");
  g_assert_true(scoring_score(def, none, &total, NULL, NULL));
  g_assert_false(total.has_score);
  g_assert_cmpuint(total.n_missing, ==, 5);
}

/* A definition without a total gives none, but still counts. */
static void
test_no_total(void)
{
  char *text = g_strdup(five_items);
  char *cut = strstr(text, ", \"total\"");
  strcpy(cut, "}");
  g_autoptr(InstrumentDef) def = def_from(text);
  g_free(text);
  g_assert_false(def->has_total);
  ScoreResult total;
  g_autofree ScoreAnswer *a = answers_of(def, "4 3 - 2 9");
  g_assert_true(scoring_score(def, a, &total, NULL, NULL));
  g_assert_false(total.has_score);
  g_assert_cmpuint(total.n_answered, ==, 3);
  g_assert_cmpuint(total.n_excluded, ==, 1);
}

/* ---- The built-in definitions --------------------------------------------------------- */

static void
test_who5(void)
{
  g_autoptr(InstrumentDef) def = builtin("who-5.json");
  ScoreResult total;
  /* Raw 3 + 4 + 2 + 5 + 1 = 15, × 4 = 60: no sign of reduced well-being. */
  g_autofree ScoreAnswer *a = answers_of(def, "3 4 2 5 1");
  g_assert_true(scoring_score(def, a, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 60.0, EPS);
  g_assert_cmpint(total.cutoff, ==, 2);
  /* Raw 1 + 1 + 1 + 2 + 2 = 7, × 4 = 28: at most 28, signs of depression. */
  g_autofree ScoreAnswer *b = answers_of(def, "1 1 1 2 2");
  g_assert_true(scoring_score(def, b, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 28.0, EPS);
  g_assert_cmpint(total.cutoff, ==, 0);
  g_assert_cmpstr(def->total.cutoffs[total.cutoff].label.da, ==,
                  "Tegn på depression: anbefal udredning");
  /* Raw 3 + 2 + 2 + 3 + 2 = 12, × 4 = 48: 29–50, reduced well-being. */
  g_autofree ScoreAnswer *c = answers_of(def, "3 2 2 3 2");
  g_assert_true(scoring_score(def, c, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 48.0, EPS);
  g_assert_cmpint(total.cutoff, ==, 1);
  /* Raw 5 · 5 = 25, × 4 = 100, and 0 for nothing at any time. */
  g_autofree ScoreAnswer *d = answers_of(def, "5 5 5 5 5");
  g_assert_true(scoring_score(def, d, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 100.0, EPS);
  g_autofree ScoreAnswer *e = answers_of(def, "0 0 0 0 0");
  g_assert_true(scoring_score(def, e, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 0.0, EPS);
  g_assert_cmpint(total.cutoff, ==, 0);
  /* Four of five: WHO-5 is not prorated, so no score. */
  g_autofree ScoreAnswer *f = answers_of(def, "3 4 2 5 -");
  g_assert_true(scoring_score(def, f, &total, NULL, NULL));
  g_assert_false(total.has_score);
  /* 6 is not on the 0–5 scale. */
  g_autofree ScoreAnswer *g = answers_of(def, "3 4 6 5 1");
  g_assert_false(scoring_score(def, g, &total, NULL, NULL));
}

static void
test_lovende_praksis(void)
{
  g_autoptr(InstrumentDef) def = builtin("lovende-praksis.json");
  g_autofree ScoreAnswer *a = g_new0(ScoreAnswer, def->n_items);
  for (guint i = 0; i < def->n_items; i++)
    a[i] = (ScoreAnswer){.answered = TRUE, .value = 2}; /* Ja everywhere */
  ScoreResult total, parts[11];
  g_assert_cmpuint(def->n_subscales, ==, 11);
  g_assert_true(scoring_score(def, a, &total, parts, NULL));
  /* Ja to Overførbarhed 2 (reversed) counts 0: that element is
   * (2 + 0) / (2 + 2) = 50 %; every other element 100 %. */
  for (guint s = 0; s < 11; s++) {
    gboolean transferability = strcmp(def->subscales[s].id, "transferability") == 0;
    g_assert_cmpfloat_with_epsilon(parts[s].score, transferability ? 50.0 : 100.0, EPS);
  }
  /* total: 58 · 2 + 0 = 116 of 59 · 2 = 118 = 98.305…%. */
  g_assert_cmpfloat_with_epsilon(total.score, 100.0 * 116.0 / 118.0, EPS);

  /* Virkning: Ved ikke and Ikke relevant: (0) / (2) = 0 %, one flagged. */
  int impact_1 = instrument_def_item_index(def, "impact_1");
  a[impact_1].value = 8;
  a[impact_1 + 1].value = 9;
  g_assert_true(scoring_score(def, a, &total, parts, NULL));
  g_assert_cmpfloat_with_epsilon(parts[1].score, 0.0, EPS);
  g_assert_cmpuint(parts[1].n_flagged, ==, 1);
  g_assert_cmpuint(parts[1].n_excluded, ==, 1);
  /* total: 58 items count (Ikke relevant is left out), at most 116 points;
   * 56 Ja give 112, reversed Overførbarhed 2 and Ved ikke give 0:
   * 112 / 116 = 96.551…%. */
  g_assert_cmpfloat_with_epsilon(total.score, 100.0 * 112.0 / 116.0, EPS);
}

static void
test_selvevaluering(void)
{
  g_autoptr(InstrumentDef) def = builtin("selvevaluering.json");
  g_autofree ScoreAnswer *a = g_new0(ScoreAnswer, def->n_items);
  for (guint i = 0; i < def->n_items; i++)
    a[i] = (ScoreAnswer){.answered = TRUE, .value = 3};
  a[instrument_def_item_index(def, "organisation_5")].value = 5;
  ScoreResult total, parts[5];
  g_assert_true(scoring_score(def, a, &total, parts, NULL));
  /* Kontinuitet rated 5 is reversed: 1 + 5 − 5 = 1.  Organisering:
   * (3 + 3 + 3 + 3 + 1) / 5 = 2.6; total: (23 · 3 + 1) / 24 = 70/24. */
  g_assert_cmpstr(def->subscales[3].id, ==, "organisation");
  g_assert_cmpfloat_with_epsilon(parts[3].score, 2.6, EPS);
  g_assert_cmpfloat_with_epsilon(parts[0].score, 3.0, EPS);
  g_assert_cmpfloat_with_epsilon(total.score, 70.0 / 24.0, EPS);
  g_assert_true(def->subscales[3].scoring.higher_is_better);
}

static void
test_vum(void)
{
  g_autoptr(InstrumentDef) def = builtin("vum-livsomraader.json");
  ScoreResult total;
  /* Six of seven areas: (3 + 2 + 1 + 4 + 0 + 2) / 6 = 12/6 = 2. */
  g_autofree ScoreAnswer *a = answers_of(def, "3 2 - 1 4 0 2");
  g_assert_true(scoring_score(def, a, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 2.0, EPS);
  g_assert_false(def->total.higher_is_better);
  /* One area is enough for a mean. */
  g_autofree ScoreAnswer *b = answers_of(def, "- - - - 3 - -");
  g_assert_true(scoring_score(def, b, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 3.0, EPS);
}

/* ---- GAS -------------------------------------------------------------------------------- */

/* T = 50 + 10·Σwx / √((1 − ρ)Σw² + ρ(Σw)²), ρ = 0.3. */
static void
test_gas_formula(void)
{
  /* 1. Three goals of weight 1, each at the expected level 0:
   *    Σwx = 0, so T = 50 whatever the denominator. */
  const double x1[] = {0, 0, 0};
  g_assert_cmpfloat_with_epsilon(scoring_gas_t(x1, NULL, 3, 0.3), 50.0, EPS);

  /* 2. Three goals of weight 1, each one better than expected (+1):
   *    Σwx = 3, Σw² = 3, (Σw)² = 9;
   *    (1 − 0.3)·3 + 0.3·9 = 2.1 + 2.7 = 4.8;  √4.8 = 2.190890230…;
   *    T = 50 + 10·3 / 2.190890230 = 50 + 13.693063938 = 63.693063938. */
  const double x2[] = {1, 1, 1};
  g_assert_cmpfloat_with_epsilon(scoring_gas_t(x2, NULL, 3, 0.3), 63.693063937629155, EPS);

  /* 3. Weights 2, 1, 3 at levels −1, +2, +1:
   *    Σwx = −2 + 2 + 3 = 3;  Σw² = 4 + 1 + 9 = 14;  Σw = 6, (Σw)² = 36;
   *    0.7·14 + 0.3·36 = 9.8 + 10.8 = 20.6;  √20.6 = 4.538722287…;
   *    T = 50 + 30 / 4.538722287 = 50 + 6.609789739 = 56.609789739. */
  const double x3[] = {-1, 2, 1}, w3[] = {2, 1, 3};
  g_assert_cmpfloat_with_epsilon(scoring_gas_t(x3, w3, 3, 0.3), 56.609789738588475, EPS);

  /* 4. One goal of weight 1 at −2 (much less than expected):
   *    Σwx = −2;  0.7·1 + 0.3·1 = 1;  T = 50 + 10·(−2)/1 = 30. */
  const double x4[] = {-2};
  g_assert_cmpfloat_with_epsilon(scoring_gas_t(x4, NULL, 1, 0.3), 30.0, EPS);
}

/* The same through the built-in GAS definition: only rated goals count. */
static void
test_gas_builtin(void)
{
  g_autoptr(InstrumentDef) def = builtin("gas.json");
  ScoreResult total;
  /* Goals at −1, 0, +1, +2 and one not rated, weights 1:
   *   Σwx = −1 + 0 + 1 + 2 = 2;  Σw² = 4;  (Σw)² = 16;
   *   0.7·4 + 0.3·16 = 2.8 + 4.8 = 7.6;  √7.6 = 2.756809750…;
   *   T = 50 + 20 / 2.756809750 = 50 + 7.254762501 = 57.254762501. */
  g_autofree ScoreAnswer *a = answers_of(def, "-1 0 1 2 -");
  g_assert_true(scoring_score(def, a, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 57.25476250110012, EPS);
  g_assert_cmpuint(total.n_answered, ==, 4);
  g_assert_cmpint(total.cutoff, ==, 1); /* as expected or better */
  /* Every goal at −2: Σwx = −10; 0.7·5 + 0.3·25 = 3.5 + 7.5 = 11;
   *   T = 50 − 100/√11 = 50 − 30.151134458 = 19.848865542. */
  g_autofree ScoreAnswer *b = answers_of(def, "-2 -2 -2 -2 -2");
  g_assert_true(scoring_score(def, b, &total, NULL, NULL));
  g_assert_cmpfloat_with_epsilon(total.score, 50.0 - 100.0 / 3.3166247903554, 1e-9);
  g_assert_cmpint(total.cutoff, ==, 0);

  /* Weights from the definition: goal 1 weighs 3. */
  char *text = instrument_def_to_text(def);
  char *w = strstr(text, "\"weight\": 1");
  g_assert_nonnull(w);
  w[strlen("\"weight\": ")] = '3';
  g_autoptr(InstrumentDef) weighted = def_from(text);
  g_free(text);
  g_assert_cmpfloat(weighted->items[0].weight, ==, 3);
  /* Goals at +1 (weight 3) and −1 (weight 1), the rest not rated:
   *   Σwx = 3 − 1 = 2;  Σw² = 9 + 1 = 10;  Σw = 4, (Σw)² = 16;
   *   0.7·10 + 0.3·16 = 7 + 4.8 = 11.8;  √11.8 = 3.435112807…;
   *   T = 50 + 20 / 3.435112807 = 50 + 5.822225… */
  g_autofree ScoreAnswer *c = answers_of(weighted, "1 -1 - - -");
  g_assert_true(scoring_score(weighted, c, &total, NULL, NULL));
  const double x[] = {1, -1}, wt[] = {3, 1};
  g_assert_cmpfloat_with_epsilon(total.score, scoring_gas_t(x, wt, 2, 0.3), EPS);
  g_assert_cmpfloat_with_epsilon(total.score, 50.0 + 20.0 / 3.4351128074635335, EPS);
}

static void
test_cutoffs(void)
{
  InstrumentCutoff bands[] = {{.from = 0}, {.from = 29}, {.from = 51}};
  InstrumentScoring scoring = {.cutoffs = bands, .n_cutoffs = 3};
  g_assert_cmpint(scoring_cutoff(&scoring, -0.5), ==, -1);
  g_assert_cmpint(scoring_cutoff(&scoring, 0), ==, 0);
  g_assert_cmpint(scoring_cutoff(&scoring, 28.999), ==, 0);
  g_assert_cmpint(scoring_cutoff(&scoring, 29), ==, 1);
  g_assert_cmpint(scoring_cutoff(&scoring, 50), ==, 1);
  g_assert_cmpint(scoring_cutoff(&scoring, 51), ==, 2);
  g_assert_cmpint(scoring_cutoff(&scoring, 1e9), ==, 2);
  InstrumentScoring none = {0};
  g_assert_cmpint(scoring_cutoff(&none, 10), ==, -1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/scoring/percent-of-max", test_percent_of_max);
  g_test_add_func("/scoring/sum-and-mean", test_sum_and_mean);
  g_test_add_func("/scoring/no-total", test_no_total);
  g_test_add_func("/scoring/who-5", test_who5);
  g_test_add_func("/scoring/lovende-praksis", test_lovende_praksis);
  g_test_add_func("/scoring/selvevaluering", test_selvevaluering);
  g_test_add_func("/scoring/vum", test_vum);
  g_test_add_func("/scoring/gas/formula", test_gas_formula);
  g_test_add_func("/scoring/gas/builtin", test_gas_builtin);
  g_test_add_func("/scoring/cutoffs", test_cutoffs);
  return g_test_run();
}
