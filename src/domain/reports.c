/* reports.c — builds the reports of reports.h: reads the rows once
 * (store/reports.c), puts each citizen's course in order, computes the
 * figures with analysis/stats.h and suppresses small cells with
 * analysis/suppress.h before anything goes into the model.
 *
 * Rules every report keeps:
 *  - one course per citizen: when a citizen had several courses under way
 *    in the period, the one that started last counts, so that every cell
 *    counts citizens and k means k people;
 *  - a measurement point of a course is its first measurement at "start",
 *    its last at "end" and "after_end", and its n-th at "follow_up" (by the
 *    chosen respondent, staff unless asked otherwise);
 *  - a parameter is one item of the instrument, or the mean of the items
 *    answered in a measurement ("alle områder");
 *  - a cell of fewer than k citizens is hidden with everything that rests
 *    on it (mean, interval, bar); tables with totals get complementary
 *    suppression as well, so that no hidden cell can be worked out. */
#include "domain/reports.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/suppress.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "domain/attainment.h"
#include "domain/instrument_def.h"
#include "domain/report_model.h"
#include "domain/report_theory.h"
#include "domain/reports_team.h"
#include "domain/reports_quality.h"
#include "store/report_figures.h"

#define DEFAULT_INSTRUMENT "vum-livsomraader"

static const ReportDef defs[] = {
  {REPORT_OFFER, "offer", N_("Tilbudsrapport"),
   N_("Målgruppe, metoder og dokumenterede resultater for ledelsen og socialtilsynet "
      "(kvalitetsmodellens kriterium 3).")},
  {REPORT_TARGET_GROUP, "target-group", N_("Målgruppen ved opstart"),
   N_("Borgernes score ved opstart fordelt på undergrupper og år (Figur 6).")},
  {REPORT_PROGRESSION, "progression", N_("Udvikling over målepunkterne"),
   N_("Gruppens gennemsnit ved hvert målepunkt på flere parametre (Figur 7).")},
  {REPORT_COMPARISON, "comparison", N_("Sammenligning af indsatser og undergrupper"),
   N_("To eller flere indsatser eller undergrupper ved opstart, afslutning og opfølgning "
      "(Figur 8–9).")},
  {REPORT_GOAL_ATTAINMENT, "goal-attainment", N_("Når vi vores mål?"),
   N_("Målopfyldelse pr. parameter i fem kategorier (Figur 10).")},
  {REPORT_STAFF_SELF, "staff-self", N_("Medarbejderens og borgerens vurdering"),
   N_("Medarbejderens vurdering ved siden af borgerens egen, ved de samme målepunkter.")},
  {REPORT_TEAM, "team", N_("Teamets resultatliste"),
   N_("Borgere, der afsluttede en fase i perioden, med mål nået og livsområderne over fasen.")},
  {REPORT_CASELOAD, "caseload", N_("Sagsbelastning pr. medarbejder"),
   N_("Borgere i forløb, forløb begyndt og afsluttet, sessioner og målinger pr. medarbejder.")},
  {REPORT_COSTS, "costs", N_("Omkostninger pr. indsats"),
   N_("Omkostning pr. borgerforløb og pr. point forbedring for hver indsats.")},
  {REPORT_INTER_RATER, "inter-rater", N_("Enighed mellem bedømmere"),
   N_("Hvor enige medarbejdere er, når flere bedømmer den samme borger ved det samme "
      "målepunkt (ICC og vægtet kappa).")},
  {REPORT_COMPLETENESS, "completeness", N_("Fuldstændighed og rettidighed"),
   N_("Planlagte målinger: udført til tiden, for sent eller mangler, pr. indsats, afdeling "
      "eller medarbejder.")},
  {REPORT_TARGET_FIT, "target-fit", N_("Tiltænkt og faktisk målgruppe"),
   N_("Indsatsernes inklusionskriterier sammenholdt med de borgere, der faktisk startede "
      "(Figur 14).")},
};

const ReportDef *
report_defs(gsize *out_n)
{
  *out_n = G_N_ELEMENTS(defs);
  return defs;
}

const ReportDef *
report_find(const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS(defs); i++)
    if (strcmp(defs[i].name, name) == 0)
      return &defs[i];
  return report_quality_find(name);
}

static const struct {
  const char *code, *label;
} by_codes[] = {
  {"none", N_("Ingen opdeling")},
  {"gender", N_("Køn")},
  {"age_band", N_("Alder ved opstart")},
  {"intervention", N_("Indsats")},
  {"referral_basis", N_("Visitationsgrundlag")},
  {"education", N_("Uddannelse")},
  {"occupation", N_("Beskæftigelse")},
  {"housing", N_("Boligforhold")},
  {"family_situation", N_("Familieforhold")},
  {"cohabitation", N_("Samlivsstatus")},
  {"mother_tongue", N_("Modersmål")},
  {"diagnoses", N_("Diagnoser")},
  {"medical_treatment", N_("Medicinsk behandling")},
  {"criminal_record", N_("Kriminalitet")},
  {"ethnic_background", N_("Etnisk baggrund")},
  {"end_reason", N_("Afslutningsårsag")},
  {"discharged_to", N_("Udskrevet til ny indsats")},
  {"medical_treatment_end", N_("Medicinsk behandling ved afslutning")},
  {"cohabitation_end", N_("Samlivssituation ved afslutning")},
  {"offer", N_("Tilbud")},
  {"unit", N_("Afdeling")},
  {"worker", N_("Kontaktperson")},
};

gboolean
report_by_valid(const char *by)
{
  for (guint i = 0; by != NULL && i < G_N_ELEMENTS(by_codes); i++)
    if (strcmp(by_codes[i].code, by) == 0)
      return TRUE;
  return FALSE;
}

json_t *
report_by_options(void)
{
  json_t *a = json_array();
  for (guint i = 0; i < G_N_ELEMENTS(by_codes); i++)
    json_array_append_new(a, json_pack("{s:s, s:s}", "code", by_codes[i].code, "label",
                                       _(by_codes[i].label)));
  return a;
}

static const char *
by_label(const char *by)
{
  for (guint i = 0; i < G_N_ELEMENTS(by_codes); i++)
    if (strcmp(by_codes[i].code, by) == 0)
      return _(by_codes[i].label);
  return by;
}

/* ---- The data ------------------------------------------------------------------- */

enum { PT_START, PT_FOLLOW_UP, PT_END, PT_AFTER_END, PT_OTHER };
enum { R_STAFF, R_CITIZEN, R_RELATIVE, R_AUTHORITY, R_COUNT };

typedef struct {
  gint64 id, course_id;
  int point, ordinal; /* ordinal: the n-th follow-up of this respondent, from 1 */
  int respondent;
  char measured_on[11];
  double values[];    /* n_items, NaN when not answered */
} Meas;

typedef struct {
  gint64 id, citizen_id, intervention_id, offer_id;
  const char *intervention, *gender, *group, *started_on; /* borrowed from courses */
  int year, age;      /* year of the start; age at the start (-1 unknown) */
  gboolean skip;      /* another course of the citizen counts instead */
  GPtrArray *meas;    /* of Meas (Data.every owns them), of the points the reports
                       * count; by date once loaded; empty when skipped */
} Course;

typedef struct {
  const ReportFilter *f;
  json_t *courses_json;
  GArray *courses;         /* of Course */
  GHashTable *by_id;       /* course id → index + 1 */
  json_t *instrument;      /* store_instrument_get_by_key */
  guint n_items;
  const char **item_keys, **item_names; /* borrowed from instrument */
  GHashTable *item_index;  /* key → index + 1 */
  GHashTable *meas_index;  /* measurement id → Meas, while loading */
  json_t *items_json;      /* store_reports_items */
  GHashTable *item_ids;    /* instrument_item id of any version → index + 1 */
  gboolean higher_better;
  double scale_min, scale_max;
  double reliability;      /* the definition's r; NaN when it has none or it is not asked for */
  int respondent;
  int max_follow_up;
  guint k;
  Meas *cur_meas;          /* the last answer's measurement, while loading */
  GPtrArray *every;        /* of Meas, owned: every measurement loaded, of every course and
                            * point (the theory figures count them all) */
  gboolean every_sorted;   /* every is by course, date and id */
} Data;

static int
point_code(const char *p)
{
  if (strcmp(p, "start") == 0)
    return PT_START;
  if (strcmp(p, "follow_up") == 0)
    return PT_FOLLOW_UP;
  if (strcmp(p, "end") == 0)
    return PT_END;
  if (strcmp(p, "after_end") == 0)
    return PT_AFTER_END;
  return PT_OTHER;
}

static int
respondent_code(const char *r)
{
  if (r == NULL || strcmp(r, "staff") == 0)
    return R_STAFF;
  if (strcmp(r, "citizen") == 0)
    return R_CITIZEN;
  if (strcmp(r, "relative") == 0)
    return R_RELATIVE;
  return R_AUTHORITY;
}

/* One measurement; the rows come in no particular order (sorting them in
 * the database cost more than the whole report), so the measurements are
 * put in date order afterwards, and answers find theirs by id. */
