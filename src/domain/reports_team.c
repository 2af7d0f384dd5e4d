/* reports_team.c — the team's result list, the caseload per worker and the
 * cost report as report models; see reports_team.h. */
#include "domain/reports_team.h"

#include <math.h>
#include <string.h>

#include "analysis/suppress.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/roles.h"
#include "domain/cost.h"
#include "domain/report_model.h"
#include "store/team.h"

/* The instrument the result list and the costs read: the life areas. */
#define LIFE_AREAS "vum-livsomraader"

gboolean
report_team_kind(const ReportDef *def)
{
  return def != NULL && (def->kind == REPORT_TEAM || def->kind == REPORT_CASELOAD ||
                         def->kind == REPORT_COSTS);
}

guint
report_capability(const ReportDef *def)
{
  return def != NULL && (def->kind == REPORT_TEAM || def->kind == REPORT_CITIZEN_PROGRESSION)
           ? CAP_CITIZEN_WRITE
           : CAP_REPORT;
}

char *
report_href(const ReportDef *def)
{
  switch (def->kind) {
  case REPORT_TEAM:
    return g_strdup("/team");
  case REPORT_CASELOAD:
    return g_strdup("/team/caseload");
  case REPORT_COSTS:
    return g_strdup("/costs");
  default:
    return g_strdup_printf("/reports/%s", def->name);
  }
}

/* ---- Model pieces ---------------------------------------------------------------- */

static gboolean
danish(void)
{
  return spor_i18n_current() != SPOR_LANG_EN;
}

/* A decimal number as people read it; newly allocated ("–" for none). */
static char *
decimal_text(double v, int decimals)
{
  if (!isfinite(v))
    return g_strdup("–");
  char *s = g_strdup_printf("%.*f", decimals, v);
  if (danish())
    for (char *p = s; *p; p++)
      if (*p == '.')
        *p = ',';
  return s;
}

/* Whole kroner with thousands separators: "12.345 kr." ("DKK 12,345"). */
static char *
amount_text(double v)
{
  if (!isfinite(v))
    return g_strdup("–");
  gint64 whole = (gint64)(v < 0 ? v - 0.5 : v + 0.5);
  g_autofree char *digits = g_strdup_printf("%" G_GINT64_FORMAT, whole < 0 ? -whole : whole);
  GString *g = g_string_new(whole < 0 ? "-" : "");
  gsize len = strlen(digits);
  for (gsize i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0)
      g_string_append_c(g, danish() ? '.' : ',');
    g_string_append_c(g, digits[i]);
  }
  char *digits_grouped = g_string_free(g, FALSE);
  char *out = danish() ? g_strdup_printf("%s kr.", digits_grouped)
                       : g_strdup_printf("DKK %s", digits_grouped);
  g_free(digits_grouped);
  return out;
}

static void
set_owned(json_t *object, const char *key, char *text)
{
  json_object_set_new(object, key, json_string(text));
  g_free(text);
}

/* A number cell; text made by the caller (newly allocated, taken). */
static json_t *
cell_real(double v, char *text)
{
  json_t *c = json_pack("{s:s, s:o, s:b}", "text", text, "value",
                        isfinite(v) ? json_real(v) : json_null(), "suppressed", 0);
  g_free(text);
  return c;
}

static json_t *
bar_chart(const char *title, const char *desc, json_t *x, json_t *series, double y_max,
          const char *x_label, const char *y_label)
{
  return json_pack("{s:s, s:s, s:s, s:o, s:o, s:f, s:f, s:s, s:s}", "kind", "bar", "title", title,
                   "description", desc, "x", x, "series", series, "y_min", 0.0, "y_max",
                   y_max > 0 ? y_max : 1.0, "x_label", x_label, "y_label", y_label);
}

/* A scale's top for counts and amounts: the next round number above max. */
static double
nice_max(double max)
{
  if (!(max > 0))
    return 1;
  double step = pow(10, floor(log10(max)));
  return ceil(max / step) * step;
}

