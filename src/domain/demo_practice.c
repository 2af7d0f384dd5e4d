/* demo_practice.c — the demo's practice development for one offer: a
 * Lovende praksis assessment from last year and one from this year (the
 * offer having worked on monitoring and follow-up in between, as
 * Favrskov did in the handbook), a self-evaluation, the development
 * points chosen from last year's assessment, a running and a finished
 * trial action, the handbook's theory of change for health in a
 * residential home with its referat, a citizen journey after the
 * handbook's example, and two planning tools.
 *
 * Drawn from a GRand of its own, seeded from the demo's seed, so the rest
 * of the demo stays as it was; dates are offsets from the demo's anchor.
 * Everything goes in through the store as the offer's leader. */
#include "domain/demo_practice.h"

#include <math.h>
#include <string.h>

#include "domain/instrument.h"
#include "domain/practice.h"
#include "store/practice.h"

static char *
day(const GDate *anchor, int days)
{
  GDate d = *anchor;
  if (days >= 0)
    g_date_add_days(&d, (guint)days);
  else
    g_date_subtract_days(&d, (guint)-days);
  return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(&d), g_date_get_month(&d),
                         g_date_get_day(&d));
}

/* Comments the group wrote, by item id of the Lovende praksis definition. */
static const struct {
  const char *item;
  const char *last_year;
  const char *this_year;
} comments[] = {
  {"theory_and_knowledge_1", "Vi bygger på recovery-tilgangen og mentaliseringsbaseret pædagogik.",
   "Uændret: recovery og mentalisering, nu beskrevet i metodehåndbogen."},
  {"theory_and_knowledge_6", "Vi har ingen nedskrevet forandringsteori; den findes i hovederne.",
   "Forandringsteorien for sundhed er tegnet og vedtaget på personaledagen."},
  {"impact_2", "Vi ved ikke, om det virker – vi har ingen samlede data.",
   "Første samlede opgørelse af VUM-målingerne viser fremgang på egenomsorg."},
  {"description_2", "Beskrivelsen er intern og for kort til andre tilbud.", NULL},
  {"goals_2", "Handleplanerne er ofte gamle, når borgeren flytter ind.", NULL},
  {"transferability_2", "Kræver erfarne medarbejdere i nattevagten.", NULL},
  {"economy_1", "Vi kender lønudgiften, men ikke prisen pr. forløb.",
   "Stadig uafklaret – er et udviklingspunkt."},
  {"relational_collaboration_3",
   "Koordineringen med regionen sker på myndighedsniveau; derfor lav score, og det er i orden.",
   NULL},
  {"monitoring_3", "Målingerne laves, når der er tid – ingen faste procedurer.",
   "Fast procedure: VUM hver tredje måned, kontaktpersonen er ansvarlig."},
  {"monitoring_6", "Vi lægger aldrig målingerne sammen.",
   "Vi ser på gennemsnittet for hvert hus på kvartalsmødet."},
  {"follow_up_2", "Målinger drøftes kun, når en borger er i krise.",
   "Målingerne er fast punkt på teammødet – afprøves som prøvehandling."},
  {"follow_up_6", "Praksis tilpasses efter mavefornemmelse.", NULL},
};

/* The level (0–1, the share of the possible) of each element, last year
 * and this year: monitoring and follow-up rose the most. */
static double
level(const char *element, gboolean this_year)
{
  static const struct {
    const char *key;
    double last, now;
  } levels[] = {
    {"theory_and_knowledge", 0.55, 0.65}, {"impact", 0.25, 0.45},
    {"description", 0.55, 0.7},           {"goals", 0.65, 0.75},
    {"transferability", 0.5, 0.6},        {"economy", 0.3, 0.35},
    {"professional_reflection", 0.7, 0.8}, {"relational_collaboration", 0.35, 0.4},
    {"individual_tailoring", 0.75, 0.8},  {"monitoring", 0.3, 0.75},
    {"follow_up", 0.25, 0.7},
  };
  for (guint i = 0; i < G_N_ELEMENTS(levels); i++)
    if (strcmp(levels[i].key, element) == 0)
      return this_year ? levels[i].now : levels[i].last;
  return 0.5;
}

