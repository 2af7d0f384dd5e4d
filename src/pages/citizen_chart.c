/* citizen_chart.c — from a citizen's measurements and goals to chart
 * models (render/chart.h): the life areas over time as the staff rated
 * them, the citizen's self-assessment beside the staff's, a goal's item
 * with its target, and the GAS T-score over time.
 *
 * Several staff members may rate the citizen on the same day (Fonden
 * Føniks: five workers); the charts then show their mean for that day,
 * and the measurement pages show each rater. */
#include "pages/citizen_chart.h"

#include <math.h>
#include <string.h>

#include "domain/scoring.h"

/* Approved measurements of the instrument key by the respondents wanted
 * (citizen or not), oldest first; borrowed values in a new array. */
static json_t *
chosen(const json_t *measurements, const char *key, gboolean citizen, gint64 course_id)
{
  json_t *out = json_array();
  size_t i;
  json_t *m;
  json_array_foreach(measurements, i, m) {
    const char *mkey = json_string_value(json_object_get(m, "instrument_key"));
    const char *status = json_string_value(json_object_get(m, "status"));
    const char *respondent = json_string_value(json_object_get(m, "respondent"));
    gboolean by_citizen = g_strcmp0(respondent, "citizen") == 0;
    if (mkey && key && strcmp(mkey, key) == 0 && g_strcmp0(status, "approved") == 0 &&
        by_citizen == citizen &&
        (course_id == 0 || json_integer_value(json_object_get(m, "course_id")) == course_id))
      json_array_append(out, m);
  }
  return out;
}

