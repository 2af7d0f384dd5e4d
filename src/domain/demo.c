/* demo.c — the demo data generator behind `spor demo`.
 *
 * Everything is drawn from one GRand seeded with the user's seed, and all
 * dates are offsets from an anchor date (today unless the caller pins it),
 * so the same seed and anchor always give the same database, on either
 * backend.  Names are invented by combining common Danish first and last
 * names (and, for the national data set, Danish-sounding place names); no
 * real person or place is described.
 *
 * Below NATIONAL_FROM citizens, the demo is the small, hand-made one of
 * two organisations and four offers, written row by row through the
 * store's one-row functions, with the whole of results documentation
 * (demo_results.h): measurement plans, measurements that follow them,
 * phases, goals, handleplan goals, diaries and the citizen login's
 * self-assessments.
 *
 * From NATIONAL_FROM citizens on, the tree grows with the data: one offer
 * per CITIZENS_PER_OFFER citizens (about 2,000 for a million), twenty
 * offers to a municipality (about 100), and courses run longer with a
 * follow-up every one to four months (about ten measurements each).
 * Citizens, courses and measurements then go in through a StoreLoader,
 * which checks each row the same way and writes them a batch at a time;
 * a commit every DEMO_BATCH citizens keeps memory bounded.  The national
 * data set is for the national figures: the life areas, measured by staff,
 * and one or two goals per course on the life areas that needed most
 * support at the start (Figur 10's goal attainment), without plans or
 * diaries. */
#include "domain/demo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/auth.h"
#include "domain/demo_practice.h"
#include "domain/demo_results.h"
#include "store/quality.h"
#include "store/team.h"

#define INSTRUMENT_KEY "vum-livsomraader"
#define DEMO_BATCH 2000
#define NATIONAL_FROM 2500
#define CITIZENS_PER_OFFER 500
#define OFFERS_PER_MUNICIPALITY 20

static const DemoLogin logins[] = {
  {"admin", "Administrator", "opretter organisationer, brugere og instrumenter"},
  {"leder", "Leder", "leder af Bostedet Kastanjehuset (begge huse)"},
  {"mette", "Medarbejder", "kontaktperson i Kastanjehuset, Hus A"},
  {"jonas", "Medarbejder", "kontaktperson i Kastanjehuset, Hus B"},
  {"borger", "Borger", "en beboer i Hus A, ser sine egne mål og målinger"},
  {"sagsbehandler", "Myndighed", "rådgiver i Søndervig Kommune med tildelte borgere"},
};

const DemoLogin *
demo_logins(gsize *out_n)
{
  *out_n = G_N_ELEMENTS(logins);
  return logins;
}

/* ---- The organisation tree ------------------------------------------- */

typedef struct {
  const char *name;
  const char *kind;
  int organisation;         /* index into organisations */
  const char *units[2];
  const char *interventions[2];
  DemoStyle styles[2];      /* of the interventions: their plans and goals */
  int age_min, age_max;     /* of its citizens */
} OfferSpec;

static const struct {
  const char *name;
  const char *kind;
} organisations[] = {
  {"Søndervig Kommune", "municipality"},
  {"Fonden Lyngbakken", "private"},
};

static const OfferSpec offers[] = {
  {"Bostedet Kastanjehuset", "residential_offer", 0, {"Hus A", "Hus B"},
   {"Botræning (SEL § 107)", "Recovery-forløb"}, {DEMO_STYLE_RESIDENTIAL, DEMO_STYLE_RECOVERY},
   19, 70},
  {"Bostøtten Nord", "home_support", 0, {"Team Nord", "Team Syd"},
   {"Socialpædagogisk støtte (SEL § 85)", NULL}, {DEMO_STYLE_SUPPORT, DEMO_STYLE_SUPPORT}, 18, 80},
  {"Opholdsstedet Fyrreklit", "residential_institution", 1, {"Afdeling Ung", "Udslusning"},
   {"Døgnophold", "Efterværn"}, {DEMO_STYLE_YOUTH_HOME, DEMO_STYLE_SUPPORT}, 12, 22},
  {"Rådgivningen Broen", "counselling", 1, {"Rådgivning", NULL},
   {"Rusmiddelbehandling for unge", NULL}, {DEMO_STYLE_TREATMENT, DEMO_STYLE_TREATMENT}, 15, 25},
};

/* The places and houses of the generated municipalities and offers. */
static const char *const town_starts[] = {
  "Ege", "Birke", "Bøge", "Hassel", "Lynge", "Sand", "Sten", "Vester", "Øster", "Nørre",
  "Sønder", "Hav", "Fjord", "Skov", "Mølle", "Kilde", "Ravns", "Hjorte", "Tved", "Rønne",
  "Ask", "Elle",
};
static const char *const town_ends[] = {
  "by", "rup", "lev", "sted", "havn", "bjerg", "strup", "løse", "inge", "ager", "holm",
  "vig", "mose", "tofte",
};
static const char *const house_names[] = {
  "Solhøj", "Egely", "Bakkehuset", "Lindegården", "Fyrrebakken", "Havblik", "Engly",
  "Skovbo", "Lærkereden", "Kastanjen", "Rosenhaven", "Birkely", "Mågereden", "Nøddelunden",
  "Strandvejen", "Toftegården", "Pilehuset", "Kildebo", "Hyldebærhuset", "Anemonen",
  "Granly", "Vibehuset", "Bøgelund", "Ellehøj", "Stjernen", "Sommerfuglen", "Ankeret",
  "Fyrtårnet", "Udsigten", "Hjertebo",
};