/* Answers every question of a practice-assessment version; for the self-
 * evaluation rows get a rating around level and development activities
 * on the weakest ones. */
static gboolean
answer_all(StoreDb *db, GRand *r, gint64 leader, gint64 assessment, const InstrumentVersion *v,
           gboolean this_year, GError **error)
{
  const InstrumentDef *def = v->def;
  gboolean lovende = strcmp(def->id, "lovende-praksis") == 0;
  g_autofree StorePracticeAnswerInput *in = g_new0(StorePracticeAnswerInput, def->n_items);
  for (guint i = 0; i < def->n_items; i++) {
    const InstrumentItem *item = &def->items[i];
    const char *element = item->subscale >= 0 ? def->subscales[item->subscale].id : "";
    in[i].item_id = v->item_ids[i];
    in[i].set_value = TRUE;
    in[i].has_value = TRUE;
    if (lovende) {
      /* Around the element's level: Nej, Delvist or Ja. */
      double target = level(element, this_year) * 2 + g_rand_double_range(r, -0.7, 0.7);
      gint64 value = CLAMP((gint64)lround(target), 0, 2);
      if (item->reverse)
        value = 2 - value;
      if (g_rand_int_range(r, 0, 30) == 0)
        value = 8; /* Ved ikke */
      in[i].value = value;
      for (guint c = 0; c < G_N_ELEMENTS(comments); c++)
        if (strcmp(comments[c].item, item->id) == 0) {
          const char *text = this_year && comments[c].this_year ? comments[c].this_year
                                                                : comments[c].last_year;
          in[i].set_comment = TRUE;
          in[i].comment = text;
        }
    } else {
      double base = strcmp(element, "competences") == 0 ? 2.4
                  : strcmp(element, "culture") == 0 ? 3.6 : 3.1;
      gint64 value = CLAMP((gint64)lround(base + g_rand_double_range(r, -1.2, 1.2)), 1, 5);
      if (item->reverse)
        value = 6 - value;
      in[i].value = value;
      if ((!item->reverse && value <= 2) || (item->reverse && value >= 4)) {
        in[i].set_activities = TRUE;
        in[i].activities = strcmp(element, "competences") == 0
          ? "Kursus i dokumentation og dataanalyse for teamkoordinatorerne i foråret."
          : "Drøftes på næste ledermøde; kvalitetsteamet kommer med et forslag.";
      }
    }
  }
  return store_assessment_save_answers(db, leader, assessment, in, def->n_items, NULL, error);
}

/* Creates, answers, scores and finishes one assessment; its id, or 0. */
static gint64
assessment(StoreDb *db, GRand *r, gint64 leader, gint64 offer, const char *key, const char *held_on,
           const char *participants, const char *reflection, gboolean this_year, GError **error)
{
  gint64 instrument_id = 0;
  if (!store_instrument_find(db, key, 0, &instrument_id, error))
    return 0;
  g_autoptr(InstrumentVersion) v = instrument_version_load(db, instrument_id, error);
  if (v == NULL)
    return 0;
  StoreAssessmentInput in = {.offer_id = offer, .instrument_id = instrument_id,
                             .held_on = held_on, .participants = participants,
                             .reflection = reflection};
  gint64 id = store_assessment_create(db, leader, &in, NULL, error);
  if (id == 0 || !answer_all(db, r, leader, id, v, this_year, error) ||
      !store_assessment_update(db, leader, id, &in, NULL, error))
    return 0;
  json_t *row = store_assessment_get(db, leader, id, STORE_PRACTICE_READ, error);
  if (row == NULL)
    return 0;
  g_autofree ScoreAnswer *answers = practice_answers(v, json_object_get(row, "answers"));
  json_decref(row);
  g_autofree ScoreResult *subs = g_new0(ScoreResult, MAX(v->def->n_subscales, 1));
  ScoreResult total;
  practice_score(v->def, answers, &total, subs);
  if (!store_assessment_set_score(db, leader, id, total.has_score, total.score, error) ||
      !store_assessment_set_status(db, leader, id, TRUE, error))
    return 0;
  return id;
}

