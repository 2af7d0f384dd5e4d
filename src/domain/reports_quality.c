/* reports_quality.c — builds the quality reports of reports_quality.h into
 * the model of reports.h: agreement between raters, completeness and
 * timeliness of the planned measurements, the inclusion criteria against
 * who started, and one citizen's progression.
 *
 * The statistics are analysis/stats.h's and small cells are hidden with
 * analysis/suppress.h while the model is built, as in reports.c; the
 * citizen's own report has no small cells to hide (one named citizen, for
 * those who work with them). */
#include "domain/reports_quality.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/suppress.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "domain/due.h"
#include "domain/report_model.h"
#include "store/quality.h"

#define DEFAULT_INSTRUMENT "vum-livsomraader"
#define SAME_POINT_DAYS 14 /* ratings of one point: within this many days of the first */

static const ReportDef citizen_def = {
  REPORT_CITIZEN_PROGRESSION, "citizen-progression", N_("Borgerens udvikling"),
  N_("Én borgers målinger over tid på flere parametre på én gang.")};

gboolean
report_quality_kind(ReportKind kind)
{
  return kind == REPORT_INTER_RATER || kind == REPORT_COMPLETENESS ||
         kind == REPORT_TARGET_FIT || kind == REPORT_CITIZEN_PROGRESSION;
}

const ReportDef *
report_quality_find(const char *name)
{
  return name != NULL && strcmp(name, citizen_def.name) == 0 ? &citizen_def : NULL;
}

/* ---- Model pieces (the same shapes as reports.c) ---------------------------------- */

typedef struct {
  const ReportFilter *f;
  guint k;
  json_t *instrument;     /* store_instrument_get_by_key, or NULL */
  guint n_items;
  const char **item_keys, **item_names; /* borrowed from instrument */
  double scale_min, scale_max;
  gboolean higher_better;
} Q;

static void
q_clear(Q *q)
{
  g_free(q->item_keys);
  g_free(q->item_names);
  json_decref(q->instrument);
}

static gboolean
q_instrument(StoreDb *db, Q *q, GError **error)
{
  const char *key = q->f->instrument ? q->f->instrument : DEFAULT_INSTRUMENT;
  q->instrument = store_instrument_get_by_key(db, key, error);
  if (q->instrument == NULL)
    return FALSE;
  json_t *items = json_object_get(q->instrument, "items");
  q->n_items = (guint)json_array_size(items);
  q->item_keys = g_new0(const char *, q->n_items + 1);
  q->item_names = g_new0(const char *, q->n_items + 1);
  gboolean en = spor_i18n_current() == SPOR_LANG_EN, found = q->f->item == NULL;
  for (guint i = 0; i < q->n_items; i++) {
    json_t *it = json_array_get(items, i);
    q->item_keys[i] = json_string_value(json_object_get(it, "key"));
    q->item_names[i] = json_string_value(json_object_get(it, en ? "text_en" : "text_da"));
    found = found || g_strcmp0(q->item_keys[i], q->f->item) == 0;
  }
  q->scale_min = json_number_value(json_object_get(q->instrument, "scale_min"));
  q->scale_max = json_number_value(json_object_get(q->instrument, "scale_max"));
  q->higher_better = json_is_true(json_object_get(q->instrument, "higher_is_better"));
  if (!found) {
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "Instrumentet har ikke området '%s'.",
                q->f->item);
    return FALSE;
  }
  return TRUE;
}

static int
item_index(const Q *q, const char *key)
{
  for (guint i = 0; key != NULL && i < q->n_items; i++)
    if (strcmp(q->item_keys[i], key) == 0)
      return (int)i;
  return -1;
}

static json_t *
section_new(json_t *sections, const char *id, const char *title, const char *how_to_read)
{
  json_t *s = report_section_new(id, title, how_to_read);
  json_array_append_new(sections, s);
  return s;
}

static json_t *
bar_chart(const char *title, const char *desc, json_t *x, json_t *series, double y_min,
          double y_max, gboolean stacked, const char *x_label, const char *y_label)
{
  return json_pack("{s:s, s:s, s:s, s:o, s:o, s:f, s:f, s:b, s:s, s:s}", "kind", "bar", "title",
                   title, "description", desc, "x", x, "series", series, "y_min", y_min, "y_max",
                   y_max, "stacked", stacked, "x_label", x_label, "y_label", y_label);
}

/* A share in percent of part over whole, or NaN. */
static double
pct(gint64 part, gint64 whole)
{
  return whole > 0 ? 100.0 * (double)part / (double)whole : NAN;
}

/* Days from a to b (ISO dates); G_MAXINT when either is not a date. */
static int
days_between(const char *a, const char *b)
{
  if (!spor_date_valid_iso(a) || !spor_date_valid_iso(b))
    return G_MAXINT;
  GDate x, y;
  g_date_clear(&x, 1);
  g_date_clear(&y, 1);
  g_date_set_dmy(&x, (GDateDay)atoi(a + 8), (GDateMonth)atoi(a + 5), (GDateYear)atoi(a));
  g_date_set_dmy(&y, (GDateDay)atoi(b + 8), (GDateMonth)atoi(b + 5), (GDateYear)atoi(b));
  return g_date_days_between(&x, &y);
}

/* ---- Inter-rater agreement -------------------------------------------------------------- */

typedef struct {
  gint64 id, course_id, citizen_id, rater_id;
  const char *point, *measured_on, *rater_name; /* borrowed from the rows */
  gboolean led;
  double *values; /* n_items, NaN when unanswered */
} Rating;

typedef struct {
  gint64 citizen_id;
  GPtrArray *ratings; /* of Rating, one per rater, by rater id; borrowed */
} Target;

static gint
rating_by_rater(gconstpointer a, gconstpointer b)
{
  const Rating *x = *(Rating *const *)a, *y = *(Rating *const *)b;
  return (x->rater_id > y->rater_id) - (x->rater_id < y->rater_id);
}

static double
rating_value(const Q *q, const Rating *r, int p)
{
  if (p >= 0)
    return r->values[p];
  double sum = 0;
  guint n = 0;
  for (guint i = 0; i < q->n_items; i++)
    if (!isnan(r->values[i])) {
      sum += r->values[i];
      n++;
    }
  return n > 0 ? sum / n : NAN;
}

static const char *
param_name(const Q *q, int p)
{
  return p >= 0 ? q->item_names[p] : _("Gennemsnit af alle områder");
}

/* Distinct values in an int64 array of n. */
static guint
distinct(const gint64 *ids, guint n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash, g_int64_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_add(seen, (gpointer)&ids[i]);
  return g_hash_table_size(seen);
}