/* ---- Invented people ---------------------------------------------------- */

static const char *const female_names[] = {
  "Anna", "Sofie", "Emma", "Ida", "Freja", "Clara", "Laura", "Karen", "Mette", "Lene",
  "Maja", "Signe", "Camilla", "Louise", "Julie", "Sara", "Katrine", "Birgitte", "Helle",
  "Tove", "Inger", "Nanna", "Astrid", "Cecilie", "Marianne", "Rikke", "Pernille", "Line",
};
static const char *const male_names[] = {
  "Mads", "Jonas", "Frederik", "Lucas", "Oliver", "Mikkel", "Rasmus", "Anders", "Søren",
  "Jens", "Niels", "Peter", "Henrik", "Thomas", "Martin", "Kasper", "Emil", "Magnus",
  "William", "Christian", "Lars", "Morten", "Jesper", "Bo", "Kim", "Tobias", "Malthe",
};
static const char *const last_names[] = {
  "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
  "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
  "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
  "Mikkelsen", "Frederiksen", "Lund", "Holm", "Schmidt", "Eriksen", "Dahl", "Bach",
  "Kjær", "Lauridsen", "Vestergaard", "Nørgaard", "Skov", "Bertelsen",
};

static const char *const referral_bases[] = {
  "SEL § 107, midlertidigt botilbud", "SEL § 108, længerevarende botilbud",
  "SEL § 85, socialpædagogisk støtte", "SEL § 52, anbringelse uden for hjemmet",
  "SEL § 101, stofmisbrugsbehandling", "Handleplan efter SEL § 141",
};
static const char *const diagnoses[] = {
  "Ingen kendte", "Skizofreni", "Depression", "Angst", "ADHD", "Autismespektrumforstyrrelse",
  "Personlighedsforstyrrelse", "Let udviklingshæmning", "Erhvervet hjerneskade",
};
static const char *const educations[] = {
  "Grundskole", "Ikke afsluttet grundskole", "Gymnasial uddannelse",
  "Erhvervsuddannelse", "Påbegyndt erhvervsuddannelse", "Kort videregående uddannelse",
};
static const char *const occupations[] = {
  "Førtidspension", "Kontanthjælp", "Ressourceforløb", "Fleksjob", "Under uddannelse",
  "I skole", "Ledig", "Deltidsarbejde",
};
static const char *const housings[] = {
  "Botilbud", "Egen lejlighed", "Bor hos forældre", "Opholdssted", "Hjemløs", "Værelse",
};
static const char *const cohabitations[] = {"Enlig", "Samboende", "Gift", "Bor med forældre"};
static const char *const family_situations[] = {
  "Ingen kontakt til familie", "Sporadisk kontakt til familie", "God kontakt til familie",
  "Har børn, som ikke bor hjemme", "Søskende i pleje",
};
static const char *const mother_tongues[] = {"Dansk", "Dansk", "Dansk", "Dansk", "Arabisk",
                                             "Tyrkisk", "Polsk", "Somali"};
static const char *const end_reasons[] = {
  "Forløbet er gennemført", "Forløbet er gennemført", "Forløbet er gennemført",
  "Afbrudt af borgeren", "Flyttet til andet tilbud", "Behov ændret",
};
static const char *const discharged_to[] = {
  "Egen bolig med bostøtte (SEL § 85)", "Egen bolig uden støtte", "Længerevarende botilbud",
  "Efterværn", "Uddannelse",
};

#define PICK(rand, array) ((array)[g_rand_int_range((rand), 0, (gint32)G_N_ELEMENTS(array))])

/* An ISO date `days` after (or before) anchor; newly allocated. */
static char *
date_add_days(const GDate *anchor, int days)
{
  GDate d = *anchor;
  if (days >= 0)
    g_date_add_days(&d, (guint)days);
  else
    g_date_subtract_days(&d, (guint)-days);
  return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(&d), g_date_get_month(&d),
                         g_date_get_day(&d));
}

/* How a citizen's support needs move from one measurement to the next. */
typedef enum { TRAJECTORY_IMPROVE, TRAJECTORY_STALL, TRAJECTORY_WORSEN } Trajectory;

/* One offer as generated: its template (kind, units, interventions, ages),
 * its name, and what was made for it. */
typedef struct {
  const OfferSpec *spec;
  char *name;              /* the offer's name */
  gint64 organisation_id;
  gint64 offer_id;
  gint64 unit_ids[2];
  gint64 intervention_ids[2];
  gint64 staff_ids[3];
  int staff_unit[3];       /* index into unit_ids */
} OfferRun;