static int
compare_strings(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct dates of measurements (sorted ISO), a new array of strings. */
static json_t *
dates_of(const json_t *a, const json_t *b)
{
  g_autoptr(GPtrArray) dates = g_ptr_array_new();
  const json_t *lists[2] = {a, b};
  for (int l = 0; l < 2; l++) {
    size_t i;
    json_t *m;
    json_array_foreach(lists[l], i, m) {
      const char *on = json_string_value(json_object_get(m, "measured_on"));
      gboolean seen = FALSE;
      for (guint k = 0; k < dates->len && !seen; k++)
        seen = g_strcmp0(g_ptr_array_index(dates, k), on) == 0;
      if (on != NULL && !seen)
        g_ptr_array_add(dates, (gpointer)on);
    }
  }
  g_ptr_array_sort(dates, compare_strings);
  json_t *out = json_array();
  for (guint k = 0; k < dates->len; k++)
    json_array_append_new(out, json_string(g_ptr_array_index(dates, k)));
  return out;
}

/* The answer to item_key in m, or FALSE when not answered. */
static gboolean
answer_of(const json_t *m, const char *item_key, double *out)
{
  size_t a;
  json_t *answer;
  json_array_foreach(json_object_get(m, "answers"), a, answer) {
    const char *k = json_string_value(json_object_get(answer, "item_key"));
    if (item_key != NULL && k != NULL && strcmp(k, item_key) == 0) {
      json_t *v = json_object_get(answer, "value");
      if (!json_is_integer(v))
        return FALSE;
      *out = (double)json_integer_value(v);
      return TRUE;
    }
  }
  return FALSE;
}

/* The mean over the measurements on date of item_key (NULL: the score),
 * rounded to two decimals; JSON null when there is none. */
static json_t *
mean_on(const json_t *ms, const char *date, const char *item_key)
{
  double sum = 0;
  int n = 0;
  size_t i;
  json_t *m;
  json_array_foreach(ms, i, m) {
    if (g_strcmp0(json_string_value(json_object_get(m, "measured_on")), date) != 0)
      continue;
    double v;
    if (item_key == NULL) {
      json_t *score = json_object_get(m, "score");
      if (!json_is_number(score))
        continue;
      v = json_number_value(score);
    } else if (!answer_of(m, item_key, &v)) {
      continue;
    }
    sum += v;
    n++;
  }
  if (n == 0)
    return json_null();
  double mean = round(sum / n * 100.0) / 100.0;
  return mean == floor(mean) ? json_integer((json_int_t)mean) : json_real(mean);
}

/* A name in the genitive, as lang writes it: "Lenes", "Jens'" in Danish,
 * "Lene's", "Jens'" in English; newly allocated. */
static char *
genitive(const char *name, SporLang lang)
{
  if (name == NULL || *name == '\0')
    return g_strdup("");
  char last = (char)g_ascii_tolower(name[strlen(name) - 1]);
  gboolean sibilant = last == 's' || last == 'x' || last == 'z';
  if (sibilant)
    return g_strconcat(name, "'", NULL);
  return g_strconcat(name, lang == SPOR_LANG_EN ? "'s" : "s", NULL);
}

static gboolean
higher_better(const json_t *instrument)
{
  return json_is_true(json_object_get(instrument, "higher_is_better")) ||
         json_integer_value(json_object_get(instrument, "higher_is_better")) == 1;
}

/* The labels of dates (ISO strings) as dd-mm-åååå, a new array. */
static json_t *
display_dates(const json_t *dates)
{
  json_t *x = json_array();
  size_t i;
  json_t *d;
  json_array_foreach(dates, i, d) {
    g_autofree char *shown = spor_date_iso_to_danish(json_string_value(d));
    json_array_append_new(x, json_string(shown ? shown : json_string_value(d)));
  }
  return x;
}

json_t *
citizen_chart_model(const json_t *citizen, const json_t *measurements,
                    const json_t *instrument, SporLang lang)
{
  return citizen_chart_course_model(citizen, measurements, instrument, 0, lang);
}

json_t *
citizen_chart_course_model(const json_t *citizen, const json_t *measurements,
                           const json_t *instrument, gint64 course_id, SporLang lang)
{
  const char *key = json_string_value(json_object_get(instrument, "key"));
  json_t *staff = chosen(measurements, key, FALSE, course_id);
  json_t *dates = dates_of(staff, NULL);
  size_t n = json_array_size(dates);
  if (n == 0) {
    json_decref(staff);
    json_decref(dates);
    return NULL;
  }
  json_t *x = display_dates(dates);
  const char *text_key = lang == SPOR_LANG_EN ? "text_en" : "text_da";
  json_t *series = json_array();
  size_t k;
  json_t *item;
  json_array_foreach(json_object_get(instrument, "items"), k, item) {
    /* By key, not row id: older measurements were answered on older
     * versions of the instrument, whose items have rows of their own. */
    const char *item_key = json_string_value(json_object_get(item, "key"));
    json_t *values = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(dates, i, d)
      json_array_append_new(values, mean_on(staff, json_string_value(d), item_key));
    json_array_append_new(series, json_pack("{s:O, s:o}", "name", json_object_get(item, text_key),
                                            "values", values));
  }
  json_t *means = json_array();
  size_t i;
  json_t *d;
  json_array_foreach(dates, i, d)
    json_array_append_new(means, mean_on(staff, json_string_value(d), NULL));
  json_array_append_new(series, json_pack("{s:s, s:o}", "name", _("Gennemsnit"), "values", means));

  gboolean better_up = higher_better(instrument);
  const char *first = json_string_value(json_array_get(x, 0));
  const char *last = json_string_value(json_array_get(x, n - 1));
  g_autofree char *description = g_strdup_printf(
    _("%s: score for %zu livsområder ved %zu målinger fra %s til %s. %s"),
    json_string_value(json_object_get(citizen, "first_name")),
    json_array_size(json_object_get(instrument, "items")), n, first ? first : "",
    last ? last : "",
    better_up ? _("En højere score er bedre.")
              : _("En lavere score betyder flere ressourcer og mindre brug for støtte."));
  json_t *chart = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:O, s:O, s:i, s:s, s:o}",
    "kind", "line",
    "title", _("Livsområder over tid"),
    "description", description,
    "x_label", _("Måling"),
    "y_label", _("Score"),
    "x", x,
    "y_min", json_object_get(instrument, "scale_min"),
    "y_max", json_object_get(instrument, "scale_max"),
    "y_step", 1,
    "y_direction", better_up ? "higher_is_better" : "lower_is_better",
    "series", series);
  json_decref(staff);
  json_decref(dates);
  return chart;
}