static void
build_inter_rater(StoreDb *db, const StoreReportsScope *scope, Q *q, json_t *sections,
                  gboolean *ok, GError **error)
{
  json_t *s = section_new(sections, "icc", _("Enighed pr. parameter (ICC)"),
    _("Når to eller flere medarbejdere har bedømt den samme borger ved det samme målepunkt "
      "(inden for 14 dage), viser søjlen intraklassekorrelationen ICC(2,1): hvor stor en del af "
      "forskellene i scorerne, der skyldes forskelle mellem borgerne og ikke mellem bedømmerne. "
      "1 er fuld enighed, 0 ingen. Under 0,5 er enigheden ringe, 0,5–0,75 moderat, 0,75–0,9 god "
      "og over 0,9 fremragende. Lav enighed er et tegn på, at medarbejderne forstår skalaen "
      "forskelligt: hold et kalibreringsmøde, hvor I bedømmer de samme borgere og drøfter "
      "forskellene."));
  const char *key = q->f->instrument ? q->f->instrument : DEFAULT_INSTRUMENT;
  json_t *rows = store_quality_ratings(db, scope, key, error);
  if (rows == NULL) {
    *ok = FALSE;
    return;
  }
  /* Ratings, from the answer rows (in measurement order). */
  GPtrArray *ratings = g_ptr_array_new_with_free_func(g_free);
  Rating *cur = NULL;
  size_t i;
  json_t *row;
  gboolean all_led = TRUE;
  json_array_foreach(rows, i, row) {
    gint64 id = json_integer_value(json_object_get(row, "measurement_id"));
    if (cur == NULL || cur->id != id) {
      cur = g_malloc0(sizeof(Rating) + q->n_items * sizeof(double));
      cur->values = (double *)(cur + 1);
      for (guint j = 0; j < q->n_items; j++)
        cur->values[j] = NAN;
      cur->id = id;
      cur->course_id = json_integer_value(json_object_get(row, "course_id"));
      cur->citizen_id = json_integer_value(json_object_get(row, "citizen_id"));
      cur->rater_id = json_integer_value(json_object_get(row, "rater_id"));
      cur->point = json_string_value(json_object_get(row, "point"));
      cur->measured_on = json_string_value(json_object_get(row, "measured_on"));
      cur->rater_name = json_string_value(json_object_get(row, "rater_name"));
      cur->led = json_is_true(json_object_get(row, "led"));
      all_led = all_led && cur->led;
      g_ptr_array_add(ratings, cur);
    }
    int p = item_index(q, json_string_value(json_object_get(row, "item_key")));
    json_t *v = json_object_get(row, "value");
    if (p >= 0 && json_is_number(v))
      cur->values[p] = json_number_value(v);
  }
  /* Targets: ratings of one course and point within SAME_POINT_DAYS of the
   * first, one per rater, two raters or more. */
  GPtrArray *targets = g_ptr_array_new();
  for (guint a = 0; a < ratings->len;) {
    Rating *first = ratings->pdata[a];
    GPtrArray *group = g_ptr_array_new();
    guint b = a;
    for (; b < ratings->len; b++) {
      Rating *r = ratings->pdata[b];
      if (r->course_id != first->course_id || strcmp(r->point, first->point) != 0 ||
          days_between(first->measured_on, r->measured_on) > SAME_POINT_DAYS)
        break;
      gboolean again = FALSE;
      for (guint c = 0; c < group->len && !again; c++)
        again = ((Rating *)group->pdata[c])->rater_id == r->rater_id;
      if (!again)
        g_ptr_array_add(group, r);
    }
    a = b;
    if (group->len < 2) {
      g_ptr_array_free(group, TRUE);
      continue;
    }
    g_ptr_array_sort(group, rating_by_rater);
    Target *t = g_new0(Target, 1);
    t->citizen_id = first->citizen_id;
    t->ratings = group;
    g_ptr_array_add(targets, t);
  }
  gboolean empty = targets->len == 0;
  const char *empty_msg =
    _("Ingen målepunkter i perioden er bedømt af mere end én medarbejder. Lad to medarbejdere "
      "bedømme de samme borgere ved det samme målepunkt, fx på et kalibreringsmøde.");

  /* ICC(2,1) per parameter over the first two raters of each point. */
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(int));
  int chosen = item_index(q, q->f->item);
  if (chosen >= 0) {
    g_array_append_val(params, chosen);
  } else {
    for (int p = 0; p < (int)q->n_items; p++)
      g_array_append_val(params, p);
    int mean = -1;
    g_array_append_val(params, mean);
  }
  const char *const icc_cols[] = {_("Parameter"), _("Målepunkter"), _("Borgere"),
                                  _("Bedømmere"), _("ICC(2,1)"), _("Gennemsnitlig forskel")};
  const gboolean icc_num[] = {FALSE, TRUE, TRUE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(icc_cols, icc_num, G_N_ELEMENTS(icc_cols));
  json_t *x = json_array(), *values = json_array();
  guint shown = 0;
  for (guint j = 0; !empty && j < params->len; j++) {
    int p = g_array_index(params, int, j);
    g_autofree double *m = g_new(double, targets->len * 2);
    g_autofree gint64 *citizens = g_new(gint64, targets->len);
    g_autofree gint64 *raters = g_new(gint64, targets->len * 2);
    guint n = 0;
    double diff = 0;
    for (guint t = 0; t < targets->len; t++) {
      Target *tg = targets->pdata[t];
      double v0 = rating_value(q, tg->ratings->pdata[0], p);
      double v1 = rating_value(q, tg->ratings->pdata[1], p);
      if (isnan(v0) || isnan(v1))
        continue;
      m[n * 2] = v0;
      m[n * 2 + 1] = v1;
      citizens[n] = tg->citizen_id;
      raters[n * 2] = ((Rating *)tg->ratings->pdata[0])->rater_id;
      raters[n * 2 + 1] = ((Rating *)tg->ratings->pdata[1])->rater_id;
      diff += fabs(v0 - v1);
      n++;
    }
    guint n_citizens = distinct(citizens, n);
    StatsIcc icc;
    stats_icc21(m, n, 2, &icc);
    json_array_append_new(x, json_string(param_name(q, p)));
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_header(param_name(q, p)));
    if (n_citizens < q->k) {
      json_array_append_new(cells, report_cell_hidden(q->k, FALSE));
      json_array_append_new(cells, report_cell_hidden(q->k, TRUE));
      for (int c = 0; c < 3; c++)
        json_array_append_new(cells, report_cell_hidden(q->k, FALSE));
      json_array_append_new(values, json_null());
      continue;
    }
    shown++;
    gboolean show_icc = icc.n_targets >= STATS_SHOW_MIN_ICC && isfinite(icc.icc);
    json_array_append_new(cells, report_cell_count(n));
    json_array_append_new(cells, report_cell_count(n_citizens));
    json_array_append_new(cells, report_cell_count(distinct(raters, n * 2)));
    json_array_append_new(cells, show_icc ? report_cell_num(icc.icc, 2) : report_cell_text("–"));
    json_array_append_new(cells, report_cell_num(diff / n, 2));
    /* The figure starts at 0: a negative ICC (no agreement) is drawn as 0. */
    json_array_append_new(values, show_icc ? json_real(MAX(icc.icc, 0.0)) : json_null());
  }
  if (empty || shown == 0) {
    json_decref(table);
    json_decref(x);
    json_decref(values);
    if (empty) {
      report_section_empty(s, empty_msg);
    } else {
      g_autofree char *msg = g_strdup_printf(
        _("Færre end %u borgere er bedømt af flere medarbejdere i perioden; tallene vises ikke. "
          "Vælg en længere periode."), q->k);
      report_section_empty(s, msg);
    }
  } else {
    json_t *series = json_pack("[{s:s, s:o}]", "name", _("ICC(2,1)"), "values", values);
    g_autofree char *desc = g_strdup_printf(
      _("Enighed mellem bedømmere (ICC) for %u parametre; 1 er fuld enighed."), params->len);
    json_t *chart = bar_chart(_("Enighed pr. parameter (ICC)"), desc, x, series, 0, 1, FALSE,
                              _("Parameter"), _("ICC(2,1)"));
    json_object_set_new(chart, "reference_lines",
                        json_pack("[{s:f, s:s}, {s:f, s:s}]", "value", 0.5, "label",
                                  _("Moderat (0,5)"), "value", 0.75, "label", _("God (0,75)")));
    json_object_set_new(s, "chart", chart);
    json_object_set_new(s, "table", table);
    report_section_note(s, _("Når flere end to har bedømt et målepunkt, indgår de to første bedømmere "
                      "(efter brugernummer). Bedømmerne er ikke de samme ved alle målepunkter, "
                      "så ICC(2,1) er her et forsigtigt skøn over enigheden mellem to tilfældige "
                      "medarbejdere."));
    g_autofree char *min = g_strdup_printf(_("ICC vises fra %d målepunkter."), STATS_SHOW_MIN_ICC);
    report_section_note(s, min);
  }

  /* Weighted κ for each pair of raters on the items, as ordered categories. */
  json_t *ks = section_new(sections, "kappa", _("Enighed mellem par af bedømmere (vægtet kappa)"),
    _("For hvert par af medarbejdere, der har bedømt de samme borgere ved de samme målepunkter: "
      "vægtet kappa over alle deres bedømmelser af områderne. Kappa tager højde for den enighed, "
      "der ville opstå tilfældigt, og en bedømmelse et trin fra den andens tæller som delvis "
      "enighed (lineære vægte). Over 0,6 er enigheden god, over 0,8 meget god; under 0,4 bør "
      "parret drøfte skalaens trin på et kalibreringsmøde."));
  guint n_categories = (guint)MAX(q->scale_max - q->scale_min + 1, 0);
  if (empty || n_categories < 2) {
    report_section_empty(ks, empty_msg);
  } else {
    /* Raters in order of id, for letters when names may not be shown. */
    g_autoptr(GArray) rater_ids = g_array_new(FALSE, FALSE, sizeof(gint64));
    g_autoptr(GPtrArray) rater_names = g_ptr_array_new();
    for (guint t = 0; t < targets->len; t++) {
      Target *tg = targets->pdata[t];
      for (guint r = 0; r < tg->ratings->len; r++) {
        const Rating *rt = tg->ratings->pdata[r];
        gboolean seen = FALSE;
        for (guint z = 0; z < rater_ids->len && !seen; z++)
          seen = g_array_index(rater_ids, gint64, z) == rt->rater_id;
        if (!seen) {
          g_array_append_val(rater_ids, rt->rater_id);
          g_ptr_array_add(rater_names, (gpointer)rt->rater_name);
        }
      }
    }
    const char *const kcols[] = {_("Bedømmer"), _("Bedømmer"), _("Målepunkter"), _("Borgere"),
                                 _("Bedømmelser"), _("Vægtet kappa")};
    const gboolean knum[] = {FALSE, FALSE, TRUE, TRUE, TRUE, TRUE};
    json_t *kt = report_table_new(kcols, knum, G_N_ELEMENTS(kcols));
    guint pairs = 0, kshown = 0;
    for (guint a = 0; a < rater_ids->len; a++) {
      for (guint b = a + 1; b < rater_ids->len; b++) {
        gint64 ra = g_array_index(rater_ids, gint64, a), rb = g_array_index(rater_ids, gint64, b);
        g_autoptr(GArray) xa = g_array_new(FALSE, FALSE, sizeof(int));
        g_autoptr(GArray) xb = g_array_new(FALSE, FALSE, sizeof(int));
        g_autoptr(GArray) cit = g_array_new(FALSE, FALSE, sizeof(gint64));
        guint points = 0;
        for (guint t = 0; t < targets->len; t++) {
          Target *tg = targets->pdata[t];
          const Rating *pa = NULL, *pb = NULL;
          for (guint r = 0; r < tg->ratings->len; r++) {
            const Rating *rt = tg->ratings->pdata[r];
            if (rt->rater_id == ra)
              pa = rt;
            if (rt->rater_id == rb)
              pb = rt;
          }
          if (pa == NULL || pb == NULL)
            continue;
          points++;
          g_array_append_val(cit, tg->citizen_id);
          for (guint it = 0; it < q->n_items; it++) {
            if (chosen >= 0 && (int)it != chosen)
              continue;
            double va = pa->values[it], vb = pb->values[it];
            if (isnan(va) || isnan(vb))
              continue;
            int ca = (int)lround(va - q->scale_min), cb = (int)lround(vb - q->scale_min);
            if (ca < 0 || cb < 0 || ca >= (int)n_categories || cb >= (int)n_categories)
              continue;
            g_array_append_val(xa, ca);
            g_array_append_val(xb, cb);
          }
        }
        if (points == 0)
          continue;
        pairs++;
        json_t *cells = report_table_row(kt);
        for (int side = 0; side < 2; side++) {
          guint idx = side == 0 ? a : b;
          g_autofree char *label =
            all_led ? g_strdup(rater_names->pdata[idx])
                    : g_strdup_printf(_("Bedømmer %c"), idx < 26 ? 'A' + (int)idx : '?');
          json_array_append_new(cells, side == 0 ? report_cell_header(label) : report_cell_text(label));
        }
        guint n_citizens = distinct((gint64 *)cit->data, cit->len);
        if (n_citizens < q->k) {
          json_array_append_new(cells, report_cell_hidden(q->k, FALSE));
          json_array_append_new(cells, report_cell_hidden(q->k, TRUE));
          json_array_append_new(cells, report_cell_hidden(q->k, FALSE));
          json_array_append_new(cells, report_cell_hidden(q->k, FALSE));
          continue;
        }
        kshown++;
        StatsKappa kp;
        gboolean good = stats_weighted_kappa((int *)xa->data, (int *)xb->data, xa->len,
                                             n_categories, STATS_KAPPA_LINEAR, &kp);
        json_array_append_new(cells, report_cell_count(points));
        json_array_append_new(cells, report_cell_count(n_citizens));
        json_array_append_new(cells, report_cell_count(xa->len));
        json_array_append_new(cells, good && kp.n >= STATS_SHOW_MIN_KAPPA && isfinite(kp.kappa)
                                       ? report_cell_num(kp.kappa, 2)
                                       : report_cell_text("–"));
      }
    }
    if (pairs == 0 || kshown == 0) {
      json_decref(kt);
      g_autofree char *msg = g_strdup_printf(
        _("Intet par af bedømmere har bedømt mindst %u af de samme borgere i perioden."), q->k);
      report_section_empty(ks, msg);
    } else {
      json_object_set_new(ks, "table", kt);
      g_autofree char *min =
        g_strdup_printf(_("Kappa vises fra %d bedømmelser. Par med færre end %u fælles borgere "
                          "er skjult."), STATS_SHOW_MIN_KAPPA, q->k);
      report_section_note(ks, min);
      if (!all_led)
        report_section_note(ks, _("Bedømmerne er angivet med bogstaver, da rapporten dækker tilbud, "
                           "du ikke leder."));
    }
  }
  for (guint t = 0; t < targets->len; t++) {
    Target *tg = targets->pdata[t];
    g_ptr_array_free(tg->ratings, TRUE);
    g_free(tg);
  }
  g_ptr_array_free(targets, TRUE);
  g_ptr_array_free(ratings, TRUE);
  json_decref(rows);
}

