/* team.c — the team's reports: the result list (/team: the citizens of the
 * team who finished a phase in a month, with their goals reached and the
 * change in the life areas over the phase) and the caseload per worker
 * (/team/caseload: citizens in course, courses started and ended, sessions
 * and measurements per worker in a period).  Rows are the actor's care
 * (store/team.h).  The result list names citizens, so each one named is
 * written to the audit log.  Downloads as CSV and PDF. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "pages/citizen_chart.h"
#include "pages/common.h"
#include "pages/download.h"
#include "pages/pages.h"
#include "render/pdf_doc.h"
#include "store/team.h"

static void
set_owned(json_t *object, const char *key, char *text)
{
  json_object_set_new(object, key, json_string(text));
  g_free(text);
}

/* The units of the care as options, the chosen one selected; "" is all. */
static json_t *
unit_options(const json_t *units, gint64 chosen)
{
  json_t *options = json_array();
  json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "code", "", "label",
                                           _("Alle afdelinger"), "selected", chosen == 0));
  size_t i;
  json_t *u;
  json_array_foreach(units, i, u) {
    gint64 id = json_integer_value(json_object_get(u, "id"));
    json_t *o = json_object();
    json_object_set_new(o, "code", json_sprintf("%" G_GINT64_FORMAT, id));
    json_object_set_new(o, "label", json_sprintf("%s, %s",
      json_string_value(json_object_get(u, "offer_name")),
      json_string_value(json_object_get(u, "name"))));
    json_object_set_new(o, "selected", json_boolean(id == chosen));
    json_array_append_new(options, o);
  }
  return options;
}

/* The unit filter: 0 for all; an error on "unit" when it is not one of the
 * care's units. */
static gint64
chosen_unit(FormResult *fields, const json_t *units)
{
  gint64 unit = 0;
  if (!form_int(fields, "unit", &unit))
    return 0;
  size_t i;
  json_t *u;
  json_array_foreach(units, i, u)
    if (json_integer_value(json_object_get(u, "id")) == unit)
      return unit;
  form_result_add_error(fields, "unit", _("Vælg en af dine afdelinger."));
  return 0;
}

/* ---- The result list ------------------------------------------------------ */

static const FieldSpec results_fields[] = {
  {"month", FIELD_TEXT, FALSE, 7, 7, NULL, N_("Måned")},
  {"unit", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Afdeling")},
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("html", "csv", "pdf"), N_("Format")},
};

static const DownloadColumn results_columns[] = {
  {"finished_on", N_("Afsluttet")},
  {"citizen_name", N_("Borger")},
  {"unit_name", N_("Afdeling")},
  {"intervention_name", N_("Indsats")},
  {"phase_name", N_("Fase")},
  {"phase_started_on", N_("Fasen begyndte")},
  {"goals_reached_text", N_("Mål nået")},
  {"score_start", N_("Livsområder ved fasens start")},
  {"score_end", N_("Livsområder ved fasens slutning")},
  {"improvement", N_("Forbedring")},
};

/* "2026-11" → the first and the last day of the month, newly allocated;
 * FALSE for anything else. */
static gboolean
month_bounds(const char *month, char **out_first, char **out_last)
{
  guint y = 0, m = 0;
  char tail = 0;
  if (month == NULL || strlen(month) != 7 || month[4] != '-' ||
      sscanf(month, "%4u-%2u%c", &y, &m, &tail) != 2 || y < 1900 || y > 2999 || m < 1 || m > 12)
    return FALSE;
  *out_first = g_strdup_printf("%04u-%02u-01", y, m);
  *out_last = g_strdup_printf("%04u-%02u-%02u", y, m, g_date_get_days_in_month(m, y));
  return TRUE;
}

/* Adds the life areas' mean at the phase's start and end (the first and the
 * last approved staff measurement of the course inside the phase) and the
 * improvement (lower is better on the life areas). */
static void
add_scores(json_t *rows, const json_t *scores, SporLang lang)
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
    json_t *improvement = n >= 2
      ? json_real(json_number_value(first) - json_number_value(last)) : json_null();
    json_object_set_new(row, "score_start", n >= 1 ? json_real(json_number_value(first))
                                                   : json_null());
    json_object_set_new(row, "score_end", n >= 2 ? json_real(json_number_value(last))
                                                 : json_null());
    json_object_set_new(row, "improvement", improvement);
    set_owned(row, "score_start_display", download_decimal(json_object_get(row, "score_start"),
                                                           lang));
    set_owned(row, "score_end_display", download_decimal(json_object_get(row, "score_end"), lang));
    set_owned(row, "improvement_display", download_decimal(improvement, lang));
  }
}

