/* report_theory.c — the figures of a theory of change's result boxes;
 * see report_theory.h. */
#include "domain/report_theory.h"

#include <math.h>
#include <string.h>

#include "analysis/stats.h"
#include "analysis/suppress.h"
#include "core/i18n.h"
#include "domain/report_model.h"
#include "store/practice.h"
#include "store/report_figures.h"

static json_t *
real_or_null(double v)
{
  return isfinite(v) ? json_real(v) : json_null();
}

/* The parameter's values: the caller's, when it holds them, else the
 * store's. */
static GArray *
figure_values(StoreDb *db, const ReportTheoryScope *scope, const char *key, const char *part,
              const char *part_key, const char *respondent, GError **error)
{
  if (scope->values != NULL) {
    GError *local = NULL;
    GArray *rows = scope->values(scope->values_data, scope->offer_id, scope->intervention_id,
                                 key, part, part_key, respondent, &local);
    if (local != NULL) {
      g_propagate_error(error, local);
      return NULL;
    }
    if (rows != NULL)
      return rows;
  }
  return store_report_figure_values(db, scope->offer_id, scope->intervention_id, scope->from,
                                    scope->to, key, part, part_key, respondent, error);
}

json_t *
report_theory_figure(StoreDb *db, const ReportTheoryScope *scope, const json_t *parameter,
                     GError **error)
{
  const char *key = json_string_value(json_object_get(parameter, "instrument_key"));
  const char *part = json_string_value(json_object_get(parameter, "part"));
  const char *part_key = json_string_value(json_object_get(parameter, "part_key"));
  guint k = MAX(scope->k, SUPPRESS_K_MIN);
  json_t *out = json_pack("{s:s?, s:s?, s:s?}", "instrument_key", key, "part", part, "part_key",
                          part_key);
  g_autofree char *label = store_report_figure_label(db, key, part, part_key,
                                                     spor_i18n_current() == SPOR_LANG_EN,
                                                     _("samlet score"));
  json_object_set_new(out, "label", json_string(label));
  gboolean higher = FALSE;
  GError *local = NULL;
  if (!store_report_figure_direction(db, key, part, part_key, &higher, &local)) {
    if (!g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_propagate_error(error, local);
      json_decref(out);
      return NULL;
    }
    g_clear_error(&local);
  }
  /* The staff's measurements; for an instrument only citizens answer
   * (a self-report such as WHO-5), or when staff have recorded none, the
   * citizens' own. */
  gboolean staff = TRUE;
  if (!store_report_figure_staff_answer(db, key, &staff, error)) {
    json_decref(out);
    return NULL;
  }
  const char *respondent = staff ? "staff" : "citizen";
  GArray *rows = figure_values(db, scope, key, part, part_key ? part_key : "", respondent, error);
  if (rows != NULL && rows->len == 0 && staff) {
    g_array_unref(rows);
    respondent = "citizen";
    rows = figure_values(db, scope, key, part, part_key ? part_key : "", respondent, error);
  }
  if (rows == NULL) {
    json_decref(out);
    return NULL;
  }
  json_object_set_new(out, "respondent", json_string(respondent));
  /* One course per citizen: the one that started last (then the higher
   * id); the rows come by course, date and measurement. */
  g_autoptr(GHashTable) chosen = g_hash_table_new(g_int64_hash, g_int64_equal);
  for (guint i = 0; i < rows->len; i++) {
    const StoreFigureValue *row = &g_array_index(rows, StoreFigureValue, i);
    const StoreFigureValue *have = g_hash_table_lookup(chosen, &row->citizen_id);
    if (have == NULL || strcmp(row->started_on, have->started_on) > 0 ||
        (strcmp(row->started_on, have->started_on) == 0 && row->course_id > have->course_id))
      g_hash_table_insert(chosen, (gpointer)&row->citizen_id, (gpointer)row);
  }
  /* Per chosen course: its first value at the start point, and the last
   * value after that. */
  g_autoptr(GArray) before = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) after = g_array_new(FALSE, FALSE, sizeof(double));
  gint64 current = 0;
  double start = NAN, latest = NAN;
  gboolean counted = FALSE;
  for (guint i = 0; i <= rows->len; i++) {
    const StoreFigureValue *row =
      i < rows->len ? &g_array_index(rows, StoreFigureValue, i) : NULL; /* NULL past the end */
    gint64 course = row ? row->course_id : -1;
    if (course != current) {
      if (counted && !isnan(start) && !isnan(latest)) {
        g_array_append_val(before, start);
        g_array_append_val(after, latest);
      }
      current = course;
      start = latest = NAN;
      const StoreFigureValue *c = row ? g_hash_table_lookup(chosen, &row->citizen_id) : NULL;
      counted = c != NULL && c->course_id == course;
    }
    if (row == NULL || !counted || isnan(row->value))
      continue;
    if (isnan(start)) {
      if (row->start)
        start = row->value;
    } else {
      latest = row->value;
    }
  }
  g_array_unref(rows);
  StatsPaired pr;
  stats_paired((double *)before->data, (double *)after->data, before->len, &pr);
  gint64 improved = 0;
  for (guint j = 0; j < before->len; j++) {
    double d = g_array_index(after, double, j) - g_array_index(before, double, j);
    improved += higher ? d > 0 : d < 0;
  }
  gint64 cells[2] = {improved, (gint64)before->len - improved};
  SuppressMark marks[3];
  gboolean share_ok = before->len > 0 && suppress_1d(cells, 2, k, marks, NULL) &&
                      marks[0] == SUPPRESS_SHOWN && marks[1] == SUPPRESS_SHOWN;
  gboolean hidden = pr.n < k;
  json_object_set_new(out, "higher_is_better", json_boolean(higher));
  json_object_set_new(out, "empty", json_boolean(pr.n == 0));
  json_object_set_new(out, "suppressed", json_boolean(hidden && pr.n > 0));
  g_autofree char *n_text = hidden ? g_strdup_printf("< %u", k)
                                   : g_strdup_printf("%u", pr.n);
  json_object_set_new(out, "n", hidden ? json_null() : json_integer(pr.n));
  json_object_set_new(out, "n_text", json_string(n_text));
  double pct = share_ok && !hidden ? 100.0 * (double)improved / (double)pr.n : NAN;
  json_object_set_new(out, "mean_start", hidden ? json_null() : real_or_null(pr.mean_before));
  json_object_set_new(out, "mean_latest", hidden ? json_null() : real_or_null(pr.mean_after));
  json_object_set_new(out, "change", hidden ? json_null() : real_or_null(pr.mean_diff));
  json_object_set_new(out, "ci_low", hidden ? json_null() : real_or_null(pr.ci_low));
  json_object_set_new(out, "ci_high", hidden ? json_null() : real_or_null(pr.ci_high));
  json_object_set_new(out, "improved_pct", real_or_null(pct));
  g_autofree char *text = NULL;
  if (pr.n == 0) {
    text = g_strdup(_("Ingen borgere er målt ved opstart og igen senere i perioden."));
  } else if (hidden) {
    text = g_strdup_printf(_("Færre end %u borgere er målt: tallet vises ikke."), k);
  } else {
    g_autofree char *a = report_num_text(pr.mean_before, 2), *b = report_num_text(pr.mean_after, 2),
                    *d = report_num_text(pr.mean_diff, 2), *lo = report_num_text(pr.ci_low, 2),
                    *hi = report_num_text(pr.ci_high, 2), *p = report_num_text(pct, 0);
    g_autofree char *ci = isfinite(pr.ci_low) ? g_strdup_printf(" (95 %%-KI %s – %s)", lo, hi)
                                              : g_strdup("");
    g_autofree char *share = isfinite(pct)
      ? g_strdup_printf(_("; %s %% har udviklet sig i den gode retning"), p) : g_strdup("");
    text = g_strdup_printf(_("%s → %s, ændring %s%s, %u borgere%s."), a, b, d, ci, pr.n, share);
  }
  json_object_set_new(out, "text", json_string(text));
  /* A short form for the box on the results map. */
  g_autofree char *d = report_num_text(pr.mean_diff, 2);
  g_autofree char *p = report_num_text(pct, 0);
  g_autofree char *short_text =
    pr.n == 0 ? g_strdup(_("ingen tal endnu"))
    : hidden  ? g_strdup_printf(_("færre end %u borgere"), k)
    : isfinite(pct) ? g_strdup_printf(_("ændring %s, %s %% bedre (n = %u)"), d, p, pr.n)
                    : g_strdup_printf(_("ændring %s (n = %u)"), d, pr.n);
  json_object_set_new(out, "short", json_string(short_text));
  return out;
}

