/* demo_results.c — plans, measurements by plan, goals, diaries and
 * intensity logs for the demo (demo_results.h). */
#include "domain/demo_results.h"

#include <math.h>
#include <string.h>

#include "domain/due.h"
#include "domain/instrument.h"
#include "domain/scoring.h"

#define VUM "vum-livsomraader"
#define WHO5 "who-5"
#define MAX_ITEMS 16
#define MAX_POINTS 6
#define MAX_TASKS 3

#define PICK(rand, array) ((array)[g_rand_int_range((rand), 0, (gint32)G_N_ELEMENTS(array))])

/* One intervention's plan as the demo knows it (and has stored it). */
typedef struct DemoPlan {
  DemoStyle style;
  gint64 phase_ids[3];  /* stabilisation, primary_intervention, aftercare */
  DuePlanPoint points[MAX_POINTS];
  DueTask tasks[MAX_POINTS][MAX_TASKS];
  gsize n_points;
} DemoPlan;

/* A course kept for the second pass, with what its measurements were. */
typedef struct KeptCourse {
  DemoCourse c;
  DemoStyle style;
  char phase_on[3][11];      /* when it entered each phase; "" when it did not */
  char first_measured[11];   /* the first staff measurement, or "" */
  double start_levels[MAX_ITEMS];
  double last_levels[MAX_ITEMS];
  gboolean improving;
  GPtrArray *follow_up_dates; /* ISO dates of staff follow-ups (owned strings) */
} KeptCourse;

struct DemoResults {
  StoreDb *db;
  GRand *rand;
  GDate anchor;
  char today[11];
  InstrumentVersion *vum;
  InstrumentVersion *who5;
  GHashTable *plans;        /* intervention id (gint64*) → DemoPlan */
  GArray *courses;          /* KeptCourse */
};

static void
iso(const GDate *d, char out[11])
{
  g_snprintf(out, 11, "%04d-%02d-%02d", g_date_get_year(d), g_date_get_month(d),
             g_date_get_day(d));
}

static GDate
offset(const GDate *anchor, int days)
{
  GDate d = *anchor;
  if (days >= 0)
    g_date_add_days(&d, (guint)days);
  else
    g_date_subtract_days(&d, (guint)-days);
  return d;
}

static GDate
parse(const char *text)
{
  GDate d;
  g_date_clear(&d, 1);
  g_date_set_dmy(&d, (GDateDay)g_ascii_strtoull(text + 8, NULL, 10),
                 (GDateMonth)g_ascii_strtoull(text + 5, NULL, 10),
                 (GDateYear)g_ascii_strtoull(text, NULL, 10));
  return d;
}

static InstrumentVersion *
load_newest(StoreDb *db, const char *key, GError **error)
{
  gint64 id = 0;
  if (!store_instrument_find(db, key, 0, &id, error))
    return NULL;
  return instrument_version_load(db, id, error);
}

DemoResults *
demo_results_new(StoreDb *db, GRand *rand, const GDate *anchor, GError **error)
{
  DemoResults *dr = g_new0(DemoResults, 1);
  dr->db = db;
  dr->rand = rand;
  dr->anchor = *anchor;
  iso(anchor, dr->today);
  dr->plans = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  dr->courses = g_array_new(FALSE, TRUE, sizeof(KeptCourse));
  dr->vum = load_newest(db, VUM, error);
  dr->who5 = dr->vum ? load_newest(db, WHO5, error) : NULL;
  if (dr->who5 == NULL) {
    demo_results_free(dr);
    return NULL;
  }
  return dr;
}

void
demo_results_free(DemoResults *dr)
{
  if (dr == NULL)
    return;
  for (guint i = 0; dr->courses && i < dr->courses->len; i++)
    g_ptr_array_unref(g_array_index(dr->courses, KeptCourse, i).follow_up_dates);
  if (dr->courses)
    g_array_free(dr->courses, TRUE);
  if (dr->plans)
    g_hash_table_destroy(dr->plans);
  instrument_version_free(dr->vum);
  instrument_version_free(dr->who5);
  g_free(dr);
}

/* ---- Plans ---------------------------------------------------------------------- */