static void
on_measurement(const StoreReportsMeasurement *r, void *user_data)
{
  Data *d = user_data;
  if (g_hash_table_contains(d->meas_index, &r->id))
    return;
  gpointer idx = g_hash_table_lookup(d->by_id, &r->course_id);
  Course *c = idx ? &g_array_index(d->courses, Course, GPOINTER_TO_UINT(idx) - 1) : NULL;
  if (c == NULL)
    return;
  int point = point_code(r->point);
  Meas *m = g_malloc0(sizeof(Meas) + d->n_items * sizeof(double));
  m->id = r->id;
  m->course_id = r->course_id;
  m->point = point;
  m->respondent = respondent_code(r->respondent);
  g_strlcpy(m->measured_on, r->measured_on, sizeof m->measured_on);
  for (guint i = 0; i < d->n_items; i++)
    m->values[i] = NAN;
  g_ptr_array_add(d->every, m);
  g_hash_table_insert(d->meas_index, &m->id, m);
  if (!c->skip && point != PT_OTHER)
    g_ptr_array_add(c->meas, m);
}

static void
on_answer(const StoreReportsAnswer *a, void *user_data)
{
  Data *d = user_data;
  if (d->cur_meas == NULL || d->cur_meas->id != a->measurement_id)
    d->cur_meas = g_hash_table_lookup(d->meas_index, &a->measurement_id);
  gpointer item = g_hash_table_lookup(d->item_ids, &a->item_id);
  if (d->cur_meas != NULL && item != NULL)
    d->cur_meas->values[GPOINTER_TO_UINT(item) - 1] = a->value;
}

static gint
meas_order(gconstpointer a, gconstpointer b)
{
  const Meas *x = *(Meas *const *)a, *y = *(Meas *const *)b;
  int c = strcmp(x->measured_on, y->measured_on);
  return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

/* Puts every course's measurements in date order and numbers the
 * follow-ups of each respondent. */
static void
order_measurements(Data *d)
{
  for (guint i = 0; i < d->courses->len; i++) {
    Course *c = &g_array_index(d->courses, Course, i);
    g_ptr_array_sort(c->meas, meas_order);
    int follow_ups[R_COUNT] = {0};
    for (guint j = 0; j < c->meas->len; j++) {
      Meas *m = c->meas->pdata[j];
      if (m->point != PT_FOLLOW_UP)
        continue;
      m->ordinal = ++follow_ups[m->respondent];
      d->max_follow_up = MAX(d->max_follow_up, m->ordinal);
    }
  }
}

static void
meas_free(gpointer p)
{
  g_free(p);
}

static void
course_clear(gpointer p)
{
  Course *c = p;
  if (c->meas != NULL)
    g_ptr_array_free(c->meas, TRUE);
}

static void
data_clear(Data *d)
{
  if (d->courses != NULL)
    g_array_free(d->courses, TRUE);
  if (d->every != NULL)
    g_ptr_array_free(d->every, TRUE);
  if (d->by_id != NULL)
    g_hash_table_destroy(d->by_id);
  if (d->item_index != NULL)
    g_hash_table_destroy(d->item_index);
  if (d->meas_index != NULL)
    g_hash_table_destroy(d->meas_index);
  if (d->item_ids != NULL)
    g_hash_table_destroy(d->item_ids);
  json_decref(d->items_json);
  g_free(d->item_keys);
  g_free(d->item_names);
  json_decref(d->courses_json);
  json_decref(d->instrument);
}

/* The instrument's items, direction and reliability. */
static gboolean
load_instrument(StoreDb *db, Data *d, GError **error)
{
  const char *key = d->f->instrument ? d->f->instrument : DEFAULT_INSTRUMENT;
  d->instrument = store_instrument_get_by_key(db, key, error);
  if (d->instrument == NULL)
    return FALSE;
  json_t *items = json_object_get(d->instrument, "items");
  d->n_items = (guint)json_array_size(items);
  d->item_keys = g_new0(const char *, d->n_items + 1);
  d->item_names = g_new0(const char *, d->n_items + 1);
  d->item_index = g_hash_table_new(g_str_hash, g_str_equal);
  gboolean en = spor_i18n_current() == SPOR_LANG_EN;
  for (guint i = 0; i < d->n_items; i++) {
    json_t *it = json_array_get(items, i);
    d->item_keys[i] = json_string_value(json_object_get(it, "key"));
    d->item_names[i] = json_string_value(json_object_get(it, en ? "text_en" : "text_da"));
    g_hash_table_insert(d->item_index, (gpointer)d->item_keys[i], GUINT_TO_POINTER(i + 1));
  }
  d->higher_better = json_is_true(json_object_get(d->instrument, "higher_is_better")) ||
                     json_integer_value(json_object_get(d->instrument, "higher_is_better")) == 1;
  d->scale_min = json_number_value(json_object_get(d->instrument, "scale_min"));
  d->scale_max = json_number_value(json_object_get(d->instrument, "scale_max"));
  d->reliability = NAN;
  /* The reliability is in the definition only; read it when it is used. */
  g_autofree char *text =
    d->f->reliable_only
      ? store_instrument_definition(db, json_integer_value(json_object_get(d->instrument, "id")),
                                    NULL)
      : NULL;
  if (text != NULL) {
    g_autoptr(InstrumentDef) def = instrument_def_parse(text, strlen(text), NULL);
    if (def != NULL && def->has_reliability)
      d->reliability = def->reliability;
  }
  if (d->f->item != NULL && !g_hash_table_contains(d->item_index, d->f->item)) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND,
                "Instrumentet har ikke området '%s'.", d->f->item);
    return FALSE;
  }
  return TRUE;
}

static gboolean
load(StoreDb *db, gint64 actor, Data *d, const char *background, GError **error)
{
  StoreReportsScope scope = {.actor = actor, .offer_id = d->f->offer_id,
                             .intervention_id = d->f->intervention_id,
                             .unit_id = d->f->unit_id, .from = d->f->from, .to = d->f->to,
                             .background = background};
  if (!store_reports_check_scope(db, &scope, error) || !load_instrument(db, d, error))
    return FALSE;
  d->courses_json = store_reports_courses(db, &scope, error);
  if (d->courses_json == NULL)
    return FALSE;
  d->courses = g_array_sized_new(FALSE, TRUE, sizeof(Course),
                                 (guint)json_array_size(d->courses_json));
  g_array_set_clear_func(d->courses, course_clear);
  d->by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
  GHashTable *citizen = g_hash_table_new(g_int64_hash, g_int64_equal); /* → index + 1 */
  size_t i;
  json_t *row;
  json_array_foreach(d->courses_json, i, row) {
    Course c = {0};
    c.id = json_integer_value(json_object_get(row, "course_id"));
    c.citizen_id = json_integer_value(json_object_get(row, "citizen_id"));
    c.intervention_id = json_integer_value(json_object_get(row, "intervention_id"));
    c.intervention = json_string_value(json_object_get(row, "intervention"));
    c.gender = json_string_value(json_object_get(row, "gender"));
    c.group = json_string_value(json_object_get(row, "grp"));
    c.started_on = json_string_value(json_object_get(row, "started_on"));
    c.year = c.started_on != NULL ? atoi(c.started_on) : 0;
    const char *birth = json_string_value(json_object_get(row, "birth_date"));
    c.age = birth != NULL && c.started_on != NULL ? spor_age_years(birth, c.started_on) : -1;
    c.offer_id = json_integer_value(json_object_get(row, "offer_id"));
    c.meas = g_ptr_array_new();
    g_array_append_val(d->courses, c);
  }
  /* Keys point into the array, which no longer grows. */
  for (guint j = 0; j < d->courses->len; j++) {
    Course *c = &g_array_index(d->courses, Course, j);
    g_hash_table_insert(d->by_id, &c->id, GUINT_TO_POINTER(j + 1));
    gpointer other = g_hash_table_lookup(citizen, &c->citizen_id);
    if (other != NULL) {
      Course *o = &g_array_index(d->courses, Course, GPOINTER_TO_UINT(other) - 1);
      if (strcmp(c->started_on, o->started_on) >= 0) {
        o->skip = TRUE;
        g_hash_table_insert(citizen, &c->citizen_id, GUINT_TO_POINTER(j + 1));
      } else {
        c->skip = TRUE;
      }
    } else {
      g_hash_table_insert(citizen, &c->citizen_id, GUINT_TO_POINTER(j + 1));
    }
  }
  g_hash_table_destroy(citizen);
  d->respondent = respondent_code(d->f->respondent);
  d->k = MAX(d->f->k, SUPPRESS_K_MIN);
  const char *key = d->f->instrument ? d->f->instrument : DEFAULT_INSTRUMENT;
  d->items_json = store_reports_items(db, key, error);
  if (d->items_json == NULL)
    return FALSE;
  d->item_ids = g_hash_table_new(g_int64_hash, g_int64_equal);
  gint64 *ids = g_new(gint64, json_array_size(d->items_json) + 1);
  json_array_foreach(d->items_json, i, row) {
    ids[i] = json_integer_value(json_object_get(row, "id"));
    gpointer index = g_hash_table_lookup(d->item_index,
                                         json_string_value(json_object_get(row, "key")));
    if (index != NULL)
      g_hash_table_insert(d->item_ids, &ids[i], index);
  }
  d->meas_index = g_hash_table_new(g_int64_hash, g_int64_equal);
  d->every = g_ptr_array_new_with_free_func(meas_free);
  gboolean ok = store_reports_answers(db, &scope, key, on_measurement, on_answer, d, error);
  g_hash_table_destroy(d->item_ids);
  d->item_ids = NULL;
  g_free(ids);
  if (!ok)
    return FALSE;
  g_hash_table_destroy(d->meas_index);
  d->meas_index = NULL;
  order_measurements(d);
  return TRUE;
}