static json_t *
model_new(const ReportDef *def, const ReportFilter *f, const char *subtitle)
{
  g_autofree char *from_display = spor_date_iso_to_danish(f->from);
  g_autofree char *to_display = spor_date_iso_to_danish(f->to);
  return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:i, s:[]}", "report", def->name,
                   "title", _(def->title), "summary", _(def->summary), "subtitle", subtitle,
                   "period", "from", f->from, "to", f->to, "from_display", from_display,
                   "to_display", to_display, "k", (int)MAX(f->k, SUPPRESS_K_MIN), "sections");
}

/* ---- 5. The team's result list ------------------------------------------------------ */

/* Adds the life areas' mean at the phase's start and end (the first and the
 * last approved staff measurement of the course inside the phase) and the
 * improvement (lower is better on the life areas). */
static void
add_scores(json_t *rows, const json_t *scores)
{
  size_t i, j;
  json_t *row, *s;
  json_array_foreach(rows, i, row) {
    gint64 course = json_integer_value(json_object_get(row, "course_id"));
    const char *start = json_string_value(json_object_get(row, "phase_started_on"));
    const char *end = json_string_value(json_object_get(row, "finished_on"));
    json_t *first = NULL, *last = NULL;
    int n = 0;
    json_array_foreach(scores, j, s) {
      const char *on = json_string_value(json_object_get(s, "measured_on"));
      if (json_integer_value(json_object_get(s, "course_id")) != course ||
          g_strcmp0(on, start) < 0 || g_strcmp0(on, end) > 0)
        continue;
      if (n++ == 0)
        first = json_object_get(s, "score");
      last = json_object_get(s, "score");
    }
    double a = n >= 1 ? json_number_value(first) : NAN;
    double b = n >= 2 ? json_number_value(last) : NAN;
    json_object_set_new(row, "score_start", isfinite(a) ? json_real(a) : json_null());
    json_object_set_new(row, "score_end", isfinite(b) ? json_real(b) : json_null());
    json_object_set_new(row, "improvement", n >= 2 ? json_real(a - b) : json_null());
    set_owned(row, "score_start_display", decimal_text(a, 1));
    set_owned(row, "score_end_display", decimal_text(b, 1));
    set_owned(row, "improvement_display", decimal_text(n >= 2 ? a - b : NAN, 1));
  }
}