typedef struct {
  StoreDb *db;
  StoreLoader *loader;
  GRand *rand;
  GDate anchor;
  gboolean national;      /* the national data set (see the top) */
  gint64 actor_id;        /* the staff member who records measurements */
  gint64 instrument_id;
  gint64 item_ids[16];
  char *item_keys[16];
  char *item_names[16];
  guint n_items;
  OfferRun *offers;
  guint n_offers;
  /* Authority links to make once their citizens are written. */
  gint64 caseworker_id;
  GArray *assign;         /* citizen ids */
  gint64 leader_id;       /* "leder", who records the practice development */
  DemoResults *results;   /* the small demo's plans, goals, diaries (demo_results.h) */
} DemoRun;

/* Writes a measurement of the plan (demo_results.c). */
static gint64
add_measurement(void *data, gint64 rater_user_id, const StoreMeasurementInput *input,
                GError **error)
{
  DemoRun *run = data;
  (void)rater_user_id;
  return store_measurement_create(run->db, run->actor_id, input, error);
}

/* The national data set's goals of one course, agreed at its start
 * measurement (start_id, on start_on): one or two on the life areas that
 * needed most support then (start_value, -1 when not assessed; 0–4, lower
 * is better), to improve by one or two steps, or to hold a life area without
 * support needs; a few cancelled.  Ended courses' goals are reached or
 * not by the last values (last_value). */
static gboolean
add_goals(DemoRun *run, gint64 start_id, const char *start_on, const int *start_value,
          const int *last_value, gboolean ended, GError **error)
{
  GRand *r = run->rand;
  int n_goals = g_rand_int_range(r, 0, 100) < 60 ? 1 : 2;
  gboolean taken[16] = {FALSE};
  for (int g = 0; g < n_goals; g++) {
    int worst = -1;
    for (guint i = 0; i < run->n_items; i++)
      if (!taken[i] && start_value[i] >= 0 && (worst < 0 || start_value[i] > start_value[worst]))
        worst = (int)i;
    if (worst < 0)
      break;
    taken[worst] = TRUE;
    int baseline = start_value[worst];
    gboolean maintain = baseline == 0 || g_rand_int_range(r, 0, 100) < 10;
    /* Some aim two steps down, where the life area leaves room. */
    int step = baseline >= 2 && g_rand_int_range(r, 0, 100) < 40 ? 2 : 1;
    int target = maintain ? baseline : baseline - step;
    GDate due;
    g_date_clear(&due, 1);
    g_date_set_dmy(&due, (GDateDay)atoi(start_on + 8), (GDateMonth)atoi(start_on + 5),
                   (GDateYear)atoi(start_on));
    g_date_add_months(&due, 6);
    char due_iso[16];
    g_snprintf(due_iso, sizeof due_iso, "%04d-%02d-%02d", g_date_get_year(&due),
               g_date_get_month(&due), g_date_get_day(&due));
    g_autofree char *title = g_strdup_printf("%s: fra %d til %d", run->item_names[worst],
                                             baseline, target);
    const char *status = g_rand_int_range(r, 0, 100) < 3 ? "cancelled"
                         : !ended                        ? "active"
                         : last_value[worst] >= 0 && last_value[worst] <= target ? "reached"
                                                                                 : "not_reached";
    StoreGoalInput input = {
      .kind = "scale",
      .goal_type = maintain ? "maintain" : "improve",
      .title = title,
      .instrument_key = INSTRUMENT_KEY,
      .item_key = run->item_keys[worst],
      .has_target = TRUE,
      .target_score = target,
      .target_date = due_iso,
      .status = status,
    };
    if (store_loader_add_goal(run->loader, run->actor_id, start_id, &input, error) == 0)
      return FALSE;
  }
  return TRUE;
}

/* Records the national data set's measurements of one course; returns
 * FALSE on store error. */