/* ---- The theory of change: the handbook's health example ---------------------- */

static const struct {
  const char *column, *text;
  gboolean research, practice, citizens;
  const char *instrument, *part, *part_key;
} boxes[] = {
  {"activities", "Borgerne vejledes om kost og motion", TRUE, TRUE, FALSE, NULL, NULL, NULL},
  {"activities", "Tilbud om daglige fysiske aktiviteter, som er tilpasset borgerne", FALSE, TRUE,
   TRUE, NULL, NULL, NULL},
  {"activities", "Køkkenet tilbyder sundere mad", TRUE, FALSE, FALSE, NULL, NULL, NULL},
  {"immediate_results", "Borgerne motiveres til at spise sundere og være mere fysisk aktive",
   TRUE, TRUE, FALSE, NULL, NULL, NULL},
  {"immediate_results", "Fysisk aktivitet bliver en del af dagligdagen", FALSE, TRUE, FALSE, NULL,
   NULL, NULL},
  {"immediate_results", "Det sunde valg bliver „den nemme løsning“", TRUE, FALSE, FALSE, NULL,
   NULL, NULL},
  {"medium_term_results", "Borgerne er mere fysisk aktive", TRUE, TRUE, TRUE, "who-5", "item",
   "active"},
  {"medium_term_results", "Borgerne spiser sundere", FALSE, TRUE, TRUE, NULL, NULL, NULL},
  {"long_term_results", "Forbedret sundhed for borgerne", TRUE, TRUE, TRUE, "vum-livsomraader",
   "item", "sundhed"},
};

static const struct {
  guint from, to;
  const char *mechanism;
} arrows[] = {
  {0, 3, "De opnår øget viden om konsekvenserne af manglende motion og usund kost, og rådene er "
         "tilpasset og tiltaler den enkelte borger."},
  {1, 4, "Alle skal forholde sig til aktiviteterne."},
  {2, 5, "Borgerne tilbydes kun sund mad."},
  {3, 6, "Øget motivation til at motionere."},
  {3, 7, "Øget motivation til at spise sundt."},
  {4, 6, "De dagligt mindes om fysisk aktivitet på en positiv måde, der ikke opfattes som et "
         "pres."},
  {5, 7, "Det vænner borgerne til at spise sundt."},
  {6, 8, "Den øgede fysiske aktivitet giver en bedre sundhed."},
  {7, 8, "Sund kost forbedrer sundheden på langt sigt."},
};

static const char referat[] =
  "Formålet med vores sundhedsrettede indsatser er at forbedre borgernes sundhed på langt sigt. "
  "Det vil vi opnå ved at igangsætte tre forskellige aktiviteter.\n\n"
  "Den første aktivitet, vi vil igangsætte, er et vejledningsforløb om kost og motion. Vi får "
  "besøg af en sundhedskonsulent to timer om ugen, som har individuelle samtaler med borgerne. Vi "
  "forventer, at det vil motivere borgerne til at spise sundere og være mere fysisk aktive, fordi "
  "de opnår øget viden om konsekvenserne af manglende motion og usund kost. Vi forventer også, at "
  "den individuelle rådgivning vil øge motivationen, fordi sundhedskonsulenten kan komme med kost- "
  "og motionsråd, som er tilpasset og tiltaler den enkelte borger. Vi forventer, at øget motivation "
  "til at spise sundt og motionere vil få borgerne til at være mere fysisk aktive og spise "
  "sundere. På langt sigt vil det give borgerne en bedre sundhed.\n\n"
  "Den anden aktivitet er daglige tilbud om fysiske aktiviteter, som er målrettet vores borgere. "
  "Det umiddelbare resultat af denne aktivitet er, at fysisk aktivitet bliver en del af hverdagen "
  "for vores botilbud, fordi alle skal forholde sig til disse aktiviteter. På sigt gør det "
  "borgerne mere fysisk aktive, fordi de dagligt mindes om fysisk aktivitet på en positiv måde, der "
  "ikke opfattes som et pres. Den øgede fysiske aktivitet vil være med til at give borgerne en "
  "forbedret sundhed.\n\n"
  "Den tredje og sidste aktivitet er at tilbyde sundere mad i køkkenet. Det gør det sunde madvalg "
  "til det nemme madvalg og får borgerne til at spise sundere, fordi de kun tilbydes sund mad. Det "
  "vænner borgerne til at spise sundt og forbedrer derigennem borgernes sundhed på langt sigt.";