static json_t *
build_team(StoreDb *db, gint64 actor, const ReportDef *def, const ReportFilter *f, gint64 unit,
           GArray *named, GError **error)
{
  json_t *rows = store_team_phases_finished(db, actor, f->from, f->to, unit, error);
  json_t *scores = rows ? store_team_course_scores(db, actor, LIFE_AREAS, f->to, error) : NULL;
  if (scores == NULL) {
    json_decref(rows);
    return NULL;
  }
  add_scores(rows, scores);
  json_decref(scores);
  g_autofree char *from_display = spor_date_iso_to_danish(f->from);
  g_autofree char *to_display = spor_date_iso_to_danish(f->to);
  g_autofree char *subtitle = g_strdup_printf(_("Faser afsluttet %s – %s"), from_display,
                                              to_display);
  json_t *model = model_new(def, f, subtitle);
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 reached = 0, goals = 0;
  json_t *s = report_section_new("team-results", _("Borgere, der afsluttede en fase"),
    _("Hver borger med en afsluttet fase har to søjler: gennemsnittet af livsområderne ved fasens "
      "første og sidste godkendte måling (skala 0–4, lavere er bedre). Er den anden søjle lavere "
      "end den første, er det gået fremad i fasen. Tabellen giver også forløbets mål nået og "
      "forbedringen (start minus slut). En fase er afsluttet den dag, forløbet går over i næste "
      "fase, eller den dag forløbet slutter."));
  const char *const cols[] = {_("Afsluttet"), _("Borger"), _("Afdeling"), _("Indsats"), _("Fase"),
                              _("Fasen begyndte"), _("Mål nået"),
                              _("Livsområder ved fasens start"),
                              _("Livsområder ved fasens slutning"), _("Forbedring")};
  const gboolean numeric[] = {FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
  json_t *x = json_array(), *vs = json_array(), *ve = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    set_owned(row, "citizen_name", g_strdup_printf("%s %s",
      json_string_value(json_object_get(row, "first_name")),
      json_string_value(json_object_get(row, "last_name"))));
    const char *iso_keys[] = {"finished_on", "phase_started_on"};
    for (guint k = 0; k < G_N_ELEMENTS(iso_keys); k++) {
      g_autofree char *display_key = g_strconcat(iso_keys[k], "_display", NULL);
      set_owned(row, display_key,
                spor_date_iso_to_danish(json_string_value(json_object_get(row, iso_keys[k]))));
    }
    gint64 r = json_integer_value(json_object_get(row, "goals_reached"));
    gint64 g = json_integer_value(json_object_get(row, "goals"));
    reached += r;
    goals += g;
    set_owned(row, "goals_reached_text", g_strdup_printf(_("%d af %d"), (int)r, (int)g));
    gint64 cid = json_integer_value(json_object_get(row, "citizen_id"));
    if (!g_hash_table_contains(seen, &cid)) {
      g_hash_table_add(seen, g_memdup2(&cid, sizeof cid));
      g_array_append_val(named, cid);
    }
    const char *name = json_string_value(json_object_get(row, "citizen_name"));
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_text(json_string_value(json_object_get(row,
                                                                             "finished_on_display"))));
    json_array_append_new(cells, report_cell_header(name));
    json_array_append_new(cells, report_cell_text(json_string_value(json_object_get(row, "unit_name"))));
    json_array_append_new(cells, report_cell_text(json_string_value(json_object_get(row,
                                                                             "intervention_name"))));
    json_array_append_new(cells, report_cell_text(json_string_value(json_object_get(row, "phase_name"))));
    json_array_append_new(cells, report_cell_text(json_string_value(json_object_get(row,
                                                                             "phase_started_on_display"))));
    json_array_append_new(cells, report_cell_text(json_string_value(json_object_get(row,
                                                                             "goals_reached_text"))));
    const char *keys[] = {"score_start", "score_end", "improvement"};
    for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
      json_t *v = json_object_get(row, keys[k]);
      double d = json_is_number(v) ? json_number_value(v) : NAN;
      json_array_append_new(cells, cell_real(d, decimal_text(d, 1)));
    }
    g_autofree char *label = g_strdup_printf("%s (%s)", name,
                                             json_string_value(json_object_get(row, "phase_name")));
    json_array_append_new(x, json_string(label));
    json_array_append_new(vs, json_deep_copy(json_object_get(row, "score_start")));
    json_array_append_new(ve, json_deep_copy(json_object_get(row, "score_end")));
  }
  if (json_array_size(rows) == 0) {
    json_decref(table);
    json_decref(x);
    json_decref(vs);
    json_decref(ve);
    report_section_empty(s, _("Ingen borgere afsluttede en fase i perioden."));
  } else {
    json_t *series = json_pack("[{s:s, s:o}, {s:s, s:o}]", "name", _("Fasens start"), "values",
                               vs, "name", _("Fasens slutning"), "values", ve);
    json_t *chart = bar_chart(_("Livsområderne i de afsluttede faser"),
                              _("Gennemsnittet af livsområderne ved fasens start og slutning for "
                                "hver borger, der afsluttede en fase i perioden."),
                              x, series, 4, _("Borger og fase"), _("Livsområder (0–4)"));
    json_object_set_new(chart, "y_direction", json_string("lower_is_better"));
    json_object_set_new(s, "chart", chart);
    json_object_set_new(s, "table", table);
    g_autofree char *note = g_strdup_printf(_("%u borgere, %d af %d mål nået."),
                                            g_hash_table_size(seen), (int)reached, (int)goals);
    json_array_append_new(json_object_get(s, "notes"), json_string(note));
  }
  json_array_append_new(json_object_get(model, "sections"), s);
  json_object_set_new(model, "citizens", json_integer(g_hash_table_size(seen)));
  json_object_set_new(model, "goals", json_integer(goals));
  json_object_set_new(model, "goals_reached", json_integer(reached));
  json_object_set_new(model, "rows", rows);
  return model;
}