json_t *
citizen_chart_compare_model(const json_t *citizen, const json_t *measurements,
                            const json_t *instrument, gint64 course_id, SporLang lang)
{
  const char *key = json_string_value(json_object_get(instrument, "key"));
  json_t *staff = chosen(measurements, key, FALSE, course_id);
  json_t *own = chosen(measurements, key, TRUE, course_id);
  if (json_array_size(own) == 0) {
    json_decref(staff);
    json_decref(own);
    return NULL;
  }
  json_t *dates = dates_of(staff, own);
  json_t *staff_values = json_array(), *own_values = json_array();
  size_t i;
  json_t *d;
  json_array_foreach(dates, i, d) {
    json_array_append_new(staff_values, mean_on(staff, json_string_value(d), NULL));
    json_array_append_new(own_values, mean_on(own, json_string_value(d), NULL));
  }
  gboolean better_up = higher_better(instrument);
  g_autofree char *whose =
    genitive(json_string_value(json_object_get(citizen, "first_name")), lang);
  g_autofree char *description = g_strdup_printf(
    _("Gennemsnittet af livsområderne: %s egen vurdering (%zu gange) og medarbejdernes "
      "vurdering (%zu gange). %s"),
    whose, json_array_size(own),
    json_array_size(staff),
    better_up ? _("En højere score er bedre.")
              : _("En lavere score betyder flere ressourcer og mindre brug for støtte."));
  json_t *chart = json_pack(
    "{s:s, s:s, s:s, s:s, s:s, s:o, s:O, s:O, s:i, s:s, s:[{s:s, s:o}, {s:s, s:o}]}",
    "kind", "line",
    "title", _("Egen vurdering og medarbejdernes vurdering"),
    "description", description,
    "x_label", _("Måling"),
    "y_label", _("Gennemsnit"),
    "x", display_dates(dates),
    "y_min", json_object_get(instrument, "scale_min"),
    "y_max", json_object_get(instrument, "scale_max"),
    "y_step", 1,
    "y_direction", better_up ? "higher_is_better" : "lower_is_better",
    "series",
    "name", _("Medarbejdernes vurdering"), "values", staff_values,
    "name", _("Borgerens egen vurdering"), "values", own_values);
  json_decref(staff);
  json_decref(own);
  json_decref(dates);
  return chart;
}

json_t *
citizen_chart_goal_model(const json_t *goal, const json_t *measurements,
                         const json_t *instrument, const char *item_name, SporLang lang)
{
  (void)lang;
  const char *key = json_string_value(json_object_get(goal, "instrument_key"));
  const char *item_key = json_string_value(json_object_get(goal, "item_key"));
  json_t *staff = chosen(measurements, key, FALSE, 0);
  json_t *own = chosen(measurements, key, TRUE, 0);
  /* From the baseline on. */
  const char *since = json_string_value(json_object_get(goal, "baseline_measured_on"));
  if (since == NULL)
    since = json_string_value(json_object_get(goal, "set_on"));
  json_t *dates_all = dates_of(staff, own);
  json_t *dates = json_array();
  size_t i;
  json_t *d;
  json_array_foreach(dates_all, i, d)
    if (since == NULL || g_strcmp0(json_string_value(d), since) >= 0)
      json_array_append(dates, d);
  json_decref(dates_all);
  if (json_array_size(dates) == 0) {
    json_decref(staff);
    json_decref(own);
    json_decref(dates);
    return NULL;
  }
  json_t *staff_values = json_array(), *own_values = json_array();
  gboolean any_own = FALSE;
  json_array_foreach(dates, i, d) {
    json_array_append_new(staff_values, mean_on(staff, json_string_value(d), item_key));
    json_t *v = mean_on(own, json_string_value(d), item_key);
    any_own |= !json_is_null(v);
    json_array_append_new(own_values, v);
  }
  gboolean better_up = higher_better(instrument);
  json_t *series = json_pack("[{s:s, s:o}]", "name", _("Medarbejdernes vurdering"), "values",
                             staff_values);
  if (any_own)
    json_array_append_new(series, json_pack("{s:s, s:o}", "name", _("Borgerens egen vurdering"),
                                            "values", own_values));
  else
    json_decref(own_values);
  json_t *refs = json_array();
  json_t *target = json_object_get(goal, "target_score");
  if (json_is_number(target))
    json_array_append_new(refs, json_pack("{s:f, s:s}", "value", json_number_value(target),
                                          "label", _("Mål")));
  g_autofree char *description = g_strdup_printf(
    _("%s målt %zu gange siden målet blev sat. %s"), item_name ? item_name : "",
    json_array_size(dates),
    better_up ? _("En højere score er bedre.")
              : _("En lavere score betyder flere ressourcer og mindre brug for støtte."));
  json_t *chart = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:O, s:O, s:i, s:s, s:o, s:o}",
    "kind", "line",
    "title", item_name ? item_name : _("Udvikling"),
    "description", description,
    "x_label", _("Måling"),
    "y_label", _("Score"),
    "x", display_dates(dates),
    "y_min", json_object_get(instrument, "scale_min"),
    "y_max", json_object_get(instrument, "scale_max"),
    "y_step", 1,
    "y_direction", better_up ? "higher_is_better" : "lower_is_better",
    "series", series,
    "reference_lines", refs);
  json_decref(staff);
  json_decref(own);
  json_decref(dates);
  return chart;
}

