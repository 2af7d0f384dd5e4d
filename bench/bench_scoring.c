/* bench_scoring.c — the spor side of bench/scoring.
 *
 *   bench_scoring generate URL N SEED
 *       records N measurements through the store (validated like any
 *       other), alternately with the built-in Lovende praksis and WHO-5
 *       definitions, with answers drawn from a seeded generator: mostly
 *       regular answers, some "Ved ikke", "Ikke relevant" and unanswered
 *       items; each measurement's total scored as the form would.
 *   bench_scoring score URL
 *       reads every stored answer of both instruments back from the
 *       database and scores each measurement (total and every subscale)
 *       with domain/scoring.c, timing the whole walk; prints one RESULT line
 *       per instrument with the counts and sums that the SQL aggregate in
 *       bench/scoring must match. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/instrument.h"
#include "domain/scoring.h"

#define N_CITIZENS 1000
#define BATCH 10000

static const char *const keys[] = {"lovende-praksis", "who-5"};

static void
die(const char *what, GError *error)
{
  fprintf(stderr, "bench_scoring: %s: %s\n", what, error ? error->message : "fejl");
  exit(1);
}

static InstrumentVersion *
load(StoreDb *db, const char *key)
{
  GError *error = NULL;
  gint64 id = 0;
  if (!store_instrument_find(db, key, 0, &id, &error))
    die(key, error);
  InstrumentVersion *version = instrument_version_load(db, id, &error);
  if (version == NULL)
    die(key, error);
  return version;
}

/* ---- generate ------------------------------------------------------------------- */

/* A value for an item: Lovende praksis 45 % Ja, 25 % Delvist, 15 % Nej,
 * 8 % Ved ikke, 5 % Ikke relevant, 2 % unanswered; WHO-5 uniform 0–5 and
 * 3 % unanswered. */
static gboolean
draw(GRand *rand, const InstrumentDef *def, guint item, gint64 *out)
{
  const InstrumentScale *scale = &def->scales[def->items[item].scale];
  int roll = g_rand_int_range(rand, 0, 100);
  if (def->kind == INSTRUMENT_KIND_PRACTICE_ASSESSMENT) {
    if (roll < 2)
      return FALSE;
    guint k = roll < 47 ? 0 : roll < 72 ? 1 : roll < 87 ? 2 : roll < 95 ? 3 : 4;
    *out = scale->values[MIN(k, scale->n_values - 1)].value;
    return TRUE;
  }
  if (roll < 3)
    return FALSE;
  *out = scale->values[g_rand_int_range(rand, 0, (gint32)scale->n_values)].value;
  return TRUE;
}

static gint64
check_id(gint64 id, const char *what, GError *error)
{
  if (id == 0)
    die(what, error);
  return id;
}

static int
generate(const char *url, gint64 n, guint32 seed)
{
  GError *error = NULL;
  StoreDb *db = store_open(url, &error);
  if (db == NULL || !store_require_current_schema(db, &error))
    die(url, error);
  InstrumentVersion *versions[2] = {load(db, keys[0]), load(db, keys[1])};

  if (!store_begin(db, STORE_TX_WRITE, &error))
    die("begin", error);
  gint64 org = check_id(store_organisation_create(db, "Benchkommune", "municipality", &error),
                        "organisation", error);
  gint64 offer = check_id(store_offer_create(db, org, "Benchtilbud", "residential_offer",
                                             &error), "offer", error);
  gint64 unit = check_id(store_unit_create(db, offer, "Benchhus", &error), "unit", error);
  StoreUserInput user = {.username = "bench", .display_name = "Bench"};
  gint64 staff = check_id(store_user_create(db, &user, &error), "user", error);
  if (!store_user_add_role(db, staff, SPOR_ROLE_STAFF, SPOR_SCOPE_UNIT, unit, &error))
    die("role", error);
  gint64 *citizens = g_new(gint64, N_CITIZENS);
  for (int i = 0; i < N_CITIZENS; i++) {
    char first[32];
    g_snprintf(first, sizeof first, "Borger%04d", i);
    StoreCitizenInput in = {.unit_id = unit, .first_name = first, .last_name = "Bench"};
    citizens[i] = check_id(store_citizen_create(db, staff, &in, &error), "citizen", error);
  }
  if (!store_commit(db, &error))
    die("commit", error);

  GRand *rand = g_rand_new_with_seed(seed);
  guint max_items = MAX(versions[0]->def->n_items, versions[1]->def->n_items);
  StoreAnswerInput *answers = g_new0(StoreAnswerInput, max_items);
  ScoreAnswer *scored = g_new0(ScoreAnswer, max_items);
  gint64 started = g_get_monotonic_time(), n_answers = 0;
  for (gint64 m = 0; m < n; m++) {
    if (m % BATCH == 0 && !store_begin(db, STORE_TX_WRITE, &error))
      die("begin", error);
    const InstrumentVersion *v = versions[m % 2];
    const InstrumentDef *def = v->def;
    for (guint i = 0; i < def->n_items; i++) {
      gint64 value = 0;
      gboolean answered = draw(rand, def, i, &value);
      answers[i] = (StoreAnswerInput){.item_id = v->item_ids[i], .has_value = answered,
                                      .value = (int)value};
      scored[i] = (ScoreAnswer){answered, value};
    }
    n_answers += def->n_items;
    ScoreResult total;
    if (!scoring_score(def, scored, &total, NULL, NULL))
      die("scoring", NULL);
    StoreMeasurementInput in = {
      .citizen_id = citizens[m % N_CITIZENS],
      .instrument_id = v->id,
      .measured_on = "2026-06-01",
      .point = "follow_up",
      .respondent = def->kind == INSTRUMENT_KIND_PRACTICE_ASSESSMENT ? "staff" : "citizen",
      .collection_method = "self_report",
      .status = "approved",
      .has_score = total.has_score,
      .score = total.score,
      .answers = answers,
      .n_answers = def->n_items,
    };
    if (store_measurement_create(db, staff, &in, &error) == 0)
      die("measurement", error);
    if ((m + 1) % BATCH == 0 || m + 1 == n) {
      if (!store_commit(db, &error))
        die("commit", error);
      if ((m + 1) % (BATCH * 10) == 0)
        fprintf(stderr, "  %" G_GINT64_FORMAT " målinger …\n", m + 1);
    }
  }
  double seconds = (double)(g_get_monotonic_time() - started) / 1e6;
  printf("genereret: %" G_GINT64_FORMAT " målinger med %" G_GINT64_FORMAT " svar på %.1f s "
         "(%.0f målinger/s gennem store_measurement_create)\n",
         n, n_answers, seconds, (double)n / seconds);
  g_free(answers);
  g_free(scored);
  g_free(citizens);
  g_rand_free(rand);
  instrument_version_free(versions[0]);
  instrument_version_free(versions[1]);
  store_close(db);
  return 0;
}