json_t *
report_theory_figures(StoreDb *db, const ReportTheoryScope *scope, const json_t *boxes,
                      GError **error)
{
  json_t *out = json_object();
  size_t i, j;
  json_t *box, *param;
  json_array_foreach(boxes, i, box) {
    if (g_strcmp0(json_string_value(json_object_get(box, "column_key")), "activities") == 0 ||
        json_array_size(json_object_get(box, "parameters")) == 0)
      continue;
    json_t *list = json_array();
    json_array_foreach(json_object_get(box, "parameters"), j, param) {
      json_t *f = report_theory_figure(db, scope, param, error);
      if (f == NULL) {
        json_decref(list);
        json_decref(out);
        return NULL;
      }
      json_array_append_new(list, f);
    }
    g_autofree char *id = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                          json_integer_value(json_object_get(box, "id")));
    json_object_set_new(out, id, list);
  }
  return out;
}

/* ---- The offer report's sections ------------------------------------------------- */

static json_t *
cell(const char *text, gboolean header, json_t *value, gboolean suppressed)
{
  json_t *c = json_pack("{s:s, s:o, s:b}", "text", text ? text : "–", "value",
                        value ? value : json_null(), "suppressed", suppressed);
  if (header)
    json_object_set_new(c, "header", json_true());
  return c;
}