json_t *
citizen_chart_gas_model(const json_t *goals, json_t **out_scores)
{
  /* Every rating date of the GAS goals; on each, the latest rating of each
   * goal rated by then counts, weighted by its weight. */
  g_autoptr(GPtrArray) dates = g_ptr_array_new();
  size_t i;
  json_t *g;
  json_array_foreach(goals, i, g) {
    if (g_strcmp0(json_string_value(json_object_get(g, "kind")), "gas") != 0)
      continue;
    size_t r;
    json_t *rating;
    json_array_foreach(json_object_get(g, "ratings"), r, rating) {
      const char *on = json_string_value(json_object_get(rating, "rated_on"));
      gboolean seen = FALSE;
      for (guint k = 0; k < dates->len && !seen; k++)
        seen = g_strcmp0(g_ptr_array_index(dates, k), on) == 0;
      if (on != NULL && !seen)
        g_ptr_array_add(dates, (gpointer)on);
    }
  }
  if (out_scores != NULL)
    *out_scores = json_array();
  if (dates->len == 0)
    return NULL;
  g_ptr_array_sort(dates, compare_strings);
  json_t *x = json_array(), *values = json_array();
  gsize n_goals = json_array_size(goals);
  g_autofree double *levels = g_new(double, MAX(n_goals, 1));
  g_autofree double *weights = g_new(double, MAX(n_goals, 1));
  for (guint k = 0; k < dates->len; k++) {
    const char *date = g_ptr_array_index(dates, k);
    guint n = 0;
    json_array_foreach(goals, i, g) {
      if (g_strcmp0(json_string_value(json_object_get(g, "kind")), "gas") != 0)
        continue;
      json_t *latest = NULL;
      size_t r;
      json_t *rating;
      json_array_foreach(json_object_get(g, "ratings"), r, rating)
        if (g_strcmp0(json_string_value(json_object_get(rating, "rated_on")), date) <= 0)
          latest = rating;
      if (latest == NULL)
        continue;
      levels[n] = (double)json_integer_value(json_object_get(latest, "level"));
      json_t *w = json_object_get(g, "gas_weight");
      weights[n] = json_is_number(w) && json_number_value(w) > 0 ? json_number_value(w) : 1.0;
      n++;
    }
    double t = scoring_gas_t(levels, weights, n, 0.3);
    double shown = round(t * 10.0) / 10.0;
    g_autofree char *label = spor_date_iso_to_danish(date);
    json_array_append_new(x, json_string(label ? label : date));
    json_array_append_new(values, json_real(shown));
    if (out_scores != NULL)
      json_array_append_new(*out_scores, json_pack("{s:s, s:s, s:f, s:i}", "rated_on", date,
                                                   "rated_on_display", label ? label : date,
                                                   "t_score", shown, "goals", (int)n));
  }
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:i, s:i, s:s, s:[{s:s, s:o}],"
                   " s:[{s:i, s:s}]}",
    "kind", "line",
    "title", _("GAS T-score over tid"),
    "description", _("T-scoren samler de vurderede GAS-mål (Kiresuk og Sherman, ρ = 0,3). 50 "
                     "betyder, at målene i gennemsnit er nået som forventet; over 50 bedre end "
                     "forventet."),
    "x_label", _("Vurdering"),
    "y_label", _("T-score"),
    "x", x,
    "y_min", 20, "y_max", 80, "y_step", 10,
    "y_direction", "higher_is_better",
    "series", "name", _("T-score"), "values", values,
    "reference_lines", "value", 50, "label", _("Forventet"));
}