static gboolean
add_measurements(DemoRun *run, gint64 citizen_id, gint64 course_id, int start_offset,
                 int end_offset, gboolean ended, GError **error)
{
  GRand *r = run->rand;
  int roll = g_rand_int_range(r, 0, 100);
  Trajectory trajectory = roll < 45 ? TRAJECTORY_IMPROVE : roll < 80 ? TRAJECTORY_STALL
                                                                     : TRAJECTORY_WORSEN;
  double drift = trajectory == TRAJECTORY_IMPROVE ? -0.3 : trajectory == TRAJECTORY_WORSEN ? 0.25
                                                                                         : 0.0;
  double level[16];
  for (guint i = 0; i < run->n_items; i++)
    level[i] = g_rand_double_range(r, 1.5, 3.8);

  /* 2–8 measurements; 6–14 in the national data set. */
  int wanted = run->national ? g_rand_int_range(r, 6, 15) : g_rand_int_range(r, 2, 9);
  int span = end_offset - start_offset;
  int interval = span / MAX(wanted - 1, 1);
  interval = CLAMP(interval, 30, 120);
  int n = MIN(wanted, span / interval + 1);
  n = MAX(n, 2);
  gint64 start_id = 0;
  int start_value[16], last_value[16];
  g_autofree char *start_on = NULL;
  for (int m = 0; m < n; m++) {
    int offset = MIN(start_offset + m * interval + g_rand_int_range(r, -5, 6), end_offset);
    if (m == 0)
      offset = start_offset;
    g_autofree char *on = date_add_days(&run->anchor, offset);
    const char *point = m == 0 ? "start" : (ended && m == n - 1) ? "end" : "follow_up";
    StoreAnswerInput answers[16];
    double sum = 0;
    int answered = 0;
    for (guint i = 0; i < run->n_items; i++) {
      if (m > 0) {
        double next = level[i] + drift + g_rand_double_range(r, -0.45, 0.45);
        level[i] = CLAMP(next, 0.0, 4.0);
      }
      gboolean skip = g_rand_int_range(r, 0, 40) == 0; /* now and then not assessed */
      int value = (int)lround(level[i]);
      answers[i] = (StoreAnswerInput){.item_id = run->item_ids[i], .has_value = !skip,
                                      .value = value};
      if (m == 0)
        start_value[i] = skip ? -1 : value;
      last_value[i] = skip ? -1 : value;
      if (!skip) {
        sum += value;
        answered++;
      }
    }
    StoreMeasurementInput input = {
      .citizen_id = citizen_id,
      .course_id = course_id,
      .instrument_id = run->instrument_id,
      .measured_on = on,
      .point = point,
      .respondent = "staff",
      .collection_method = g_rand_boolean(r) ? "dialogue_interview" : "observation_conversation",
      .status = "approved",
      .has_score = answered > 0,
      .score = answered > 0 ? round(sum / answered * 100.0) / 100.0 : 0.0,
      .answers = answers,
      .n_answers = run->n_items,
    };
    gint64 id = store_loader_add_measurement(run->loader, run->actor_id, &input, error);
    if (id == 0)
      return FALSE;
    if (m == 0) {
      start_id = id;
      start_on = g_strdup(on);
    }
  }
  return add_goals(run, start_id, start_on, start_value, last_value, ended, error);
}

/* Creates a user with the demo password hash and one role. */
static gint64
add_user(StoreDb *db, const char *username, const char *display_name, const char *hash,
         SporRole role, SporScopeKind kind, gint64 scope_id, gint64 citizen_id, GError **error)
{
  StoreUserInput input = {.username = username, .display_name = display_name,
                          .password_hash = hash, .citizen_id = citizen_id};
  gint64 id = store_user_create(db, &input, error);
  if (id == 0 || !store_user_add_role(db, id, role, kind, scope_id, error))
    return 0;
  return id;
}

/* The offers: the four hand-made ones, and in the national data set one
 * more per CITIZENS_PER_OFFER citizens in municipalities of their own,
 * with invented names. */
static gboolean
make_offers(DemoRun *run, guint citizens, GError **error)
{
  StoreDb *db = run->db;
  GRand *r = run->rand;
  guint extra = citizens >= NATIONAL_FROM ? citizens / CITIZENS_PER_OFFER - G_N_ELEMENTS(offers)
                                          : 0;
  run->n_offers = G_N_ELEMENTS(offers) + extra;
  run->offers = g_new0(OfferRun, run->n_offers);

  gint64 org_ids[G_N_ELEMENTS(organisations)];
  for (guint o = 0; o < G_N_ELEMENTS(organisations); o++)
    if ((org_ids[o] = store_organisation_create(db, organisations[o].name,
                                                organisations[o].kind, error)) == 0)
      return FALSE;
  for (guint f = 0; f < G_N_ELEMENTS(offers); f++) {
    run->offers[f].spec = &offers[f];
    run->offers[f].name = g_strdup(offers[f].name);
    run->offers[f].organisation_id = org_ids[offers[f].organisation];
  }

  /* Generated municipalities: distinct invented town names. */
  guint n_towns = G_N_ELEMENTS(town_starts) * G_N_ELEMENTS(town_ends);
  g_autofree guint *towns = g_new(guint, n_towns);
  for (guint i = 0; i < n_towns; i++)
    towns[i] = i;
  for (guint i = n_towns - 1; extra > 0 && i > 0; i--) {
    guint k = (guint)g_rand_int_range(r, 0, (gint32)i + 1), t = towns[i];
    towns[i] = towns[k];
    towns[k] = t;
  }
  static const char *const prefixes[] = {"Bostedet", "Bostøtten", "Opholdsstedet",
                                         "Rådgivningen"};
  static const guint kind_weights[] = {35, 35, 15, 15};
  gint64 municipality = 0;
  g_autofree char *town = NULL;
  for (guint k = 0; k < extra; k++) {
    guint m = k / OFFERS_PER_MUNICIPALITY, i = k % OFFERS_PER_MUNICIPALITY;
    if (i == 0) {
      guint t = towns[m % n_towns];
      g_free(town);
      town = g_strconcat(town_starts[t / G_N_ELEMENTS(town_ends)],
                         town_ends[t % G_N_ELEMENTS(town_ends)], NULL);
      g_autofree char *name = m < n_towns ? g_strdup_printf("%s Kommune", town)
                                          : g_strdup_printf("%s Kommune %u", town, m / n_towns + 1);
      if ((municipality = store_organisation_create(db, name, "municipality", error)) == 0)
        return FALSE;
    }
    guint pick = (guint)g_rand_int_range(r, 0, 100), t = 0, acc = 0;
    for (t = 0; t < G_N_ELEMENTS(kind_weights) - 1; t++) {
      acc += kind_weights[t];
      if (pick < acc)
        break;
    }
    OfferRun *o = &run->offers[G_N_ELEMENTS(offers) + k];
    o->spec = &offers[t];
    /* Distinct within the municipality: 7 and 30 have no common factor. */
    o->name = g_strdup_printf("%s %s, %s", prefixes[t],
                              house_names[(i * 7 + m) % G_N_ELEMENTS(house_names)], town);
    o->organisation_id = municipality;
  }

  for (guint f = 0; f < run->n_offers; f++) {
    OfferRun *o = &run->offers[f];
    const OfferSpec *spec = o->spec;
    if ((o->offer_id = store_offer_create(db, o->organisation_id, o->name, spec->kind,
                                          error)) == 0)
      return FALSE;
    for (int u = 0; u < 2 && spec->units[u] != NULL; u++)
      if ((o->unit_ids[u] = store_unit_create(db, o->offer_id, spec->units[u], error)) == 0)
        return FALSE;
    for (int i = 0; i < 2 && spec->interventions[i] != NULL; i++)
      if ((o->intervention_ids[i] = store_intervention_create(db, o->offer_id,
                                                              spec->interventions[i], NULL,
                                                              error)) == 0 ||
          (run->results != NULL &&
           !demo_results_intervention(run->results, o->intervention_ids[i], spec->styles[i],
                                      error)))
        return FALSE;
    if (run->results != NULL && !demo_results_offer(run->results, o->offer_id, spec->kind, error))
      return FALSE;
  }
  return TRUE;
}