/* ---- Completeness and timeliness ------------------------------------------------------ */

typedef struct {
  gint64 done, late, draft, missing;
  GHashTable *citizens; /* gint64* borrowed from the courses' rows */
} Tally;

static void
tally_free(gpointer p)
{
  Tally *t = p;
  g_hash_table_destroy(t->citizens);
  g_free(t);
}

static const char *
completeness_group(const json_t *course, const char *by)
{
  const char *key = strcmp(by, "offer") == 0    ? "offer_name"
                  : strcmp(by, "unit") == 0     ? "unit_name"
                  : strcmp(by, "worker") == 0   ? "contact_person_name"
                  : strcmp(by, "none") == 0     ? NULL
                                                : "intervention_name";
  if (key == NULL)
    return _("Alle");
  const char *v = json_string_value(json_object_get(course, key));
  return v != NULL ? v : _("Ikke oplyst");
}

/* One table (and chart) of tallies by group, with a total row, small
 * groups hidden with a complementary cell so that no hidden group can be
 * worked out from the total. */
static void
completeness_section(json_t *s, GHashTable *groups, const Tally *total, guint k,
                     const char *group_label)
{
  g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(groups), (GCompareFunc)g_utf8_collate);
  guint n = g_list_length(keys);
  g_autofree gint64 *counts = g_new0(gint64, MAX(n, 1));
  guint j = 0;
  for (GList *l = keys; l != NULL; l = l->next, j++)
    counts[j] = g_hash_table_size(((Tally *)g_hash_table_lookup(groups, l->data))->citizens);
  g_autofree SuppressMark *marks = g_new0(SuppressMark, n + 1);
  g_autoptr(GError) err = NULL;
  gboolean protect = n > 0 && suppress_1d(counts, n, k, marks, &err);
  if (!protect)
    for (guint z = 0; z <= n; z++)
      marks[z] = SUPPRESS_PRIMARY;
  const char *const cols[] = {group_label, _("Borgere"), _("Planlagte målinger"),
                              _("Til tiden"), _("For sent"), _("Kladde"), _("Mangler"),
                              _("Til tiden (%)"), _("Udført i alt (%)")};
  const gboolean numeric[] = {FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
  json_t *x = json_array();
  json_t *vals[4] = {json_array(), json_array(), json_array(), json_array()};
  j = 0;
  guint shown = 0;
  for (GList *l = keys;; l = l->next, j++) {
    gboolean is_total = l == NULL;
    const Tally *t = is_total ? total : g_hash_table_lookup(groups, l->data);
    const char *name = is_total ? _("I alt") : l->data;
    gboolean hidden = marks[is_total ? n : j] != SUPPRESS_SHOWN;
    gint64 planned = t->done + t->late + t->draft + t->missing;
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_header(name));
    if (!is_total)
      json_array_append_new(x, json_string(name));
    if (hidden) {
      json_array_append_new(cells, report_cell_hidden(k, TRUE));
      for (int c = 0; c < 7; c++)
        json_array_append_new(cells, report_cell_hidden(k, FALSE));
      for (int c = 0; c < 4 && !is_total; c++)
        json_array_append_new(vals[c], json_null());
    } else {
      json_array_append_new(cells, report_cell_count(g_hash_table_size(t->citizens)));
      json_array_append_new(cells, report_cell_count(planned));
      json_array_append_new(cells, report_cell_count(t->done));
      json_array_append_new(cells, report_cell_count(t->late));
      json_array_append_new(cells, report_cell_count(t->draft));
      json_array_append_new(cells, report_cell_count(t->missing));
      json_array_append_new(cells, report_cell_num(pct(t->done, planned), 0));
      json_array_append_new(cells, report_cell_num(pct(t->done + t->late, planned), 0));
      gint64 parts[4] = {t->done, t->late, t->draft, t->missing};
      for (int c = 0; c < 4 && !is_total; c++) {
        double share = pct(parts[c], planned);
        json_array_append_new(vals[c], isfinite(share) ? json_real(share) : json_null());
      }
      if (!is_total)
        shown++;
    }
    if (is_total)
      break;
  }
  json_object_set_new(s, "table", table);
  const char *names[4] = {_("Til tiden"), _("For sent"), _("Kladde"), _("Mangler")};
  json_t *series = json_array();
  for (int c = 0; c < 4; c++)
    json_array_append_new(series, json_pack("{s:s, s:o}", "name", names[c], "values", vals[c]));
  if (shown > 0) {
    g_autofree char *desc = g_strdup_printf(
      _("Planlagte målinger i perioden pr. %s: andel til tiden, for sent, som kladde og "
        "manglende."), group_label);
    json_object_set_new(s, "chart", bar_chart(json_string_value(json_object_get(s, "title")),
                                              desc, x, series, 0, 100, TRUE, group_label,
                                              _("Andel af de planlagte målinger (%)")));
  } else {
    json_decref(x);
    json_decref(series);
  }
}

