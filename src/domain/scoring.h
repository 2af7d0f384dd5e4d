/* scoring.h — scores from answers, exactly as an instrument definition
 * says.  Pure: no I/O, no allocation, no global state, so the same
 * function scores one measurement in a request and a million in a
 * benchmark, and is tested against values worked out by hand.
 *
 * Per answered item (an answer whose value is on the item's scale):
 *  - an excluded value ("Ikke relevant") does not count at all: the item
 *    leaves the set it is scored in, and is not missing either;
 *  - a flagged value ("Ved ikke") counts with its own score and is noted;
 *  - a regular value counts with its score, reversed for a reverse-scored
 *    item: min + max − score over the scale's regular values.  A flagged
 *    value is never reversed (not knowing earns the same either way).
 *
 * Per set of items (each subscale, and the total over every item):
 *  - fewer answered items than min_answered (or none) gives no score;
 *  - sum:            Σs × applicable / answered × factor, where applicable
 *                    is the set's items minus the excluded ones, so missing
 *                    answers are prorated;
 *  - mean:           Σs / answered × factor;
 *  - percent_of_max: 100 × Σ(s − minᵢ) / Σ(maxᵢ − minᵢ) over the answered
 *                    items, minᵢ and maxᵢ being each item's scale range;
 *  - gas_t:          T = 50 + 10·Σwᵢxᵢ / √((1−ρ)Σwᵢ² + ρ(Σwᵢ)²) over the
 *                    answered goals, x the level score and w the weight
 *                    (Kiresuk & Sherman 1968; ρ = 0.3 unless given). */
#pragma once

#include <glib.h>

#include "domain/instrument_def.h"

/* The answer to one item; items without an answer have answered FALSE. */
typedef struct ScoreAnswer {
  gboolean answered;
  gint64 value;
} ScoreAnswer;

typedef struct ScoreResult {
  gboolean has_score; /* FALSE: too few answers */
  double score;
  guint n_items;      /* items in the set */
  guint n_answered;   /* answered with a value that counts (flagged included) */
  guint n_flagged;    /* of those, flagged */
  guint n_excluded;   /* answered with an excluded value */
  guint n_missing;    /* not answered */
  gboolean prorated;  /* a sum scaled up for missing answers */
  int cutoff;         /* the cut-off band the score lies in, or -1 */
} ScoreResult;

/* Scores answers, one per item of def in item order.  total (may be NULL)
 * receives the total (has_score FALSE when def has none); subscales (may
 * be NULL) must have room for def->n_subscales results.  Returns FALSE,
 * with the item's index in *bad_item (may be NULL), when an answer's value
 * is not on its item's scale; the results are then undefined. */
gboolean scoring_score(const InstrumentDef *def, const ScoreAnswer *answers, ScoreResult *total,
                       ScoreResult *subscales, guint *bad_item);

/* The score an answered value counts with for the item (reversed when the
 * item is); FALSE for an excluded or unknown value. */
gboolean scoring_item_score(const InstrumentDef *def, guint item, gint64 value,
                            double *out_score);

/* The GAS T-score of n goals with levels x and weights w (NULL: all 1). */
double scoring_gas_t(const double *x, const double *w, guint n, double rho);

/* The index of the cut-off band score lies in, or -1 below the first. */
int scoring_cutoff(const InstrumentScoring *scoring, double score);