/* The first offer's interventions get inclusion criteria a leader could
 * count (Figur 14): an age range, the referral basis and the start score
 * of the life areas; fixed, so no draw from the GRand. */
static gboolean
make_criteria(DemoRun *run, GError **error)
{
  const OfferRun *o = &run->offers[0];
  const StoreCriterionInput criteria[][3] = {
    {{.kind = "age", .has_min = TRUE, .min_value = 18, .has_max = TRUE, .max_value = 64},
     {.kind = "background", .field = "referral_basis",
      .value = "SEL § 107, midlertidigt botilbud"},
     {.kind = "start_score", .field = "vum-livsomraader", .has_min = TRUE, .min_value = 2}},
    {{.kind = "age", .has_min = TRUE, .min_value = 18, .has_max = TRUE, .max_value = 40},
     {.kind = "start_score", .field = "vum-livsomraader", .item_key = "socialt_liv",
      .has_min = TRUE, .min_value = 1, .has_max = TRUE, .max_value = 3},
     {.kind = NULL}},
  };
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 3 && o->intervention_ids[i] != 0 && criteria[i][j].kind != NULL; j++)
      if (store_quality_criterion_add(run->db, run->leader_id, o->intervention_ids[i],
                                      &criteria[i][j], error) == 0)
        return FALSE;
  return TRUE;
}

/* What each intervention cost, quarter by quarter: the current quarter and
 * the eight before it, as a leader would enter them.  The amounts follow
 * from the offer and the quarter alone (no draw from the GRand, so the
 * rest of the demo stays as it was). */
static gboolean
make_costs(DemoRun *run, GError **error)
{
  guint year = g_date_get_year(&run->anchor);
  guint quarter = (g_date_get_month(&run->anchor) - 1) / 3; /* 0 … 3 */
  for (guint f = 0; f < run->n_offers; f++) {
    const OfferRun *o = &run->offers[f];
    for (int i = 0; i < 2 && o->intervention_ids[i] != 0; i++)
      for (int back = 8; back >= 0; back--) {
        int q = (int)(year * 4 + quarter) - back;
        guint y = (guint)(q / 4), first_month = (guint)(q % 4) * 3 + 1;
        g_autofree char *start = g_strdup_printf("%04u-%02u-01", y, first_month);
        g_autofree char *end = g_strdup_printf(
          "%04u-%02u-%02u", y, first_month + 2,
          g_date_get_days_in_month((GDateMonth)(first_month + 2), (GDateYear)y));
        /* Staff and house: a base by offer and intervention, rising a
         * little each quarter. */
        double base = 240000.0 + 35000.0 * (f % 5) + 60000.0 * i;
        StoreCostInput input = {
          .period_start = start,
          .period_end = end,
          .amount = base * (1.0 + 0.012 * (8 - back)),
          .note = "Løn, husleje og aktiviteter",
        };
        if (store_cost_set(run->db, 0, o->intervention_ids[i], &input, NULL, error) == 0)
          return FALSE;
      }
  }
  return TRUE;
}

/* Staff: three per offer; the first two are the logins "mette" (Hus A)
 * and "jonas" (Hus B). */