static const struct {
  const char *target_group;
  const char *inclusion;
  const char *exclusion;
} style_texts[] = {
  [DEMO_STYLE_RESIDENTIAL] = {
    "Voksne med psykiske vanskeligheder, der har brug for støtte døgnet rundt for at lære at "
    "bo selv: at holde en bolig, handle, lave mad og have en hverdag med faste rutiner.",
    "Visiteret efter SEL § 107 eller § 108. Ønsker selv at arbejde mod egen bolig.",
    "Behov for akut psykiatrisk behandling eller døgnovervågning."},
  [DEMO_STYLE_RECOVERY] = {
    "Voksne i bedring efter psykisk sygdom, som vil genvinde hverdagen på egne præmisser.",
    "Borgeren har selv valgt forløbet og kan deltage i samtaler hver uge.",
    "Aktivt misbrug, der står i vejen for samtalerne."},
  [DEMO_STYLE_SUPPORT] = {
    "Borgere i egen bolig, der har brug for socialpædagogisk støtte til at klare hverdagen.",
    "Visiteret efter SEL § 85 eller til efterværn.",
    "Behov for støtte om natten."},
  [DEMO_STYLE_YOUTH_HOME] = {
    "Unge fra 12 år, der ikke kan bo hjemme, med brug for tryghed, skolegang og hjælp til at "
    "håndtere konflikter.",
    "Anbragt efter SEL § 52. Kan gå i intern eller ekstern skole.",
    "Behov for sikret institution."},
  [DEMO_STYLE_TREATMENT] = {
    "Unge mellem 15 og 25 år med et problematisk forbrug af rusmidler.",
    "Den unge møder selv op eller henvises; forældre inddrages efter aftale.",
    "Behov for afrusning eller døgnbehandling."},
};

/* Adds one point to plan and to the store. */
static gboolean
add_point(DemoResults *dr, gint64 intervention_id, DemoPlan *plan, DueKind kind, int months,
          gint64 phase_id, int window, const DueTask *tasks, gsize n_tasks, GError **error)
{
  StorePlanTaskInput in_tasks[MAX_TASKS];
  for (gsize t = 0; t < n_tasks; t++)
    in_tasks[t] = (StorePlanTaskInput){tasks[t].instrument_key, tasks[t].respondent};
  StorePlanPointInput in = {.kind = due_kind_name(kind), .months = months, .phase_id = phase_id,
                            .window_days = window, .tasks = in_tasks, .n_tasks = n_tasks};
  gint64 id = store_plan_point_create(dr->db, 0, intervention_id, &in, error);
  if (id == 0)
    return FALSE;
  gsize p = plan->n_points++;
  for (gsize t = 0; t < n_tasks; t++)
    plan->tasks[p][t] = tasks[t];
  plan->points[p] = (DuePlanPoint){.id = id, .kind = kind, .months = months,
                                   .phase_id = phase_id, .window_days = window,
                                   .tasks = plan->tasks[p], .n_tasks = n_tasks};
  return TRUE;
}