/* The range of def's total score: the items' regular scores summed (or
 * averaged) and multiplied by the factor; 0–100 for a percentage. */
static void
total_range(const InstrumentDef *def, double *out_min, double *out_max)
{
  double lo = 0, hi = 0;
  for (guint i = 0; i < def->n_items; i++) {
    const InstrumentScale *scale = &def->scales[def->items[i].scale];
    lo += scale->score_min;
    hi += scale->score_max;
  }
  if (def->total.method == SCORE_METHOD_PERCENT_OF_MAX) {
    *out_min = 0;
    *out_max = 100;
    return;
  }
  if (def->total.method == SCORE_METHOD_MEAN && def->n_items > 0) {
    lo /= def->n_items;
    hi /= def->n_items;
  }
  *out_min = lo * def->total.factor;
  *out_max = hi * def->total.factor;
}

json_t *
citizen_chart_score_model(const json_t *citizen, const json_t *measurements,
                          const InstrumentDef *def, const char *key, SporLang lang)
{
  if (!def->has_total || def->total.method == SCORE_METHOD_GAS_T)
    return NULL;
  json_t *staff = chosen(measurements, key, FALSE, 0);
  json_t *own = chosen(measurements, key, TRUE, 0);
  json_t *dates = dates_of(staff, own);
  json_t *staff_values = json_array(), *own_values = json_array();
  size_t i;
  json_t *d;
  gboolean any_staff = FALSE, any_own = FALSE;
  json_array_foreach(dates, i, d) {
    json_t *s = mean_on(staff, json_string_value(d), NULL);
    json_t *o = mean_on(own, json_string_value(d), NULL);
    any_staff |= !json_is_null(s);
    any_own |= !json_is_null(o);
    json_array_append_new(staff_values, s);
    json_array_append_new(own_values, o);
  }
  json_t *series = json_array();
  if (any_staff)
    json_array_append_new(series, json_pack("{s:s, s:O}", "name", _("Medarbejdernes vurdering"),
                                            "values", staff_values));
  if (any_own)
    json_array_append_new(series, json_pack("{s:s, s:O}", "name", _("Borgerens egen vurdering"),
                                            "values", own_values));
  json_decref(staff_values);
  json_decref(own_values);
  if (json_array_size(series) == 0) {
    json_decref(series);
    json_decref(staff);
    json_decref(own);
    json_decref(dates);
    return NULL;
  }
  double lo, hi;
  total_range(def, &lo, &hi);
  json_t *refs = json_array();
  for (guint c = 0; c < def->total.n_cutoffs; c++)
    if (def->total.cutoffs[c].from > lo && def->total.cutoffs[c].from < hi)
      json_array_append_new(refs, json_pack("{s:f, s:s}", "value", def->total.cutoffs[c].from,
                                            "label",
                                            instrument_text(&def->total.cutoffs[c].label, lang)));
  const char *name = instrument_text(&def->name, lang);
  g_autofree char *whose =
    genitive(json_string_value(json_object_get(citizen, "first_name")), lang);
  g_autofree char *description = g_strdup_printf(
    _("%s: %s egen vurdering (%zu gange) og medarbejdernes vurdering (%zu gange) på en skala "
      "fra %g til %g. %s"),
    name, whose, json_array_size(own), json_array_size(staff), lo, hi,
    def->total.higher_is_better ? _("En højere score er bedre.") : _("En lavere score er bedre."));
  double span = hi - lo;
  int step = span > 50 ? 10 : span > 20 ? 5 : 1;
  json_t *chart = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:f, s:f, s:i, s:s, s:o, s:o}",
    "kind", "line",
    "title", name,
    "description", description,
    "x_label", _("Måling"),
    "y_label", _("Score"),
    "x", display_dates(dates),
    "y_min", lo,
    "y_max", hi,
    "y_step", step,
    "y_direction", def->total.higher_is_better ? "higher_is_better" : "lower_is_better",
    "series", series,
    "reference_lines", refs);
  json_decref(staff);
  json_decref(own);
  json_decref(dates);
  return chart;
}