static gboolean
make_staff(DemoRun *run, const char *hash, GError **error)
{
  GRand *r = run->rand;
  for (guint f = 0; f < run->n_offers; f++) {
    OfferRun *o = &run->offers[f];
    for (int s = 0; s < 3; s++) {
      g_autofree char *username = NULL;
      g_autofree char *name = NULL;
      if (f == 0 && s < 2) {
        username = g_strdup(s == 0 ? "mette" : "jonas");
        name = g_strdup(s == 0 ? "Mette Kjær" : "Jonas Bach");
      } else {
        const char *first = g_rand_boolean(r) ? PICK(r, female_names) : PICK(r, male_names);
        username = g_strdup_printf("medarbejder%u", f * 3 + (guint)s + 1);
        name = g_strdup_printf("%s %s", first, PICK(r, last_names));
      }
      int u = (s == 0 || o->unit_ids[1] == 0) ? 0 : (s == 1 ? 1 : g_rand_int_range(r, 0, 2));
      if (o->unit_ids[u] == 0)
        u = 0;
      o->staff_unit[s] = u;
      if ((o->staff_ids[s] = add_user(run->db, username, name, hash, SPOR_ROLE_STAFF,
                                      SPOR_SCOPE_UNIT, o->unit_ids[u], 0, error)) == 0)
        return FALSE;
    }
  }
  return TRUE;
}

/* Writes the waiting rows and the authority links that wait for them. */
static gboolean
flush(DemoRun *run, GError **error)
{
  if (run->loader != NULL && !store_loader_flush(run->loader, error))
    return FALSE;
  for (guint i = 0; i < run->assign->len; i++)
    if (!store_authority_assign(run->db, run->caseworker_id,
                                g_array_index(run->assign, gint64, i), error))
      return FALSE;
  g_array_set_size(run->assign, 0);
  return TRUE;
}

/* The small demo's course of citizen c: started up to three years ago, a
 * third ended, measured by its intervention's plan (demo_results.c).  The
 * citizen login's is in its fourth quarter, with a follow-up (and a
 * self-assessment) due in a few days. */
static gboolean
add_planned_course(DemoRun *run, guint c, OfferRun *o, int u, gint64 citizen_id,
                   gboolean assigned_now, GError **error)
{
  GRand *r = run->rand;
  int start = -g_rand_int_range(r, 100, 3 * 365);
  if (c == 0) {
    GDate begun = run->anchor;
    g_date_subtract_months(&begun, 9);
    g_date_add_days(&begun, 4);
    start = -(int)g_date_days_between(&begun, &run->anchor);
  }
  gboolean ended = c != 0 && g_rand_int_range(r, 0, 3) == 0 && start < -240;
  int end = ended ? g_rand_int_range(r, start + 180, -20) : 0;
  g_autofree char *started_on = date_add_days(&run->anchor, start);
  g_autofree char *ended_on = ended ? date_add_days(&run->anchor, end) : NULL;
  int n_interventions = o->spec->interventions[1] != NULL ? 2 : 1;
  StoreCourseInput course = {
    .citizen_id = citizen_id,
    .intervention_id = o->intervention_ids[g_rand_int_range(r, 0, n_interventions)],
    .started_on = started_on,
    .phase = "stabilisation",
    .ended_on = ended_on,
    .end_reason = ended ? PICK(r, end_reasons) : NULL,
    .discharged_to = ended ? PICK(r, discharged_to) : NULL,
  };
  /* The citizen login lives in the residential course, where citizens
   * rate themselves on the life areas too. */
  if (c == 0)
    course.intervention_id = o->intervention_ids[0];
  gint64 course_id = store_course_create(run->db, &course, error);
  if (course_id == 0)
    return FALSE;
  DemoCourse planned = {
    .citizen_id = citizen_id, .course_id = course_id,
    .intervention_id = course.intervention_id, .start_offset = start, .end_offset = end,
    .ended = ended, .staff_id = run->actor_id,
    .caseworker_id = assigned_now ? run->caseworker_id : 0, .own_login = c == 0,
  };
  for (int s = 0, k = 0; s < 3 && k < 2; s++)
    if (o->staff_ids[s] != run->actor_id && o->staff_unit[s] == u)
      planned.other_staff[k++] = o->staff_ids[s];
  /* A colleague of the unit calibrates, or else the leader of the first offer. */
  planned.calibration_staff = planned.other_staff[0] != 0 ? planned.other_staff[0]
                            : o == &run->offers[0]       ? run->leader_id
                                                         : 0;
  return demo_results_course(run->results, &planned, add_measurement, run, error);
}