gboolean
demo_results_intervention(DemoResults *dr, gint64 intervention_id, DemoStyle style,
                          GError **error)
{
  json_t *iv = store_intervention_get(dr->db, 0, intervention_id, error);
  if (iv == NULL)
    return FALSE;
  StoreInterventionInput text = {
    .name = json_string_value(json_object_get(iv, "name")),
    .description = json_string_value(json_object_get(iv, "description")),
    .target_group = style_texts[style].target_group,
    .inclusion_criteria = style_texts[style].inclusion,
    .exclusion_criteria = style_texts[style].exclusion,
  };
  DemoPlan *plan = g_new0(DemoPlan, 1);
  plan->style = style;
  static const char *const codes[3] = {"stabilisation", "primary_intervention", "aftercare"};
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(iv, "phases"), i, p)
    for (int k = 0; k < 3; k++)
      if (g_strcmp0(json_string_value(json_object_get(p, "code")), codes[k]) == 0)
        plan->phase_ids[k] = json_integer_value(json_object_get(p, "id"));
  gboolean ok = store_intervention_update(dr->db, 0, intervention_id, &text, error);
  json_decref(iv);
  static const DueTask staff[] = {{VUM, "staff"}};
  static const DueTask staff_self[] = {{VUM, "staff"}, {VUM, "citizen"}};
  static const DueTask staff_who5[] = {{VUM, "staff"}, {WHO5, "citizen"}};
  switch (style) {
  case DEMO_STYLE_RESIDENTIAL:
    ok = ok && add_point(dr, intervention_id, plan, DUE_START, 0, 0, 14, staff_self, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_FOLLOW_UP, 3, 0, 21, staff_self, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_PHASE_CHANGE, 0, plan->phase_ids[2], 21, staff,
                   1, error) &&
         add_point(dr, intervention_id, plan, DUE_END, 0, 0, 14, staff_self, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_AFTER_END, 6, 0, 30, staff, 1, error);
    break;
  case DEMO_STYLE_RECOVERY:
    ok = ok && add_point(dr, intervention_id, plan, DUE_START, 0, 0, 14, staff_who5, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_FOLLOW_UP, 3, 0, 21, staff_who5, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_END, 0, 0, 14, staff_who5, 2, error);
    break;
  case DEMO_STYLE_SUPPORT:
    ok = ok && add_point(dr, intervention_id, plan, DUE_START, 0, 0, 14, staff, 1, error) &&
         add_point(dr, intervention_id, plan, DUE_FOLLOW_UP, 6, 0, 30, staff, 1, error) &&
         add_point(dr, intervention_id, plan, DUE_END, 0, 0, 14, staff, 1, error);
    break;
  case DEMO_STYLE_YOUTH_HOME:
    ok = ok && add_point(dr, intervention_id, plan, DUE_START, 0, 0, 14, staff_self, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_FOLLOW_UP, 3, 0, 21, staff_self, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_END, 0, 0, 14, staff, 1, error);
    break;
  case DEMO_STYLE_TREATMENT:
  default:
    ok = ok && add_point(dr, intervention_id, plan, DUE_START, 0, 0, 7, staff_self, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_FOLLOW_UP, 3, 0, 14, staff_self, 2, error) &&
         add_point(dr, intervention_id, plan, DUE_END, 0, 0, 14, staff, 1, error) &&
         add_point(dr, intervention_id, plan, DUE_AFTER_END, 12, 0, 30, staff, 1, error);
    break;
  }
  if (!ok) {
    g_free(plan);
    return FALSE;
  }
  g_hash_table_insert(dr->plans, g_memdup2(&intervention_id, sizeof intervention_id), plan);
  return TRUE;
}

gboolean
demo_results_offer(DemoResults *dr, gint64 offer_id, const char *kind, GError **error)
{
  /* Every offer requires the end reason; the residential ones follow
   * the delindsatser during the course; floating support does not ask
   * about criminal records or ethnic background. */
  gboolean ok = store_offer_question_set(dr->db, 0, offer_id, "end", "end_reason", TRUE, TRUE,
                                         error);
  if (ok && g_strcmp0(kind, "residential_offer") == 0)
    ok = store_offer_question_set(dr->db, 0, offer_id, "during", "components", TRUE, TRUE, error);
  if (ok && g_strcmp0(kind, "home_support") == 0)
    ok = store_offer_question_set(dr->db, 0, offer_id, "start", "criminal_record", FALSE, FALSE,
                                  error) &&
         store_offer_question_set(dr->db, 0, offer_id, "start", "ethnic_background", FALSE,
                                  FALSE, error);
  return ok;
}

/* ---- Measurements by plan --------------------------------------------------------- */

/* Answers for version v from levels (one per item, on the item's scale),
 * with the total scored by v; `skip` leaves an item unanswered now and then. */
static void
answers_from(DemoResults *dr, const InstrumentVersion *v, const double *levels,
             StoreAnswerInput *answers, ScoreResult *total)
{
  const InstrumentDef *def = v->def;
  ScoreAnswer scored[MAX_ITEMS] = {{0}};
  for (guint i = 0; i < def->n_items && i < MAX_ITEMS; i++) {
    const InstrumentScale *scale = &def->scales[def->items[i].scale];
    gint64 value = CLAMP((gint64)lround(levels[i]), scale->value_min, scale->value_max);
    gboolean skip = g_rand_int_range(dr->rand, 0, 40) == 0;
    answers[i] = (StoreAnswerInput){.item_id = v->item_ids[i], .has_value = !skip,
                                    .value = (int)value};
    scored[i] = (ScoreAnswer){!skip, value};
  }
  scoring_score(def, scored, total, NULL, NULL);
}