static void
team_results(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autofree char *today = spor_date_today();
  g_autofree char *this_month = g_strndup(today, 7);
  const char *month = form_text(fields, "month") ? form_text(fields, "month") : this_month;
  g_autofree char *first = NULL, *last = NULL;
  if (!month_bounds(month, &first, &last))
    form_result_add_error(fields, "month", _("Skriv måneden som åååå-mm, fx 2026-11."));
  g_autoptr(GError) error = NULL;
  json_t *units = store_team_units(req->db, req->user->id, &error);
  if (units == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 unit = chosen_unit(fields, units);
  json_t *model = page_model_new(_("Teamets resultatliste"));
  json_object_set_new(model, "unit_options", unit_options(units, unit));
  json_decref(units);
  json_t *values = json_deep_copy(form_result_echo(fields));
  if (json_object_get(values, "month") == NULL)
    json_object_set_new(values, "month", json_string(month));
  json_object_set_new(model, "values", values);
  json_object_set_new(model, "month", json_string(month));
  json_object_set_new(model, "unit", json_integer(unit));
  json_object_set_new(model, "unit_param", unit != 0 ? json_sprintf("%" G_GINT64_FORMAT, unit)
                                                     : json_string(""));
  json_object_set_new(model, "can_report", json_boolean(req->capabilities & CAP_REPORT));
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "team", model, fields);
    return;
  }
  json_t *rows = store_team_phases_finished(req->db, req->user->id, first, last, unit, &error);
  json_t *scores = rows ? store_team_course_scores(req->db, req->user->id,
                                                   CITIZEN_CHART_INSTRUMENT, last, &error)
                        : NULL;
  if (scores == NULL) {
    json_decref(rows);
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  add_scores(rows, scores, req->lang);
  json_decref(scores);
  g_autoptr(GHashTable) named = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  size_t i;
  json_t *row;
  gint64 reached = 0, goals = 0;
  json_array_foreach(rows, i, row) {
    set_owned(row, "citizen_name", g_strdup_printf("%s %s",
      json_string_value(json_object_get(row, "first_name")),
      json_string_value(json_object_get(row, "last_name"))));
    page_add_date_display(row, "finished_on");
    page_add_date_display(row, "phase_started_on");
    gint64 r = json_integer_value(json_object_get(row, "goals_reached"));
    gint64 g = json_integer_value(json_object_get(row, "goals"));
    reached += r;
    goals += g;
    set_owned(row, "goals_reached_text", g_strdup_printf(_("%d af %d"), (int)r, (int)g));
    gint64 cid = json_integer_value(json_object_get(row, "citizen_id"));
    if (!g_hash_table_contains(named, &cid))
      g_hash_table_add(named, g_memdup2(&cid, sizeof cid));
  }
  /* Every citizen the list names is in the audit log. */
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init(&it, named);
  while (g_hash_table_iter_next(&it, &key, NULL))
    reply_audit(reply, *(gint64 *)key, "team.results", month);
  g_autofree char *first_display = spor_date_iso_to_danish(first);
  g_autofree char *last_display = spor_date_iso_to_danish(last);
  json_object_set_new(model, "from_display", json_string(first_display));
  json_object_set_new(model, "to_display", json_string(last_display));
  json_object_set_new(model, "has_rows", json_boolean(json_array_size(rows) > 0));
  json_object_set_new(model, "citizens", json_integer(g_hash_table_size(named)));
  json_object_set_new(model, "goals", json_integer(goals));
  json_object_set_new(model, "goals_reached", json_integer(reached));
  json_object_set_new(model, "rows", rows);

  const char *format = form_text(fields, "format");
  if (g_strcmp0(format, "csv") == 0) {
    GBytes *csv = download_csv(rows, results_columns, G_N_ELEMENTS(results_columns));
    json_decref(model);
    download_reply(reply, csv, "text/csv; charset=utf-8", "resultatliste", "csv");
    return;
  }
  if (g_strcmp0(format, "pdf") == 0) {
    g_autofree char *subtitle = g_strdup_printf(_("Faser afsluttet %s – %s"), first_display,
                                                last_display);
    PdfDoc *doc = pdf_doc_new(_("Teamets resultatliste"), subtitle);
    if (json_array_size(rows) == 0)
      pdf_doc_paragraph(doc, _("Ingen borgere afsluttede en fase i måneden."));
    else
      download_pdf_table(doc, rows, results_columns, G_N_ELEMENTS(results_columns));
    json_decref(model);
    download_reply(reply, pdf_doc_finish(doc), "application/pdf", "resultatliste", "pdf");
    return;
  }
  reply_page(reply, 200, "team", model);
}

/* ---- The caseload per worker ----------------------------------------------- */

static const FieldSpec caseload_fields[] = {
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"unit", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Afdeling")},
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("html", "csv", "pdf"), N_("Format")},
};

static const DownloadColumn caseload_columns[] = {
  {"name", N_("Medarbejder")},
  {"citizens", N_("Borgere i forløb (kontaktperson)")},
  {"started", N_("Forløb begyndt")},
  {"ended", N_("Forløb afsluttet")},
  {"sessions", N_("Sessioner")},
  {"minutes", N_("Minutter")},
  {"measurements", N_("Målinger foretaget")},
};

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

