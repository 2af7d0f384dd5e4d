/* team.c — the team's reports: the result list (/team: the citizens of the
 * team who finished a phase in a month, with their goals reached and the
 * change in the life areas over the phase) and the caseload per worker
 * (/team/caseload: citizens in course, courses started and ended, sessions
 * and measurements per worker in a period).  Rows are the actor's care
 * (store/team.h).  The result list names citizens, so each one named is
 * written to the audit log.  Both are reports of the report model
 * (domain/reports_team.h): a chart, the table and "Sådan læses
 * figuren" on the page, and CSV, XLSX and PDF (chart included) through
 * domain/report_export.h. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/report_export.h"
#include "domain/reports_team.h"
#include "http/app.h"
#include "pages/common.h"
#include "pages/download.h"
#include "pages/pages.h"
#include "render/chart.h"
#include "store/team.h"

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

/* The page (the report's fields beside the page's own, the chart as SVG),
 * or its file when format asks for one.  Takes model and report. */
static void
team_reply(HttpRequest *req, HttpReply *reply, json_t *model, json_t *report,
           const char *template_name)
{
  const char *format = form_text(req->fields, "format");
  if (format != NULL && strcmp(format, "html") != 0) {
    json_decref(model);
    download_report(reply, report, format);
    return;
  }
  json_t *section = json_array_get(json_object_get(report, "sections"), 0);
  json_t *chart = json_object_get(section, "chart");
  if (chart != NULL && !req->api) {
    g_autoptr(GError) error = NULL;
    char *svg = chart_svg(chart, &error);
    if (svg != NULL)
      reply_html_extra(reply, "chart_svg", svg);
    else
      g_warning("figuren kunne ikke tegnes: %s", error->message);
  }
  json_object_update(model, report);
  json_object_set_new(model, "title", json_string(json_string_value(json_object_get(report,
                                                                                    "title"))));
  json_object_set_new(model, "section", json_incref(section));
  json_decref(report);
  reply_page(reply, 200, template_name, model);
}

/* ---- The result list ------------------------------------------------------ */

static const FieldSpec results_fields[] = {
  {"month", FIELD_TEXT, FALSE, 7, 7, NULL, N_("Måned")},
  {"unit", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Afdeling")},
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("html", "csv", "xlsx", "pdf"), N_("Format")},
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
  ReportFilter f = {.from = first, .to = last, .k = http_app_config(req->app)->report_min_cell};
  g_autoptr(GArray) named = g_array_new(FALSE, FALSE, sizeof(gint64));
  json_t *report = report_team_build(req->db, req->user->id, report_find("team"), &f, unit, named,
                                     &error);
  if (report == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  /* Every citizen the list names is in the audit log. */
  for (guint i = 0; i < named->len; i++)
    reply_audit(reply, g_array_index(named, gint64, i), "team.results", month);
  g_autofree char *first_display = spor_date_iso_to_danish(first);
  g_autofree char *last_display = spor_date_iso_to_danish(last);
  json_object_set_new(model, "from_display", json_string(first_display));
  json_object_set_new(model, "to_display", json_string(last_display));
  json_object_set_new(model, "has_rows",
                      json_boolean(json_array_size(json_object_get(report, "rows")) > 0));
  team_reply(req, reply, model, report, "team");
}

/* ---- The caseload per worker ----------------------------------------------- */

static const FieldSpec caseload_fields[] = {
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"unit", FIELD_INT, FALSE, 1, G_MAXINT64, NULL, N_("Afdeling")},
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("html", "csv", "xlsx", "pdf"), N_("Format")},
};

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
  ReportFilter f = {.from = from, .to = to, .k = http_app_config(req->app)->report_min_cell};
  json_t *report = report_team_build(req->db, req->user->id, report_find("caseload"), &f, unit,
                                     NULL, &error);
  if (report == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  json_object_set_new(model, "has_rows",
                      json_boolean(json_array_size(json_object_get(report, "rows")) > 0));
  reply_audit(reply, 0, "team.caseload", NULL);
  team_reply(req, reply, model, report, "team_caseload");
}

const Route pages_team_routes[] = {
  {"GET", "/team", team_results, CAP_CITIZEN_WRITE, results_fields, G_N_ELEMENTS(results_fields),
   0},
  {"GET", "/team/caseload", team_caseload, CAP_REPORT, caseload_fields,
   G_N_ELEMENTS(caseload_fields), 0},
};
const gsize pages_team_n_routes = G_N_ELEMENTS(pages_team_routes);