/* A date for a measurement due on due_on: a few days either way, inside
 * its window, before today. */
static void
measure_date(DemoResults *dr, const DueExpected *e, char out[11])
{
  GDate due = parse(e->due_on), from = parse(e->window_from), to = parse(e->window_to);
  GDate yesterday = offset(&dr->anchor, -1);
  if (g_date_compare(&to, &yesterday) > 0)
    to = yesterday;
  GDate d = offset(&due, g_rand_int_range(dr->rand, -3, 6));
  if (g_date_compare(&d, &from) < 0)
    d = from;
  if (g_date_compare(&d, &to) > 0)
    d = to;
  iso(&d, out);
}

static gboolean
record(DemoResults *dr, const DemoCourse *c, DemoAddMeasurement add, void *data,
       const InstrumentVersion *v, const double *levels, const char *on, const char *point,
       const char *respondent, const char *method, gboolean draft, gint64 rater, GError **error)
{
  StoreAnswerInput answers[MAX_ITEMS];
  ScoreResult total = {0};
  answers_from(dr, v, levels, answers, &total);
  StoreMeasurementInput in = {
    .citizen_id = c->citizen_id,
    .course_id = c->course_id,
    .instrument_id = v->id,
    .measured_on = on,
    .point = point,
    .respondent = respondent,
    .collection_method = method,
    .status = draft ? "draft" : "approved",
    .has_score = total.has_score,
    .score = total.score,
    .answers = answers,
    .n_answers = MIN(v->def->n_items, MAX_ITEMS),
    .rater_user_id = rater,
  };
  return add(data, rater, &in, error) != 0;
}

static const char *
point_of(DueKind kind)
{
  switch (kind) {
  case DUE_START: return "start";
  case DUE_END: return "end";
  case DUE_AFTER_END: return "after_end";
  case DUE_FOLLOW_UP:
  case DUE_PHASE_CHANGE:
  default: return "follow_up";
  }
}

