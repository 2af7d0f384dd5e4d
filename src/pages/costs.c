/* costs.c — what interventions cost: the offer's leader enters the cost of
 * an intervention per period (/interventions/{id}/costs), and the cost
 * report (/costs) gives, for each intervention in reach, the cost in a
 * period, per citizen-course and per point of improvement on the life
 * areas, with small numbers withheld (domain/cost.h).  The report names no
 * citizen; it is for leaders and analysts.  Downloads as CSV and PDF. */
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "domain/cost.h"
#include "pages/citizen_chart.h"
#include "pages/common.h"
#include "pages/download.h"
#include "pages/pages.h"
#include "render/pdf_doc.h"
#include "store/team.h"

/* Courses under this many withhold the figures resting on them. */
#define COST_K 5

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

static const DownloadColumn report_columns[] = {
  {"offer_name", N_("Tilbud")},
  {"name", N_("Indsats")},
  {"cost", N_("Omkostning i perioden (kr.)")},
  {"cost_days", N_("Dage med omkostning")},
  {"courses", N_("Borgerforløb")},
  {"cost_per_course", N_("Omkostning pr. borgerforløb (kr.)")},
  {"measured_courses", N_("Forløb målt to gange")},
  {"improvement", N_("Point forbedring i alt")},
  {"cost_per_point", N_("Omkostning pr. point forbedring (kr.)")},
};

/* The same columns as people read them (PDF, page). */
static const DownloadColumn report_display_columns[] = {
  {"offer_name", N_("Tilbud")},
  {"name", N_("Indsats")},
  {"cost_display", N_("Omkostning")},
  {"courses_display", N_("Borgerforløb")},
  {"cost_per_course_display", N_("Pr. borgerforløb")},
  {"improvement_display", N_("Point forbedring")},
  {"cost_per_point_display", N_("Pr. point forbedring")},
};

static const FieldSpec report_fields[] = {
  {"from", FIELD_DATE, FALSE, 0, 0, NULL, N_("Fra dato")},
  {"to", FIELD_DATE, FALSE, 0, 0, NULL, N_("Til og med dato")},
  {"format", FIELD_CHOICE, FALSE, 0, 0, PAGE_CODES("html", "csv", "pdf"), N_("Format")},
};

static void
decorate_report_rows(json_t *rows, SporLang lang)
{
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    set_owned(row, "cost_display", download_amount(json_object_get(row, "cost"), lang));
    set_owned(row, "cost_per_course_display",
              download_amount(json_object_get(row, "cost_per_course"), lang));
    set_owned(row, "cost_per_point_display",
              download_amount(json_object_get(row, "cost_per_point"), lang));
    set_owned(row, "improvement_display",
              download_decimal(json_object_get(row, "improvement"), lang));
    const json_t *courses = json_object_get(row, "courses");
    set_owned(row, "courses_display",
              json_is_integer(courses)
                ? g_strdup_printf("%" JSON_INTEGER_FORMAT, json_integer_value(courses))
                : g_strdup_printf(_("under %d"), COST_K));
    if (json_is_null(json_object_get(row, "improvement")))
      set_owned(row, "improvement_display", g_strdup_printf(_("færre end %d målt"), COST_K));
  }
}

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
  json_object_set_new(model, "k", json_integer(COST_K));
  if (!form_result_ok(fields)) {
    reply_form_errors(reply, "costs", model, fields);
    return;
  }
  g_autoptr(GError) error = NULL;
  json_t *data = store_cost_report_data(req->db, req->user->id, from, to,
                                        CITIZEN_CHART_INSTRUMENT, &error);
  if (data == NULL) {
    json_decref(model);
    reply_store_error(reply, error);
    return;
  }
  json_t *rows = cost_report_rows(data, from, to, COST_K);
  json_decref(data);
  decorate_report_rows(rows, req->lang);
  gboolean any_cost = FALSE, any_suppressed = FALSE;
  double total = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (json_is_number(json_object_get(row, "cost"))) {
      any_cost = TRUE;
      total += json_number_value(json_object_get(row, "cost"));
    }
    any_suppressed = any_suppressed || json_is_true(json_object_get(row, "suppressed"));
  }
  json_t *total_value = any_cost ? json_real(total) : json_null();
  set_owned(model, "total_display", download_amount(total_value, req->lang));
  json_object_set_new(model, "total", total_value);
  json_object_set_new(model, "has_rows", json_boolean(json_array_size(rows) > 0));
  json_object_set_new(model, "has_cost", json_boolean(any_cost));
  json_object_set_new(model, "any_suppressed", json_boolean(any_suppressed));
  json_object_set_new(model, "can_enter", json_boolean(req->capabilities & CAP_PLAN_WRITE));
  json_object_set_new(model, "rows", rows);
  reply_audit(reply, 0, "cost.report", NULL);

  const char *format = form_text(fields, "format");
  if (g_strcmp0(format, "csv") == 0) {
    GBytes *csv = download_csv(rows, report_columns, G_N_ELEMENTS(report_columns));
    json_decref(model);
    download_reply(reply, csv, "text/csv; charset=utf-8", "omkostninger", "csv");
    return;
  }
  if (g_strcmp0(format, "pdf") == 0) {
    g_autofree char *today = spor_date_today();
    g_autofree char *printed = spor_date_iso_to_danish(today);
    g_autofree char *subtitle = g_strdup_printf(
      _("Perioden %s – %s. Udskrevet %s."),
      json_string_value(json_object_get(model, "from_display")),
      json_string_value(json_object_get(model, "to_display")), printed);
    PdfDoc *doc = pdf_doc_new(_("Omkostninger pr. indsats"), subtitle);
    if (json_array_size(rows) == 0) {
      pdf_doc_paragraph(doc, _("Der er ingen indsatser at vise."));
    } else {
      download_pdf_table(doc, rows, report_display_columns, G_N_ELEMENTS(report_display_columns));
      g_autofree char *line = g_strdup_printf(_("Omkostninger i alt: %s"),
        json_string_value(json_object_get(model, "total_display")));
      pdf_doc_paragraph(doc, line);
    }
    pdf_doc_heading(doc, _("Sådan læses tallene"));
    pdf_doc_paragraph(doc, _("Et beløb for en periode fordeles ligeligt på periodens dage, så "
                             "rapportens periode får sin andel. Et borgerforløb tæller med, når "
                             "det løber mindst én dag i perioden. Forbedringen er ændringen i "
                             "gennemsnittet af livsområderne (0–4, lavere er bedre) fra forløbets "
                             "første til sidste godkendte måling i perioden, lagt sammen for "
                             "forløbene. Tal, der bygger på færre end 5 forløb, vises ikke."));
    json_decref(model);
    download_reply(reply, pdf_doc_finish(doc), "application/pdf", "omkostninger", "pdf");
    return;
  }
  reply_page(reply, 200, "costs", model);
}

const Route pages_costs_routes[] = {
  {"GET", "/costs", costs_report, CAP_REPORT, report_fields, G_N_ELEMENTS(report_fields), 0},
  {"GET", "/interventions/{id}/costs", costs_entry_show, CAP_PLAN_WRITE, NULL, 0, 0},
  {"POST", "/interventions/{id}/costs", costs_entry_add, CAP_PLAN_WRITE, cost_fields,
   G_N_ELEMENTS(cost_fields), 0},
};
const gsize pages_costs_n_routes = G_N_ELEMENTS(pages_costs_routes);