/* ---- 5. The caseload per worker ------------------------------------------------------- */

static json_t *
caseload_row(GHashTable *by_user, json_t *rows, gint64 user_id, const json_t *name)
{
  json_t *row = g_hash_table_lookup(by_user, &user_id);
  if (row != NULL)
    return row;
  row = json_pack("{s:I, s:i, s:i, s:i, s:i, s:i, s:i}", "user_id", (json_int_t)user_id,
                  "citizens", 0, "started", 0, "ended", 0, "sessions", 0, "minutes", 0,
                  "measurements", 0);
  json_object_set_new(row, "name", user_id == 0 || !json_is_string(name)
                                     ? json_string(_("Ingen kontaktperson"))
                                     : json_incref((json_t *)name));
  json_array_append_new(rows, row);
  g_hash_table_insert(by_user, g_memdup2(&user_id, sizeof user_id), row);
  return row;
}

static gint
caseload_order(gconstpointer a, gconstpointer b)
{
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  gboolean x_none = json_integer_value(json_object_get(x, "user_id")) == 0;
  gboolean y_none = json_integer_value(json_object_get(y, "user_id")) == 0;
  if (x_none != y_none)
    return x_none ? 1 : -1;
  return g_utf8_collate(json_string_value(json_object_get(x, "name")),
                        json_string_value(json_object_get(y, "name")));
}

static const char *const caseload_keys[] = {"citizens", "started", "ended",
                                            "sessions", "minutes", "measurements"};