/* The value of parameter p (an item, or -1: the mean of the items
 * answered) in measurement m; NaN when missing. */
static double
meas_value(const Data *d, const Meas *m, int p)
{
  if (p >= 0)
    return m->values[p];
  double sum = 0;
  guint n = 0;
  for (guint i = 0; i < d->n_items; i++)
    if (!isnan(m->values[i])) {
      sum += m->values[i];
      n++;
    }
  return n > 0 ? sum / n : NAN;
}

/* The course's measurement at point (ordinal for follow-ups) by
 * respondent: the first at start and follow-ups, the last at the end and
 * after; NULL when there is none. */
static const Meas *
course_meas(const Course *c, int point, int ordinal, int respondent)
{
  const Meas *found = NULL;
  for (guint i = 0; i < c->meas->len; i++) {
    const Meas *m = c->meas->pdata[i];
    if (m->point != point || m->respondent != respondent ||
        (point == PT_FOLLOW_UP && m->ordinal != ordinal))
      continue;
    found = m;
    if (point == PT_START || point == PT_FOLLOW_UP)
      break;
  }
  return found;
}

static double
course_value(const Data *d, const Course *c, int point, int ordinal, int respondent, int p)
{
  const Meas *m = course_meas(c, point, ordinal, respondent);
  return m != NULL ? meas_value(d, m, p) : NAN;
}

/* The latest measurement of the course by respondent at any point. */
static const Meas *
course_latest(const Course *c, int respondent)
{
  for (guint i = c->meas->len; i > 0; i--) {
    const Meas *m = c->meas->pdata[i - 1];
    if (m->respondent == respondent)
      return m;
  }
  return NULL;
}

/* ---- Subgroups ------------------------------------------------------------------ */

static const char *
age_band(int age)
{
  if (age < 0)
    return N_("Ikke oplyst");
  if (age < 18)
    return N_("Under 18 år");
  if (age < 30)
    return N_("18–29 år");
  if (age < 50)
    return N_("30–49 år");
  if (age < 65)
    return N_("50–64 år");
  return N_("65 år og derover");
}

static const char *
gender_label(const char *g)
{
  if (g == NULL)
    return _("Ikke oplyst");
  if (strcmp(g, "female") == 0)
    return _("Kvinde");
  if (strcmp(g, "male") == 0)
    return _("Mand");
  return _("Andet");
}

/* The course's subgroup under by, as people read it (borrowed or static). */
static const char *
group_of(const Course *c, const char *by)
{
  if (strcmp(by, "none") == 0)
    return _("Alle");
  if (strcmp(by, "gender") == 0)
    return gender_label(c->gender);
  if (strcmp(by, "age_band") == 0)
    return _(age_band(c->age));
  if (strcmp(by, "intervention") == 0)
    return c->intervention;
  return c->group != NULL && *c->group != '\0' ? c->group : _("Ikke oplyst");
}