static void
team_caseload(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autofree char *today = spor_date_today();
  g_autofree char *month_start = g_strdup_printf("%.7s-01", today);
  const char *from, *to;
  download_period(fields, month_start, today, &from, &to);
  g_autoptr(GError) error = NULL;
  json_t *units = store_team_units(req->db, req->user->id, &error);
  if (units == NULL) {
    reply_store_error(reply, error);
    return;
  }
  gint64 unit = chosen_unit(fields, units);
  json_t *model = page_model_new(_("Sagsbelastning pr. medarbejder"));
  json_object_set_new(model, "unit_options", unit_options(units, unit));
  json_object_set_new(model, "has_units", json_boolean(json_array_size(units) > 0));
  json_decref(units);
  download_period_model(model, fields, from, to);
  json_object_set_new(model, "unit", json_integer(unit));
  json_object_set_new(model, "unit_param", unit != 0 ? json_sprintf("%" G_GINT64_FORMAT, unit)
                                                     : json_string(""));
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "team_caseload", model, fields);
    return;
  }
  json_t *data = store_team_caseload(req->db, req->user->id, from, to, unit, &error);
  if (data == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  json_t *rows = json_array();
  g_autoptr(GHashTable) by_user = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(data, "key_workers"), i, r) {
    json_t *row = caseload_row(by_user, rows, json_integer_value(json_object_get(r, "user_id")),
                               json_object_get(r, "name"));
    const char *keys[] = {"citizens", "started", "ended"};
    for (gsize k = 0; k < G_N_ELEMENTS(keys); k++)
      json_object_set(row, keys[k], json_object_get(r, keys[k]));
  }
  json_array_foreach(json_object_get(data, "activity"), i, r) {
    json_t *row = caseload_row(by_user, rows, json_integer_value(json_object_get(r, "user_id")),
                               json_object_get(r, "name"));
    const char *keys[] = {"sessions", "minutes", "measurements"};
    for (gsize k = 0; k < G_N_ELEMENTS(keys); k++)
      json_object_set(row, keys[k], json_object_get(r, keys[k]));
  }
  json_decref(data);
  /* Workers by name, "no contact person" last. */
  gsize n = json_array_size(rows);
  json_t **sorted = g_new(json_t *, n + 1);
  for (gsize k = 0; k < n; k++)
    sorted[k] = json_array_get(rows, k);
  for (gsize a = 1; a < n; a++)
    for (gsize b = a; b > 0; b--) {
      json_t *x = sorted[b - 1], *y = sorted[b];
      gboolean x_none = json_integer_value(json_object_get(x, "user_id")) == 0;
      gboolean y_none = json_integer_value(json_object_get(y, "user_id")) == 0;
      int cmp = x_none != y_none ? (x_none ? 1 : -1)
        : g_utf8_collate(json_string_value(json_object_get(x, "name")),
                         json_string_value(json_object_get(y, "name")));
      if (cmp <= 0)
        break;
      sorted[b - 1] = y;
      sorted[b] = x;
    }
  /* A worker with nothing in the period is left out. */
  json_t *ordered = json_array();
  for (gsize k = 0; k < n; k++) {
    const char *keys[] = {"citizens", "started", "ended", "sessions", "minutes", "measurements"};
    gint64 sum = 0;
    for (gsize j = 0; j < G_N_ELEMENTS(keys); j++)
      sum += json_integer_value(json_object_get(sorted[k], keys[j]));
    if (sum > 0)
      json_array_append(ordered, sorted[k]);
  }
  g_free(sorted);
  json_decref(rows);
  n = json_array_size(ordered);
  json_object_set_new(model, "has_rows", json_boolean(n > 0));
  json_object_set_new(model, "rows", ordered);
  reply_audit(reply, 0, "team.caseload", NULL);

  const char *format = form_text(fields, "format");
  if (g_strcmp0(format, "csv") == 0) {
    GBytes *csv = download_csv(ordered, caseload_columns, G_N_ELEMENTS(caseload_columns));
    json_decref(model);
    download_reply(reply, csv, "text/csv; charset=utf-8", "sagsbelastning", "csv");
    return;
  }
  if (g_strcmp0(format, "pdf") == 0) {
    g_autofree char *subtitle = g_strdup_printf(_("Perioden %s – %s"),
      json_string_value(json_object_get(model, "from_display")),
      json_string_value(json_object_get(model, "to_display")));
    PdfDoc *doc = pdf_doc_new(_("Sagsbelastning pr. medarbejder"), subtitle);
    if (n == 0)
      pdf_doc_paragraph(doc, _("Ingen forløb eller aktiviteter i perioden."));
    else
      download_pdf_table(doc, ordered, caseload_columns, G_N_ELEMENTS(caseload_columns));
    json_decref(model);
    download_reply(reply, pdf_doc_finish(doc), "application/pdf", "sagsbelastning", "pdf");
    return;
  }
  reply_page(reply, 200, "team_caseload", model);
}

const Route pages_team_routes[] = {
  {"GET", "/team", team_results, CAP_CITIZEN_WRITE, results_fields, G_N_ELEMENTS(results_fields),
   0},
  {"GET", "/team/caseload", team_caseload, CAP_REPORT, caseload_fields,
   G_N_ELEMENTS(caseload_fields), 0},
};
const gsize pages_team_n_routes = G_N_ELEMENTS(pages_team_routes);