static void
tally_add(GHashTable *groups, const char *name, const Tally *c)
{
  Tally *g = g_hash_table_lookup(groups, name);
  if (g == NULL) {
    g = g_new0(Tally, 1);
    g->citizens = g_hash_table_new(g_int64_hash, g_int64_equal);
    g_hash_table_insert(groups, g_strdup(name), g);
  }
  g->done += c->done;
  g->late += c->late;
  g->draft += c->draft;
  g->missing += c->missing;
}

static void
build_completeness(StoreDb *db, const StoreReportsScope *scope, Q *q, const char *by,
                   json_t *sections, gboolean *ok, GError **error)
{
  json_t *courses = store_quality_due_courses(db, scope, error);
  json_t *plans = courses != NULL ? store_quality_due_plans(db, scope, error) : NULL;
  if (plans == NULL) {
    json_decref(courses);
    *ok = FALSE;
    return;
  }
  g_autofree char *today = spor_date_today();
  const char *to = strcmp(q->f->to, today) < 0 ? q->f->to : today;
  const char *group_label = strcmp(by, "offer") == 0    ? _("Tilbud")
                          : strcmp(by, "unit") == 0     ? _("Afdeling")
                          : strcmp(by, "worker") == 0   ? _("Kontaktperson")
                          : strcmp(by, "none") == 0     ? _("Alle")
                                                        : _("Indsats");
  g_autofree char *title = g_strdup_printf(_("Planlagte målinger pr. %s"), group_label);
  json_t *s = section_new(sections, "completeness", title,
    _("Måleplanerne fortæller, hvornår hver borger skal måles. Søjlen viser, hvor stor en del af "
      "de målinger, der skulle være lavet i perioden, der blev lavet til tiden (inden for "
      "målepunktets vindue), for sent, kun som kladde, eller som mangler. Målinger, hvis vindue "
      "stadig er åbent, tæller ikke med endnu. Grupper med færre end k borgere er skjult."));
  GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, tally_free);
  GHashTable *workers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, tally_free);
  Tally total = {.citizens = g_hash_table_new(g_int64_hash, g_int64_equal)};
  gboolean all_led = TRUE;
  g_autofree gboolean *counted = g_new0(gboolean, json_array_size(courses) + 1);
  size_t i;
  json_t *course;
  json_array_foreach(courses, i, course) {
    all_led = all_led && json_is_true(json_object_get(course, "led"));
    json_t *expected = due_derive_json(plans, course, today, 0);
    Tally c = {0};
    size_t e_i;
    json_t *e;
    json_array_foreach(expected, e_i, e) {
      const char *due_on = json_string_value(json_object_get(e, "due_on"));
      if (due_on == NULL || strcmp(due_on, q->f->from) < 0 || strcmp(due_on, to) > 0)
        continue;
      const char *st = json_string_value(json_object_get(e, "status"));
      if (g_strcmp0(st, "done") == 0)
        c.done++;
      else if (g_strcmp0(st, "late") == 0)
        c.late++;
      else if (g_strcmp0(st, "draft") == 0)
        c.draft++;
      else if (g_strcmp0(st, "missed") == 0 || g_strcmp0(st, "overdue") == 0)
        c.missing++;
    }
    json_decref(expected);
    if (c.done + c.late + c.draft + c.missing == 0)
      continue;
    counted[i] = TRUE;
    const char *g = completeness_group(course, by);
    tally_add(groups, g, &c);
    const char *w = completeness_group(course, "worker");
    tally_add(workers, w, &c);
    total.done += c.done;
    total.late += c.late;
    total.draft += c.draft;
    total.missing += c.missing;
  }
  /* Citizens per group: the ids live in a separate array owned here. */
  g_autoptr(GArray) ids = g_array_sized_new(FALSE, FALSE, sizeof(gint64), json_array_size(courses));
  json_array_foreach(courses, i, course) {
    gint64 id = json_integer_value(json_object_get(course, "citizen_id"));
    g_array_append_val(ids, id);
  }
  json_array_foreach(courses, i, course) {
    if (!counted[i])
      continue;
    gint64 *id = &g_array_index(ids, gint64, i);
    Tally *g = g_hash_table_lookup(groups, completeness_group(course, by));
    Tally *w = g_hash_table_lookup(workers, completeness_group(course, "worker"));
    g_hash_table_add(g->citizens, id);
    g_hash_table_add(w->citizens, id);
    g_hash_table_add(total.citizens, id);
  }
  if (g_hash_table_size(groups) == 0) {
    report_section_empty(s, _("Ingen målinger var planlagt i perioden for de borgere, filtrene dækker. "
                       "Måleplanerne sættes på indsatsernes sider."));
  } else {
    completeness_section(s, groups, &total, q->k, group_label);
    if (g_strcmp0(q->f->to, today) > 0)
      report_section_note(s, _("Perioden går ud over i dag: kun målinger, der skulle være lavet til og "
                        "med i dag, tæller."));
    /* Per worker, for the leader of every offer the report covers. */
    if (all_led && strcmp(by, "worker") != 0) {
      json_t *w = section_new(sections, "completeness-worker",
                              _("Planlagte målinger pr. kontaktperson"),
        _("De samme målinger fordelt på borgernes kontaktperson, så hver medarbejder kan se, "
          "hvor meget der mangler. Kontaktpersoner med færre end k borgere er skjult."));
      completeness_section(w, workers, &total, q->k, _("Kontaktperson"));
    }
  }
  g_hash_table_destroy(groups);
  g_hash_table_destroy(workers);
  g_hash_table_destroy(total.citizens);
  json_decref(plans);
  json_decref(courses);
}