static gint
collate_ptr(gconstpointer a, gconstpointer b)
{
  return g_utf8_collate(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct groups of the counted courses, sorted; a new array of
 * borrowed strings. */
static GPtrArray *
groups(const Data *d, const char *by)
{
  GPtrArray *a = g_ptr_array_new();
  /* Fixed categories are all listed, so that a row's presence never tells
   * that somebody has a rare value. */
  if (strcmp(by, "gender") == 0) {
    g_ptr_array_add(a, (gpointer)_("Kvinde"));
    g_ptr_array_add(a, (gpointer)_("Mand"));
    g_ptr_array_add(a, (gpointer)_("Andet"));
  } else if (strcmp(by, "age_band") == 0) {
    static const char *const bands[] = {N_("Under 18 år"), N_("18–29 år"), N_("30–49 år"),
                                        N_("50–64 år"), N_("65 år og derover")};
    for (guint i = 0; i < G_N_ELEMENTS(bands); i++)
      g_ptr_array_add(a, (gpointer)_(bands[i]));
  }
  for (guint i = 0; i < d->courses->len; i++) {
    const Course *c = &g_array_index(d->courses, Course, i);
    if (c->skip)
      continue;
    const char *g = group_of(c, by);
    gboolean seen = FALSE;
    for (guint j = 0; j < a->len && !seen; j++)
      seen = strcmp(a->pdata[j], g) == 0;
    if (!seen)
      g_ptr_array_add(a, (gpointer)g);
  }
  g_ptr_array_sort(a, collate_ptr);
  return a;
}

static int
group_index(GPtrArray *a, const char *g)
{
  for (guint j = 0; j < a->len; j++)
    if (strcmp(a->pdata[j], g) == 0)
      return (int)j;
  return -1;
}

/* ---- Model pieces --------------------------------------------------------------- */

/* A chart model over x labels with series [{name, values}]. */
static json_t *
chart_new(const char *kind, const char *title, const char *desc, json_t *x, json_t *series,
          const Data *d, const char *x_label, const char *y_label)
{
  json_t *c = json_pack("{s:s, s:s, s:s, s:o, s:o, s:f, s:f, s:s, s:s}", "kind", kind, "title",
                        title, "description", desc, "x", x, "series", series, "y_min",
                        d->scale_min, "y_max", d->scale_max, "x_label", x_label, "y_label",
                        y_label);
  json_object_set_new(c, "y_direction",
                      json_string(d->higher_better ? "higher_is_better" : "lower_is_better"));
  return c;
}

static const char *
param_name(const Data *d, int p)
{
  return p >= 0 ? d->item_names[p] : _("Gennemsnit af alle områder");
}

/* The parameter of a one-parameter figure: the chosen item, or the mean. */
static int
chosen_param(const Data *d)
{
  if (d->f->item == NULL)
    return -1;
  return (int)GPOINTER_TO_UINT(g_hash_table_lookup(d->item_index, d->f->item)) - 1;
}

static const char *
no_data_message(void)
{
  return _("Ingen borgere med målinger passer til filtrene i perioden. Vælg en længere periode "
           "eller færre filtre.");
}

/* ---- 1. The target group at start (Figur 6) --------------------------------------- */

static void
build_target_group(Data *d, const char *by, json_t *sections)
{
  int p = chosen_param(d);
  g_autofree char *title = g_strdup_printf(_("Målgruppen ved opstart: %s"), param_name(d, p));
  json_t *s = report_section_new("target-group", title,
    _("Hver søjle er gennemsnittet ved opstart for borgere i en undergruppe, der begyndte i det "
      "år, søjlens farve viser. Tabellen giver antallet af borgere og et 95 %-konfidensinterval: "
      "overlapper to intervaller meget, kan data ikke skelne grupperne. Grupper med færre end k "
      "borgere er skjult, og så mange andre celler, at de ikke kan regnes ud af totalerne."));
  json_array_append_new(sections, s);
  g_autoptr(GPtrArray) gs = groups(d, by);
  /* The years in which counted courses started inside the period. */
  int y0 = atoi(d->f->from), y1 = atoi(d->f->to);
  guint span = (guint)MAX(y1 - y0 + 1, 1), ng = gs->len;
  int *year_col = g_new(int, span); /* year − y0 → column, or −1 */
  guint ny = 0;
  for (guint y = 0; y < span; y++) {
    year_col[y] = -1;
    for (guint i = 0; i < d->courses->len && year_col[y] < 0; i++) {
      const Course *c = &g_array_index(d->courses, Course, i);
      if (!c->skip && c->year == y0 + (int)y && strcmp(c->started_on, d->f->from) >= 0 &&
          strcmp(c->started_on, d->f->to) <= 0)
        year_col[y] = (int)ny++;
    }
  }
  int *col_year = g_new(int, MAX(ny, 1));
  for (guint y = 0; y < span; y++)
    if (year_col[y] >= 0)
      col_year[year_col[y]] = y0 + (int)y;
  g_free(year_col);
  if (ng == 0 || ny == 0) {
    g_free(col_year);
    report_section_empty(s, no_data_message());
    return;
  }
  GArray **vals = g_new0(GArray *, ng * ny);
  for (guint i = 0; i < ng * ny; i++)
    vals[i] = g_array_new(FALSE, FALSE, sizeof(double));
  gint64 *counts = g_new0(gint64, ng * ny);
  guint total = 0;
  for (guint i = 0; i < d->courses->len; i++) {
    const Course *c = &g_array_index(d->courses, Course, i);
    if (c->skip || strcmp(c->started_on, d->f->from) < 0 || strcmp(c->started_on, d->f->to) > 0)
      continue;
    double v = course_value(d, c, PT_START, 0, d->respondent, p);
    if (isnan(v))
      continue;
    guint col = 0;
    while (col < ny && col_year[col] != c->year)
      col++;
    guint cell = (guint)group_index(gs, group_of(c, by)) * ny + col;
    g_array_append_val(vals[cell], v);
    counts[cell]++;
    total++;
  }
  if (total == 0) {
    report_section_empty(s, no_data_message());
  } else {
    SuppressMark *marks = g_new0(SuppressMark, (ng + 1) * (ny + 1));
    g_autoptr(GError) err = NULL;
    gboolean ok = suppress_2d(counts, ng, ny, d->k, marks, &err);
    const char *const cols[] = {_("Undergruppe"), _("År"), _("Antal borgere"), _("Gennemsnit"),
                                _("95 %-KI, nedre"), _("95 %-KI, øvre")};
    const gboolean numeric[] = {FALSE, FALSE, TRUE, TRUE, TRUE, TRUE};
    json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
    json_t *x = json_array(), *series = json_array();
    for (guint g = 0; g < ng; g++)
      json_array_append_new(x, json_string(gs->pdata[g]));
    json_t **values = g_new(json_t *, ny);
    for (guint y = 0; y < ny; y++)
      values[y] = json_array();
    for (guint g = 0; g <= ng; g++) {
      for (guint y = 0; y <= ny; y++) {
        /* The cell, a row total (y = ny), a column total (g = ng). */
        g_autoptr(GArray) pool = g_array_new(FALSE, FALSE, sizeof(double));
        for (guint gg = 0; gg < ng; gg++)
          for (guint yy = 0; yy < ny; yy++)
            if ((g == ng || gg == g) && (y == ny || yy == y))
              g_array_append_vals(pool, vals[gg * ny + yy]->data, vals[gg * ny + yy]->len);
        StatsSummary sum;
        stats_summary((double *)pool->data, pool->len, &sum);
        gboolean hidden = !ok || marks[g * (ny + 1) + y] != SUPPRESS_SHOWN;
        if (g < ng && y < ny)
          json_array_append_new(values[y], hidden ? json_null() : json_real(sum.mean));
        json_t *cells = report_table_row(table);
        json_array_append_new(cells, report_cell_header(g < ng ? gs->pdata[g] : _("I alt")));
        g_autofree char *year = y < ny ? g_strdup_printf("%d", col_year[y]) : g_strdup(_("I alt"));
        json_array_append_new(cells, report_cell_text(year));
        if (hidden) {
          json_array_append_new(cells, report_cell_hidden(d->k, TRUE));
          for (int k = 0; k < 3; k++)
            json_array_append_new(cells, report_cell_hidden(d->k, FALSE));
        } else {
          json_array_append_new(cells, report_cell_count(sum.n));
          json_array_append_new(cells, report_cell_num(sum.mean, 2));
          json_array_append_new(cells, report_cell_num(sum.ci_low, 2));
          json_array_append_new(cells, report_cell_num(sum.ci_high, 2));
        }
      }
    }
    for (guint y = 0; y < ny; y++) {
      g_autofree char *name = g_strdup_printf("%d", col_year[y]);
      json_array_append_new(series, json_pack("{s:s, s:o}", "name", name, "values", values[y]));
    }
    g_free(values);
    g_autofree char *desc = g_strdup_printf(
      _("Gennemsnitlig score ved opstart (%s) fordelt på %s og startår."), param_name(d, p),
      by_label(by));
    json_object_set_new(s, "chart", chart_new("bar", title, desc, x, series, d, by_label(by),
                                              _("Gennemsnit ved opstart")));
    json_object_set_new(s, "table", table);
    g_free(marks);
  }
  for (guint i = 0; i < ng * ny; i++)
    g_array_free(vals[i], TRUE);
  g_free(vals);
  g_free(counts);
  g_free(col_year);
}

/* ---- 2. Progression (Figur 7) ------------------------------------------------------- */

typedef struct {
  int point, ordinal;
  char *label;
} PointKey;

/* The points present: start, follow-ups 1…n, end, after the end. */
static GArray *
point_keys(const Data *d, gboolean with_follow_ups)
{
  GArray *a = g_array_new(FALSE, FALSE, sizeof(PointKey));
  PointKey k = {PT_START, 0, g_strdup(_("Opstart"))};
  g_array_append_val(a, k);
  for (int i = 1; with_follow_ups && i <= d->max_follow_up; i++) {
    PointKey f = {PT_FOLLOW_UP, i, g_strdup_printf(_("Opfølgning %d"), i)};
    g_array_append_val(a, f);
  }
  PointKey e = {PT_END, 0, g_strdup(_("Afslutning"))};
  g_array_append_val(a, e);
  PointKey after = {PT_AFTER_END, 0, g_strdup(_("Efter afslutning"))};
  g_array_append_val(a, after);
  return a;
}

static void
point_keys_free(GArray *a)
{
  for (guint i = 0; i < a->len; i++)
    g_free(g_array_index(a, PointKey, i).label);
  g_array_free(a, TRUE);
}

/* Each counted course's measurement at a point (NULL when none), found
 * once and used for every parameter; a new array of borrowed pointers. */
static GPtrArray *
point_meas(const Data *d, const PointKey *pk)
{
  GPtrArray *a = g_ptr_array_sized_new(d->courses->len);
  for (guint i = 0; i < d->courses->len; i++) {
    const Course *c = &g_array_index(d->courses, Course, i);
    g_ptr_array_add(a, c->skip ? NULL
                               : (gpointer)course_meas(c, pk->point, pk->ordinal, d->respondent));
  }
  return a;
}

/* Values of parameter p in those measurements (of courses in group under
 * by when by is not NULL). */
static GArray *
values_of(const Data *d, const GPtrArray *meas, int p, const char *by, const char *group)
{
  GArray *v = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < meas->len; i++) {
    const Meas *m = meas->pdata[i];
    if (m == NULL ||
        (by != NULL &&
         strcmp(group_of(&g_array_index(d->courses, Course, i), by), group) != 0))
      continue;
    double x = meas_value(d, m, p);
    if (!isnan(x))
      g_array_append_val(v, x);
  }
  return v;
}

/* Values of parameter p at a point over the counted courses (in group g
 * under by when by is not NULL). */
static GArray *
point_values(const Data *d, const PointKey *pk, int p, const char *by, const char *group)
{
  g_autoptr(GPtrArray) meas = point_meas(d, pk);
  return values_of(d, meas, p, by, group);
}

/* Paired change from start to end of parameter p (in a group). */
static void
paired(const Data *d, int p, const char *by, const char *group, StatsPaired *out)
{
  g_autoptr(GArray) a = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) b = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < d->courses->len; i++) {
    const Course *c = &g_array_index(d->courses, Course, i);
    if (c->skip || (by != NULL && strcmp(group_of(c, by), group) != 0))
      continue;
    double x = course_value(d, c, PT_START, 0, d->respondent, p);
    double y = course_value(d, c, PT_END, 0, d->respondent, p);
    if (isnan(x) && isnan(y))
      continue;
    g_array_append_val(a, x);
    g_array_append_val(b, y);
  }
  stats_paired((double *)a->data, (double *)b->data, a->len, out);
}

/* A row of the change table: label, n, start, end, change, CI, g. */
static void
change_row(const Data *d, json_t *table, const char *label, const StatsPaired *pr)
{
  json_t *cells = report_table_row(table);
  json_array_append_new(cells, report_cell_header(label));
  if (pr->n < d->k) {
    json_array_append_new(cells, report_cell_hidden(d->k, TRUE));
    for (int i = 0; i < 6; i++)
      json_array_append_new(cells, report_cell_hidden(d->k, FALSE));
    return;
  }
  json_array_append_new(cells, report_cell_count(pr->n));
  json_array_append_new(cells, report_cell_num(pr->mean_before, 2));
  json_array_append_new(cells, report_cell_num(pr->mean_after, 2));
  json_array_append_new(cells, report_cell_num(pr->mean_diff, 2));
  g_autofree char *ci = NULL;
  if (isfinite(pr->ci_low)) {
    g_autofree char *lo = report_num_text(pr->ci_low, 2), *hi = report_num_text(pr->ci_high, 2);
    ci = g_strdup_printf("%s – %s", lo, hi);
  }
  json_array_append_new(cells, report_cell_text(ci != NULL ? ci : "–"));
  json_array_append_new(cells, pr->n >= STATS_SHOW_MIN_EFFECT ? report_cell_num(pr->g_av, 2)
                                                              : report_cell_text("–"));
}

static json_t *
change_table(void)
{
  const char *const cols[] = {_("Parameter"), _("Borgere med start og slut"), _("Start"),
                              _("Slut"), _("Ændring"), _("95 %-KI for ændringen"),
                              _("Effektstørrelse (Hedges' g)")};
  const gboolean numeric[] = {FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE};
  return report_table_new(cols, numeric, G_N_ELEMENTS(cols));
}