static json_t *
build_caseload(StoreDb *db, gint64 actor, const ReportDef *def, const ReportFilter *f,
               gint64 unit, GError **error)
{
  json_t *data = store_team_caseload(db, actor, f->from, f->to, unit, error);
  if (data == NULL)
    return NULL;
  json_t *rows = json_array();
  g_autoptr(GHashTable) by_user = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(data, "key_workers"), i, r) {
    json_t *row = caseload_row(by_user, rows, json_integer_value(json_object_get(r, "user_id")),
                               json_object_get(r, "name"));
    for (gsize k = 0; k < 3; k++)
      json_object_set(row, caseload_keys[k], json_object_get(r, caseload_keys[k]));
  }
  json_array_foreach(json_object_get(data, "activity"), i, r) {
    json_t *row = caseload_row(by_user, rows, json_integer_value(json_object_get(r, "user_id")),
                               json_object_get(r, "name"));
    for (gsize k = 3; k < G_N_ELEMENTS(caseload_keys); k++)
      json_object_set(row, caseload_keys[k], json_object_get(r, caseload_keys[k]));
  }
  json_decref(data);
  /* Workers by name, "no contact person" last; a worker with nothing in
   * the period is left out. */
  g_autoptr(GPtrArray) sorted = g_ptr_array_new();
  json_array_foreach(rows, i, r) {
    gint64 sum = 0;
    for (gsize k = 0; k < G_N_ELEMENTS(caseload_keys); k++)
      sum += json_integer_value(json_object_get(r, caseload_keys[k]));
    if (sum > 0)
      g_ptr_array_add(sorted, r);
  }
  g_ptr_array_sort(sorted, caseload_order);
  json_t *ordered = json_array();
  for (guint k = 0; k < sorted->len; k++)
    json_array_append(ordered, sorted->pdata[k]);
  json_decref(rows);

  g_autofree char *from_display = spor_date_iso_to_danish(f->from);
  g_autofree char *to_display = spor_date_iso_to_danish(f->to);
  g_autofree char *subtitle = g_strdup_printf(_("Perioden %s – %s"), from_display, to_display);
  json_t *model = model_new(def, f, subtitle);
  json_t *s = report_section_new("caseload", _("Sagsbelastning pr. medarbejder"),
    _("Hver medarbejder har tre søjler: borgere i forløb, som medarbejderen er kontaktperson for, "
      "og forløb, der begyndte og sluttede i perioden. Tabellen giver også de sessioner og "
      "minutter, medarbejderen har registreret, og de målinger, medarbejderen har foretaget. "
      "Borgere uden kontaktperson står til sidst."));
  const char *const cols[] = {_("Medarbejder"), _("Borgere i forløb (kontaktperson)"),
                              _("Forløb begyndt"), _("Forløb afsluttet"), _("Sessioner"),
                              _("Minutter"), _("Målinger foretaget")};
  const gboolean numeric[] = {FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
  json_t *x = json_array(), *v[3] = {json_array(), json_array(), json_array()};
  double max = 0;
  json_array_foreach(ordered, i, r) {
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_header(json_string_value(json_object_get(r, "name"))));
    for (gsize k = 0; k < G_N_ELEMENTS(caseload_keys); k++) {
      gint64 n = json_integer_value(json_object_get(r, caseload_keys[k]));
      json_array_append_new(cells, report_cell_count(n));
      if (k < 3) {
        json_array_append_new(v[k], json_integer(n));
        max = MAX(max, (double)n);
      }
    }
    json_array_append_new(x, json_string(json_string_value(json_object_get(r, "name"))));
  }
  if (json_array_size(ordered) == 0) {
    json_decref(table);
    json_decref(x);
    for (int k = 0; k < 3; k++)
      json_decref(v[k]);
    report_section_empty(s, _("Ingen forløb eller aktiviteter i perioden."));
  } else {
    json_t *series = json_pack("[{s:s, s:o}, {s:s, s:o}, {s:s, s:o}]", "name",
                               _("Borgere i forløb"), "values", v[0], "name", _("Forløb begyndt"),
                               "values", v[1], "name", _("Forløb afsluttet"), "values", v[2]);
    json_object_set_new(s, "chart",
                        bar_chart(_("Sagsbelastning pr. medarbejder"),
                                  _("Borgere i forløb som kontaktperson, forløb begyndt og "
                                    "forløb afsluttet i perioden, pr. medarbejder."),
                                  x, series, nice_max(max), _("Medarbejder"), _("Antal")));
    json_object_set_new(s, "table", table);
  }
  json_array_append_new(json_object_get(model, "sections"), s);
  json_object_set_new(model, "rows", ordered);
  return model;
}

/* ---- 9. Costs ------------------------------------------------------------------------------- */

/* Hides the counts of key in rows with complementary suppression against
 * their total; the hidden rows' key is set to null and their hidden flag
 * (hidden_key) to TRUE.  Gives the total's mark (SUPPRESS_PRIMARY when
 * the table cannot be protected: then every count is hidden). */
static SuppressMark
suppress_column(json_t *rows, const char *key, const char *hidden_key, guint k, gint64 *out_total)
{
  gsize n = json_array_size(rows);
  gint64 *cells = g_new0(gint64, MAX(n, 1));
  SuppressMark *marks = g_new0(SuppressMark, n + 1);
  gint64 total = 0;
  for (gsize i = 0; i < n; i++) {
    cells[i] = json_integer_value(json_object_get(json_array_get(rows, i), key));
    total += cells[i];
  }
  gboolean ok = n > 0 && suppress_1d(cells, (guint)n, k, marks, NULL);
  for (gsize i = 0; i < n; i++) {
    json_t *row = json_array_get(rows, i);
    gboolean hidden = !ok || marks[i] != SUPPRESS_SHOWN;
    json_object_set_new(row, hidden_key, json_boolean(hidden));
    if (hidden)
      json_object_set_new(row, key, json_null());
  }
  SuppressMark total_mark = ok ? marks[n] : SUPPRESS_PRIMARY;
  g_free(cells);
  g_free(marks);
  *out_total = total;
  return total_mark;
}