/* ---- Theoretical vs actual target group (Figur 14) ----------------------------------- */

static const struct {
  const char *code, *label;
} background_labels[] = {
  {"referral_basis", N_("Visitationsgrundlag")},
  {"diagnoses", N_("Diagnoser")},
  {"education", N_("Uddannelse")},
  {"occupation", N_("Beskæftigelse")},
  {"housing", N_("Boligforhold")},
  {"medical_treatment", N_("Medicinsk behandling")},
  {"criminal_record", N_("Kriminalitet")},
  {"mother_tongue", N_("Modersmål")},
  {"ethnic_background", N_("Etnisk baggrund")},
  {"family_situation", N_("Familieforhold")},
  {"cohabitation", N_("Samlivsstatus")},
};

json_t *
report_quality_background_options(void)
{
  json_t *a = json_array();
  for (const char *const *f = store_quality_background_fields(); *f != NULL; f++) {
    const char *label = *f;
    for (guint i = 0; i < G_N_ELEMENTS(background_labels); i++)
      if (strcmp(background_labels[i].code, *f) == 0)
        label = _(background_labels[i].label);
    json_array_append_new(a, json_pack("{s:s, s:s}", "code", *f, "label", label));
  }
  return a;
}

static const char *
background_label(const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS(background_labels); i++)
    if (strcmp(background_labels[i].code, code) == 0)
      return _(background_labels[i].label);
  return code != NULL ? code : "?";
}

static const char *
gender_text(const char *g)
{
  if (g_strcmp0(g, "female") == 0)
    return _("Kvinde");
  if (g_strcmp0(g, "male") == 0)
    return _("Mand");
  if (g_strcmp0(g, "other") == 0)
    return _("Andet");
  return _("Ikke oplyst");
}

/* "min–max", "mindst min", "højst max"; newly allocated. */
static char *
range_text(const json_t *c, const char *unit)
{
  json_t *lo = json_object_get(c, "min_value"), *hi = json_object_get(c, "max_value");
  g_autofree char *a = json_is_number(lo) ? report_num_text(json_number_value(lo), 0) : NULL;
  g_autofree char *b = json_is_number(hi) ? report_num_text(json_number_value(hi), 0) : NULL;
  /* Scores may have decimals. */
  if (json_is_number(lo) && fabs(json_number_value(lo) - round(json_number_value(lo))) > 1e-9) {
    g_free(a);
    a = report_num_text(json_number_value(lo), 1);
  }
  if (json_is_number(hi) && fabs(json_number_value(hi) - round(json_number_value(hi))) > 1e-9) {
    g_free(b);
    b = report_num_text(json_number_value(hi), 1);
  }
  if (a != NULL && b != NULL)
    return g_strdup_printf("%s–%s%s", a, b, unit);
  if (a != NULL)
    return g_strdup_printf(_("mindst %s%s"), a, unit);
  if (b != NULL)
    return g_strdup_printf(_("højst %s%s"), b, unit);
  return g_strdup(_("alle"));
}

char *
report_quality_criterion_label(const json_t *c, const json_t *items)
{
  const char *kind = json_string_value(json_object_get(c, "kind"));
  const char *field = json_string_value(json_object_get(c, "field"));
  const char *value = json_string_value(json_object_get(c, "value"));
  if (g_strcmp0(kind, "age") == 0) {
    g_autofree char *r = range_text(c, _(" år"));
    return g_strdup_printf(_("Alder ved opstart: %s"), r);
  }
  if (g_strcmp0(kind, "gender") == 0)
    return g_strdup_printf(_("Køn: %s"), gender_text(value));
  if (g_strcmp0(kind, "background") == 0)
    return g_strdup_printf("%s: %s", background_label(field), value != NULL ? value : "");
  const char *item = json_string_value(json_object_get(c, "item_key"));
  const char *item_name = NULL;
  size_t i;
  json_t *it;
  gboolean en = spor_i18n_current() == SPOR_LANG_EN;
  json_array_foreach(items, i, it)
    if (item != NULL && g_strcmp0(json_string_value(json_object_get(it, "key")), item) == 0)
      item_name = json_string_value(json_object_get(it, en ? "text_en" : "text_da"));
  g_autofree char *r = range_text(c, "");
  return g_strdup_printf(_("Score ved opstart (%s, %s): %s"), field != NULL ? field : "?",
                         item_name != NULL ? item_name
                         : item != NULL    ? item
                                           : _("gennemsnit af alle områder"),
                         r);
}