gboolean
demo_results_course(DemoResults *dr, const DemoCourse *c, DemoAddMeasurement add, void *data,
                    GError **error)
{
  DemoPlan *plan = g_hash_table_lookup(dr->plans, &c->intervention_id);
  if (plan == NULL)
    return TRUE;
  GRand *r = dr->rand;
  KeptCourse kept = {.c = *c, .style = plan->style};
  kept.follow_up_dates = g_ptr_array_new_with_free_func(g_free);
  GDate start = offset(&dr->anchor, c->start_offset);
  GDate end = offset(&dr->anchor, c->ended ? c->end_offset : -1);
  int span = (c->ended ? c->end_offset : 0) - c->start_offset;

  /* Phases: stabilisation from the start, the primary intervention after
   * six weeks to four months, aftercare toward the end. */
  iso(&start, kept.phase_on[0]);
  int primary = g_rand_int_range(r, 45, 121);
  int aftercare = c->ended ? span - g_rand_int_range(r, 20, 81)
                           : (span > 300 ? span * 3 / 4 + g_rand_int_range(r, -20, 21) : -1);
  if (primary < span - 5) {
    GDate d = offset(&start, primary);
    iso(&d, kept.phase_on[1]);
    if (aftercare > primary + 10 && aftercare < span) {
      d = offset(&start, aftercare);
      iso(&d, kept.phase_on[2]);
    }
  }
  DuePhase phases[3];
  gsize n_phases = 0;
  for (int k = 0; k < 3; k++)
    if (kept.phase_on[k][0] != '\0' && plan->phase_ids[k] != 0)
      phases[n_phases++] = (DuePhase){plan->phase_ids[k], kept.phase_on[k]};

  char start_iso[11], end_iso[11];
  iso(&start, start_iso);
  iso(&end, end_iso);
  DueCourse course = {.started_on = start_iso, .ended_on = c->ended ? end_iso : NULL,
                      .phases = phases, .n_phases = n_phases};
  g_autoptr(GArray) expected = due_derive(plan->points, plan->n_points, &course, NULL, 0,
                                          dr->today, 0);
  if (expected == NULL)
    return TRUE;

  /* How the support needs move: some improve, some stall, some get worse. */
  int roll = g_rand_int_range(r, 0, 100);
  double drift = roll < 45 ? -0.3 : roll < 80 ? 0.0 : 0.25;
  kept.improving = drift < 0;
  guint n_items = MIN(dr->vum->def->n_items, MAX_ITEMS);
  double level[MAX_ITEMS], own_bias = g_rand_double_range(r, -0.9, 0.5);
  for (guint i = 0; i < n_items; i++)
    level[i] = kept.start_levels[i] = g_rand_double_range(r, 1.5, 3.8);
  double wellbeing = g_rand_double_range(r, 1.0, 3.0);
  gboolean first_follow_up = TRUE, stepped = FALSE;
  char last_staff_due[11] = "";
  gboolean ok = TRUE;
  for (guint k = 0; ok && k < expected->len; k++) {
    const DueExpected *e = &g_array_index(expected, DueExpected, k);
    gboolean open = g_strcmp0(e->window_to, dr->today) >= 0;
    gboolean staff = g_strcmp0(e->respondent, "staff") == 0;
    gboolean vum = g_strcmp0(e->instrument_key, VUM) == 0;
    if (strcmp(e->due_on, dr->today) >= 0)
      continue;
    /* The levels move once per point in time, with the staff measurement. */
    if (staff && strcmp(last_staff_due, e->due_on) != 0) {
      if (stepped)
        for (guint i = 0; i < n_items; i++) {
          double next = level[i] + drift + g_rand_double_range(r, -0.45, 0.45);
          level[i] = CLAMP(next, 0.0, 4.0);
        }
      stepped = TRUE;
      double feeling = wellbeing - drift * 0.8 + g_rand_double_range(r, -0.4, 0.4);
      wellbeing = CLAMP(feeling, 0.0, 5.0);
      g_strlcpy(last_staff_due, e->due_on, sizeof last_staff_due);
    }
    gboolean always = e->kind == DUE_START || (e->kind == DUE_FOLLOW_UP && first_follow_up);
    int chance = staff ? (always ? 100 : 88) : (c->own_login ? 100 : 65);
    if (open)
      chance = c->own_login && !staff ? 100 : 50;
    if (g_rand_int_range(r, 0, 100) >= chance)
      continue;
    char on[11];
    measure_date(dr, e, on);
    if (staff) {
      if (e->kind == DUE_FOLLOW_UP)
        first_follow_up = FALSE;
      GDate d = parse(on);
      gboolean recent = g_date_days_between(&d, &dr->anchor) < 60;
      gboolean draft = recent && !c->own_login && g_rand_int_range(r, 0, 100) < 50;
      ok = record(dr, c, add, data, dr->vum, level, on, point_of(e->kind), "staff",
                  g_rand_boolean(r) ? "dialogue_interview" : "observation_conversation", draft,
                  c->staff_id, error);
      if (kept.first_measured[0] == '\0')
        g_strlcpy(kept.first_measured, on, sizeof kept.first_measured);
      if (e->kind == DUE_FOLLOW_UP)
        g_ptr_array_add(kept.follow_up_dates, g_strdup(on));
      memcpy(kept.last_levels, level, sizeof level);
      /* Calibration at the start in the residential offer: often a
       * colleague rates the citizen the same day, with their own random
       * numbers so that the rest of the demo stays as it was. */
      if (ok && e->kind == DUE_START && c->calibration_staff != 0 &&
          (plan->style == DEMO_STYLE_RESIDENTIAL || plan->style == DEMO_STYLE_RECOVERY)) {
        GRand *cr = g_rand_new_with_seed((guint32)c->course_id * 2654435761u);
        if (g_rand_int_range(cr, 0, 100) < 90) {
          double theirs[MAX_ITEMS];
          for (guint i = 0; i < n_items; i++)
            theirs[i] = CLAMP(level[i] + g_rand_double_range(cr, -0.75, 0.75), 0.0, 4.0);
          ok = record(dr, c, add, data, dr->vum, theirs, on, "start", "staff",
                      "dialogue_interview", FALSE, c->calibration_staff, error);
        }
        g_rand_free(cr);
      }
      /* In the youth home, colleagues rate the young person too. */
      for (int o = 0; ok && plan->style == DEMO_STYLE_YOUTH_HOME && o < 2; o++) {
        if (c->other_staff[o] == 0 || e->kind == DUE_START || g_rand_int_range(r, 0, 2) == 0)
          continue;
        double theirs[MAX_ITEMS];
        for (guint i = 0; i < n_items; i++)
          theirs[i] = level[i] + g_rand_double_range(r, -0.8, 0.8);
        ok = record(dr, c, add, data, dr->vum, theirs, on, point_of(e->kind), "staff",
                    "observation", FALSE, c->other_staff[o], error);
      }
    } else if (vum) {
      double own[MAX_ITEMS];
      for (guint i = 0; i < n_items; i++)
        own[i] = level[i] + own_bias + g_rand_double_range(r, -0.5, 0.5);
      ok = record(dr, c, add, data, dr->vum, own, on, point_of(e->kind), "citizen", "self_report",
                  FALSE, c->staff_id, error);
    } else {
      double items[MAX_ITEMS];
      for (guint i = 0; i < MAX_ITEMS; i++)
        items[i] = wellbeing + g_rand_double_range(r, -1.0, 1.0);
      ok = record(dr, c, add, data, dr->who5, items, on, point_of(e->kind), "citizen",
                  "self_report", FALSE, c->staff_id, error);
    }
  }
  if (!ok) {
    g_ptr_array_unref(kept.follow_up_dates);
    return FALSE;
  }
  if (kept.first_measured[0] == '\0')
    memcpy(kept.last_levels, kept.start_levels, sizeof kept.start_levels);
  g_array_append_val(dr->courses, kept);
  return TRUE;
}