/* One citizen with background data, a course and its measurements. */
static gboolean
add_citizen(DemoRun *run, guint c, guint *assigned, gint64 *out_id, GError **error)
{
  GRand *r = run->rand;
  guint f = 0;
  if (run->national) {
    f = (guint)g_rand_int_range(r, 0, (gint32)run->n_offers);
  } else {
    /* Citizens spread over the offers, more in the residential ones. */
    static const guint offer_weights[] = {40, 25, 20, 15};
    guint pick = (guint)g_rand_int_range(r, 0, 100), acc = 0;
    for (f = 0; f < G_N_ELEMENTS(offers) - 1; f++) {
      acc += offer_weights[f];
      if (pick < acc)
        break;
    }
  }
  /* The first citizen always lives in Hus A, so the citizen login and
   * staff member "mette" share a unit. */
  if (c == 0)
    f = 0;
  OfferRun *o = &run->offers[f];
  const OfferSpec *spec = o->spec;
  int u = (c == 0 || o->unit_ids[1] == 0) ? 0 : g_rand_int_range(r, 0, 2);

  gboolean female = g_rand_int_range(r, 0, 100) < 48;
  gboolean other = g_rand_int_range(r, 0, 100) < 2;
  const char *first = female ? PICK(r, female_names) : PICK(r, male_names);
  const char *last = PICK(r, last_names);
  int age = g_rand_int_range(r, spec->age_min, spec->age_max + 1);
  int birth_offset = -(age * 365 + g_rand_int_range(r, 0, 365));
  g_autofree char *birth = date_add_days(&run->anchor, birth_offset);

  /* A contact person from the staff of the citizen's unit. */
  gint64 contact = 0;
  for (int k = 0; k < 3 && contact == 0; k++) {
    int s = (k + (int)c) % 3;
    if (o->staff_unit[s] == u)
      contact = o->staff_ids[s];
  }
  StoreCitizenInput in = {
    .unit_id = o->unit_ids[u],
    .first_name = first,
    .last_name = last,
    .birth_date = birth,
    .gender = other ? "other" : female ? "female" : "male",
    .referral_basis = PICK(r, referral_bases),
    .diagnoses = PICK(r, diagnoses),
    .education = PICK(r, educations),
    .occupation = age < 17 ? "I skole" : PICK(r, occupations),
    .housing = strcmp(spec->kind, "home_support") == 0 ? "Egen lejlighed" : PICK(r, housings),
    .intervention_goals = g_rand_boolean(r) ? "Mere selvstændighed i hverdagen"
                                            : "Stabil bolig og færre indlæggelser",
    .medical_treatment = g_rand_boolean(r) ? "Ja" : "Nej",
    .criminal_record = g_rand_int_range(r, 0, 100) < 15 ? "Tidligere dømt" : "Ingen kendt",
    .mother_tongue = PICK(r, mother_tongues),
    .ethnic_background = NULL,
    .family_situation = PICK(r, family_situations),
    .cohabitation = age < 18 ? "Bor med forældre" : PICK(r, cohabitations),
    .contact_person_id = contact,
  };
  run->actor_id = contact != 0 ? contact : o->staff_ids[0];
  gint64 citizen_id = run->national ? store_loader_add_citizen(run->loader, &in, error)
                                    : store_citizen_create(run->db, run->actor_id, &in, error);
  if (citizen_id == 0)
    return FALSE;
  *out_id = citizen_id;
  /* The caseworker follows a dozen citizens of the municipality's offers;
   * in the small demo at once, as their handleplan goals need it. */
  gboolean assigned_now = FALSE;
  if (f < 2 && *assigned < 12 && (c == 0 || g_rand_int_range(r, 0, 100) < 8)) {
    if (run->national)
      g_array_append_val(run->assign, citizen_id);
    else if (!store_authority_assign(run->db, run->caseworker_id, citizen_id, error))
      return FALSE;
    (*assigned)++;
    assigned_now = TRUE;
  }
  if (!run->national)
    return add_planned_course(run, c, o, u, citizen_id, assigned_now, error);

  /* One course, started up to five years ago; a third have ended. */
  int start = -g_rand_int_range(r, 180, 5 * 365);
  gboolean ended = c != 0 && g_rand_int_range(r, 0, 3) == 0 && start < -240;
  int end = ended ? g_rand_int_range(r, start + 180, -20) : 0;
  g_autofree char *started_on = date_add_days(&run->anchor, start);
  g_autofree char *ended_on = ended ? date_add_days(&run->anchor, end) : NULL;
  int n_interventions = spec->interventions[1] != NULL ? 2 : 1;
  int span_days = (ended ? end : 0) - start;
  static const char *const phases[] = {"stabilisation", "primary_intervention", "aftercare"};
  StoreCourseInput course = {
    .citizen_id = citizen_id,
    .intervention_id = o->intervention_ids[g_rand_int_range(r, 0, n_interventions)],
    .started_on = started_on,
    .phase = ended ? "aftercare" : phases[MIN(span_days / 240, 2)],
    .ended_on = ended_on,
    .end_reason = ended ? PICK(r, end_reasons) : NULL,
    .discharged_to = ended ? PICK(r, discharged_to) : NULL,
  };
  gint64 course_id = store_loader_add_course(run->loader, &course, error);
  if (course_id == 0)
    return FALSE;
  return add_measurements(run, citizen_id, course_id, start, ended ? end : -1, ended, error);
}

/* Everything after the first transaction has begun; commits every
 * DEMO_BATCH citizens and leaves the last transaction to the caller. */