typedef enum { FIT_MEETS, FIT_NOT, FIT_UNKNOWN } Fit;

/* Start values of one instrument per course: course id → double[n+1] (the
 * items, then the mean), NaN when unanswered. */
typedef struct {
  char *key;
  json_t *instrument;
  GHashTable *by_course; /* gint64* → double*, both owned */
} StartScores;

static void
start_scores_free(gpointer p)
{
  StartScores *s = p;
  g_free(s->key);
  json_decref(s->instrument);
  g_hash_table_destroy(s->by_course);
  g_free(s);
}

static StartScores *
start_scores(StoreDb *db, const StoreReportsScope *scope, GHashTable *cache, const char *key,
             GError **error)
{
  StartScores *s = g_hash_table_lookup(cache, key);
  if (s != NULL)
    return s;
  json_t *instrument = store_instrument_get_by_key(db, key, NULL);
  json_t *rows = instrument != NULL ? store_quality_start_answers(db, scope, key, error) : NULL;
  if (instrument != NULL && rows == NULL) {
    json_decref(instrument);
    return NULL;
  }
  s = g_new0(StartScores, 1);
  s->key = g_strdup(key);
  s->instrument = instrument;
  s->by_course = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  json_t *items = json_object_get(instrument, "items");
  guint n = (guint)json_array_size(items);
  gint64 last_course = 0, first_meas = 0;
  double *vals = NULL;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    gint64 course = json_integer_value(json_object_get(row, "course_id"));
    gint64 meas = json_integer_value(json_object_get(row, "measurement_id"));
    if (course != last_course) {
      last_course = course;
      first_meas = meas;
      vals = g_new(double, n + 1);
      for (guint j = 0; j <= n; j++)
        vals[j] = NAN;
      gint64 *k = g_new(gint64, 1);
      *k = course;
      g_hash_table_insert(s->by_course, k, vals);
    }
    if (meas != first_meas)
      continue; /* only the first measurement at the start counts */
    const char *item = json_string_value(json_object_get(row, "item_key"));
    json_t *v = json_object_get(row, "value");
    size_t j;
    json_t *it;
    json_array_foreach(items, j, it)
      if (json_is_number(v) && g_strcmp0(json_string_value(json_object_get(it, "key")), item) == 0)
        vals[j] = json_number_value(v);
  }
  json_decref(rows);
  /* The mean of the items answered. */
  GHashTableIter iter;
  gpointer k, v;
  g_hash_table_iter_init(&iter, s->by_course);
  while (g_hash_table_iter_next(&iter, &k, &v)) {
    double *x = v, sum = 0;
    guint m = 0;
    for (guint j = 0; j < n; j++)
      if (!isnan(x[j])) {
        sum += x[j];
        m++;
      }
    x[n] = m > 0 ? sum / m : NAN;
  }
  g_hash_table_insert(cache, s->key, s);
  return s;
}

static gboolean
in_range(const json_t *c, double v)
{
  json_t *lo = json_object_get(c, "min_value"), *hi = json_object_get(c, "max_value");
  return (!json_is_number(lo) || v >= json_number_value(lo) - 1e-9) &&
         (!json_is_number(hi) || v <= json_number_value(hi) + 1e-9);
}

static Fit
criterion_fit(StoreDb *db, const StoreReportsScope *scope, GHashTable *cache, const json_t *c,
              const json_t *course, gboolean *ok, GError **error)
{
  const char *kind = json_string_value(json_object_get(c, "kind"));
  const char *field = json_string_value(json_object_get(c, "field"));
  const char *value = json_string_value(json_object_get(c, "value"));
  if (g_strcmp0(kind, "age") == 0) {
    const char *birth = json_string_value(json_object_get(course, "birth_date"));
    const char *start = json_string_value(json_object_get(course, "started_on"));
    if (birth == NULL || start == NULL)
      return FIT_UNKNOWN;
    return in_range(c, spor_age_years(birth, start)) ? FIT_MEETS : FIT_NOT;
  }
  if (g_strcmp0(kind, "gender") == 0) {
    const char *g = json_string_value(json_object_get(course, "gender"));
    if (g == NULL)
      return FIT_UNKNOWN;
    return g_strcmp0(g, value) == 0 ? FIT_MEETS : FIT_NOT;
  }
  if (g_strcmp0(kind, "background") == 0) {
    const char *answer = field != NULL ? json_string_value(json_object_get(course, field)) : NULL;
    if (answer == NULL || *answer == '\0' || value == NULL)
      return FIT_UNKNOWN;
    g_autofree char *a = g_utf8_casefold(answer, -1), *b = g_utf8_casefold(value, -1);
    g_strstrip(a);
    g_strstrip(b);
    return strcmp(a, b) == 0 ? FIT_MEETS : FIT_NOT;
  }
  /* start_score */
  if (field == NULL)
    return FIT_UNKNOWN;
  StartScores *s = start_scores(db, scope, cache, field, error);
  if (s == NULL) {
    *ok = FALSE;
    return FIT_UNKNOWN;
  }
  gint64 id = json_integer_value(json_object_get(course, "course_id"));
  double *vals = g_hash_table_lookup(s->by_course, &id);
  if (vals == NULL)
    return FIT_UNKNOWN;
  json_t *items = json_object_get(s->instrument, "items");
  guint n = (guint)json_array_size(items);
  const char *item = json_string_value(json_object_get(c, "item_key"));
  double v = vals[n];
  if (item != NULL) {
    v = NAN;
    for (guint j = 0; j < n; j++)
      if (g_strcmp0(json_string_value(json_object_get(json_array_get(items, j), "key")), item) ==
          0)
        v = vals[j];
  }
  if (isnan(v))
    return FIT_UNKNOWN;
  return in_range(c, v) ? FIT_MEETS : FIT_NOT;
}