static void
build_progression(Data *d, json_t *sections)
{
  int chosen = chosen_param(d);
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(int));
  if (chosen >= 0 || d->n_items == 0)
    g_array_append_val(params, chosen);
  else
    for (int i = 0; i < (int)d->n_items; i++)
      g_array_append_val(params, i);
  json_t *s = report_section_new("progression", _("Udvikling over målepunkterne"),
    _("Hver linje viser gennemsnittet for én parameter ved hvert målepunkt i forløbet. Et "
      "målepunkt med færre end k borgere er udeladt (et hul i linjen). Borgerne ved de enkelte "
      "målepunkter er ikke nødvendigvis de samme: forandringen for de borgere, der er målt både "
      "ved opstart og afslutning, står i tabellen under figuren."));
  json_array_append_new(sections, s);
  GArray *keys = point_keys(d, TRUE);
  json_t *x = json_array(), *series = json_array();
  const char *first_col[] = {_("Målepunkt"), _("Antal borgere")};
  guint ncols = 2 + params->len;
  const char **cols = g_new0(const char *, ncols);
  gboolean *numeric = g_new0(gboolean, ncols);
  cols[0] = first_col[0];
  cols[1] = first_col[1];
  numeric[1] = TRUE;
  for (guint j = 0; j < params->len; j++) {
    cols[2 + j] = param_name(d, g_array_index(params, int, j));
    numeric[2 + j] = TRUE;
  }
  json_t *table = report_table_new(cols, numeric, ncols);
  g_free(cols);
  g_free(numeric);
  json_t **vals = g_new0(json_t *, params->len);
  for (guint j = 0; j < params->len; j++)
    vals[j] = json_array();
  guint shown_points = 0, any = 0;
  for (guint i = 0; i < keys->len; i++) {
    const PointKey *pk = &g_array_index(keys, PointKey, i);
    g_autoptr(GPtrArray) meas = point_meas(d, pk);
    g_autoptr(GArray) all = values_of(d, meas, -1, NULL, NULL);
    if (all->len == 0)
      continue;
    any += all->len;
    shown_points++;
    json_array_append_new(x, json_string(pk->label));
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_header(pk->label));
    json_array_append_new(cells, all->len < d->k ? report_cell_hidden(d->k, TRUE) : report_cell_count(all->len));
    for (guint j = 0; j < params->len; j++) {
      g_autoptr(GArray) v = values_of(d, meas, g_array_index(params, int, j), NULL, NULL);
      StatsSummary sum;
      stats_summary((double *)v->data, v->len, &sum);
      gboolean hidden = sum.n < d->k;
      json_array_append_new(vals[j], hidden ? json_null() : json_real(sum.mean));
      json_array_append_new(cells, hidden ? report_cell_hidden(d->k, FALSE) : report_cell_num(sum.mean, 2));
    }
  }
  for (guint j = 0; j < params->len; j++)
    json_array_append_new(series, json_pack("{s:s, s:o}", "name",
                                            param_name(d, g_array_index(params, int, j)),
                                            "values", vals[j]));
  g_free(vals);
  point_keys_free(keys);
  if (any == 0) {
    json_decref(x);
    json_decref(series);
    json_decref(table);
    report_section_empty(s, no_data_message());
    return;
  }
  g_autofree char *desc = g_strdup_printf(
    _("Gennemsnitlig score ved %u målepunkter for %u parametre."), shown_points, params->len);
  json_object_set_new(s, "chart", chart_new("line", _("Udvikling over målepunkterne"), desc, x,
                                            series, d, _("Målepunkt"), _("Gennemsnit")));
  json_object_set_new(s, "table", table);

  json_t *c = report_section_new("change", _("Forandring fra opstart til afslutning"),
    _("For borgere målt både ved opstart og afslutning: gennemsnittet ved de to målinger, den "
      "gennemsnitlige ændring med 95 %-konfidensinterval, og effektstørrelsen (Hedges' g; ca. 0,2 "
      "lille, 0,5 middel, 0,8 stor), som vises fra 10 borgere. Om en ændring er en forbedring, "
      "afhænger af skalaens retning. Et interval, der ikke rummer 0, er en forandring, der er "
      "større end tilfældigheder kan forklare."));
  json_array_append_new(sections, c);
  json_t *ct = change_table();
  guint pairs = 0;
  for (guint j = 0; j < params->len; j++) {
    int p = g_array_index(params, int, j);
    StatsPaired pr;
    paired(d, p, NULL, NULL, &pr);
    pairs = MAX(pairs, pr.n);
    change_row(d, ct, param_name(d, p), &pr);
  }
  if (pairs == 0) {
    json_decref(ct);
    report_section_empty(c, _("Ingen borgere er målt både ved opstart og afslutning i perioden."));
  } else {
    json_object_set_new(c, "table", ct);
    report_section_note(c, d->higher_better ? _("På denne skala er en højere score bedre.")
                                     : _("På denne skala er en lavere score bedre."));
  }
}

/* ---- 3. Comparison (Figur 8–9) ------------------------------------------------------ */

static void
build_comparison(Data *d, const char *by, json_t *sections)
{
  int p = chosen_param(d);
  g_autofree char *title = g_strdup_printf(_("%s: opstart, afslutning og efter afslutning"),
                                           by_label(by));
  json_t *s = report_section_new("comparison", title,
    _("Hver linje er en gruppe; punkterne er gruppens gennemsnit ved opstart, ved afslutningen "
      "og efter afslutningen. Tabellen giver antal borgere og 95 %-konfidensinterval for hvert "
      "punkt. Grupper forskellige steder på skalaen ved opstart kan ikke sammenlignes direkte; "
      "se på ændringen i tabellen under figuren."));
  json_array_append_new(sections, s);
  g_autoptr(GPtrArray) gs = groups(d, by);
  GArray *keys = point_keys(d, FALSE);
  const char *const cols[] = {_("Gruppe"), _("Målepunkt"), _("Antal borgere"), _("Gennemsnit"),
                              _("95 %-KI, nedre"), _("95 %-KI, øvre")};
  const gboolean numeric[] = {FALSE, FALSE, TRUE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
  json_t *x = json_array(), *series = json_array();
  for (guint i = 0; i < keys->len; i++)
    json_array_append_new(x, json_string(g_array_index(keys, PointKey, i).label));
  guint any = 0;
  for (guint g = 0; g < gs->len; g++) {
    json_t *values = json_array();
    for (guint i = 0; i < keys->len; i++) {
      const PointKey *pk = &g_array_index(keys, PointKey, i);
      g_autoptr(GArray) v = point_values(d, pk, p, by, gs->pdata[g]);
      any += v->len;
      StatsSummary sum;
      stats_summary((double *)v->data, v->len, &sum);
      gboolean hidden = sum.n < d->k;
      json_array_append_new(values, hidden ? json_null() : json_real(sum.mean));
      json_t *cells = report_table_row(table);
      json_array_append_new(cells, report_cell_header(gs->pdata[g]));
      json_array_append_new(cells, report_cell_text(pk->label));
      if (hidden) {
        json_array_append_new(cells, report_cell_hidden(d->k, TRUE));
        for (int k = 0; k < 3; k++)
          json_array_append_new(cells, report_cell_hidden(d->k, FALSE));
      } else {
        json_array_append_new(cells, report_cell_count(sum.n));
        json_array_append_new(cells, report_cell_num(sum.mean, 2));
        json_array_append_new(cells, report_cell_num(sum.ci_low, 2));
        json_array_append_new(cells, report_cell_num(sum.ci_high, 2));
      }
    }
    json_array_append_new(series, json_pack("{s:s, s:o}", "name", (const char *)gs->pdata[g],
                                            "values", values));
  }
  point_keys_free(keys);
  if (any == 0) {
    json_decref(x);
    json_decref(series);
    json_decref(table);
    report_section_empty(s, no_data_message());
    return;
  }
  g_autofree char *desc = g_strdup_printf(
    _("Gennemsnitlig score (%s) for %u grupper ved opstart, afslutning og efter afslutning."),
    param_name(d, p), gs->len);
  json_object_set_new(s, "chart", chart_new("line", title, desc, x, series, d, _("Målepunkt"),
                                            param_name(d, p)));
  json_object_set_new(s, "table", table);

  json_t *c = report_section_new("comparison-change", _("Ændring fra opstart til afslutning pr. gruppe"),
    _("For hver gruppe: borgere målt både ved opstart og afslutning, deres gennemsnit ved de to "
      "målinger og ændringen med 95 %-konfidensinterval. Effektstørrelsen vises fra 10 borgere."));
  json_array_append_new(sections, c);
  json_t *ct = change_table();
  json_object_set_new(json_array_get(json_object_get(ct, "columns"), 0), "label",
                      json_string(_("Gruppe")));
  for (guint g = 0; g < gs->len; g++) {
    StatsPaired pr;
    paired(d, p, by, gs->pdata[g], &pr);
    change_row(d, ct, gs->pdata[g], &pr);
  }
  json_object_set_new(c, "table", ct);
  if (gs->len == 2) {
    /* Two groups at the end: the difference and Hedges' g. */
    GArray *keys2 = point_keys(d, FALSE);
    const PointKey *end = &g_array_index(keys2, PointKey, 1);
    g_autoptr(GArray) a = point_values(d, end, p, by, gs->pdata[0]);
    g_autoptr(GArray) b = point_values(d, end, p, by, gs->pdata[1]);
    StatsTwoGroups tg;
    stats_two_groups((double *)a->data, a->len, (double *)b->data, b->len, &tg);
    if (a->len >= STATS_SHOW_MIN_EFFECT && b->len >= STATS_SHOW_MIN_EFFECT &&
        isfinite(tg.g)) {
      g_autofree char *diff = report_num_text(tg.diff, 2), *lo = report_num_text(tg.ci_low, 2), *hi = report_num_text(tg.ci_high, 2),
                      *gg = report_num_text(tg.g, 2);
      g_autofree char *note = g_strdup_printf(
        _("Ved afslutningen er forskellen mellem %s og %s %s (95 %%-KI %s – %s), Hedges' g = %s."),
        (const char *)gs->pdata[0], (const char *)gs->pdata[1], diff, lo, hi, gg);
      report_section_note(c, note);
    }
    point_keys_free(keys2);
  }
}

/* ---- 4. Goal attainment (Figur 10) ---------------------------------------------------- */

static const Attainment attainment_order[] = {
  ATTAINMENT_REACHED_IMPROVE, ATTAINMENT_IMPROVED, ATTAINMENT_REACHED_MAINTAIN,
  ATTAINMENT_NO_CHANGE, ATTAINMENT_WORSE,
};

static const char *
attainment_label(Attainment a)
{
  switch (a) {
  case ATTAINMENT_REACHED_IMPROVE: return _("Mål om positiv udvikling nået");
  case ATTAINMENT_IMPROVED: return _("Positiv udvikling, mål ikke nået");
  case ATTAINMENT_REACHED_MAINTAIN: return _("Mål om fastholdelse nået");
  case ATTAINMENT_NO_CHANGE: return _("Ingen udvikling");
  case ATTAINMENT_WORSE: return _("Tilbagegang");
  default: return _("Kan ikke vurderes");
  }
}

/* The SD at start of item p over the counted courses (for reliable change). */
static double
start_sd(const Data *d, int p)
{
  g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < d->courses->len; i++) {
    const Course *c = &g_array_index(d->courses, Course, i);
    double x = c->skip ? NAN : course_value(d, c, PT_START, 0, d->respondent, p);
    if (!isnan(x))
      g_array_append_val(v, x);
  }
  StatsSummary s;
  stats_summary((double *)v->data, v->len, &s);
  return s.sd;
}