static json_t *
cell_num(json_t *v, int decimals)
{
  g_autofree char *t = report_num_text(json_is_number(v) ? json_number_value(v) : NAN, decimals);
  return cell(t, FALSE, json_is_number(v) ? json_real(json_number_value(v)) : NULL, FALSE);
}

static const struct {
  const char *code, *label;
} columns[] = {
  {"activities", N_("Aktiviteter")},
  {"immediate_results", N_("Umiddelbare resultater")},
  {"medium_term_results", N_("Resultater på mellemlangt sigt")},
  {"long_term_results", N_("Resultater på langt sigt")},
};

/* The one offer whose theories the report may show, or 0. */
static gboolean
theory_offer(StoreDb *db, gint64 actor, gint64 offer_id, gint64 *out, GError **error)
{
  *out = offer_id;
  if (offer_id != 0)
    return TRUE; /* the report checked that the actor leads it */
  json_t *offers = store_reports_offers(db, actor, error);
  if (offers == NULL)
    return FALSE;
  if (json_array_size(offers) == 1 && json_is_true(json_object_get(json_array_get(offers, 0),
                                                                   "led")))
    *out = json_integer_value(json_object_get(json_array_get(offers, 0), "id"));
  json_decref(offers);
  return TRUE;
}

static gboolean
theory_section(StoreDb *db, gint64 actor, const json_t *t, const ReportTheoryScope *base,
               json_t *sections, GError **error)
{
  gint64 id = json_integer_value(json_object_get(t, "id"));
  GError *local = NULL;
  json_t *theory = store_theory_get(db, actor, id, 0, STORE_PRACTICE_READ, &local);
  if (theory == NULL) {
    /* A leader without the offer's practice development skips it. */
    if (g_error_matches(local, STORE_ERROR, STORE_ERROR_NOT_FOUND)) {
      g_error_free(local);
      return TRUE;
    }
    g_propagate_error(error, local);
    return FALSE;
  }
  ReportTheoryScope scope = *base;
  json_t *jiv = json_object_get(t, "intervention_id");
  if (json_is_integer(jiv)) {
    if (scope.intervention_id != 0 && scope.intervention_id != json_integer_value(jiv)) {
      json_decref(theory);
      return TRUE; /* a theory of another intervention than the report's */
    }
    scope.intervention_id = json_integer_value(jiv);
  }
  json_t *version = json_object_get(theory, "version");
  json_t *boxes = json_object_get(version, "boxes");
  json_t *figures = report_theory_figures(db, &scope, boxes, error);
  if (figures == NULL) {
    json_decref(theory);
    return FALSE;
  }
  g_autofree char *title = g_strdup_printf(_("Forandringsteori: %s (version %d)"),
                                           json_string_value(json_object_get(theory, "title")),
                                           (int)json_integer_value(json_object_get(version,
                                                                                   "version")));
  g_autofree char *sid = g_strdup_printf("theory-%" G_GINT64_FORMAT, id);
  g_autofree char *how = g_strdup_printf(
    _("Forandringsteoriens kasser, fra aktiviteterne til resultaterne på langt sigt. For hver "
      "parameter, der måler et resultat: gennemsnittet ved opstart og ved den seneste måling "
      "derefter (afslutningen, når forløbet er slut) for borgere målt begge gange, ændringen med "
      "95 %%-konfidensinterval, og hvor stor en andel der har udviklet sig i den gode retning "
      "(figuren). Én borger tæller én gang, med sit seneste forløb; kun godkendte målinger, "
      "personalets (borgerens egne for et instrument, kun borgeren udfylder). Tal for færre end %u "
      "borgere vises ikke."), scope.k);
  json_t *s = report_section_new(sid, title, how);
  const char *const cols[] = {_("Kolonne"), _("Kasse"), _("Parameter"), _("Borgere"),
                              _("Opstart"), _("Seneste"), _("Ændring"), _("95 %-KI for ændringen"),
                              _("Andel i den gode retning (%)")};
  const gboolean numeric[] = {FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE};
  json_t *colsj = json_array();
  for (guint c = 0; c < G_N_ELEMENTS(cols); c++)
    json_array_append_new(colsj, json_pack("{s:s, s:b}", "label", cols[c], "num", numeric[c]));
  json_t *table = json_pack("{s:o, s:[]}", "columns", colsj, "rows");
  json_t *rows = json_object_get(table, "rows");
  json_t *x = json_array(), *values = json_array();
  guint shown = 0, params = 0;
  for (guint c = 0; c < G_N_ELEMENTS(columns); c++) {
    size_t i, j;
    json_t *box, *f;
    json_array_foreach(boxes, i, box) {
      if (g_strcmp0(json_string_value(json_object_get(box, "column_key")), columns[c].code) != 0)
        continue;
      const char *text = json_string_value(json_object_get(box, "text"));
      g_autofree char *bid = g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                             json_integer_value(json_object_get(box, "id")));
      json_t *list = json_object_get(figures, bid);
      if (json_array_size(list) == 0) {
        json_t *cells = json_array();
        json_array_append_new(cells, cell(_(columns[c].label), FALSE, NULL, FALSE));
        json_array_append_new(cells, cell(text, TRUE, NULL, FALSE));
        json_array_append_new(cells, cell(c == 0 ? "" : _("Ingen parameter valgt"), FALSE, NULL,
                                          FALSE));
        for (int k = 0; k < 6; k++)
          json_array_append_new(cells, cell("", FALSE, NULL, FALSE));
        json_array_append_new(rows, json_pack("{s:o}", "cells", cells));
        continue;
      }
      json_array_foreach(list, j, f) {
        params++;
        gboolean hidden = json_is_true(json_object_get(f, "suppressed"));
        gboolean none = json_is_true(json_object_get(f, "empty"));
        json_t *cells = json_array();
        json_array_append_new(cells, cell(_(columns[c].label), FALSE, NULL, FALSE));
        json_array_append_new(cells, cell(text, TRUE, NULL, FALSE));
        json_array_append_new(cells, cell(json_string_value(json_object_get(f, "label")), FALSE,
                                          NULL, FALSE));
        if (hidden || none) {
          json_array_append_new(cells, cell(none ? "0" : json_string_value(json_object_get(f,
                                                                                     "n_text")),
                                            FALSE, none ? json_integer(0) : NULL, hidden));
          for (int k = 0; k < 5; k++)
            json_array_append_new(cells, cell("–", FALSE, NULL, hidden));
        } else {
          json_t *n = json_object_get(f, "n");
          json_array_append_new(cells, cell(json_string_value(json_object_get(f, "n_text")),
                                            FALSE, json_integer(json_integer_value(n)), FALSE));
          json_array_append_new(cells, cell_num(json_object_get(f, "mean_start"), 2));
          json_array_append_new(cells, cell_num(json_object_get(f, "mean_latest"), 2));
          json_array_append_new(cells, cell_num(json_object_get(f, "change"), 2));
          json_t *lo = json_object_get(f, "ci_low"), *hi = json_object_get(f, "ci_high");
          g_autofree char *l = report_num_text(json_is_number(lo) ? json_number_value(lo) : NAN, 2);
          g_autofree char *h = report_num_text(json_is_number(hi) ? json_number_value(hi) : NAN, 2);
          g_autofree char *ci = json_is_number(lo) ? g_strdup_printf("%s – %s", l, h)
                                                   : g_strdup("–");
          json_array_append_new(cells, cell(ci, FALSE, NULL, FALSE));
          json_array_append_new(cells, cell_num(json_object_get(f, "improved_pct"), 0));
          shown++;
        }
        json_array_append_new(rows, json_pack("{s:o}", "cells", cells));
        g_autofree char *label = g_strdup_printf("%s: %s", text,
                                                 json_string_value(json_object_get(f, "label")));
        json_array_append_new(x, json_string(label));
        json_t *pct = json_object_get(f, "improved_pct");
        json_array_append_new(values, json_is_number(pct) ? json_real(json_number_value(pct))
                                                          : json_null());
      }
    }
  }
  if (json_array_size(boxes) == 0) {
    json_decref(table);
    json_decref(x);
    json_decref(values);
    json_object_set_new(s, "empty", json_true());
    json_object_set_new(s, "empty_message",
                        json_string(_("Forandringsteorien har endnu ingen kasser.")));
  } else {
    json_object_set_new(s, "table", table);
    if (params > 0) {
      json_t *series = json_pack("[{s:s, s:o}]", "name", _("Andel i den gode retning"), "values",
                                 values);
      json_object_set_new(s, "chart", json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:f, s:f, s:s, s:s}", "kind", "bar", "title",
        _("Resultaterne i forandringsteorien"), "description",
        _("Andelen af borgerne, der har udviklet sig i den gode retning fra opstart til seneste "
          "måling, for hver parameter, der måler et resultat."),
        "x", x, "series", series, "y_min", 0.0, "y_max", 100.0, "x_label", _("Resultat"),
        "y_label", _("Andel (%)")));
    } else {
      json_decref(x);
      json_decref(values);
      json_array_append_new(json_object_get(s, "notes"),
                            json_string(_("Ingen resultatkasse har en parameter, der måler den. "
                                          "Vælg parametre, når forandringsteorien redigeres.")));
    }
    if (params > 0 && shown == 0)
      json_array_append_new(json_object_get(s, "notes"),
                            json_string(_("Ingen parameter har tal for nok borgere i perioden.")));
  }
  json_array_append_new(sections, s);
  json_decref(figures);
  json_decref(theory);
  return TRUE;
}

