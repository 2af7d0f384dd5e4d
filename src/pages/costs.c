/* costs.c — what interventions cost: the offer's leader enters the cost of
 * an intervention per period (/interventions/{id}/costs), and the cost
 * report (/costs) gives, for each intervention in reach, the cost in a
 * period, per citizen-course and per point of improvement on the life
 * areas (domain/cost.h), built as a report of the report model
 * (domain/reports_team.h): counts under the configured k are hidden with
 * complementary suppression against the total.  The report names no
 * citizen; it is for leaders and analysts.  A chart, the table and "Sådan
 * læses figuren" on the page; CSV, XLSX and PDF (chart included). */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/cost.h"
#include "domain/report_export.h"
#include "domain/reports_team.h"
#include "http/app.h"
#include "pages/common.h"
#include "pages/download.h"
#include "pages/pages.h"
#include "render/chart.h"
#include "store/team.h"

/* ---- Entering costs ------------------------------------------------------ */

/* Sets key to the text, which is freed. */
static void
set_owned(json_t *object, const char *key, char *text)
{
  json_object_set_new(object, key, json_string(text));
  g_free(text);
}

static json_t *
entry_model(HttpRequest *req, gint64 id, GError **error)
{
  json_t *intervention = store_cost_list(req->db, req->user->id, id, error);
  if (intervention == NULL)
    return NULL;
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(intervention, "costs"), i, row) {
    page_add_date_display(row, "period_start");
    page_add_date_display(row, "period_end");
    set_owned(row, "amount_display", download_amount(json_object_get(row, "amount"), req->lang));
    json_object_set_new(row, "days", json_integer(cost_days(
      json_string_value(json_object_get(row, "period_start")),
      json_string_value(json_object_get(row, "period_end")))));
  }
  json_t *model = page_model_new(_("Omkostninger"));
  json_object_set_new(model, "has_costs",
                      json_boolean(json_array_size(json_object_get(intervention, "costs")) > 0));
  json_object_set_new(model, "intervention", intervention);
  return model;
}

static void
costs_entry_show(HttpRequest *req, HttpReply *reply)
{
  g_autoptr(GError) error = NULL;
  json_t *model = entry_model(req, http_request_param(req, "id"), &error);
  if (model == NULL) {
    reply_store_error(reply, error);
    return;
  }
  reply_page(reply, 200, "intervention_costs", model);
}

static const FieldSpec cost_fields[] = {
  {"period_start", FIELD_DATE, TRUE, 0, 0, NULL, N_("Periodens første dag")},
  {"period_end", FIELD_DATE, TRUE, 0, 0, NULL, N_("Periodens sidste dag")},
  {"amount", FIELD_REAL, TRUE, 0, 10000000000, NULL, N_("Beløb i kroner")},
  {"note", FIELD_TEXT, FALSE, 0, 500, NULL, N_("Hvad beløbet dækker")},
};

static void
costs_entry_add(HttpRequest *req, HttpReply *reply)
{
  gint64 id = http_request_param(req, "id");
  FormResult *fields = req->fields;
  g_autoptr(GError) error = NULL;
  StoreCostInput input = {
    .period_start = form_text(fields, "period_start"),
    .period_end = form_text(fields, "period_end"),
    .note = form_text(fields, "note"),
  };
  form_real(fields, "amount", &input.amount);
  if (input.period_start && input.period_end && strcmp(input.period_end, input.period_start) < 0)
    form_result_add_error(fields, "period_end", _("Perioden slutter, før den begynder."));
  gint64 cost_id = 0;
  gboolean replaced = FALSE;
  if (form_result_ok(fields)) {
    cost_id = store_cost_set(req->db, req->user->id, id, &input, &replaced, &error);
    if (cost_id == 0 && g_error_matches(error, STORE_ERROR, STORE_ERROR_CONFLICT)) {
      form_result_add_error(fields, "period_start",
                            _("Perioden deler dage med en periode, der allerede har en omkostning."
                              " Angiv præcis samme periode for at rette beløbet."));
      g_clear_error(&error);
    } else if (cost_id == 0) {
      reply_store_error(reply, error);
      return;
    }
  }
  if (!form_result_ok(fields)) {
    json_t *model = entry_model(req, id, &error);
    if (model == NULL)
      reply_store_error(reply, error);
    else
      reply_form_errors(reply, "intervention_costs", model, fields);
    return;
  }
  reply_audit(reply, 0, "cost.set", replaced ? "ret" : "ny");
  reply_set_model(reply, json_pack("{s:I, s:I, s:b}", "id", (json_int_t)cost_id,
                                   "intervention_id", (json_int_t)id, "replaced", replaced));
  g_autofree char *location = g_strdup_printf("/interventions/%" G_GINT64_FORMAT "/costs", id);
  reply_redirect(reply, location, !replaced);
}

/* ---- The cost report ------------------------------------------------------ */

static const FieldSpec report_fields[] = {
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("html", "csv", "xlsx", "pdf"), N_("Format")},
};

/* The first of January of this year and today. */
static void
default_period(char **out_from, char **out_to)
{
  *out_to = spor_date_today();
  *out_from = g_strdup_printf("%.4s-01-01", *out_to);
}

static void
costs_report(HttpRequest *req, HttpReply *reply)
{
  FormResult *fields = req->fields;
  g_autofree char *default_from = NULL, *default_to = NULL;
  default_period(&default_from, &default_to);
  const char *from, *to;
  download_period(fields, default_from, default_to, &from, &to);
  json_t *model = page_model_new(_("Omkostninger pr. indsats"));
  download_period_model(model, fields, from, to);
  guint k = http_app_config(req->app)->report_min_cell;
  json_object_set_new(model, "k", json_integer(k));
  json_object_set_new(model, "can_enter", json_boolean(req->capabilities & CAP_PLAN_WRITE));
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "costs", model, fields);
    return;
  }
  g_autoptr(GError) error = NULL;
  ReportFilter f = {.from = from, .to = to, .k = k};
  json_t *report = report_team_build(req->db, req->user->id, report_find("costs"), &f, 0, NULL,
                                     &error);
  if (report == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  json_object_set_new(model, "has_rows",
                      json_boolean(json_array_size(json_object_get(report, "rows")) > 0));
  reply_audit(reply, 0, "cost.report", NULL);
  const char *format = form_text(fields, "format");
  if (format != NULL && strcmp(format, "html") != 0) {
    json_decref(model);
    download_report(reply, report, format);
    return;
  }
  json_t *section = json_array_get(json_object_get(report, "sections"), 0);
  json_t *chart = json_object_get(section, "chart");
  if (chart != NULL && !req->api) {
    char *svg = chart_svg(chart, &error);
    if (svg != NULL)
      reply_html_extra(reply, "chart_svg", svg);
    else
      g_warning("figuren kunne ikke tegnes: %s", error->message);
  }
  json_object_update(model, report);
  json_object_set_new(model, "title", json_string(_("Omkostninger pr. indsats")));
  json_object_set_new(model, "section", json_incref(section));
  json_decref(report);
  reply_page(reply, 200, "costs", model);
}

const Route pages_costs_routes[] = {
  {"GET", "/costs", costs_report, CAP_REPORT, report_fields, G_N_ELEMENTS(report_fields), 0},
  {"GET", "/interventions/{id}/costs", costs_entry_show, CAP_PLAN_WRITE, NULL, 0, 0},
  {"POST", "/interventions/{id}/costs", costs_entry_add, CAP_PLAN_WRITE, cost_fields,
   G_N_ELEMENTS(cost_fields), 0},
};
const gsize pages_costs_n_routes = G_N_ELEMENTS(pages_costs_routes);