/* ---- Goals, diaries, intensity --------------------------------------------------------- */

static const char *const plan_goal_titles[] = {
  "Kan bo i egen bolig med støtte efter § 85",
  "Får en stabil hverdag med faste rutiner",
  "Kommer i gang med uddannelse eller beskæftigelse",
  "Har et trygt netværk uden for tilbuddet",
};

static const char *const sub_goal_titles[] = {
  "Laver selv indkøbsliste og handler ind én gang om ugen",
  "Tager bussen alene til træning",
  "Står op til morgenmad på hverdage",
  "Ringer selv og aflyser, hvis en aftale ikke kan holdes",
};

static const struct {
  const char *title;
  const char *levels[5];
} gas_goals[] = {
  {"Møder op i skole",
   {"Kommer i skole under halvdelen af dagene", "Kommer i skole halvdelen af dagene",
    "Kommer i skole fire af fem dage", "Kommer i skole alle dage",
    "Kommer i skole alle dage og til tiden"}},
  {"Håndterer konflikter uden vold",
   {"To eller flere voldelige episoder om ugen", "Én voldelig episode om ugen",
    "Ingen vold, men verbale konflikter flere gange om ugen",
    "Få verbale konflikter, som den unge selv afslutter",
    "Søger selv en voksen, når en konflikt er på vej"}},
  {"Flere stoffrie dage",
   {"Under to stoffrie dage om ugen", "To til tre stoffrie dage om ugen",
    "Fire til fem stoffrie dage om ugen", "Seks stoffrie dage om ugen", "Stoffri hele ugen"}},
};

static const char *const staff_notes[] = {
  "Vi har talt om ugens indkøb, og borgeren lavede selv indkøbslisten.",
  "Urolig om aftenen. Vi gik en tur og talte om det, der fylder.",
  "God samtale om målene. Borgeren vil gerne øve sig i at tage bussen alene.",
  "Deltog i fællesspisningen og hjalp med opvasken.",
  "Aflyste aftalen på jobcentret; vi har lavet en ny aftale sammen.",
  "Har sovet dårligt i flere nætter. Aftalt at tale med lægen.",
  "Var selv til tandlæge i dag og fortalte stolt om det bagefter.",
};

static const char *const own_notes[] = {
  "Jeg har været i byen alene i dag og købt ind. Det gik godt.",
  "Jeg var træt i dag, men jeg fik ryddet op på mit værelse.",
  "Jeg glæder mig til at besøge min søster i weekenden.",
};

static const char *const components[] = {
  "Samtaler med kontaktperson, botræning, fællesspisning",
  "Individuelle samtaler og netværksmøder",
  "Samtaler, skolestøtte og fritidsaktiviteter",
};

