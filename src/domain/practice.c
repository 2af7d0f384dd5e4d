/* practice.c — an instrument version seen as an assessment meeting: its
 * pages, its answers scored, the range of its element scores. */
#include "domain/practice.h"

#include <string.h>

guint
practice_n_pages(const InstrumentDef *def)
{
  gboolean loose = FALSE;
  for (guint i = 0; i < def->n_items && !loose; i++)
    loose = def->items[i].subscale < 0;
  return def->n_subscales + (loose ? 1 : 0);
}

int
practice_page_subscale(const InstrumentDef *def, guint page)
{
  return page < def->n_subscales ? (int)page : -1;
}

guint
practice_item_page(const InstrumentDef *def, guint item)
{
  int sub = def->items[item].subscale;
  return sub >= 0 ? (guint)sub : def->n_subscales;
}

ScoreAnswer *
practice_answers(const InstrumentVersion *version, const json_t *answers)
{
  const InstrumentDef *def = version->def;
  ScoreAnswer *out = g_new0(ScoreAnswer, MAX(def->n_items, 1));
  size_t k;
  json_t *row;
  json_array_foreach(answers, k, row) {
    int i = instrument_version_item_index(version,
                                          json_integer_value(json_object_get(row, "item_id")));
    const json_t *value = json_object_get(row, "value");
    if (i >= 0 && json_is_integer(value))
      out[i] = (ScoreAnswer){TRUE, json_integer_value(value)};
  }
  return out;
}

void
practice_score(const InstrumentDef *def, const ScoreAnswer *answers, ScoreResult *total,
               ScoreResult *subscales)
{
  /* Answers come from the store, which keeps only values on the scale. */
  if (!scoring_score(def, answers, total, subscales, NULL)) {
    memset(total, 0, sizeof *total);
    memset(subscales, 0, def->n_subscales * sizeof *subscales);
  }
}

void
practice_subscale_range(const InstrumentDef *def, guint subscale, double *out_min,
                        double *out_max)
{
  const InstrumentScoring *scoring = &def->subscales[subscale].scoring;
  if (scoring->method == SCORE_METHOD_PERCENT_OF_MAX) {
    *out_min = 0;
    *out_max = 100;
    return;
  }
  if (scoring->method == SCORE_METHOD_GAS_T) {
    *out_min = 20;
    *out_max = 80;
    return;
  }
  double lo = 0, hi = 0;
  guint n = 0;
  for (guint i = 0; i < def->n_items; i++) {
    if (def->items[i].subscale != (int)subscale)
      continue;
    const InstrumentScale *scale = &def->scales[def->items[i].scale];
    lo = n == 0 ? scale->score_min : MIN(lo, scale->score_min);
    hi = n == 0 ? scale->score_max : MAX(hi, scale->score_max);
    n++;
  }
  double factor = scoring->factor != 0 ? scoring->factor : 1;
  if (scoring->method == SCORE_METHOD_SUM) {
    lo *= n;
    hi *= n;
  }
  *out_min = lo * factor;
  *out_max = hi * factor;
  if (!(*out_min < *out_max))
    *out_max = *out_min + 1;
}

gboolean
practice_has_activities(const InstrumentDef *def)
{
  return strcmp(def->id, "selvevaluering") == 0;
}