/* Cronbach's α of the instrument's items at start, from the data. */
static double
data_alpha(const Data *d, guint *out_n)
{
  g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(const Meas *));
  for (guint i = 0; i < d->courses->len; i++) {
    const Course *c = &g_array_index(d->courses, Course, i);
    const Meas *m = c->skip ? NULL : course_meas(c, PT_START, 0, d->respondent);
    if (m != NULL)
      g_array_append_val(rows, m);
  }
  guint np = rows->len;
  double *mat = g_new(double, (gsize)d->n_items * MAX(np, 1));
  for (guint it = 0; it < d->n_items; it++)
    for (guint pp = 0; pp < np; pp++)
      mat[it * np + pp] = g_array_index(rows, const Meas *, pp)->values[it];
  StatsAlpha a;
  stats_cronbach_alpha(mat, d->n_items, np, NULL, d->n_items, &a);
  g_free(mat);
  *out_n = a.n_used;
  return a.n_used >= STATS_SHOW_MIN_ALPHA ? a.alpha : NAN;
}

static gboolean
build_goal_attainment(StoreDb *db, gint64 actor, Data *d, json_t *sections, GError **error)
{
  json_t *s = report_section_new("goal-attainment", _("Når vi vores mål?"),
    _("Hver søjle er ét parameter og viser, hvordan borgernes mål på det er gået, i procent af "
      "målene: mål om positiv udvikling nået, positiv udvikling uden at målet er nået, mål om "
      "fastholdelse nået, ingen udvikling og tilbagegang. Seneste måling sammenlignes med "
      "udgangspunktet, da målet blev sat. Er kun pålidelige forandringer valgt, tæller en ændring "
      "kun, når den er større end målingens egen usikkerhed (Reliable Change Index)."));
  json_array_append_new(sections, s);
  StoreReportsScope scope = {.actor = actor, .offer_id = d->f->offer_id,
                             .intervention_id = d->f->intervention_id,
                             .unit_id = d->f->unit_id, .from = d->f->from, .to = d->f->to};
  const char *key = d->f->instrument ? d->f->instrument : DEFAULT_INSTRUMENT;
  json_t *goals = store_reports_goals(db, &scope, key, error);
  if (goals == NULL)
    return FALSE;
  guint n = d->n_items, nc = G_N_ELEMENTS(attainment_order);
  gint64 *counts = g_new0(gint64, (gsize)n * nc);
  guint unknown = 0, used = 0;
  double r = d->reliability;
  guint alpha_n = 0;
  if (d->f->reliable_only && isnan(r))
    r = data_alpha(d, &alpha_n);
  double *sd = g_new(double, MAX(n, 1));
  for (guint i = 0; i < n; i++)
    sd[i] = d->f->reliable_only ? start_sd(d, (int)i) : NAN;
  size_t gi;
  json_t *goal;
  json_array_foreach(goals, gi, goal) {
    gint64 course_id = json_integer_value(json_object_get(goal, "course_id"));
    gpointer idx = g_hash_table_lookup(d->by_id, &course_id);
    gpointer item = g_hash_table_lookup(d->item_index,
                                        json_string_value(json_object_get(goal, "item_key")));
    if (idx == NULL || item == NULL)
      continue;
    const Course *c = &g_array_index(d->courses, Course, GPOINTER_TO_UINT(idx) - 1);
    if (c->skip)
      continue;
    int p = (int)GPOINTER_TO_UINT(item) - 1;
    const Meas *m = course_latest(c, d->respondent);
    json_t *jb = json_object_get(goal, "baseline"), *jt = json_object_get(goal, "target_score");
    double latest = m != NULL ? m->values[p] : NAN;
    double baseline = json_is_number(jb) ? json_number_value(jb) : NAN;
    if (d->f->reliable_only && !isnan(latest) && !isnan(baseline)) {
      StatsReliableChange rc = stats_rci_classify(stats_rci(baseline, latest, sd[p], r));
      if (rc == STATS_CHANGE_UNKNOWN)
        latest = NAN;
      else if (rc == STATS_CHANGE_NOT_RELIABLE)
        latest = baseline;
    }
    gboolean improve = g_strcmp0(json_string_value(json_object_get(goal, "goal_type")),
                                 "improve") == 0;
    Attainment a = isnan(latest) || isnan(baseline)
                     ? ATTAINMENT_NONE
                     : goal_attainment(improve, d->higher_better, baseline, json_is_number(jt),
                                       json_number_value(jt), latest);
    guint col = 0;
    while (col < nc && attainment_order[col] != a)
      col++;
    if (col == nc) {
      unknown++;
      continue;
    }
    counts[(gsize)p * nc + col]++;
    used++;
  }
  json_decref(goals);
  g_free(sd);
  if (used == 0) {
    report_section_empty(s, _("Ingen mål på instrumentets områder kan vurderes i perioden: der er "
                       "ingen mål, eller ingen målinger efter målene blev sat."));
    g_free(counts);
    return TRUE;
  }
  const char *cols[2 + G_N_ELEMENTS(attainment_order) + 1];
  gboolean numeric[G_N_ELEMENTS(cols)];
  cols[0] = _("Parameter");
  numeric[0] = FALSE;
  for (guint c = 0; c < nc; c++) {
    cols[1 + c] = attainment_label(attainment_order[c]);
    numeric[1 + c] = TRUE;
  }
  cols[1 + nc] = _("Mål i alt");
  numeric[1 + nc] = TRUE;
  json_t *table = report_table_new(cols, numeric, 2 + nc);
  json_t *x = json_array(), *series = json_array();
  json_t **vals = g_new0(json_t *, nc);
  for (guint c = 0; c < nc; c++)
    vals[c] = json_array();
  SuppressMark marks[G_N_ELEMENTS(attainment_order) + 1];
  for (guint p = 0; p < n; p++) {
    gint64 total = 0;
    for (guint c = 0; c < nc; c++)
      total += counts[(gsize)p * nc + c];
    if (total == 0)
      continue;
    gboolean ok = suppress_1d(&counts[(gsize)p * nc], nc, d->k, marks, NULL);
    json_array_append_new(x, json_string(d->item_names[p]));
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_header(d->item_names[p]));
    for (guint c = 0; c < nc; c++) {
      gint64 v = counts[(gsize)p * nc + c];
      gboolean hidden = !ok || marks[c] != SUPPRESS_SHOWN || marks[nc] != SUPPRESS_SHOWN;
      double pct = 100.0 * (double)v / (double)total;
      json_array_append_new(vals[c], hidden ? json_null() : json_real(pct));
      if (hidden) {
        json_array_append_new(cells, report_cell_hidden(d->k, TRUE));
      } else {
        g_autofree char *pc = report_num_text(pct, 0);
        g_autofree char *t = g_strdup_printf("%" G_GINT64_FORMAT " (%s %%)", v, pc);
        json_array_append_new(cells, json_pack("{s:s, s:I, s:b}", "text", t, "value",
                                               (json_int_t)v, "suppressed", 0));
      }
    }
    json_array_append_new(cells, !ok || marks[nc] != SUPPRESS_SHOWN ? report_cell_hidden(d->k, TRUE)
                                                                     : report_cell_count(total));
  }
  for (guint c = 0; c < nc; c++)
    json_array_append_new(series, json_pack("{s:s, s:o}", "name",
                                            attainment_label(attainment_order[c]), "values",
                                            vals[c]));
  g_free(vals);
  g_free(counts);
  json_t *chart = json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:i, s:b, s:s, s:s}", "kind", "bar",
                            "title", _("Når vi vores mål?"), "description",
                            _("Målopfyldelse i procent af målene pr. parameter, i fem kategorier."),
                            "x", x, "series", series, "y_min", 0, "y_max", 100, "stacked", 1,
                            "x_label", _("Parameter"), "y_label", _("Andel af målene (%)"));
  json_object_set_new(s, "chart", chart);
  json_object_set_new(s, "table", table);
  if (unknown > 0) {
    g_autofree char *note = g_strdup_printf(
      _("%u mål kan ikke vurderes endnu (intet udgangspunkt eller ingen måling efter målet) og "
        "indgår ikke."), unknown);
    report_section_note(s, note);
  }
  if (d->f->reliable_only) {
    g_autofree char *rs = report_num_text(r, 2);
    g_autofree char *note =
      isfinite(d->reliability)
        ? g_strdup_printf(_("Pålidelig forandring med instrumentets reliabilitet r = %s."), rs)
      : isfinite(r)
        ? g_strdup_printf(_("Pålidelig forandring med Cronbachs α = %s fra %u borgeres "
                            "opstartsmålinger."), rs, alpha_n)
        : g_strdup(_("Reliabiliteten kan ikke beregnes (for få fuldt besvarede "
                     "opstartsmålinger), så ingen forandring kan vurderes som pålidelig."));
    report_section_note(s, note);
  }
  return TRUE;
}