static void
build_target_fit(StoreDb *db, const StoreReportsScope *scope, Q *q, json_t *sections,
                 gboolean *ok, GError **error)
{
  json_t *s = section_new(sections, "target-fit", _("Tiltænkt og faktisk målgruppe"),
    _("For hvert inklusionskriterium, lederen har angivet for en indsats: hvor mange af de "
      "borgere, der startede i indsatsen i perioden, der opfylder det, hvor mange der ikke gør, "
      "og hvor mange vi ikke ved det om (oplysningen mangler). Søjlen viser andelene. Mange, der "
      "ikke opfylder et kriterium, betyder, at indsatsen bruges til andre end den målgruppe, "
      "den er tænkt til – eller at kriteriet skal beskrives anderledes. Tal for færre end k "
      "borgere er skjult."));
  json_t *criteria = store_quality_scope_criteria(db, scope, error);
  json_t *courses = criteria != NULL ? store_quality_started_courses(db, scope, error) : NULL;
  if (courses == NULL) {
    json_decref(criteria);
    *ok = FALSE;
    return;
  }
  if (json_array_size(criteria) == 0) {
    report_section_empty(s, _("Ingen af indsatserne har strukturerede inklusionskriterier. En leder "
                       "angiver dem på indsatsens side under Inklusionskriterier."));
    json_decref(criteria);
    json_decref(courses);
    return;
  }
  /* One course per citizen and intervention: the latest start. */
  g_autoptr(GHashTable) latest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  size_t i;
  json_t *course;
  json_array_foreach(courses, i, course) {
    g_autofree char *key = g_strdup_printf(
      "%" JSON_INTEGER_FORMAT ":%" JSON_INTEGER_FORMAT,
      json_integer_value(json_object_get(course, "citizen_id")),
      json_integer_value(json_object_get(course, "intervention_id")));
    json_t *other = g_hash_table_lookup(latest, key);
    if (other == NULL ||
        g_strcmp0(json_string_value(json_object_get(course, "started_on")),
                  json_string_value(json_object_get(other, "started_on"))) >= 0)
      g_hash_table_insert(latest, g_steal_pointer(&key), course);
  }
  g_autoptr(GHashTable) cache = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                                      start_scores_free);
  const char *const cols[] = {_("Indsats"), _("Kriterium"), _("Startede"), _("Opfylder"),
                              _("Opfylder ikke"), _("Ukendt"), _("Andel, der opfylder (%)")};
  const gboolean numeric[] = {FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
  json_t *x = json_array();
  json_t *vals[3] = {json_array(), json_array(), json_array()};
  guint shown = 0, any = 0;
  json_t *c;
  json_array_foreach(criteria, i, c) {
    gint64 iv = json_integer_value(json_object_get(c, "intervention_id"));
    gint64 n[3] = {0, 0, 0};
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, latest);
    while (g_hash_table_iter_next(&it, &key, &value)) {
      const json_t *course_row = value;
      if (json_integer_value(json_object_get(course_row, "intervention_id")) != iv)
        continue;
      Fit fit = criterion_fit(db, scope, cache, c, course_row, ok, error);
      if (!*ok)
        break;
      n[fit]++;
    }
    if (!*ok)
      break;
    /* The instrument's items, for the label of a start score. */
    const char *field = json_string_value(json_object_get(c, "field"));
    StartScores *ss = g_strcmp0(json_string_value(json_object_get(c, "kind")), "start_score") == 0
                        ? g_hash_table_lookup(cache, field != NULL ? field : "")
                        : NULL;
    g_autofree char *label = report_quality_criterion_label(
      c, ss != NULL ? json_object_get(ss->instrument, "items") : NULL);
    gint64 total = n[0] + n[1] + n[2];
    any += (guint)total;
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_header(json_string_value(json_object_get(c,
                                                                                "intervention"))));
    json_array_append_new(cells, report_cell_text(label));
    SuppressMark marks[4] = {0};
    g_autoptr(GError) err = NULL;
    gboolean protect = suppress_1d(n, 3, q->k, marks, &err);
    if (!protect || total == 0)
      for (int z = 0; z < 4; z++)
        marks[z] = SUPPRESS_PRIMARY;
    json_array_append_new(cells, marks[3] ? report_cell_hidden(q->k, TRUE) : report_cell_count(total));
    for (int z = 0; z < 3; z++)
      json_array_append_new(cells, marks[z] ? report_cell_hidden(q->k, TRUE) : report_cell_count(n[z]));
    gboolean share_ok = !marks[0] && !marks[1] && n[0] + n[1] > 0;
    json_array_append_new(cells, share_ok ? report_cell_num(pct(n[0], n[0] + n[1]), 0)
                                          : report_cell_hidden(q->k, FALSE));
    g_autofree char *xl = g_strdup_printf("%s · %s",
                                          json_string_value(json_object_get(c, "intervention")),
                                          label);
    json_array_append_new(x, json_string(xl));
    for (int z = 0; z < 3; z++)
      json_array_append_new(vals[z], marks[z] || marks[3] ? json_null()
                                                          : json_real(pct(n[z], total)));
    if (!marks[3])
      shown++;
  }
  if (!*ok) {
    json_decref(table);
    json_decref(x);
    for (int z = 0; z < 3; z++)
      json_decref(vals[z]);
  } else if (any == 0) {
    json_decref(table);
    json_decref(x);
    for (int z = 0; z < 3; z++)
      json_decref(vals[z]);
    report_section_empty(s, _("Ingen borgere startede i perioden i de indsatser, der har "
                       "inklusionskriterier. Vælg en længere periode."));
  } else {
    json_object_set_new(s, "table", table);
    const char *names[3] = {_("Opfylder"), _("Opfylder ikke"), _("Ukendt")};
    json_t *series = json_array();
    for (int z = 0; z < 3; z++)
      json_array_append_new(series, json_pack("{s:s, s:o}", "name", names[z], "values", vals[z]));
    if (shown > 0)
      json_object_set_new(s, "chart",
                          bar_chart(_("Tiltænkt og faktisk målgruppe"),
                                    _("Andel af de borgere, der startede, som opfylder hvert "
                                      "inklusionskriterium."),
                                    x, series, 0, 100, TRUE, _("Kriterium"),
                                    _("Andel af dem, der startede (%)")));
    else {
      json_decref(x);
      json_decref(series);
    }
    report_section_note(s, _("En borger, der startede flere gange i samme indsats i perioden, tæller "
                      "én gang (den seneste start). Ukendt: oplysningen er ikke registreret, "
                      "eller der er ingen medarbejdermåling ved opstart."));
  }
  json_decref(criteria);
  json_decref(courses);
}

/* ---- One citizen's progression (report 2 for one citizen) ---------------------------- */

static const char *
point_label(const char *p)
{
  if (g_strcmp0(p, "start") == 0)
    return _("Opstart");
  if (g_strcmp0(p, "follow_up") == 0)
    return _("Opfølgning");
  if (g_strcmp0(p, "end") == 0)
    return _("Afslutning");
  if (g_strcmp0(p, "after_end") == 0)
    return _("Efter afslutning");
  return _("Ad hoc");
}