gboolean
report_theory_offer_sections(StoreDb *db, gint64 actor, gint64 offer_id, gint64 intervention_id,
                             const char *from, const char *to, guint k,
                             ReportTheoryValuesFunc values, void *values_data, json_t *sections,
                             GError **error)
{
  gint64 offer = 0;
  if (!theory_offer(db, actor, offer_id, &offer, error))
    return FALSE;
  const char *how = _("Forandringsteorien viser, hvordan tilbuddets aktiviteter skal føre til "
                      "resultater, og tallene under hver resultatkasse viser, hvordan det er "
                      "gået.");
  if (offer == 0) {
    json_t *s = report_section_new("theory", _("Forandringsteori"), how);
    json_object_set_new(s, "empty", json_true());
    json_object_set_new(s, "empty_message", json_string(
      _("Forandringsteorier vises for ét tilbud ad gangen: vælg et tilbud, du leder. Som "
        "analytiker ser du kun tal på tværs af tilbud.")));
    json_array_append_new(sections, s);
    return TRUE;
  }
  json_t *theories = store_report_figure_theories(db, offer, error);
  if (theories == NULL)
    return FALSE;
  if (json_array_size(theories) == 0) {
    json_t *s = report_section_new("theory", _("Forandringsteori"), how);
    json_object_set_new(s, "empty", json_true());
    json_object_set_new(s, "empty_message",
                        json_string(_("Tilbuddet har ingen forandringsteori endnu.")));
    json_array_append_new(sections, s);
  }
  ReportTheoryScope scope = {.offer_id = offer, .intervention_id = intervention_id, .from = from,
                             .to = to, .k = MAX(k, SUPPRESS_K_MIN), .values = values,
                             .values_data = values_data};
  size_t i;
  json_t *t;
  json_array_foreach(theories, i, t) {
    if (!theory_section(db, actor, t, &scope, sections, error)) {
      json_decref(theories);
      return FALSE;
    }
  }
  json_decref(theories);
  return TRUE;
}