static json_t *
build_costs(StoreDb *db, gint64 actor, const ReportDef *def, const ReportFilter *f,
            GError **error)
{
  guint k = MAX(f->k, SUPPRESS_K_MIN);
  json_t *data = store_cost_report_data(db, actor, f->from, f->to, LIFE_AREAS, error);
  if (data == NULL)
    return NULL;
  /* Every count first (k 0), then suppressed here against the totals. */
  json_t *rows = cost_report_rows(data, f->from, f->to, 0);
  json_decref(data);
  gint64 courses_total = 0, measured_total = 0;
  SuppressMark courses_mark = suppress_column(rows, "courses", "courses_hidden", k,
                                              &courses_total);
  SuppressMark measured_mark = suppress_column(rows, "measured_courses", "measured_hidden", k,
                                               &measured_total);
  gboolean any_cost = FALSE, any_suppressed = FALSE, all_improvement = TRUE;
  double total = 0, improvement_total = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    gboolean ch = json_is_true(json_object_get(row, "courses_hidden"));
    gboolean mh = json_is_true(json_object_get(row, "measured_hidden"));
    if (ch)
      json_object_set_new(row, "cost_per_course", json_null());
    if (mh) {
      json_object_set_new(row, "improvement", json_null());
      json_object_set_new(row, "cost_per_point", json_null());
      all_improvement = FALSE;
    } else {
      improvement_total += json_number_value(json_object_get(row, "improvement"));
    }
    json_object_set_new(row, "suppressed", json_boolean(ch || mh));
    any_suppressed = any_suppressed || ch || mh;
    json_t *cost = json_object_get(row, "cost");
    if (json_is_number(cost)) {
      any_cost = TRUE;
      total += json_number_value(cost);
    }
    set_owned(row, "cost_display", amount_text(json_is_number(cost) ? json_number_value(cost)
                                                                    : NAN));
    json_t *cpc = json_object_get(row, "cost_per_course");
    json_t *cpp = json_object_get(row, "cost_per_point");
    json_t *imp = json_object_get(row, "improvement");
    set_owned(row, "cost_per_course_display",
              amount_text(json_is_number(cpc) ? json_number_value(cpc) : NAN));
    set_owned(row, "cost_per_point_display",
              amount_text(json_is_number(cpp) ? json_number_value(cpp) : NAN));
    set_owned(row, "courses_display",
              ch ? g_strdup_printf("< %u", k)
                 : g_strdup_printf("%" JSON_INTEGER_FORMAT,
                                   json_integer_value(json_object_get(row, "courses"))));
    set_owned(row, "improvement_display",
              mh ? g_strdup_printf(_("færre end %u målt"), k)
                 : decimal_text(json_is_number(imp) ? json_number_value(imp) : NAN, 1));
  }
  gboolean courses_total_shown = courses_mark == SUPPRESS_SHOWN && json_array_size(rows) > 0;
  gboolean measured_total_shown = measured_mark == SUPPRESS_SHOWN && json_array_size(rows) > 0;

  g_autofree char *from_display = spor_date_iso_to_danish(f->from);
  g_autofree char *to_display = spor_date_iso_to_danish(f->to);
  g_autofree char *subtitle = g_strdup_printf(_("Perioden %s – %s · tal for færre end %u "
                                                "borgerforløb er skjult"),
                                              from_display, to_display, k);
  json_t *model = model_new(def, f, subtitle);
  g_autofree char *how = g_strdup_printf(
    _("Hver søjle er en indsats' omkostning pr. borgerforløb i perioden. Et beløb for en periode "
      "fordeles ligeligt på periodens dage, så den valgte periode får sin andel. Et borgerforløb "
      "tæller med, når det løber mindst én dag i perioden. Forbedringen er ændringen i "
      "gennemsnittet af livsområderne (0–4, lavere er bedre) fra forløbets første til sidste "
      "godkendte måling i perioden, lagt sammen for forløbene; forløb med færre end to målinger i "
      "perioden tæller ikke med. Omkostning pr. point er omkostningen delt med den samlede "
      "forbedring og vises kun, når forbedringen er positiv. Tal, der bygger på færre end %u "
      "borgerforløb, vises ikke, og heller ikke så mange andre, at de kan regnes ud af "
      "totalen."), k);
  json_t *s = report_section_new("costs", _("Omkostninger pr. indsats"), how);
  const char *const cols[] = {_("Tilbud"), _("Indsats"), _("Omkostning i perioden (kr.)"),
                              _("Dage med omkostning"), _("Borgerforløb"),
                              _("Omkostning pr. borgerforløb (kr.)"), _("Forløb målt to gange"),
                              _("Point forbedring i alt"),
                              _("Omkostning pr. point forbedring (kr.)")};
  const gboolean numeric[] = {FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE};
  json_t *table = report_table_new(cols, numeric, G_N_ELEMENTS(cols));
  json_t *x = json_array(), *values = json_array();
  double max = 0;
  json_array_foreach(rows, i, row) {
    json_t *cells = report_table_row(table);
    json_array_append_new(cells, report_cell_text(json_string_value(json_object_get(row, "offer_name"))));
    json_array_append_new(cells, report_cell_header(json_string_value(json_object_get(row, "name"))));
    json_t *cost = json_object_get(row, "cost");
    json_array_append_new(cells, cell_real(json_is_number(cost) ? json_number_value(cost) : NAN,
                                           amount_text(json_is_number(cost)
                                                         ? json_number_value(cost) : NAN)));
    json_array_append_new(cells, report_cell_count(json_integer_value(json_object_get(row, "cost_days"))));
    gboolean ch = json_is_true(json_object_get(row, "courses_hidden"));
    gboolean mh = json_is_true(json_object_get(row, "measured_hidden"));
    json_array_append_new(cells, ch ? report_cell_hidden(k, TRUE)
                                    : report_cell_count(json_integer_value(json_object_get(row,
                                                                                  "courses"))));
    json_t *cpc = json_object_get(row, "cost_per_course");
    json_array_append_new(cells, ch ? report_cell_hidden(k, FALSE)
                                    : cell_real(json_is_number(cpc) ? json_number_value(cpc)
                                                                    : NAN,
                                                amount_text(json_is_number(cpc)
                                                              ? json_number_value(cpc) : NAN)));
    json_array_append_new(cells, mh ? report_cell_hidden(k, TRUE)
                                    : report_cell_count(json_integer_value(json_object_get(row,
                                                                                  "measured_courses"))));
    json_t *imp = json_object_get(row, "improvement");
    json_t *cpp = json_object_get(row, "cost_per_point");
    json_array_append_new(cells, mh ? report_cell_hidden(k, FALSE)
                                    : cell_real(json_number_value(imp),
                                                decimal_text(json_number_value(imp), 1)));
    json_array_append_new(cells, mh ? report_cell_hidden(k, FALSE)
                                    : cell_real(json_is_number(cpp) ? json_number_value(cpp)
                                                                    : NAN,
                                                amount_text(json_is_number(cpp)
                                                              ? json_number_value(cpp) : NAN)));
    json_array_append_new(x, json_string(json_string_value(json_object_get(row, "name"))));
    json_array_append_new(values, json_is_number(cpc) ? json_real(json_number_value(cpc))
                                                      : json_null());
    if (json_is_number(cpc))
      max = MAX(max, json_number_value(cpc));
  }
  /* The total row: counts under their own marks, what rests on them with
   * them. */
  json_t *cells = report_table_row(table);
  json_array_append_new(cells, report_cell_text(""));
  json_array_append_new(cells, report_cell_header(_("I alt")));
  json_array_append_new(cells, cell_real(any_cost ? total : NAN, amount_text(any_cost ? total
                                                                                      : NAN)));
  json_array_append_new(cells, report_cell_text(""));
  json_array_append_new(cells, courses_total_shown ? report_cell_count(courses_total) : report_cell_hidden(k, TRUE));
  double per_course = any_cost && courses_total_shown && courses_total > 0
                        ? total / (double)courses_total : NAN;
  json_array_append_new(cells, courses_total_shown ? cell_real(per_course,
                                                               amount_text(per_course))
                                                   : report_cell_hidden(k, FALSE));
  json_array_append_new(cells, measured_total_shown ? report_cell_count(measured_total)
                                                    : report_cell_hidden(k, TRUE));
  gboolean imp_shown = measured_total_shown && all_improvement;
  json_array_append_new(cells, imp_shown ? cell_real(improvement_total,
                                                     decimal_text(improvement_total, 1))
                                         : report_cell_hidden(k, FALSE));
  double per_point = imp_shown && any_cost && improvement_total > 0 ? total / improvement_total
                                                                   : NAN;
  json_array_append_new(cells, imp_shown ? cell_real(per_point, amount_text(per_point))
                                         : report_cell_hidden(k, FALSE));
  json_object_set_new(model, "total_row", json_pack(
    "{s:O, s:O, s:O, s:O}", "courses_display", json_object_get(json_array_get(cells, 4), "text"),
    "cost_per_course_display", json_object_get(json_array_get(cells, 5), "text"),
    "improvement_display", json_object_get(json_array_get(cells, 7), "text"),
    "cost_per_point_display", json_object_get(json_array_get(cells, 8), "text")));
  if (!any_cost) {
    json_decref(table);
    json_decref(x);
    json_decref(values);
    report_section_empty(s, _("Der er ingen omkostninger angivet for nogen dag i perioden, så der er "
                       "intet at regne på."));
  } else {
    json_t *series = json_pack("[{s:s, s:o}]", "name", _("Omkostning pr. borgerforløb"),
                               "values", values);
    json_object_set_new(s, "chart",
                        bar_chart(_("Omkostning pr. borgerforløb"),
                                  _("Omkostningen i perioden delt med antallet af borgerforløb, "
                                    "pr. indsats, i kroner."),
                                  x, series, nice_max(max), _("Indsats"), _("Kroner")));
    json_object_set_new(s, "table", table);
    if (any_suppressed) {
      g_autofree char *note = g_strdup_printf(_("Tal, der bygger på færre end %u borgerforløb, "
                                                "vises ikke, så ingen borger kan genkendes."), k);
      json_array_append_new(json_object_get(s, "notes"), json_string(note));
    }
  }
  json_array_append_new(json_object_get(model, "sections"), s);
  json_t *total_value = any_cost ? json_real(total) : json_null();
  set_owned(model, "total_display", amount_text(any_cost ? total : NAN));
  json_object_set_new(model, "total", total_value);
  json_object_set_new(model, "has_cost", json_boolean(any_cost));
  json_object_set_new(model, "any_suppressed", json_boolean(any_suppressed));
  json_object_set_new(model, "rows", rows);
  return model;
}

/* ---- The whole ---------------------------------------------------------------------------- */

json_t *
report_team_build(StoreDb *db, gint64 actor, const ReportDef *def, const ReportFilter *f,
                  gint64 unit_id, GArray *named, GError **error)
{
  switch (def->kind) {
  case REPORT_TEAM:
    if (named == NULL) {
      g_set_error_literal(error, STORE_ERROR, STORE_ERROR_FAILED,
                          "resultatlisten navngiver borgere og skal skrives i loggen");
      return NULL;
    }
    return build_team(db, actor, def, f, unit_id, named, error);
  case REPORT_CASELOAD:
    return build_caseload(db, actor, def, f, unit_id, error);
  case REPORT_COSTS:
    return build_costs(db, actor, def, f, error);
  default:
    g_set_error(error, STORE_ERROR, STORE_ERROR_NOT_FOUND, "rapporten '%s' laves ikke her",
                def->name);
    return NULL;
  }
}