static gboolean
theory(StoreDb *db, gint64 leader, gint64 offer, GError **error)
{
  StoreTheoryInput in = {
    .offer_id = offer,
    .title = "Sundhed i botilbuddet",
    .target_group = "Voksne beboere med psykiske vanskeligheder, som har en usund livsstil og "
                    "ønsker at blive mere fysisk aktive. Ikke beboere i akut krise.",
    .objective = "Beboerne har en bedre fysisk og psykisk sundhed og flytter videre med gode "
                 "vaner.",
    .narrative = referat,
  };
  gint64 id = store_theory_create(db, leader, &in, NULL, error);
  if (id == 0)
    return FALSE;
  gint64 ids[G_N_ELEMENTS(boxes)];
  for (guint b = 0; b < G_N_ELEMENTS(boxes); b++) {
    StoreBoxParameter param = {boxes[b].instrument, boxes[b].part, boxes[b].part_key};
    StoreBoxInput box = {.column_key = boxes[b].column, .text = boxes[b].text,
                         .knowledge_research = boxes[b].research,
                         .knowledge_practice = boxes[b].practice,
                         .knowledge_citizens = boxes[b].citizens,
                         .parameters = &param,
                         .n_parameters = boxes[b].instrument != NULL ? 1 : 0};
    if ((ids[b] = store_theory_box_add(db, leader, id, &box, NULL, error)) == 0)
      return FALSE;
  }
  for (guint a = 0; a < G_N_ELEMENTS(arrows); a++)
    if (store_theory_arrow_add(db, leader, id, ids[arrows[a].from], ids[arrows[a].to],
                               arrows[a].mechanism, NULL, error) == 0)
      return FALSE;
  return TRUE;
}

/* ---- A citizen journey after the handbook's example ------------------------------ */

static const struct {
  gint64 week;
  const char *lane, *kind, *text;
} entries[] = {
  {1, "citizen", "activity", "Indskrivningsmøde"},
  {1, "citizen", "attention", "Tog tid at føle sig hjemme"},
  {1, "citizen", "strength", "Rart at kontaktperson var med hele tiden"},
  {1, "offer", "activity", "Kontaktperson følger borgeren; observerer"},
  {1, "authority", "activity", "Opstartsmøde (forventningsafstemning)"},
  {1, "documentation", "collect", "Afdækning af ressourcer og støttebehov"},
  {2, "citizen", "strength", "Meget motiveret"},
  {2, "citizen", "weakness", "Forvirrende at tale om drømme"},
  {2, "offer", "activity", "Opbygger relation til borgeren; udarbejdelse af indsatsplan"},
  {2, "authority", "assessment", "Indsats med fokus på sundhed og fast døgnrytme"},
  {2, "documentation", "use", "Indsatsplan"},
  {3, "citizen", "weakness", "Svært at tage bussen selv"},
  {3, "offer", "assessment", "Borgeren virker rastløs – start på aktivitetscenter aftales"},
  {3, "others", "activity", "Møde om samarbejde mellem aktivitetscenter og tilbud"},
  {4, "citizen", "activity", "Starter på aktivitetscenter"},
  {4, "citizen", "strength", "Nye venner; spændende og udfordrende"},
  {4, "offer", "assessment", "Start på aktivitetscenter har hjulpet"},
  {4, "documentation", "collect", "Måling af tilfredshed med opstart"},
};