/* ---- 8. Staff and self-assessment ----------------------------------------------------- */

static void
build_staff_self(Data *d, json_t *sections)
{
  json_t *s = report_section_new("staff-self", _("Medarbejderens og borgerens vurdering"),
    _("For hvert område: gennemsnittet af medarbejderens og borgerens egen vurdering ved de samme "
      "målepunkter i de samme forløb, og forskellen (borgerens minus medarbejderens) med 95 "
      "%-konfidensinterval. En forskel viser, hvor borgeren ser sig selv anderledes end "
      "medarbejderen; den er et emne for samtalen, ikke et facit."));
  json_array_append_new(sections, s);
  const char *const cols[] = {_("Område"), _("Par af målinger"), _("Medarbejder"), _("Borger"),
                              _("Forskel"), _("95 %-KI for forskellen")};
  const gboolean numeric[] = {FALSE, TRUE, TRUE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
  json_t *x = json_array(), *vs = json_array(), *vc = json_array();
  guint any = 0;
  /* Every course's (staff, citizen) pairs at the same point, in date order,
   * found once for all the areas. */
  g_autoptr(GPtrArray) pairs = g_ptr_array_new();
  g_autoptr(GArray) course_end = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < d->courses->len; i++) {
    const Course *c = &g_array_index(d->courses, Course, i);
    for (guint j = 0; !c->skip && j < c->meas->len; j++) {
      const Meas *m = c->meas->pdata[j];
      const Meas *st = m->respondent == R_CITIZEN
                         ? course_meas(c, m->point, m->ordinal, R_STAFF) : NULL;
      if (st != NULL) {
        g_ptr_array_add(pairs, (gpointer)st);
        g_ptr_array_add(pairs, (gpointer)m);
      }
    }
    g_array_append_val(course_end, pairs->len);
  }
  for (guint p = 0; p < d->n_items; p++) {
    g_autoptr(GArray) a = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) b = g_array_new(FALSE, FALSE, sizeof(double));
    guint from = 0;
    for (guint i = 0; i < course_end->len; i++) {
      guint to = g_array_index(course_end, guint, i);
      /* Each citizen once: the last point where both answered. */
      double sv = NAN, cv = NAN;
      for (guint j = to; j > from && isnan(sv); j -= 2) {
        const Meas *st = pairs->pdata[j - 2], *m = pairs->pdata[j - 1];
        if (!isnan(st->values[p]) && !isnan(m->values[p])) {
          sv = st->values[p];
          cv = m->values[p];
        }
      }
      from = to;
      if (!isnan(sv)) {
        g_array_append_val(a, sv);
        g_array_append_val(b, cv);
      }
    }
    if (a->len == 0)
      continue;
    any += a->len;
    StatsPaired pr;
    stats_paired((double *)a->data, (double *)b->data, a->len, &pr);
    gboolean hidden = pr.n < d->k;
    json_array_append_new(x, json_string(d->item_names[p]));
    json_array_append_new(vs, hidden ? json_null() : json_real(pr.mean_before));
    json_array_append_new(vc, hidden ? json_null() : json_real(pr.mean_after));
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_header(d->item_names[p]));
    if (hidden) {
      json_array_append_new(cells, report_cell_hidden(d->k, TRUE));
      for (int k = 0; k < 4; k++)
        json_array_append_new(cells, report_cell_hidden(d->k, FALSE));
      continue;
    }
    json_array_append_new(cells, report_cell_count(pr.n));
    json_array_append_new(cells, report_cell_num(pr.mean_before, 2));
    json_array_append_new(cells, report_cell_num(pr.mean_after, 2));
    json_array_append_new(cells, report_cell_num(pr.mean_diff, 2));
    g_autofree char *ci = NULL;
    if (isfinite(pr.ci_low)) {
      g_autofree char *lo = report_num_text(pr.ci_low, 2), *hi = report_num_text(pr.ci_high, 2);
      ci = g_strdup_printf("%s – %s", lo, hi);
    }
    json_array_append_new(cells, report_cell_text(ci != NULL ? ci : "–"));
  }
  if (any == 0) {
    json_decref(x);
    json_decref(vs);
    json_decref(vc);
    json_decref(table);
    report_section_empty(s, _("Ingen forløb har både en medarbejders og borgerens egen vurdering ved "
                       "samme målepunkt i perioden."));
    return;
  }
  json_t *series = json_pack("[{s:s, s:o}, {s:s, s:o}]", "name", _("Medarbejder"), "values", vs,
                             "name", _("Borger"), "values", vc);
  json_object_set_new(s, "chart", chart_new("bar", _("Medarbejderens og borgerens vurdering"),
                                            _("Gennemsnit pr. område, medarbejderens vurdering og "
                                              "borgerens egen ved de samme målepunkter."),
                                            x, series, d, _("Område"), _("Gennemsnit")));
  json_object_set_new(s, "table", table);
}

/* ---- 6. The offer report ----------------------------------------------------------------- */