static gboolean
generate(DemoRun *run, const DemoOptions *options, DemoProgressFunc progress,
         void *progress_data, GError **error)
{
  StoreDb *db = run->db;
  g_autofree char *hash = auth_password_hash(DEMO_PASSWORD, error);
  if (hash == NULL || !make_offers(run, options->citizens, error) ||
      !make_staff(run, hash, error))
    return FALSE;
  if (add_user(db, "admin", "Administrator", hash, SPOR_ROLE_ADMIN,
               SPOR_SCOPE_ORGANISATION, run->offers[0].organisation_id, 0, error) == 0 ||
      (run->leader_id = add_user(db, "leder", "Lone Vestergaard", hash, SPOR_ROLE_LEADER,
                                 SPOR_SCOPE_OFFER, run->offers[0].offer_id, 0, error)) == 0)
    return FALSE;
  run->caseworker_id = add_user(db, "sagsbehandler", "Karin Holm", hash, SPOR_ROLE_AUTHORITY,
                                SPOR_SCOPE_ORGANISATION, run->offers[0].organisation_id, 0,
                                error);
  if (run->caseworker_id == 0)
    return FALSE;
  if (run->national && (run->loader = store_loader_new(db, error)) == NULL)
    return FALSE;

  gint64 first_hus_a_citizen = 0;
  guint assigned = 0;
  guint every = options->citizens > 20000 ? 1000 : 50;
  for (guint c = 0; c < options->citizens; c++) {
    gint64 id = 0;
    if (!add_citizen(run, c, &assigned, &id, error))
      return FALSE;
    if (c == 0)
      first_hus_a_citizen = id;
    if ((c + 1) % DEMO_BATCH == 0 && c + 1 < options->citizens &&
        (!flush(run, error) || !store_commit(db, error) ||
         !store_begin(db, STORE_TX_WRITE, error)))
      return FALSE;
    if (progress != NULL && ((c + 1) % every == 0 || c + 1 == options->citizens))
      progress(c + 1, options->citizens, progress_data);
  }
  if (!flush(run, error))
    return FALSE;

  gint64 citizen_user = add_user(db, "borger", "Borgerlogin (demo)", hash, SPOR_ROLE_CITIZEN,
                                 SPOR_SCOPE_UNIT, run->offers[0].unit_ids[0],
                                 first_hus_a_citizen, error);
  if (citizen_user == 0 ||
      (run->results != NULL && !demo_results_finish(run->results, citizen_user, error)))
    return FALSE;
  if (!demo_practice_generate(db, options->seed, &run->anchor, run->offers[0].offer_id,
                              run->leader_id, run->offers[0].staff_ids, error))
    return FALSE;
  if (run->results != NULL && !make_costs(run, error))
    return FALSE;
  if (run->results != NULL && !make_criteria(run, error))
    return FALSE;
  g_autofree char *detail = g_strdup_printf("citizens=%u seed=%" G_GUINT64_FORMAT,
                                            options->citizens, options->seed);
  return store_audit_append(db, 0, 0, "demo.generate", detail, "cli", error);
}

/* Refuses a database that has users: demo data goes into an empty one. */
static gboolean
require_empty(StoreDb *db, GError **error)
{
  json_t *users = store_user_list(db, error);
  if (users == NULL)
    return FALSE;
  gboolean empty = json_array_size(users) == 0;
  json_decref(users);
  if (!empty) {
    g_set_error_literal(error, STORE_ERROR, STORE_ERROR_CONFLICT,
                        "databasen har allerede brugere; demodata lægges kun i en tom database");
    return FALSE;
  }
  return TRUE;
}

gboolean
demo_generate(StoreDb *db, const DemoOptions *options, DemoProgressFunc progress,
              void *progress_data, GError **error)
{
  json_t *instrument = store_instrument_get_by_key(db, INSTRUMENT_KEY, error);
  if (instrument == NULL)
    return FALSE;

  DemoRun run = {.db = db, .national = options->citizens >= NATIONAL_FROM};
  run.instrument_id = json_integer_value(json_object_get(instrument, "id"));
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(instrument, "items"), i, item) {
    if (run.n_items < G_N_ELEMENTS(run.item_ids)) {
      run.item_keys[run.n_items] = g_strdup(json_string_value(json_object_get(item, "key")));
      run.item_names[run.n_items] =
        g_strdup(json_string_value(json_object_get(item, "text_da")));
      run.item_ids[run.n_items++] = json_integer_value(json_object_get(item, "id"));
    }
  }
  json_decref(instrument);

  g_autofree char *anchor = options->anchor_date != NULL ? g_strdup(options->anchor_date)
                                                         : spor_date_today();
  if (!spor_date_valid_iso(anchor)) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_FAILED, "ugyldig dato %s", anchor);
    return FALSE;
  }
  g_date_clear(&run.anchor, 1);
  g_date_set_dmy(&run.anchor, (GDateDay)atoi(anchor + 8), (GDateMonth)atoi(anchor + 5),
                 (GDateYear)atoi(anchor));
  guint32 seed_words[2] = {(guint32)(options->seed & 0xffffffffu), (guint32)(options->seed >> 32)};
  run.rand = g_rand_new_with_seed_array(seed_words, 2);

  run.assign = g_array_new(FALSE, FALSE, sizeof(gint64));

  gboolean ok = store_begin(db, STORE_TX_WRITE, error) && require_empty(db, error) &&
                (run.national ||
                 (run.results = demo_results_new(db, run.rand, &run.anchor, error)) != NULL) &&
                generate(&run, options, progress, progress_data, error) &&
                store_commit(db, error);
  if (!ok)
    store_rollback(db);
  store_loader_free(run.loader);
  demo_results_free(run.results);
  for (guint f = 0; f < run.n_offers; f++)
    g_free(run.offers[f].name);
  g_free(run.offers);
  g_array_unref(run.assign);
  g_rand_free(run.rand);
  for (guint k = 0; k < run.n_items; k++) {
    g_free(run.item_keys[k]);
    g_free(run.item_names[k]);
  }
  return ok;
}