/* The items of the life areas sorted by the start level, worst first. */
static void
worst_items(const KeptCourse *k, guint n_items, guint out[2])
{
  out[0] = 0;
  out[1] = n_items > 1 ? 1 : 0;
  for (guint i = 0; i < n_items; i++) {
    if (k->start_levels[i] > k->start_levels[out[0]]) {
      out[1] = out[0];
      out[0] = i;
    } else if (i != out[0] && k->start_levels[i] > k->start_levels[out[1]]) {
      out[1] = i;
    }
  }
}

static gboolean
finish_course(DemoResults *dr, KeptCourse *k, gint64 citizen_user_id, GError **error)
{
  GRand *r = dr->rand;
  DemoPlan *plan = g_hash_table_lookup(dr->plans, &k->c.intervention_id);
  const DemoCourse *c = &k->c;
  gint64 actor = c->staff_id;
  for (int p = 1; p < 3; p++)
    if (k->phase_on[p][0] != '\0' && plan->phase_ids[p] != 0 &&
        !store_course_change_phase(dr->db, actor, c->course_id, plan->phase_ids[p],
                                   k->phase_on[p], error))
      return FALSE;

  gint64 plan_goal = 0;
  if (c->caseworker_id != 0) {
    int n = g_rand_int_range(r, 1, 3);
    for (int g = 0; g < n; g++) {
      GDate follow_up = offset(&dr->anchor, g_rand_int_range(r, 20, 150));
      char on[11];
      iso(&follow_up, on);
      StoreActionPlanGoalInput in = {.title = plan_goal_titles[(g + c->citizen_id) %
                                                               G_N_ELEMENTS(plan_goal_titles)],
                                     .legal_basis = "SEL § 141", .follow_up_on = on};
      gint64 id = store_action_plan_goal_create(dr->db, c->caseworker_id, c->citizen_id, &in,
                                                error);
      if (id == 0)
        return FALSE;
      if (plan_goal == 0)
        plan_goal = id;
    }
  }

  /* Goals on the two life areas that needed most support at the start,
   * agreed at the start measurement. */
  const InstrumentDef *def = dr->vum->def;
  guint n_items = MIN(def->n_items, MAX_ITEMS);
  gint64 first_goal = 0;
  if (k->first_measured[0] != '\0') {
    guint worst[2];
    worst_items(k, n_items, worst);
    for (int g = 0; g < 2; g++) {
      guint item = worst[g];
      double baseline = CLAMP(lround(k->start_levels[item]), 0, 4);
      gboolean maintain = baseline <= 0.5;
      double target = maintain ? baseline : baseline - 1;
      double last = CLAMP(lround(k->last_levels[item]), 0, 4);
      GDate set = parse(k->first_measured);
      GDate target_day = set;
      g_date_add_months(&target_day, 6);
      char target_iso[11];
      iso(&target_day, target_iso);
      g_autofree char *title = g_strdup_printf("%s: fra %g til %g",
                                               instrument_text(&def->items[item].text, SPOR_LANG_DA),
                                               baseline, target);
      StoreGoalInput in = {
        .course_id = c->course_id,
        .action_plan_goal_id = g == 0 ? plan_goal : 0,
        .kind = "scale",
        .goal_type = maintain ? "maintain" : "improve",
        .title = title,
        .instrument_key = VUM,
        .item_key = def->items[item].id,
        .has_target = TRUE,
        .target_score = target,
        .set_on = k->first_measured,
        .target_date = target_iso,
        .status = !c->ended ? "active" : last <= target ? "reached" : "not_reached",
      };
      gint64 id = store_goal_create(dr->db, actor, &in, error);
      if (id == 0)
        return FALSE;
      if (first_goal == 0)
        first_goal = id;
    }
    if (first_goal != 0 && g_rand_int_range(r, 0, 100) < 60) {
      StoreGoalInput sub = {.course_id = c->course_id, .parent_goal_id = first_goal,
                            .kind = "text", .goal_type = "improve",
                            .title = PICK(r, sub_goal_titles), .set_on = k->first_measured,
                            .status = c->ended ? "reached" : "active"};
      if (store_goal_create(dr->db, actor, &sub, error) == 0)
        return FALSE;
    }
  }

  /* GAS goals where the young people work with them, rated at follow-ups. */
  if ((k->style == DEMO_STYLE_YOUTH_HOME || k->style == DEMO_STYLE_TREATMENT) &&
      k->first_measured[0] != '\0') {
    guint first = k->style == DEMO_STYLE_TREATMENT ? 2 : 0;
    guint n = k->style == DEMO_STYLE_TREATMENT ? 1 : 2;
    for (guint g = 0; g < n; g++) {
      StoreGoalInput in = {
        .course_id = c->course_id, .kind = "gas", .goal_type = "improve",
        .title = gas_goals[first + g].title, .set_on = k->first_measured,
        .status = c->ended ? "reached" : "active", .gas_weight = g == 0 ? 2 : 1,
      };
      for (int l = 0; l < 5; l++)
        in.gas_levels[l] = gas_goals[first + g].levels[l];
      gint64 id = store_goal_create(dr->db, actor, &in, error);
      if (id == 0)
        return FALSE;
      double level = -1.5;
      for (guint d = 0; d < k->follow_up_dates->len; d++) {
        level += k->improving ? 0.6 : 0.1;
        /* CLAMP evaluates its argument more than once: draw first. */
        long drawn = lround(level + g_rand_double_range(r, -0.6, 0.6));
        gint64 rated = CLAMP(drawn, -2, 2);
        if (store_gas_rating_add(dr->db, actor, id, g_ptr_array_index(k->follow_up_dates, d),
                                 rated, NULL, error) == 0)
          return FALSE;
      }
    }
  }

  if (c->ended)
    return TRUE;
  /* A running course: the diary, the intensity log, answers during. */
  int since = MIN(-c->start_offset, 60);
  int n_notes = g_rand_int_range(r, 2, 7);
  for (int n = 0; n < n_notes; n++) {
    GDate d = offset(&dr->anchor, -g_rand_int_range(r, 1, since + 1));
    char on[11];
    iso(&d, on);
    StoreDiaryInput in = {.citizen_id = c->citizen_id, .course_id = c->course_id,
                          .goal_id = g_rand_int_range(r, 0, 100) < 40 ? first_goal : 0,
                          .written_on = on, .body = PICK(r, staff_notes)};
    if (store_diary_add(dr->db, actor, &in, error) == 0)
      return FALSE;
  }
  for (int n = 0; c->own_login && citizen_user_id != 0 && n < 2; n++) {
    GDate d = offset(&dr->anchor, -(n * 9 + 2));
    char on[11];
    iso(&d, on);
    StoreDiaryInput in = {.citizen_id = c->citizen_id, .course_id = c->course_id,
                          .goal_id = n == 0 ? first_goal : 0, .written_on = on,
                          .body = own_notes[n % G_N_ELEMENTS(own_notes)]};
    if (store_diary_add(dr->db, citizen_user_id, &in, error) == 0)
      return FALSE;
  }
  for (int week = 8; week >= 1; week--) {
    int day = -week * 7 + g_rand_int_range(r, 0, 5);
    if (day < c->start_offset)
      continue;
    GDate d = offset(&dr->anchor, day);
    char on[11];
    iso(&d, on);
    if (store_intensity_add(dr->db, actor, c->course_id, on, "individual",
                            g_rand_boolean(r) ? 45 : 60, NULL, error) == 0)
      return FALSE;
    if (g_rand_int_range(r, 0, 100) < 30 &&
        store_intensity_add(dr->db, actor, c->course_id, on, "group", 90, NULL, error) == 0)
      return FALSE;
  }
  if (g_rand_int_range(r, 0, 100) < 50) {
    GDate d = offset(&dr->anchor, -g_rand_int_range(r, 1, since + 1));
    char on[11];
    iso(&d, on);
    if (store_course_answer_add(dr->db, actor, c->course_id, "during", "components",
                                PICK(r, components), on, error) == 0)
      return FALSE;
  }
  return TRUE;
}

gboolean
demo_results_finish(DemoResults *dr, gint64 citizen_user_id, GError **error)
{
  for (guint i = 0; i < dr->courses->len; i++)
    if (!finish_course(dr, &g_array_index(dr->courses, KeptCourse, i), citizen_user_id, error))
      return FALSE;
  return TRUE;
}