/* Who the offer is for and how many citizens the period holds. */
static gboolean
build_offer_intro(StoreDb *db, gint64 actor, Data *d, json_t *sections, GError **error)
{
  json_t *s = report_section_new("offer-intro", _("Målgruppe og indsatser"),
    _("Indsatserne med deres beskrevne målgruppe og kriterier for optagelse, og hvor mange "
      "borgere der var i forløb i perioden, begyndte og afsluttede. Tal under k vises ikke, og "
      "heller ikke så mange andre, at et skjult tal kan regnes ud af totalen."));
  json_array_append_new(sections, s);
  json_t *list = store_reports_interventions(db, actor, error);
  if (list == NULL)
    return FALSE;
  const char *const cols[] = {_("Indsats"), _("Tilbud"), _("Målgruppe"),
                              _("Inklusionskriterier"), _("Borgere i forløb"), _("Begyndt"),
                              _("Afsluttet")};
  const gboolean numeric[] = {FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
  size_t i;
  json_t *iv;
  guint rows = 0;
  /* Each column (in course, started, ended) is a partition of the
   * citizens counted over the interventions listed, with its total in the
   * last row: a hidden cell gets complementary suppression, so that it
   * cannot be worked out as the total minus the others. */
  g_autoptr(GArray) counts = g_array_new(FALSE, TRUE, sizeof(gint64));
  g_autoptr(GPtrArray) row_cells = g_ptr_array_new();
  json_array_foreach(list, i, iv) {
    gint64 id = json_integer_value(json_object_get(iv, "id"));
    if ((d->f->offer_id != 0 && json_integer_value(json_object_get(iv, "offer_id")) !=
                                  d->f->offer_id) ||
        (d->f->intervention_id != 0 && id != d->f->intervention_id))
      continue;
    gint64 n3[3] = {0, 0, 0}; /* in course, started, ended */
    for (guint j = 0; j < d->courses->len; j++) {
      const Course *c = &g_array_index(d->courses, Course, j);
      if (c->skip || c->intervention_id != id)
        continue;
      n3[0]++;
      n3[1] += strcmp(c->started_on, d->f->from) >= 0;
      const char *end = json_string_value(
        json_object_get(json_array_get(d->courses_json, j), "ended_on"));
      n3[2] += end != NULL && strcmp(end, d->f->to) <= 0;
    }
    g_array_append_vals(counts, n3, 3);
    json_t *cells = report_table_row(table);
    const char *tg = json_string_value(json_object_get(iv, "target_group"));
    const char *ic = json_string_value(json_object_get(iv, "inclusion_criteria"));
    json_array_append_new(cells, report_cell_header(json_string_value(json_object_get(iv, "name"))));
    json_array_append_new(cells, report_cell_text(json_string_value(json_object_get(iv, "offer_name"))));
    json_array_append_new(cells, report_cell_text(tg != NULL ? tg : "–"));
    json_array_append_new(cells, report_cell_text(ic != NULL ? ic : "–"));
    g_ptr_array_add(row_cells, cells);
    rows++;
  }
  if (rows > 0) {
    gint64 *col = g_new(gint64, rows);
    SuppressMark *marks = g_new(SuppressMark, rows + 1);
    gint64 totals[3] = {0, 0, 0};
    gboolean total_shown[3];
    for (int k = 0; k < 3; k++) {
      for (guint r = 0; r < rows; r++) {
        col[r] = g_array_index(counts, gint64, r * 3 + k);
        totals[k] += col[r];
      }
      gboolean ok = suppress_1d(col, rows, d->k, marks, NULL);
      for (guint r = 0; r < rows; r++)
        json_array_append_new(row_cells->pdata[r], !ok || marks[r] != SUPPRESS_SHOWN
                                                     ? report_cell_hidden(d->k, TRUE)
                                                     : report_cell_count(col[r]));
      total_shown[k] = ok && marks[rows] == SUPPRESS_SHOWN;
    }
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_header(_("I alt")));
    for (int k = 0; k < 3; k++)
      json_array_append_new(cells, report_cell_text(""));
    for (int k = 0; k < 3; k++)
      json_array_append_new(cells, total_shown[k] ? report_cell_count(totals[k]) : report_cell_hidden(d->k, TRUE));
    g_free(col);
    g_free(marks);
  }
  json_decref(list);
  if (rows == 0) {
    json_decref(table);
    report_section_empty(s, _("Ingen indsatser i de tilbud, du leder. Som analytiker ser du kun tal på "
                       "tværs af tilbud."));
  } else {
    json_object_set_new(s, "table", table);
  }
  return TRUE;
}

/* ---- The theory figures from the data loaded ---------------------------------------------- */

typedef struct {
  StoreDb *db;
  Data *d;
} TheoryValues;

static gint
every_order(gconstpointer a, gconstpointer b)
{
  const Meas *x = *(Meas *const *)a, *y = *(Meas *const *)b;
  if (x->course_id != y->course_id)
    return x->course_id < y->course_id ? -1 : 1;
  return meas_order(a, b);
}

/* ReportTheoryValuesFunc: the rows store_report_figure_values() would
 * give, from the answers the report has loaded, when it has loaded them
 * all: an item (not reversed in any version, so that the answers are the
 * values) of the report's own instrument, and every course of the
 * theory's scope among the report's (no unit filter: the offer of the
 * theory is in the report's reach or is the report's offer, the period
 * is the same, and the theory's intervention is the report's when the
 * report names one). */
static GArray *
theory_values(void *data, gint64 offer_id, gint64 intervention_id, const char *instrument_key,
              const char *part, const char *part_key, const char *respondent, GError **error)
{
  TheoryValues *tv = data;
  Data *d = tv->d;
  const char *key = json_string_value(json_object_get(d->instrument, "key"));
  if (d->f->unit_id != 0 || g_strcmp0(part, "item") != 0 || g_strcmp0(instrument_key, key) != 0)
    return NULL;
  gpointer index = g_hash_table_lookup(d->item_index, part_key);
  gboolean reversed = TRUE;
  if (index == NULL ||
      !store_report_figure_item_reversed(tv->db, instrument_key, part_key, &reversed, error) ||
      reversed)
    return NULL;
  if (!d->every_sorted) {
    g_ptr_array_sort(d->every, every_order);
    d->every_sorted = TRUE;
  }
  int want = respondent_code(respondent);
  guint item = GPOINTER_TO_UINT(index) - 1;
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(StoreFigureValue));
  for (guint i = 0; i < d->every->len; i++) {
    const Meas *m = d->every->pdata[i];
    gpointer idx = g_hash_table_lookup(d->by_id, &m->course_id);
    const Course *c = &g_array_index(d->courses, Course, GPOINTER_TO_UINT(idx) - 1);
    if (c->offer_id != offer_id || (intervention_id != 0 && c->intervention_id != intervention_id) ||
        m->respondent != want || isnan(m->values[item]))
      continue;
    StoreFigureValue v = {.course_id = c->id, .citizen_id = c->citizen_id,
                          .start = m->point == PT_START, .value = m->values[item]};
    g_strlcpy(v.started_on, c->started_on ? c->started_on : "", sizeof v.started_on);
    g_array_append_val(rows, v);
  }
  return rows;
}

/* ---- The whole ---------------------------------------------------------------------------- */

json_t *
report_build(StoreDb *db, gint64 actor, const ReportDef *def, const ReportFilter *f,
             GError **error)
{
  if (report_team_kind(def))
    return report_team_build(db, actor, def, f, 0, NULL, error);
  if (report_quality_kind(def->kind))
    return report_quality_build(db, actor, def, f, error);
  const char *by = f->by;
  if (by == NULL || strcmp(by, "") == 0)
    by = def->kind == REPORT_COMPARISON ? "intervention"
       : def->kind == REPORT_TARGET_GROUP ? "gender" : "none";
  Data d = {.f = f};
  const char *background = store_reports_background_valid(by) ? by : NULL;
  if (!load(db, actor, &d, background, error)) {
    data_clear(&d);
    return NULL;
  }
  g_autofree char *from_display = spor_date_iso_to_danish(f->from);
  g_autofree char *to_display = spor_date_iso_to_danish(f->to);
  json_t *sections = json_array();
  json_t *model = json_pack(
    "{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s}, s:i, s:s, s:s}", "report", def->name,
    "title", _(def->title), "summary", _(def->summary), "period", "from", f->from, "to", f->to,
    "from_display", from_display, "to_display", to_display, "instrument", "key",
    json_string_value(json_object_get(d.instrument, "key")), "name",
    json_string_value(json_object_get(d.instrument, spor_i18n_current() == SPOR_LANG_EN
                                                      ? "name_en"
                                                      : "name_da")),
    "k", (int)d.k, "by", by, "by_label", by_label(by));
  gboolean ok = TRUE;
  switch (def->kind) {
  case REPORT_TARGET_GROUP:
    build_target_group(&d, by, sections);
    break;
  case REPORT_PROGRESSION:
    build_progression(&d, sections);
    break;
  case REPORT_COMPARISON:
    build_comparison(&d, by, sections);
    break;
  case REPORT_GOAL_ATTAINMENT:
    ok = build_goal_attainment(db, actor, &d, sections, error);
    break;
  case REPORT_STAFF_SELF:
    build_staff_self(&d, sections);
    break;
  case REPORT_TEAM:
  case REPORT_CASELOAD:
  case REPORT_COSTS:
    break; /* built by report_team_build() above */
  case REPORT_OFFER:
    ok = build_offer_intro(db, actor, &d, sections, error);
    if (ok) {
      build_target_group(&d, strcmp(by, "none") == 0 ? "gender" : by, sections);
      build_progression(&d, sections);
      build_comparison(&d, "intervention", sections);
      ok = build_goal_attainment(db, actor, &d, sections, error);
    }
    if (ok)
      build_staff_self(&d, sections);
    if (ok) {
      TheoryValues tv = {.db = db, .d = &d};
      ok = report_theory_offer_sections(db, actor, f->offer_id, f->intervention_id, f->from,
                                        f->to, d.k, theory_values, &tv, sections, error);
    }
    break;
  default: /* the quality reports: report_quality_build */
    break;
  }
  data_clear(&d);
  if (!ok) {
    json_decref(sections);
    json_decref(model);
    return NULL;
  }
  /* A chart whose every value is hidden would be an empty frame: say so. */
  size_t i;
  json_t *sec;
  json_array_foreach(sections, i, sec) {
    json_t *chart = json_object_get(sec, "chart");
    gboolean any = FALSE;
    size_t j, k;
    json_t *series, *v;
    json_array_foreach(json_object_get(chart, "series"), j, series)
      json_array_foreach(json_object_get(series, "values"), k, v) any = any || !json_is_null(v);
    if (chart != NULL && !any) {
      json_object_del(sec, "chart");
      g_autofree char *note = g_strdup_printf(
        _("Figuren vises ikke: hver gruppe har færre end %u borgere. Vælg en længere periode "
          "eller en grovere opdeling."), d.k);
      report_section_note(sec, note);
    }
  }
  json_object_set_new(model, "sections", sections);
  return model;
}