/* ---- score ---------------------------------------------------------------------- */

typedef struct Walk {
  const InstrumentVersion *version;
  GHashTable *index;        /* item row id → def index + 1 */
  ScoreAnswer *answers;
  ScoreResult *parts;
  gint64 current;
  gint64 measurements;
  gint64 n_totals, n_parts;
  double sum_totals, sum_parts;
} Walk;

static void
flush(Walk *w)
{
  if (w->current == 0)
    return;
  const InstrumentDef *def = w->version->def;
  ScoreResult total;
  if (!scoring_score(def, w->answers, &total, w->parts, NULL))
    die("scoring", NULL);
  w->measurements++;
  if (total.has_score) {
    w->n_totals++;
    w->sum_totals += total.score;
  }
  for (guint s = 0; s < def->n_subscales; s++) {
    if (w->parts[s].has_score) {
      w->n_parts++;
      w->sum_parts += w->parts[s].score;
    }
  }
  memset(w->answers, 0, sizeof(ScoreAnswer) * def->n_items);
}

static gboolean
on_answer(gint64 measurement_id, gint64 item_id, gboolean has_value, gint64 value, void *data)
{
  Walk *w = data;
  if (measurement_id != w->current) {
    flush(w);
    w->current = measurement_id;
  }
  guint index = GPOINTER_TO_UINT(g_hash_table_lookup(w->index, &item_id));
  if (index == 0)
    die("an answer to an item of another instrument", NULL);
  w->answers[index - 1] = (ScoreAnswer){has_value, value};
  return TRUE;
}

static int
score(const char *url)
{
  GError *error = NULL;
  StoreDb *db = store_open(url, &error);
  if (db == NULL || !store_require_current_schema(db, &error))
    die(url, error);
  gint64 all = 0;
  double all_seconds = 0;
  for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
    InstrumentVersion *v = load(db, keys[k]);
    Walk w = {.version = v,
              .index = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
              .answers = g_new0(ScoreAnswer, v->def->n_items),
              .parts = g_new0(ScoreResult, MAX(v->def->n_subscales, 1))};
    for (guint i = 0; i < v->def->n_items; i++)
      g_hash_table_insert(w.index, g_memdup2(&v->item_ids[i], sizeof(gint64)),
                          GUINT_TO_POINTER(i + 1));
    gint64 started = g_get_monotonic_time();
    if (!store_begin(db, STORE_TX_READ, &error) ||
        !store_measurement_answers_foreach(db, v->id, on_answer, &w, &error))
      die("reading the answers", error);
    flush(&w);
    store_rollback(db);
    double seconds = (double)(g_get_monotonic_time() - started) / 1e6;
    printf("RESULT %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %.6f %" G_GINT64_FORMAT
           " %.6f %.3f\n",
           keys[k], w.measurements, w.n_totals, w.sum_totals, w.n_parts, w.sum_parts, seconds);
    all += w.measurements;
    all_seconds += seconds;
    g_hash_table_unref(w.index);
    g_free(w.answers);
    g_free(w.parts);
    instrument_version_free(v);
  }
  printf("RESULT all %" G_GINT64_FORMAT " %.3f\n", all, all_seconds);
  store_close(db);
  return 0;
}

int
main(int argc, char **argv)
{
  if (argc == 5 && strcmp(argv[1], "generate") == 0)
    return generate(argv[2], g_ascii_strtoll(argv[3], NULL, 10),
                    (guint32)g_ascii_strtoull(argv[4], NULL, 10));
  if (argc == 3 && strcmp(argv[1], "score") == 0)
    return score(argv[2]);
  fprintf(stderr, "Brug: bench_scoring generate URL N SEED | bench_scoring score URL\n");
  return 2;
}
