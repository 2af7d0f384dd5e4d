/* fuzz_instrument.c — instrument definitions: arbitrary bytes read as spor's
 * definition format or a FHIR Questionnaire (instrument_def_parse_any).
 * Refused input must come with problems; accepted input must keep every
 * promise of instrument_def.h, score without fault, write itself out and
 * read back equal, and go through FHIR and back scoring the same.  Aborts
 * on any broken promise. */
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/fhir.h"
#include "domain/instrument.h"
#include "domain/scoring.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A g_critical() or g_warning() from the code under test is a finding. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_invariants(const InstrumentDef *def)
{
  if (def->n_items == 0 || def->n_scales == 0 || def->id == NULL || def->name.da == NULL)
    abort();
  for (guint s = 0; s < def->n_scales; s++)
    if (!(def->scales[s].score_min < def->scales[s].score_max))
      abort();
  guint *counts = g_new0(guint, def->n_subscales + 1);
  for (guint i = 0; i < def->n_items; i++) {
    const InstrumentItem *item = &def->items[i];
    if (item->scale >= def->n_scales || item->subscale >= (int)def->n_subscales ||
        item->subscale < -1 || !(item->weight > 0) || item->text.da == NULL)
      abort();
    if (item->subscale >= 0)
      counts[item->subscale]++;
  }
  for (guint s = 0; s < def->n_subscales; s++)
    if (counts[s] != def->subscales[s].n_items || counts[s] == 0 ||
        def->subscales[s].scoring.min_answered > counts[s])
      abort();
  g_free(counts);
}

/* Scores three answer patterns; every score given must be finite. */
static void
score_patterns(const InstrumentDef *def, double *out_first_total, gboolean *out_has)
{
  ScoreAnswer *answers = g_new0(ScoreAnswer, def->n_items);
  ScoreResult *parts = g_new0(ScoreResult, def->n_subscales + 1);
  ScoreResult total;
  for (int pattern = 0; pattern < 3; pattern++) {
    for (guint i = 0; i < def->n_items; i++) {
      const InstrumentScale *scale = &def->scales[def->items[i].scale];
      guint k = pattern == 0 ? 0 : (i * 7u + (guint)pattern) % scale->n_values;
      answers[i] = (ScoreAnswer){pattern != 2 || i % 2 == 0, scale->values[k].value};
    }
    if (!scoring_score(def, answers, &total, parts, NULL))
      abort();
    if (total.has_score && !isfinite(total.score))
      abort();
    for (guint s = 0; s < def->n_subscales; s++)
      if (parts[s].has_score && !isfinite(parts[s].score))
        abort();
    if (pattern == 0) {
      *out_first_total = total.score;
      *out_has = total.has_score;
    }
  }
  /* A value off every scale is refused. */
  answers[0] = (ScoreAnswer){TRUE, 2000000};
  if (scoring_score(def, answers, &total, parts, NULL))
    abort();
  g_free(parts);
  g_free(answers);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GPtrArray *problems = instrument_problems_new();
  gboolean fhir = FALSE;
  InstrumentDef *def = instrument_def_parse_any((const char *)data, size, &fhir, problems);
  if ((def == NULL) != (problems->len > 0))
    abort();
  char *lines = instrument_problems_join(problems, "> ");
  g_free(lines);
  g_ptr_array_unref(problems);
  if (def == NULL)
    return 0;

  check_invariants(def);
  double first = 0;
  gboolean has = FALSE;
  score_patterns(def, &first, &has);

  /* Written out and read back: the same definition. */
  char *text = instrument_def_to_text(def);
  problems = instrument_problems_new();
  InstrumentDef *again = instrument_def_parse(text, strlen(text), problems);
  if (again == NULL || !json_equal(again->json, def->json))
    abort();
  instrument_def_free(again);
  g_ptr_array_unref(problems);
  g_free(text);

  /* Through FHIR and back: read again, scoring the same. */
  text = fhir_questionnaire_text(def);
  problems = instrument_problems_new();
  InstrumentDef *back = instrument_def_parse_any(text, strlen(text), NULL, problems);
  if (back == NULL || back->n_items != def->n_items)
    abort();
  double back_first = 0;
  gboolean back_has = FALSE;
  score_patterns(back, &back_first, &back_has);
  if (back_has != has || (has && back_first != first))
    abort();
  instrument_def_free(back);
  g_ptr_array_unref(problems);
  g_free(text);
  instrument_def_free(def);
  return 0;
}