static void
build_citizen_progression(StoreDb *db, gint64 actor, Q *q, json_t *model, json_t *sections,
                          gboolean *ok, GError **error)
{
  json_t *citizen = store_quality_citizen(db, actor, q->f->citizen_id, error);
  if (citizen == NULL) {
    *ok = FALSE;
    return;
  }
  g_autofree char *name = g_strdup_printf("%s %s",
                                          json_string_value(json_object_get(citizen, "first_name")),
                                          json_string_value(json_object_get(citizen, "last_name")));
  json_object_set_new(model, "citizen", json_pack("{s:I, s:s}", "id",
                                                  (json_int_t)q->f->citizen_id, "name", name));
  g_autofree char *title = g_strdup_printf(_("Udvikling for %s"), name);
  json_object_set_new(model, "title", json_string(title));
  json_decref(citizen);
  const char *key = q->f->instrument ? q->f->instrument : DEFAULT_INSTRUMENT;
  json_t *rows = store_quality_citizen_answers(db, q->f->citizen_id, key, q->f->respondent,
                                               q->f->from, q->f->to, error);
  if (rows == NULL) {
    *ok = FALSE;
    return;
  }
  json_t *s = section_new(sections, "citizen-progression", _("Udvikling over målepunkterne"),
    _("Hver linje er én parameter; punkterne er borgerens score ved hver godkendt måling i "
      "perioden, i datoorden. Om en højere score er bedre, afhænger af skalaen (se noten). "
      "Tabellen under figuren giver de samme tal og forskellen fra den første til den seneste "
      "måling."));
  /* Measurements in order, each with its values. */
  g_autoptr(GArray) params = g_array_new(FALSE, FALSE, sizeof(int));
  int chosen = item_index(q, q->f->item);
  if (chosen >= 0)
    g_array_append_val(params, chosen);
  else
    for (int p = 0; p < (int)q->n_items; p++)
      g_array_append_val(params, p);
  GPtrArray *meas = g_ptr_array_new_with_free_func(g_free);
  GPtrArray *labels = g_ptr_array_new_with_free_func(g_free);
  gint64 last = 0;
  double *cur = NULL;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    gint64 id = json_integer_value(json_object_get(row, "measurement_id"));
    if (id != last) {
      last = id;
      cur = g_new(double, q->n_items + 1);
      for (guint j = 0; j <= q->n_items; j++)
        cur[j] = NAN;
      g_ptr_array_add(meas, cur);
      g_autofree char *date =
        spor_date_iso_to_danish(json_string_value(json_object_get(row, "measured_on")));
      g_ptr_array_add(labels, g_strdup_printf("%s (%s)", date,
                                              point_label(json_string_value(
                                                json_object_get(row, "point")))));
    }
    int p = item_index(q, json_string_value(json_object_get(row, "item_key")));
    json_t *v = json_object_get(row, "value");
    if (p >= 0 && json_is_number(v))
      cur[p] = json_number_value(v);
  }
  json_decref(rows);
  if (meas->len == 0) {
    report_section_empty(s, _("Borgeren har ingen godkendte målinger med dette instrument i perioden."));
  } else {
    const guint ncols = 1 + params->len;
    const char **cols = g_new0(const char *, ncols);
    gboolean *numeric = g_new0(gboolean, ncols);
    cols[0] = _("Måling");
    for (guint j = 0; j < params->len; j++) {
      cols[1 + j] = q->item_names[g_array_index(params, int, j)];
      numeric[1 + j] = TRUE;
    }
    json_t *table = report_table_new(cols, numeric, ncols);
    g_free(cols);
    g_free(numeric);
    json_t *x = json_array(), *series = json_array();
    for (guint m = 0; m < meas->len; m++) {
      json_array_append_new(x, json_string(labels->pdata[m]));
      json_t *cells = report_table_row(table);
      json_array_append_new(cells, report_cell_header(labels->pdata[m]));
      for (guint j = 0; j < params->len; j++)
        json_array_append_new(cells,
                              report_cell_num(((double *)meas->pdata[m])[g_array_index(params, int, j)],
                                       0));
    }
    /* The change from the first measurement to the latest, per parameter. */
    json_t *change = report_table_row(table);
    json_array_append_new(change, report_cell_header(_("Ændring fra første til seneste")));
    for (guint j = 0; j < params->len; j++) {
      int p = g_array_index(params, int, j);
      double first = NAN, latest = NAN;
      json_t *values = json_array();
      for (guint m = 0; m < meas->len; m++) {
        double v = ((double *)meas->pdata[m])[p];
        json_array_append_new(values, isnan(v) ? json_null() : json_real(v));
        if (!isnan(v)) {
          if (isnan(first))
            first = v;
          latest = v;
        }
      }
      json_array_append_new(series, json_pack("{s:s, s:o}", "name", q->item_names[p], "values",
                                              values));
      json_array_append_new(change, report_cell_num(latest - first, 0));
    }
    g_autofree char *desc = g_strdup_printf(_("%s: score ved %u målinger for %u parametre."),
                                            name, meas->len, params->len);
    json_t *chart = json_pack("{s:s, s:s, s:s, s:o, s:o, s:f, s:f, s:s, s:s, s:s}", "kind",
                              "line", "title", title, "description", desc, "x", x, "series",
                              series, "y_min", q->scale_min, "y_max", q->scale_max, "x_label",
                              _("Måling"), "y_label", _("Score"), "y_direction",
                              q->higher_better ? "higher_is_better" : "lower_is_better");
    json_object_set_new(s, "chart", chart);
    json_object_set_new(s, "table", table);
    report_section_note(s, q->higher_better ? _("På denne skala er en højere score bedre.")
                                     : _("På denne skala er en lavere score bedre."));
  }
  g_ptr_array_free(meas, TRUE);
  g_ptr_array_free(labels, TRUE);
}

/* ---- The whole ---------------------------------------------------------------------------- */

json_t *
report_quality_build(StoreDb *db, gint64 actor, const ReportDef *def, const ReportFilter *f,
                     GError **error)
{
  Q q = {.f = f, .k = MAX(f->k, SUPPRESS_K_MIN)};
  const char *by = f->by != NULL && *f->by != '\0' ? f->by
                 : def->kind == REPORT_COMPLETENESS ? "intervention" : "none";
  StoreReportsScope scope = {.actor = actor, .offer_id = f->offer_id,
                             .intervention_id = f->intervention_id, .unit_id = f->unit_id,
                             .from = f->from, .to = f->to};
  if (def->kind != REPORT_CITIZEN_PROGRESSION && !store_reports_check_scope(db, &scope, error))
    return NULL;
  if (!q_instrument(db, &q, error)) {
    q_clear(&q);
    return NULL;
  }
  g_autofree char *from_display = spor_date_iso_to_danish(f->from);
  g_autofree char *to_display = spor_date_iso_to_danish(f->to);
  const char *by_label = def->kind == REPORT_COMPLETENESS
                           ? (strcmp(by, "offer") == 0    ? _("Tilbud")
                              : strcmp(by, "unit") == 0   ? _("Afdeling")
                              : strcmp(by, "worker") == 0 ? _("Kontaktperson")
                              : strcmp(by, "none") == 0   ? _("Ingen opdeling")
                                                          : _("Indsats"))
                           : _("Ingen opdeling");
  json_t *model = json_pack(
    "{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s}, s:i, s:s, s:s}", "report", def->name,
    "title", _(def->title), "summary", _(def->summary), "period", "from", f->from, "to", f->to,
    "from_display", from_display, "to_display", to_display, "instrument", "key",
    json_string_value(json_object_get(q.instrument, "key")), "name",
    json_string_value(json_object_get(q.instrument, spor_i18n_current() == SPOR_LANG_EN
                                                      ? "name_en"
                                                      : "name_da")),
    "k", (int)q.k, "by", by, "by_label", by_label);
  json_t *sections = json_array();
  gboolean ok = TRUE;
  switch (def->kind) {
  case REPORT_INTER_RATER:
    build_inter_rater(db, &scope, &q, sections, &ok, error);
    break;
  case REPORT_COMPLETENESS:
    build_completeness(db, &scope, &q, by, sections, &ok, error);
    break;
  case REPORT_TARGET_FIT:
    build_target_fit(db, &scope, &q, sections, &ok, error);
    break;
  case REPORT_CITIZEN_PROGRESSION:
    build_citizen_progression(db, actor, &q, model, sections, &ok, error);
    break;
  default:
    break;
  }
  q_clear(&q);
  if (!ok) {
    json_decref(sections);
    json_decref(model);
    return NULL;
  }
  json_object_set_new(model, "sections", sections);
  return model;
}
