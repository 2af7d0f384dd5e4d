/* scoring.c — the scoring rules of scoring.h in one pass over the answers:
 * each item adds to the accumulator of the total and of its subscale, and
 * each accumulator becomes a result by its set's method. */
#include "domain/scoring.h"

#include <math.h>

typedef struct Acc {
  double sum;        /* Σ s */
  double sum_min;    /* Σ minᵢ (percent_of_max) */
  double sum_range;  /* Σ (maxᵢ − minᵢ) */
  double wx, w, w2;  /* Σ wᵢxᵢ, Σ wᵢ, Σ wᵢ² (gas_t) */
  guint items, answered, flagged, excluded, missing;
} Acc;

int
scoring_cutoff(const InstrumentScoring *scoring, double score)
{
  int band = -1;
  for (guint i = 0; i < scoring->n_cutoffs; i++)
    if (score >= scoring->cutoffs[i].from)
      band = (int)i;
  return band;
}

double
scoring_gas_t(const double *x, const double *w, guint n, double rho)
{
  double wx = 0, sw = 0, sw2 = 0;
  for (guint i = 0; i < n; i++) {
    double weight = w != NULL ? w[i] : 1.0;
    wx += weight * x[i];
    sw += weight;
    sw2 += weight * weight;
  }
  return 50.0 + 10.0 * wx / sqrt((1.0 - rho) * sw2 + rho * sw * sw);
}

gboolean
scoring_item_score(const InstrumentDef *def, guint item, gint64 value, double *out_score)
{
  const InstrumentScaleValue *v = instrument_def_value(def, item, value);
  if (v == NULL || v->excluded)
    return FALSE;
  const InstrumentScale *scale = &def->scales[def->items[item].scale];
  double s = v->score;
  if (def->items[item].reverse && !v->flagged)
    s = scale->score_min + scale->score_max - s;
  *out_score = s;
  return TRUE;
}

static void
acc_add(Acc *acc, const InstrumentItem *item, const InstrumentScale *scale,
        const InstrumentScaleValue *v, const ScoreAnswer *answer)
{
  acc->items++;
  if (!answer->answered) {
    acc->missing++;
    return;
  }
  if (v->excluded) {
    acc->excluded++;
    return;
  }
  double s = v->score;
  if (item->reverse && !v->flagged)
    s = scale->score_min + scale->score_max - s;
  acc->answered++;
  if (v->flagged)
    acc->flagged++;
  acc->sum += s;
  acc->sum_min += scale->score_min;
  acc->sum_range += scale->score_max - scale->score_min;
  acc->wx += item->weight * s;
  acc->w += item->weight;
  acc->w2 += item->weight * item->weight;
}

static void
finish(const Acc *acc, const InstrumentScoring *scoring, ScoreResult *out)
{
  *out = (ScoreResult){
    .n_items = acc->items,
    .n_answered = acc->answered,
    .n_flagged = acc->flagged,
    .n_excluded = acc->excluded,
    .n_missing = acc->missing,
    .cutoff = -1,
  };
  if (acc->answered == 0 || acc->answered < scoring->min_answered)
    return;
  guint applicable = acc->items - acc->excluded;
  switch (scoring->method) {
  case SCORE_METHOD_SUM:
    out->score = acc->sum * (double)applicable / (double)acc->answered * scoring->factor;
    out->prorated = acc->answered < applicable;
    break;
  case SCORE_METHOD_MEAN:
    out->score = acc->sum / (double)acc->answered * scoring->factor;
    break;
  case SCORE_METHOD_PERCENT_OF_MAX:
    out->score = 100.0 * (acc->sum - acc->sum_min) / acc->sum_range;
    break;
  case SCORE_METHOD_GAS_T:
    out->score = 50.0 + 10.0 * acc->wx /
                          sqrt((1.0 - scoring->rho) * acc->w2 + scoring->rho * acc->w * acc->w);
    break;
  default:
    return;
  }
  out->has_score = TRUE;
  out->cutoff = scoring_cutoff(scoring, out->score);
}

gboolean
scoring_score(const InstrumentDef *def, const ScoreAnswer *answers, ScoreResult *total,
              ScoreResult *subscales, guint *bad_item)
{
  /* Subscales are few (Lovende praksis has eleven); a fixed buffer keeps
   * the function free of allocation for any definition the validator
   * lets through. */
  Acc all = {0};
  Acc parts[INSTRUMENT_MAX_SUBSCALES];
  guint n_parts = MIN(def->n_subscales, G_N_ELEMENTS(parts));
  for (guint i = 0; i < n_parts; i++)
    parts[i] = (Acc){0};

  for (guint i = 0; i < def->n_items; i++) {
    const InstrumentItem *item = &def->items[i];
    const InstrumentScale *scale = &def->scales[item->scale];
    const InstrumentScaleValue *v = NULL;
    if (answers[i].answered) {
      v = instrument_def_value(def, i, answers[i].value);
      if (v == NULL) {
        if (bad_item != NULL)
          *bad_item = i;
        return FALSE;
      }
    }
    acc_add(&all, item, scale, v, &answers[i]);
    if (item->subscale >= 0 && (guint)item->subscale < n_parts)
      acc_add(&parts[item->subscale], item, scale, v, &answers[i]);
  }

  if (total != NULL) {
    if (def->has_total) {
      finish(&all, &def->total, total);
    } else {
      *total = (ScoreResult){.n_items = all.items, .n_answered = all.answered,
                             .n_flagged = all.flagged, .n_excluded = all.excluded,
                             .n_missing = all.missing, .cutoff = -1};
    }
  }
  for (guint i = 0; subscales != NULL && i < n_parts; i++)
    finish(&parts[i], &def->subscales[i].scoring, &subscales[i]);
  return TRUE;
}