gboolean
demo_practice_generate(StoreDb *db, guint64 seed, const GDate *anchor, gint64 offer_id,
                       gint64 leader_id, const gint64 *staff_ids, GError **error)
{
  guint32 words[3] = {(guint32)(seed & 0xffffffffu), (guint32)(seed >> 32), 0x70726163u};
  GRand *r = g_rand_new_with_seed_array(words, 3);
  g_autofree char *last_year = day(anchor, -372);
  g_autofree char *this_year = day(anchor, -21);
  g_autofree char *self_day = day(anchor, -60);
  const char *participants =
    "Lone Vestergaard, leder (mødeleder)\nMette Kjær, kontaktperson, Hus A\n"
    "Jonas Bach, kontaktperson, Hus B";
  gint64 old = 0, now = 0, self = 0;
  gboolean ok = (old = assessment(db, r, leader_id, offer_id, "lovende-praksis", last_year,
                                  participants,
                                  "Styrker: faglig refleksion og individuel tilrettelæggelse. "
                                  "Udviklingspotentiale: monitorering og opfølgning (element 10 "
                                  "og 11), som vi prioriterer det kommende år.",
                                  FALSE, error)) != 0 &&
                (now = assessment(db, r, leader_id, offer_id, "lovende-praksis", this_year,
                                  participants,
                                  "Monitorering og opfølgning har rykket sig mest. Økonomi er "
                                  "fortsat det svageste element.",
                                  TRUE, error)) != 0 &&
                (self = assessment(db, r, leader_id, offer_id, "selvevaluering", self_day,
                                   "Lone Vestergaard, leder\nKvalitetsteamet (4 medarbejdere)",
                                   NULL, TRUE, error)) != 0;
  if (!ok) {
    g_rand_free(r);
    return FALSE;
  }

  /* Development points from last year's assessment, and trial actions. */
  gint64 monitoring_3 = 0, follow_up_2 = 0;
  json_t *row = store_assessment_get(db, leader_id, old, STORE_PRACTICE_READ, error);
  size_t i;
  json_t *answer;
  json_array_foreach(json_object_get(row, "answers"), i, answer) {
    const char *key = json_string_value(json_object_get(answer, "item_key"));
    if (g_strcmp0(key, "monitoring_3") == 0)
      monitoring_3 = json_integer_value(json_object_get(answer, "item_id"));
    if (g_strcmp0(key, "follow_up_2") == 0)
      follow_up_2 = json_integer_value(json_object_get(answer, "item_id"));
  }
  json_decref(row);
  g_autofree char *deadline_done = day(anchor, -200);
  g_autofree char *deadline_follow = day(anchor, 45);
  g_autofree char *deadline_economy = day(anchor, 120);
  StoreDevelopmentPointInput points[] = {
    {.offer_id = offer_id, .title = "Faste procedurer for måling af borgernes udvikling",
     .description = "VUM-måling hver tredje måned for alle beboere, med kontaktpersonen som "
                    "ansvarlig og påmindelse i kalenderen.",
     .assessment_id = old, .element_key = "monitoring", .item_id = monitoring_3, .priority = 1,
     .owner_user_id = leader_id, .deadline = deadline_done, .status = "done"},
    {.offer_id = offer_id, .title = "Målingerne drøftes fast på teammøderne",
     .description = "Opfølgning på målingerne skal ikke vente på en krise.", .assessment_id = old,
     .element_key = "follow_up", .item_id = follow_up_2, .priority = 2,
     .owner_user_id = staff_ids[0], .deadline = deadline_follow, .status = "in_progress"},
    {.offer_id = offer_id, .title = "Kend prisen på et botræningsforløb",
     .assessment_id = old, .element_key = "economy", .priority = 3, .owner_user_id = leader_id,
     .deadline = deadline_economy, .status = "open"},
  };
  gint64 point_ids[G_N_ELEMENTS(points)];
  for (guint p = 0; p < G_N_ELEMENTS(points); p++)
    if ((point_ids[p] = store_development_point_create(db, leader_id, &points[p], NULL, error)) ==
        0) {
      g_rand_free(r);
      return FALSE;
    }
  g_autofree char *trial_start = day(anchor, -14);
  g_autofree char *trial_end = day(anchor, 28);
  g_autofree char *old_start = day(anchor, -300);
  g_autofree char *old_end = day(anchor, -260);
  StoreTrialInput trials[] = {
    {.offer_id = offer_id, .development_point_id = point_ids[1],
     .title = "Målingerne på dagsordenen på teammødet i Hus A",
     .hypothesis = "Hvis vi gennemgår de seneste VUM-målinger for to beboere på hvert teammøde i "
                   "Hus A i seks uger, justerer kontaktpersonerne indsatsplanen for mindst "
                   "halvdelen af de drøftede beboere.",
     .indicator = "Andelen af de drøftede beboere, hvis indsatsplan er justeret inden næste "
                  "teammøde.",
     .plan_who = "Mette Kjær og Jonas Bach", .plan_where = "Teammødet i Hus A",
     .plan_when = "Hver tirsdag i seks uger", .starts_on = trial_start, .ends_on = trial_end,
     .status = "running"},
    {.offer_id = offer_id, .development_point_id = point_ids[0],
     .title = "Påmindelse om målingen i kontaktpersonens kalender",
     .hypothesis = "Med en påmindelse i kalenderen bliver mindst 9 ud af 10 planlagte målinger "
                   "lavet inden for en uge.",
     .indicator = "Andel af planlagte målinger lavet til tiden.",
     .plan_who = "Kontaktpersonerne i Hus B", .plan_where = "Hus B",
     .plan_when = "Et kvartal", .starts_on = old_start, .ends_on = old_end, .status = "finished",
     .result = "11 af 12 målinger blev lavet inden for en uge (før: omkring halvdelen).",
     .learning = "Påmindelsen virker, når den ligger hos den, der skal gøre det.",
     .decision = "adopt"},
  };
  for (guint t = 0; t < G_N_ELEMENTS(trials); t++)
    if (store_trial_create(db, staff_ids[0], &trials[t], NULL, error) == 0) {
      g_rand_free(r);
      return FALSE;
    }
  g_rand_free(r);

  if (!theory(db, leader_id, offer_id, error))
    return FALSE;

  StoreJourneyInput journey = {.offer_id = offer_id, .title = "Indflytning i botilbuddet",
                               .kind = "generalised",
                               .description = "De første fire uger for en ny beboer, tegnet ud "
                                              "fra flere forløb og beboernes egne fortællinger.",
                               .weeks = 4, .others_label = "Aktivitetscenter"};
  gint64 journey_id = store_journey_create(db, leader_id, &journey, NULL, error);
  if (journey_id == 0)
    return FALSE;
  for (guint e = 0; e < G_N_ELEMENTS(entries); e++)
    if (store_journey_entry_add(db, leader_id, journey_id, entries[e].week, entries[e].lane,
                                entries[e].kind, entries[e].text, NULL, error) == 0)
      return FALSE;

  g_autofree char *plan_day = day(anchor, -90);
  gint64 plan = store_planning_create(db, leader_id, offer_id, "data_collection_plan",
                                      "Aftaler om VUM-målinger", plan_day, NULL, error);
  StorePlanningAnswer agreements[] = {
    {"collect_who", "Kontaktpersonen udfylder VUM sammen med beboeren.", NULL},
    {"collect_when", "Hver tredje måned og ved fraflytning; påmindelse i kalenderen.", NULL},
    {"collect_how", "Dialog med beboeren; personalet vurderer, beboeren giver sin egen score.",
     NULL},
    {"use_when", "Fast punkt på teammødet og på kvartalsmødet med lederen.", NULL},
  };
  g_autofree char *strategy_day = day(anchor, -100);
  gint64 strategy = plan == 0 ? 0
    : store_planning_create(db, leader_id, offer_id, "documentation_strategy",
                            "Strategi for dokumentation 2026", strategy_day, NULL, error);
  return strategy != 0 &&
         store_planning_update(db, leader_id, plan, "Aftaler om VUM-målinger", plan_day,
                               agreements, G_N_ELEMENTS(agreements), error) &&
         store_planning_entry_add(db, leader_id, strategy, "results",
                                  "Vi ønsker viden om borgernes progression på sundhed.",
                                  "Fordi det er det vigtigste parameter for vores indsats.",
                                  "Vi vil bruge denne viden til løbende at se, om tilpasninger i "
                                  "vores indsats giver resultater for borgernes sundhed.",
                                  error) != 0;
}
